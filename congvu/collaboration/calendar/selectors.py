"""Reads of the work calendars for the screens, the API, the exports and the home page (COL-1).

The week page reads: the calendar (with its access check), the calendars of the filter, the week's
state, the entries with their hosts and preparing units, and their participants (two prefetches)."""

from __future__ import annotations

import calendar as stdlib_calendar
import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from congvu.collaboration.calendar import policies
from congvu.collaboration.calendar.models import CalendarEntry, CalendarFile, CalendarWeek, WorkCalendar
from congvu.core.decisions import Refused
from congvu.org.models import Unit

MAX_RANGE_DAYS = 62
HOME_ITEMS = 8
WEEKDAY_NAMES = ("Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ nhật")
KIND_ORDER: dict[str, int] = {"agency": 0, "leader": 1, "unit": 2}


def monday_of(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def week_number(monday: dt.date) -> int:
    """The week's number in its year as agencies print it ("Tuần thứ 49"): ISO 8601."""
    return monday.isocalendar()[1]


def parse_day(value: str | None, default: dt.date) -> dt.date:
    """A day from the address (yyyy-mm-dd); a malformed or far one is today's."""
    try:
        day = dt.date.fromisoformat(value or "")
    except ValueError:
        return default
    if abs((day - default).days) > 3660:
        return default
    return day


def with_people(entries: QuerySet[CalendarEntry]) -> QuerySet[CalendarEntry]:
    from congvu.accounts.models import User

    return entries.select_related("host", "preparing_unit", "week").prefetch_related(
        Prefetch("participants", queryset=User.objects.only("pk", "full_name", "username")),
        Prefetch("participant_units", queryset=Unit.objects.only("pk", "name", "short_name")),
    )


def entries_between(
    user: Any, calendar: WorkCalendar, first: dt.date, last: dt.date, *, with_participants: bool = True
) -> QuerySet[CalendarEntry]:
    """The calendar's entries the person may see from ``first`` to ``last`` (at most
    ``MAX_RANGE_DAYS``), with their host, preparing unit and week, and — unless the caller reads
    their names itself (``participant_names``) — their participants."""
    if (last - first).days >= MAX_RANGE_DAYS or last < first:
        raise Refused.invalid(f"Khoảng ngày tối đa {MAX_RANGE_DAYS} ngày.", field="end")
    entries = CalendarEntry.objects.filter(calendar=calendar, day__gte=first, day__lte=last)
    if calendar.pk not in policies.kept_calendar_ids(user):
        entries = entries.filter(policies.SHOWN)
    if not with_participants:
        return entries.select_related("host", "preparing_unit", "week").order_by("day", "start_time", "id")
    return with_people(entries).order_by("day", "start_time", "id")


def calendar_choices(user: Any) -> list[WorkCalendar]:
    """The calendars of the filter: the agency's first, then leaders', then units' — with what the
    page shows of the chosen one (its agency's name), so that choosing it costs no second query."""
    calendars = list(
        policies.visible_calendars(user)
        .select_related("agency")
        .only("pk", "kind", "name", "agency_id", "unit_id", "leader_id", "agency__name", "agency__short_name")
    )
    return sorted(calendars, key=lambda c: (c.agency_id, KIND_ORDER.get(c.kind, 9), c.name))


def default_calendar(user: Any, choices: list[WorkCalendar]) -> WorkCalendar | None:
    """The agency's calendar of the person's agency, else the first they may read."""
    agencies = policies.agency_ids(user)
    return next(
        (c for c in choices if c.kind == WorkCalendar.Kind.AGENCY and c.agency_id in agencies),
        choices[0] if choices else None,
    )


# --- the week -------------------------------------------------------------------------------------


@dataclass
class DaySlot:
    day: dt.date
    name: str
    morning: list[CalendarEntry] = field(default_factory=list)
    afternoon: list[CalendarEntry] = field(default_factory=list)
    is_today: bool = False

    @property
    def parts(self) -> tuple[tuple[str, list[CalendarEntry]], tuple[str, list[CalendarEntry]]]:
        return (("am", self.morning), ("pm", self.afternoon))

    @property
    def empty(self) -> bool:
        return not self.morning and not self.afternoon


@dataclass
class WeekPage:
    calendar: WorkCalendar
    monday: dt.date
    sunday: dt.date
    number: int
    days: list[DaySlot]
    week: CalendarWeek | None
    keeps: bool
    publishes: bool
    hidden: bool  # an unpublished week of the agency's calendar, shown to a reader as empty
    choices: list[WorkCalendar]
    manages: bool = False  # may name the calendar's keepers

    @property
    def previous(self) -> dt.date:
        return self.monday - dt.timedelta(days=7)

    @property
    def next(self) -> dt.date:
        return self.monday + dt.timedelta(days=7)

    @property
    def count(self) -> int:
        return sum(len(d.morning) + len(d.afternoon) for d in self.days)


def label(entry: CalendarEntry, people: list[str], units: list[str]) -> CalendarEntry:
    """What the week shows of an entry, as plain text: its time ("08h00–09h30", or "" all day), its
    host, and its participants (people; units; outsiders) given by name."""
    start, end = entry.start_time, entry.end_time
    entry.when = (  # type: ignore[attr-defined]
        "" if start is None else f"{start:%H}h{start:%M}" + (f"–{end:%H}h{end:%M}" if end else "")
    )
    hosts = [entry.host.full_name or entry.host.username] if entry.host_id and entry.host else []
    entry.host_label = "; ".join([*hosts, *([entry.host_text] if entry.host_text else [])])  # type: ignore[attr-defined]
    names = [*people, *units, *([entry.participants_text] if entry.participants_text else [])]
    entry.people_label = "; ".join(names)  # type: ignore[attr-defined]
    return entry


def participant_names(entry_ids: list[int]) -> tuple[dict[int, list[str]], dict[int, list[str]]]:
    """Entry id → the names of its participating people, and of its units: two light queries (no
    model rows), for the week page."""
    people: dict[int, list[str]] = {}
    units: dict[int, list[str]] = {}
    if not entry_ids:
        return people, units
    through = CalendarEntry.participants.through
    for entry_id, full_name, username in (
        through.objects.filter(calendarentry_id__in=entry_ids)
        .order_by("id")
        .values_list("calendarentry_id", "user__full_name", "user__username")
    ):
        people.setdefault(entry_id, []).append(full_name or username)
    unit_through = CalendarEntry.participant_units.through
    for entry_id, name in (
        unit_through.objects.filter(calendarentry_id__in=entry_ids)
        .order_by("id")
        .values_list("calendarentry_id", "unit__name")
    ):
        units.setdefault(entry_id, []).append(name)
    return people, units


def _changed_after_publish(entry: CalendarEntry, week: CalendarWeek | None) -> bool:
    return bool(week and week.published_at and entry.updated_at > week.published_at)


def week_page(
    user: Any, calendar: WorkCalendar, day: dt.date, *, choices: list[WorkCalendar] | None = None
) -> WeekPage:
    monday = monday_of(day)
    sunday = monday + dt.timedelta(days=6)
    keeps = calendar.pk in policies.kept_calendar_ids(user)
    week = None
    if calendar.kind == WorkCalendar.Kind.AGENCY:
        week = CalendarWeek.objects.filter(calendar=calendar, week_start=monday).first()
    hidden = calendar.kind == WorkCalendar.Kind.AGENCY and not keeps and not (week and week.is_visible)
    today = timezone.localdate()
    days = [
        DaySlot(
            monday + dt.timedelta(days=i), WEEKDAY_NAMES[i], is_today=monday + dt.timedelta(days=i) == today
        )
        for i in range(7)
    ]
    if not hidden:
        entries = list(entries_between(user, calendar, monday, sunday, with_participants=False))
        people, units = participant_names([e.pk for e in entries])
        for entry in entries:
            entry.changed = _changed_after_publish(entry, week)  # type: ignore[attr-defined]
            label(entry, people.get(entry.pk, []), units.get(entry.pk, []))
            slot = days[(entry.day - monday).days]
            (slot.afternoon if entry.is_afternoon else slot.morning).append(entry)
    return WeekPage(
        calendar=calendar,
        monday=monday,
        sunday=sunday,
        number=week_number(monday),
        days=days,
        week=week,
        keeps=keeps,
        publishes=keeps and calendar.kind == WorkCalendar.Kind.AGENCY,
        hidden=hidden,
        choices=choices if choices is not None else calendar_choices(user),
        manages=bool(policies.can_manage_keepers(user, calendar)),
    )


# --- the month ------------------------------------------------------------------------------------


@dataclass
class MonthPage:
    calendar: WorkCalendar
    first: dt.date
    weeks: list[list[tuple[dt.date, list[CalendarEntry]]]]
    files: list[CalendarFile]
    keeps: bool
    choices: list[WorkCalendar]

    @property
    def previous(self) -> dt.date:
        return (self.first - dt.timedelta(days=1)).replace(day=1)

    @property
    def next(self) -> dt.date:
        return (self.first + dt.timedelta(days=32)).replace(day=1)


def month_page(user: Any, calendar: WorkCalendar, day: dt.date) -> MonthPage:
    first = day.replace(day=1)
    last = first.replace(day=stdlib_calendar.monthrange(first.year, first.month)[1])
    grid_start = monday_of(first)
    grid_end = monday_of(last) + dt.timedelta(days=6)
    by_day: dict[dt.date, list[CalendarEntry]] = {}
    for entry in entries_between(user, calendar, first, last):
        by_day.setdefault(entry.day, []).append(entry)
    weeks: list[list[tuple[dt.date, list[CalendarEntry]]]] = []
    current = grid_start
    while current <= grid_end:
        weeks.append(
            [
                (current + dt.timedelta(days=i), by_day.get(current + dt.timedelta(days=i), []))
                for i in range(7)
            ]
        )
        current += dt.timedelta(days=7)
    files = list(CalendarFile.objects.filter(calendar=calendar, month=first).select_related("stored_file"))
    return MonthPage(
        calendar=calendar,
        first=first,
        weeks=weeks,
        files=files,
        keeps=calendar.pk in policies.kept_calendar_ids(user),
        choices=calendar_choices(user),
    )


# --- the home page --------------------------------------------------------------------------------


def today_entries(user: Any, *, limit: int = HOME_ITEMS) -> list[CalendarEntry]:
    """Today's entries of the person's calendars: the agency's published week, their units', their
    own, and whatever names them — one query."""
    if not getattr(user, "pk", None):
        return []
    from congvu.org import policies as org

    units = sorted({m.unit_id for m in org.facts(user).memberships})
    agencies = sorted(policies.agency_ids(user))
    mine = (
        Q(calendar__kind=WorkCalendar.Kind.AGENCY, calendar__agency_id__in=agencies)
        | Q(calendar__kind=WorkCalendar.Kind.UNIT, calendar__unit_id__in=units)
        | Q(calendar__kind=WorkCalendar.Kind.LEADER, calendar__leader_id=user.pk)
        | policies.named_in_q(user, probe=True)
    )
    return list(
        CalendarEntry.objects.filter(policies.SHOWN, mine, day=timezone.localdate())
        .select_related("calendar")
        .order_by("start_time", "id")[:limit]
    )


def home_section(user: Any) -> dict[str, Any] | None:
    """ "Lịch hôm nay" on the home page; hidden when the person has nothing today."""
    items = today_entries(user)
    if not items:
        return None
    return {"items": items, "today": timezone.localdate()}


# --- the entry form's choices ---------------------------------------------------------------------

MAX_UNIT_CHOICES = 500


def agency_people(calendar: WorkCalendar) -> list[Any]:
    """The people of the calendar's agency and of its office (hosts, participants, keepers)."""
    from congvu.accounts.models import User
    from congvu.org import tree

    ids = set(tree.agency_member_ids(calendar.agency))
    for office in Unit.objects.filter(parent_id=calendar.agency_id, is_office=True):
        ids.update(tree.agency_member_ids(office))
    people = list(User.objects.filter(pk__in=sorted(ids)).only("pk", "full_name", "username", "status"))
    return sorted(people, key=tree.person_sort_key)


def agency_units(calendar: WorkCalendar) -> list[Unit]:
    """The units under the calendar's agency (preparing and participating units)."""
    from congvu.org import tree

    return list(tree.subtree(calendar.agency).filter(is_active=True).order_by("path")[:MAX_UNIT_CHOICES])
