"""The lives of an incoming and an outgoing document. Described in docs/workflows/documents.md.

Incoming (Nghị định 30/2020 Điều 20–24; seed 002 Đ9):

    register    received                 → registered    the clerk (a document another agency of
                                                          this installation sent: its số đến now)
    distribute  registered               → in_progress   a leader of the agency: lead + co-handlers
                                                          + informed, instruction, deadline (Đ9.2, Đ9.4)
    forward     in_progress              → in_progress   the lead (a unit head to an officer, Đ9.3),
                                                          or a leader of the agency re-routing it
    close       in_progress              → done          the lead, filing it into a dossier (Đ9.5)

    actions: ``edit`` (the clerk corrects the registration before routing), ``reply`` (the lead
    starts an outgoing draft linked to it), ``share`` (anyone who reads it, to a colleague).

A document the clerk types in is created straight in "registered" (the ``incoming_register``
service, audited as ``documents.incomingdocument.registered``).

Outgoing (Điều 14–19; seed 002 Đ10):

    submit     draft, returned          → in_review   the drafter: the review chain starts
    pass_on    in_review                → in_review   the current reviewer agrees; the next step's turn
    approve    in_review                → approved    the last step's reviewer approves it for issuing
    return     in_review                → returned    the current reviewer, with a reason (Đ10.2–10.4)
    withdraw   in_review                → draft       the drafter takes it back before a decision
    number     approved                 → numbered    the clerk: number and date from a register (Đ10.5)
    check      numbered                 → to_sign     the drafter checked the numbered document (Đ10.6)
    sign       to_sign                  → signed      the signer signs the PDF (PAdES, DOC-5)
    send       signed                   → issued      the clerk releases it to its recipients
    cancel     draft, returned          → cancelled   the drafter abandons the draft

    actions: ``edit`` (the drafter's details), ``add_version`` (the drafter, or the reviewer whose
    turn it is), ``comment`` (the reviewer whose turn it is, or the drafter).
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from congvu.core.workflow import Action, Transition, Workflow
from congvu.documents import policies as may
from congvu.documents.models import (
    DraftReview,
    IncomingDocument,
    OutgoingDocument,
    OutgoingRecipient,
    RouteRecipient,
)

I = IncomingDocument.Status  # noqa: E741


def states(*names: str) -> frozenset[str]:
    return frozenset(names)


INCOMING_WORKFLOW = Workflow(
    model=IncomingDocument,
    doc="documents.md",
    transitions=(
        Transition("register", states(I.RECEIVED), I.REGISTERED, may.can_register, label="Vào sổ văn bản đến",
                   stamps=("registered_at",), wrong_state="Văn bản này đã được vào sổ."),
        Transition("distribute", states(I.REGISTERED), I.IN_PROGRESS, may.can_distribute, label="Phân phối",
                   stamps=("first_routed_at",), wrong_state="Văn bản đã được phân phối hoặc chưa vào sổ."),
        Transition("forward", states(I.IN_PROGRESS), I.IN_PROGRESS, may.can_forward, label="Chuyển xử lý",
                   wrong_state="Văn bản chưa được phân phối hoặc đã kết thúc xử lý."),
        Transition("close", states(I.IN_PROGRESS), I.DONE, may.can_handle, label="Kết thúc, lưu hồ sơ",
                   stamps=("closed_at",), wrong_state="Văn bản chưa được phân phối hoặc đã kết thúc xử lý."),
    ),
    actions=(
        Action("edit", states(I.RECEIVED, I.REGISTERED), may.can_edit_incoming, label="Sửa thông tin vào sổ",
               wrong_state="Văn bản đã được phân phối: không sửa thông tin vào sổ được nữa."),
        Action("reply", states(I.IN_PROGRESS, I.DONE), may.can_handle, label="Trả lời"),
        Action("share", states(I.REGISTERED, I.IN_PROGRESS, I.DONE), may.can_read, label="Chia sẻ"),
    ),
)  # fmt: skip

O = OutgoingDocument.Status  # noqa: E741
BEFORE_REVIEW = states(O.DRAFT, O.RETURNED)

OUTGOING_WORKFLOW = Workflow(
    model=OutgoingDocument,
    doc="documents.md",
    transitions=(
        Transition("submit", BEFORE_REVIEW, O.IN_REVIEW, may.is_drafter, label="Trình duyệt"),
        Transition("pass_on", states(O.IN_REVIEW), O.IN_REVIEW, may.can_pass_on, label="Đồng ý, trình tiếp"),
        Transition("approve", states(O.IN_REVIEW), O.APPROVED, may.can_approve, label="Duyệt ban hành",
                   stamps=("approved_at",)),
        Transition("return", states(O.IN_REVIEW), O.RETURNED, may.can_review, needs_reason=True,
                   label="Trả lại người soạn thảo"),
        Transition("withdraw", states(O.IN_REVIEW), O.DRAFT, may.is_drafter, label="Rút lại dự thảo"),
        Transition("number", states(O.APPROVED), O.NUMBERED, may.can_number, label="Cấp số",
                   stamps=("numbered_at",), wrong_state="Văn bản chưa được duyệt ban hành hoặc đã có số."),
        Transition("check", states(O.NUMBERED), O.TO_SIGN, may.is_drafter, label="Đã kiểm tra, trình ký"),
        Transition("sign", states(O.TO_SIGN), O.SIGNED, may.can_sign, label="Ký số", stamps=("signed_at",)),
        Transition("send", states(O.SIGNED), O.ISSUED, may.can_number, label="Phát hành",
                   stamps=("issued_at",), wrong_state="Văn bản chưa được ký hoặc đã phát hành."),
        Transition("cancel", BEFORE_REVIEW, O.CANCELLED, may.is_drafter, needs_reason=True, label="Hủy dự thảo"),
    ),
    actions=(
        Action("edit", BEFORE_REVIEW, may.is_drafter, label="Sửa thông tin dự thảo"),
        Action("add_version", states(O.DRAFT, O.RETURNED, O.IN_REVIEW, O.NUMBERED), may.can_edit_draft,
               label="Cập nhật tệp dự thảo"),
        Action("comment", states(O.DRAFT, O.RETURNED, O.IN_REVIEW, O.APPROVED, O.NUMBERED), may.can_comment,
               label="Cho ý kiến"),
    ),
)  # fmt: skip


# --- the sub-states that follow a document's transitions (only here, like every status) ----------


def set_recipient_state(recipient_ids: list[int], state: str) -> None:
    """Route recipients pending → forwarded (they passed it on) or done (the document closed)."""
    now = timezone.now()
    stamp = {"done_at": now} if state == RouteRecipient.State.DONE else {}
    RouteRecipient.objects.filter(pk__in=recipient_ids).update(state=state, **stamp)


def set_review_state(review: DraftReview, state: str, *, actor: Any = None, **fields: Any) -> None:
    """A review step waiting → pending (its turn), pending → approved / returned, or → skipped."""
    values: dict[str, Any] = {"state": state, **fields}
    if state in (DraftReview.State.APPROVED, DraftReview.State.RETURNED):
        values.update(decided_at=timezone.now(), decided_by=actor)
    DraftReview.objects.filter(pk=review.pk).update(**values)
    for name, value in values.items():
        setattr(review, name, value)


def set_delivery_state(recipient: OutgoingRecipient, state: str, **fields: Any) -> None:
    """A recipient's delivery: waiting → sent → received (the receiving clerk registered it), or failed."""
    OutgoingRecipient.objects.filter(pk=recipient.pk).update(state=state, **fields)
    recipient.state = state
    for name, value in fields.items():
        setattr(recipient, name, value)
