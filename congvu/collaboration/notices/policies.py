"""Who may see and post maintenance and incident notices (ADM-4; seed 004 Đ8, Đ11.2.b).

- Every signed-in person sees every notice: the banner and the history are for all users.
- A notice reaches the whole system, so only a system-wide administrator posts, edits or ends one:
  a system administrator (``org.is_system_administrator``), or an administrator whose grant is on a
  top unit of the tree (the province) — an administrator of one department may not speak to all.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from congvu.collaboration.notices.models import Notice
from congvu.core.decisions import Decision, Refused
from congvu.org import policies as org
from congvu.org.models import RoleGrant

NOT_ADMIN = "Chỉ quản trị hệ thống mới đăng, sửa hoặc kết thúc thông báo hệ thống."


def _signed_in(user: Any) -> bool:
    return user is not None and bool(getattr(user, "is_authenticated", False))


def is_system_wide_administrator(user: Any) -> bool:
    """A system administrator, or an administrator granted on a top unit (administration is a role,
    never lent through a delegation)."""
    if not _signed_in(user):
        return False
    if org.is_system_administrator(user):
        return True
    return any(g.role == RoleGrant.Role.ADMINISTRATOR and g.unit.parent_id is None for g in org.roles(user))


def visible_notices(user: Any) -> QuerySet[Notice]:
    if not _signed_in(user):
        return Notice.objects.none()
    return Notice.objects.all()


def can_manage_notices(user: Any) -> Decision:
    if is_system_wide_administrator(user):
        return Decision.allow()
    return Decision.deny(NOT_ADMIN)


def can_edit(user: Any, notice: Notice) -> Decision:
    decision = can_manage_notices(user)
    if not decision:
        return decision
    if notice.phase() in (Notice.Phase.OVER, Notice.Phase.RESOLVED):
        return Decision.deny("Thông báo đã kết thúc; không sửa được.", kind=Refused.Kind.WRONG_STATE)
    return decision


def can_end(user: Any, notice: Notice) -> Decision:
    """End it now: an incident fixed ("Đã khắc phục"), or a maintenance called off or over early."""
    decision = can_manage_notices(user)
    if not decision:
        return decision
    if notice.phase() in (Notice.Phase.OVER, Notice.Phase.RESOLVED):
        return Decision.deny("Thông báo đã kết thúc.", kind=Refused.Kind.WRONG_STATE)
    return decision


def access_notice(user: Any, pk: Any, action: str = "view") -> Notice:
    """The notice, 404 when missing (or the caller is not signed in), 403 or 409 when ``action``
    ("edit", "end") is not allowed."""
    notice = visible_notices(user).filter(pk=pk).first() if str(pk).isdigit() else None
    if notice is None:
        raise Refused.not_found("Không tìm thấy thông báo.")
    if action == "edit":
        can_edit(user, notice).require()
    elif action == "end":
        can_end(user, notice).require()
    return notice
