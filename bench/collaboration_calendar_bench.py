"""The agency's weekly calendar page (COL-1), measured against a bare ceiling in the same run.

    uv run python bench/collaboration_calendar_bench.py [--database-url sqlite:///var/bench-calendar.sqlite3]
        [--generate] [--units 60 --users 600] [--calls 60] [--rounds 3]
        [--redis-url redis://127.0.0.1:6379/4]

1. With ``--generate`` (or when the database has no generated province): (re)creates the database
   (a SQLite file is deleted; a PostgreSQL database is dropped and created), migrates it, runs
   ``congvu generate_province --items 0 --directives 0 --documents 0`` and then
   ``congvu.synthetic.collaboration.generate_calendar``: a year (52 weeks) of calendar for every
   agency of the province — its weekly calendar, every week published, and each leader's calendar,
   about 15 entries a week each.
2. Picks the province's own agency (UBND tỉnh, the root) and two people: a keeper of its weekly
   calendar (the head of its office) and a reader (a leader of the agency, or anyone of it).
3. Each round (the load average printed first), interleaved so that a noisy neighbour slows both
   alike: ``--calls`` sequential requests through Django's test client, in-process — the whole
   request path, middleware, session, the page's queries and its template — of
   - the ceiling: ``/bench/ceiling/`` (``bench/ceiling_urls.py``: signed in, one query, 50 rows);
   - for reference, a list page of the product with the same layout: "Việc của tôi" (/cong-viec/);
   - the agency's weekly calendar ``/phoi-hop/lich-cong-tac/?lich=<id>`` as the keeper and as the
     reader (this week: ≈15 entries with their hosts and participants), as a person looks again at
     a week no one changed since (the page kept for them, ``congvu.core.personal``, in the shared
     cache a cluster has: Redis, ``--redis-url``);
   - the same page as the reader right after a keeper wrote (each call follows, untimed, what any
     calendar write does: ``services.calendar_changed()``), drawn afresh.
4. Prints per round the min/p50/p95 ms of each and the ratio of each p50 to the ceiling's, and the
   verdict against the goal: the weekly calendar's p95 ≤ 25 ms.

A script, not a test: it exits 0 once it has measured.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path.insert(0, str(BENCH))

from bench_db import generate_province, percentile, setup_django, timed  # noqa: E402

GOAL_P95_MS = 25.0
DEFAULT_URL = f"sqlite:///{ROOT / 'var' / 'bench-calendar.sqlite3'}"  # /var/ is not kept in git


def fill_calendar() -> int:
    from congvu.synthetic.collaboration import generate_calendar

    started = time.perf_counter()
    written = generate_calendar(seed=1)
    if written:
        print(f"generate_calendar: {written:,} entries in {time.perf_counter() - started:.1f} s")
    return written


def people() -> tuple[Any, Any, Any]:
    from congvu.collaboration.calendar.models import WorkCalendar
    from congvu.org import tree
    from congvu.org.models import Membership, Position, Unit
    from congvu.synthetic import province

    root = province.generated_root()
    if root is None:
        sys.exit("no generated province in this database (run with --generate)")
    calendar = WorkCalendar.objects.filter(kind=WorkCalendar.Kind.AGENCY, unit=root).first()
    if calendar is None:
        sys.exit("no calendar in this database (run with --generate)")
    office = Unit.objects.filter(parent=root, is_office=True).first()
    keeper = tree.head_of(office) if office else None
    reader_post = (
        Membership.objects.current()
        .filter(unit=root, position__level=Position.Level.DEPUTY)
        .select_related("user")
        .first()
    )
    if keeper is None or reader_post is None:
        sys.exit("the generated province has no office head or deputy leader")
    return calendar, keeper, reader_post.user


def drawn_afresh(calls: int, fn: Callable[[], Any], before: Callable[[], Any]) -> list[float]:
    """``calls`` timed calls of ``fn``, each after an untimed ``before()``."""
    out: list[float] = []
    for _ in range(calls):
        before()
        started = time.perf_counter()
        fn()
        out.append((time.perf_counter() - started) * 1000)
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default=DEFAULT_URL)
    parser.add_argument("--generate", action="store_true")
    parser.add_argument("--units", type=int, default=60)
    parser.add_argument("--users", type=int, default=600)
    parser.add_argument("--calls", type=int, default=60)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument(
        "--redis-url",
        default="redis://127.0.0.1:6379/4",
        help="the shared cache, as a cluster has it ('' for the process's own, which keeps no page)",
    )
    args = parser.parse_args()
    os.environ["CONGVU_REDIS_URL"] = args.redis_url

    sqlite_missing = (
        args.database_url.startswith("sqlite:///")
        and not Path(args.database_url.removeprefix("sqlite:///")).exists()
    )
    if args.generate or sqlite_missing:
        started = time.perf_counter()
        generate_province(args.database_url, units=args.units, users=args.users)
        print(
            f"province generated ({args.units} units, {args.users} people) in {time.perf_counter() - started:.1f} s"
        )
    setup_django(args.database_url, with_ceiling=True)
    fill_calendar()

    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.utils import timezone

    from congvu.collaboration.calendar import services
    from congvu.collaboration.calendar.models import CalendarEntry

    calendar, keeper, reader = people()
    host = (settings.ALLOWED_HOSTS or ["localhost"])[0].lstrip(".") or "localhost"
    if host == "*":
        host = "localhost"
    clients = {}
    for label, person in (("keeper", keeper), ("reader", reader)):
        client = Client(HTTP_HOST=host)
        client.force_login(person, backend="congvu.accounts.backends.LocalPasswordBackend")
        clients[label] = client
    today = timezone.localdate()
    monday = today - __import__("datetime").timedelta(days=today.weekday())
    this_week = CalendarEntry.objects.filter(
        calendar=calendar, day__gte=monday, day__lt=monday + __import__("datetime").timedelta(days=7)
    ).count()
    print(
        f"database: {connection.vendor}; calendar: {calendar.name} (#{calendar.pk}), "
        f"{CalendarEntry.objects.count():,} entries in all, {this_week} this week; "
        f"keeper {keeper.username}, reader {reader.username}"
    )
    page = f"/phoi-hop/lich-cong-tac/?lich={calendar.pk}"
    checks = {
        "ceiling": (clients["reader"], "/bench/ceiling/"),
        "reference: /cong-viec/": (clients["reader"], "/cong-viec/"),
        "weekly calendar (keeper)": (clients["keeper"], page),
        "weekly calendar (reader)": (clients["reader"], page),
        "… (reader), drawn afresh": (clients["reader"], page),
    }
    afresh = "… (reader), drawn afresh"
    print(
        f"cache: {settings.CACHES['default']['BACKEND'].rsplit('.', 1)[-1]}, pages kept {settings.HOME_CACHE_SECONDS} s"
    )
    for label, (client, path) in checks.items():
        response = client.get(path)
        if response.status_code != 200:
            sys.exit(f"{label}: {path} answered {response.status_code}")
    results: dict[str, list[tuple[float, float]]] = {label: [] for label in checks}
    for round_no in range(1, args.rounds + 1):
        load = os.getloadavg()
        print(f"\nround {round_no}: load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")
        ceiling_p50 = None
        for label, (client, path) in checks.items():
            if label == afresh:
                samples = drawn_afresh(
                    args.calls, lambda c=client, p=path: c.get(p), services.calendar_changed
                )
            else:
                samples, _response = timed(args.calls, lambda c=client, p=path: c.get(p))
            p50, p95 = statistics.median(samples), percentile(samples, 95)
            results[label].append((p50, p95))
            if label == "ceiling":
                ceiling_p50 = p50
            ratio = f"  ×{p50 / ceiling_p50:.2f} of the ceiling" if ceiling_p50 and label != "ceiling" else ""
            print(f"  {label:<26} min {min(samples):6.2f}  p50 {p50:6.2f} ms  p95 {p95:6.2f} ms{ratio}")
    print("\nverdict (goal: weekly calendar p95 ≤ 25 ms):")
    for label in checks:
        if label == "ceiling" or label.startswith("reference"):
            continue
        worst = max(p95 for _p50, p95 in results[label])
        print(f"  {label:<26} worst p95 {worst:6.2f} ms — {'ok' if worst <= GOAL_P95_MS else 'MISSED'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
