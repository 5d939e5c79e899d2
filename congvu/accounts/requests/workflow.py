"""Account requests (ORG-3; seed 000 Điều 8, Điều 10.1.d, 10.3.c; Phụ lục 1 and 2).

    submit    draft, rejected → submitted   the head of the filing unit (or their delegate);
                                            the deadline is set: 02 working days (seed 000 Đ8.2)
    withdraw  submitted → withdrawn         the filer, or the head of the filing unit; final
    process   submitted → done              an administrator of the unit (or of an ancestor):
                                            every line is applied in the same transaction
    reject    submitted → rejected          an administrator of the unit, with a reason; the
                                            filer may correct the lines and submit again

Editing the lines is not a transition: it is allowed while the request is a draft or has been
returned, to the same people who may submit it (``requests_policies.can_edit``).
"""

from __future__ import annotations

from typing import Any

from congvu.accounts.models import AccountRequest
from congvu.core.decisions import Decision
from congvu.core.workflow import Transition, Workflow
from congvu.org import policies as org


def is_head_of_filing_unit(actor: Any, account_request: AccountRequest) -> Decision:
    """Thủ trưởng đơn vị lập danh sách đề nghị (seed 000 Đ8.1): the unit's head, or whoever holds
    the head's authority through a delegation (ORG-8)."""
    decision = org.is_head_of(actor, account_request.unit)
    if decision:
        return decision
    return Decision.deny(f"Chỉ thủ trưởng {account_request.unit.name} mới lập và gửi được đề nghị này.")


def is_filer_or_head(actor: Any, account_request: AccountRequest) -> Decision:
    if actor is not None and getattr(actor, "pk", None) == account_request.filed_by_id:
        return Decision.allow()
    decision = org.is_head_of(actor, account_request.unit)
    if decision:
        return decision
    return Decision.deny("Chỉ người lập hoặc thủ trưởng đơn vị mới rút được đề nghị này.")


def is_administrator_of_unit(actor: Any, account_request: AccountRequest) -> Decision:
    """Văn phòng … thực hiện cấp mới, thay đổi, dừng hoạt động, hủy bỏ tài khoản (seed 000 Đ8.2):
    an administrator granted on the filing unit or an ancestor, or a system administrator."""
    decision = org.is_administrator(actor, account_request.unit)
    if decision:
        return decision
    return Decision.deny("Chỉ quản trị hệ thống phụ trách đơn vị này mới xử lý được đề nghị tài khoản.")


S = AccountRequest.Status
EDITABLE_STATES = frozenset({S.DRAFT, S.REJECTED})

ACCOUNT_REQUEST_WORKFLOW = Workflow(
    model=AccountRequest,
    transitions=(
        Transition("submit", EDITABLE_STATES, S.SUBMITTED, is_head_of_filing_unit, label="Gửi đề nghị"),
        Transition("withdraw", {S.SUBMITTED}, S.WITHDRAWN, is_filer_or_head, label="Rút đề nghị"),
        Transition("process", {S.SUBMITTED}, S.DONE, is_administrator_of_unit, label="Đã xử lý xong"),
        Transition(
            "reject", {S.SUBMITTED}, S.REJECTED, is_administrator_of_unit, needs_reason=True, label="Trả lại"
        ),
    ),
)
