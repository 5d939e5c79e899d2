"""Maintenance and incident notices in the API (ADM-4), a second adapter over the same policies,
services and selectors as the screens.

    GET    /api/v1/notices/current          what the banner shows now (anyone signed in)
    GET    /api/v1/notices?cursor=&limit=   the history, newest window first (anyone signed in)
    POST   /api/v1/notices                  post one (a system-wide administrator)
    GET    /api/v1/notices/{id}
    PUT    /api/v1/notices/{id}             edit one not over yet
    POST   /api/v1/notices/{id}/end         end it now ("Đã khắc phục") {resolution}
"""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest
from django.utils import timezone
from ninja import Router, Schema, Status

from congvu.collaboration.notices import policies, selectors, services
from congvu.collaboration.notices.models import Notice
from congvu.core.api_errors import errors
from congvu.core.api_inputs import Id
from congvu.core.decisions import Refused

router = Router(tags=["collaboration: notices"])

MAX_LIMIT = 200


class NoticeOut(Schema):
    id: int
    kind: str
    kind_display: str
    severity: str
    title: str
    message: str
    starts_at: dt.datetime
    ends_at: dt.datetime
    shows_from: dt.datetime
    ended_at: dt.datetime | None = None
    resolution: str
    phase: str
    shown: bool


class NoticePage(Schema):
    items: list[NoticeOut]
    next_cursor: str | None = None


class NoticeIn(Schema):
    kind: str = Notice.Kind.MAINTENANCE
    severity: str = Notice.Severity.WARNING
    title: str
    message: str
    starts_at: dt.datetime | None = None
    ends_at: dt.datetime
    show_before_hours: int = services.DEFAULT_SHOW_BEFORE_HOURS


class EndIn(Schema):
    resolution: str = ""


def _out(notice: Notice) -> dict:
    now = timezone.now()
    return {
        "id": notice.pk,
        "kind": notice.kind,
        "kind_display": str(notice.get_kind_display()),
        "severity": notice.severity,
        "title": notice.title,
        "message": notice.message,
        "starts_at": notice.starts_at,
        "ends_at": notice.ends_at,
        "shows_from": notice.shows_from,
        "ended_at": notice.ended_at,
        "resolution": notice.resolution,
        "phase": notice.phase(now),
        "shown": notice.is_shown(now),
    }


def _signed_in(request: HttpRequest) -> None:
    if not request.user.is_authenticated:
        raise Refused.not_found("Không tìm thấy thông báo.")


def _fields(payload: NoticeIn) -> dict:
    data = payload.dict()
    for key in ("starts_at", "ends_at"):
        if data[key] is not None and timezone.is_naive(data[key]):
            data[key] = timezone.make_aware(data[key])  # a time without its zone is Vietnam's
    return data


@router.get("/current", response=errors(ok=list[NoticeOut]), operation_id="notices_current")
def notices_current(request: HttpRequest):
    _signed_in(request)
    ids = [item["id"] for item in selectors.banner_notices(None)]
    return [_out(n) for n in Notice.objects.filter(pk__in=ids).order_by("starts_at", "id")]


@router.get("", response=errors(ok=NoticePage), operation_id="notices_list")
def notices_list(request: HttpRequest, cursor: str = "", limit: int = 50):
    page = selectors.notice_history(request.user, after=cursor or None, size=max(1, min(limit, MAX_LIMIT)))
    return {"items": [_out(n) for n in page.items], "next_cursor": page.next_cursor}


@router.post("", response=errors(403, ok=NoticeOut, ok_status=201), operation_id="notices_create")
def notices_create(request: HttpRequest, payload: NoticeIn):
    notice = services.notice_create(actor=request.user, **_fields(payload))
    return Status(201, _out(notice))


@router.get("/{int:notice_id}", response=errors(404, ok=NoticeOut), operation_id="notices_get")
def notices_get(request: HttpRequest, notice_id: Id):
    return _out(policies.access_notice(request.user, notice_id))


@router.put("/{int:notice_id}", response=errors(403, 404, 409, ok=NoticeOut), operation_id="notices_update")
def notices_update(request: HttpRequest, notice_id: Id, payload: NoticeIn):
    notice = policies.access_notice(request.user, notice_id, "edit")
    return _out(services.notice_update(notice=notice, actor=request.user, **_fields(payload)))


@router.post("/{int:notice_id}/end", response=errors(403, 404, 409, ok=NoticeOut), operation_id="notices_end")
def notices_end(request: HttpRequest, notice_id: Id, payload: EndIn | None = None):
    notice = policies.access_notice(request.user, notice_id, "end")
    resolution = payload.resolution if payload else ""
    return _out(services.notice_end(notice=notice, actor=request.user, resolution=resolution))
