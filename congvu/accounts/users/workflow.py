"""Account states (ORG-7): accounts are suspended or retired, never deleted.

    suspend     active     → suspended   an administrator of the account, with a reason;
                                         or the system (inactivity job, TV-SEC-5)
    reactivate  suspended  → active      an administrator of the account
    retire      active, suspended → retired   an administrator of the account, with a reason; final

Nobody changes the status of their own account, and the last active administrator of the whole
system is never suspended or retired (someone must be able to undo it).
"""

from __future__ import annotations

from congvu.accounts.models import User
from congvu.accounts.users import policies
from congvu.core.workflow import Transition, Workflow

S = User.Status
ACCOUNT_WORKFLOW = Workflow(
    model=User,
    doc="accounts.md",
    transitions=(
        Transition(
            "suspend", {S.ACTIVE}, S.SUSPENDED, policies.may_stop_account, needs_reason=True, label="Tạm dừng"
        ),
        Transition("reactivate", {S.SUSPENDED}, S.ACTIVE, policies.may_change_status, label="Kích hoạt lại"),
        Transition(
            "retire",
            {S.ACTIVE, S.SUSPENDED},
            S.RETIRED,
            policies.may_stop_account,
            needs_reason=True,
            label="Hủy bỏ",
        ),
    ),
)
