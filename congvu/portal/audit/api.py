"""The audit log in the API (/api/v1/audit-events): administrators; the screen's filters, newest
first, keyset cursor (``next_cursor`` → ``cursor``)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from ninja import Router, Schema

from congvu.core.api_errors import errors
from congvu.core.api_inputs import Id
from congvu.core.decisions import Refused
from congvu.core.pagination import keyset_page
from congvu.portal.audit import selectors
from congvu.portal.audit.forms import AuditFilterForm
from congvu.portal.audit.policies import can_view_audit_log

router = Router(tags=["core"])

MAX_AUDIT_LIMIT = 500


class AuditEventOut(Schema):
    id: int
    occurred_at: dt.datetime
    occurred_at_local: str
    actor_id: Id | None
    actor_name: str
    on_behalf_of_id: Id | None
    on_behalf_of_name: str
    actor_display: str
    action: str
    action_label: str
    object_type: str
    object_id: str
    object_repr: str
    object_url: str
    note: str
    note_label: str
    ip: str | None
    result: str
    before: dict[str, Any]
    after: dict[str, Any]


class AuditPageOut(Schema):
    items: list[AuditEventOut]
    next_cursor: str | None


VN_OFFSET = dt.timezone(dt.timedelta(hours=7))


def _event_out(row: selectors.AuditRow) -> dict[str, Any]:
    event = row.event
    return {
        "id": event.pk,
        "occurred_at": event.occurred_at,
        "occurred_at_local": event.occurred_at.astimezone(VN_OFFSET).isoformat(),
        "actor_id": event.actor_id,
        "actor_name": event.actor_name,
        "on_behalf_of_id": event.on_behalf_of_id,
        "on_behalf_of_name": event.on_behalf_of_name,
        "actor_display": str(event.actor_display),
        "action": event.action,
        "action_label": row.label,
        "object_type": event.object_type,
        "object_id": event.object_id,
        "object_repr": event.object_repr,
        "object_url": row.object_url,
        "note": event.note,
        "note_label": row.note,
        "ip": event.ip,
        "result": event.result,
        "before": event.before or {},
        "after": event.after or {},
    }


@router.get("/audit-events", response=errors(400, 403, ok=AuditPageOut), summary="Nhật ký hệ thống")
def audit_events(request: HttpRequest, cursor: str = "", limit: int = 0):
    """Query parameters as on the screen: actor, action (prefix), object_type, object_id, date_from,
    date_to (local days, YYYY-MM-DD), ip (address or its beginning), result."""
    can_view_audit_log(request.user).require()
    form = AuditFilterForm(request.GET)
    if not form.is_valid():
        name, messages = next(iter(form.errors.items()))
        raise Refused.invalid(" ".join(str(m) for m in messages), field=name)
    size = max(1, min(limit or settings.PAGE_SIZE, MAX_AUDIT_LIMIT))
    page = keyset_page(
        selectors.audit_events(form.filters()), order=("-id",), after=cursor or None, size=size
    )
    rows = selectors.audit_rows(list(page.items))
    return {"items": [_event_out(row) for row in rows], "next_cursor": page.next_cursor}
