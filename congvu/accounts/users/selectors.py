"""Reads for the account screens and the API: each with the joins its screen needs (STYLE)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db.models import Prefetch, QuerySet

from congvu.accounts.models import User
from congvu.accounts.users import policies
from congvu.core.models import AuditEvent
from congvu.core.pagination import KeysetPage, keyset_page
from congvu.core.search import search
from congvu.org import policies as org
from congvu.org import tree
from congvu.org.models import Membership, Unit

# Renewed by every save of an account (``apps``): the administrators' lists are kept under it.
LIST_TOPIC = "accounts.list"

LIST_ORDER = ("username", "id")


def _current_primary_posts() -> Prefetch:
    return Prefetch(
        "memberships",
        queryset=Membership.objects.current().filter(is_primary=True).select_related("unit", "position"),
        to_attr="primary_posts",
    )


def primary_post(user: User) -> Membership | None:
    posts = getattr(user, "primary_posts", None)
    if posts is None:
        return org.primary_membership(user)
    return posts[0] if posts else None


@dataclass
class UserFilters:
    q: str = ""
    unit: Unit | None = None
    status: str = ""


def filtered_users(viewer: Any, filters: UserFilters) -> QuerySet[User]:
    """The accounts ``viewer`` may see, narrowed by the search box, a unit subtree and a status."""
    qs = policies.visible_users(viewer)
    if filters.status:
        qs = qs.filter(status=filters.status)
    if filters.unit is not None:
        in_subtree = (
            Membership.objects.current()
            .filter(tree.subtree_q([filters.unit.path], "unit__"))
            .values("user_id")
        )
        qs = qs.filter(pk__in=in_subtree)
    if filters.q:
        qs = search(qs, filters.q)
    return qs


def user_page(
    viewer: Any, filters: UserFilters, *, cursor: str | None, size: int | None = None
) -> KeysetPage:
    """One page of the account list: name, login, primary unit and post, status, last sign-in.

    Two queries whatever the page size: the rows, then their current primary posts.
    """
    qs = filtered_users(viewer, filters).prefetch_related(_current_primary_posts())
    return keyset_page(qs, order=LIST_ORDER, after=cursor, size=size or settings.PAGE_SIZE)


def filter_units(viewer: Any) -> QuerySet[Unit]:
    """Units offered in the list's unit filter: the subtrees the viewer manages (tree order)."""
    if policies.administers_everything(viewer):
        return Unit.objects.order_by("path")
    paths = org.managed_unit_paths(viewer)
    if not paths:
        return Unit.objects.none()
    return Unit.objects.filter(tree.subtree_q(paths)).order_by("path")


def account_posts(account: User) -> list[Membership]:
    """Every post of the account, current and ended, newest first (ORG-7: history stays)."""
    return list(
        Membership.objects.filter(user=account)
        .select_related("unit", "position")
        .order_by("-started_on", "-id")
    )


def account_roles(account: User) -> list[Any]:
    from congvu.org.models import RoleGrant

    return list(RoleGrant.objects.filter(user=account).select_related("unit").order_by("unit__path", "role"))


ACTION_LABELS = {
    "accounts.user.created": "Tạo tài khoản",
    "accounts.user.updated": "Sửa thông tin",
    "accounts.user.suspend": "Tạm dừng",
    "accounts.user.reactivate": "Kích hoạt lại",
    "accounts.user.retire": "Hủy bỏ",
    "accounts.user.password_reset": "Cấp lại mật khẩu một lần",
    "accounts.user.unlocked": "Mở khóa đăng nhập",
    "accounts.user.permissions_changed": "Đổi quyền quản trị kỹ thuật",
    "accounts.password_changed": "Đổi mật khẩu",
    "accounts.mfa_enrolled": "Bật xác thực hai lớp",
    "accounts.mfa_backup_codes_regenerated": "Tạo lại mã dự phòng",
    "accounts.otp_failed": "Nhập sai mã xác thực",
    "accounts.session.ended": "Kết thúc một phiên đăng nhập",
    "accounts.session.ended_others": "Kết thúc các phiên khác",
    "accounts.api_token.created": "Tạo mã truy cập API",
    "accounts.api_token.revoked": "Thu hồi mã truy cập API",
    "accounts.api_token.revoked_all": "Thu hồi mọi mã truy cập API",
    "org.membership.started": "Nhận chức vụ",
    "org.membership.ended": "Thôi chức vụ",
    "org.role.granted": "Được giao vai trò",
    "org.role.revoked": "Thôi vai trò",
}


def account_history(account: User, *, limit: int = 50) -> list[AuditEvent]:
    """Audit rows about the account: creation, changes, status, posts (newest first), each with a
    Vietnamese ``label`` for the screen."""
    events = list(
        AuditEvent.objects.filter(object_type="accounts.user", object_id=str(account.pk))
        .exclude(action__in=["accounts.sign_in", "accounts.sign_out"])
        .order_by("-id")[:limit]
    )
    for event in events:
        event.label = ACTION_LABELS.get(event.action, event.action)  # type: ignore[attr-defined]
    return events


def last_sign_ins(account: User, *, limit: int = 5) -> list[AuditEvent]:
    return list(
        AuditEvent.objects.filter(
            object_type="accounts.user", object_id=str(account.pk), action="accounts.sign_in"
        ).order_by("-id")[:limit]
    )
