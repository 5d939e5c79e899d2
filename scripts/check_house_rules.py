"""House rules that tools carry (STYLE.md): no status assigned outside a workflow module, and no
ORM write in a view or an API module. Prints each breach with its place and exits non-zero.

A line may carry ``# house-rules: allow <why>`` where a rule truly does not apply.
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent / "congvu"
WRITE_CALLS = {
    "save",
    "delete",
    "create",
    "update",
    "bulk_create",
    "bulk_update",
    "get_or_create",
    "update_or_create",
}


def is_workflow_module(path: Path) -> bool:
    return path.name == "workflow.py" or path.name.endswith("_workflow.py")


def is_view_module(path: Path) -> bool:
    """The adapters: screens (views) and the API. Neither writes to the database itself."""
    return path.name.startswith(("views", "api")) or path.parent.name == "views"


def allowed(lines: list[str], lineno: int) -> bool:
    return "house-rules: allow" in lines[lineno - 1]


def check(path: Path) -> list[str]:
    text = path.read_text(encoding="utf-8")
    lines = text.splitlines()
    tree = ast.parse(text, filename=str(path))
    problems: list[str] = []
    rel = path.relative_to(ROOT.parent)
    for node in ast.walk(tree):
        if not is_workflow_module(path):
            if isinstance(node, ast.Assign | ast.AugAssign | ast.AnnAssign):
                targets = node.targets if isinstance(node, ast.Assign) else [node.target]
                for target in targets:
                    if (
                        isinstance(target, ast.Attribute)
                        and target.attr == "status"
                        and not allowed(lines, node.lineno)
                    ):
                        problems.append(f"{rel}:{node.lineno}: status assigned outside a workflow module")
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr == "update"
                and any(k.arg == "status" for k in node.keywords)
                and not allowed(lines, node.lineno)
            ):
                problems.append(f"{rel}:{node.lineno}: status updated outside a workflow module")
        if is_view_module(path) and isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            if node.func.attr in WRITE_CALLS and not allowed(lines, node.lineno):
                owner = ast.unparse(node.func.value)
                if owner.endswith(("session", "messages", "cache", "router", "api")):
                    continue  # the session, messages, caches; a router's @router.delete
                queryset_like = "objects" in owner or "filter(" in owner or owner.endswith("_set")
                if node.func.attr not in {"save", "delete"} and not queryset_like:
                    continue  # dict.update(), list building: not the ORM
                problems.append(
                    f"{rel}:{node.lineno}: ORM write `{ast.unparse(node.func)}` in a view; call a service"
                )
    return problems


def main() -> int:
    problems: list[str] = []
    for path in sorted(ROOT.rglob("*.py")):
        if "migrations" in path.parts or "management" in path.parts:
            continue
        problems.extend(check(path))
    for problem in problems:
        print(problem)
    if problems:
        print(f"{len(problems)} house-rule breach(es).")
        return 1
    print("House rules: ok.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
