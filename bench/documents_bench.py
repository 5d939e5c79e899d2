"""Benchmark of the documents queries (issue #9) on PostgreSQL with 300,000 generated documents,
measured at the selector / database level, against a bare ceiling in the same run.

    uv run python bench/documents_bench.py [--database-url postgres://postgres@127.0.0.1:5432/congvu_bench_docs] \
        [--generate] [--units 2000 --users 50000 --documents 300000] [--calls 60] [--rounds 3]

1. With ``--generate``: (re)creates the database, migrates it and runs ``congvu generate_province
   --items 0 --directives 0 --documents N``. Without it, the database is used as it is.
2. Picks, from the data: the clerk of the agency with the most incoming documents; the officer
   with the most documents waiting on them; the chairman of the province (agency leader, who reads
   everything below).
3. Measures in-process, ``--calls`` calls each, ``--rounds`` rounds:
   - the ceiling: the 20 newest rows of the incoming table by primary key (one indexed read);
   - the clerk's incoming list: the agency's incoming documents, newest arrival first, 20 rows,
     first page and a deep page (keyset);
   - an officer's "văn bản cần xử lý": incoming documents with a pending route recipient that is
     the person or a unit they lead, newest first, 20 rows;
   - search top 20 (``documents.search.selectors.document_search``) for a mix of queries, by
     relevance and by date, as the clerk, the officer and the chairman.
4. Prints per round p50/p95 ms and the ratio of each p50 to the ceiling's, the load average, and
   the verdict against the goals: lists p95 ≤ 25 ms, search p95 ≤ 50 ms.

A script, not a test: it exits 0 once it has measured.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

from bench_db import generate_province, percentile, setup_django, timed  # noqa: E402

GOAL_LIST_MS = 25.0
GOAL_SEARCH_MS = 50.0
QUERIES = (
    "quyết định",
    "chuyen doi so",
    "so 1234",
    "đường giao thông nông thôn",
    "bao cao ket qua",
    "tuyển dụng công chức",
    "phong chong thien tai",
    "Bộ Tài chính",
    "khu cong nghiep bac phu lam",
    "PAR INDEX",
    "ke hoach",
    "du toan ngan sach",
)


@dataclass
class Series:
    label: str
    goal: float
    p50: list[float] = field(default_factory=list)
    p95: list[float] = field(default_factory=list)
    ratio: list[float] = field(default_factory=list)
    rows: int = 0


def people() -> dict[str, Any]:
    from django.db.models import Count

    from congvu.accounts.models import User
    from congvu.documents.models import IncomingDocument, RouteRecipient
    from congvu.org.models import Membership, Position, RoleGrant
    from congvu.synthetic import province

    root = province.generated_root()
    if root is None:
        sys.exit("no generated province in this database (run with --generate)")
    busiest = (
        IncomingDocument.objects.filter(agency__path__startswith=root.path)
        .values("agency_id")
        .annotate(n=Count("id"))
        .order_by("-n")
        .first()
    )
    if busiest is None:
        sys.exit("no documents in this database (run with --generate)")
    clerk = RoleGrant.objects.filter(unit_id=busiest["agency_id"], role=RoleGrant.Role.CLERK).first()
    officer_row = (
        RouteRecipient.objects.filter(state=RouteRecipient.State.PENDING, user__isnull=False)
        .values("user_id")
        .annotate(n=Count("id"))
        .order_by("-n")
        .first()
    )
    chairman = (
        Membership.objects.current()
        .filter(unit=root, position__level=Position.Level.HEAD)
        .values_list("user_id", flat=True)
        .first()
    )
    return {
        "clerk": User.objects.get(pk=clerk.user_id) if clerk else None,
        "clerk_agency": busiest["agency_id"],
        "clerk_docs": busiest["n"],
        "officer": User.objects.get(pk=officer_row["user_id"]) if officer_row else None,
        "officer_docs": officer_row["n"] if officer_row else 0,
        "chairman": User.objects.get(pk=chairman) if chairman else None,
    }


# --- the queries ----------------------------------------------------------------------------------


def ceiling() -> list[Any]:
    from congvu.documents.models import IncomingDocument

    return list(IncomingDocument.objects.order_by("-id").values_list("id", "subject")[:20])


LIST_FIELDS = (
    "id", "code_number", "code_notation", "subject", "sender_name", "urgency", "status", "arrival_date",
    "arrival_number", "due_date", "document_type__name",
)  # fmt: skip


def clerk_incoming(agency_id: int, after: tuple[Any, ...] | None = None) -> list[Any]:
    """The clerk's register-order list: the agency's incoming documents, newest arrival first."""
    from django.db.models import Q

    from congvu.documents.models import IncomingDocument

    qs = IncomingDocument.objects.filter(agency_id=agency_id)
    if after is not None:
        d, n, i = after
        qs = qs.filter(
            Q(arrival_date__lt=d)
            | Q(arrival_date=d, arrival_number__lt=n)
            | Q(arrival_date=d, arrival_number=n, id__lt=i)
        )
    return list(qs.order_by("-arrival_date", "-arrival_number", "-id").values(*LIST_FIELDS)[:20])


def to_handle(user: Any) -> list[Any]:
    """An officer's "văn bản cần xử lý": a pending route recipient that is the person (or a unit
    they lead), newest document first."""
    from django.db.models import Q

    from congvu.documents.models import IncomingDocument, RouteRecipient
    from congvu.org import policies as org

    led = [m.unit_id for m in org.facts(user).memberships if m.position.level in ("head", "deputy")]
    who = Q(user_id=user.pk) | Q(unit_id__in=led) if led else Q(user_id=user.pk)
    pending = RouteRecipient.objects.filter(who, state=RouteRecipient.State.PENDING).values("document_id")
    return list(
        IncomingDocument.objects.filter(id__in=pending, status=IncomingDocument.Status.IN_PROGRESS)
        .order_by("-id")
        .values(*LIST_FIELDS)[:20]
    )


def search(user: Any, query: str, order: str) -> Any:
    from congvu.documents.search.selectors import document_search

    return document_search(user, query, order=order)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default="postgres://postgres@127.0.0.1:5432/congvu_bench_docs")
    parser.add_argument("--generate", action="store_true")
    parser.add_argument("--units", type=int, default=2000)
    parser.add_argument("--users", type=int, default=50000)
    parser.add_argument("--documents", type=int, default=300_000)
    parser.add_argument("--calls", type=int, default=60)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    if args.generate:
        generate_province(args.database_url, units=args.units, users=args.users, documents=args.documents)
    setup_django(args.database_url)
    from django.db import connection

    from congvu.documents.models import IncomingDocument, OutgoingDocument

    who = people()
    counts = (IncomingDocument.objects.count(), OutgoingDocument.objects.count())
    print(
        f"clerk: {who['clerk'].username} (agency {who['clerk_agency']}, {who['clerk_docs']} incoming); "
        f"officer: {who['officer'].username} ({who['officer_docs']} pending); chairman: {who['chairman'].username}"
    )
    deep_anchor = clerk_incoming(who["clerk_agency"])
    for _ in range(20):  # 20 pages deep
        last = deep_anchor[-1]
        deep_anchor = clerk_incoming(
            who["clerk_agency"], (last["arrival_date"], last["arrival_number"], last["id"])
        )
    last = deep_anchor[-1]
    deep = (last["arrival_date"], last["arrival_number"], last["id"])

    plans: list[tuple[Series, Callable[[], Any]]] = [
        (Series("ceiling: 20 newest rows by id", 0), ceiling),
        (Series("clerk's incoming list, page 1", GOAL_LIST_MS), lambda: clerk_incoming(who["clerk_agency"])),
        (
            Series("clerk's incoming list, page 21", GOAL_LIST_MS),
            lambda: clerk_incoming(who["clerk_agency"], deep),
        ),
        (Series("officer's văn bản cần xử lý", GOAL_LIST_MS), lambda: to_handle(who["officer"])),
    ]
    search_series: list[Series] = []
    for role in ("clerk", "officer", "chairman"):
        for order in ("relevance", "date"):
            series = Series(f"search top 20, {role}, by {order} ({len(QUERIES)} queries)", GOAL_SEARCH_MS)
            search_series.append(series)
            plans.append((series, lambda: None))  # timed query by query below
    loads = []
    per_query: dict[str, list[float]] = {q: [] for q in QUERIES}
    for round_no in range(1, args.rounds + 1):
        loads.append(os.getloadavg()[0])
        base = None
        for series, fn in plans:
            if series in search_series:
                # each query timed on its own: p50/p95 over every (query, call)
                role_user = who[series.label.split(", ")[1]]
                order = series.label.split("by ")[1].split(" ")[0]
                values: list[float] = []
                hits = 0
                for q in QUERIES:
                    t, result = timed(
                        max(5, args.calls // 6), lambda q=q, u=role_user, o=order: search(u, q, o)
                    )
                    values += t
                    per_query[q] += t
                    hits += len(result.hits)
                series.rows = hits
            else:
                values, result = timed(args.calls, fn)
                series.rows = len(result)
            p50 = statistics.median(values)
            series.p50.append(p50)
            series.p95.append(percentile(values, 95))
            if base is None:
                base = p50
            series.ratio.append(p50 / base if base else float("nan"))
        print(f"round {round_no} done, load average {loads[-1]:.2f}", flush=True)
    connection.close()

    def runs(values: list[float], fmt: str) -> str:
        return " / ".join(format(v, fmt) for v in values)

    print()
    print(
        f"Công Vụ documents benchmark — {counts[0]} incoming + {counts[1]} outgoing documents, PostgreSQL, "
        f"in-process (selector + database), {os.cpu_count()} CPU(s), load average "
        f"{' / '.join(f'{v:.2f}' for v in loads)} at each round's start"
    )
    head = f"{'what':<52} {'rows':>5} {'p50 ms (runs)':>22} {'p95 ms (runs)':>22} {'× ceiling p50':>18} {'goal':>6}"
    print(head)
    print("-" * len(head))
    for series, _fn in plans:
        worst = max(series.p95)
        verdict = "" if not series.goal else ("OK" if worst <= series.goal else "MISS")
        print(
            f"{series.label:<52} {series.rows:>5} {runs(series.p50, '.1f'):>22} {runs(series.p95, '.1f'):>22} "
            f"{runs(series.ratio, '.1f'):>18} {verdict:>6}"
        )
    print()
    print("search p50 / p95 per query (all roles, orders and rounds):")
    for q, values in per_query.items():
        print(f"  {q:<34} {statistics.median(values):6.1f} / {percentile(values, 95):6.1f} ms")
    print()
    print(f"Goals: lists p95 ≤ {GOAL_LIST_MS:.0f} ms; search top 20 p95 ≤ {GOAL_SEARCH_MS:.0f} ms.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
