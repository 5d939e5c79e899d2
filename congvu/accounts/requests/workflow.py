"""Account requests (ORG-3; seed 000 Điều 8, Điều 10.1.d, 10.3.c; Phụ lục 1 and 2).

    submit    draft, rejected → submitted   the head of the filing unit (or their delegate);
                                            the deadline is set: 02 working days (seed 000 Đ8.2)
    withdraw  submitted → withdrawn         the filer, or the head of the filing unit; final
    process   submitted → done              an administrator of the unit (or of an ancestor):
                                            every line is applied in the same transaction
    reject    submitted → rejected          an administrator of the unit, with a reason; the
                                            filer may correct the lines and submit again

Editing the lines is an action, not a transition (``edit``): allowed while the request is a draft
or has been returned, to the same people who may submit it. The guards are in ``policies.py``.
"""

from __future__ import annotations

from congvu.accounts.models import AccountRequest
from congvu.accounts.requests import policies as may
from congvu.core.workflow import Action, Transition, Workflow

S = AccountRequest.Status
EDITABLE_STATES = frozenset({S.DRAFT, S.REJECTED})

ACCOUNT_REQUEST_WORKFLOW = Workflow(
    model=AccountRequest,
    doc="account_requests.md",
    transitions=(
        Transition("submit", EDITABLE_STATES, S.SUBMITTED, may.is_head_of_filing_unit, label="Gửi đề nghị"),
        Transition("withdraw", {S.SUBMITTED}, S.WITHDRAWN, may.is_filer_or_head, label="Rút đề nghị"),
        Transition("process", {S.SUBMITTED}, S.DONE, may.is_administrator_of_unit, label="Đã xử lý xong"),
        Transition(
            "reject",
            {S.SUBMITTED},
            S.REJECTED,
            may.is_administrator_of_unit,
            needs_reason=True,
            label="Trả lại",
        ),
    ),
    actions=(
        Action(
            "edit",
            EDITABLE_STATES,
            may.is_head_of_filing_unit,
            label="Sửa đề nghị",
            wrong_state="Chỉ sửa được đề nghị đang soạn hoặc bị trả lại.",
        ),
    ),
)
