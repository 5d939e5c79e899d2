"""Work calendars in the API (COL-1): a second adapter over the same policies, services and selectors.

    GET    /api/v1/calendar/calendars                              the calendars the person reads
    GET    /api/v1/calendar/entries?calendar_id=&start=&end=       entries of one calendar (≤ 62 days)
    POST   /api/v1/calendar/entries                                {calendar_id, day, start_time, …} keepers
    PUT    /api/v1/calendar/entries/{id}                           the same fields
    DELETE /api/v1/calendar/entries/{id}
    POST   /api/v1/calendar/calendars/{id}/weeks/{day}/publish     the office publishes the agency's week
    GET    /api/v1/calendar/calendars/{id}/weeks/{day}/export?format=pdf|docx

Answers (``core.api_errors``): 404 for a calendar or entry missing or not visible (alike); 403 when
visible but the person does not keep it; 409 for a week published already; 400 with the field.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from django.http import HttpRequest, HttpResponse
from ninja import Router, Schema, Status

from congvu.collaboration.calendar import exports, policies, selectors, services
from congvu.collaboration.calendar.models import CalendarEntry, WorkCalendar
from congvu.core.api_errors import errors
from congvu.core.api_inputs import Id
from congvu.core.decisions import Refused
from congvu.org import selectors as org_selectors
from congvu.org.models import Unit

router = Router(tags=["collaboration: calendar"])


class Named(Schema):
    id: int
    name: str


class CalendarOut(Schema):
    id: int
    kind: str
    name: str
    agency: Named
    leader_id: int | None = None
    unit_id: int
    keeps: bool


class EntryOut(Schema):
    id: int
    calendar_id: int
    day: dt.date
    start_time: dt.time | None = None
    end_time: dt.time | None = None
    all_day: bool
    content: str
    place: str
    host: Named | None = None
    host_text: str
    preparing_unit: Named | None = None
    participants: list[Named]
    participant_units: list[Named]
    participants_text: str
    week_status: str | None = None


class EntryIn(Schema):
    calendar_id: Id
    day: dt.date
    start_time: dt.time | None = None
    end_time: dt.time | None = None
    content: str
    place: str = ""
    host_id: Id | None = None
    host_text: str = ""
    preparing_unit_id: Id | None = None
    participant_ids: list[Id] = []
    participant_unit_ids: list[Id] = []
    participants_text: str = ""


class WeekOut(Schema):
    calendar_id: int
    week_start: dt.date
    status: str
    published_at: dt.datetime | None = None


def _named(obj: Any) -> dict | None:
    if obj is None:
        return None
    return {"id": obj.pk, "name": getattr(obj, "full_name", None) or obj.name}


def _entry_out(entry: CalendarEntry) -> dict:
    return {
        "id": entry.pk,
        "calendar_id": entry.calendar_id,
        "day": entry.day,
        "start_time": entry.start_time,
        "end_time": entry.end_time,
        "all_day": entry.all_day,
        "content": entry.content,
        "place": entry.place,
        "host": _named(entry.host) if entry.host_id else None,
        "host_text": entry.host_text,
        "preparing_unit": _named(entry.preparing_unit) if entry.preparing_unit_id else None,
        "participants": [_named(p) for p in entry.participants.all()],
        "participant_units": [_named(u) for u in entry.participant_units.all()],
        "participants_text": entry.participants_text,
        "week_status": entry.week.status if entry.week_id and entry.week else None,
    }


def _data(payload: EntryIn) -> services.EntryData:
    wanted = list(dict.fromkeys(payload.participant_unit_ids))[: services.MAX_PARTICIPANT_UNITS + 1]
    found = {u.pk: u for u in Unit.objects.filter(pk__in=wanted)}
    if len(found) != len(wanted):
        raise Refused.invalid(org_selectors.UNIT_NOT_FOUND, field="participant_unit_ids")
    units = [found[pk] for pk in wanted]
    return services.EntryData(
        day=payload.day,
        start_time=payload.start_time,
        end_time=payload.end_time,
        content=payload.content,
        place=payload.place,
        host=org_selectors.person_or_refuse(payload.host_id, field="host_id"),
        host_text=payload.host_text,
        preparing_unit=org_selectors.unit_or_refuse(payload.preparing_unit_id, field="preparing_unit_id"),
        participants=org_selectors.people_or_refuse(
            payload.participant_ids[: services.MAX_PARTICIPANTS + 1], field="participant_ids"
        ),
        participant_units=units,
        participants_text=payload.participants_text,
    )


API_FIELDS = {
    "participants": "participant_ids",
    "participant_units": "participant_unit_ids",
    "host": "host_id",
}


def _refield(call: Any) -> Any:
    try:
        return call()
    except Refused as refused:
        if refused.field in API_FIELDS:
            raise refused.on_field(API_FIELDS[refused.field]) from None
        raise


def _reloaded(entry: CalendarEntry) -> CalendarEntry:
    return selectors.with_people(CalendarEntry.objects.filter(pk=entry.pk)).get()


@router.get("/calendars", response=errors(ok=list[CalendarOut]), operation_id="calendar_calendars")
def calendar_list(request: HttpRequest):
    kept = policies.kept_calendar_ids(request.user)
    return [
        {
            "id": c.pk,
            "kind": c.kind,
            "name": c.name,
            "agency": _named(c.agency),
            "leader_id": c.leader_id,
            "unit_id": c.unit_id,
            "keeps": c.pk in kept,
        }
        for c in policies.visible_calendars(request.user)
        .select_related("agency")
        .order_by("agency_id", "kind", "name")[:500]
    ]


@router.get("/entries", response=errors(404, ok=list[EntryOut]), operation_id="calendar_entries")
def entry_list(request: HttpRequest, calendar_id: Id, start: dt.date, end: dt.date):
    """The calendar's entries the person may see from ``start`` to ``end`` (at most 62 days)."""
    calendar = policies.access_calendar(request.user, calendar_id)
    return [_entry_out(e) for e in selectors.entries_between(request.user, calendar, start, end)]


@router.post(
    "/entries", response=errors(403, 404, ok=EntryOut, ok_status=201), operation_id="calendar_entry_create"
)
def entry_create(request: HttpRequest, payload: EntryIn):
    calendar = policies.access_calendar(request.user, payload.calendar_id, "keep")
    entry = _refield(
        lambda: services.entry_create(calendar=calendar, data=_data(payload), actor=request.user)
    )
    return Status(201, _entry_out(_reloaded(entry)))


@router.put(
    "/entries/{entry_id}", response=errors(403, 404, ok=EntryOut), operation_id="calendar_entry_update"
)
def entry_update(request: HttpRequest, entry_id: Id, payload: EntryIn):
    entry = policies.access_entry(request.user, entry_id, "edit")
    if payload.calendar_id != entry.calendar_id:
        raise Refused.invalid("Không chuyển được mục lịch sang lịch khác.", field="calendar_id")
    saved = _refield(lambda: services.entry_update(entry=entry, data=_data(payload), actor=request.user))
    return _entry_out(_reloaded(saved))


@router.delete(
    "/entries/{entry_id}",
    response=errors(403, 404, ok=None, ok_status=204),
    operation_id="calendar_entry_delete",
)
def entry_delete(request: HttpRequest, entry_id: Id):
    entry = policies.access_entry(request.user, entry_id, "delete")
    services.entry_delete(entry=entry, actor=request.user)
    return Status(204, None)


@router.post(
    "/calendars/{calendar_id}/weeks/{day}/publish",
    response=errors(403, 404, 409, ok=WeekOut),
    operation_id="calendar_week_publish",
)
def week_publish(request: HttpRequest, calendar_id: Id, day: dt.date):
    calendar: WorkCalendar = policies.access_calendar(request.user, calendar_id, "publish")
    week = services.week_publish(calendar=calendar, week_start=selectors.monday_of(day), actor=request.user)
    return {
        "calendar_id": calendar.pk,
        "week_start": week.week_start,
        "status": week.status,
        "published_at": week.published_at,
    }


@router.get(
    "/calendars/{calendar_id}/weeks/{day}/export",
    response=errors(404, ok=None),
    operation_id="calendar_week_export",
)
def week_export(request: HttpRequest, calendar_id: Id, day: dt.date, format: Literal["pdf", "docx"] = "pdf"):  # noqa: A002
    """The printed week as PDF or DOCX (audited)."""
    calendar = policies.access_calendar(request.user, calendar_id)
    page = selectors.week_page(request.user, calendar, day, choices=[])
    if format == "pdf":
        content, content_type = exports.week_pdf(page), "application/pdf"
    else:
        content = exports.week_docx(page)
        content_type = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    services.calendar_exported(
        calendar=calendar, week_start=page.monday, file_format=format, actor=request.user
    )
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = (
        f'attachment; filename="lich-cong-tac-tuan-{page.number}-{page.monday:%Y}.{format}"'
    )
    return response
