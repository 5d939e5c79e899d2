"""Evaluation statistics (TASK-5; seed 000 Đ4.3, Đ10.1.e, Đ10.3.d, Đ11.3): the figures a leader
uses for the yearly rating of their units and people, and the lists of work behind each figure.

The figures, for a period [start, end] (by default the current year):

- **assigned** (được giao): work whose deadline falls in the period and that was not cancelled;
- **on time** (hoàn thành đúng hạn): done, approved on or before the deadline;
- **late** (hoàn thành trễ hạn): done, approved after the deadline;
- **overdue** (quá hạn): still open and its deadline has passed — before today, or before the end
  of the period when the period is over (``cutoff = min(today, end + 1 day)``);
- **in progress** (đang thực hiện, còn hạn): still open and not overdue;
- **returned** (bị trả lại): the result was returned at least once (``returned_count > 0``);
- **average rating** (điểm đánh giá bình quân): over the done work that was rated.

assigned = on time + late + overdue + in progress, so every item is counted once in those four.

Who sees what: a leader sees the subtrees they lead (in person or on someone's behalf, ORG-8) and the
work they lead themselves; everyone else sees only their own figures (the work they lead). This is
a subset of ``policies.visible_assignments`` built from the same rules — the leader's subtree is
visible to them by ``led_paths`` and one's own work by ``lead_user`` — written as two plain
conditions so that PostgreSQL can read one index range (``asg_unit_path_idx``: unit_path, deadline)
and aggregate in parallel; the OR of every visibility rule would not.

Grouping: by **person** (the lead person; for work led by a unit, that unit) or by **unit**. A unit
row rolls up its whole subtree: the rows are the units one level below the chosen unit (or below the
leader's own subtree), so the Director of a department sees one row per division and clicks a row to
go one level down. Work held directly by the chosen unit itself (its leaders' own work, work given to
the unit as a whole) is a row of its own, marked "(trực tiếp)". The grouping key is a prefix of the
materialised path (``substr(unit_path, 1, L)``), computed in the same single grouped query.

Every figure is one grouped aggregate query (``values(...).annotate(Count(filter=Q(...)), Sum)``);
labels (names) are read afterwards for the rows shown only. The drill-down list
(:func:`items_queryset`) uses the very same predicates (:func:`measure_q`), so a figure and its
list always agree.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, F, Q, QuerySet, Sum
from django.db.models.functions import Substr
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from congvu.accounts.models import User
from congvu.assignments import policies
from congvu.assignments.models import Assignment
from congvu.core import calendar as workdays
from congvu.core.decisions import Refused
from congvu.core.models import AuditEvent
from congvu.org import policies as org
from congvu.org import tree
from congvu.org.models import PATH_STEP, Membership, Unit
from congvu.org.tree import subtree_q

S = Assignment.Status
OPEN = [str(s) for s in Assignment.OPEN_STATES]

# The figures, in the order of the table. ``rated`` is the drill-down of the average rating.
MEASURES: dict[str, Any] = {
    "assigned": _("Được giao"),
    "on_time": _("Hoàn thành đúng hạn"),
    "late": _("Hoàn thành trễ hạn"),
    "overdue": _("Quá hạn"),
    "in_progress": _("Đang thực hiện, còn hạn"),
    "returned": _("Bị trả lại"),
    "rated": _("Được đánh giá"),
}
COUNTED = ("assigned", "on_time", "late", "overdue", "in_progress", "returned")
GROUPS = {"unit": _("Theo đơn vị"), "person": _("Theo người chủ trì")}
SCREEN_ROW_LIMIT = 300  # person rows shown on screen; the XLSX export has them all


# --- the period ----------------------------------------------------------------------------------

QUARTER_NAMES = {1: "I", 2: "II", 3: "III", 4: "IV"}
PERIOD_KINDS = ["year", "q1", "q2", "q3", "q4", *[f"m{m}" for m in range(1, 13)], "custom"]
MAX_PERIOD_DAYS = 366 * 5


@dataclass(frozen=True)
class Period:
    """A closed interval of days with its name ("Năm 2026", "Quý II/2026", "Tháng 5/2026")."""

    start: dt.date
    end: dt.date
    kind: str = "custom"

    @property
    def label(self) -> str:
        if self.kind == "year":
            return gettext("Năm %(year)s") % {"year": self.start.year}
        if self.kind.startswith("q"):
            return gettext("Quý %(quarter)s/%(year)s") % {
                "quarter": QUARTER_NAMES[int(self.kind[1:])],
                "year": self.start.year,
            }
        if self.kind.startswith("m"):
            return gettext("Tháng %(month)s/%(year)s") % {"month": self.start.month, "year": self.start.year}
        return gettext("Từ %(start)s đến %(end)s") % {
            "start": f"{self.start:%d/%m/%Y}",
            "end": f"{self.end:%d/%m/%Y}",
        }

    @property
    def span(self) -> str:
        return gettext("từ %(start)s đến %(end)s") % {
            "start": f"{self.start:%d/%m/%Y}",
            "end": f"{self.end:%d/%m/%Y}",
        }

    def cutoff(self, today: dt.date) -> dt.date:
        """Open work with a deadline before this day is overdue."""
        return min(today, self.end + dt.timedelta(days=1))


def quarter_bounds(year: int, quarter: int) -> tuple[dt.date, dt.date]:
    first_month = 3 * (quarter - 1) + 1
    last_month = first_month + 2
    return dt.date(year, first_month, 1), dt.date(year, last_month, calendar.monthrange(year, last_month)[1])


def period_for(
    kind: str = "year", *, year: int | None = None, start: dt.date | None = None, end: dt.date | None = None
) -> Period:
    """The period asked for: a year, a quarter (q1..q4), a month (m1..m12) of ``year``, or custom dates."""
    year = year or timezone.localdate().year
    if not 1900 < year < 2200:
        raise Refused("Năm không hợp lệ.", field="year")
    if kind == "year":
        return Period(dt.date(year, 1, 1), dt.date(year, 12, 31), "year")
    if kind in {"q1", "q2", "q3", "q4"}:
        first, last = quarter_bounds(year, int(kind[1]))
        return Period(first, last, kind)
    if kind.startswith("m") and kind[1:].isdigit() and 1 <= int(kind[1:]) <= 12:
        month = int(kind[1:])
        return Period(
            dt.date(year, month, 1), dt.date(year, month, calendar.monthrange(year, month)[1]), kind
        )
    if kind == "custom":
        if start is None or end is None:
            raise Refused("Vui lòng chọn cả ngày bắt đầu và ngày kết thúc của kỳ báo cáo.", field="start")
        return custom_period(start, end)
    raise Refused("Kỳ báo cáo không hợp lệ.", field="period")


def custom_period(start: dt.date, end: dt.date) -> Period:
    """The days from ``start`` to ``end``, each within the horizon of dates a person may type."""
    workdays.check_in_horizon(start, field="start")
    workdays.check_in_horizon(end, field="end")
    if end < start:
        raise Refused("Ngày kết thúc phải sau ngày bắt đầu.", field="end")
    if (end - start).days > MAX_PERIOD_DAYS:
        raise Refused("Kỳ báo cáo dài tối đa 5 năm.", field="end")
    kind = "custom"
    if start == dt.date(start.year, 1, 1) and end == dt.date(start.year, 12, 31):
        kind = "year"
    elif (
        start.day == 1
        and start.month % 3 == 1
        and (start, end) == quarter_bounds(start.year, start.month // 3 + 1)
    ):
        kind = f"q{start.month // 3 + 1}"
    elif start.day == 1 and end == dt.date(
        start.year, start.month, calendar.monthrange(start.year, start.month)[1]
    ):
        kind = f"m{start.month}"
    return Period(start, end, kind)


# --- the scope -----------------------------------------------------------------------------------


@dataclass
class ReportScope:
    """Whose figures a person may read, narrowed to the unit they chose (if any).

    ``roots`` are the subtrees the person leads; ``unit`` the chosen unit inside them; ``exact``
    keeps the chosen unit alone (without its subtree: the "(trực tiếp)" rows). ``key_length`` is
    the length of the path prefix that groups unit rows.
    """

    user: Any
    roots: list[Unit]
    unit: Unit | None = None
    exact: bool = False

    @property
    def is_leader(self) -> bool:
        return bool(self.roots)

    @property
    def key_length(self) -> int:
        if self.unit is not None:
            return len(self.unit.path) + PATH_STEP
        return min((len(r.path) for r in self.roots), default=0) + PATH_STEP

    @property
    def q(self) -> Q:
        own = Q(lead_user_id=self.user.pk)
        if not self.roots:
            return own
        query = subtree_q([r.path for r in self.roots], "unit_")
        if not self._own_work_inside_roots():
            query |= own
        if self.unit is not None:
            query &= Q(unit_path=self.unit.path) if self.exact else subtree_q([self.unit.path], "unit_")
        return query

    def _own_work_inside_roots(self) -> bool:
        """Is the work this person leads already inside the subtrees they lead? (A head's own work
        sits in the unit they head; a deputy in charge of divisions has theirs in the department.)
        Work follows the lead's *primary* post (``assignment_create``); when that post is inside a
        led subtree the extra condition is dropped, which keeps the query a plain range."""
        from congvu.org import policies as org

        membership = org.primary_membership(self.user)
        posts = [m.unit.path for m in org.memberships(self.user)]
        if membership is None or len(posts) > 1:
            return False
        return any(membership.unit.path.startswith(r.path) for r in self.roots)

    @property
    def title(self) -> str:
        if self.unit is not None:
            return f"{self.unit.name} (trực tiếp)" if self.exact else self.unit.name
        if not self.roots:
            return str(getattr(self.user, "full_name", "") or self.user)
        return ", ".join(r.name for r in self.roots)


def report_scope(user: Any) -> ReportScope:
    """The person's scope: the subtrees they lead (in person or on someone's behalf), else themselves."""
    paths = policies.led_paths(user)
    roots = sorted(Unit.objects.filter(path__in=paths), key=lambda u: u.path) if paths else []
    return ReportScope(user=user, roots=roots)


def narrow(scope: ReportScope, unit: Unit | None, *, exact: bool = False) -> ReportScope:
    """The scope narrowed to one unit's subtree (or, ``exact``, to the unit alone).

    A leader may choose any unit inside the subtrees they lead; "(trực tiếp)" rows may name a unit
    above them (a deputy's own work sits in their department), which only narrows what they see
    anyway. Anyone else reads only their own figures and may not name a unit.
    """
    if unit is None:
        return scope
    inside = any(unit.path.startswith(r.path) for r in scope.roots)
    if not scope.roots or not (inside or exact):
        raise Refused(
            "Ông/bà chỉ xem được số liệu của đơn vị mình phụ trách (và của chính mình).",
            field="unit",
            kind=Refused.Kind.NOT_ALLOWED,
        )
    return ReportScope(user=scope.user, roots=scope.roots, unit=unit, exact=exact)


def unit_in_scope(scope: ReportScope, unit_id: Any, *, exact: bool = False) -> ReportScope:
    """:func:`narrow` by the unit's id (from a query string or the API)."""
    if unit_id in (None, ""):
        return scope
    try:
        unit = Unit.objects.get(pk=int(unit_id))
    except (Unit.DoesNotExist, ValueError, TypeError):
        raise Refused("Không tìm thấy đơn vị.", field="unit") from None
    return narrow(scope, unit, exact=exact)


def scope_units(scope: ReportScope, *, levels: int = 2, also: Any = None) -> list[Unit]:
    """The units offered in the unit filter: each led subtree down to ``levels`` levels below, and
    the unit with id ``also`` (one chosen deeper, by clicking a row) when it is inside. One query."""
    if not scope.roots:
        return []
    query = Q(pk__in=[])
    for root in scope.roots:
        query |= subtree_q([root.path]) & Q(depth__lte=root.depth + levels)
    if also not in (None, "") and str(also).isdigit():
        query |= Q(pk=int(also)) & subtree_q([r.path for r in scope.roots])
    return list(Unit.objects.filter(query).order_by("path"))


# --- the predicates ------------------------------------------------------------------------------


def measure_q(measure: str, *, period: Period, today: dt.date) -> Q:
    """The condition of one figure, on top of :func:`base_queryset` (TASK-5; GLOSSARY: on time,
    late, overdue). The statistics and the drill-down list both use it."""
    cutoff = period.cutoff(today)
    if measure == "assigned":
        return Q()
    if measure == "on_time":
        return Q(status=S.DONE, completed_on__lte=F("deadline"))
    if measure == "late":
        return Q(status=S.DONE, completed_on__gt=F("deadline"))
    if measure == "overdue":
        return Q(status__in=OPEN, deadline__lt=cutoff)
    if measure == "in_progress":
        return Q(status__in=OPEN, deadline__gte=cutoff)
    if measure == "returned":
        return Q(returned_count__gt=0)
    if measure == "rated":
        return Q(status=S.DONE, rating__isnull=False)
    raise Refused("Chỉ tiêu không hợp lệ.", field="measure")


def base_queryset(scope: ReportScope, period: Period) -> QuerySet[Assignment]:
    """Work of the scope with its deadline in the period, cancelled work left out."""
    return Assignment.objects.filter(scope.q, deadline__gte=period.start, deadline__lte=period.end).exclude(
        status=S.CANCELLED
    )


# --- the figures ---------------------------------------------------------------------------------


@dataclass
class StatRow:
    """One row of the table. ``person_id``/``lead_unit_id`` for person rows; ``unit`` (+``exact``)
    for unit rows; neither for the totals."""

    assigned: int = 0
    on_time: int = 0
    late: int = 0
    overdue: int = 0
    in_progress: int = 0
    returned: int = 0
    rated: int = 0
    rating_sum: int = 0
    key: str = ""
    label: str = ""
    note: str = ""
    person_id: int | None = None
    lead_unit_id: int | None = None
    unit_id: int | None = None
    unit_path: str = ""
    exact: bool = False

    @property
    def avg_rating(self) -> float | None:
        return round(self.rating_sum / self.rated, 2) if self.rated else None

    @property
    def on_time_rate(self) -> float | None:
        """Share of the work done on time, in percent of the work assigned."""
        return round(100 * self.on_time / self.assigned, 1) if self.assigned else None

    def add(self, other: StatRow) -> None:
        for name in (*COUNTED, "rated", "rating_sum"):
            setattr(self, name, getattr(self, name) + getattr(other, name))

    def as_dict(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "label": self.label,
            "person_id": self.person_id,
            "lead_unit_id": self.lead_unit_id,
            "unit_id": self.unit_id,
            "exact": self.exact,
            **{name: getattr(self, name) for name in COUNTED},
            "rated": self.rated,
            "avg_rating": self.avg_rating,
            "on_time_rate": self.on_time_rate,
        }


def _aggregates(period: Period, today: dt.date) -> dict[str, Any]:
    aggregates: dict[str, Any] = {"assigned": Count("id")}
    for name in COUNTED[1:]:
        aggregates[name] = Count("id", filter=measure_q(name, period=period, today=today))
    aggregates["rated"] = Count("id", filter=measure_q("rated", period=period, today=today))
    aggregates["rating_sum"] = Sum("rating", filter=measure_q("rated", period=period, today=today))
    return aggregates


def _row(values: dict[str, Any], **labels: Any) -> StatRow:
    """A row from one result of the aggregate query (NULL sums read as 0)."""
    row = StatRow(**labels)
    for name in (*COUNTED, "rated", "rating_sum"):
        setattr(row, name, int(values.get(name) or 0))
    return row


def evaluation_statistics(
    scope: ReportScope,
    period: Period,
    *,
    group: str = "unit",
    person_id: int | None = None,
    today: dt.date | None = None,
    top: int | None = None,
) -> list[StatRow]:
    """The rows, unlabelled, from ONE grouped aggregate query (see the module docstring).

    ``top`` keeps only the people with the most work (person rows, for the screen): a province has
    tens of thousands of people and PostgreSQL sorts them faster than Python reads them."""
    today = today or timezone.localdate()
    qs = base_queryset(scope, period)
    if person_id is not None:
        qs = qs.filter(lead_user_id=person_id)
    aggregates = _aggregates(period, today)
    rows: list[StatRow] = []
    if group == "unit" and scope.is_leader:
        length = scope.key_length
        by_unit = (
            qs.annotate(group_key=Substr("unit_path", 1, length)).values("group_key").annotate(**aggregates)
        )
        for values in by_unit.order_by():
            path = values["group_key"]
            rows.append(
                _row(
                    values,
                    key=f"u{path}",
                    unit_path=path,
                    unit_id=int(path[-PATH_STEP:]),
                    exact=len(path) < length,
                )
            )
        return rows
    grouped = qs.values("lead_user_id", "lead_unit_id").annotate(**aggregates).order_by()
    if top is not None:
        grouped = grouped.order_by("-assigned", "lead_user_id", "lead_unit_id")[:top]
    for values in grouped:
        person, lead_unit = values["lead_user_id"], values["lead_unit_id"]
        rows.append(
            _row(
                values,
                key=f"p{person}" if person else f"g{lead_unit}",
                person_id=person,
                lead_unit_id=lead_unit,
            )
        )
    return rows


def overall(scope: ReportScope, period: Period, *, person_id: int | None = None, today: dt.date) -> StatRow:
    """The totals row by itself (one aggregate query), when the rows were cut to the top ones."""
    qs = base_queryset(scope, period)
    if person_id is not None:
        qs = qs.filter(lead_user_id=person_id)
    return _row(qs.aggregate(**_aggregates(period, today)), key="total", label=str(_("Tổng cộng")))


def totals(rows: list[StatRow]) -> StatRow:
    total = StatRow(key="total", label=str(_("Tổng cộng")))
    for row in rows:
        total.add(row)
    return total


def label_rows(rows: list[StatRow], scope: ReportScope) -> list[StatRow]:
    """Names for the rows, sorted for reading: units in tree order, people in Vietnamese order
    (then the units leading work). Two small queries at most (people, units).
    """
    from congvu.accounts.models import User

    unit_ids = {r.unit_id for r in rows if r.unit_id} | {r.lead_unit_id for r in rows if r.lead_unit_id}
    person_ids = {r.person_id for r in rows if r.person_id}
    units = (
        {u.pk: u for u in Unit.objects.filter(pk__in=unit_ids).only("id", "name", "path")} if unit_ids else {}
    )
    people = (
        {p.pk: p for p in User.objects.filter(pk__in=person_ids).only("id", "full_name", "username")}
        if person_ids
        else {}
    )
    for row in rows:
        if row.person_id:
            person = people.get(row.person_id)
            row.label = (person.full_name or person.username) if person else f"#{row.person_id}"
        elif row.lead_unit_id:
            unit = units.get(row.lead_unit_id)
            row.label = unit.name if unit else f"#{row.lead_unit_id}"
            row.note = str(_("đơn vị chủ trì"))
        elif row.unit_id:
            unit = units.get(row.unit_id)
            row.label = unit.name if unit else f"#{row.unit_id}"
            if row.exact:
                row.note = str(_("trực tiếp"))
    if rows and rows[0].unit_path:
        return sorted(rows, key=lambda r: (r.unit_path, not r.exact))
    return sorted(rows, key=lambda r: (r.lead_unit_id is not None, tree.name_sort_key(r.label), r.key))


@dataclass
class EvaluationReport:
    scope: ReportScope
    period: Period
    group: str
    today: dt.date
    rows: list[StatRow]
    total: StatRow
    generated_at: dt.datetime
    truncated: bool = False  # the rows are the ``limit`` people with the most work, not all

    @property
    def unit_label(self) -> str:
        return self.scope.title

    @property
    def unit_line(self) -> str:
        """The unit line: "Sở Nội vụ (gồm các đơn vị trực thuộc)", or the person's own name."""
        if self.scope.is_leader and not self.scope.exact:
            return f"{self.scope.title} (gồm các đơn vị trực thuộc)"
        return self.scope.title

    def as_dict(self) -> dict[str, Any]:
        return {
            "start": self.period.start,
            "end": self.period.end,
            "period": self.period.label,
            "group": self.group,
            "unit_id": self.scope.unit.pk if self.scope.unit else None,
            "unit": self.unit_label,
            "rows": [r.as_dict() for r in self.rows],
            "totals": self.total.as_dict(),
            "truncated": self.truncated,
        }


def default_group(scope: ReportScope) -> str:
    return "unit" if scope.is_leader and not scope.exact else "person"


def evaluation_report(
    scope: ReportScope,
    period: Period,
    *,
    group: str | None = None,
    person_id: int | None = None,
    today: dt.date | None = None,
    limit: int | None = None,
) -> EvaluationReport:
    """The figures with their names and totals, for the screen, the exports and the API.

    With ``limit`` (the screen), person rows beyond the ``limit`` busiest are left out and the
    totals come from a second aggregate query; otherwise everything is one grouped query."""
    today = today or timezone.localdate()
    group = group if group in GROUPS else default_group(scope)
    if not scope.is_leader or scope.exact:
        group = "person"
    top = limit + 1 if limit is not None and group == "person" else None
    rows = evaluation_statistics(scope, period, group=group, person_id=person_id, today=today, top=top)
    truncated = limit is not None and len(rows) > limit
    if truncated:
        rows = rows[:limit]
        total = overall(scope, period, person_id=person_id, today=today)
    else:
        total = totals(rows)
    return EvaluationReport(
        scope=scope,
        period=period,
        group=group,
        today=today,
        rows=label_rows(rows, scope),
        total=total,
        generated_at=timezone.localtime(),
        truncated=truncated,
    )


# --- the drill-down ------------------------------------------------------------------------------


def items_queryset(
    scope: ReportScope,
    period: Period,
    *,
    measure: str = "assigned",
    person_id: int | None = None,
    lead_unit_id: int | None = None,
    today: dt.date | None = None,
) -> QuerySet[Assignment]:
    """The work behind one figure: the same base and predicate as :func:`evaluation_statistics`."""
    today = today or timezone.localdate()
    qs = base_queryset(scope, period).filter(measure_q(measure, period=period, today=today))
    if person_id is not None:
        qs = qs.filter(lead_user_id=person_id)
    if lead_unit_id is not None:
        qs = qs.filter(lead_unit_id=lead_unit_id)
    return qs


def timing_of(item: Assignment, *, period: Period, today: dt.date) -> tuple[str, str]:
    """The item's place among the four exclusive figures, as (label, css tone)."""
    if item.status == S.DONE:
        if item.completed_on and item.completed_on <= item.deadline:
            return str(MEASURES["on_time"]), "status-ok"
        return str(MEASURES["late"]), "status-warn"
    if item.deadline < period.cutoff(today):
        return str(MEASURES["overdue"]), "status-bad"
    return str(MEASURES["in_progress"]), "status-info"


# --- the chart -----------------------------------------------------------------------------------

CHART_SERIES = (
    ("on_time", "#2e7d32"),
    ("late", "#d68a00"),
    ("overdue", "#c62828"),
    ("in_progress", "#1e63b5"),
)
CHART_MAX_ROWS = 15


@dataclass
class ChartBar:
    label: str
    total: int
    y: int
    segments: list[dict[str, Any]]

    @property
    def text_y(self) -> int:
        return self.y + 14

    @property
    def bar_y(self) -> int:
        return self.y + 20

    @property
    def value_y(self) -> int:
        return self.y + 32

    @property
    def end(self) -> float:
        """Where the bar ends, in percent of the chart's width."""
        return round(self.segments[-1]["x"] + self.segments[-1]["w"], 2) if self.segments else 0


@dataclass
class Chart:
    height: int
    bar_height: int
    bars: list[ChartBar]
    legend: list[dict[str, Any]]
    description: str
    truncated: bool


def chart(report: EvaluationReport) -> Chart:
    """A stacked horizontal bar per row (on time, late, overdue, in progress), drawn server-side as
    inline SVG — the same picture on the screen and in the PDF.

    Bars are laid out in percent of the chart's width and the text in pixels, so the SVG stretches
    to its box without shrinking its letters: it reads the same on a 360 px phone and on a desktop.
    Each label sits above its bar; the legend is HTML beside it; the table under it gives every
    number (the accessible equivalent), and ``description`` says it in words (<desc>)."""
    rows = [r for r in report.rows if r.assigned]
    truncated = len(rows) > CHART_MAX_ROWS
    rows = sorted(rows, key=lambda r: -r.assigned)[:CHART_MAX_ROWS] if truncated else rows
    scale_max = max((r.assigned for r in rows), default=1)
    bar_share = 88.0  # percent of the width for the longest bar; the rest holds its total
    row_height, bar_height = 42, 16
    bars = []
    for i, row in enumerate(rows):
        x = 0.0
        segments = []
        for name, color in CHART_SERIES:
            value = getattr(row, name)
            if not value:
                continue
            w = bar_share * value / scale_max
            segments.append(
                {
                    "x": round(x, 2),
                    "w": round(w, 2),
                    "color": color,
                    "value": value,
                    "label": str(MEASURES[name]),
                }
            )
            x += w
        label = row.label + (f" ({row.note})" if row.note else "")
        bars.append(ChartBar(label=label, total=row.assigned, y=i * row_height, segments=segments))
    legend = [{"color": color, "label": str(MEASURES[name])} for name, color in CHART_SERIES]
    description = "; ".join(
        f"{b.label}: {r.assigned} việc, {r.on_time} đúng hạn, {r.late} trễ hạn, {r.overdue} quá hạn, "
        f"{r.in_progress} đang thực hiện"
        for b, r in zip(bars, rows, strict=True)
    )
    return Chart(
        height=max(len(rows), 1) * row_height,
        bar_height=bar_height,
        bars=bars,
        legend=legend,
        description=description,
        truncated=truncated,
    )


# --- the usage report (TASK-7) ---------------------------------------------------------------
# The usage report (TASK-7; seed 000 Đ10.1.f "báo cáo định kỳ tình hình triển khai công việc của
# các đơn vị trên hệ thống phần mềm"; seed 004 Đ10.3.d): per unit and over a period, how many
# accounts the unit has, how many of its people signed in and how often, and how much work they
# updated in the system.
#
# Figures, per unit (each row rolls up a unit's whole subtree, one level below the chosen unit, as
# the evaluation report does — see ``congvu.assignments.reports.selectors``):
#
# - **accounts** (tài khoản hoạt động): active accounts whose current primary post is in the unit;
# - **signed in** (số người đăng nhập): distinct people with at least one ``accounts.sign_in`` audit
#   event in the period;
# - **sign-ins** (lượt đăng nhập): the number of those events;
# - **work updated** (công việc được cập nhật): distinct work items on which the unit's people wrote
#   an ``assignments.*`` audit event in the period (created, progress, submitted, approved…), and
#   the number of such updates.
#
# A person is counted in the unit of their *current* primary post (the audit log does not record
# units). Who reads it: administrators (the units they administer) and leaders (the subtrees they
# lead). Three grouped queries — accounts, sign-ins, updates — whatever the number of units, plus
# one for the distinct total of work updated, and one for the names of the rows.

USAGE_FIGURES = {
    "accounts": _("Tài khoản hoạt động"),
    "signed_in": _("Số người đăng nhập"),
    "sign_ins": _("Lượt đăng nhập"),
    "items_updated": _("Công việc được cập nhật"),
    "updates": _("Lượt cập nhật công việc"),
}
SIGN_IN = "accounts.sign_in"
WORK_PREFIX = "assignments."
WORK_OBJECT = "assignments.assignment"


@dataclass
class UsageScope:
    user: Any
    roots: list[Unit]
    unit: Unit | None = None

    @property
    def paths(self) -> list[str]:
        return [self.unit.path] if self.unit is not None else [r.path for r in self.roots]

    @property
    def key_length(self) -> int:
        if self.unit is not None:
            return len(self.unit.path) + PATH_STEP
        return min((len(r.path) for r in self.roots), default=0) + PATH_STEP

    @property
    def title(self) -> str:
        return self.unit.name if self.unit is not None else ", ".join(r.name for r in self.roots)


def may_read_usage(user: Any) -> bool:
    """Administrators and leaders read the usage report (no query: the person's posts are cached)."""
    return bool(org.managed_unit_paths(user))


def usage_scope(user: Any) -> UsageScope:
    """Administrators: the units they administer; leaders: the subtrees they lead. Refused otherwise."""
    paths = tree.outermost(org.managed_unit_paths(user))
    if "" in paths:
        roots = list(Unit.objects.filter(parent__isnull=True).order_by("path"))
    else:
        roots = list(Unit.objects.filter(path__in=paths).order_by("path")) if paths else []
    if not roots:
        raise Refused.not_allowed(
            "Chỉ quản trị hệ thống và lãnh đạo đơn vị mới xem được báo cáo sử dụng phần mềm."
        )
    return UsageScope(user=user, roots=roots)


def usage_narrow(scope: UsageScope, unit_id: Any) -> UsageScope:
    if unit_id in (None, ""):
        return scope
    unit = Unit.objects.filter(pk=int(unit_id)).first() if str(unit_id).isdigit() else None
    if unit is None or not any(unit.path.startswith(r.path) for r in scope.roots):
        raise Refused(
            "Đơn vị không thuộc phạm vi ông/bà quản lý.", field="unit", kind=Refused.Kind.NOT_ALLOWED
        )
    return UsageScope(user=scope.user, roots=scope.roots, unit=unit)


def usage_units(scope: UsageScope, *, levels: int = 2) -> list[Unit]:
    query = Q(pk__in=[])
    for root in scope.roots:
        query |= subtree_q([root.path]) & Q(depth__lte=root.depth + levels)
    if scope.unit is not None:
        query |= Q(pk=scope.unit.pk)
    return list(Unit.objects.filter(query).order_by("path"))


@dataclass
class UsageRow:
    key: str = ""
    label: str = ""
    note: str = ""
    unit_id: int | None = None
    unit_path: str = ""
    exact: bool = False
    accounts: int = 0
    signed_in: int = 0
    sign_ins: int = 0
    items_updated: int = 0
    updates: int = 0

    @property
    def signed_in_rate(self) -> float | None:
        """Share of the accounts that signed in at least once, in percent."""
        return round(100 * self.signed_in / self.accounts, 1) if self.accounts else None

    def as_dict(self) -> dict[str, Any]:
        return {
            "unit_id": self.unit_id,
            "label": self.label,
            "exact": self.exact,
            **{name: getattr(self, name) for name in USAGE_FIGURES},
            "signed_in_rate": self.signed_in_rate,
        }


@dataclass
class UsageReport:
    scope: UsageScope
    period: Period
    rows: list[UsageRow]
    total: UsageRow
    generated_at: dt.datetime

    def as_dict(self) -> dict[str, Any]:
        return {
            "start": self.period.start,
            "end": self.period.end,
            "period": self.period.label,
            "unit_id": self.scope.unit.pk if self.scope.unit else None,
            "unit": self.scope.title,
            "rows": [r.as_dict() for r in self.rows],
            "totals": self.total.as_dict(),
        }


def _usage_bounds(period: Period) -> tuple[dt.datetime, dt.datetime]:
    """The period's days as a half-open interval of aware datetimes in the local time zone."""
    tz = timezone.get_current_timezone()
    start = dt.datetime.combine(period.start, dt.time.min, tzinfo=tz)
    end = dt.datetime.combine(period.end + dt.timedelta(days=1), dt.time.min, tzinfo=tz)
    return start, end


def _current_primary_post(prefix: str, today: dt.date) -> Q:
    return Q(**{f"{prefix}is_primary": True, f"{prefix}started_on__lte": today}) & (
        Q(**{f"{prefix}ended_on__isnull": True}) | Q(**{f"{prefix}ended_on__gte": today})
    )


def usage_report(scope: UsageScope, period: Period, *, today: dt.date | None = None) -> UsageReport:
    today = today or timezone.localdate()
    length = scope.key_length
    start, end = _usage_bounds(period)
    rows: dict[str, UsageRow] = {}

    def row(path: str) -> UsageRow:
        if path not in rows:
            rows[path] = UsageRow(
                key=path, unit_path=path, unit_id=int(path[-PATH_STEP:]), exact=len(path) < length
            )
        return rows[path]

    accounts = (
        Membership.objects.filter(
            _current_primary_post("", today),
            subtree_q(scope.paths, "unit__"),
            user__status=User.Status.ACTIVE,
        )
        .annotate(group_key=Substr("unit__path", 1, length))
        .values("group_key")
        .annotate(accounts=Count("user_id", distinct=True))
        .order_by()
    )
    for values in accounts:
        row(values["group_key"]).accounts = values["accounts"]

    post = "actor__memberships__"
    in_scope = _current_primary_post(post, today) & subtree_q(scope.paths, f"{post}unit__")
    events = AuditEvent.objects.filter(in_scope, occurred_at__gte=start, occurred_at__lt=end)
    sign_ins = (
        events.filter(action=SIGN_IN)
        .annotate(group_key=Substr(f"{post}unit__path", 1, length))
        .values("group_key")
        .annotate(signed_in=Count("actor_id", distinct=True), sign_ins=Count("id"))
        .order_by()
    )
    for values in sign_ins:
        r = row(values["group_key"])
        r.signed_in, r.sign_ins = values["signed_in"], values["sign_ins"]

    work = events.filter(action__startswith=WORK_PREFIX, object_type=WORK_OBJECT)
    updates = (
        work.annotate(group_key=Substr(f"{post}unit__path", 1, length))
        .values("group_key")
        .annotate(items_updated=Count("object_id", distinct=True), updates=Count("id"))
        .order_by()
    )
    for values in updates:
        r = row(values["group_key"])
        r.items_updated, r.updates = values["items_updated"], values["updates"]

    total = UsageRow(key="total", label=str(_("Tổng cộng")))
    for r in rows.values():
        for name in ("accounts", "signed_in", "sign_ins", "updates"):
            setattr(total, name, getattr(total, name) + getattr(r, name))
    # One item updated by people of two units counts once in the total.
    total.items_updated = work.aggregate(n=Count("object_id", distinct=True))["n"] if rows else 0

    # Every unit of the rows' level is listed, with zeros too: a unit nobody signs in from is
    # exactly what this report is for. The same query names the rows.
    level = Q(depth=length // PATH_STEP - 1, is_active=True) & subtree_q(scope.paths)
    wanted = level | Q(pk__in=[r.unit_id for r in rows.values()])
    for _unit_id, name, path in Unit.objects.filter(wanted).values_list("id", "name", "path"):
        row(path).label = name
    for r in rows.values():
        r.label = r.label or f"#{r.unit_id}"
        if r.exact:
            r.note = str(_("trực tiếp"))
    ordered = sorted(rows.values(), key=lambda r: (r.unit_path, not r.exact))
    return UsageReport(
        scope=scope, period=period, rows=ordered, total=total, generated_at=timezone.localtime()
    )
