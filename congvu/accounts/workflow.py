"""Account states (ORG-7): accounts are suspended or retired, never deleted.

    suspend     active     → suspended   administrator, with a reason (or the inactivity job)
    reactivate  suspended  → active      administrator
    retire      active, suspended → retired   administrator, with a reason; final
"""

from __future__ import annotations

from typing import Any

from congvu.accounts.models import User
from congvu.core.decisions import Decision
from congvu.core.workflow import Transition, Workflow
from congvu.org import policies


def _administrator_of_account(actor: Any, account: User) -> Decision:
    if actor is None:  # the system itself (scheduled inactivity job)
        return Decision.allow()
    if getattr(actor, "pk", None) == account.pk:
        return Decision.deny("Bạn không thể tự thay đổi trạng thái tài khoản của mình.")
    if policies.is_system_administrator(actor):
        return Decision.allow()
    primary = policies.primary_membership(account)
    if primary is not None and policies.is_administrator(actor, primary.unit):
        return Decision.allow()
    return Decision.deny("Chỉ quản trị hệ thống mới thay đổi được trạng thái tài khoản.")


S = User.Status
ACCOUNT_WORKFLOW = Workflow(
    model=User,
    transitions=(
        Transition("suspend", {S.ACTIVE}, S.SUSPENDED, _administrator_of_account, needs_reason=True, label="Tạm dừng"),
        Transition("reactivate", {S.SUSPENDED}, S.ACTIVE, _administrator_of_account, label="Kích hoạt lại"),
        Transition("retire", {S.ACTIVE, S.SUSPENDED}, S.RETIRED, _administrator_of_account, needs_reason=True, label="Hủy bỏ"),
    ),
)
