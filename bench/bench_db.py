"""What the in-process benchmarks share: (re)creating their database, running the product's
commands against it, setting Django up on it, and timing calls.

    from bench_db import generate_province, percentile, recreate, setup_django, timed
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]


def percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    k = max(0, min(len(ordered) - 1, round(pct / 100 * (len(ordered) - 1))))
    return ordered[k]


def p50_p95(samples: list[float]) -> tuple[float, float]:
    return statistics.median(samples), percentile(samples, 95)


def timed(calls: int, fn: Callable[[], Any]) -> tuple[list[float], Any]:
    """``calls`` timed calls of ``fn`` in ms, after one warm-up (plans, caches, templates), and the
    last call's result."""
    result = fn()
    out: list[float] = []
    for _ in range(calls):
        started = time.perf_counter()
        result = fn()
        out.append((time.perf_counter() - started) * 1000)
    return out, result


def command_env(url: str) -> dict[str, str]:
    path = os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]).rstrip(os.pathsep)
    return {
        **os.environ, "DATABASE_URL": url, "CONGVU_TESTING": "0", "PYTHONPATH": path,
        "DJANGO_SETTINGS_MODULE": "congvu.settings",
    }  # fmt: skip


def manage(url: str, *args: str) -> None:
    """``congvu <args>`` against the database at ``url``."""
    subprocess.run([sys.executable, "-m", "congvu", *args], env=command_env(url), check=True, cwd=ROOT)  # noqa: S603


def recreate(url: str) -> None:
    """An empty, migrated database at ``url``: a SQLite file is deleted, a PostgreSQL database is
    dropped and created (never ``postgres`` or a template)."""
    if url.startswith("sqlite:///"):
        path = Path(url.removeprefix("sqlite:///"))
        path.parent.mkdir(parents=True, exist_ok=True)
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
    else:
        name = url.rsplit("/", 1)[1]
        if name in {"postgres", "template0", "template1"}:
            sys.exit(f"refusing to drop the database {name!r}")
        base = url.rsplit("/", 1)[0] + "/postgres"
        subprocess.run(["psql", base, "-qc", f'DROP DATABASE IF EXISTS "{name}"'], check=True)  # noqa: S603, S607
        subprocess.run(["psql", base, "-qc", f'CREATE DATABASE "{name}"'], check=True)  # noqa: S603, S607
    manage(url, "migrate", "--noinput", "-v0")


def generate_province(url: str, *, units: int, users: int, documents: int = 0) -> None:
    """A fresh database at ``url`` holding a generated province (no work items, no directives)."""
    recreate(url)
    manage(
        url, "generate_province", "--units", str(units), "--users", str(users), "--items", "0",
        "--directives", "0", "--documents", str(documents), "--quiet",
    )  # fmt: skip


def setup_django(url: str, *, with_ceiling: bool = False) -> None:
    """Django in this process on ``url``; static files by their plain names (nothing collected).
    ``with_ceiling`` mounts ``/bench/ceiling/`` (``bench_settings``)."""
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("CONGVU_TESTING", "0")
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench_settings" if with_ceiling else "congvu.settings"
    bench = str(Path(__file__).resolve().parent)
    if bench not in sys.path:
        sys.path.insert(0, bench)
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.conf import settings
    from django.test.utils import override_settings

    storages = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    override_settings(STORAGES=storages).enable()
