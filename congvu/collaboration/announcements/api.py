"""Announcements in the API (COL-4): a second adapter over the same policies, services and
selectors as the screens.

    GET     /api/v1/announcements?unread=&cursor=&limit=     the caller's announcements, is_read each
    GET     /api/v1/announcements/capacities                 the capacities the caller posts in
    POST    /api/v1/announcements                            {capacity, title, body, whole_agency, unit_ids}
    GET     /api/v1/announcements/{id}                       the announcement (marks it read)
    PATCH   /api/v1/announcements/{id}                       {title, body, whole_agency, unit_ids} (the poster)
    DELETE  /api/v1/announcements/{id}                       the poster
    GET     /api/v1/announcements/{id}/receipts              read and not-read people with counts (the poster)
    POST    /api/v1/announcements/{id}/extend                {keep_until, reason} (the agency's administrator)

Errors as ``core.api_errors``: 404 missing or not visible, 403 not allowed, 400 bad input, 409 gone.
"""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest
from ninja import Router, Schema, Status

from congvu.collaboration.announcements import policies, selectors, services
from congvu.collaboration.announcements.models import Announcement
from congvu.core.api_errors import errors
from congvu.core.api_inputs import Id
from congvu.core.decisions import Refused
from congvu.org.models import Unit

router = Router(tags=["collaboration: announcements"])
MAX_UNITS = services.MAX_UNITS


class AnnouncementOut(Schema):
    id: int
    agency_id: int
    title: str
    body: str
    posted_by_id: int
    posted_by_name: str
    capacity: str
    whole_agency: bool
    unit_ids: list[int]
    posted_at: dt.datetime
    edited_at: dt.datetime | None = None
    keep_until: dt.date
    is_read: bool
    allowed_actions: list[str]


class ListItemOut(Schema):
    id: int
    title: str
    posted_by_name: str
    capacity: str
    posted_at: dt.datetime
    is_read: bool


class AnnouncementPage(Schema):
    items: list[ListItemOut]
    next_cursor: str | None = None


class CapacityOut(Schema):
    key: str
    label: str
    agency_id: int
    whole_agency_allowed: bool
    unit_ids: list[int]


class AnnouncementIn(Schema):
    capacity: str
    title: str
    body: str
    whole_agency: bool = False
    unit_ids: list[Id] = []


class AnnouncementEditIn(Schema):
    title: str
    body: str
    whole_agency: bool = False
    unit_ids: list[Id] = []


class PersonOut(Schema):
    id: int
    name: str


class ReadOut(PersonOut):
    read_at: dt.datetime


class ReceiptsOut(Schema):
    audience_count: int
    read_count: int
    unread_count: int
    read: list[ReadOut]
    unread: list[PersonOut]


class ExtendIn(Schema):
    keep_until: dt.date
    reason: str


def _units(ids: list[int]) -> list[Unit]:
    if len(ids) > MAX_UNITS:
        raise Refused.invalid(f"Chọn tối đa {MAX_UNITS} đơn vị nhận.", field="unit_ids")
    found = list(Unit.objects.filter(pk__in=set(ids)))
    if len(found) != len(set(ids)):
        raise Refused.invalid("Có đơn vị nhận không tồn tại.", field="unit_ids")
    return found


def _out(request: HttpRequest, pk: int) -> dict:
    user = request.user
    a: Announcement = policies.access_announcement(user, pk)
    actions = []
    if policies.can_edit(user, a):
        actions += ["edit", "remove", "receipts"]
    if policies.can_extend(user, a):
        actions.append("extend")
    return {
        "id": a.pk,
        "agency_id": a.agency_id,
        "title": a.title,
        "body": a.body,
        "posted_by_id": a.posted_by_id,
        "posted_by_name": a.posted_by.full_name,
        "capacity": a.capacity,
        "whole_agency": a.whole_agency,
        "unit_ids": [u.pk for u in selectors.audience_units(a)],
        "posted_at": a.posted_at,
        "edited_at": a.edited_at,
        "keep_until": a.keep_until,
        "is_read": a.posted_by_id == user.pk or a.reads.filter(user_id=int(user.pk or 0)).exists(),
        "allowed_actions": actions,
    }


@router.get("", response=errors(ok=AnnouncementPage), operation_id="announcements_list")
def announcements_list(
    request: HttpRequest, unread: bool = False, cursor: str = "", limit: int = selectors.PAGE_SIZE
):
    page = selectors.announcements_page(request.user, unread_only=unread, after=cursor or None, size=limit)
    return {
        "items": [
            {
                "id": a.pk,
                "title": a.title,
                "posted_by_name": a.posted_by.full_name,
                "capacity": a.capacity,
                "posted_at": a.posted_at,
                "is_read": a.is_read,
            }
            for a in page.items
        ],
        "next_cursor": page.next_cursor,
    }


@router.get("/capacities", response=errors(ok=list[CapacityOut]), operation_id="announcements_capacities")
def announcements_capacities(request: HttpRequest):
    return [
        {
            "key": c.key,
            "label": c.label,
            "agency_id": c.agency.pk,
            "whole_agency_allowed": c.whole_agency_allowed,
            "unit_ids": [u.pk for u in selectors.addressable_units(c)],
        }
        for c in policies.capacities(request.user)
    ]


@router.post("", response=errors(403, ok=AnnouncementOut, ok_status=201), operation_id="announcements_create")
def announcements_create(request: HttpRequest, payload: AnnouncementIn):
    policies.can_post(request.user).require()
    announcement = services.announcement_post(
        capacity_key=payload.capacity,
        title=payload.title,
        body=payload.body,
        whole_agency=payload.whole_agency,
        units=_units(payload.unit_ids),
        actor=request.user,
    )
    return Status(201, _out(request, announcement.pk))


@router.get(
    "/{int:announcement_id}", response=errors(404, ok=AnnouncementOut), operation_id="announcements_get"
)
def announcements_get(request: HttpRequest, announcement_id: Id):
    announcement = policies.access_announcement(request.user, announcement_id)
    services.announcement_mark_read(announcement=announcement, actor=request.user)
    return _out(request, announcement_id)


@router.patch(
    "/{int:announcement_id}", response=errors(403, 404, ok=AnnouncementOut), operation_id="announcements_edit"
)
def announcements_edit(request: HttpRequest, announcement_id: Id, payload: AnnouncementEditIn):
    announcement = policies.access_announcement(request.user, announcement_id)
    policies.can_edit(request.user, announcement).require()
    services.announcement_edit(
        announcement=announcement,
        title=payload.title,
        body=payload.body,
        whole_agency=payload.whole_agency,
        units=_units(payload.unit_ids),
        actor=request.user,
    )
    return _out(request, announcement_id)


@router.delete(
    "/{int:announcement_id}",
    response=errors(403, 404, 409, ok=None, ok_status=204),
    operation_id="announcements_remove",
)
def announcements_remove(request: HttpRequest, announcement_id: Id):
    announcement = policies.access_announcement(request.user, announcement_id)
    services.announcement_remove(announcement=announcement, actor=request.user)
    return Status(204, None)


@router.get(
    "/{int:announcement_id}/receipts",
    response=errors(403, 404, ok=ReceiptsOut),
    operation_id="announcements_receipts",
)
def announcements_receipts(request: HttpRequest, announcement_id: Id):
    announcement = policies.access_announcement(request.user, announcement_id)
    policies.can_see_receipts(request.user, announcement).require()
    found = selectors.receipts(announcement)
    return {
        "audience_count": found.audience_count,
        "read_count": found.read_count,
        "unread_count": found.unread_count,
        "read": [{"id": p.pk, "name": p.full_name, "read_at": at} for p, at in found.read],
        "unread": [{"id": p.pk, "name": p.full_name} for p in found.unread],
    }


@router.post(
    "/{int:announcement_id}/extend",
    response=errors(403, 404, ok=AnnouncementOut),
    operation_id="announcements_extend",
)
def announcements_extend(request: HttpRequest, announcement_id: Id, payload: ExtendIn):
    announcement = policies.access_announcement(request.user, announcement_id)
    policies.can_extend(request.user, announcement).require()
    services.announcement_extend(
        announcement=announcement, keep_until=payload.keep_until, reason=payload.reason, actor=request.user
    )
    return _out(request, announcement_id)
