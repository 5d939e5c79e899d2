"""Who may see a delegation and do what to it (ORG-8; seed 002 Đ4.5, Đ11, Đ13.3).

The guards below are the named checks of the delegation workflow (``workflow.py`` beside it);
each says *why not* in Vietnamese. They speak the organisation's language from ``policies``:
the approver is the principal's superior (``superiors``: the head of the principal's unit, or for a
head the head of the parent unit), asked through ``is_head_of`` so that a person acting for that
head under a delegation may decide too, and the audit row then reads "B thay mặt A".
"""

from __future__ import annotations

from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from congvu.core.decisions import Decision, Refused
from congvu.org import policies, tree
from congvu.org.models import Delegation, Membership, Position, Unit

# --- who approves ---------------------------------------------------------------------------------


def approving_unit(principal: Any) -> Unit | None:
    """The unit whose head approves the principal's delegations (``policies.superior_unit``)."""
    return policies.superior_unit(principal)


def heads_top_unit(principal: Any) -> bool:
    """The head of the root unit (e.g. the provincial chairman) has no superior in the system."""
    membership = policies.primary_membership(principal)
    return bool(
        membership is not None
        and membership.position.level == Position.Level.HEAD
        and membership.unit.parent_id is None
    )


def _signed_in(actor: Any) -> bool:
    return actor is not None and getattr(actor, "pk", None) is not None


# --- guards of the workflow -----------------------------------------------------------------------


def is_principal(actor: Any, delegation: Delegation) -> Decision:
    """The principal in person: nobody cancels a request on their behalf."""
    if _signed_in(actor) and actor.pk == delegation.principal_id:
        return Decision.allow()
    return Decision.deny("Chỉ người ủy quyền mới làm được việc này.")


def is_superior_of_principal(actor: Any, delegation: Delegation) -> Decision:
    """The principal's leader decides (seed 002 Đ4.5), in person or on the leader's behalf.

    Nobody decides a delegation that they give or receive, even when acting for the leader.
    """
    if not _signed_in(actor):
        return Decision.deny("Vui lòng đăng nhập.")
    if actor.pk == delegation.principal_id:
        return Decision.deny("Bạn không thể tự duyệt ủy quyền của mình.")
    if actor.pk == delegation.delegate_id:
        return Decision.deny("Người được ủy quyền không thể tự duyệt ủy quyền cho mình.")
    unit = approving_unit(delegation.principal)
    if unit is None:
        return Decision.deny("Người ủy quyền không có lãnh đạo cấp trên trong hệ thống.")
    decision = policies.is_head_of(actor, unit)
    if not decision:
        return Decision.deny(f"Chỉ thủ trưởng {unit.name} (lãnh đạo của người ủy quyền) mới duyệt được.")
    behalf = getattr(decision.on_behalf_of, "pk", None)
    if behalf is not None and behalf in {delegation.principal_id, delegation.delegate_id}:
        return Decision.deny(
            "Không thể duyệt thay mặt người đang ủy quyền hoặc được ủy quyền trong chính đề nghị này."
        )
    return decision


def may_approve(actor: Any, delegation: Delegation) -> Decision:
    decision = is_superior_of_principal(actor, delegation)
    if not decision:
        return decision
    if delegation.ends_at <= timezone.now():
        return Decision.deny("Thời gian ủy quyền đã qua, không thể duyệt nữa.")
    if not delegation.delegate.is_active:
        return Decision.deny("Tài khoản của người được ủy quyền không còn hoạt động.")
    return decision


def may_auto_approve(actor: Any, delegation: Delegation) -> Decision:
    """A request of the head of the top unit takes effect on creation: nobody above can approve it."""
    if not is_principal(actor, delegation):
        return Decision.deny("Chỉ người ủy quyền mới làm được việc này.")
    if not heads_top_unit(delegation.principal):
        return Decision.deny("Ủy quyền này cần lãnh đạo cấp trên duyệt.")
    return Decision.allow()


def may_revoke(actor: Any, delegation: Delegation) -> Decision:
    """End early: the principal, the person who approved it, the principal's leader (in person or
    on their behalf) or an administrator of the principal's unit. An expired one has already ended."""
    if not _signed_in(actor):
        return Decision.deny("Vui lòng đăng nhập.")
    if delegation.ends_at <= timezone.now():
        return Decision.deny("Ủy quyền đã hết hạn, không cần chấm dứt.")
    if actor.pk in {delegation.principal_id, delegation.decided_by_id}:
        return Decision.allow()
    if actor.pk != delegation.delegate_id:
        superior = is_superior_of_principal(actor, delegation)
        if superior:
            return superior
    membership = policies.primary_membership(delegation.principal)
    if policies.is_administrator(actor, membership.unit if membership else None):
        return Decision.allow()
    return Decision.deny("Chỉ người ủy quyền, người đã duyệt hoặc quản trị mới chấm dứt được ủy quyền.")


# --- what a person may see and do -----------------------------------------------------------------


def visible_delegations(user: Any) -> QuerySet[Delegation]:
    """The principal, the delegate, whoever decided it, and the leaders and administrators of the
    principal's units (including a person acting for such a leader)."""
    if not _signed_in(user):
        return Delegation.objects.none()
    mine = (
        Q(principal_id=user.pk)
        | Q(delegate_id=user.pk)
        | Q(requested_by_id=user.pk)
        | Q(decided_by_id=user.pk)
    )
    paths = policies.managed_unit_paths(user)
    if paths:
        posts = Membership.objects.current().filter(
            tree.subtree_q(paths, "unit__"), user_id=OuterRef("principal_id")
        )
        mine |= Q(Exists(posts))
    return Delegation.objects.filter(mine)


def access_delegation(user: Any, pk: int) -> Delegation:
    """The delegation, or 404 when it is missing *or* not visible to the user."""
    found = (
        visible_delegations(user)
        .select_related("principal", "delegate", "requested_by", "decided_by")
        .filter(pk=pk)
    )
    delegation = found.first()
    if delegation is None:
        raise Refused.not_found("Không tìm thấy ủy quyền.")
    return delegation


def can_request(user: Any) -> Decision:
    if not _signed_in(user):
        return Decision.deny("Vui lòng đăng nhập.")
    if policies.primary_membership(user) is None:
        return Decision.deny("Bạn chưa thuộc đơn vị nào nên chưa thể ủy quyền.")
    return Decision.allow()
