"""Reads for the work screens (issue #3): "Việc của tôi", "Việc tôi giao", "Việc của đơn vị", the
item page and the work part of "Hôm nay".

Every list is one keyset-paginated query (``congvu.core.pagination``) with the ``select_related``
its rows need; the four counts at the top of "Việc của tôi" are one aggregate query. Rows are
decorated in Python with what the screen shows (deadline in working days, tones), computed with
the working-day calendar in one pass over the dates of the page (``congvu.core.calendar``).

"Me" in these lists is the person and, during a delegation, the people they act for (ORG-8): the
officer covering for their head sees the head's work to do and to approve.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from django.conf import settings
from django.db import connections
from django.db.models import Case, Count, Exists, Min, OuterRef, Prefetch, Q, QuerySet, Value, When
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from congvu.assignments import policies
from congvu.assignments.models import Assignment, Extension, Link, Participant, ProgressReport
from congvu.assignments.workflow import ASSIGNMENT_WORKFLOW, EXTENSION_WORKFLOW
from congvu.core import calendar, personal, registry
from congvu.core.decisions import Decision, Refused
from congvu.core.pagination import KeysetPage, keyset_merge
from congvu.core.text import search_text
from congvu.org import policies as org
from congvu.org import tree
from congvu.org.models import Membership, Unit

S = Assignment.Status
TODO_STATES = (S.ASSIGNED, S.IN_PROGRESS, S.RETURNED)
DUE_SOON_WORKING_DAYS = 3

# --- who "I" am -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Ids:
    """A person as the lists' conditions see them: the people they act as and the units they head."""

    people: tuple[int, ...]
    headed: tuple[int, ...]


def _people_ids(user: Any) -> list[int]:
    if isinstance(user, Ids):
        return list(user.people)
    return [p.pk for p in tree.people_acting_as(user)]


def _headed_unit_ids(user: Any) -> list[int]:
    if isinstance(user, Ids):
        return list(user.headed)
    return sorted({u.pk for p in tree.people_acting_as(user) for u in org.headed_units(p)})


def lead_q(user: Any) -> Q:
    """Work whose lead is me (or someone I act for), or a unit I head."""
    query = Q(lead_user_id__in=_people_ids(user))
    headed = _headed_unit_ids(user)
    if headed:
        query |= Q(lead_unit_id__in=headed)
    return query


def todo_q(user: Any, today: dt.date) -> Q:
    """Open work I lead whose start has come (work that starts later is planned, not to do)."""
    return lead_q(user) & Q(status__in=TODO_STATES, start_date__lte=today)


def planned_q(user: Any, today: dt.date) -> Q:
    """Open work I lead that starts after today (say, from next year's plan): "Chưa đến ngày bắt đầu"."""
    return lead_q(user) & Q(status__in=TODO_STATES, start_date__gt=today)


def done_q(user: Any) -> Q:
    """Work I led that was approved: what a person reads back for their year-end self-evaluation."""
    return lead_q(user) & Q(status=S.DONE)


def extensions_q(user: Any) -> Q:
    """Open work with an extension request waiting for my decision (I approve its result)."""
    pending = Extension.objects.filter(assignment=OuterRef("pk"), status=Extension.Status.PENDING)
    return (
        Q(approver_id__in=_people_ids(user), status__in=Assignment.OPEN_STATES)
        & Q(Exists(pending))
        & ~lead_q(user)
    )


def to_approve_q(user: Any) -> Q:
    """Results waiting for my decision; never my own work (nobody approves it)."""
    return Q(approver_id__in=_people_ids(user), status=S.SUBMITTED) & ~lead_q(user)


def waiting_q(user: Any) -> Q:
    """Results I submitted, waiting for the approver."""
    return lead_q(user) & Q(status=S.SUBMITTED)


# Past this many co-handled items, "mine" asks the database for them in a subquery rather than a list.
COORDINATING_LIST_LIMIT = 5000


def coordinating_q(user: Any) -> Q:
    """Work where I (or someone I act for) co-handle as phối hợp."""
    return co_handled_q(_people_ids(user))


def co_handled_q(people_ids: list[int]) -> Q:
    """Work these people co-handle (phối hợp), as a condition an index can serve.

    The ids are read first (one indexed query) and given as a list: ``lead OR id IN (list)`` lets
    PostgreSQL combine index scans (lead person, lead unit, primary key), where ``lead OR EXISTS
    (…)`` made it filter every row of the table (the API's "mine" list took seconds)."""
    co_handles = Participant.objects.filter(user_id__in=people_ids, role=Participant.Role.COORDINATE)
    ids = list(co_handles.order_by().values_list("assignment_id", flat=True)[: COORDINATING_LIST_LIMIT + 1])
    if len(ids) > COORDINATING_LIST_LIMIT:
        return Q(pk__in=co_handles.values("assignment_id"))
    return Q(pk__in=ids)


def following_q(user: Any) -> Q:
    """Open work where I co-handle (phối hợp) or follow (theo dõi)."""
    return Exists(Participant.objects.filter(assignment=OuterRef("pk"), user_id=user.pk)) & Q(
        status__in=Assignment.OPEN_STATES
    )


def due_soon_limit(today: dt.date) -> dt.date:
    """The last day that is "sắp đến hạn": within 3 working days (TASK-3 reminders use 1)."""
    return calendar.add_working_days(today, DUE_SOON_WORKING_DAYS)


# --- "Việc của tôi" -------------------------------------------------------------------------------

GROUP_TODO = "can-lam"
GROUP_TO_APPROVE = "cho-duyet"
GROUP_OVERDUE = "qua-han"
GROUP_DUE_SOON = "sap-den-han"
GROUP_WAITING = "da-gui"
GROUP_FOLLOWING = "phoi-hop"
GROUP_EXTENSIONS = "gia-han"
GROUP_PLANNED = "chua-bat-dau"
GROUP_DONE = "da-xong"

GROUPS: tuple[tuple[str, Any], ...] = (
    (GROUP_TODO, _("Cần làm")),
    (GROUP_TO_APPROVE, _("Chờ tôi duyệt")),
    (GROUP_OVERDUE, _("Quá hạn")),
    (GROUP_DUE_SOON, _("Sắp đến hạn")),
    (GROUP_EXTENSIONS, _("Đề nghị gia hạn")),
    (GROUP_WAITING, _("Đã gửi, chờ duyệt")),
    (GROUP_PLANNED, _("Chưa đến ngày bắt đầu")),
    (GROUP_FOLLOWING, _("Phối hợp, theo dõi")),
    (GROUP_DONE, _("Đã hoàn thành")),
)
GROUP_KEYS = tuple(key for key, _label in GROUPS)


def group_q(user: Any, group: str, today: dt.date) -> Q:
    if group == GROUP_TO_APPROVE:
        return to_approve_q(user)
    if group == GROUP_OVERDUE:
        return todo_q(user, today) & Q(deadline__lt=today)
    if group == GROUP_DUE_SOON:
        return todo_q(user, today) & Q(deadline__gte=today, deadline__lte=due_soon_limit(today))
    if group == GROUP_WAITING:
        return waiting_q(user)
    if group == GROUP_FOLLOWING:
        return following_q(user)
    if group == GROUP_EXTENSIONS:
        return extensions_q(user)
    if group == GROUP_PLANNED:
        return planned_q(user, today)
    if group == GROUP_DONE:
        return done_q(user)
    return todo_q(user, today)


def my_counts(user: Any, today: dt.date | None = None) -> dict[str, int]:
    """The counters at the top of "Việc của tôi" and "Hôm nay", in ONE aggregate query:
    ``todo``, ``to_approve``, ``overdue``, ``due_soon`` (≤ 3 working days), ``waiting``,
    ``extensions`` (requests for more time I decide) and ``planned`` (starts after today).

    Building that query through the ORM cost more than running it (seven filtered counts over the
    same conditions, on every page view): it is compiled once per shape — how many people the person
    acts as, how many units they head — with stand-in values, and run with the person's own.

    Kept for the person between requests (``congvu.core.personal``): their stamp is renewed by
    their own acts, by what they are sent, and by every save of a work item or an extension
    request they lead, approve or gave (``apps``), and so is the stamp of everyone whose authority
    they hold (their work is counted too); the day is in the key."""
    today = today or timezone.localdate()
    return personal.kept(
        user,
        "my-counts",
        [*tree.standing(user), today.isoformat()],
        lambda: _my_counts(user, today),
        acting_for=tree.principal_ids(user),
    )


def _my_counts(user: Any, today: dt.date) -> dict[str, int]:
    ids = Ids(tuple(_people_ids(user)), tuple(_headed_unit_ids(user)))
    compiled = _compiled_counts(len(ids.people), len(ids.headed), connections["default"].vendor)
    values: dict[Any, Any] = {**compiled.stand_in_people(ids.people), **compiled.stand_in_units(ids.headed)}
    values[compiled.today] = connections["default"].ops.adapt_datefield_value(today)
    values[compiled.soon] = connections["default"].ops.adapt_datefield_value(due_soon_limit(today))
    params = [values.get(param, param) if _hashable(param) else param for param in compiled.params]
    with connections["default"].cursor() as cursor:
        cursor.execute(compiled.sql, params)
        row = cursor.fetchone()
        names = [column[0] for column in cursor.description]
    return {name: value or 0 for name, value in zip(names, row, strict=True)}


def _counts_aggregate(user: Any, today: dt.date, soon: dt.date) -> dict[str, int]:
    todo, approve, extensions = todo_q(user, today), to_approve_q(user), extensions_q(user)
    return (
        Assignment.objects.filter(status__in=Assignment.OPEN_STATES)
        .filter(lead_q(user) | approve | extensions)
        .aggregate(
            todo=Count("id", filter=todo),
            to_approve=Count("id", filter=approve),
            overdue=Count("id", filter=todo & Q(deadline__lt=today)),
            due_soon=Count("id", filter=todo & Q(deadline__gte=today, deadline__lte=soon)),
            waiting=Count("id", filter=waiting_q(user)),
            extensions=Count("id", filter=extensions),
            planned=Count("id", filter=planned_q(user, today)),
        )
    )


# Stand-in values no real row or constant of the query can hold: negative ids, days before 1900.
_STAND_IN_PERSON = -9_000_000_000
_STAND_IN_UNIT = -8_000_000_000
_STAND_IN_TODAY = dt.date(1800, 1, 2)
_STAND_IN_SOON = dt.date(1800, 1, 3)


@dataclass(frozen=True)
class _CompiledCounts:
    sql: str
    params: tuple[Any, ...]
    today: Any
    soon: Any

    @staticmethod
    def stand_in_people(people: tuple[int, ...]) -> dict[Any, int]:
        return {_STAND_IN_PERSON - i: pk for i, pk in enumerate(people)}

    @staticmethod
    def stand_in_units(units: tuple[int, ...]) -> dict[Any, int]:
        return {_STAND_IN_UNIT - i: pk for i, pk in enumerate(units)}


def _hashable(value: Any) -> bool:
    return isinstance(value, (int, str, dt.date))


@cache
def _compiled_counts(people: int, headed: int, vendor: str) -> _CompiledCounts:
    stand_in = Ids(
        tuple(_STAND_IN_PERSON - i for i in range(people)), tuple(_STAND_IN_UNIT - i for i in range(headed))
    )
    captured: list[tuple[str, Any]] = []

    def capture(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        captured.append((sql, params))
        return execute(sql, params, many, context)

    with connections["default"].execute_wrapper(capture):  # once per shape: no row has these ids
        _counts_aggregate(stand_in, _STAND_IN_TODAY, _STAND_IN_SOON)
    sql, params = captured[-1]
    ops = connections["default"].ops
    return _CompiledCounts(
        sql=sql,
        params=tuple(params),
        today=ops.adapt_datefield_value(_STAND_IN_TODAY),
        soon=ops.adapt_datefield_value(_STAND_IN_SOON),
    )


COUNT_OF_GROUP = {
    GROUP_TODO: "todo",
    GROUP_TO_APPROVE: "to_approve",
    GROUP_OVERDUE: "overdue",
    GROUP_DUE_SOON: "due_soon",
    GROUP_WAITING: "waiting",
    GROUP_EXTENSIONS: "extensions",
    GROUP_PLANNED: "planned",
}


def done_years(user: Any, today: dt.date) -> list[int]:
    """The years offered on "Đã hoàn thành": this year back to the first year the person finished
    work in (at most twenty), the latest first."""
    first = Assignment.objects.filter(done_q(user)).aggregate(first=Min("completed_on"))["first"]
    start = max(first.year if first else today.year, today.year - 19)
    return list(range(today.year, start - 1, -1))


COUNTER_GROUPS = (GROUP_TODO, GROUP_TO_APPROVE, GROUP_OVERDUE, GROUP_DUE_SOON)  # shown as counters
SOMETIMES_GROUPS = (GROUP_EXTENSIONS, GROUP_PLANNED)  # a tab while there is something in it


def tabs(counts: dict[str, int], current: str = "") -> list[tuple[str, Any, int | None]]:
    """The tabs of "Việc của tôi" below its counters: (key, label, count or None)."""
    shown = []
    for key, label in GROUPS:
        count = counts.get(COUNT_OF_GROUP.get(key, ""))
        if key in COUNTER_GROUPS or (key in SOMETIMES_GROUPS and not count and key != current):
            continue
        shown.append((key, label, count))
    return shown


# --- filters and sorting --------------------------------------------------------------------------

SORTS: dict[str, tuple[str, ...]] = {
    "han": ("deadline", "id"),
    "uu-tien": ("-priority", "deadline", "id"),
    "cap-nhat": ("-updated_at", "-id"),
    # the API's names of the same orders, and two more
    "deadline": ("deadline", "id"),
    "-deadline": ("-deadline", "-id"),
    "priority": ("-priority", "deadline", "id"),
    "newest": ("-id",),
}
# Finished work, the latest first ("Đã hoàn thành"): only for done work, whose completion date is set.
COMPLETED_ORDER = ("-completed_on", "-id")
ALL_SORTS = {**SORTS, "completed": COMPLETED_ORDER}
SORT_CHOICES = (
    ("han", _("Hạn gần nhất")),
    ("uu-tien", _("Ưu tiên cao nhất")),
    ("cap-nhat", _("Mới cập nhật")),
)

STATUS_OPEN = "dang-mo"
STATUS_OVERDUE = "qua-han"
STATUS_ALL = "tat-ca"
STATUS_CHOICES = (
    (STATUS_OPEN, _("Chưa xong")),
    (STATUS_OVERDUE, _("Quá hạn")),
    *S.choices,
    (STATUS_ALL, _("Tất cả")),
)


@dataclass
class Filters:
    """What a list screen was asked for; every field optional (validated by the filter form)."""

    text: str = ""
    status: str = STATUS_OPEN  # STATUS_OPEN, STATUS_OVERDUE, STATUS_ALL or one state
    priority: int | None = None
    person: Any = None  # a User: the lead or a co-assignee (phối hợp)
    unit: Unit | None = None  # a subtree root
    due_from: dt.date | None = None
    due_to: dt.date | None = None
    overdue: bool | None = None  # True: only overdue; False: none overdue
    completed_year: int | None = None  # finished in that year
    sort: str = "han"


def _has_fts(db_alias: str) -> bool:
    connection = connections[db_alias]
    if connection.vendor == "postgresql":
        return True  # search() is correct without the GIN index, only slower
    return _sqlite_fts_table_exists(db_alias, str(connection.settings_dict.get("NAME")))


@cache
def _sqlite_fts_table_exists(db_alias: str, _db_name: str) -> bool:
    from congvu.core.search import fts_table_name

    connection = connections[db_alias]
    return fts_table_name(Assignment._meta.db_table) in connection.introspection.table_names()


def text_filter(queryset: QuerySet[Assignment], text: str) -> QuerySet[Assignment]:
    """Folded search on ``search_text``: the full-text index when there is one (DOC-10), otherwise
    a folded ``contains`` per word — accents, case and đ/d never matter."""
    words = search_text(text).split()
    if not words:
        return queryset
    if _has_fts(queryset.db):
        from congvu.core.search import search

        return search(queryset, text)
    for word in words[:8]:
        queryset = queryset.filter(search_text__contains=word)
    return queryset


def apply_filters(queryset: QuerySet[Assignment], filters: Filters, today: dt.date) -> QuerySet[Assignment]:
    status = filters.status or STATUS_OPEN
    if status == STATUS_OPEN:
        queryset = queryset.filter(status__in=Assignment.OPEN_STATES)
    elif status == STATUS_OVERDUE:
        queryset = queryset.filter(status__in=Assignment.OPEN_STATES, deadline__lt=today)
    elif status in S.values:
        queryset = queryset.filter(status=status)
    if filters.priority:
        queryset = queryset.filter(priority=filters.priority)
    if filters.person is not None:
        queryset = queryset.filter(Q(lead_user_id=filters.person.pk) | co_handled_q([filters.person.pk]))
    if filters.unit is not None:
        queryset = queryset.filter(tree.subtree_q([filters.unit.path], "unit_"))
    if filters.due_from:
        queryset = queryset.filter(deadline__gte=filters.due_from)
    if filters.due_to:
        queryset = queryset.filter(deadline__lte=filters.due_to)
    if filters.overdue is True:
        queryset = queryset.filter(status__in=Assignment.OPEN_STATES, deadline__lt=today)
    elif filters.overdue is False:
        queryset = queryset.exclude(status__in=Assignment.OPEN_STATES, deadline__lt=today)
    if filters.completed_year:
        year = filters.completed_year
        queryset = queryset.filter(
            completed_on__gte=dt.date(year, 1, 1), completed_on__lte=dt.date(year, 12, 31)
        )
    if filters.text:
        queryset = text_filter(queryset, filters.text)
    return queryset


# Only what a row shows (and the keyset orders by): no description, no search text. The people on a
# row come in a second query by primary key: joining the accounts table three times into a sorted
# list lets the planner hash-join whole tables before the LIMIT (seen at a million rows).
ROW_FIELDS = (
    "id", "title", "status", "priority", "start_date", "deadline", "progress", "completed_on", "updated_at",
    "returned_count", "rating", "parent_id", "unit_id", "unit__name", "approver_id",
    "lead_user_id", "lead_unit_id", "assigner_id", "assigned_on_behalf_of_id", "lead_unit__name",
)  # fmt: skip
PEOPLE = ("assigner", "assigned_on_behalf_of", "lead_user", "approver")


def rows(queryset: QuerySet[Assignment]) -> QuerySet[Assignment]:
    """The columns of a list row (people come with ``with_people``)."""
    return queryset.select_related("lead_unit", "unit").only(*ROW_FIELDS)


def with_people(items: list[Assignment]) -> list[Assignment]:
    """Attach assigner, on-behalf-of and lead person to every row: ONE query whatever the length."""
    from congvu.accounts.models import User

    ids = {getattr(item, f"{name}_id") for item in items for name in PEOPLE} - {None}
    people = (
        {u.pk: u for u in User.objects.filter(pk__in=ids).only("id", "full_name", "username")} if ids else {}
    )
    for item in items:
        for name in PEOPLE:
            person_id = getattr(item, f"{name}_id")
            if person_id is not None:
                setattr(item, name, people[person_id])
    return items


def _page(
    parts: list[QuerySet[Assignment]], filters: Filters, after: str | None, size: int | None
) -> KeysetPage:
    """One page of a list read as parts that share no row (most lists: one part)."""
    order = ALL_SORTS.get(filters.sort, SORTS["han"])
    page = keyset_merge([rows(qs) for qs in parts], order=order, after=after, size=size or settings.PAGE_SIZE)
    with_people(page.items)
    return page


def my_page(
    user: Any,
    *,
    group: str,
    filters: Filters | None = None,
    after: str | None = None,
    size: int | None = None,
    today: dt.date | None = None,
) -> KeysetPage:
    """One tab of "Việc của tôi" (the group's own states; text, priority and sort apply). The
    finished work of "Đã hoàn thành" is that of one year (``filters.completed_year``), the latest first."""
    today = today or timezone.localdate()
    filters = filters or Filters()
    queryset = Assignment.objects.filter(group_q(user, group, today))
    narrowed = Filters(text=filters.text, priority=filters.priority, status=STATUS_ALL)
    if group == GROUP_DONE:
        narrowed.completed_year = filters.completed_year or today.year
        filters = Filters(**{**filters.__dict__, "sort": "completed"})
    queryset = apply_filters(queryset, narrowed, today)
    page = _page([queryset], filters, after, size)
    decorate(page.items, today=today, viewer=user)
    return page


def urgent(
    user: Any, *, group: str, limit: int = 5, today: dt.date | None = None, people: bool = True
) -> list[Assignment]:
    """The most urgent items of a group for "Hôm nay": overdue first, then by deadline."""
    today = today or timezone.localdate()
    queryset = rows(Assignment.objects.filter(group_q(user, group, today)))
    items = list(queryset.order_by("deadline", "-priority", "id")[:limit])
    if people:
        with_people(items)
    decorate(items, today=today, viewer=user)
    return items


@dataclass
class TodayWork:
    counts: dict[str, int]
    todo: list[Assignment]
    to_approve: list[Assignment]


def today_work(user: Any, *, limit: int = 5, today: dt.date | None = None) -> TodayWork:
    """The work part of "Hôm nay": the counts, then — only when there are some — the most urgent
    items to do and to approve, their people read in one query for both lists."""
    today = today or timezone.localdate()
    counts = my_counts(user, today)
    todo = urgent(user, group=GROUP_TODO, limit=limit, today=today, people=False) if counts["todo"] else []
    to_approve = (
        urgent(user, group=GROUP_TO_APPROVE, limit=limit, today=today, people=False)
        if counts["to_approve"]
        else []
    )
    with_people([*todo, *to_approve])
    return TodayWork(counts=counts, todo=todo, to_approve=to_approve)


URGENT_ITEMS = 5


def home_section(user: Any) -> dict[str, Any]:
    """The work part of "Hôm nay" (through ``core.registry``): the numbers at the top of the page,
    then the most urgent items to do and to approve."""
    work = today_work(user, limit=URGENT_ITEMS)
    mine = reverse("assignments:mine")
    tally = work.counts
    counts = [
        registry.Count(_("Cần làm"), tally["todo"], f"{mine}?nhom={GROUP_TODO}"),
        registry.Count(_("Quá hạn"), tally["overdue"], f"{mine}?nhom={GROUP_OVERDUE}", "bad"),
        registry.Count(
            _("Sắp đến hạn (≤ 3 ngày làm việc)"), tally["due_soon"], f"{mine}?nhom={GROUP_DUE_SOON}", "warn"
        ),
        registry.Count(_("Đã gửi, chờ duyệt"), tally["waiting"], f"{mine}?nhom={GROUP_WAITING}"),
        registry.Count(
            _("Kết quả công việc chờ duyệt"),
            tally["to_approve"],
            f"{mine}?nhom={GROUP_TO_APPROVE}",
            "warn",
            waiting=True,
        ),
        registry.Count(
            _("Đề nghị gia hạn chờ quyết định"),
            tally["extensions"],
            f"{mine}?nhom={GROUP_EXTENSIONS}",
            "warn",
            waiting=True,
        ),
    ]
    return {"counts": counts, "tally": tally, "todo": work.todo, "to_approve": work.to_approve}


def given_q(user: Any) -> Q:
    """Work I gave, including what I gave on someone's behalf and what my delegate gave in my name."""
    return Q(assigner_id=user.pk) | Q(assigned_on_behalf_of_id=user.pk)


def given_page(
    user: Any,
    *,
    filters: Filters,
    after: str | None = None,
    size: int | None = None,
    today: dt.date | None = None,
) -> KeysetPage:
    """The "Việc tôi giao" page: what I gave, also on someone's behalf."""
    return assignment_page(user, scope=SCOPE_GIVEN, filters=filters, after=after, size=size, today=today)


def given_people(user: Any) -> list[Any]:
    """The people I gave work to (the person filter of "Việc tôi giao"), in Vietnamese order.

    Kept for the person between requests (``congvu.core.personal``): every save of a work item
    renews the stamp of whoever gave it, before and after (``apps``)."""
    return personal.kept(user, "given-people", tree.standing(user), lambda: _given_people(user))


def _given_people(user: Any) -> list[Any]:
    """Two short queries — the distinct ids, then the people by primary key — rather than one
    semi-join that the planner may answer by scanning the whole accounts table."""
    from congvu.accounts.models import User

    ids = set(
        Assignment.objects.filter(given_q(user), lead_user__isnull=False)
        .order_by()
        .values_list("lead_user_id", flat=True)
        .distinct()
    )
    if not ids:
        return []
    return sorted(_choices(User.objects.filter(pk__in=ids)), key=tree.person_sort_key)


@dataclass(frozen=True)
class PersonChoice:
    """A person of a filter's list: hundreds of them are read on every view of the page, and a
    model instance each costs ten times the row."""

    pk: int
    full_name: str
    username: str


def _choices(people: QuerySet[Any]) -> list[PersonChoice]:
    return [PersonChoice(*row) for row in people.values_list("id", "full_name", "username")]


# --- "Việc lãnh đạo giao": the office head and the directive monitor follow it ---------------------


def leaders_units(user: Any) -> list[Unit]:
    """The unit filter of "Việc lãnh đạo giao": the followed agencies and two levels below them."""
    agencies = policies.followed_agencies(user)
    if not agencies:
        return []
    query = Q()
    for agency in agencies:
        query |= Q(tree.subtree_q([agency.path]), depth__lte=agency.depth + 2)
    return list(
        Unit.objects.filter(query, is_active=True).only("id", "name", "path", "depth").order_by("path")
    )


def leaders_page(
    user: Any, *, filters: Filters, after: str | None = None, size: int | None = None
) -> KeysetPage:
    """Work given by the agency's leaders, overdue first (the deadline order puts it on top)."""
    return assignment_page(user, scope=SCOPE_LEADERS, filters=filters, after=after, size=size)


# --- "Việc của đơn vị" ----------------------------------------------------------------------------


def unit_scope_paths(user: Any) -> list[str]:
    """The subtrees whose work the person may list: those they lead in person or on someone's
    behalf — exactly the subtree part of ``policies.visible_assignments``."""
    return policies.led_paths(user)


def subtree_topic(path: str) -> str:
    """What every save of a work item in the subtree at ``path`` renews (``apps``), and what
    "Việc của đơn vị" is kept under (``congvu.core.personal``); ``""`` is the whole tree."""
    return f"assignments.subtree:{path}"


def unit_scope_topics(user: Any) -> list[str]:
    return [subtree_topic(path) for path in unit_scope_paths(user)]


def unit_scope_units(user: Any) -> list[Unit]:
    """The units of the scope, in tree order (the unit filter of "Việc của đơn vị")."""
    paths = unit_scope_paths(user)
    if not paths:
        return []
    return list(
        Unit.objects.filter(tree.subtree_q(paths)).only("id", "name", "path", "depth").order_by("path")
    )


def unit_filter_people(user: Any, units: list[Unit], *, limit: int) -> list[Any]:
    """``unit_people(units)`` for the person filter of "Việc của đơn vị", kept for the person
    between requests (``congvu.core.personal``) under the organisation's version, which every
    post saved or ended renews; someone's name or account changed by another shows within
    ``HOME_CACHE_SECONDS``."""
    key = hashlib.sha256(",".join(str(u.pk) for u in units).encode()).hexdigest()  # a subtree's units
    return personal.kept(
        user, "unit-people", [*tree.standing(user), limit, key], lambda: unit_people(units, limit=limit)
    )


def unit_people(units: Iterable[Unit], *, limit: int | None = None) -> list[Any]:
    """Active people with a current post in these units (the person filter), Vietnamese order;
    nobody when there are more than ``limit`` (the filter then waits for a unit to be chosen)."""
    from congvu.accounts.models import User

    ids = [u.pk for u in units]
    if not ids:
        return []
    people = User.objects.filter(
        pk__in=Membership.objects.current().filter(unit_id__in=ids).values("user_id"),
        status=User.Status.ACTIVE,
    )
    if limit is not None:
        people = people.order_by("pk")[: limit + 1]
    found = _choices(people)
    if limit is not None and len(found) > limit:
        return []
    return sorted(found, key=tree.person_sort_key)


def unit_page(
    user: Any,
    *,
    filters: Filters,
    after: str | None = None,
    size: int | None = None,
    today: dt.date | None = None,
) -> KeysetPage:
    """A leader's whole subtree (TASK-1 scope), filterable by unit, person, status, deadline,
    priority and text; sortable by deadline, priority or last update."""
    return assignment_page(user, scope=SCOPE_UNIT, filters=filters, after=after, size=size, today=today)


# --- the lists by scope: one read path for the screens and the API -------------------------------

SCOPE_MINE = "mine"
SCOPE_TO_APPROVE = "to_approve"
SCOPE_GIVEN = "assigned_by_me"
SCOPE_UNIT = "unit"
SCOPE_LEADERS = "leaders_given"
SCOPES = (SCOPE_MINE, SCOPE_TO_APPROVE, SCOPE_GIVEN, SCOPE_UNIT, SCOPE_LEADERS)


def scope_q(user: Any, scope: str) -> Q:
    """The rows of a list, each scope inside what the person may see (``visible_assignments``):

    mine            I lead it (in person, as head of the lead unit, or for someone I act
                    for), or I co-handle it
    to_approve      a result waiting for my decision, never my own work
    assigned_by_me  I gave it (or it was given in my name)
    unit            the work of every subtree I lead (``Filters.unit`` narrows it)
    leaders_given   the work the leaders of the agencies I follow gave (office head, directive
                    monitor: ``policies.followed_agencies``)
    """
    if scope == SCOPE_MINE:
        return lead_q(user) | coordinating_q(user)
    if scope == SCOPE_TO_APPROVE:
        return to_approve_q(user)
    if scope == SCOPE_GIVEN:
        return given_q(user)
    if scope == SCOPE_UNIT:
        return tree.subtree_q(unit_scope_paths(user), "unit_")
    if scope == SCOPE_LEADERS:
        return policies.leaders_work_q(user) or Q(pk__in=[])
    raise Refused.invalid("Phạm vi danh sách không hợp lệ.", field="scope")


def scope_parts(user: Any, scope: str) -> list[Q]:
    """``scope_q`` as parts that share no row, each read through an index of its own.

    assigned_by_me  work I gave (``assigner``), then work given in my name by someone else
                    (``assigned_on_behalf_of``)
    mine            work I lead in person (or for whom I act: ``lead_user``), then work led by a
                    unit I head (``lead_unit``), then the rest of what I co-handle (by id)
    """
    if scope == SCOPE_GIVEN:
        return [Q(assigner_id=user.pk), Q(assigned_on_behalf_of_id=user.pk) & ~Q(assigner_id=user.pk)]
    if scope == SCOPE_MINE:
        led = Q(lead_user_id__in=_people_ids(user))
        parts = [led]
        headed = _headed_unit_ids(user)
        if headed:
            parts.append(Q(lead_unit_id__in=headed) & ~led)
            led |= Q(lead_unit_id__in=headed)
        return [*parts, coordinating_q(user) & ~led]
    return [scope_q(user, scope)]


def _check_scope(user: Any, scope: str, filters: Filters) -> None:
    if (
        scope == SCOPE_LEADERS
        and filters.unit is not None
        and not any(filters.unit.path.startswith(agency.path) for agency in policies.followed_agencies(user))
    ):
        raise Refused(
            f"{filters.unit.name} không thuộc cơ quan ông/bà theo dõi.",
            field="unit_id",
            kind=Refused.Kind.NOT_ALLOWED,
        )
    if scope == SCOPE_UNIT and filters.unit is not None and not policies.leads_unit(user, filters.unit):
        raise Refused(
            f"Ông/bà không phụ trách {filters.unit.name}.", field="unit_id", kind=Refused.Kind.NOT_ALLOWED
        )


def assignment_list(
    user: Any, *, scope: str, filters: Filters, today: dt.date | None = None
) -> QuerySet[Assignment]:
    """The rows of a list, filtered, not yet ordered or paginated."""
    _check_scope(user, scope, filters)
    return apply_filters(
        Assignment.objects.filter(scope_q(user, scope)), filters, today or timezone.localdate()
    )


def assignment_page(
    user: Any,
    *,
    scope: str,
    filters: Filters,
    after: str | None = None,
    size: int | None = None,
    today: dt.date | None = None,
) -> KeysetPage:
    """One page of a list, its rows with their people and their deadline labels."""
    today = today or timezone.localdate()
    if (scope == SCOPE_UNIT and not unit_scope_paths(user)) or (
        scope == SCOPE_LEADERS and policies.leaders_work_q(user) is None
    ):
        return KeysetPage(items=[], next_cursor=None, has_next=False)
    if filters.sort not in ALL_SORTS:
        raise Refused.invalid("Cách sắp xếp không hợp lệ.", field="sort")
    _check_scope(user, scope, filters)
    parts = [apply_filters(Assignment.objects.filter(q), filters, today) for q in scope_parts(user, scope)]
    page = _page(parts, filters, after, size)
    decorate(page.items, today=today, viewer=user)
    return page


# --- how a row reads ------------------------------------------------------------------------------

STATUS_TONES: dict[str, str] = {
    S.ASSIGNED: "info",
    S.IN_PROGRESS: "info",
    S.SUBMITTED: "warn",
    S.RETURNED: "bad",
    S.DONE: "ok",
    S.CANCELLED: "muted",
}
PRIORITY_TONES = {1: "muted", 2: "muted", 3: "warn", 4: "bad"}


class _WorkingDays:
    """Working days in (today, day] for the days of a page, each counted arithmetically
    (O(days off in the range), whatever the distance), and remembered for the page."""

    def __init__(self, today: dt.date) -> None:
        self.today = today
        self.known: dict[dt.date, int] = {}

    def until(self, day: dt.date) -> int:
        if day <= self.today:
            return 0
        if day not in self.known:
            self.known[day] = calendar.count_working_days(self.today + dt.timedelta(days=1), day)
        return self.known[day]


def decorate(items: list[Assignment], *, today: dt.date, viewer: Any = None) -> list[Assignment]:
    """Set ``due_label``, ``due_tone``, ``status_label``, ``status_tone``, ``priority_label``,
    ``priority_tone``, ``overdue`` and ``for_principal`` on each row."""
    open_deadlines = [i.deadline for i in items if i.status in Assignment.OPEN_STATES and i.deadline > today]
    counter = _WorkingDays(today) if open_deadlines else None
    soon = due_soon_limit(today) if open_deadlines else today
    viewer_ids = set(_people_ids(viewer)) if viewer is not None else set()
    # Labels translated once per page, not per row (get_FOO_display hashes the lazy choices each time).
    status_labels = {value: str(label) for value, label in S.choices}
    priority_labels = {value: str(label) for value, label in Assignment.Priority.choices}
    for item in items:
        due_label, due_tone = _due(item, today, counter, soon)
        vars(item).update(  # what a row shows, computed once for the page
            status_label=status_labels.get(item.status, item.status),
            priority_label=priority_labels.get(item.priority, ""),
            status_tone=STATUS_TONES.get(str(item.status), "muted"),
            priority_tone=PRIORITY_TONES.get(item.priority, "muted"),
            overdue=item.status in Assignment.OPEN_STATES and item.deadline < today,
            for_principal=bool(
                item.lead_user_id
                and viewer_ids
                and item.lead_user_id != viewer.pk
                and item.lead_user_id in viewer_ids
            ),
            due_label=due_label,
            due_tone=due_tone,
        )
    return items


def _due(item: Assignment, today: dt.date, counter: _WorkingDays | None, soon: dt.date) -> tuple[str, str]:
    if item.status == S.DONE:
        if item.completed_on and item.completed_on > item.deadline:
            late = (item.completed_on - item.deadline).days
            return ngettext("xong trễ %(n)d ngày", "xong trễ %(n)d ngày", late) % {"n": late}, "warn"
        return str(_("xong đúng hạn")), "ok"
    if item.status == S.CANCELLED:
        return str(_("đã hủy")), "muted"
    if item.status in TODO_STATES and item.start_date > today:
        return _("chưa bắt đầu, từ %(day)s") % {"day": item.start_date.strftime("%d/%m/%Y")}, "muted"
    if item.deadline < today:
        late = (today - item.deadline).days
        return ngettext("quá hạn %(n)d ngày", "quá hạn %(n)d ngày", late) % {"n": late}, "bad"
    if item.deadline == today:
        return str(_("hạn hôm nay")), "warn"
    if item.deadline > calendar.horizon(today)[1]:  # a day no one can type any more: not counted
        return _("hạn %(day)s") % {"day": item.deadline.strftime("%d/%m/%Y")}, "muted"
    left = counter.until(item.deadline) if counter else 0
    tone = "warn" if item.deadline <= soon else "muted"
    if item.deadline == today + dt.timedelta(days=1):
        return str(_("hạn ngày mai")), "warn"
    if left == 0:
        return str(_("không còn ngày làm việc nào")), "warn"
    return ngettext("còn %(n)d ngày làm việc", "còn %(n)d ngày làm việc", left) % {"n": left}, tone


def deadline_preview(start: dt.date, working_days: int) -> dt.date:
    """'N ngày làm việc' from the start date, as the service will compute it (R-WD-3)."""
    return calendar.add_working_days(start, working_days)


# --- people and units one may give work to --------------------------------------------------------


@dataclass
class Candidates:
    """Whom the form offers as lead, co-assignees and followers (TASK-1)."""

    people: list[Any] = field(default_factory=list)  # each with ``post`` (Membership) for the label
    units: list[Unit] = field(default_factory=list)
    followers: list[Any] = field(default_factory=list)


def _may_give_to(scopes: list[tuple[Any, Any]], target_id: int, posts: list[Membership]) -> bool:
    """``policies.can_assign_to_user`` for one person, from posts already read (see below)."""
    for leader, scope in scopes:
        if leader.pk == target_id:
            continue
        if any(policies.post_below(post, scope) for post in posts):
            return True
    return False


def assign_candidates(actor: Any) -> Candidates:
    """People and units ``actor`` may give work to, computed from the subtrees they lead.

    The policy's own rule (``policies.can_assign_to_user``: down the tree, never to one's own head
    or a fellow deputy), applied to everybody's posts read in ONE query — asking the policy person
    by person would read each person's posts separately, hundreds of queries for a director. A
    test checks this list against the policy for every persona of the cast. A staff member is
    offered only themselves; the service checks every choice again anyway.
    """
    from congvu.accounts.models import User

    acting = tree.people_acting_as(actor)
    scopes = [(person, scope) for person in acting for scope in policies.scopes(person)]
    paths = policies.led_paths(actor)
    own_unit_ids = {scope.own_unit.pk for _person, scope in scopes}
    actor_unit_ids = {m.unit_id for m in org.memberships(actor)}
    where = tree.subtree_q(paths, "unit__") | Q(unit_id__in=own_unit_ids | actor_unit_ids)
    posts = list(
        Membership.objects.current()
        .filter(where, user__status=User.Status.ACTIVE)
        .select_related("user", "unit", "position")
        .order_by("-is_primary", "position__sort_order", "id")
    )
    by_person: dict[int, list[Membership]] = {}
    for post in posts:
        by_person.setdefault(post.user_id, []).append(post)
    people: list[Any] = []
    colleagues: list[Any] = []
    for person_id, person_posts in by_person.items():
        if person_id == actor.pk:
            continue
        person = person_posts[0].user
        vars(person)["post"] = person_posts[0]  # the post shown beside the name
        if _may_give_to(scopes, person_id, person_posts):
            people.append(person)
        elif any(p.unit_id in actor_unit_ids for p in person_posts):
            colleagues.append(person)  # one's own head or colleagues: followers only
    actor.post = org.primary_membership(actor)
    keys = {p.pk: tree.person_sort_key(p) for p in [*people, *colleagues]}  # computed once per person
    people.sort(key=lambda p: keys[p.pk])
    units = []
    if paths:
        units = [
            unit
            for unit in Unit.objects.filter(tree.subtree_q(paths), is_active=True).order_by("path")
            if policies.can_assign_to_unit(actor, unit)
        ]
    return Candidates(
        people=[actor, *people],
        units=units,
        followers=[actor, *sorted([*people, *colleagues], key=lambda p: keys[p.pk])],
    )


# --- the item page --------------------------------------------------------------------------------

EVENT_LABELS = {
    "assignments.assignment.created": _("Giao việc"),
    "assignments.assignment.start": _("Bắt đầu thực hiện"),
    "assignments.assignment.submit": _("Gửi kết quả"),
    "assignments.assignment.approve": _("Duyệt hoàn thành"),
    "assignments.assignment.return": _("Trả lại"),
    "assignments.assignment.reassign": _("Giao lại"),
    "assignments.assignment.extend": _("Gia hạn"),
    "assignments.assignment.cancel": _("Hủy công việc"),
    "assignments.assignment.updated": _("Sửa thông tin"),
    "assignments.extension.requested": _("Đề nghị gia hạn"),
    "assignments.attachment.added": _("Đính kèm tệp"),
    "assignments.checklist.toggled": _("Cập nhật đầu việc"),
}
EVENT_TONES = {
    "assignments.assignment.approve": "ok",
    "assignments.assignment.return": "bad",
    "assignments.assignment.cancel": "muted",
    "assignments.assignment.submit": "warn",
    "assignments.extension.requested": "warn",
}
# Progress reports have their own rows (with files); their audit twin is not shown twice.
HIDDEN_EVENTS = {"assignments.assignment.progress"}


@dataclass
class TimelineEntry:
    at: dt.datetime
    kind: str  # "event" or "report"
    label: str
    who: str
    tone: str = "info"
    note: str = ""
    percent: int | None = None
    files: list[Any] = field(default_factory=list)
    rating: int | None = None
    detail: str = ""


@dataclass
class ItemPage:
    item: Assignment
    participants: list[Participant]
    coordinators: list[Any]
    followers: list[Any]
    checklist: list[Any]
    attachments: list[Any]
    children: list[Assignment]
    reports: list[ProgressReport]
    extensions: list[Extension]
    timeline: list[TimelineEntry]
    pending_extension: Extension | None = None
    checklist_done: int = 0
    last_return: TimelineEntry | None = None  # why the result came back, shown at the top
    links: list[Link] = field(default_factory=list)  # each with ``url`` ("" when none is known)


# What each kind of link points at, as the module that owns it registered its pages with
# ``core.registry.audit_object_url`` — placed through the registry, never by importing that module.
LINK_OBJECT_TYPES = {"directive": "directives.directivetask", "document": "documents.incomingdocument"}


def item_links(item: Assignment) -> list[Link]:
    """The work's links to a document or a directive task, each with its page's address (one query;
    the addresses come from the registry without reading the linked rows)."""
    links = list(item.links.order_by("id"))
    wanted = [
        (LINK_OBJECT_TYPES[link.kind], link.target_id) for link in links if link.kind in LINK_OBJECT_TYPES
    ]
    urls = registry.audit_object_links(wanted)
    for link in links:
        vars(link)["url"] = urls.get((LINK_OBJECT_TYPES.get(link.kind, ""), link.target_id), "")
    return links


def _who(user: Any, on_behalf_of: Any) -> str:
    if on_behalf_of is not None:
        return str(
            _("%(delegate)s thay mặt %(principal)s")
            % {"delegate": user.full_name, "principal": on_behalf_of.full_name}
        )
    return user.full_name


def _event_detail(event: Any) -> str:
    after = event.after or {}
    if event.action == "assignments.assignment.extend" and after.get("deadline"):
        return str(_("Hạn mới: %(d)s") % {"d": _date_text(after["deadline"])})
    if event.action == "assignments.extension.requested" and after.get("new_deadline"):
        return str(_("Hạn đề nghị: %(d)s") % {"d": _date_text(after["new_deadline"])})
    if event.action == "assignments.assignment.reassign":
        lead = after.get("lead_user") or after.get("lead_unit")
        return str(_("Chủ trì mới: %(who)s") % {"who": lead}) if lead else ""
    if event.action == "assignments.assignment.created" and after.get("lead"):
        return str(_("Chủ trì: %(who)s") % {"who": after["lead"]})
    if event.action == "assignments.attachment.added":
        return str(after.get("file", ""))
    if event.action == "assignments.checklist.toggled":
        mark = "✓" if after.get("done") else "○"
        return f"{mark} {after.get('item', '')}"
    return ""


def _date_text(value: Any) -> str:
    try:
        return dt.date.fromisoformat(str(value)[:10]).strftime("%d/%m/%Y")
    except ValueError:
        return str(value)


def checklist_count(item: Assignment) -> tuple[int, int]:
    """How many lines of the item's checklist are done, of how many: the "(2/3)" of its heading."""
    counts = item.checklist.aggregate(total=Count("id"), done=Count("id", filter=Q(done=True)))
    return counts["done"], counts["total"]


def item_page(item: Assignment) -> ItemPage:
    """Everything the item page shows, in a fixed number of queries whatever the history's length."""
    from congvu.core.models import AuditEvent

    participants = list(item.participants.select_related("user"))
    coordinators = sorted(
        (p.user for p in participants if p.role == Participant.Role.COORDINATE), key=tree.person_sort_key
    )
    followers = sorted(
        (p.user for p in participants if p.role == Participant.Role.FOLLOWER), key=tree.person_sort_key
    )
    checklist = list(item.checklist.all())
    attachments = list(item.attachments.select_related("file", "added_by").order_by("id"))
    children = list(item.children.select_related("lead_user", "lead_unit").order_by("deadline", "id"))
    today = timezone.localdate()
    decorate(children, today=today)
    results: dict[int, ProgressReport] = {}
    if children:  # the latest result each subtask sent: what the work above is judged on
        for result in (
            ProgressReport.objects.filter(assignment__in=children, is_result=True)
            .select_related("author")
            .prefetch_related("files")
            .order_by("-id")
        ):
            results.setdefault(result.assignment_id, result)
    for child in children:
        vars(child)["result"] = results.get(child.pk)
    reports = list(
        item.reports.select_related("author", "on_behalf_of")
        .prefetch_related(Prefetch("files"))
        .order_by("-id")
    )
    extensions = list(item.extensions.select_related("requested_by", "decided_by").order_by("-id"))
    for extension in extensions:
        extension.assignment = item  # the guard reads it: no query per extension
    events = list(
        AuditEvent.objects.filter(object_type=item._meta.label_lower, object_id=str(item.pk))
        .exclude(action__in=HIDDEN_EVENTS)
        .order_by("id")
    )
    timeline: list[TimelineEntry] = []
    last_return: TimelineEntry | None = None
    for event in events:
        after = event.after or {}
        entry = TimelineEntry(
            at=event.occurred_at,
            kind="event",
            label=str(EVENT_LABELS.get(event.action, event.action.rsplit(".", 1)[-1])),
            who=str(event.actor_display),
            tone=EVENT_TONES.get(event.action, "info"),
            note="" if event.action == "assignments.assignment.submit" else event.note,
            rating=after.get("rating") if event.action == "assignments.assignment.approve" else None,
            detail=_event_detail(event),
        )
        timeline.append(entry)
        if event.action == "assignments.assignment.return":
            last_return = entry
    for report in reports:
        timeline.append(
            TimelineEntry(
                at=report.created_at,
                kind="report",
                label=str(_("Kết quả gửi duyệt") if report.is_result else _("Báo cáo tiến độ")),
                who=_who(report.author, report.on_behalf_of),
                note=report.text,
                percent=report.percent,
                files=list(report.files.all()),
            )
        )
    timeline.sort(key=lambda e: e.at, reverse=True)
    pending = next((e for e in extensions if e.status == Extension.Status.PENDING), None)
    return ItemPage(
        item=item,
        participants=sorted(participants, key=lambda p: (p.role, p.pk)),
        coordinators=coordinators,
        followers=followers,
        checklist=checklist,
        attachments=attachments,
        children=children,
        reports=reports,
        extensions=extensions,
        timeline=timeline,
        pending_extension=pending,
        checklist_done=sum(1 for c in checklist if c.done),
        last_return=last_return,
        links=item_links(item),
    )


@dataclass
class ItemActions:
    """What this person may do with this item now; templates show only these (STYLE)."""

    report: bool = False
    submit: bool = False
    approve: bool = False
    return_: bool = False
    reassign: bool = False
    cancel: bool = False
    request_extension: bool = False
    decide_extension: bool = False
    subtask: bool = False
    checklist: bool = False
    attach: bool = False
    submit_refusal: str = ""

    @property
    def any(self) -> bool:
        return any(
            (self.report, self.submit, self.approve, self.return_, self.reassign, self.cancel,
             self.request_extension, self.decide_extension, self.subtask)
        )  # fmt: skip


def item_actions(user: Any, page: ItemPage) -> ItemActions:
    """Ask the workflow (state first, then the guard) for every action."""
    item = page.item

    def may(name: str) -> bool:
        return bool(ASSIGNMENT_WORKFLOW.check(name, item, user))

    submit: Decision = ASSIGNMENT_WORKFLOW.check("submit", item, user)
    pending = page.pending_extension
    return ItemActions(
        report=may("progress"),
        submit=bool(submit),
        submit_refusal=submit.reason
        if (not submit and item.status in TODO_STATES and policies.is_lead(user, item))
        else "",
        approve=may("approve"),
        return_=may("return"),
        reassign=may("reassign"),
        cancel=may("cancel"),
        request_extension=pending is None and may("request_extension"),
        decide_extension=pending is not None and bool(EXTENSION_WORKFLOW.check("grant", pending, user)),
        subtask=may("subtask"),
        checklist=may("checklist"),
        attach=may("attach"),
    )


def extension_of(item: Assignment, extension_id: int) -> Extension:
    """An extension request of the item (404 when it is not one of its own)."""
    extension = (
        Extension.objects.select_related("requested_by", "decided_by")
        .filter(pk=extension_id, assignment=item)
        .first()
    )
    if extension is None:
        raise Refused.not_found("Không tìm thấy đề nghị gia hạn.")
    extension.assignment = item  # the guards read the item: it is loaded already
    return extension


def item_file(item: Assignment, file_id: int) -> Any:
    """A file attached to the item or to one of its progress reports (404 otherwise)."""
    from congvu.core.models import StoredFile

    attached = item.attachments.filter(file_id=file_id)
    reported = ProgressReport.files.through.objects.filter(
        progressreport__assignment=item, storedfile_id=file_id
    )
    found = StoredFile.objects.filter(pk=file_id).filter(Exists(attached) | Exists(reported)).first()
    if found is None:
        raise Refused.not_found("Không tìm thấy tệp.")
    return found


# --- "Hôm nay" for a leader: what they gave and their units' work, by unit -----------------------


@dataclass
class OverviewRow:
    """One line of the leader's overview: open work, overdue, due soon, results waiting."""

    label: str
    url: str  # the list, filtered; each number adds its own filter
    open: int = 0
    overdue: int = 0
    due_soon: int = 0
    submitted: int = 0
    is_total: bool = False
    links: dict[str, str] = field(default_factory=dict)


OVERVIEW_MAX_UNITS = 30  # a leader of a big subtree sees the units right below theirs, at most this many


def _overview_numbers(queryset: QuerySet[Assignment], today: dt.date, soon: dt.date, *group: str) -> Any:
    numbers = dict(  # as the lists count them: every open item (STATUS_OPEN, STATUS_OVERDUE)
        open=Count("id"),
        overdue=Count("id", filter=Q(deadline__lt=today)),
        due_soon=Count("id", filter=Q(deadline__gte=today, deadline__lte=soon)),
        submitted=Count("id", filter=Q(status=S.SUBMITTED)),
    )
    queryset = queryset.filter(status__in=Assignment.OPEN_STATES).order_by()
    if group:
        return queryset.values(*group).annotate(**numbers)
    return queryset.aggregate(**numbers)


def _with_links(row: OverviewRow, today: dt.date, soon: dt.date) -> OverviewRow:
    joiner = "&" if "?" in row.url else "?"
    row.links = {
        "open": row.url,
        "overdue": f"{row.url}{joiner}trang_thai={STATUS_OVERDUE}",
        "due_soon": f"{row.url}{joiner}han_tu={today:%Y-%m-%d}&han_den={soon:%Y-%m-%d}",
        "submitted": f"{row.url}{joiner}trang_thai={S.SUBMITTED}",
    }
    return row


def leader_overview(user: Any, today: dt.date | None = None) -> dict[str, Any] | None:
    """The leader's part of "Hôm nay" (issue: a leader with no work of their own saw an empty
    page): the work they gave, then each unit they lead and the units right below it — open,
    overdue, due soon (≤ 3 working days) and results waiting for approval, each number a link to
    the list. None for a person who leads nothing and gave nothing still open.

    Two aggregate queries (what I gave; the subtrees, grouped by the unit of the work) and one for
    the units' names, whatever the number of items."""
    today = today or timezone.localdate()
    soon = due_soon_limit(today)
    given = _overview_numbers(Assignment.objects.filter(given_q(user)), today, soon)
    paths = unit_scope_paths(user)
    if not paths and not given["open"]:
        return None
    rows: list[OverviewRow] = []
    if given["open"]:
        rows.append(
            _with_links(
                OverviewRow(str(_("Việc tôi giao")), reverse("assignments:given"), **given), today, soon
            )
        )
    if paths:
        per_path = {
            entry["unit_path"]: entry
            for entry in _overview_numbers(
                Assignment.objects.filter(tree.subtree_q(paths, "unit_")), today, soon, "unit_path"
            )
        }
        led = list(
            Unit.objects.filter(Q(path__in=paths) | Q(parent__path__in=paths), is_active=True)
            .only("id", "name", "path", "parent_id", "sort_order")
            .order_by("path")
        )
        unit_url = reverse("assignments:unit")
        for root in (u for u in led if u.path in paths):
            below = sorted(
                (u for u in led if u.path != root.path and u.path.startswith(root.path)),
                key=lambda u: (u.sort_order, tree.name_sort_key(u.name)),
            )[:OVERVIEW_MAX_UNITS]
            for unit, is_total in ((root, True), *((u, False) for u in below)):
                row = OverviewRow(unit.name, f"{unit_url}?don_vi={unit.pk}", is_total=is_total)
                for unit_path, entry in per_path.items():
                    if unit_path.startswith(unit.path):
                        row.open += entry["open"]
                        row.overdue += entry["overdue"]
                        row.due_soon += entry["due_soon"]
                        row.submitted += entry["submitted"]
                rows.append(_with_links(row, today, soon))
    return {"rows": rows, "soon": soon}


def extension_urls(ids: list[str]) -> dict[str, str]:
    """The item page of each extension request the audit log names (one query for a page of it)."""
    wanted = [int(pk) for pk in ids if pk.isdigit()]
    rows = Extension.objects.filter(pk__in=wanted).values_list("pk", "assignment_id")
    return {str(pk): reverse("assignments:detail", args=[item]) for pk, item in rows}


# --- the header's search box (``core.registry.search_provider``) ----------------------------------


def work_hits(user: Any, query: str, limit: int) -> list[registry.SearchHit]:
    """Work the person may see whose title or content has every word typed, open work first,
    then the latest updated; each with its state, deadline and lead."""
    today = timezone.localdate()
    found = text_filter(policies.visible_assignments(user), query)
    items: list[Assignment] = list(
        rows(found)
        .alias(finished=Case(When(status__in=[S.DONE, S.CANCELLED], then=Value(1)), default=Value(0)))
        .order_by("finished", "-updated_at", "-id")[:limit]
    )
    with_people(items)
    decorate(items, today=today, viewer=user)
    return [
        registry.SearchHit(
            item.title,
            reverse("assignments:detail", args=[item.pk]),
            _("Công việc"),
            _hit_detail(item),
        )
        for item in items
    ]


def _hit_detail(item: Assignment) -> str:
    """State, deadline (in words) and lead of a row ``decorate`` read."""
    shown = vars(item)
    return (
        f"{shown['status_label']} · {item.deadline:%d/%m/%Y} ({shown['due_label']}) · "
        f"{_('Chủ trì')}: {item.lead_display}"
    )
