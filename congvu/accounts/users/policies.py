"""Who may see and manage which accounts (ORG-3..ORG-7; STYLE: Permissions).

- ``visible_users(user)``: the accounts a person may look at — their own; those with a current post
  in a subtree they lead or administer (a unit head files account requests for his people, ORG-3);
  every account for system administrators and for administrators of a top unit.
- ``administers_account(actor, account)``: the rule every account action stands on — a system
  administrator, or an administrator granted on the unit of the account's primary post or above.
  An account with no current post belongs to the whole organisation: only administrators of a top
  unit (or system administrators) manage it.
- ``can_<verb>(actor, account) -> Decision``: the same rule with the verb's own restrictions; the
  status verbs are the account workflow's guards (``congvu.accounts.users.workflow``).
- ``access_user(actor, pk)``: the account, or 404 when it is missing or not visible.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from congvu.accounts.models import User
from congvu.core.decisions import Decision, Refused
from congvu.org import policies as org
from congvu.org import tree
from congvu.org.models import Membership, RoleGrant, Unit

NOT_AN_ADMINISTRATOR = "Chỉ quản trị hệ thống mới làm được việc này."


def _signed_in(user: Any) -> bool:
    return user is not None and getattr(user, "pk", None) is not None


def administers_everything(user: Any) -> bool:
    """A system administrator, or an administrator granted on a top unit (no parent)."""
    if not _signed_in(user):
        return False
    if org.is_system_administrator(user):
        return True
    return any(g.role == RoleGrant.Role.ADMINISTRATOR and g.unit.parent_id is None for g in org.roles(user))


def is_account_administrator(user: Any) -> bool:
    """Does this person administer accounts anywhere (the administration screens are theirs)?"""
    return _signed_in(user) and bool(org.is_administrator(user))


def visible_users(user: Any) -> QuerySet[User]:
    if not _signed_in(user):
        return User.objects.none()
    if administers_everything(user):
        return User.objects.all()
    paths = org.managed_unit_paths(user)
    if "" in paths:
        return User.objects.all()
    if not paths:
        return User.objects.filter(pk=user.pk)
    in_units = Membership.objects.current().filter(tree.subtree_q(paths, "unit__")).values("user_id")
    return User.objects.filter(Q(pk=user.pk) | Q(pk__in=in_units))


def can_view_account_list(user: Any) -> Decision:
    if not _signed_in(user):
        return Decision.deny("Vui lòng đăng nhập.")
    if administers_everything(user) or org.managed_unit_paths(user):
        return Decision.allow()
    return Decision.deny("Bạn không quản lý tài khoản của đơn vị nào.")


def administers_account(actor: Any, account: User) -> Decision:
    if not _signed_in(actor):
        return Decision.deny("Vui lòng đăng nhập.")
    if org.is_system_administrator(actor):
        return Decision.allow()
    primary = org.primary_membership(account)
    if primary is None:
        if administers_everything(actor):
            return Decision.allow()
        return Decision.deny("Tài khoản chưa thuộc đơn vị nào: chỉ quản trị hệ thống mới quản lý được.")
    if org.is_administrator(actor, primary.unit):
        return Decision.allow()
    return Decision.deny(
        f"Chỉ quản trị hệ thống hoặc quản trị của {primary.unit.name} (hoặc cấp trên) mới quản lý được tài khoản này."
    )


def can_create_account(actor: Any, unit: Unit | None) -> Decision:
    """Create an account in ``unit`` (or with no unit, for top administrators: unit accounts)."""
    if actor is None:  # the system itself: commands, imports
        return Decision.allow()
    if unit is None:
        if administers_everything(actor):
            return Decision.allow()
        return Decision.deny("Hãy chọn đơn vị của tài khoản.")
    if org.is_administrator(actor, unit):
        return Decision.allow()
    return Decision.deny(f"Chỉ quản trị của {unit.name} hoặc cấp trên mới tạo được tài khoản ở đơn vị này.")


def can_create_any_account(actor: Any) -> Decision:
    if is_account_administrator(actor):
        return Decision.allow()
    return Decision.deny(NOT_AN_ADMINISTRATOR)


def can_edit(actor: Any, account: User) -> Decision:
    if actor is None:
        return Decision.allow()
    if account.status == User.Status.RETIRED:
        return Decision.deny("Tài khoản đã hủy không sửa được.")
    return administers_account(actor, account)


def can_reset_password(actor: Any, account: User) -> Decision:
    if actor is None:
        return Decision.allow()
    if actor.pk == account.pk:
        return Decision.deny("Hãy dùng chức năng Đổi mật khẩu cho tài khoản của chính bạn.")
    if account.status != User.Status.ACTIVE:
        return Decision.deny("Chỉ cấp lại mật khẩu cho tài khoản đang hoạt động.")
    return administers_account(actor, account)


def can_unlock(actor: Any, account: User) -> Decision:
    if actor is None:
        return Decision.allow()
    return administers_account(actor, account)


# --- guards of the account workflow (``workflow.py``) --------------------------------------------


def may_change_status(actor: Any, account: User) -> Decision:
    """An administrator of the account, or the system itself (the nightly inactivity job); never
    on one's own account."""
    if actor is None:
        return Decision.allow()
    if getattr(actor, "pk", None) == account.pk:
        return Decision.deny("Bạn không thể tự thay đổi trạng thái tài khoản của mình.")
    return administers_account(actor, account)


def may_stop_account(actor: Any, account: User) -> Decision:
    """Suspending or retiring also spares the last active administrator of the whole system."""
    decision = may_change_status(actor, account)
    if not decision:
        return decision
    if is_last_active_top_administrator(account):
        return Decision.deny(
            "Đây là tài khoản quản trị hệ thống cuối cùng còn hoạt động: không thể dừng tài khoản này."
        )
    return decision


def access_user(actor: Any, pk: int) -> User:
    """The account if ``actor`` may see it; 404 alike for missing and invisible (Zulip's access_*)."""
    account = visible_users(actor).filter(pk=pk).first()
    if account is None:
        raise Refused.not_found("Không tìm thấy tài khoản.")
    return account


# --- administrators of the whole system -----------------------------------------------------------


def _top_administrators() -> Q:
    return (
        Q(is_superuser=True)
        | Q(is_staff=True)
        | Q(role_grants__role=RoleGrant.Role.ADMINISTRATOR, role_grants__unit__parent__isnull=True)
    )


def is_last_active_top_administrator(account: User) -> bool:
    """Would stopping this account leave nobody able to administer the system? (ORG-7 job guard)."""
    if account.status != User.Status.ACTIVE:
        return False
    if not User.objects.filter(_top_administrators(), pk=account.pk).exists():
        return False
    others = User.objects.filter(_top_administrators(), status=User.Status.ACTIVE).exclude(pk=account.pk)
    return not others.exists()
