"""Delegation states (ORG-8; seed 002 Đ4.5, Đ11, Đ13.3). Plain words: docs/workflows/delegation.md.

    (request)     —         → requested   the principal, for a colleague of their own unit subtree
    approve       requested → approved    the principal's leader (head of their unit, or for a head
                                          the head of the parent unit), in person or on their behalf
    auto_approve  requested → approved    the principal, on creation, only when they head the top
                                          unit and so have no leader in the system
    reject        requested → rejected    the principal's leader, with a reason
    cancel        requested → cancelled   the principal
    revoke        approved  → revoked     the principal, the approver, the leader or an administrator;
                                          ends it early (ended_at); a reason unless the principal

"In effect" and "expired" are not states: an approved delegation is in effect while now lies in
[starts_at, ends_at), and ``Delegation.display_status`` reads the window.
"""

from __future__ import annotations

from congvu.core.workflow import Transition, Workflow
from congvu.org.delegations import policies as guards
from congvu.org.models import Delegation

S = Delegation.Status
DELEGATION_WORKFLOW = Workflow(
    model=Delegation,
    doc="delegation.md",
    transitions=(
        Transition(
            "approve", {S.REQUESTED}, S.APPROVED, guards.may_approve, label="Duyệt", stamps=("decided_at",)
        ),
        Transition(
            "auto_approve",
            {S.REQUESTED},
            S.APPROVED,
            guards.may_auto_approve,
            label="Tự động duyệt",
            stamps=("decided_at",),
            internal=True,
        ),
        Transition(
            "reject",
            {S.REQUESTED},
            S.REJECTED,
            guards.is_superior_of_principal,
            needs_reason=True,
            label="Không duyệt",
            stamps=("decided_at",),
        ),
        Transition("cancel", {S.REQUESTED}, S.CANCELLED, guards.is_principal, label="Hủy đề nghị"),
        Transition(
            "revoke",
            {S.APPROVED},
            S.REVOKED,
            guards.may_revoke,
            label="Chấm dứt ủy quyền",
            stamps=("ended_at",),
        ),
    ),
)
