"""Who may read and keep the annual work plan (TASK-6; seed 000 Đ10.1.a "cập nhật kế hoạch công tác
của đơn vị", Đ10.1.f "Chánh Văn phòng … cập nhật kế hoạch công tác hàng năm của cơ quan").

- **Keep** (create the plan, add and remove items): the head of the unit (or someone acting for
  them under a delegation, ORG-8) and its office — a person holding the clerk (văn thư) or the
  directive monitor (theo dõi chỉ đạo) role granted *on that unit*. A role granted on the province
  office does not make its holder the keeper of every department's plan: each unit's office keeps
  its own.
- **Read**: everyone in the unit's subtree (a division reads its department's and the province's
  plans), the leaders of the unit and above it, and the keepers.
- **Turn an item into work** ("Tạo công việc"): whoever may give work to the item's owner unit
  (``policies.can_assign_to_unit``) — the leader above it, never the office alone.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from congvu.assignments import policies
from congvu.assignments.models import PlanItem, WorkPlan
from congvu.core.decisions import Decision, Refused
from congvu.org import policies as org
from congvu.org import tree
from congvu.org.models import RoleGrant, Unit
from congvu.org.tree import subtree_q

OFFICE_ROLES = {RoleGrant.Role.CLERK, RoleGrant.Role.DIRECTIVE_MONITOR}


def is_office_of(user: Any, unit: Unit) -> bool:
    """The clerk or the directive monitor of this very unit."""
    return any(g.role in OFFICE_ROLES and g.unit_id == unit.pk for g in org.roles(user))


def can_keep_plan(user: Any, unit: Unit) -> Decision:
    if user is None or getattr(user, "pk", None) is None:
        return Decision.deny("Vui lòng đăng nhập.")
    if is_office_of(user, unit):
        return Decision.allow()
    decision = org.is_head_of(user, unit)
    if decision:
        return decision
    return Decision.deny(
        f"Chỉ thủ trưởng {unit.name} hoặc văn thư, người theo dõi của đơn vị mới cập nhật được kế hoạch công tác."
    )


def keepable_units(user: Any) -> list[Unit]:
    """The units whose plan this person keeps (for the "Lập kế hoạch" form)."""
    units = {u.pk: u for p in tree.people_acting_as(user) for u in org.headed_units(p)}
    units.update({g.unit.pk: g.unit for g in org.roles(user) if g.role in OFFICE_ROLES})
    return sorted(units.values(), key=lambda u: u.path)


def visible_plans(user: Any) -> QuerySet[WorkPlan]:
    if user is None or getattr(user, "pk", None) is None:
        return WorkPlan.objects.none()
    people = tree.people_acting_as(user)
    above = {uid for p in people for m in org.memberships(p) for uid in m.unit.ancestor_ids}
    paths = list(policies.led_paths(user))
    paths += [g.unit.path for g in org.roles(user) if g.role in OFFICE_ROLES]
    query = Q(unit_id__in=sorted(above))
    if paths:
        query |= subtree_q(paths, "unit__")
    return WorkPlan.objects.filter(query)


def access_plan(user: Any, pk: int) -> WorkPlan:
    """The plan, or 404 alike for missing and invisible."""
    plan = visible_plans(user).select_related("unit", "created_by").filter(pk=pk).first()
    if plan is None:
        raise Refused.not_found("Không tìm thấy kế hoạch.")
    return plan


def access_plan_item(user: Any, pk: int) -> PlanItem:
    item = PlanItem.objects.select_related("plan__unit", "owner_unit").filter(pk=pk).first()
    if item is None or not visible_plans(user).filter(pk=item.plan_id).exists():
        raise Refused.not_found("Không tìm thấy mục kế hoạch.")
    return item


def can_create_work(user: Any, item: PlanItem) -> Decision:
    decision = policies.can_assign_to_unit(user, item.owner_unit)
    if decision:
        return decision
    return Decision.deny(
        f"Chỉ lãnh đạo có thẩm quyền giao việc cho {item.owner_unit.name} mới tạo được công việc từ mục kế hoạch này."
    )
