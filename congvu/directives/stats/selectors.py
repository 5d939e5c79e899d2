"""The statistics of directive follow-up (DIR-6; seed 001 Đ10.1) and the leader's dashboard.

Definitions (followed exactly by :func:`statistics`, :func:`category_q` and the tasks list):

- A task belongs to a period when its directive's issue date (``DirectiveTask.issued_on``) falls in
  [start, end]. Standing container tasks (``recurrence`` != "") are excluded; their periodic items
  (``parent`` set) count. Cancelled tasks are excluded.
- Categories, disjoint, evaluated "as of" a date D (the live view: D = today; a snapshot: D = the day
  it was closed):

  - ``done_on_time``: status done and ``completed_on`` <= deadline (and ``completed_on`` <= D);
  - ``done_late``: done and ``completed_on`` > deadline (and ``completed_on`` <= D);
  - ``not_updated``: not done and never reported (``first_reported_at`` is null, or later than D) —
    DIR-5 makes "no report" its own category, even when the deadline has passed;
  - ``in_progress``: reported at least once, not done, deadline >= D;
  - ``overdue``: reported at least once, not done, deadline < D.

  ``total`` is the sum of the five.
- Rows per lead agency (``lead_unit``) and per directing leader (``signer``), with totals, for one
  issuing agency. ``on_time_rate`` = done_on_time / total and ``done_rate`` = (done_on_time +
  done_late) / total, in percent with one decimal (None when total is 0).

One aggregate query over ``DirectiveTask`` (conditional ``Count(filter=Q(...))``) grouped by (lead
agency, leader) — folded in Python into both groupings — filtered on (agency, issued_on), the index
``dtask_stats_agency_idx``; and one query each for the names of the units and of the leaders: three
queries, whatever the number of tasks.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Case, Count, F, IntegerField, Q, QuerySet, Value, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from congvu.directives.models import DirectiveTask, PeriodSnapshot
from congvu.org import tree

S = DirectiveTask.Status

CATEGORIES: dict[str, Any] = {
    "done_on_time": _("Hoàn thành đúng hạn"),
    "done_late": _("Hoàn thành trễ hạn"),
    "in_progress": _("Đang thực hiện, còn hạn"),
    "overdue": _("Quá hạn"),
    "not_updated": _("Chưa cập nhật"),
}
MEASURES: dict[str, Any] = {**CATEGORIES, "total": _("Tổng số")}
# The chart's colours, one CSS class per category (stats.css; the PDF's own style block).
CHART_ORDER = ("done_on_time", "done_late", "in_progress", "overdue", "not_updated")
CHART_COLORS = {
    "done_on_time": "#2e7d32",
    "done_late": "#d68a00",
    "in_progress": "#1565c0",
    "overdue": "#c62828",
    "not_updated": "#8a94a3",
}
DUE_SOON_DAYS = 7  # the dashboard's "due soon": a deadline within this many days from today
DASHBOARD_LIMIT = 50  # tasks shown on the dashboard (the tasks list has them all)


def _next_day_start(day: dt.date) -> dt.datetime:
    """The first moment after ``day`` in local time: "reported by D" is before it."""
    return timezone.make_aware(dt.datetime.combine(day + dt.timedelta(days=1), dt.time.min))


def category_q(category: str, as_of: dt.date) -> Q:
    """The predicate of one category as of ``as_of`` (see the module's docstring)."""
    done = Q(status=S.DONE, completed_on__lte=as_of)
    reported = Q(first_reported_at__lt=_next_day_start(as_of))
    if category == "done_on_time":
        return done & Q(completed_on__lte=F("deadline"))
    if category == "done_late":
        return done & Q(completed_on__gt=F("deadline"))
    if category == "not_updated":
        return ~done & ~reported
    if category == "in_progress":
        return ~done & reported & Q(deadline__gte=as_of)
    if category == "overdue":
        return ~done & reported & Q(deadline__lt=as_of)
    if category == "total":
        return Q()
    raise ValueError(category)


def counted_tasks(agency_id: int, start: dt.date, end: dt.date) -> QuerySet[DirectiveTask]:
    """The tasks of one issuing agency that belong to [start, end]."""
    return (
        DirectiveTask.objects.filter(agency_id=agency_id, issued_on__gte=start, issued_on__lte=end)
        .exclude(status=S.CANCELLED)
        .filter(recurrence="")
    )


@dataclass
class StatRow:
    key: str  # "unit:<id>", "leader:<id>" or "total"
    label: str
    unit_id: int | None = None
    signer_id: int | None = None
    done_on_time: int = 0
    done_late: int = 0
    in_progress: int = 0
    overdue: int = 0
    not_updated: int = 0
    links: dict[str, str] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return self.done_on_time + self.done_late + self.in_progress + self.overdue + self.not_updated

    @property
    def done(self) -> int:
        return self.done_on_time + self.done_late

    @property
    def on_time_rate(self) -> float | None:
        return round(100 * self.done_on_time / self.total, 1) if self.total else None

    @property
    def done_rate(self) -> float | None:
        return round(100 * self.done / self.total, 1) if self.total else None

    def add(self, other: StatRow) -> None:
        for name in CATEGORIES:
            setattr(self, name, getattr(self, name) + getattr(other, name))

    def as_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "key": self.key,
            "label": self.label,
            "unit_id": self.unit_id,
            "signer_id": self.signer_id,
        }
        data.update({name: getattr(self, name) for name in CATEGORIES})
        data.update({"total": self.total, "on_time_rate": self.on_time_rate, "done_rate": self.done_rate})
        return data

    @classmethod
    def of(
        cls,
        key: str,
        label: str,
        counts: dict[str, Any],
        *,
        unit_id: int | None = None,
        signer_id: int | None = None,
    ) -> StatRow:
        return cls(
            key=key,
            label=label,
            unit_id=unit_id,
            signer_id=signer_id,
            done_on_time=int(counts.get("done_on_time") or 0),
            done_late=int(counts.get("done_late") or 0),
            in_progress=int(counts.get("in_progress") or 0),
            overdue=int(counts.get("overdue") or 0),
            not_updated=int(counts.get("not_updated") or 0),
        )

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> StatRow:
        return cls.of(
            data["key"], data["label"], data, unit_id=data.get("unit_id"), signer_id=data.get("signer_id")
        )


@dataclass
class Statistics:
    agency_id: int
    agency_name: str
    start: dt.date
    end: dt.date
    as_of: dt.date
    rows_by_agency: list[StatRow]
    rows_by_leader: list[StatRow]
    totals: StatRow

    def as_dict(self) -> dict[str, Any]:
        """The figures as JSON (a snapshot keeps them; the API answers them)."""
        return {
            "agency_id": self.agency_id,
            "agency": self.agency_name,
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "as_of": self.as_of.isoformat(),
            "rows_by_agency": [r.as_dict() for r in self.rows_by_agency],
            "rows_by_leader": [r.as_dict() for r in self.rows_by_leader],
            "totals": self.totals.as_dict(),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Statistics:
        return cls(
            agency_id=data["agency_id"],
            agency_name=data.get("agency", ""),
            start=dt.date.fromisoformat(data["start"]),
            end=dt.date.fromisoformat(data["end"]),
            as_of=dt.date.fromisoformat(data["as_of"]),
            rows_by_agency=[StatRow.from_dict(r) for r in data.get("rows_by_agency", [])],
            rows_by_leader=[StatRow.from_dict(r) for r in data.get("rows_by_leader", [])],
            totals=StatRow.from_dict(data["totals"]),
        )


def _aggregates(as_of: dt.date) -> dict[str, Count]:
    return {name: Count("id", filter=category_q(name, as_of)) for name in CATEGORIES}


def _fold(pairs: list[dict[str, Any]], key: str) -> list[dict[str, Any]]:
    folded: dict[int, dict[str, Any]] = {}
    for pair in pairs:
        row = folded.setdefault(pair[key], {key: pair[key], **dict.fromkeys(CATEGORIES, 0)})
        for name in CATEGORIES:
            row[name] += pair[name]
    return list(folded.values())


def statistics(*, agency: Any, start: dt.date, end: dt.date, as_of: dt.date | None = None) -> Statistics:
    """The figures of one issuing agency for [start, end] as of ``as_of`` (today by default)."""
    from congvu.accounts.models import User
    from congvu.org.models import Unit

    as_of = as_of or timezone.localdate()
    base = counted_tasks(agency.pk, start, end).order_by()
    # One pass over the tasks, grouped by (lead agency, leader): a few hundred groups at most, folded
    # here into both groupings (half the work of one aggregate per grouping).
    pairs = list(base.values("lead_unit_id", "signer_id").annotate(**_aggregates(as_of)))
    by_unit = _fold(pairs, "lead_unit_id")
    by_signer = _fold(pairs, "signer_id")
    units: dict[int, dict[str, Any]] = {
        u["id"]: dict(u)
        for u in Unit.objects.filter(pk__in=[r["lead_unit_id"] for r in by_unit]).values("id", "name", "path")
    }
    people = {
        p["id"]: p["full_name"]
        for p in User.objects.filter(pk__in=[r["signer_id"] for r in by_signer]).values("id", "full_name")
    }

    rows_by_agency = [
        StatRow.of(
            f"unit:{r['lead_unit_id']}",
            units.get(r["lead_unit_id"], {}).get("name", "—"),
            r,
            unit_id=r["lead_unit_id"],
        )
        for r in by_unit
    ]
    rows_by_agency.sort(key=lambda row: units.get(row.unit_id or 0, {}).get("path", ""))
    rows_by_leader = [
        StatRow.of(f"leader:{r['signer_id']}", people.get(r["signer_id"], "—"), r, signer_id=r["signer_id"])
        for r in by_signer
    ]
    rows_by_leader.sort(key=lambda row: (-row.total, row.label))
    totals = StatRow(key="total", label="Tổng cộng")
    for row in rows_by_agency:
        totals.add(row)
    return Statistics(
        agency_id=agency.pk,
        agency_name=agency.name,
        start=start,
        end=end,
        as_of=as_of,
        rows_by_agency=rows_by_agency,
        rows_by_leader=rows_by_leader,
        totals=totals,
    )


# --- the chart -----------------------------------------------------------------------------------


@dataclass
class Chart:
    height: int
    bar_height: int
    bars: list[dict[str, Any]]
    legend: list[dict[str, str]]
    description: str


def chart(stats: Statistics) -> Chart:
    """A stacked horizontal bar per lead agency, the five categories, drawn server-side as SVG: bars
    in percent of the width, text in pixels; the label above its bar, the total after it."""
    rows = [r for r in stats.rows_by_agency if r.total]
    scale = max((r.total for r in rows), default=1)
    share, row_height, bar_height = 88.0, 42, 16
    bars = []
    for i, row in enumerate(rows):
        x, segments = 0.0, []
        for name in CHART_ORDER:
            value = getattr(row, name)
            if not value:
                continue
            w = share * value / scale
            segments.append(
                {"x": round(x, 2), "w": round(w, 2), "name": name, "value": value, "label": CATEGORIES[name]}
            )
            x += w
        y = i * row_height
        bars.append(
            {
                "label": row.label,
                "total": row.total,
                "text_y": y + 13,
                "bar_y": y + 19,
                "value_y": y + 32,
                "end": round(x, 2),
                "segments": segments,
            }
        )
    legend = [{"name": name, "label": CATEGORIES[name], "color": CHART_COLORS[name]} for name in CHART_ORDER]
    description = "; ".join(
        f"{r.label}: {r.total} nhiệm vụ, {r.done_on_time} hoàn thành đúng hạn, {r.done_late} hoàn thành "
        f"trễ hạn, {r.in_progress} đang thực hiện, {r.overdue} quá hạn, {r.not_updated} chưa cập nhật"
        for r in rows
    )
    return Chart(
        height=max(len(rows), 1) * row_height,
        bar_height=bar_height,
        bars=bars,
        legend=legend,
        description=description,
    )


# --- closed periods ------------------------------------------------------------------------------


def snapshot_of(agency_id: int, start: dt.date, end: dt.date) -> PeriodSnapshot | None:
    return (
        PeriodSnapshot.objects.select_related("closed_by")
        .filter(agency_id=agency_id, start=start, end=end)
        .first()
    )


def closed_periods(agency_id: int, *, limit: int = 100) -> list[PeriodSnapshot]:
    """The periods the office closed, newest first (the figures are not read here)."""
    return list(
        PeriodSnapshot.objects.filter(agency_id=agency_id)
        .select_related("closed_by")
        .defer("figures")
        .order_by("-end", "-id")[:limit]
    )


def frozen(snapshot: PeriodSnapshot) -> Statistics:
    return Statistics.from_dict(snapshot.figures)


# --- the leader's dashboard ------------------------------------------------------------------------


@dataclass
class Dashboard:
    counts: StatRow
    year: int
    tasks: list[Any]
    overdue: int
    due_soon: int


def dashboard(user: Any, *, today: dt.date | None = None) -> Dashboard:
    """The tasks of the directives this leader signed: the open ones, overdue first, then due soon
    (within ``DUE_SOON_DAYS``), then the rest, each by deadline; and the year's counts per category.
    Three queries: the counts, the open tasks (one ordered, limited query), and nothing per row."""
    today = today or timezone.localdate()
    signer_ids = [user.pk, *(p.pk for p in tree.principals(user))]
    year_start, year_end = dt.date(today.year, 1, 1), dt.date(today.year, 12, 31)
    mine = (
        DirectiveTask.objects.filter(signer_id__in=signer_ids)
        .exclude(status=S.CANCELLED)
        .filter(recurrence="")
    )
    counts_row = mine.filter(issued_on__gte=year_start, issued_on__lte=year_end).aggregate(
        **_aggregates(today)
    )
    counts = StatRow.of("total", "", counts_row)
    soon = today + dt.timedelta(days=DUE_SOON_DAYS)
    rank = Case(
        When(deadline__lt=today, then=Value(0)),
        When(deadline__lte=soon, then=Value(1)),
        default=Value(2),
        output_field=IntegerField(),
    )
    open_tasks = mine.filter(status__in=DirectiveTask.OPEN_STATES)
    tasks: list[Any] = list(
        open_tasks.annotate(rank=rank)
        .select_related("directive", "lead_unit")
        .defer("search_text", "directive__search_text")
        .order_by("rank", "deadline", "id")[:DASHBOARD_LIMIT]
    )
    for task in tasks:
        task.group = ("overdue", "due_soon", "later")[task.rank]
        task.days = (task.deadline - today).days
    ranks = open_tasks.aggregate(
        overdue=Count("id", filter=Q(deadline__lt=today)),
        due_soon=Count("id", filter=Q(deadline__gte=today, deadline__lte=soon)),
    )
    return Dashboard(
        counts=counts, year=today.year, tasks=tasks, overdue=ranks["overdue"], due_soon=ranks["due_soon"]
    )


# --- whose statistics --------------------------------------------------------------------------------

LEADING_LEVELS = ("head", "deputy")
ISSUING_KINDS = ("agency", "district", "commune")


def leads_an_issuing_agency(user: Any) -> bool:
    """The menu's test for the leader's dashboard: the head or a deputy of an agency that issues
    directives (UBND of a level), personally — from the person's facts, no query."""
    from congvu.org import policies as org

    return any(
        m.position.level in LEADING_LEVELS and m.unit.kind in ISSUING_KINDS
        for m in org.facts(user).memberships
    )


def statistics_agencies(user: Any) -> list[Any]:
    """The issuing agencies whose statistics this person reads: the agencies they keep as office,
    then the agencies (UBND of a level) they lead as head or deputy. Read from the person's
    facts (cached for the request): cheap enough for the menu."""
    from congvu.directives import policies
    from congvu.org import policies as org

    if not getattr(user, "pk", None):
        return []
    cached = getattr(user, "_statistics_agencies", None)  # read once per request (the menu asks twice)
    if cached is not None:
        return list(cached)
    agencies = {u.pk: u for u in policies.office_agencies(user)}
    for person in [user, *tree.principals(user)]:
        for m in org.facts(person).memberships:
            if m.position.level in LEADING_LEVELS and m.unit.kind in ISSUING_KINDS:
                agencies.setdefault(m.unit.pk, m.unit)
    found = sorted(agencies.values(), key=lambda u: u.path)
    user._statistics_agencies = found
    return list(found)
