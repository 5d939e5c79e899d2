"""Scoring results (SCORE-6): the results and ranking page, one unit's result and the council
report, on a period of 120 units × 100 criteria, measured against a ceiling in the same run.

    uv run python bench/scoring_bench.py [--database-url sqlite:///var/bench/scoring.sqlite3 |
        postgres://postgres@127.0.0.1:5432/congvu_bench_scoring] [--reuse] [--rounds 3]
        [--requests 40] [--scoring-units 120] [--criteria 100]

1. Unless --reuse: (re)creates the database (drops it on PostgreSQL, deletes the file on SQLite),
   migrates it and generates a province (``--units`` 300, ``--users`` 3,000, no work items);
   collects the static files. Then, unless the database already has it, generates the scoring
   period (``congvu generate_scoring --units 120 --criteria 100``): every unit submitted,
   appraised, survey scores, published.
2. In each round (interleaved, so that a noisy neighbour slows everything alike), after printing
   the load average, in-process through the whole middleware stack (Django's test client, signed
   in as the Home Affairs account of the period): ``--requests`` requests of the ceiling page
   (``bench/ceiling_urls.py``: one query, 50 rows), of the results page
   ``/cham-diem/ky/<pk>/ket-qua/`` and of a unit's result; then the council report as XLSX and
   as PDF (``--exports`` downloads each, 3 by default).
3. Prints per round and overall: p50/p95 ms, ratios to the ceiling. Goals (issue #11 "Done
   when"): the results page ≤ 200 ms, the council export ≤ 5 s.

A script, not a test: it exits 0 once it has measured.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))
sys.path.insert(0, str(BENCH.parent))

import assignments_bench as ab  # noqa: E402
import http_bench as hb  # noqa: E402

GOAL_PAGE_MS = 200.0
GOAL_EXPORT_MS = 5000.0
CEILING_PATH = "/bench/ceiling/"
DEFAULT_DATABASE = f"sqlite:///{BENCH.parent / 'var' / 'bench' / 'scoring.sqlite3'}"


@dataclass
class Series:
    label: str
    goal_ms: float | None = None
    p50: list[float] = field(default_factory=list)
    p95: list[float] = field(default_factory=list)
    ratio: list[float] = field(default_factory=list)
    statuses: set[int] = field(default_factory=set)
    sizes: set[int] = field(default_factory=set)


def arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ab.province_arguments(parser)
    parser.set_defaults(database_url=DEFAULT_DATABASE, units=300, users=3000, items=0)
    parser.add_argument("--scoring-units", type=int, default=120, help="assessed units of the period")
    parser.add_argument("--criteria", type=int, default=100, help="leaf criteria of the period's set")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--requests", type=int, default=40, help="requests per page and round")
    parser.add_argument("--exports", type=int, default=3, help="downloads of each export per round")
    parser.add_argument("--reuse", action="store_true", help="keep the database and its generated data")
    return parser.parse_args()


# --- the data -------------------------------------------------------------------------------------


def recreate(url: str) -> None:
    if url.startswith("sqlite"):
        path = Path(urlparse(url).path)
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        path.parent.mkdir(parents=True, exist_ok=True)
        hb.log(f"database {path} recreated")
    else:
        hb.recreate_database(url)


def prepare(env: dict[str, str], args: argparse.Namespace) -> None:
    if not args.reuse:
        recreate(args.database_url)
    hb.congvu(env, "migrate", "--noinput", "-v0")
    if not args.reuse:
        result = hb.congvu(
            env, "generate_province", "--units", str(args.units), "--users", str(args.users),
            "--seed", str(args.seed), "--items", str(args.items), "--directives", "0",
        )  # fmt: skip
        print(result.stdout.rstrip())
    hb.collect_static(env)


def ensure_period(env: dict[str, str], args: argparse.Namespace) -> Any:
    from congvu.scoring.models import Period
    from congvu.synthetic import province
    from congvu.synthetic.scoring import SET_NAME

    if province.generated_root() is None:
        sys.exit("no generated province in this database (run without --reuse)")
    period = Period.objects.filter(criteria_set__name=SET_NAME).first()
    wanted = (args.scoring_units, args.criteria)
    if period is not None:
        leaves = period.criteria_set.criteria.filter(is_leaf=True).count()
        if (period.assessments.count(), leaves) == wanted:
            hb.log("scoring period already generated")
            return period
    started = time.perf_counter()
    result = hb.congvu(env, "generate_scoring", "--units", str(args.scoring_units),
                       "--criteria", str(args.criteria), "--seed", str(args.seed))  # fmt: skip
    print(result.stdout.rstrip())
    hb.log(f"scoring period generated in {time.perf_counter() - started:.1f} s")
    return Period.objects.get(criteria_set__name=SET_NAME)


# --- measuring --------------------------------------------------------------------------------------


def timed_get(client: Any, path: str, n: int, series: Series) -> list[float]:
    client.get(path)  # warm-up: caches, the plan, the templates
    timings = []
    for _ in range(n):
        started = time.perf_counter()
        response = client.get(path)
        timings.append((time.perf_counter() - started) * 1000)
        series.statuses.add(response.status_code)
        series.sizes.add(len(response.content))
    series.p50.append(statistics.median(timings))
    series.p95.append(hb.percentile(timings, 95))
    return timings


def runs(values: list[float], fmt: str) -> str:
    return " / ".join(format(v, fmt) for v in values) or "-"


def verdict(series: Series) -> str:
    if series.goal_ms is None or not series.p95:
        return ""
    return "OK" if max(series.p95) <= series.goal_ms else "MISS"


def main() -> int:
    args = arguments()
    env = ab.server_env(port=0, data_dir=BENCH.parent / "var" / "bench", DATABASE_URL=args.database_url,
                        CONGVU_ALLOWED_HOSTS="testserver,localhost")  # fmt: skip
    env["PYTHONPATH"] = f"{BENCH}{os.pathsep}{BENCH.parent}"
    prepare(env, args)
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench_settings"
    ab.setup_django(env)
    period = ensure_period(env, args)

    from django.db import connection
    from django.test import Client
    from django.urls import reverse

    from congvu.accounts.models import User
    from congvu.synthetic.scoring import MANAGER_USERNAME

    manager = User.objects.get(username=MANAGER_USERNAME)
    client = Client()
    client.force_login(manager, backend="congvu.accounts.backends.LocalPasswordBackend")
    assessment = period.assessments.order_by("pk").first()
    pages = {
        "ceiling": (CEILING_PATH, Series("Trần (trang trống 50 dòng) " + CEILING_PATH)),
        "results": (reverse("scoring:results", args=[period.pk]),
                    Series("Kết quả và xếp hạng", GOAL_PAGE_MS)),
        "unit": (reverse("scoring:result_unit", args=[period.pk, assessment.pk]),
                 Series("Kết quả một đơn vị", GOAL_PAGE_MS)),
    }  # fmt: skip
    exports = {
        "xlsx": (
            reverse("scoring:results_xlsx", args=[period.pk]),
            Series("Báo cáo hội đồng XLSX", GOAL_EXPORT_MS),
        ),
        "pdf": (
            reverse("scoring:results_pdf", args=[period.pk]),
            Series("Báo cáo hội đồng PDF", GOAL_EXPORT_MS),
        ),
    }
    client.get(exports["pdf"][0])  # WeasyPrint's import and fonts: once per process, not per report
    loads: list[str] = []
    for round_no in range(1, args.rounds + 1):
        one, five, fifteen = os.getloadavg()
        loads.append(f"{one:.2f} {five:.2f} {fifteen:.2f}")
        hb.log(f"round {round_no}/{args.rounds}, load average {loads[-1]}")
        ceiling = timed_get(client, pages["ceiling"][0], args.requests, pages["ceiling"][1])
        for key in ("results", "unit"):
            path, series = pages[key]
            timings = timed_get(client, path, args.requests, series)
            series.ratio.append(statistics.median(timings) / statistics.median(ceiling))
        for path, series in exports.values():
            timed_get(client, path, args.exports, series)

    leaves = period.criteria_set.criteria.filter(is_leaf=True).count()
    print()
    print(
        f"Công Vụ scoring results — period “{period.title}”: {period.assessments.count()} units × {leaves} "
        f"criteria; province {args.units} units, {args.users} users; {connection.vendor}, "
        f"{os.cpu_count()} CPU(s); {args.rounds} rounds interleaved, in-process (Django test client "
        f"through the whole middleware stack)"
    )
    print(f"load average (1/5/15 min) at the start of each round: {' | '.join(loads)}")
    print(f"signed in as: {manager.username} ({manager.full_name})")
    head = f"{'what':<40} {'HTTP':>5} {'p50 ms':>22} {'p95 ms':>22} {'× ceiling (p50)':>18} {'goal':>5}"
    print(head)
    print("-" * len(head))
    for _path, series in [*pages.values(), *exports.values()]:
        print(
            f"{series.label:<40} {','.join(map(str, sorted(series.statuses))):>5} {runs(series.p50, '.1f'):>22} "
            f"{runs(series.p95, '.1f'):>22} {runs(series.ratio, '.2f'):>18} {verdict(series):>5}"
        )
    print()
    print(
        f"Goals: the results page ≤ {GOAL_PAGE_MS:.0f} ms (p95 of {args.requests} requests a round), the "
        f"council export ≤ {GOAL_EXPORT_MS / 1000:.0f} s ({args.exports} downloads a round)."
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
