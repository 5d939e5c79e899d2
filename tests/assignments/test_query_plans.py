"""Every list the API and the screens read — each scope, with and without a status, with the person
filter — is a condition PostgreSQL can serve from an index (issue: the API's default "mine" list
filtered every row of a million-row table through a correlated subquery and took seconds).

The plans are read with sequential scans priced out (``enable_seqscan = off``): a condition an index
can serve then shows no ``Seq Scan`` on the work table and no subquery re-run per row; one that
cannot still needs either, whatever the table's size. The plan tests run on PostgreSQL only: SQLite's planner has no such
switch and the generated province is benchmarked on PostgreSQL (bench/request_path_bench.py).
"""

from __future__ import annotations

import json

import pytest
from django.db import connection

from congvu.assignments import selectors
from congvu.assignments.models import Assignment
from tests.assignments.screen_helpers import give_many
from tests.conftest import TODAY

postgres_only = pytest.mark.skipif(connection.vendor != "postgresql", reason="query plans of PostgreSQL")

WORK_TABLE = "assignments_assignment"


def _nodes(plan: dict):
    yield plan
    for child in plan.get("Plans", []):
        yield from _nodes(child)


def _plan(queryset, *, priced_out: tuple[str, ...] = ("seqscan",)) -> dict:
    with connection.cursor() as cursor:
        for method in priced_out:
            cursor.execute(f"SET LOCAL enable_{method} = off")
        sql, params = queryset.query.sql_with_params()
        cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}", params)
        raw = cursor.fetchone()[0]
    return (json.loads(raw) if isinstance(raw, str) else raw)[0]["Plan"]


def _problems(plan: dict) -> list[str]:
    found = []
    for node in _nodes(plan):
        if node.get("Relation Name") == WORK_TABLE and node["Node Type"] == "Seq Scan":
            found.append(f"Seq Scan on {WORK_TABLE}")
        if node.get("Parent Relationship") == "SubPlan" and node.get("Subplan Name", "").startswith(
            "SubPlan"
        ):
            found.append(f"{node['Subplan Name']} run per row")
        for key in ("Filter", "Recheck Cond"):
            if "SubPlan" in node.get(key, "") and node.get("Relation Name") == WORK_TABLE:
                found.append(f"{key} with a subquery: {node[key]}")
    return found


def _others_copy(column: str, people: list) -> None:
    """Copies of every row with ``column`` set to each of ``people``: as in a province, one
    person's work becomes a small share of the table."""
    fields = [f.attname for f in Assignment._meta.concrete_fields if f.attname != "id"]
    Assignment.objects.bulk_create(
        Assignment(**{**{name: getattr(item, name) for name in fields}, column: person.pk})
        for item in Assignment.objects.all()
        for person in people
    )
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {WORK_TABLE}")


def _part_plans(user, scope: str, sort: str) -> list[dict]:
    """The plan of each part of a scope (``selectors.scope_parts``), one page in ``sort``, with
    sorts priced out (and bitmap and sequential scans, which a table of a few rows makes as cheap)."""
    filters = selectors.Filters(status=selectors.STATUS_ALL, sort=sort)
    return [
        _plan(
            selectors.rows(selectors.apply_filters(Assignment.objects.filter(part), filters, TODAY)).order_by(
                *selectors.ALL_SORTS[sort]
            )[:51],
            priced_out=("seqscan", "bitmapscan", "sort"),
        )
        for part in selectors.scope_parts(user, scope)
    ]


@pytest.fixture
def busy(province):
    """An officer who leads work and co-handles more; a head whose unit leads work."""
    give_many(province.truong_phong, province.chuyen_vien, 30, co_assignees=[province.chuyen_vien_2])
    give_many(province.truong_phong, province.chuyen_vien_2, 30, co_assignees=[province.chuyen_vien])
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {WORK_TABLE}")
        cursor.execute("ANALYZE assignments_participant")
    return province


@postgres_only
@pytest.mark.parametrize("status", ["", selectors.STATUS_OPEN, "done", "submitted"])
@pytest.mark.parametrize(
    ("scope", "who"),
    [
        (selectors.SCOPE_MINE, "chuyen_vien"),
        (selectors.SCOPE_MINE, "truong_phong"),
        (selectors.SCOPE_TO_APPROVE, "truong_phong"),
        (selectors.SCOPE_GIVEN, "truong_phong"),
        (selectors.SCOPE_UNIT, "truong_phong"),
    ],
)
def test_every_scope_and_status_is_served_by_an_index(busy, scope, who, status):
    user = getattr(busy, who)
    filters = selectors.Filters(status=status or selectors.STATUS_ALL)
    queryset = selectors.rows(selectors.assignment_list(user, scope=scope, filters=filters)).order_by(
        "deadline", "id"
    )[:51]

    assert _problems(_plan(queryset)) == []


@postgres_only
@pytest.mark.parametrize("scope", [selectors.SCOPE_GIVEN, selectors.SCOPE_UNIT])
def test_the_person_filter_is_served_by_an_index(busy, scope):
    filters = selectors.Filters(status=selectors.STATUS_ALL, person=busy.chuyen_vien)
    queryset = selectors.rows(
        selectors.assignment_list(busy.truong_phong, scope=scope, filters=filters)
    ).order_by("deadline", "id")[:51]

    assert _problems(_plan(queryset)) == []


def test_mine_still_lists_the_work_i_co_handle(busy):
    mine = selectors.assignment_list(
        busy.chuyen_vien, scope=selectors.SCOPE_MINE, filters=selectors.Filters(status=selectors.STATUS_ALL)
    )

    assert mine.count() == 60  # 30 I lead + 30 I co-handle


@postgres_only
@pytest.mark.parametrize("sort", ["han", "-deadline"])
def test_work_i_gave_is_read_in_order_from_an_index_part_by_part(busy, sort):
    """ "Việc tôi giao" of every state (the API's default) is two parts, each read through its own
    index and merged (``core.pagination.keyset_merge``): an OR of the two columns left PostgreSQL
    to walk the whole table's deadline index at a million rows. The giver's own part can come in
    deadline order from ``asg_given_idx``, reading only their rows: with sorts priced out (and
    bitmap and sequential scans, which a table of a few rows makes as cheap), the planner takes it
    over walking the whole table's deadline index."""
    _others_copy(
        "assigner_id", [busy.giam_doc, busy.chuyen_vien, busy.chuyen_vien_2, busy.chuyen_vien_khac] * 4
    )
    plans = _part_plans(busy.truong_phong, selectors.SCOPE_GIVEN, sort)

    assert _problems(plans[0]) == _problems(plans[1]) == []
    (scan,) = [n for n in _nodes(plans[0]) if n.get("Relation Name") == WORK_TABLE]
    assert scan["Index Name"] == "asg_given_idx" and "assigner_id" in scan["Index Cond"]
    assert not [n for n in _nodes(plans[0]) if n["Node Type"] in ("Sort", "Incremental Sort")]


@postgres_only
@pytest.mark.parametrize("sort", ["han", "-deadline"])
def test_work_i_lead_is_read_in_order_from_an_index_part_by_part(busy, sort):
    """ "Việc của tôi" of every state (the API's default) reads what I lead in person in deadline
    order from ``asg_led_idx`` — only my rows — where the OR with what I co-handle had PostgreSQL
    walk the whole table's deadline index (20 ms for the busiest officer of a million rows)."""
    _others_copy("lead_user_id", [busy.giam_doc, busy.truong_phong, busy.chuyen_vien_khac] * 5)
    plans = _part_plans(busy.chuyen_vien, selectors.SCOPE_MINE, sort)

    assert len(plans) == 2  # what I lead, what I co-handle (I head no unit)
    assert [_problems(plan) for plan in plans] == [[], []]
    (scan,) = [n for n in _nodes(plans[0]) if n.get("Relation Name") == WORK_TABLE]
    assert scan["Index Name"] == "asg_led_idx" and "lead_user_id" in scan["Index Cond"]
    assert not [n for n in _nodes(plans[0]) if n["Node Type"] in ("Sort", "Incremental Sort")]
