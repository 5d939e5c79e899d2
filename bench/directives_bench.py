"""Directive follow-up on PostgreSQL: the province's statistics and the office's review queue,
measured against a ceiling in the same run (see bench/README.md).

    uv run python bench/directives_bench.py [--database-url postgres://postgres@127.0.0.1:5432/congvu_bench]
        [--reuse] [--rounds 3] [--calls 20] [--requests 100] [--seconds 5] [--scale full|small]

1. Unless --reuse: (re)creates the database, migrates it and generates the province (2,000 units,
   50,000 people, 1,000,000 work items) with its directives (``--directives`` 20,000, about ten
   tasks each: 200,000 tasks, their reports and timelines); collects the static files. With
   --reuse on a database generated before directives existed, only the directives are generated.
   ``--scale small`` builds a tiny province (60 units, 500 people, no work items, 300 directives
   with 3,000 tasks) in ``congvu_bench_small`` unless a database is given: a check that the
   generator and this script run, not a measurement.
2. In each round (interleaved, so that a noisy neighbour slows everything alike), after printing
   the load average:
   - the statistics of the whole province (``congvu.directives.stats.selectors.statistics`` for
     the top agency) for the last full quarter and for this calendar year, in-process, ``--calls``
     calls each — median and p95 — against their ceiling: one bare grouped count over the same
     rows (tasks of the agency issued in the period, by lead agency and status);
   - the review queue page ``/chi-dao/duyet-bao-cao/`` (``directives:review_queue``) signed in as
     an office person (a directive monitor of the top agency), through granian (2 WSGI workers):
     ``--requests`` sequential requests (server time from ``Server-Timing``) and req/s at c=16
     (wrk, else Python threads) against the ceiling page (``bench/ceiling_urls.py``).
3. Prints per round and overall: median/p95 ms, ratios to the ceilings. Goals: quarterly
   statistics ≤ 100 ms, yearly ≤ 300 ms (p95 of the calls), the queue page server p95 ≤ 25 ms.

A part whose code is not there yet (the statistics selector, the queue page) is reported as
missing and the rest still runs. A script, not a test: it exits 0 once it has measured.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import shutil
import statistics
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))
sys.path.insert(0, str(BENCH.parent))

import assignments_bench as ab  # noqa: E402
import http_bench as hb  # noqa: E402

GOAL_QUARTER_MS = 100.0
GOAL_YEAR_MS = 300.0
GOAL_QUEUE_P95_MS = 25.0
QUEUE_URL_NAME = "directives:review_queue"
QUEUE_PATH = "/chi-dao/duyet-bao-cao/"
CEILING_PATH = "/bench/ceiling/"
SMALL = {"units": 60, "users": 500, "items": 0, "directives": 300, "tasks": 3000}
SMALL_DATABASE = "postgres://postgres@127.0.0.1:5432/congvu_bench_small"


@dataclass
class Series:
    label: str
    goal_ms: float | None = None
    p50: list[float] = field(default_factory=list)
    p95: list[float] = field(default_factory=list)
    rps: list[float] = field(default_factory=list)
    ratio: list[float] = field(default_factory=list)
    statuses: set[int] = field(default_factory=set)
    missing: str = ""


def arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ab.province_arguments(parser)
    parser.add_argument(
        "--directives", type=int, default=20_000, help="directives to generate (about 10 tasks each)"
    )
    parser.add_argument("--tasks", type=int, default=None, help="tasks in all (default: 10 × directives)")
    parser.add_argument("--scale", choices=("full", "small"), default="full")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--calls", type=int, default=20, help="statistics calls per period and round")
    parser.add_argument("--requests", type=int, default=100, help="sequential page requests per round")
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--seconds", type=int, default=5, help="concurrent run per page and round")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--port", type=int, default=8768)
    parser.add_argument("--reuse", action="store_true", help="keep the database and its generated data")
    parser.add_argument("--no-http", action="store_true", help="statistics only: no server, no page")
    args = parser.parse_args()
    if args.scale == "small":
        for name, value in SMALL.items():
            setattr(args, name, value)
        if args.database_url == parser.get_default("database_url"):
            args.database_url = SMALL_DATABASE
    return args


# --- the data -------------------------------------------------------------------------------------


def prepare(env: dict[str, str], args: argparse.Namespace) -> None:
    if not args.reuse:
        hb.recreate_database(args.database_url)
    hb.congvu(env, "migrate", "--noinput", "-v0")
    if not args.reuse:
        result = hb.congvu(
            env, "generate_province", "--units", str(args.units), "--users", str(args.users),
            "--seed", str(args.seed), "--items", str(args.items), "--directives", "0",
        )  # fmt: skip
        print(result.stdout.rstrip())
    if not args.no_http:
        hb.collect_static(env)


def ensure_directives(env: dict[str, str], args: argparse.Namespace) -> None:
    """Generate the directives unless the province has them (a reused database from before)."""
    from congvu.directives.models import Directive
    from congvu.synthetic import province

    root = province.generated_root()
    if root is None:
        sys.exit("no generated province in this database (run without --reuse)")
    if Directive.objects.filter(agency=root).exists():
        hb.log("directives already generated")
        return
    command = ["generate_directives", "--count", str(args.directives), "--seed", str(args.seed)]
    if args.tasks is not None:
        command += ["--tasks", str(args.tasks)]
    started = time.perf_counter()
    result = hb.congvu(env, *command)
    print(result.stdout.rstrip())
    hb.log(f"directives generated in {time.perf_counter() - started:.1f} s")


def office_person() -> tuple[Any, Any]:
    """(the top agency, a directive monitor of it) — read from the data, so --reuse needs no names."""
    from congvu.org.models import RoleGrant
    from congvu.synthetic import province

    root = province.generated_root()
    grant = (
        RoleGrant.objects.filter(unit=root, role=RoleGrant.Role.DIRECTIVE_MONITOR)
        .select_related("user")
        .order_by("id")
        .first()
    )
    if grant is None:
        sys.exit("no directive monitor in this province (run generate_directives)")
    return root, grant.user


def periods(today: dt.date) -> dict[str, tuple[dt.date, dt.date]]:
    """The last full quarter, and this calendar year."""
    quarter_start = dt.date(today.year, (today.month - 1) // 3 * 3 + 1, 1)
    last_end = quarter_start - dt.timedelta(days=1)
    last_start = dt.date(last_end.year, (last_end.month - 1) // 3 * 3 + 1, 1)
    return {
        "quarter": (last_start, last_end),
        "year": (dt.date(today.year, 1, 1), dt.date(today.year, 12, 31)),
    }


def data_summary(root: Any) -> str:
    from django.db.models import Count

    from congvu.directives.models import Directive, DirectiveTask, TaskReport

    tasks = DirectiveTask.objects.filter(agency=root)
    by_status = dict(tasks.values_list("status").annotate(n=Count("id")).values_list("status", "n"))
    pending = TaskReport.objects.filter(task__agency=root, status=TaskReport.Status.PENDING).count()
    statuses = ", ".join(f"{k} {v}" for k, v in sorted(by_status.items()))
    return (
        f"{Directive.objects.filter(agency=root).count()} directives, {sum(by_status.values())} tasks "
        f"({statuses}); {pending} reports pending review"
    )


# --- the statistics, in-process -----------------------------------------------------------------------


def statistics_function() -> tuple[Any, str]:
    try:
        from congvu.directives.stats.selectors import statistics as directive_statistics
    except ImportError as error:
        return None, f"congvu.directives.stats.selectors.statistics is not there yet ({error})"
    return directive_statistics, ""


def ceiling_statistics(root: Any, start: dt.date, end: dt.date) -> int:
    """The bare ceiling: one grouped count over the same rows, nothing else."""
    from django.db.models import Count

    from congvu.directives.models import DirectiveTask

    rows = (
        DirectiveTask.objects.filter(agency=root, issued_on__range=(start, end))
        .values("lead_unit_id", "status")
        .annotate(n=Count("id"))
        .order_by()
    )
    return len(list(rows))


def timed(calls: int, run: Any) -> list[float]:
    run()  # warm-up: the first call reads the calendar, the organisation's caches, the plan
    timings = []
    for _ in range(calls):
        started = time.perf_counter()
        run()
        timings.append((time.perf_counter() - started) * 1000)
    return timings


def measure_statistics(
    root: Any, span: tuple[dt.date, dt.date], calls: int, series: Series, ceiling: Series, stats_fn: Any
) -> None:
    start, end = span
    base = timed(calls, lambda: ceiling_statistics(root, start, end))
    ceiling.p50.append(statistics.median(base))
    ceiling.p95.append(hb.percentile(base, 95))
    if stats_fn is None:
        return
    try:
        runs = timed(calls, lambda: stats_fn(agency=root, start=start, end=end))
    except Exception as error:  # noqa: BLE001 - a benchmark reports and goes on
        series.missing = f"{type(error).__name__}: {error}"
        return
    series.p50.append(statistics.median(runs))
    series.p95.append(hb.percentile(runs, 95))
    series.ratio.append(statistics.median(runs) / statistics.median(base) if base else float("nan"))


# --- the review queue page, over HTTP -----------------------------------------------------------------


def queue_path() -> tuple[str, str]:
    from django.urls import NoReverseMatch, reverse

    try:
        return reverse(QUEUE_URL_NAME), ""
    except NoReverseMatch:
        return QUEUE_PATH, f"URL {QUEUE_URL_NAME} is not there yet"


def measure_page(browser: Any, args: argparse.Namespace, path: str, series: Series, runner: Any) -> float:
    seq = hb.sequential(browser, path, args.requests)
    conc = runner(args.port, path, browser.cookie_header(), args.concurrency, args.seconds)
    series.statuses.update(seq.statuses)
    series.p50.append(statistics.median(seq.server_ms) if seq.server_ms else float("nan"))
    series.p95.append(hb.percentile(seq.server_ms, 95))
    series.rps.append(conc.rps)
    return conc.rps


# --- the report -------------------------------------------------------------------------------------


def runs(values: list[float], fmt: str) -> str:
    return " / ".join(format(v, fmt) for v in values) or "-"


def verdict(series: Series) -> str:
    if series.missing or not series.p95:
        return "n/a"
    if series.goal_ms is None:
        return ""
    return "OK" if max(series.p95) <= series.goal_ms else "MISS"


def main() -> int:
    args = arguments()
    env = ab.server_env(
        port=args.port, data_dir=BENCH.parent / "var" / "bench", DATABASE_URL=args.database_url
    )
    prepare(env, args)
    ab.setup_django(env)
    ensure_directives(env, args)

    from django.utils import timezone

    from congvu.accounts.models import User
    from congvu.synthetic.province import BENCH_PASSWORD

    root, office = office_person()
    User.objects.filter(pk=office.pk).update(must_change_password=False)
    spans = periods(timezone.localdate())
    stats_fn, stats_missing = statistics_function()
    quarter = Series(
        f"Thống kê quý {spans['quarter'][0]:%d/%m/%Y}–{spans['quarter'][1]:%d/%m/%Y}", GOAL_QUARTER_MS
    )
    year = Series(f"Thống kê năm {spans['year'][0]:%Y}", GOAL_YEAR_MS)
    quarter_ceiling = Series("  trần: một câu đếm nhóm (quý)")
    year_ceiling = Series("  trần: một câu đếm nhóm (năm)")
    quarter.missing = year.missing = stats_missing
    queue = Series("Duyệt báo cáo " + QUEUE_PATH, GOAL_QUEUE_P95_MS)
    ceiling_page = Series("Trần (trang trống 50 dòng) " + CEILING_PATH)
    path, queue.missing = queue_path()
    if args.no_http:
        queue.missing = queue.missing or "--no-http"

    server = None
    loads: list[str] = []
    use_wrk = shutil.which("wrk") is not None
    runner = hb.concurrent_wrk if use_wrk else hb.concurrent_threads
    if not use_wrk and not args.no_http:
        hb.log("wrk is not installed: Python threads under-report req/s on 2 cores (apt-get install -y wrk)")
    try:
        browser = None
        if not args.no_http:
            server_env = {
                **env,
                "DJANGO_SETTINGS_MODULE": "bench_settings",
                "PYTHONPATH": f"{BENCH}{os.pathsep}{BENCH.parent}",
            }
            server = hb.start_server(server_env, args)
            browser = hb.sign_in(args.port, office.username, BENCH_PASSWORD)
        for round_no in range(1, args.rounds + 1):
            one, five, fifteen = os.getloadavg()
            loads.append(f"{one:.2f} {five:.2f} {fifteen:.2f}")
            hb.log(f"round {round_no}/{args.rounds}, load average {loads[-1]}")
            measure_statistics(root, spans["quarter"], args.calls, quarter, quarter_ceiling, stats_fn)
            measure_statistics(root, spans["year"], args.calls, year, year_ceiling, stats_fn)
            if browser is not None:
                ceiling_rps = measure_page(browser, args, CEILING_PATH, ceiling_page, runner)
                if not queue.missing:
                    rps = measure_page(browser, args, path, queue, runner)
                    queue.ratio.append(rps / ceiling_rps if ceiling_rps else float("nan"))
    finally:
        if server is not None:
            hb.stop_server(server)

    print()
    print(
        f"Công Vụ directive follow-up — {args.units} units, {args.users} users, {args.items} work items; "
        f"{data_summary(root)}; PostgreSQL, {os.cpu_count()} CPU(s); {args.rounds} rounds interleaved"
        + ("" if args.scale == "full" else " — SMALL SCALE: a check, not a measurement")
    )
    print(f"load average (1/5/15 min) at the start of each round: {' | '.join(loads)}")
    print(f"office person: {office.username} ({office.full_name}); top agency: {root.name}")
    head = f"{'what':<52} {'p50 ms':>20} {'p95 ms':>20} {'× ceiling (p50)':>18} {'goal':>6}"
    print(head)
    print("-" * len(head))
    for series in (quarter, quarter_ceiling, year, year_ceiling):
        print(
            f"{series.label:<52} {runs(series.p50, '.1f'):>20} {runs(series.p95, '.1f'):>20} "
            f"{runs(series.ratio, '.2f'):>18} {verdict(series):>6}"
        )
        if series.missing:
            print(f"    ! {series.missing}")
    print()
    head = f"{'page':<52} {'HTTP':>7} {'server p50 ms':>20} {'server p95 ms':>20} {'req/s c=' + str(args.concurrency):>18} {'× ceiling':>18} {'goal':>6}"
    print(head)
    print("-" * len(head))
    for series in (ceiling_page, queue):
        print(
            f"{series.label:<52} {','.join(map(str, sorted(series.statuses))):>7} {runs(series.p50, '.1f'):>20} "
            f"{runs(series.p95, '.1f'):>20} {runs(series.rps, '.0f'):>18} {runs(series.ratio, '.2f'):>18} "
            f"{verdict(series) if series is queue else '':>6}"
        )
        if series.missing:
            print(f"    ! {series.missing}")
    print()
    print(
        f"Goals: quarterly statistics p95 ≤ {GOAL_QUARTER_MS:.0f} ms, yearly ≤ {GOAL_YEAR_MS:.0f} ms "
        f"({args.calls} calls a round, in-process); review queue server p95 ≤ {GOAL_QUEUE_P95_MS:.0f} ms "
        f"(c=1 × {args.requests}; c={args.concurrency} by {'wrk' if use_wrk else 'threads'})."
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
