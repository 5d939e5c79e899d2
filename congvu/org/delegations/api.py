"""Delegations in the API (ORG-8): the same policies and services as the screens.

    GET  /api/v1/delegations?role=given|received|to_approve&cursor=...
    POST /api/v1/delegations                      {delegate_id, starts_at, ends_at, reason}
    GET  /api/v1/delegations/{id}
    POST /api/v1/delegations/{id}/approve|reject|cancel|revoke   {reason}

Times are ISO 8601; a time without an offset is read in the agency's zone (Asia/Ho_Chi_Minh), and
answers carry the +07:00 offset. A refused request answers 400 with ``detail`` (and ``field``), an
invisible delegation 404, an action the person may not take 403, and one that no longer applies
in the current state 409.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from django.http import HttpRequest
from django.utils import timezone
from ninja import Router, Schema, Status

from congvu.core.api_errors import errors
from congvu.core.api_inputs import Id
from congvu.core.decisions import Refused
from congvu.org import selectors as org_selectors
from congvu.org.delegations import policies as delegation_policies
from congvu.org.delegations import selectors
from congvu.org.delegations import services as services
from congvu.org.delegations.workflow import DELEGATION_WORKFLOW
from congvu.org.models import Delegation

router = Router(tags=["delegations"])

MAX_LIMIT = 200


class PersonOut(Schema):
    id: int
    full_name: str


class DelegationOut(Schema):
    id: int
    principal: PersonOut
    delegate: PersonOut
    starts_at: dt.datetime
    ends_at: dt.datetime
    reason: str
    status: str
    display_status: str
    in_effect: bool
    requested_at: dt.datetime
    decided_by: PersonOut | None = None
    decided_at: dt.datetime | None = None
    ended_at: dt.datetime | None = None
    allowed_actions: list[str] = []


class DelegationPage(Schema):
    items: list[DelegationOut]
    next_cursor: str | None = None


class DelegationIn(Schema):
    delegate_id: Id
    starts_at: dt.datetime
    ends_at: dt.datetime
    reason: str = ""


class ReasonIn(Schema):
    reason: str = ""


def _local(value: dt.datetime | None) -> dt.datetime | None:
    return timezone.localtime(value) if value else None


def _person(user) -> dict | None:
    return {"id": user.pk, "full_name": user.full_name} if user is not None else None


def _out(delegation: Delegation, user, *, with_actions: bool = True) -> dict:
    return {
        "id": delegation.pk,
        "principal": _person(delegation.principal),
        "delegate": _person(delegation.delegate),
        "starts_at": _local(delegation.starts_at),
        "ends_at": _local(delegation.ends_at),
        "reason": delegation.reason,
        "status": delegation.status,
        "display_status": delegation.display_status,
        "in_effect": delegation.is_in_effect(),
        "requested_at": _local(delegation.requested_at),
        "decided_by": _person(delegation.decided_by) if delegation.decided_by_id else None,
        "decided_at": _local(delegation.decided_at),
        "ended_at": _local(delegation.ended_at),
        "allowed_actions": DELEGATION_WORKFLOW.allowed_names(delegation, user) if with_actions else [],
    }


@router.get("/delegations", response=errors(400, ok=DelegationPage), operation_id="delegations_list")
def delegation_list(
    request: HttpRequest,
    role: Literal["given", "received", "to_approve"] = "given",
    cursor: str = "",
    limit: int = 50,
):
    """The caller's delegations: given (as principal), received (as delegate) or to approve."""
    page = selectors.delegation_page(
        request.user, role=role, after=cursor or None, size=max(1, min(limit, MAX_LIMIT))
    )
    items = [_out(d, request.user, with_actions=False) for d in page.items]
    return {"items": items, "next_cursor": page.next_cursor}


@router.post(
    "/delegations",
    response=errors(400, 403, ok=DelegationOut, ok_status=201),
    operation_id="delegations_create",
)
def delegation_create(request: HttpRequest, payload: DelegationIn):

    delegate = org_selectors.person_or_refuse(
        payload.delegate_id, field="delegate_id", message="Không tìm thấy người được ủy quyền."
    )
    try:
        delegation = services.delegation_request(
            principal=request.user,
            delegate=delegate,
            starts_at=payload.starts_at,
            ends_at=payload.ends_at,
            reason=payload.reason,
            actor=request.user,
        )
    except Refused as refused:
        raise refused.on_field("delegate_id") if refused.field == "delegate" else refused from None
    return Status(201, _out(delegation_policies.access_delegation(request.user, delegation.pk), request.user))


@router.get(
    "/delegations/{delegation_id}", response=errors(404, ok=DelegationOut), operation_id="delegations_get"
)
def delegation_get(request: HttpRequest, delegation_id: Id):
    return _out(delegation_policies.access_delegation(request.user, delegation_id), request.user)


def _act(request: HttpRequest, delegation_id: Id, action: str, reason: str):
    delegation = delegation_policies.access_delegation(request.user, delegation_id)
    services.delegation_act(delegation=delegation, action=action, actor=request.user, reason=reason)
    return _out(delegation_policies.access_delegation(request.user, delegation_id), request.user)


@router.post(
    "/delegations/{delegation_id}/approve",
    response=errors(400, 403, 404, 409, ok=DelegationOut),
    operation_id="delegations_approve",
)
def delegation_approve(request: HttpRequest, delegation_id: Id, payload: ReasonIn | None = None):
    return _act(request, delegation_id, "approve", payload.reason if payload else "")


@router.post(
    "/delegations/{delegation_id}/reject",
    response=errors(400, 403, 404, 409, ok=DelegationOut),
    operation_id="delegations_reject",
)
def delegation_reject(request: HttpRequest, delegation_id: Id, payload: ReasonIn | None = None):
    return _act(request, delegation_id, "reject", payload.reason if payload else "")


@router.post(
    "/delegations/{delegation_id}/cancel",
    response=errors(400, 403, 404, 409, ok=DelegationOut),
    operation_id="delegations_cancel",
)
def delegation_cancel(request: HttpRequest, delegation_id: Id, payload: ReasonIn | None = None):
    return _act(request, delegation_id, "cancel", payload.reason if payload else "")


@router.post(
    "/delegations/{delegation_id}/revoke",
    response=errors(400, 403, 404, 409, ok=DelegationOut),
    operation_id="delegations_revoke",
)
def delegation_revoke(request: HttpRequest, delegation_id: Id, payload: ReasonIn | None = None):
    return _act(request, delegation_id, "revoke", payload.reason if payload else "")
