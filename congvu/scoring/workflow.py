"""The life of a scoring period, a unit's self-assessment, an appraisal account and an account
request (seed 003 Đ8–Đ11; standards §6.3 R-PAR-5). Described in docs/workflows/scoring.md.

A period:

    open       draft      → open        Home Affairs: the units score themselves, the set is frozen
    publish    open       → published   Home Affairs: every appraisal sent; the ranking is public

A unit's self-assessment:

    approve    draft      → approved    the unit's leader, after reading the exported report (Đ9.2)
    send_back  approved   → draft       the unit's leader, with a reason: to be corrected
    submit     approved   → submitted   the unit's entry account or leader, before the deadline (Đ9.3)
    reopen     submitted  → draft       Home Affairs, with a reason (and a new deadline if needed)

An appraisal account:

    submit     open       → submitted   the council member: every submitted unit scored; locked (Đ10.3)
    unlock     submitted  → open        Home Affairs, with a reason

An account request (Đ8.2 bước 2):

    approve    pending    → approved    Home Affairs: the entry role is granted
    reject     pending    → rejected    Home Affairs, with a reason

Actions (the state stays): on a period ``edit`` (title, deadlines, units while a draft),
``appoint`` (appraisers and their criteria), ``survey`` (the survey scores, Home Affairs); on an
assessment ``save`` (scores, explanations, evidence, survey answers — a draft only); on an
appraisal ``score``.
"""

from __future__ import annotations

from congvu.core.workflow import Action, Transition, Workflow
from congvu.scoring import policies as may
from congvu.scoring.models import Appraisal, Assessment, EntryRequest, Period


def states(*names: str) -> frozenset[str]:
    return frozenset(names)


P = Period.Status

PERIOD_WORKFLOW = Workflow(
    model=Period,
    doc="scoring.md",
    transitions=(
        Transition("open", states(P.DRAFT), P.OPEN, may.can_manage_period, label="Mở kỳ chấm điểm",
                   stamps=("opened_at",), wrong_state="Kỳ chấm điểm này đã được mở."),
        Transition("publish", states(P.OPEN), P.PUBLISHED, may.can_manage_period, label="Công bố kết quả",
                   stamps=("published_at",), wrong_state="Chỉ công bố được kỳ đang chấm điểm."),
    ),
    actions=(
        Action("edit", states(P.DRAFT, P.OPEN), may.can_manage_period, label="Sửa kỳ chấm điểm"),
        Action("appoint", states(P.DRAFT, P.OPEN), may.can_manage_period, label="Phân công thẩm định"),
        Action("survey", states(P.OPEN), may.can_manage_period, label="Nhập điểm điều tra xã hội học"),
    ),
)  # fmt: skip

A = Assessment.Status

ASSESSMENT_WORKFLOW = Workflow(
    model=Assessment,
    doc="scoring.md",
    transitions=(
        Transition("approve", states(A.DRAFT), A.APPROVED, may.can_approve, label="Duyệt báo cáo",
                   stamps=("approved_at",), wrong_state="Báo cáo tự đánh giá đã được duyệt hoặc đã gửi."),
        Transition("send_back", states(A.APPROVED), A.DRAFT, may.can_send_back, needs_reason=True,
                   label="Trả lại để chỉnh sửa"),
        Transition("submit", states(A.APPROVED), A.SUBMITTED, may.can_submit, label="Gửi Sở Nội vụ",
                   stamps=("submitted_at",),
                   wrong_state="Chỉ gửi được báo cáo tự đánh giá đã được lãnh đạo đơn vị duyệt."),
        Transition("reopen", states(A.SUBMITTED), A.DRAFT, may.can_reopen, needs_reason=True,
                   label="Mở lại để đơn vị chỉnh sửa"),
    ),
    actions=(
        Action("save", states(A.DRAFT), may.can_enter, label="Lưu tự đánh giá",
               wrong_state="Báo cáo tự đánh giá đã được duyệt hoặc đã gửi: không sửa được nữa."),
    ),
)  # fmt: skip

AP = Appraisal.Status

APPRAISAL_WORKFLOW = Workflow(
    model=Appraisal,
    doc="scoring.md",
    transitions=(
        Transition("submit", states(AP.OPEN), AP.SUBMITTED, may.can_appraise, label="Gửi kết quả thẩm định",
                   stamps=("submitted_at",), wrong_state="Kết quả thẩm định đã được gửi: tài khoản đã khóa."),
        Transition("unlock", states(AP.SUBMITTED), AP.OPEN, may.can_unlock, needs_reason=True,
                   label="Mở khóa thẩm định"),
    ),
    actions=(
        Action("score", states(AP.OPEN), may.can_appraise, label="Chấm điểm thẩm định",
               wrong_state="Kết quả thẩm định đã được gửi: tài khoản đã khóa."),
    ),
)  # fmt: skip

R = EntryRequest.Status

ENTRY_REQUEST_WORKFLOW = Workflow(
    model=EntryRequest,
    doc="scoring.md",
    transitions=(
        Transition("approve", states(R.PENDING), R.APPROVED, may.can_decide_request, label="Cấp tài khoản",
                   stamps=("decided_at",), wrong_state="Đề nghị này đã được xử lý."),
        Transition("reject", states(R.PENDING), R.REJECTED, may.can_decide_request, needs_reason=True,
                   label="Không cấp", stamps=("decided_at",), wrong_state="Đề nghị này đã được xử lý."),
    ),
)  # fmt: skip
