"""Drafting, review, numbering, checking and sending an outgoing document (DOC-4, DOC-5; seed 002
Đ10, Đ14): the use cases as the people of the cast live them."""

from __future__ import annotations

import datetime as dt
import secrets

import pytest
from django.db import transaction

from congvu.core.decisions import Refused
from congvu.core.models import AuditEvent
from congvu.documents.models import (
    DocumentFile,
    DraftReview,
    IncomingDocument,
    OutgoingDocument,
    OutgoingRecipient,
    RegisterYear,
    ReviewChain,
    ReviewComment,
    ReviewStep,
)
from congvu.documents.outgoing import selectors, services
from congvu.notifications.models import Notification
from congvu.org.models import RoleGrant
from tests.documents.cast import build_documents_cast, docx_bytes, incoming, outgoing, pdf_bytes

S = OutgoingDocument.Status
DRAFT = ("du-thao-ke-hoach.docx", docx_bytes("KẾ HOẠCH", "Tuyển dụng công chức năm 2027", "Nội dung chính"))


@pytest.fixture
def cast(province):
    return build_documents_cast(province)


def draft(cast, **extra):
    values = {
        "actor": cast.chuyen_vien,
        "document_type": cast.types.kh,
        "subject": "Kế hoạch tuyển dụng công chức Sở Nội vụ năm 2027",
        "signer": cast.giam_doc,
        "recipient_units": [cast.units.tinh],
        "recipient_externals": [cast.bnv],
        "upload": DRAFT,
    }
    values.update(extra)
    return services.draft_create(**values)


def test_officer_drafts_with_file_recipients_and_first_version(cast):
    doc = draft(cast, uploads=[("phu-luc.pdf", pdf_bytes("Phụ lục"))], due_date=dt.date(2026, 12, 20))
    assert doc.status == S.DRAFT
    assert doc.agency == cast.units.snv and doc.drafting_unit == cast.units.tcbc
    assert [r.name for r in doc.recipients.all()] == ["UBND tỉnh Bình Sơn", cast.bnv.name]
    (version,) = doc.versions.all()
    assert version.number == 1 and version.author == cast.chuyen_vien
    assert "Tuyển dụng công chức năm 2027" in version.text
    kinds = sorted(DocumentFile.objects.filter(outgoing=doc).values_list("kind", flat=True))
    assert kinds == ["attachment", "main"]
    assert AuditEvent.objects.filter(
        action="documents.outgoingdocument.created", object_id=str(doc.pk)
    ).exists()


def test_draft_refuses_bad_input_and_saves_nothing(cast):
    cases = [
        ({"subject": "  "}, "subject"),
        ({"subject": "x" * 501}, "subject"),
        ({"document_type": None}, "document_type"),
        ({"signer": cast.truong_phong}, "signer"),  # not a leader of Sở Nội vụ
        ({"upload": None}, "draft_file"),
        ({"upload": ("bang.xlsx", b"not really")}, None),
        ({"urgency": "rat_khan"}, "urgency"),
        ({"due_date": dt.date(2090, 1, 1)}, "due_date"),
        ({"recipient_names": ["x" * 201]}, "recipients"),
    ]
    for extra, field in cases:
        with pytest.raises(Refused) as refused:
            draft(cast, **extra)
        if field:
            assert refused.value.field == field, extra
    assert not OutgoingDocument.objects.exists()


def test_reply_links_the_incoming_document_and_drafts_for_its_agency(cast):
    received = incoming(cast, status=IncomingDocument.Status.IN_PROGRESS, lead_user=cast.chuyen_vien)
    doc = draft(cast, reply_to=received, signer=cast.chu_tich, recipient_units=[])
    assert doc.in_reply_to == received and doc.agency == cast.units.tinh
    assert list(received.replies.all()) == [doc]


def test_only_the_lead_of_an_incoming_document_replies_to_it(cast):
    received = incoming(cast, status=IncomingDocument.Status.IN_PROGRESS, lead_user=cast.chuyen_vien_2)
    with pytest.raises(Refused):
        draft(cast, reply_to=received, signer=cast.chu_tich)


def test_default_chain_unit_head_then_signer_each_due_in_three_working_days(cast):
    doc = draft(cast)
    doc = services.submit(doc=doc, actor=cast.chuyen_vien)
    reviews = list(doc.reviews.order_by("order"))
    assert [(r.reviewer, r.state) for r in reviews] == [
        (cast.truong_phong, DraftReview.State.PENDING),
        (cast.giam_doc, DraftReview.State.WAITING),
    ]
    assert reviews[0].due_date == dt.date(2026, 12, 7)  # Wed 2/12 + 3 working days (Đ10.7)
    assert doc.current_review == reviews[0]
    assert Notification.objects.filter(recipient=cast.truong_phong, awaits="review").exists()

    doc = services.pass_on(doc=doc, actor=cast.truong_phong)
    reviews = list(doc.reviews.order_by("order"))
    assert reviews[0].state == DraftReview.State.APPROVED and reviews[0].decided_by == cast.truong_phong
    assert reviews[1].state == DraftReview.State.PENDING
    doc = services.approve(doc=doc, actor=cast.giam_doc)
    assert doc.status == S.APPROVED and doc.current_review is None
    assert Notification.objects.filter(recipient=cast.snv_clerk, awaits="number").exists()


def test_agency_chain_with_legal_check_and_a_named_person(cast):
    chain = ReviewChain.objects.create(agency=cast.units.snv, name="Có kiểm tra pháp chế", is_default=True)
    ReviewStep.objects.create(chain=chain, order=1, label="Trưởng phòng", kind=ReviewStep.Kind.UNIT_HEAD)
    ReviewStep.objects.create(
        chain=chain,
        order=2,
        label="Phó Giám đốc phụ trách",
        kind=ReviewStep.Kind.PERSON,
        person=cast.pho_giam_doc,
    )
    ReviewStep.objects.create(chain=chain, order=3, label="Giám đốc", kind=ReviewStep.Kind.SIGNER)
    doc = services.submit(doc=draft(cast), actor=cast.chuyen_vien)
    assert [r.reviewer for r in doc.reviews.order_by("order")] == [
        cast.truong_phong,
        cast.pho_giam_doc,
        cast.giam_doc,
    ]
    with pytest.raises(Refused, match="bước duyệt sau"):
        services.approve(doc=doc, actor=cast.truong_phong)
    doc = services.pass_on(doc=doc, actor=cast.truong_phong)
    with pytest.raises(Refused):
        services.pass_on(doc=doc, actor=cast.giam_doc)  # not yet his turn
    doc = services.pass_on(doc=doc, actor=cast.pho_giam_doc)
    doc = services.approve(doc=doc, actor=cast.giam_doc)
    assert doc.status == S.APPROVED


def test_a_legal_check_step_waits_on_whoever_holds_the_legal_role_on_the_agency(cast):
    """Seed 002 Đ10: some agencies add a legal check (pháp chế) to the chain: the step is held by
    the role, not a name — whoever holds it on the agency reviews, nobody else."""
    RoleGrant.objects.create(user=cast.chuyen_vien_2, role=RoleGrant.Role.LEGAL, unit=cast.units.snv)
    chain = ReviewChain.objects.create(agency=cast.units.snv, name="Có kiểm tra pháp chế", is_default=True)
    ReviewStep.objects.create(chain=chain, order=1, label="Trưởng phòng", kind=ReviewStep.Kind.UNIT_HEAD)
    ReviewStep.objects.create(
        chain=chain, order=2, label="Kiểm tra pháp chế", kind=ReviewStep.Kind.ROLE, role=RoleGrant.Role.LEGAL
    )
    ReviewStep.objects.create(chain=chain, order=3, label="Giám đốc", kind=ReviewStep.Kind.SIGNER)
    doc = services.submit(doc=draft(cast), actor=cast.chuyen_vien)
    assert [(r.reviewer, r.role) for r in doc.reviews.order_by("order")] == [
        (cast.truong_phong, ""),
        (None, "legal"),
        (cast.giam_doc, ""),
    ]
    doc = services.pass_on(doc=doc, actor=cast.truong_phong)
    assert [d.pk for d in selectors.to_review_qs(cast.chuyen_vien_2)] == [doc.pk]
    for someone in (cast.chuyen_vien, cast.pho_giam_doc, cast.giam_doc):
        assert not selectors.to_review_qs(someone).exists()
        with pytest.raises(Refused):
            services.pass_on(doc=doc, actor=someone)
    doc = services.pass_on(doc=doc, actor=cast.chuyen_vien_2)
    assert doc.reviews.get(order=2).decided_by == cast.chuyen_vien_2
    doc = services.approve(doc=doc, actor=cast.giam_doc)
    assert doc.status == S.APPROVED


def test_return_needs_a_reason_and_a_new_round_starts_on_resubmit(cast):
    doc = services.submit(doc=draft(cast), actor=cast.chuyen_vien)
    with pytest.raises(Refused) as refused:
        services.return_draft(doc=doc, actor=cast.truong_phong, reason="  ")
    assert refused.value.field == "reason"
    assert OutgoingDocument.objects.get(pk=doc.pk).status == S.IN_REVIEW
    doc = services.return_draft(doc=doc, actor=cast.truong_phong, reason="Bổ sung chỉ tiêu từng phòng")
    assert doc.status == S.RETURNED
    assert list(doc.reviews.values_list("state", flat=True).order_by("order")) == ["returned", "skipped"]
    assert Notification.objects.filter(recipient=cast.chuyen_vien, awaits="fix").exists()
    services.version_add(
        doc=doc, actor=cast.chuyen_vien, upload=("v2.docx", docx_bytes("KẾ HOẠCH", "Bổ sung"))
    )
    doc = services.submit(doc=doc, actor=cast.chuyen_vien)
    assert doc.current_review.round == 2 and doc.current_review.version.number == 2


def test_withdraw_and_cancel(cast):
    doc = services.submit(doc=draft(cast), actor=cast.chuyen_vien)
    doc = services.withdraw(doc=doc, actor=cast.chuyen_vien)
    assert doc.status == S.DRAFT and doc.current_review is None
    with pytest.raises(Refused):
        services.cancel(doc=doc, actor=cast.chuyen_vien, reason="")
    doc = services.cancel(doc=doc, actor=cast.chuyen_vien, reason="Không còn cần thiết")
    assert doc.status == S.CANCELLED


def test_every_version_is_kept_and_comments_stay_with_their_version(cast):
    doc = services.submit(doc=draft(cast), actor=cast.chuyen_vien)
    first = services.comment(doc=doc, actor=cast.truong_phong, text="Sửa mục 2")
    v2 = services.version_add(doc=doc, actor=cast.truong_phong, upload=("v2.docx", docx_bytes("Sửa mục 2")))
    second = services.comment(doc=doc, actor=cast.truong_phong, text="Đã sửa trực tiếp")
    assert first.version.number == 1 and second.version == v2
    assert [(v.number, v.author) for v in doc.versions.all()] == [
        (1, cast.chuyen_vien),
        (2, cast.truong_phong),
    ]
    with pytest.raises(Refused):  # not his turn
        services.version_add(doc=doc, actor=cast.giam_doc, upload=("v3.docx", docx_bytes("x")))
    with pytest.raises(Refused):
        services.comment(doc=doc, actor=cast.chuyen_vien_khac, text="Ý kiến")


def test_a_disagreement_is_recorded_for_the_top_leader(cast):  # seed 002 Đ10.8
    doc = services.submit(doc=draft(cast), actor=cast.chuyen_vien)
    services.comment(
        doc=doc, actor=cast.chuyen_vien, text="Giữ nguyên chỉ tiêu 12 người theo đề án", disagreement=True
    )
    review = DraftReview.objects.get(document=doc, order=1)
    assert "Giữ nguyên chỉ tiêu 12 người" in review.disagreement
    assert Notification.objects.filter(
        recipient=cast.giam_doc, kind="documents.outgoing.disagreement"
    ).exists()


def test_clerk_numbers_from_the_register_without_cv(cast):
    doc = services.approve(
        doc=services.pass_on(
            doc=services.submit(doc=draft(cast), actor=cast.chuyen_vien), actor=cast.truong_phong
        ),
        actor=cast.giam_doc,
    )
    with pytest.raises(Refused):
        services.number(doc=doc, actor=cast.van_thu)  # the clerk of another agency
    with pytest.raises(Refused) as refused:
        services.number(doc=doc, actor=cast.snv_clerk, typed=5)
    assert refused.value.field == "number" and "số tiếp theo là 1" in refused.value.message
    doc = services.number(doc=doc, actor=cast.snv_clerk)
    assert doc.status == S.NUMBERED and doc.number_and_notation == "01/KH-SNV"
    assert doc.issued_date == dt.date(2026, 12, 2) and doc.numbered_by == cast.snv_clerk
    cv = outgoing(cast, status=S.APPROVED, document_type=cast.types.cv)
    cv = services.number(doc=cv, actor=cast.van_thu)
    assert cv.number_and_notation == "01/UBND-TCBC"  # a công văn: no "CV"


def test_separate_series_per_register(cast):
    from congvu.documents.models import Register

    decisions = Register.objects.create(agency=cast.units.tinh, direction="outgoing", name="Sổ quyết định")
    decisions.document_types.set([cast.types.qd])
    RegisterYear.objects.create(register=cast.registers.tinh_out, year=2026, last_number=41)
    qd = services.number(
        doc=outgoing(cast, status=S.APPROVED, document_type=cast.types.qd),
        actor=cast.van_thu,
        register=decisions,
    )
    kh = services.number(doc=outgoing(cast, status=S.APPROVED), actor=cast.van_thu)
    assert (qd.number, kh.number) == (1, 42)
    with pytest.raises(Refused) as refused:
        services.number(doc=outgoing(cast, status=S.APPROVED), actor=cast.van_thu, register=decisions)
    assert refused.value.field == "register"


def test_drafter_checks_then_a_signed_document_is_sent_internally_without_retyping(cast):
    doc = outgoing(cast, status=S.APPROVED, drafter=cast.chuyen_vien)
    doc = services.number(doc=doc, actor=cast.van_thu)
    with pytest.raises(Refused):
        services.check(doc=doc, actor=cast.truong_phong)
    doc = services.check(doc=doc, actor=cast.chuyen_vien)
    assert doc.status == S.TO_SIGN
    with pytest.raises(Refused):  # not signed yet
        services.send(doc=doc, actor=cast.van_thu, recipient_units=[cast.units.snv])
    from congvu.documents.workflow import OUTGOING_WORKFLOW

    doc = OUTGOING_WORKFLOW.apply("sign", doc, actor=cast.chu_tich)  # the signing part's step
    doc = services.send(
        doc=doc,
        actor=cast.van_thu,
        recipient_units=[cast.units.snv],
        recipient_externals=[cast.bnv],
        issued_amount=3,
    )
    assert doc.status == S.ISSUED and doc.issued_by == cast.van_thu and doc.issued_amount == 3
    internal = OutgoingRecipient.objects.get(document=doc, unit=cast.units.snv)
    assert internal.state == OutgoingRecipient.State.SENT
    received = internal.delivered
    assert received.agency == cast.units.snv and received.status == IncomingDocument.Status.RECEIVED
    assert (received.subject, received.number_and_notation, received.source) == (
        doc.subject,
        doc.number_and_notation,
        doc,
    )
    assert received.sender_name == "UBND tỉnh Bình Sơn"
    assert (
        OutgoingRecipient.objects.get(document=doc, external=cast.bnv).state == OutgoingRecipient.State.SENT
    )


def test_a_failed_delivery_is_marked_and_others_still_go(cast, settings):
    settings.DOCUMENTS_TRANSPORTS = ["tests.documents.outgoing.test_services.BrokenTransport"]
    doc = outgoing(cast, status=S.SIGNED)
    doc = services.send(doc=doc, actor=cast.van_thu, recipient_names=["Báo Bình Sơn"])
    assert doc.status == S.ISSUED
    (recipient,) = doc.recipients.all()
    assert recipient.state == OutgoingRecipient.State.FAILED and "đường truyền" in recipient.error


class BrokenTransport:
    name = "broken"

    def accepts(self, recipient):
        return True

    def deliver(self, *, document, recipient, actor):
        raise RuntimeError("Lỗi đường truyền")


def test_send_needs_a_recipient(cast):
    doc = outgoing(cast, status=S.SIGNED)
    with pytest.raises(Refused) as refused:
        services.send(doc=doc, actor=cast.van_thu)
    assert refused.value.field == "recipients"


def test_edit_only_before_review(cast):
    doc = draft(cast)
    doc = services.draft_edit(doc=doc, actor=cast.chuyen_vien, subject="Kế hoạch tuyển dụng năm 2027 (sửa)")
    assert doc.subject.endswith("(sửa)")
    doc = services.submit(doc=doc, actor=cast.chuyen_vien)
    with pytest.raises(Refused):
        services.draft_edit(doc=doc, actor=cast.chuyen_vien, subject="Khác")


def test_a_failed_number_gives_nothing_away(cast):
    doc = outgoing(cast, status=S.APPROVED)
    with pytest.raises(Refused), transaction.atomic():
        services.number(doc=doc, actor=cast.van_thu, typed=9)
    assert not RegisterYear.objects.filter(last_number__gt=0).exists()
    assert ReviewComment.objects.count() == 0


def test_an_executable_renamed_docx_or_a_file_too_big_is_refused_and_nothing_saved(cast, settings):
    exe = b"MZ" + b"\x00" * 200
    with pytest.raises(Refused):
        draft(cast, upload=("du-thao.docx", exe))
    settings.UPLOAD_MAX_BYTES = 1000
    with pytest.raises(Refused):
        draft(cast, upload=("du-thao.docx", docx_bytes(secrets.token_hex(4000))))
    assert not OutgoingDocument.objects.exists()
    assert not DocumentFile.objects.exists()


def test_someone_acting_for_the_unit_head_passes_it_on_and_the_audit_names_both(cast):  # ORG-8
    from django.utils import timezone

    from congvu.core.models import AuditEvent as Event
    from tests.org.delegation_helpers import HOUR, approved, fresh

    delegation = approved(
        cast.truong_phong, cast.chuyen_vien_2, cast.giam_doc, starts_at=timezone.now() - HOUR
    )
    assert delegation.status == "approved"
    doc = outgoing(cast, status=S.IN_REVIEW)
    services.pass_on(doc=doc, actor=fresh(cast.chuyen_vien_2))
    event = Event.objects.get(action="documents.outgoingdocument.pass_on", object_id=str(doc.pk))
    assert event.actor == cast.chuyen_vien_2 and event.on_behalf_of == cast.truong_phong


def test_a_chain_chosen_on_the_draft_is_the_one_that_runs(cast):
    legal = ReviewChain.objects.create(agency=cast.units.snv, name="Qua Phó Giám đốc")
    ReviewStep.objects.create(
        chain=legal, order=1, label="Phó Giám đốc", kind=ReviewStep.Kind.PERSON, person=cast.pho_giam_doc
    )
    ReviewStep.objects.create(chain=legal, order=2, label="Giám đốc", kind=ReviewStep.Kind.SIGNER)
    other = ReviewChain.objects.create(agency=cast.units.tinh, name="Của UBND tỉnh")
    with pytest.raises(Refused) as refused:
        draft(cast, chain=other)
    assert refused.value.field == "chain"
    doc = services.submit(doc=draft(cast, chain=legal), actor=cast.chuyen_vien)
    assert doc.chain == legal
    assert [r.reviewer for r in doc.reviews.order_by("order")] == [cast.pho_giam_doc, cast.giam_doc]
