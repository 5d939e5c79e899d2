"""Who reads and who keeps the work calendars (COL-1, TASK-6; seed 002 Đ7.1).

Reading: a calendar belongs to a cơ quan (``WorkCalendar.agency``); the people who work in that
agency read it — its own units, and the people of its office (Văn phòng), which serves the agency
although it is a cơ quan of its own. The agency's weekly calendar shows a week to them once its
office has published it. Whoever is named in an entry (host, participant, or a participating unit)
reads that entry too, once it shows.

Keeping (adding, changing, deleting entries, attaching the month's file):
- a leader's calendar: the leader, the head of the agency's office (seed 002 Đ7.1: "Văn phòng ...
  lập và gửi lịch công tác"), and the people the leader authorised (``keepers``);
- a unit's calendar: the unit's head (Đ7.1: "Lãnh đạo các phòng, đơn vị"), and the people they
  authorised ("hoặc người được ... uỷ quyền");
- the agency's calendar: its office — the office's head and the clerks of the agency or of the
  office — and the people the office's head authorised. Its keepers publish its weeks.
Whoever acts for one of them under a delegation (``org.acts_for``) keeps it on their behalf.

The keepers' list of a leader's calendar is managed by the leader and the office's head; of a
unit's calendar by the unit's head; of the agency's calendar by the office's head.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet

from congvu.collaboration.calendar.models import (
    VISIBLE_WEEK,
    CalendarEntry,
    CalendarFile,
    WorkCalendar,
)
from congvu.core.decisions import Decision, Refused
from congvu.org import policies as org
from congvu.org import tree
from congvu.org.models import Position, RoleGrant, Unit

NOT_FOUND = "Không tìm thấy lịch công tác."
ENTRY_NOT_FOUND = "Không tìm thấy mục lịch công tác."
NOT_KEEPER = "Chỉ lãnh đạo, văn phòng hoặc người được ủy quyền giữ lịch này mới thêm, sửa, xóa được mục lịch."
NOT_PUBLISHER = "Chỉ Văn phòng cơ quan mới công bố được lịch công tác tuần của cơ quan."
NOT_MANAGER = "Chỉ lãnh đạo có lịch, thủ trưởng đơn vị hoặc Chánh Văn phòng mới giao được người giữ lịch."


# --- where a person stands ------------------------------------------------------------------------


def agency_ids(user: Any) -> frozenset[int]:
    """The agencies whose calendars the person reads: the cơ quan of each unit they work in, and,
    for the people of an office (Văn phòng), the agency the office serves. Kept between requests
    under the organisation's version (``tree.kept``), like the person's posts."""
    if not getattr(user, "pk", None):
        return frozenset()
    cached = getattr(user, "_calendar_agency_ids", None)
    if cached is not None:
        return cached
    result = tree.kept(user, "calendar_agencies", lambda now: (_read_agency_ids(user), None))
    user._calendar_agency_ids = result
    return result


def _read_agency_ids(user: Any) -> frozenset[int]:
    memberships = org.facts(user).memberships
    wanted = {pk for m in memberships for pk in m.unit.ancestor_ids}
    units = {
        u.pk: u
        for u in Unit.objects.filter(pk__in=sorted(wanted)).only("pk", "kind", "is_office", "parent_id")
    }
    found: set[int] = set()
    for m in memberships:
        for pk in reversed(m.unit.ancestor_ids):
            unit = units.get(pk)
            if unit is None:
                continue
            if unit.is_office and unit.parent_id:
                found.add(_agency_above(unit.parent_id, units))
            if unit.kind in tree.AGENCY_KINDS:
                found.add(unit.pk)
                break
    return frozenset(found)


def _agency_above(pk: int, units: dict[int, Unit]) -> int:
    unit = units.get(pk)
    while unit is not None and unit.kind not in tree.AGENCY_KINDS and unit.parent_id:
        unit = units.get(unit.parent_id)
    return unit.pk if unit is not None else pk


def _headed_ids(person: Any) -> set[int]:
    return {m.unit_id for m in org.facts(person).memberships if m.position.level == Position.Level.HEAD}


def _office_agency_ids(person: Any) -> set[int]:
    """The agencies whose office this person heads."""
    return {
        m.unit.parent_id
        for m in org.facts(person).memberships
        if m.position.level == Position.Level.HEAD and m.unit.is_office and m.unit.parent_id
    }


def _clerk_agency_ids(person: Any) -> set[int]:
    """The agencies whose clerk this person is: granted on the agency itself or on its office."""
    found: set[int] = set()
    for grant in org.facts(person).roles:
        if grant.role == RoleGrant.Role.CLERK:
            found.add(grant.unit_id)
            if grant.unit.is_office and grant.unit.parent_id:
                found.add(grant.unit.parent_id)
    return found


def _keeping_q(person: Any) -> Q:
    """The calendars ``person`` keeps in their own right (not through a delegation)."""
    office_agencies = sorted(_office_agency_ids(person))
    clerk_agencies = sorted(_clerk_agency_ids(person))
    return (
        Q(keepers=person.pk)
        | Q(kind=WorkCalendar.Kind.LEADER, leader_id=person.pk)
        | Q(kind=WorkCalendar.Kind.LEADER, agency_id__in=office_agencies)
        | Q(kind=WorkCalendar.Kind.UNIT, unit_id__in=sorted(_headed_ids(person)))
        | Q(kind=WorkCalendar.Kind.AGENCY, unit_id__in=sorted(set(office_agencies) | set(clerk_agencies)))
    )


def kept_calendar_ids(user: Any) -> frozenset[int]:
    """Every calendar the person keeps, personally or on someone's behalf (one query, per request)."""
    if not getattr(user, "pk", None):
        return frozenset()
    cached = getattr(user, "_calendar_kept_ids", None)
    if cached is not None:
        return cached
    q = Q(pk__in=[])
    for person in tree.people_acting_as(user):
        q |= _keeping_q(person)
    result = frozenset(WorkCalendar.objects.filter(q).values_list("pk", flat=True).distinct())
    user._calendar_kept_ids = result
    return result


def forget(user: Any) -> None:
    """Drop this request's copy of what the person reads and keeps (after a change to keepers)."""
    for name in ("_calendar_agency_ids", "_calendar_kept_ids"):
        if hasattr(user, name):
            delattr(user, name)


# --- which rows -----------------------------------------------------------------------------------


def visible_calendars(user: Any) -> QuerySet[WorkCalendar]:
    """The calendars of the person's agencies, and those they keep."""
    if not getattr(user, "pk", None):
        return WorkCalendar.objects.none()
    return WorkCalendar.objects.filter(
        Q(agency_id__in=sorted(agency_ids(user))) | Q(pk__in=sorted(kept_calendar_ids(user)))
    )


def named_in_q(user: Any, *, probe: bool = False) -> Q:
    """Entries that name the person: as host, as a participant, or through a participating unit.

    ``probe``: for a query already narrowed to a few entries (one day's), each is probed through the
    participants' unique index (``EXISTS``) instead of reading the ids of every entry of the year
    that names the person (a leader is named in thousands)."""
    units = sorted({m.unit_id for m in org.facts(user).memberships})
    through = CalendarEntry.participants.through
    unit_through = CalendarEntry.participant_units.through
    if probe:
        return (
            Q(host_id=user.pk)
            | Q(Exists(through.objects.filter(calendarentry_id=OuterRef("pk"), user_id=user.pk)))
            | Q(Exists(unit_through.objects.filter(calendarentry_id=OuterRef("pk"), unit_id__in=units)))
        )
    return (
        Q(host_id=user.pk)
        | Q(pk__in=through.objects.filter(user_id=user.pk).values("calendarentry_id"))
        | Q(pk__in=unit_through.objects.filter(unit_id__in=units).values("calendarentry_id"))
    )


SHOWN = Q(week__isnull=True) | Q(week__status__in=VISIBLE_WEEK)


def visible_entries(user: Any) -> QuerySet[CalendarEntry]:
    """Entries of the calendars the person reads — of an agency's calendar only in a published
    week — and entries that name them; every entry of the calendars they keep, drafts included."""
    if not getattr(user, "pk", None):
        return CalendarEntry.objects.none()
    kept = sorted(kept_calendar_ids(user))
    return CalendarEntry.objects.filter(
        Q(calendar_id__in=kept)
        | (SHOWN & (Q(calendar__agency_id__in=sorted(agency_ids(user))) | named_in_q(user)))
    )


def visible_files(user: Any) -> QuerySet[CalendarFile]:
    return CalendarFile.objects.filter(calendar__in=visible_calendars(user))


# --- one object -----------------------------------------------------------------------------------


def access_calendar(user: Any, pk: int | None, action: str = "read") -> WorkCalendar:
    """The calendar, or 404 for a missing or unreadable one; 403 when ``action`` is "keep" or
    "publish" and the person may not."""
    calendar = (
        visible_calendars(user).select_related("agency", "unit", "leader").filter(pk=pk).first()
        if isinstance(pk, int) and 0 < pk < 2**63
        else None
    )
    if calendar is None:
        raise Refused.not_found(NOT_FOUND)
    if action == "keep":
        can_keep(user, calendar).require()
    elif action == "publish":
        can_publish(user, calendar).require()
    elif action == "manage":
        can_manage_keepers(user, calendar).require()
    return calendar


def access_entry(user: Any, pk: int, action: str = "read") -> CalendarEntry:
    entry = (
        visible_entries(user)
        .select_related("calendar", "calendar__agency", "week", "host", "preparing_unit")
        .filter(pk=pk)
        .first()
    )
    if entry is None:
        raise Refused.not_found(ENTRY_NOT_FOUND)
    if action in ("edit", "delete"):
        can_keep(user, entry.calendar).require()
    return entry


def access_file(user: Any, pk: int) -> CalendarFile:
    found = visible_files(user).select_related("calendar", "stored_file").filter(pk=pk).first()
    if found is None:
        raise Refused.not_found("Không tìm thấy tệp lịch công tác.")
    return found


# --- may they? ------------------------------------------------------------------------------------


def _keeps_personally(person: Any, calendar: WorkCalendar) -> bool:
    if calendar.kind == WorkCalendar.Kind.LEADER:
        if calendar.leader_id == person.pk or calendar.agency_id in _office_agency_ids(person):
            return True
    elif calendar.kind == WorkCalendar.Kind.UNIT:
        if calendar.unit_id in _headed_ids(person):
            return True
    elif calendar.unit_id in _office_agency_ids(person) | _clerk_agency_ids(person):
        return True
    return calendar.keepers.filter(pk=person.pk).exists()


def can_keep(user: Any, calendar: WorkCalendar) -> Decision:
    """May the person add, change and delete the calendar's entries (and attach its month's file)?"""
    if not getattr(user, "pk", None):
        return Decision.deny(NOT_KEEPER)
    decision = org.with_delegation(user, lambda person: _keeps_personally(person, calendar))
    return decision if decision else Decision.deny(NOT_KEEPER)


def can_publish(user: Any, calendar: WorkCalendar) -> Decision:
    """Only an agency's calendar is published, by its keepers (the office)."""
    if calendar.kind != WorkCalendar.Kind.AGENCY:
        return Decision.deny("Chỉ lịch công tác tuần của cơ quan mới cần công bố.")
    decision = can_keep(user, calendar)
    return decision if decision else Decision.deny(NOT_PUBLISHER)


def _manages_personally(person: Any, calendar: WorkCalendar) -> bool:
    if calendar.kind == WorkCalendar.Kind.LEADER:
        return calendar.leader_id == person.pk or calendar.agency_id in _office_agency_ids(person)
    if calendar.kind == WorkCalendar.Kind.UNIT:
        return calendar.unit_id in _headed_ids(person)
    return calendar.unit_id in _office_agency_ids(person)


def can_manage_keepers(user: Any, calendar: WorkCalendar) -> Decision:
    decision = org.with_delegation(user, lambda person: _manages_personally(person, calendar))
    return decision if decision else Decision.deny(NOT_MANAGER)


# --- calendars a person may open ------------------------------------------------------------------


def leader_agency(person: Any) -> Unit | None:
    """The cơ quan this person leads as its head or deputy (a leader's calendar belongs there)."""
    for m in org.facts(person).memberships:
        if m.position.is_leader and m.unit.kind in tree.AGENCY_KINDS:
            return m.unit
    return None


def can_open(user: Any, *, kind: str, unit: Unit | None, leader: Any) -> Decision:
    """Opening a calendar that does not exist yet: a leader's own (or by the office's head), a
    unit's by its head, an agency's by its office."""
    people = tree.people_acting_as(user)
    if kind == WorkCalendar.Kind.LEADER:
        agency = leader_agency(leader) if leader is not None else None
        if agency is None:
            return Decision.deny("Chỉ lãnh đạo cơ quan mới có lịch công tác cá nhân.")
        for person in people:
            if person.pk == leader.pk or agency.pk in _office_agency_ids(person):
                return Decision.allow(on_behalf_of=None if person.pk == user.pk else person)
        return Decision.deny(NOT_MANAGER)
    if unit is None:
        return Decision.deny("Vui lòng chọn đơn vị.")
    if kind == WorkCalendar.Kind.UNIT:
        if unit.kind in tree.AGENCY_KINDS:
            return Decision.deny("Lịch của cơ quan do Văn phòng lập: chọn “Lịch công tác của cơ quan”.")
        for person in people:
            if unit.pk in _headed_ids(person):
                return Decision.allow(on_behalf_of=None if person.pk == user.pk else person)
        return Decision.deny("Chỉ thủ trưởng đơn vị mới lập được lịch công tác của đơn vị.")
    if kind == WorkCalendar.Kind.AGENCY:
        for person in people:
            if unit.pk in _office_agency_ids(person) | _clerk_agency_ids(person):
                return Decision.allow(on_behalf_of=None if person.pk == user.pk else person)
        return Decision.deny("Chỉ Văn phòng cơ quan mới lập được lịch công tác của cơ quan.")
    return Decision.deny("Loại lịch không hợp lệ.")


def openable(user: Any, known: list[WorkCalendar] | None = None) -> list[tuple[str, Unit | None, Any]]:
    """The calendars the person could open now and that are not there yet: (kind, unit, leader).
    ``known``: the calendars the person reads, read already (``visible_calendars``) — every
    calendar they could open lies in their own agencies, so it is there when it exists."""
    if not getattr(user, "pk", None):
        return []
    wanted: list[tuple[str, Unit | None, Any]] = []
    if leader_agency(user) is not None:
        wanted.append((WorkCalendar.Kind.LEADER, None, user))
    for m in org.facts(user).memberships:
        if m.position.level == Position.Level.HEAD and m.unit.kind not in tree.AGENCY_KINDS:
            wanted.append((WorkCalendar.Kind.UNIT, m.unit, None))
    agencies = _office_agency_ids(user) | _clerk_agency_ids(user)
    for agency in Unit.objects.filter(pk__in=sorted(agencies), kind__in=tree.AGENCY_KINDS):
        wanted.append((WorkCalendar.Kind.AGENCY, agency, None))
    if not wanted:
        return []
    existing = (
        {
            (c.kind, c.unit_id, c.leader_id)
            for c in known
            if c.kind != WorkCalendar.Kind.LEADER or c.leader_id == user.pk
        }
        if known is not None
        else None
    )
    if existing is None:
        existing = set(
            WorkCalendar.objects.filter(
                Q(kind=WorkCalendar.Kind.LEADER, leader_id=user.pk)
                | Q(
                    kind__in=[WorkCalendar.Kind.UNIT, WorkCalendar.Kind.AGENCY],
                    unit_id__in=[u.pk for _k, u, _l in wanted if u],
                )
            ).values_list("kind", "unit_id", "leader_id")
        )
    kinds_units = {(k, u) for k, u, _l in existing if k != WorkCalendar.Kind.LEADER}
    has_leader = any(k == WorkCalendar.Kind.LEADER for k, _u, _l in existing)
    return [
        (k, u, leader)
        for k, u, leader in wanted
        if (k == WorkCalendar.Kind.LEADER and not has_leader)
        or (k != WorkCalendar.Kind.LEADER and u is not None and (k, u.pk) not in kinds_units)
    ]
