"""The layout the tools carry (STYLE.md, Layout), read from the imports of every module:

- dependencies point one way: portal/synthetic → domain modules → notifications, catalogues →
  org, accounts → core; core imports no domain app, and no domain app imports portal or synthetic;
- no import circles between modules (imports inside functions count: a circle hidden in a
  function is still a circle);
- a feature package holds only the known file names.

Prints each breach and exits non-zero.
"""

from __future__ import annotations

import ast
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "congvu"

# The layer of each app; an app may import its own layer and the ones below.
LAYERS: dict[str, int] = {
    "core": 0,
    "formats": 0,
    # Notifications keep no rule of their own and import nothing above core, so the organisation
    # and accounts may tell people things (a delegation approved, an account request returned).
    "notifications": 1,
    "org": 1,
    "accounts": 1,
    "catalogues": 2,
    "assignments": 3,
    "documents": 3,
    "directives": 3,
    "scoring": 3,
    "collaboration": 3,
    "exchange": 3,
    "portal": 4,
    "synthetic": 4,
}
ENTRY_POINTS = {"settings", "urls", "api", "wsgi", "asgi", "__main__", "testing_env", "__init__"}

# What a feature package may hold (STYLE: "a feature is a package with the same files").
FEATURE_FILES = {
    "__init__.py", "models.py", "workflow.py", "policies.py", "services.py", "selectors.py",
    "forms.py", "views.py", "api.py", "exports.py", "jobs.py",
}  # fmt: skip
# What an app holds besides its feature packages: Django's own files and the app's shared pieces.
APP_FILES = FEATURE_FILES | {
    "apps.py", "admin.py", "urls.py", "tests.py", "middleware.py", "backends.py", "context_processors.py",
    "tree.py",  # org: the tree, known once
}  # fmt: skip
APP_DIRS = {"migrations", "management", "templates", "static", "templatetags", "locale", "__pycache__"}
# Modules with a rule of their own, named after what they hold (no grab-bags).
EXTRA_FILES = {
    "accounts/login_names.py": "the login-name rules of standards §5",
    "accounts/passwords.py": "the password validators named in settings",
    "catalogues/registry.py": "the table of the five catalogues",
    "synthetic/demo.py": "the demo province",
    "synthetic/demo_work.py": "the demo province's work, given through the services",
    "synthetic/province.py": "the generated province",
    "synthetic/assignments.py": "the generated work items",
    "synthetic/directives.py": "the generated directives and their tasks",
    "synthetic/demo_directives.py": "the demo province's directives, entered through the services",
    "synthetic/demo_scoring.py": "the demo province's scoring period, given through the services",
    "synthetic/scoring.py": "the generated scoring period (benchmarks)",
    "scoring/rules.py": "the arithmetic of the PAR index (standards §6.3, R-PAR-1..R-PAR-6)",
    "scoring/sample.py": "the sample criteria tree of standards §6.3",
    "documents/numbering.py": "numbers and notations of documents (Nghị định 30/2020 Điều 15, Phụ lục I)",
    "documents/exchange.py": "the one interface documents leave and arrive through (internal delivery; edXML later)",
    "documents/signing/signers.py": "the signer interface and its PKCS#12 signer (a token or remote service later)",
    "synthetic/documents.py": "the generated documents (benchmarks)",
    "synthetic/demo_documents.py": "the demo province's documents, in every state",
    "synthetic/demo_collaboration.py": "the demo province's calendar, messages, announcements, consultation, chat",
    "synthetic/collaboration.py": "the generated calendars and chat conversations (benchmarks)",
    "collaboration/sms/gateways.py": "the SMS gateway interface, its logging gateway, SMS parts and phone numbers",
}


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


def modules() -> dict[str, Path]:
    found = {}
    for path in PACKAGE.rglob("*.py"):
        if "migrations" in path.parts:
            continue
        found[module_name(path)] = path
    return found


def imports_of(path: Path, known: dict[str, Path]) -> set[str]:
    """Every congvu module this file imports, at the top or inside a function."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith("congvu."):
                    found.add(_existing(alias.name, known))
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            if not node.module.startswith("congvu"):
                continue
            for alias in node.names:
                candidate = f"{node.module}.{alias.name}"
                found.add(candidate if candidate in known else _existing(node.module, known))
    found.discard("congvu")
    return found


def _existing(name: str, known: dict[str, Path]) -> str:
    while name not in known and "." in name:
        name = name.rsplit(".", 1)[0]
    return name


def app_of(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else ""


def layer_breaches(graph: dict[str, set[str]]) -> list[str]:
    problems = []
    for module, targets in sorted(graph.items()):
        source = app_of(module)
        if source in ENTRY_POINTS or source not in LAYERS:
            continue
        for target in sorted(targets):
            dest = app_of(target)
            if dest in ENTRY_POINTS:
                if dest not in {"__init__"}:
                    problems.append(f"{module} imports the entry point {target}")
                continue
            if dest not in LAYERS:
                problems.append(f"{module} imports {target}, an app with no layer in check_layout.py")
            elif LAYERS[dest] > LAYERS[source]:
                problems.append(f"{module} (layer {LAYERS[source]}) imports {target} (layer {LAYERS[dest]})")
    return problems


def circles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    counter = [0]

    def visit(node: str) -> None:
        index[node] = low[node] = counter[0]
        counter[0] += 1
        stack.append(node)
        on_stack.add(node)
        for target in graph.get(node, ()):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    sys.setrecursionlimit(10000)
    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def layout_breaches() -> list[str]:
    problems = []
    for app_dir in sorted(p for p in PACKAGE.iterdir() if p.is_dir() and (p / "__init__.py").exists()):
        app = app_dir.name
        if app in {"formats", "locale", "templates", "static", "core"}:
            continue  # core is the library, named module by module; formats is Django's
        for entry in sorted(app_dir.iterdir()):
            rel = f"{app}/{entry.name}"
            if entry.is_dir():
                if entry.name in APP_DIRS:
                    continue
                if not (entry / "__init__.py").exists():
                    problems.append(f"congvu/{rel}/ is neither a feature package nor a known folder")
                    continue
                for inner in sorted(entry.iterdir()):
                    if inner.name == "__pycache__":
                        continue
                    if inner.is_dir() or (
                        inner.name not in FEATURE_FILES and f"{rel}/{inner.name}" not in EXTRA_FILES
                    ):
                        problems.append(
                            f"congvu/{rel}/{inner.name}: a feature package holds only {sorted(FEATURE_FILES)}"
                        )
            elif entry.suffix == ".py" and entry.name not in APP_FILES and rel not in EXTRA_FILES:
                problems.append(f"congvu/{rel}: not a known file name (a feature goes in its own package)")
    return problems


def main() -> int:
    known = modules()
    graph: dict[str, set[str]] = defaultdict(set)
    for name, path in known.items():
        graph[name] = imports_of(path, known) - {name}
    problems = layer_breaches(graph)
    problems += [f"import circle: {' → '.join(c)}" for c in circles(graph)]
    problems += layout_breaches()
    for problem in problems:
        print(problem)
    if problems:
        print(f"{len(problems)} layout breach(es).")
        return 1
    print(f"Layout: ok ({len(known)} modules, one-way dependencies, no circles).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
