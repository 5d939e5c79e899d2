"""Calls raced at the same instant, each on its own database connection (PostgreSQL's row locks,
SQLite's one writer): what each one gave, or the exception it raised, in the order given."""

from __future__ import annotations

import threading
from collections.abc import Callable

from django.db import connection


def race(*calls: Callable[[], object], start_within: float = 10, finish_within: float = 60) -> list[object]:
    barrier = threading.Barrier(len(calls))
    results: list[object] = [None] * len(calls)

    def run(i: int, call: Callable[[], object]) -> None:
        try:
            barrier.wait(timeout=start_within)
            results[i] = call()
        except Exception as exc:  # noqa: BLE001 - the test inspects it
            results[i] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, call)) for i, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=finish_within)
    return results
