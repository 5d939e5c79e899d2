"""Benchmark of the work screens (issue #3) on PostgreSQL with 1,000,000 generated work items.

    uv run python bench/assignments_bench.py [--database-url postgres://postgres@127.0.0.1:5432/congvu_bench] \
        [--units 2000 --users 50000 --items 1000000] [--requests 300] [--concurrency 16] [--reuse]

1. (Re)creates the database (unless --reuse), migrates it, runs ``congvu generate_province``
   (units, people and ``--items`` synthetic work items), ``collectstatic``.
2. Finds the busiest officer (most work led) and the head of the department with the most work in
   its subtree, and the chairman (head of the top unit).
3. Starts granian (2 WSGI workers), signs in through the real form and measures "Việc của tôi"
   (/cong-viec/) for the busiest officer and "Việc của đơn vị" (/cong-viec/don-vi/) for the
   department head: server time p50/p95 at c=1 (``Server-Timing``) and req/s at c=16 (wrk if
   installed, else threads).
4. Times the yearly evaluation report of the whole province in-process (``reports.evaluation_report``
   for the chairman, this year; 5 runs) and the report page over HTTP once.
5. Prints a table against the goals: p95 ≤ 25 ms, ≥ 300 req/s, report ≤ 500 ms.

Reuses the helpers of ``bench/http_bench.py``. Always exits 0 once it has measured.
"""

from __future__ import annotations

import argparse
import os
import secrets
import shutil
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import http_bench as hb  # noqa: E402

GOAL_REPORT_MS = 500.0
MINE = "/cong-viec/"
UNIT_LIST = "/cong-viec/don-vi/"


def prepare(env: dict[str, str], args: argparse.Namespace) -> None:
    if not args.reuse:
        hb.recreate_database(args.database_url)
    hb.congvu(env, "migrate", "--noinput", "-v0")
    if not args.reuse:
        result = hb.congvu(
            env,
            "generate_province",
            "--units",
            str(args.units),
            "--users",
            str(args.users),
            "--seed",
            str(args.seed),
            "--items",
            str(args.items),
        )
        print(result.stdout.rstrip())
    hb.collect_static(env)


def setup_django(env: dict[str, str]) -> None:
    os.environ.update(env)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "congvu.settings")
    import django

    django.setup()


def who() -> dict[str, tuple[str, str]]:
    """(username, note) of the busiest officer, the department head with the most work in his
    subtree, and the chairman — read from the data, so that --reuse needs no printed names."""
    from django.db.models import Count
    from django.db.models.functions import Substr

    from congvu.accounts.models import User
    from congvu.assignments.models import Assignment
    from congvu.org.models import PATH_STEP, Membership, Position, Unit
    from congvu.synthetic import province as generator

    root = generator.generated_root()
    if root is None:
        sys.exit("no generated province in this database (run without --reuse)")
    busiest = (
        Assignment.objects.filter(lead_user__isnull=False)
        .values("lead_user_id")
        .annotate(n=Count("id"))
        .order_by("-n", "lead_user_id")
        .first()
    )
    if busiest is None:
        sys.exit("no work items in this database (run without --reuse)")
    officer = User.objects.get(pk=busiest["lead_user_id"])
    key = len(root.path) + PATH_STEP
    per_top = dict(
        Assignment.objects.filter(unit_path__startswith=root.path)
        .annotate(k=Substr("unit_path", 1, key))
        .values("k")
        .annotate(n=Count("id"))
        .values_list("k", "n")
    )
    departments = Unit.objects.filter(parent=root, kind=Unit.Kind.DEPARTMENT)
    best = max(departments, key=lambda u: per_top.get(u.path, 0))

    def head(unit):
        m = (
            Membership.objects.current()
            .filter(unit=unit, position__level=Position.Level.HEAD)
            .select_related("user")
            .first()
        )
        return m.user.username

    return {
        "officer": (officer.username, f"{busiest['n']} việc chủ trì"),
        "head": (head(best), f"{best.name}, {per_top.get(best.path, 0)} việc"),
        "chairman": (head(root), root.name),
    }


def time_report(runs: int) -> tuple[list[float], int, int]:
    from django.db import connection

    from congvu.accounts.models import User
    from congvu.assignments.reports import selectors as reports
    from congvu.org.models import Membership, Position
    from congvu.synthetic import province as generator

    root = generator.generated_root()
    chairman = User.objects.get(
        pk=Membership.objects.current()
        .filter(unit=root, position__level=Position.Level.HEAD)
        .values_list("user_id", flat=True)
        .first()
    )
    period = reports.period_for("year")
    timings = []
    report = None
    for _ in range(runs):
        scope = reports.report_scope(chairman)
        started = time.perf_counter()
        report = reports.evaluation_report(scope, period, limit=reports.SCREEN_ROW_LIMIT)
        timings.append((time.perf_counter() - started) * 1000)
    connection.close()
    return (
        timings,
        report.total.assigned if report else 0,
        getattr(report, "row_count", len(report.rows)) if report else 0,
    )


def province_arguments(parser: argparse.ArgumentParser) -> None:
    """The generated province's size and database, the same for every benchmark of it."""
    parser.add_argument("--database-url", default="postgres://postgres@127.0.0.1:5432/congvu_bench")
    parser.add_argument("--units", type=int, default=2000)
    parser.add_argument("--users", type=int, default=50000)
    parser.add_argument("--items", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=1)


def server_env(*, port: int, data_dir: Path, **extra: str) -> dict[str, str]:
    """The product's settings for a benchmark server: no debug, the server time in a header."""
    data_dir.mkdir(parents=True, exist_ok=True)
    return {
        **os.environ,
        "CONGVU_ALLOWED_HOSTS": f"{hb.HOST},localhost",
        "CONGVU_DEBUG": "0",
        "CONGVU_SERVER_TIMING": "1",  # the server time of each request is read from its header
        "CONGVU_TESTING": "0",
        "CONGVU_SECRET_KEY": secrets.token_urlsafe(48),
        "CONGVU_DATA_DIR": str(data_dir),
        "CONGVU_SITE_URL": f"http://{hb.HOST}:{port}",
        "CONGVU_EMAIL": "memory",
        "CONGVU_LOG_LEVEL": "ERROR",
        "PYTHONUNBUFFERED": "1",
        **extra,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    province_arguments(parser)
    parser.add_argument("--requests", type=int, default=300, help="sequential requests per page (c=1)")
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--seconds", type=int, default=10, help="duration of the concurrent run per page")
    parser.add_argument("--workers", type=int, default=2, help="granian worker processes")
    parser.add_argument("--port", type=int, default=8766)
    parser.add_argument("--report-runs", type=int, default=5)
    parser.add_argument("--reuse", action="store_true", help="keep the database and its generated data")
    parser.add_argument("--no-wrk", action="store_true", help="use Python threads even if wrk is installed")
    args = parser.parse_args()

    env = server_env(port=args.port, data_dir=hb.ROOT / "var" / "bench", DATABASE_URL=args.database_url)
    prepare(env, args)
    setup_django(env)
    people = who()
    for role, (username, note) in people.items():
        hb.log(f"{role}: {username} ({note})")
    password = __import__("congvu.synthetic.province", fromlist=["BENCH_PASSWORD"]).BENCH_PASSWORD

    hb.log(f"yearly evaluation report, in-process, {args.report_runs} runs")
    report_ms, report_items, report_rows = time_report(args.report_runs)

    server = hb.start_server(env, args)
    results = []
    report_http: tuple[int, float, float] | None = None
    try:
        use_wrk = shutil.which("wrk") is not None and not args.no_wrk
        runner = hb.concurrent_wrk if use_wrk else hb.concurrent_threads
        for label, role, path in (
            ("Việc của tôi", "officer", MINE),
            ("Việc của đơn vị", "head", UNIT_LIST),
        ):
            username = people[role][0]
            browser = hb.sign_in(args.port, username, password)
            hb.log(f"{label} {path} as {username}: {args.requests} sequential requests")
            seq = hb.sequential(browser, path, args.requests)
            hb.log(
                f"{label} {path}: c={args.concurrency} for {args.seconds} s ({'wrk' if use_wrk else 'threads'})"
            )
            conc = runner(args.port, path, browser.cookie_header(), args.concurrency, args.seconds)
            results.append((label, path, username, seq, conc))
        browser = hb.sign_in(args.port, people["chairman"][0], password)
        year = time.localtime().tm_year
        path = f"/cong-viec/bao-cao/?ky=year&nam={year}"
        browser.request("GET", path)  # warm-up (templates, connection)
        started = time.perf_counter()
        status, headers, _text = browser.request("GET", path)
        client = (time.perf_counter() - started) * 1000
        match = hb._DUR.search(headers.get("Server-Timing", ""))
        report_http = (status, float(match.group(1)) if match else float("nan"), client)
    finally:
        hb.stop_server(server)

    print()
    print(
        f"Công Vụ work-items benchmark — {args.units} units, {args.users} users, {args.items} items, PostgreSQL, "
        f"granian wsgi × {args.workers}, {os.cpu_count()} CPU(s), load average {os.getloadavg()[0]:.1f}"
    )
    head = (
        f"{'page (user)':<44} {'HTTP':>5} {'KB':>6} {'server p50':>11} {'server p95':>11} {'client p50':>11} "
        f"{f'c={args.concurrency} req/s':>12} {'p50/p99 ms':>12} {'goals':>6}"
    )
    print(head)
    print("-" * len(head))
    for label, path, username, seq, conc in results:
        p95 = hb.percentile(seq.server_ms, 95)
        ok = p95 <= hb.GOAL_P95_MS and conc.rps >= hb.GOAL_RPS and conc.non_ok == 0
        statuses = ",".join(str(k) for k in sorted(seq.statuses))
        print(
            f"{f'{label} {path} ({username})':<44} {statuses:>5} {seq.size / 1024:>6.1f} "
            f"{statistics.median(seq.server_ms):>9.1f}ms {p95:>9.1f}ms {statistics.median(seq.client_ms):>9.1f}ms "
            f"{conc.rps:>12.0f} {conc.p50_ms:>5.0f}/{conc.p99_ms:<6.0f} {'OK' if ok else 'MISS':>6}"
        )
        if conc.non_ok:
            print(f"  ! {conc.non_ok} responses were not 2xx/3xx during the concurrent run")
    median, worst = statistics.median(report_ms), max(report_ms)
    print(
        f"{'Báo cáo đánh giá năm, cả tỉnh (in-process)':<44} {'-':>5} {'':>6} {median:>9.1f}ms {worst:>9.1f}ms "
        f"{'(median/max of ' + str(len(report_ms)) + ')':>24} {'':>12} {'OK' if worst <= GOAL_REPORT_MS else 'MISS':>6}"
    )
    print(
        f"    {report_items} items in the year, {report_rows} unit rows; runs: {', '.join(f'{t:.0f}' for t in report_ms)} ms"
    )
    if report_http:
        status, server_ms, client_ms = report_http
        print(
            f"{'Báo cáo đánh giá năm /cong-viec/bao-cao/ (HTTP)':<44} {status:>5} {'':>6} {server_ms:>9.1f}ms "
            f"{'(once)':>11} {client_ms:>9.1f}ms {'':>12} {'':>12} "
            f"{'OK' if status == 200 and server_ms <= GOAL_REPORT_MS else 'MISS':>6}"
        )
    print()
    print(
        f"Goals: server time p95 ≤ {hb.GOAL_P95_MS:.0f} ms at c=1; ≥ {hb.GOAL_RPS:.0f} req/s at c={args.concurrency}; "
        f"yearly report ≤ {GOAL_REPORT_MS:.0f} ms. Concurrent runs by {results[0][4].tool if results else '-'}."
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
