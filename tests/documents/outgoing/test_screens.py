"""The outgoing screens: lists (a fixed number of queries, urgent marked), the draft form (new and
reply, what was typed kept on a refusal), the document page (versions, comments, chain, actions the
policy allows), comparing two versions, numbering and sending."""

from __future__ import annotations

import pytest

from congvu.documents.models import IncomingDocument, OutgoingDocument
from congvu.documents.outgoing import services
from congvu.documents.workflow import OUTGOING_WORKFLOW
from tests.documents.cast import build_documents_cast, docx_bytes, incoming, outgoing

S = OutgoingDocument.Status
CONSTANT = 8  # session, user, safeguards, delegations, posts, roles, unread badge (as tests/assignments)
LIST_BOUND = CONSTANT + 6  # the person's agencies/roles, the rows with their joins, the filters' choices


@pytest.fixture
def cast(province):
    return build_documents_cast(province)


def _upload(name, *paragraphs):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, docx_bytes(*paragraphs))


def test_officer_drafts_on_the_form_and_lands_on_the_document(cast, signed_in):
    client = signed_in(cast.chuyen_vien)
    assert client.get("/van-ban/di/soan/").status_code == 200
    response = client.post(
        "/van-ban/di/soan/",
        {
            "document_type": cast.types.kh.pk,
            "subject": "Kế hoạch tuyển dụng công chức năm 2027",
            "signer": cast.giam_doc.pk,
            "urgency": "urgent",
            "recipient_names": "Báo Bình Sơn\nĐài PT-TH tỉnh",
            "draft_file": _upload("du-thao.docx", "KẾ HOẠCH", "Nội dung"),
        },
    )
    doc = OutgoingDocument.objects.get()
    assert response.status_code == 302 and response.url == f"/van-ban/di/{doc.pk}/"
    assert doc.recipients.count() == 2 and doc.versions.count() == 1
    page = client.get(response.url).content.decode()
    assert "Trình duyệt" in page and "v1" in page and "Khẩn" in page


def test_a_refused_draft_keeps_what_was_typed(cast, signed_in):
    client = signed_in(cast.chuyen_vien)
    response = client.post(
        "/van-ban/di/soan/",
        {
            "document_type": cast.types.kh.pk,
            "subject": "Kế hoạch giữ lại khi lỗi",
            "signer": cast.giam_doc.pk,
            "urgency": "normal",
        },
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "Kế hoạch giữ lại khi lỗi" in body
    assert not OutgoingDocument.objects.exists()


def test_reply_form_is_prefilled_from_the_incoming_document(cast, signed_in):
    received = incoming(cast, status=IncomingDocument.Status.IN_PROGRESS, lead_user=cast.chuyen_vien)
    client = signed_in(cast.chuyen_vien)
    body = client.get(f"/van-ban/di/tra-loi/{received.pk}/").content.decode()
    assert "V/v trả lời văn bản số" in body and received.number_and_notation in body
    assert signed_in(cast.chuyen_vien_khac).get(f"/van-ban/di/tra-loi/{received.pk}/").status_code == 404


def test_unit_head_sees_actions_the_policy_allows_and_returns_with_a_reason(cast, signed_in):
    doc = outgoing(cast, status=S.IN_REVIEW)
    client = signed_in(cast.truong_phong)
    page = client.get(f"/van-ban/di/{doc.pk}/").content.decode()
    assert "Đồng ý, trình tiếp" in page and "Trả lại người soạn thảo" in page
    assert "Duyệt ban hành</button>" not in page
    response = client.post(f"/van-ban/di/{doc.pk}/return/", {"return-reason": ""})
    assert response.status_code == 400 and "Vui lòng nêu lý do" in response.content.decode()
    response = client.post(f"/van-ban/di/{doc.pk}/return/", {"return-reason": "Bổ sung số liệu"})
    assert response.status_code == 302
    assert OutgoingDocument.objects.get(pk=doc.pk).status == S.RETURNED


def test_someone_off_the_path_gets_not_found(cast, signed_in):
    doc = outgoing(cast, status=S.IN_REVIEW)
    client = signed_in(cast.chuyen_vien_khac)
    assert client.get(f"/van-ban/di/{doc.pk}/").status_code == 404
    assert client.post(f"/van-ban/di/{doc.pk}/pass_on/", {}).status_code == 404


def test_versions_comments_and_compare_show_authors(cast, signed_in):
    doc = services.draft_create(
        actor=cast.chuyen_vien,
        document_type=cast.types.kh,
        subject="Kế hoạch so sánh",
        signer=cast.giam_doc,
        upload=("v1.docx", docx_bytes("Điều 1. Tuyển 10 người", "Điều 2. Giữ nguyên")),
    )
    doc = services.submit(doc=doc, actor=cast.chuyen_vien)
    services.comment(doc=doc, actor=cast.truong_phong, text="Tăng lên 12 người")
    client = signed_in(cast.truong_phong)
    response = client.post(
        f"/van-ban/di/{doc.pk}/phien-ban/",
        {"file": _upload("v2.docx", "Điều 1. Tuyển 12 người", "Điều 2. Giữ nguyên"), "note": "Sửa chỉ tiêu"},
    )
    assert response.status_code == 302
    page = client.get(f"/van-ban/di/{doc.pk}/").content.decode()
    assert "Tăng lên 12 người" in page and "Sửa chỉ tiêu" in page and "Lần trình 1" in page
    body = client.get(f"/van-ban/di/{doc.pk}/so-sanh/?a=1&b=2").content.decode()
    assert "− Điều 1. Tuyển 10 người" in body and "+ Điều 1. Tuyển 12 người" in body
    assert "Nguyễn Văn Minh" in body and "Bùi Thanh Sơn" in body
    assert client.get(f"/van-ban/di/{doc.pk}/so-sanh/?a=1&b=9").status_code == 400


def test_clerk_numbers_and_sends_on_the_screens(cast, signed_in):
    doc = outgoing(cast, status=S.APPROVED)
    client = signed_in(cast.van_thu)
    assert doc.subject in client.get("/van-ban/di/cho-cap-so/").content.decode()
    body = client.get(f"/van-ban/di/{doc.pk}/cap-so/").content.decode()
    assert "số tiếp theo 1" in body
    response = client.post(
        f"/van-ban/di/{doc.pk}/cap-so/", {"register": cast.registers.tinh_out.pk, "number": "7"}
    )
    assert response.status_code == 400 and "số tiếp theo là 1" in response.content.decode()
    response = client.post(f"/van-ban/di/{doc.pk}/cap-so/", {"register": cast.registers.tinh_out.pk})
    assert response.status_code == 302
    doc = OutgoingDocument.objects.get(pk=doc.pk)
    assert doc.number_and_notation == "01/KH-UBND"
    services.check(doc=doc, actor=cast.chuyen_vien)
    OUTGOING_WORKFLOW.apply("sign", OutgoingDocument.objects.get(pk=doc.pk), actor=cast.chu_tich)
    response = client.post(f"/van-ban/di/{doc.pk}/phat-hanh/", {"recipient_units": [cast.units.snv.pk]})
    assert response.status_code == 302
    assert OutgoingDocument.objects.get(pk=doc.pk).status == S.ISSUED
    assert "01/KH-UBND" in client.get("/van-ban/di/so/").content.decode()


def test_only_a_clerk_opens_the_numbering_list(cast, signed_in):
    assert signed_in(cast.chuyen_vien).get("/van-ban/di/cho-cap-so/").status_code == 403


@pytest.mark.parametrize("rows", [3, 40])
@pytest.mark.parametrize(
    ("who", "url"),
    [
        ("chuyen_vien", "/van-ban/di/?q=tuyen+dung&khan=on"),
        ("chuyen_vien", "/van-ban/di/"),
        ("truong_phong", "/van-ban/di/cho-duyet/"),
        ("van_thu", "/van-ban/di/cho-cap-so/"),
        ("van_thu", "/van-ban/di/so/?nam=2026"),
    ],
)
def test_lists_load_in_constant_queries(cast, signed_in, django_assert_max_num_queries, rows, who, url):
    for i in range(rows):
        status = [S.DRAFT, S.IN_REVIEW, S.APPROVED, S.ISSUED][i % 4]
        outgoing(cast, status=status, subject=f"Kế hoạch tuyển dụng số {i}")
    client = signed_in(getattr(cast, who))
    assert client.get(url).status_code == 200
    with django_assert_max_num_queries(LIST_BOUND):
        response = client.get(url)
    assert response.status_code == 200


def test_urgent_documents_stand_out_in_lists(cast, signed_in):
    doc = outgoing(cast, status=S.IN_REVIEW)
    OutgoingDocument.objects.filter(pk=doc.pk).update(urgency="flash")
    body = signed_in(cast.truong_phong).get("/van-ban/di/cho-duyet/").content.decode()
    assert 'class="urgent"' in body and "Hỏa tốc" in body


def test_home_shows_what_waits_with_counts(cast, signed_in):
    outgoing(cast, status=S.IN_REVIEW, subject="Dự thảo chờ anh Sơn duyệt")
    outgoing(cast, status=S.RETURNED, subject="Dự thảo bị trả lại cho Minh")
    outgoing(cast, status=S.NUMBERED, subject="Văn bản Minh cần kiểm tra")
    outgoing(cast, status=S.APPROVED, subject="Văn bản chờ chị Hoa cấp số")
    head = signed_in(cast.truong_phong).get("/").content.decode()
    assert "Dự thảo chờ tôi duyệt" in head and "Dự thảo chờ anh Sơn duyệt" in head
    drafter = signed_in(cast.chuyen_vien).get("/").content.decode()
    assert "Dự thảo bị trả lại" in drafter and "Văn bản chờ kiểm tra" in drafter
    assert "Văn bản Minh cần kiểm tra" in drafter
    clerk = signed_in(cast.van_thu).get("/").content.decode()
    assert "Văn bản chờ cấp số" in clerk and "Văn bản chờ chị Hoa cấp số" in clerk


def test_counts_for_the_home_page(cast):
    from congvu.documents.outgoing import selectors

    outgoing(cast, status=S.IN_REVIEW)
    late = outgoing(cast, status=S.IN_REVIEW)
    late.current_review.due_date = late.current_review.due_date.replace(year=2025)
    late.current_review.save(update_fields=["due_date"])
    outgoing(cast, status=S.APPROVED)
    head = selectors.waiting_counts(cast.truong_phong)
    assert [(str(c.label), c.value, c.tone) for c in head] == [("Dự thảo chờ tôi duyệt", 2, "bad")]
    clerk = selectors.waiting_counts(cast.van_thu)
    assert [(str(c.label), c.value) for c in clerk] == [("Văn bản chờ cấp số", 1)]


@pytest.mark.parametrize("history", [1, 8])
def test_the_document_page_loads_in_constant_queries(cast, signed_in, django_assert_max_num_queries, history):
    doc = services.draft_create(
        actor=cast.chuyen_vien,
        document_type=cast.types.kh,
        subject="Kế hoạch nhiều phiên bản",
        signer=cast.giam_doc,
        upload=("v1.docx", docx_bytes("Bản 1")),
    )
    doc = services.submit(doc=doc, actor=cast.chuyen_vien)
    for i in range(history):
        services.version_add(
            doc=doc, actor=cast.truong_phong, upload=(f"v{i + 2}.docx", docx_bytes(f"Bản {i + 2}"))
        )
        services.comment(doc=doc, actor=cast.truong_phong, text=f"Ý kiến {i}")
    client = signed_in(cast.truong_phong)
    url = f"/van-ban/di/{doc.pk}/"
    assert client.get(url).status_code == 200
    # the document with its joins, the current step, versions, comments, steps, recipients,
    # attachments, related documents, the allowed actions (steps, registers) and the version choices
    with django_assert_max_num_queries(CONSTANT + 10):
        assert client.get(url).status_code == 200


def test_drafter_edits_the_details_before_review(cast, signed_in):
    doc = outgoing(cast, status=S.DRAFT)
    client = signed_in(cast.chuyen_vien)
    assert client.get(f"/van-ban/di/{doc.pk}/sua/").status_code == 200
    response = client.post(
        f"/van-ban/di/{doc.pk}/sua/",
        {
            "document_type": cast.types.kh.pk,
            "subject": "Kế hoạch đã sửa",
            "urgency": "normal",
            "signer": cast.chu_tich.pk,
        },
    )
    assert response.status_code == 302
    assert OutgoingDocument.objects.get(pk=doc.pk).subject == "Kế hoạch đã sửa"
    in_review = outgoing(cast, status=S.IN_REVIEW)
    assert client.get(f"/van-ban/di/{in_review.pk}/sua/").status_code == 409


def test_a_department_officer_drafts_for_the_province_to_sign(cast, signed_in):  # tham mưu
    client = signed_in(cast.chuyen_vien)
    form = {
        "agency": cast.units.tinh.pk,
        "document_type": cast.types.qd.pk,
        "subject": "Quyết định phê duyệt chỉ tiêu biên chế năm 2027",
        "signer": cast.giam_doc.pk,  # the director signs for Sở Nội vụ, not for UBND tỉnh
        "urgency": "normal",
    }
    response = client.post("/van-ban/di/soan/", {**form, "draft_file": _upload("qd.docx", "QUYẾT ĐỊNH")})
    assert response.status_code == 400 and "lãnh đạo của UBND tỉnh Bình Sơn" in response.content.decode()
    form["signer"] = cast.chu_tich.pk
    response = client.post("/van-ban/di/soan/", {**form, "draft_file": _upload("qd.docx", "QUYẾT ĐỊNH")})
    assert response.status_code == 302
    doc = OutgoingDocument.objects.get()
    assert (doc.agency, doc.drafting_unit, doc.signer) == (cast.units.tinh, cast.units.tcbc, cast.chu_tich)
