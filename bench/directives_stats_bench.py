"""How fast the DIR-6 statistics answer on PostgreSQL with 200,000 directive tasks.

Goals (issue #10): a quarter ≤ 100 ms, a year ≤ 300 ms for ``selectors.statistics`` (the report's
figures per lead agency and per leader, with the names).

    python bench/directives_stats_bench.py --database-url postgres://postgres@127.0.0.1:5432/congvu_stats_bench

The database named is dropped and recreated (``postgres``, ``template0`` and ``template1`` are
refused); ``--reuse`` keeps it. Measured on a 2-core machine: quarter ~56 ms, year ~96 ms
(4,000 directives over 2025–2026, 30 lead agencies, two leaders).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import sys
import time
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--tasks", type=int, default=200_000)
    parser.add_argument("--reuse", action="store_true")
    args = parser.parse_args()
    url = urlparse(args.database_url)
    name = url.path.lstrip("/")
    if name in {"postgres", "template0", "template1", ""}:
        sys.exit(f"Refusing to drop the database {name!r}: name another one.")
    if not args.reuse:
        import psycopg

        admin = url._replace(path="/postgres").geturl()
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
            conn.execute(f'CREATE DATABASE "{name}"')
    os.environ["DATABASE_URL"] = args.database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "congvu.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone

    from congvu.directives.models import Directive, DirectiveTask
    from congvu.directives.stats import selectors
    from congvu.org.models import Unit
    from tests.conftest import build_province

    call_command("migrate", verbosity=0)
    if not DirectiveTask.objects.exists():
        p = build_province()
        tinh = p.units.tinh
        leads = []
        for i in range(30):
            u = Unit.objects.create(
                name=f"Sở {i}", short_name=f"S{i}", parent=tinh, kind="department", depth=1
            )
            u.path = u.path_for_self()
            Unit.objects.filter(pk=u.pk).update(path=u.path)
            leads.append(u)
        signers = [p.chu_tich, p.pho_chu_tich]
        rnd = random.Random(1)
        directives = []
        for i in range(4000):
            day = dt.date(2025, 1, 1) + dt.timedelta(days=rnd.randrange(730))
            directives.append(
                Directive(
                    agency=tinh,
                    number=f"{i}/UBND",
                    subject="Chỉ đạo",
                    issued_on=day,
                    signer=rnd.choice(signers),
                    entered_by=p.theo_doi,
                    entry_due=day,
                    status="published",
                )
            )
        Directive.objects.bulk_create(directives, batch_size=2000)
        statuses = ["new", "in_progress", "done", "done", "reported", "cancelled"]
        now = timezone.now()
        tasks = []
        for i in range(args.tasks):
            d = directives[i % len(directives)]
            lead = rnd.choice(leads)
            status = rnd.choice(statuses)
            deadline = d.issued_on + dt.timedelta(days=rnd.randrange(10, 120))
            tasks.append(
                DirectiveTask(
                    directive=d,
                    content="Nhiệm vụ",
                    lead_unit=lead,
                    lead_path=lead.path,
                    monitor=p.theo_doi,
                    deadline=deadline,
                    status=status,
                    agency=tinh,
                    signer=d.signer,
                    issued_on=d.issued_on,
                    first_reported_at=None if status == "new" else now,
                    completed_on=deadline + dt.timedelta(days=rnd.randrange(-10, 10))
                    if status == "done"
                    else None,
                )
            )
        DirectiveTask.objects.bulk_create(tasks, batch_size=5000)
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    tinh = Unit.objects.get(parent=None, kind="agency")
    for label, start, end, goal in (
        ("quarter", dt.date(2026, 4, 1), dt.date(2026, 6, 30), 100),
        ("year", dt.date(2026, 1, 1), dt.date(2026, 12, 31), 300),
    ):
        selectors.statistics(agency=tinh, start=start, end=end)
        times = []
        for _ in range(7):
            t = time.perf_counter()
            stats = selectors.statistics(agency=tinh, start=start, end=end)
            times.append((time.perf_counter() - t) * 1000)
        median = sorted(times)[len(times) // 2]
        verdict = "ok" if median <= goal else "OVER"
        print(f"{label:8} {stats.totals.total:7} tasks  median {median:6.1f} ms  goal {goal} ms  {verdict}")


if __name__ == "__main__":
    main()
