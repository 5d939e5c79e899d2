"""Account states (ORG-7): accounts are suspended or retired, never deleted.

    suspend     active     → suspended   an administrator of the account, with a reason;
                                         or the system (inactivity job, TV-SEC-5)
    reactivate  suspended  → active      an administrator of the account
    retire      active, suspended → retired   an administrator of the account, with a reason; final

Nobody changes the status of their own account, and the last active administrator of the whole
system is never suspended or retired (someone must be able to undo it).
"""

from __future__ import annotations

from typing import Any

from congvu.accounts.models import User
from congvu.accounts.users import policies
from congvu.core.decisions import Decision
from congvu.core.workflow import Transition, Workflow


def _administrator_of_account(actor: Any, account: User) -> Decision:
    if actor is None:  # the system itself (scheduled inactivity job)
        return Decision.allow()
    if getattr(actor, "pk", None) == account.pk:
        return Decision.deny("Bạn không thể tự thay đổi trạng thái tài khoản của mình.")
    return policies.administers_account(actor, account)


def _stops_account(actor: Any, account: User) -> Decision:
    decision = _administrator_of_account(actor, account)
    if not decision:
        return decision
    if policies.is_last_active_top_administrator(account):
        return Decision.deny(
            "Đây là tài khoản quản trị hệ thống cuối cùng còn hoạt động: không thể dừng tài khoản này."
        )
    return decision


S = User.Status
ACCOUNT_WORKFLOW = Workflow(
    model=User,
    transitions=(
        Transition("suspend", {S.ACTIVE}, S.SUSPENDED, _stops_account, needs_reason=True, label="Tạm dừng"),
        Transition("reactivate", {S.SUSPENDED}, S.ACTIVE, _administrator_of_account, label="Kích hoạt lại"),
        Transition(
            "retire", {S.ACTIVE, S.SUSPENDED}, S.RETIRED, _stops_account, needs_reason=True, label="Hủy bỏ"
        ),
    ),
)
