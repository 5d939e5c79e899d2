"""Accounts in the JSON API: the caller (/me) and account administration (ORG-3..ORG-7).

The same policies and services as the screens: 404 for an account the caller may not see, 403
for one they see but may not act on, 400 with the Vietnamese reason when a service refuses.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from ninja import Field, Router, Schema, Status

from congvu.accounts.models import User
from congvu.accounts.users import policies, selectors
from congvu.accounts.users import services as user_services
from congvu.accounts.users.workflow import ACCOUNT_WORKFLOW
from congvu.core.api_errors import errors
from congvu.core.api_inputs import Id
from congvu.core.decisions import Refused
from congvu.org import policies as org
from congvu.org import selectors as org_selectors
from congvu.org import tree
from congvu.org.models import Position

router = Router(tags=["accounts"])


class MembershipOut(Schema):
    unit_id: Id
    unit_name: str
    unit_short_name: str
    position: str
    is_primary: bool


class RoleOut(Schema):
    role: str
    role_label: str
    unit_id: Id
    unit_name: str


class PersonRef(Schema):
    id: int
    username: str
    full_name: str


class MeOut(Schema):
    id: int
    username: str
    full_name: str
    email: str
    memberships: list[MembershipOut]
    roles: list[RoleOut]
    acting_for: list[PersonRef]


class UserOut(Schema):
    id: int
    username: str
    full_name: str
    email: str
    phone: str
    status: str
    status_label: str
    status_reason: str
    unit_id: Id | None
    unit_name: str
    position: str
    last_login: dt.datetime | None
    date_joined: dt.datetime


class UserDetailOut(UserOut):
    date_of_birth: dt.date | None
    memberships: list[MembershipOut]
    roles: list[RoleOut]
    allowed_actions: list[str]


class UserPageOut(Schema):
    items: list[UserOut]
    next_cursor: str | None


class UserCreateIn(Schema):
    full_name: str
    unit_id: Id
    position_id: Id
    email: str = ""
    phone: str = ""
    date_of_birth: dt.date | None = None
    username: str | None = Field(None, description="Để trống để hệ thống đặt theo quy ước (ORG-4).")


class NewAccountOut(Schema):
    id: int
    username: str
    one_time_password: str = Field(..., description="Chỉ trả về một lần; phải đổi ở lần đăng nhập đầu tiên.")


class ReasonIn(Schema):
    reason: str = ""


def _membership(m) -> dict[str, Any]:
    return {
        "unit_id": m.unit_id,
        "unit_name": m.unit.name,
        "unit_short_name": m.unit.short_name,
        "position": m.position.name,
        "is_primary": m.is_primary,
    }


def _role(g) -> dict[str, Any]:
    return {
        "role": g.role,
        "role_label": g.get_role_display(),
        "unit_id": g.unit_id,
        "unit_name": g.unit.name,
    }


def _user(account: User) -> dict[str, Any]:
    post = selectors.primary_post(account)
    return {
        "id": account.pk,
        "username": account.username,
        "full_name": account.full_name,
        "email": account.email,
        "phone": account.phone,
        "status": account.status,
        "status_label": account.get_status_display(),
        "status_reason": account.status_reason,
        "unit_id": post.unit_id if post else None,
        "unit_name": post.unit.name if post else "",
        "position": post.position.name if post else "",
        "last_login": account.last_login,
        "date_joined": account.date_joined,
    }


def _detail(viewer: Any, account: User) -> dict[str, Any]:
    return {
        **_user(account),
        "date_of_birth": account.date_of_birth,
        "memberships": [_membership(m) for m in org.memberships(account)],
        "roles": [_role(g) for g in org.roles(account)],
        "allowed_actions": [t.name for t in ACCOUNT_WORKFLOW.allowed(account, viewer)],
    }


def _caller(request: HttpRequest) -> Any:
    """The authenticated person (TokenAuth and SessionAuth both leave them on ``request.user``)."""
    return request.user


def _access(request: HttpRequest, pk: int) -> User:
    return policies.access_user(_caller(request), pk)


@router.get("/me", response=errors(400, ok=MeOut), summary="Người đang gọi API")
def me(request: HttpRequest):
    user = _caller(request)
    return {
        "id": user.pk,
        "username": user.username,
        "full_name": user.full_name,
        "email": user.email,
        "memberships": [_membership(m) for m in org.memberships(user)],
        "roles": [_role(g) for g in org.roles(user)],
        "acting_for": [
            {"id": p.pk, "username": p.username, "full_name": p.full_name} for p in tree.principals(user)
        ],
    }


@router.get("/users", response=errors(400, ok=UserPageOut), summary="Danh sách tài khoản được xem")
def user_list(
    request: HttpRequest,
    q: str = "",
    unit: int | None = None,
    status: str = "",
    cursor: str | None = None,
):
    if status and status not in User.Status.values:
        raise Refused.invalid("Trạng thái không hợp lệ.", field="status")
    unit_obj = org_selectors.unit_or_refuse(unit, field="unit", message="Không có đơn vị này.")
    page = selectors.user_page(
        _caller(request), selectors.UserFilters(q=q, unit=unit_obj, status=status), cursor=cursor
    )
    return {"items": [_user(u) for u in page.items], "next_cursor": page.next_cursor}


@router.get("/users/{int:user_id}", response=errors(404, ok=UserDetailOut), summary="Một tài khoản")
def user_detail(request: HttpRequest, user_id: Id):
    return _detail(_caller(request), _access(request, user_id))


@router.post(
    "/users",
    response=errors(400, 403, ok=NewAccountOut, ok_status=201),
    summary="Tạo tài khoản (quản trị); trả về tên đăng nhập và mật khẩu một lần",
)
def user_create(request: HttpRequest, payload: UserCreateIn):
    actor = _caller(request)
    policies.can_create_any_account(actor).require()
    unit = org_selectors.unit_or_refuse(payload.unit_id, field="unit_id", message="Không có đơn vị này.")
    position = (
        Position.objects.filter(pk=payload.position_id).first() if 0 < payload.position_id < 2**63 else None
    )
    if position is None:
        raise Refused.invalid("Không có chức vụ này.", field="position_id")
    policies.can_create_account(actor, unit).require()
    account = user_services.user_create(
        full_name=payload.full_name,
        unit=unit,
        position=position,
        actor=actor,
        email=payload.email,
        phone=payload.phone,
        date_of_birth=payload.date_of_birth,
        username=payload.username or None,
    )
    return Status(
        201,
        {
            "id": account.user.pk,
            "username": account.user.username,
            "one_time_password": account.one_time_password,
        },
    )


def _transition(request: HttpRequest, user_id: Id, name: str, reason: str):
    account = _access(request, user_id)
    actor = _caller(request)
    account = user_services.user_transition(user=account, name=name, actor=actor, reason=reason)
    return _detail(actor, account)


_ACTION_RESPONSES = errors(400, 403, 404, 409, ok=UserDetailOut)


@router.post("/users/{int:user_id}/suspend", response=_ACTION_RESPONSES, summary="Tạm dừng tài khoản")
def user_suspend(request: HttpRequest, user_id: Id, payload: ReasonIn):
    return _transition(request, user_id, "suspend", payload.reason)


@router.post("/users/{int:user_id}/reactivate", response=_ACTION_RESPONSES, summary="Kích hoạt lại tài khoản")
def user_reactivate(request: HttpRequest, user_id: Id, payload: ReasonIn | None = None):
    return _transition(request, user_id, "reactivate", payload.reason if payload else "")


@router.post(
    "/users/{int:user_id}/retire", response=_ACTION_RESPONSES, summary="Hủy bỏ tài khoản (giữ lịch sử)"
)
def user_retire(request: HttpRequest, user_id: Id, payload: ReasonIn):
    return _transition(request, user_id, "retire", payload.reason)
