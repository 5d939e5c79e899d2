"""Writes of the work calendars (COL-1, TASK-6; seed 002 Đ7.1). Keyword-only, one transaction,
audited; the policy is asked again here, before the input is judged.

- ``calendar_open``: a leader's, a unit's or the agency's calendar, the first time it is kept.
- ``calendar_keepers_set``: the people a leader, a unit head or the office's head authorises.
- ``entry_create`` / ``entry_update`` / ``entry_delete``: one line of a calendar. On the agency's
  calendar the entry belongs to its week; changing a published week marks it updated (workflow).
- ``week_publish``: the office publishes the agency's week.
- ``calendar_file_attach``: the month's calendar as a file, through the core file service.
- ``calendar_exported``: the printed week (PDF, DOCX) is audited.
- ``calendar_clear_expired``: the retention job (kept one year, cleared in January after).

Every write renews the calendars' topic (``calendar_changed``): the week pages kept for each
reader (``congvu.core.personal``) are drawn afresh on their next look.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone

from congvu.collaboration.calendar import policies
from congvu.collaboration.calendar.models import CalendarEntry, CalendarFile, CalendarWeek, WorkCalendar
from congvu.collaboration.calendar.workflow import WEEK_WORKFLOW
from congvu.core import audit, personal
from congvu.core.decisions import Refused
from congvu.core.files import refuse_secret_text, store_upload, uploads_inspected_first
from congvu.core.text import clean_note, clean_text
from congvu.org import tree
from congvu.org.models import Unit

MAX_CONTENT = 2000
MAX_PLACE = 255
MAX_HOST_TEXT = 255
MAX_PARTICIPANTS_TEXT = 1000
MAX_PARTICIPANTS = 100
MAX_PARTICIPANT_UNITS = 50
MAX_KEEPERS = 20
MAX_NOTE = 255
HORIZON_DAYS = 731  # an entry's day lies within two years of today either way


TOPIC = "collaboration.calendar"


def calendar_changed() -> None:
    """A calendar, its keepers, an entry or a week changed: every kept week page is drawn afresh."""
    personal.touch_topic(TOPIC)


def monday_of(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


@dataclass
class EntryData:
    """What a keeper types for one entry."""

    day: dt.date
    content: str
    start_time: dt.time | None = None
    end_time: dt.time | None = None
    place: str = ""
    host: Any = None
    host_text: str = ""
    preparing_unit: Unit | None = None
    participants: Sequence[Any] = field(default_factory=list)
    participant_units: Sequence[Unit] = field(default_factory=list)
    participants_text: str = ""


def _bounded_line(value: str, *, name: str, label: str, limit: int) -> str:
    text = clean_text(value or "", field=name)
    if len(text) > limit:
        raise Refused.invalid(f"{label} dài tối đa {limit} ký tự.", field=name)
    return refuse_secret_text(text, field=name, what=label.lower())


def _clean(data: EntryData) -> dict[str, Any]:
    content = clean_note(data.content or "", field="content")
    if not content:
        raise Refused.invalid("Vui lòng nhập nội dung công việc.", field="content")
    if len(content) > MAX_CONTENT:
        raise Refused.invalid(f"Nội dung dài tối đa {MAX_CONTENT} ký tự.", field="content")
    content = refuse_secret_text(content, field="content", what="nội dung")
    today = timezone.localdate()
    if data.day is None:
        raise Refused.invalid("Vui lòng chọn ngày.", field="day")
    if abs((data.day - today).days) > HORIZON_DAYS:
        raise Refused.invalid("Ngày phải trong vòng hai năm kể từ hôm nay.", field="day")
    if data.end_time is not None and data.start_time is None:
        raise Refused.invalid("Nhập giờ bắt đầu trước khi nhập giờ kết thúc.", field="start_time")
    if data.start_time is not None and data.end_time is not None and data.end_time <= data.start_time:
        raise Refused.invalid("Giờ kết thúc phải sau giờ bắt đầu.", field="end_time")
    people = list(dict.fromkeys(data.participants))
    units = list(dict.fromkeys(data.participant_units))
    if len(people) > MAX_PARTICIPANTS:
        raise Refused.invalid(f"Chọn tối đa {MAX_PARTICIPANTS} người tham dự.", field="participants")
    if len(units) > MAX_PARTICIPANT_UNITS:
        raise Refused.invalid(
            f"Chọn tối đa {MAX_PARTICIPANT_UNITS} đơn vị tham dự.", field="participant_units"
        )
    return {
        "day": data.day,
        "start_time": data.start_time,
        "end_time": data.end_time,
        "content": content,
        "place": _bounded_line(data.place, name="place", label="Địa điểm", limit=MAX_PLACE),
        "host": data.host,
        "host_text": _bounded_line(data.host_text, name="host_text", label="Chủ trì", limit=MAX_HOST_TEXT),
        "preparing_unit": data.preparing_unit,
        "participants_text": _bounded_line(
            data.participants_text,
            name="participants_text",
            label="Thành phần khác",
            limit=MAX_PARTICIPANTS_TEXT,
        ),
        "_people": people,
        "_units": units,
    }


def _snapshot(entry: CalendarEntry) -> dict[str, Any]:
    return {
        "day": entry.day,
        "start_time": entry.start_time,
        "end_time": entry.end_time,
        "content": entry.content,
        "place": entry.place,
        "host": entry.host_id,
        "host_text": entry.host_text,
        "preparing_unit": entry.preparing_unit_id,
        "participants": sorted(entry.participants.values_list("pk", flat=True)),
        "participant_units": sorted(entry.participant_units.values_list("pk", flat=True)),
        "participants_text": entry.participants_text,
    }


# --- calendars ------------------------------------------------------------------------------------


def _calendar_name(kind: str, unit: Unit | None, leader: Any) -> str:
    if kind == WorkCalendar.Kind.LEADER:
        post = next(
            (m.position.name for m in _memberships(leader) if m.position.is_leader),
            "",
        )
        return f"{post} {leader.full_name or leader.username}".strip()
    assert unit is not None
    return unit.name


def _memberships(person: Any) -> list[Any]:
    from congvu.org import policies as org

    return org.facts(person).memberships


@transaction.atomic
def calendar_open(*, kind: str, actor: Any, unit: Unit | None = None, leader: Any = None) -> WorkCalendar:
    """Open a leader's, a unit's or an agency's calendar (or return it when it is there)."""
    decision = policies.can_open(actor, kind=kind, unit=unit, leader=leader).require()
    if kind == WorkCalendar.Kind.LEADER:
        agency = policies.leader_agency(leader)
        assert agency is not None
        found = WorkCalendar.objects.filter(kind=kind, leader=leader, agency=agency).first()
        home = agency
    else:
        assert unit is not None
        found = WorkCalendar.objects.filter(kind=kind, unit=unit).first()
        agency = unit if kind == WorkCalendar.Kind.AGENCY else tree.agency_of(unit)
        home = unit
    if found is not None:
        return found
    calendar = WorkCalendar.objects.create(
        kind=kind,
        agency=agency,
        unit=home,
        leader=leader if kind == WorkCalendar.Kind.LEADER else None,
        name=_calendar_name(kind, unit, leader)[:255],
    )
    calendar_changed()
    audit.record(
        actor=actor,
        on_behalf_of=decision.on_behalf_of,
        action="collaboration.workcalendar.opened",
        obj=calendar,
        after={"kind": kind, "agency": agency, "unit": home, "leader": leader},
    )
    policies.forget(actor)
    return calendar


@transaction.atomic
def calendar_keepers_set(*, calendar: WorkCalendar, keepers: Sequence[Any], actor: Any) -> WorkCalendar:
    """The people authorised to keep the calendar (replacing the list)."""
    decision = policies.can_manage_keepers(actor, calendar).require()
    from congvu.accounts.models import User

    people = list(dict.fromkeys(keepers))
    if len(people) > MAX_KEEPERS:
        raise Refused.invalid(f"Giao tối đa {MAX_KEEPERS} người giữ lịch.", field="keepers")
    if any(getattr(p, "status", User.Status.ACTIVE) != User.Status.ACTIVE for p in people):
        raise Refused.invalid("Chỉ giao được cho tài khoản đang hoạt động.", field="keepers")
    before = sorted(calendar.keepers.values_list("pk", flat=True))
    calendar.keepers.set(people)
    calendar_changed()
    audit.record(
        actor=actor,
        on_behalf_of=decision.on_behalf_of,
        action="collaboration.workcalendar.keepers_set",
        obj=calendar,
        before={"keepers": before},
        after={"keepers": sorted(p.pk for p in people)},
    )
    policies.forget(actor)
    return calendar


# --- entries --------------------------------------------------------------------------------------


def _week_for(calendar: WorkCalendar, day: dt.date) -> CalendarWeek | None:
    """The agency calendar's week of ``day`` (a draft the first time), locked; None elsewhere."""
    if calendar.kind != WorkCalendar.Kind.AGENCY:
        return None
    week, _created = CalendarWeek.objects.get_or_create(calendar=calendar, week_start=monday_of(day))
    return CalendarWeek.objects.select_for_update().get(pk=week.pk)


def _touch(week: CalendarWeek | None, *, actor: Any, note: str) -> None:
    """A published week changed: mark it updated (the change itself is audited by the caller)."""
    if week is not None and week.status == CalendarWeek.Status.PUBLISHED:
        WEEK_WORKFLOW.apply("mark_updated", week, actor=actor, reason=note)


def _apply(entry: CalendarEntry, cleaned: dict[str, Any]) -> None:
    people = cleaned.pop("_people")
    units = cleaned.pop("_units")
    for key, value in cleaned.items():
        setattr(entry, key, value)
    entry.save()
    entry.participants.set(people)
    entry.participant_units.set(units)


@transaction.atomic
def entry_create(*, calendar: WorkCalendar, data: EntryData, actor: Any) -> CalendarEntry:
    decision = policies.can_keep(actor, calendar).require()
    cleaned = _clean(data)
    week = _week_for(calendar, cleaned["day"])
    entry = CalendarEntry(calendar=calendar, week=week, created_by=actor)
    _apply(entry, cleaned)
    calendar_changed()
    audit.record(
        actor=actor,
        on_behalf_of=decision.on_behalf_of,
        action="collaboration.calendarentry.created",
        obj=entry,
        after=_snapshot(entry),
        object_repr=f"{calendar.name}: {entry}",
    )
    _touch(week, actor=actor, note=f"Thêm: {entry}")
    return entry


@transaction.atomic
def entry_update(*, entry: CalendarEntry, data: EntryData, actor: Any) -> CalendarEntry:
    entry = (
        CalendarEntry.objects.select_for_update(of=("self",))
        .select_related("calendar", "week")
        .get(pk=entry.pk)
    )
    decision = policies.can_keep(actor, entry.calendar).require()
    cleaned = _clean(data)
    before = _snapshot(entry)
    old_week = entry.week
    new_week = _week_for(entry.calendar, cleaned["day"])
    entry.week = new_week
    _apply(entry, cleaned)
    after = _snapshot(entry)
    calendar_changed()
    audit.record(
        actor=actor,
        on_behalf_of=decision.on_behalf_of,
        action="collaboration.calendarentry.updated",
        obj=entry,
        before={k: v for k, v in before.items() if after[k] != v},
        after={k: v for k, v in after.items() if before[k] != v},
        object_repr=f"{entry.calendar.name}: {entry}",
    )
    _touch(new_week, actor=actor, note=f"Sửa: {entry}")
    if old_week is not None and (new_week is None or old_week.pk != new_week.pk):
        _touch(
            CalendarWeek.objects.select_for_update().get(pk=old_week.pk), actor=actor, note=f"Chuyển: {entry}"
        )
    return entry


@transaction.atomic
def entry_delete(*, entry: CalendarEntry, actor: Any) -> None:
    entry = (
        CalendarEntry.objects.select_for_update(of=("self",))
        .select_related("calendar", "week")
        .get(pk=entry.pk)
    )
    decision = policies.can_keep(actor, entry.calendar).require()
    before = _snapshot(entry)
    week = CalendarWeek.objects.select_for_update().get(pk=entry.week_id) if entry.week_id else None
    repr_ = f"{entry.calendar.name}: {entry}"
    pk = entry.pk
    entry.delete()
    calendar_changed()
    audit.record(
        actor=actor,
        on_behalf_of=decision.on_behalf_of,
        action="collaboration.calendarentry.deleted",
        object_type="collaboration.calendarentry",
        object_id=str(pk),
        object_repr=repr_,
        before=before,
    )
    _touch(week, actor=actor, note=f"Xóa: {repr_}"[:300])


# --- the agency's week ----------------------------------------------------------------------------


@transaction.atomic
def week_publish(*, calendar: WorkCalendar, week_start: dt.date, actor: Any) -> CalendarWeek:
    """Publish the agency's week of ``week_start`` (a week with no entry yet is published empty)."""
    policies.can_publish(actor, calendar).require()
    week = _week_for(calendar, week_start)
    assert week is not None
    calendar_changed()
    return WEEK_WORKFLOW.apply("publish", week, actor=actor, changes={"published_by": actor})


# --- files and exports ----------------------------------------------------------------------------


@uploads_inspected_first
@transaction.atomic
def calendar_file_attach(
    *, calendar: WorkCalendar, month: dt.date, upload: Any, actor: Any, note: str = ""
) -> CalendarFile:
    """The month's calendar as a file (checked and kept by the core file service)."""
    decision = policies.can_keep(actor, calendar).require()
    first = month.replace(day=1)
    if abs((first - timezone.localdate().replace(day=1)).days) > HORIZON_DAYS:
        raise Refused.invalid("Tháng phải trong vòng hai năm kể từ hôm nay.", field="month")
    note = _bounded_line(note, name="note", label="Ghi chú", limit=MAX_NOTE)
    if upload is None:
        raise Refused.invalid("Vui lòng chọn tệp lịch công tác.", field="upload")
    stored = store_upload(uploaded_file=upload, actor=actor)
    attached = CalendarFile.objects.create(
        calendar=calendar, month=first, stored_file=stored, note=note, uploaded_by=actor
    )
    calendar_changed()
    audit.record(
        actor=actor,
        on_behalf_of=decision.on_behalf_of,
        action="collaboration.calendarfile.attached",
        obj=attached,
        after={"month": first, "file": stored.original_name, "size": stored.size},
    )
    return attached


@transaction.atomic
def calendar_exported(*, calendar: WorkCalendar, week_start: dt.date, file_format: str, actor: Any) -> None:
    audit.record(
        actor=actor,
        action="collaboration.workcalendar.exported",
        obj=calendar,
        after={"week_start": week_start, "format": file_format},
    )


@transaction.atomic
def calendar_file_downloaded(*, attached: CalendarFile, actor: Any) -> None:
    audit.record(actor=actor, action="collaboration.calendarfile.downloaded", obj=attached)


# --- retention ------------------------------------------------------------------------------------


def retention_cutoff(today: dt.date) -> dt.date:
    """The first day still kept. Seed 002 Đ7.1: kept one year (``CALENDAR_RETENTION_YEARS``), and
    the previous year is cleared in January — on its last day, so that the week that straddles the
    new year and December stay readable through January."""
    years = settings.CALENDAR_RETENTION_YEARS
    year = today.year if today >= dt.date(today.year, 1, 31) else today.year - 1
    return dt.date(year - years + 1, 1, 1)


@transaction.atomic
def calendar_clear_expired(*, today: dt.date | None = None, actor: Any = None) -> dict[str, int]:
    """Delete the entries, weeks and monthly files dated before ``retention_cutoff``; one audit
    event with the counts (none when nothing was due). The stored files' bytes leave after commit."""
    today = today or timezone.localdate()
    cutoff = retention_cutoff(today)
    entries = CalendarEntry.objects.filter(day__lt=cutoff)
    weeks = CalendarWeek.objects.filter(week_start__lt=cutoff - dt.timedelta(days=6))
    files = CalendarFile.objects.filter(month__lt=cutoff)
    counts = {"entries": entries.count(), "weeks": weeks.count(), "files": files.count()}
    if not any(counts.values()):
        return counts
    from congvu.core.models import StoredFile

    stored_ids = list(files.values_list("stored_file_id", flat=True))
    storage_names = list(StoredFile.objects.filter(pk__in=stored_ids).values_list("storage_name", flat=True))
    through = CalendarEntry.participants.through
    unit_through = CalendarEntry.participant_units.through
    expired = entries.values("pk")
    through.objects.filter(calendarentry_id__in=expired).delete()
    unit_through.objects.filter(calendarentry_id__in=expired).delete()
    entries.delete()
    weeks.delete()
    files.delete()
    StoredFile.objects.filter(pk__in=stored_ids).delete()
    calendar_changed()
    audit.record(
        actor=actor,
        action="collaboration.calendarentry.cleared",
        object_type="collaboration.calendarentry",
        object_repr=f"Lịch công tác trước ngày {cutoff:%d/%m/%Y}",
        after={**counts, "before": cutoff},
    )

    def remove_bytes() -> None:
        for name in storage_names:
            default_storage.delete(name)

    transaction.on_commit(remove_bytes)
    return counts
