"""Who may see and change the organisation screens (ORG-1, ORG-2; STYLE: Permissions).

- Administrators (``policies.is_administrator(user, unit)``: a system administrator, or the
  administrator role granted on the unit or an ancestor) manage the units of their subtree.
- Leaders (heads, and deputies for the units they are in charge of — seed 000 Đ7) may look at
  their subtree read-only.
- Everyone else sees nothing here: the tree is managed, not browsed. (Other modules read names
  and structure through ``policies.visible_units``.)
"""

from __future__ import annotations

from typing import Any

from congvu.core.decisions import Decision, Refused
from congvu.org import policies, tree
from congvu.org.models import Membership, RoleGrant, Unit


def administered_paths(user: Any) -> list[str]:
    """Subtrees the user administers; ``[""]`` for a system administrator."""
    if user is None or getattr(user, "pk", None) is None:
        return []
    if policies.is_system_administrator(user):
        return [""]
    return tree.outermost(
        [g.unit.path for g in policies.roles(user) if g.role == RoleGrant.Role.ADMINISTRATOR]
    )


def viewable_paths(user: Any) -> list[str]:
    """Subtrees shown on "Cơ cấu tổ chức": administered, or led personally (not through a delegation:
    looking at the organisation is not processing authority)."""
    administered = administered_paths(user)
    if "" in administered:
        return [""]
    led = policies.facts(user).led_unit_paths if getattr(user, "pk", None) else []
    return tree.outermost([*administered, *led])


def can_view_tree(user: Any) -> Decision:
    if viewable_paths(user):
        return Decision.allow()
    return Decision.deny("Chỉ quản trị và lãnh đạo đơn vị mới xem được cơ cấu tổ chức.")


def can_view_unit(user: Any, unit: Unit) -> Decision:
    if any(unit.path.startswith(p) for p in viewable_paths(user)):
        return Decision.allow()
    return Decision.deny(f"Bạn không xem được thông tin của {unit.name}.")


def can_manage_unit(user: Any, unit: Unit) -> Decision:
    """Edit, (de)activate, staff and grant roles on the unit."""
    return (
        policies.is_administrator(user, unit)
        if getattr(user, "pk", None)
        else Decision.deny("Vui lòng đăng nhập.")
    )


def can_create_unit(user: Any, parent: Unit | None) -> Decision:
    if parent is None:
        if policies.is_system_administrator(user):
            return Decision.allow()
        return Decision.deny("Chỉ quản trị hệ thống mới tạo được đơn vị cấp cao nhất.")
    return can_manage_unit(user, parent)


def can_create_any_unit(user: Any) -> Decision:
    if administered_paths(user):
        return Decision.allow()
    return Decision.deny("Chỉ quản trị mới tạo được đơn vị.")


def can_manage_membership(user: Any, membership: Membership) -> Decision:
    return can_manage_unit(user, membership.unit)


def can_manage_positions(user: Any) -> Decision:
    """The positions catalogue is shared: system administrators or a top-level unit's administrator."""
    if getattr(user, "pk", None) is None:
        return Decision.deny("Vui lòng đăng nhập.")
    if policies.is_system_administrator(user):
        return Decision.allow()
    if any(g.role == RoleGrant.Role.ADMINISTRATOR and g.unit.parent_id is None for g in policies.roles(user)):
        return Decision.allow()
    return Decision.deny("Chỉ quản trị cấp cao nhất mới sửa được danh mục chức vụ.")


def can_view_positions(user: Any) -> Decision:
    if administered_paths(user):
        return Decision.allow()
    return Decision.deny("Chỉ quản trị mới xem được danh mục chức vụ.")


# --- access_*: the object with its check; 404 alike for missing and not visible ------------------

VIEW, MANAGE = "view", "manage"


UNIT_NOT_FOUND = "Không tìm thấy đơn vị."


def access_unit(user: Any, pk: Any, action: str = VIEW) -> Unit:
    unit = Unit.objects.select_related("parent").filter(pk=pk).first()
    if unit is None or (not can_view_unit(user, unit) and not can_manage_unit(user, unit)):
        raise Refused.not_found(UNIT_NOT_FOUND)
    if action == MANAGE:
        can_manage_unit(user, unit).require()
    return unit


def access_membership(user: Any, pk: Any, action: str = MANAGE) -> Membership:
    membership = Membership.objects.select_related("unit", "user", "position").filter(pk=pk).first()
    if membership is None:
        raise Refused.not_found("Không tìm thấy chức vụ đảm nhiệm.")
    access_unit(user, membership.unit_id, action)
    return membership


def access_role_grant(user: Any, pk: Any) -> RoleGrant:
    grant = RoleGrant.objects.select_related("unit", "user").filter(pk=pk).first()
    if grant is None:
        raise Refused.not_found("Không tìm thấy vai trò.")
    access_unit(user, grant.unit_id, MANAGE)
    return grant
