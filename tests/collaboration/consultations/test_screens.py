"""The screens through the test client: lists, appointing, posting, answering, the report and its
XLSX, extending, closing, keeping; bad input keeps what was typed; list pages in constant queries."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.utils import timezone

from congvu.collaboration.consultations import services
from congvu.collaboration.consultations.models import Consultation, ConsultationRecipient
from congvu.core.models import AuditEvent
from tests.collaboration.consultations.conftest import in_days

BASE = "/phoi-hop/lay-y-kien/"


def _local(moment: dt.datetime) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


def test_a_leader_appoints_from_the_form(province, signed_in):
    client = signed_in(province.giam_doc)
    assert client.get(f"{BASE}giao-soan-thao/").status_code == 200
    response = client.post(
        f"{BASE}giao-soan-thao/",
        {
            "agency": province.units.snv.pk,
            "subject": "Dự thảo quy chế văn hóa công sở",
            "drafter": province.truong_phong.pk,
        },
    )
    c = Consultation.objects.get()
    assert response.status_code == 302 and response["Location"] == f"{BASE}{c.pk}/"


def test_the_appoint_form_keeps_what_was_typed(province, signed_in):
    client = signed_in(province.giam_doc)
    response = client.post(
        f"{BASE}giao-soan-thao/",
        {"agency": province.units.snv.pk, "subject": "Dự thảo quy chế văn hóa công sở", "drafter": ""},
    )
    assert response.status_code == 400
    assert "Dự thảo quy chế văn hóa công sở" in response.content.decode()
    assert Consultation.objects.count() == 0


def test_an_officer_may_not_open_the_appoint_form(province, signed_in):
    assert signed_in(province.chuyen_vien).get(f"{BASE}giao-soan-thao/").status_code == 403


def test_the_drafter_posts_and_bad_input_keeps_what_was_typed(province, signed_in, appointed):
    client = signed_in(province.truong_phong)
    url = f"{BASE}{appointed.pk}/dang/"
    assert client.get(url).status_code == 200
    bad = client.post(
        url,
        {
            "title": "Góp ý quy chế mới",
            "description": "Nội dung đã gõ",
            "deadline": _local(in_days(-1)),
            "audience": "agency",
        },
    )
    assert bad.status_code == 400
    body = bad.content.decode()
    assert "Nội dung đã gõ" in body and "tương lai" in body
    good = client.post(
        url,
        {
            "title": "Góp ý quy chế mới",
            "deadline": _local(in_days(3)),
            "audience": "chosen",
            "people": [province.chuyen_vien.pk],
            "units": [province.units.ccvc.pk],
        },
    )
    assert good.status_code == 302
    assert list(ConsultationRecipient.objects.values_list("user__username", flat=True)) == ["minhnv"]


def test_a_recipient_answers_on_the_page_and_sees_it(province, signed_in, opened):
    client = signed_in(province.chuyen_vien)
    page = client.get(f"{BASE}{opened.pk}/")
    assert "Gửi ý kiến" in page.content.decode()
    response = client.post(
        f"{BASE}{opened.pk}/",
        {"answer": "comment", "text": "Đề nghị bỏ khoản 3."},
    )
    assert response.status_code == 302
    body = client.get(f"{BASE}{opened.pk}/").content.decode()
    assert "Đề nghị bỏ khoản 3." in body and "Sửa ý kiến" in body


def test_an_answer_with_an_attachment_through_the_file_service(province, signed_in, opened):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = signed_in(province.chuyen_vien)
    ok = client.post(
        f"{BASE}{opened.pk}/",
        {
            "answer": "comment",
            "text": "",
            "attachment": SimpleUploadedFile("gop-y.txt", "Ý kiến chi tiết".encode()),
        },
    )
    assert ok.status_code == 302
    row = ConsultationRecipient.objects.get(user=province.chuyen_vien)
    assert row.attachment is not None
    download = client.get(f"{BASE}{opened.pk}/tep/{row.attachment_id}/")
    assert download.status_code == 200
    # another recipient may not download someone else's answer
    assert (
        signed_in(province.chuyen_vien_2).get(f"{BASE}{opened.pk}/tep/{row.attachment_id}/").status_code
        == 404
    )
    refused = signed_in(province.chuyen_vien_2).post(
        f"{BASE}{opened.pk}/",
        {"answer": "comment", "text": "Có tệp", "attachment": SimpleUploadedFile("x.exe", b"MZ\x90\x00")},
    )
    assert refused.status_code == 400
    assert "Có tệp" in refused.content.decode()


def test_answering_after_the_deadline_says_why_with_409(province, signed_in, opened, clock):
    clock.move_to(opened.deadline + dt.timedelta(minutes=5))
    client = signed_in(province.chuyen_vien)
    response = client.post(f"{BASE}{opened.pk}/", {"answer": "no_comment"})
    assert response.status_code == 409
    assert "Đã hết hạn góp ý" in response.content.decode()
    assert not ConsultationRecipient.objects.filter(answered_at__isnull=False).exists()


def test_the_report_shows_who_has_not_answered_and_exports_are_audited(province, signed_in, opened):
    services.consultation_answer(consultation=opened, answer="no_comment", actor=province.chuyen_vien)
    services.consultation_answer(
        consultation=opened, answer="excused", text="Nghỉ phép", actor=province.chuyen_vien_2
    )
    client = signed_in(province.giam_doc)
    body = client.get(f"{BASE}{opened.pk}/tong-hop/").content.decode()
    assert "Chưa trả lời" in body and "Vũ Thị Lan" in body and "Nghỉ phép" in body
    assert client.get(f"{BASE}{opened.pk}/tong-hop/?in=1").status_code == 200
    export = client.get(f"{BASE}{opened.pk}/tong-hop.xlsx")
    assert export.status_code == 200
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(export.content)).active
    rows = [[cell for cell in row] for row in sheet.iter_rows(values_only=True)]
    statuses = {row[1]: row[3] for row in rows if row and isinstance(row[0], int)}
    assert statuses == {
        "Nguyễn Văn Minh": "Không có ý kiến (nhất trí)",
        "Trần Thị Thu Hà": "Không góp ý, có lý do",
        "Hoàng Văn Nam": "Chưa trả lời",
        "Vũ Thị Lan": "Chưa trả lời",
    }
    formats = list(
        AuditEvent.objects.filter(action="collaboration.consultation.exported")
        .order_by("id")
        .values_list("after", flat=True)
    )
    assert formats == [{"format": "print"}, {"format": "xlsx"}]
    assert signed_in(province.chuyen_vien).get(f"{BASE}{opened.pk}/tong-hop/").status_code == 403


def test_extend_close_cancel_and_keep_screens(province, signed_in, opened):
    drafter = signed_in(province.truong_phong)
    bad = drafter.post(
        f"{BASE}{opened.pk}/gia-han/", {"deadline": _local(in_days(1)), "reason": "Lý do đã gõ"}
    )
    assert bad.status_code == 400 and "Lý do đã gõ" in bad.content.decode()
    assert drafter.post(f"{BASE}{opened.pk}/gia-han/", {"deadline": _local(in_days(6))}).status_code == 302
    assert drafter.post(f"{BASE}{opened.pk}/ket-thuc/").status_code == 302
    opened.refresh_from_db()
    assert opened.status == Consultation.Status.CLOSED
    admin = signed_in(province.quan_tri)
    keep_until = (timezone.localdate() + dt.timedelta(days=120)).isoformat()
    assert (
        admin.post(
            f"{BASE}{opened.pk}/luu-tru/", {"keep_until": keep_until, "reason": "Thanh tra"}
        ).status_code
        == 302
    )
    leader = signed_in(province.giam_doc)
    c = services.consultation_appoint(
        agency=province.units.snv,
        drafter=province.truong_phong,
        subject="Dự thảo khác",
        actor=province.giam_doc,
    )
    assert leader.post(f"{BASE}{c.pk}/huy/", {"reason": ""}).status_code == 400
    assert leader.post(f"{BASE}{c.pk}/huy/", {"reason": "Không cần"}).status_code == 302


@pytest.mark.parametrize("rows", [1, 12])
def test_the_lists_load_in_constant_queries(province, signed_in, django_assert_max_num_queries, rows):
    for i in range(rows):
        c = services.consultation_appoint(
            agency=province.units.snv,
            drafter=province.truong_phong,
            subject=f"Dự thảo {i}",
            actor=province.giam_doc,
        )
        services.consultation_post(
            consultation=c,
            title=f"Góp ý {i}",
            description="",
            deadline=in_days(2),
            audience="agency",
            actor=province.truong_phong,
        )
    client = signed_in(province.chuyen_vien)
    client.get(BASE)  # the session's first page
    for scope in ("to_answer", "mine", "all"):
        with django_assert_max_num_queries(9):
            assert client.get(f"{BASE}?xem={scope}").status_code == 200
    body = client.get(f"{BASE}?xem=to_answer").content.decode()
    assert body.count("Góp ý ") >= rows


@pytest.mark.parametrize("answers", [1, 3])
def test_the_page_and_the_report_load_in_constant_queries(
    province, signed_in, opened, django_assert_max_num_queries, answers
):
    people = [province.chuyen_vien, province.chuyen_vien_2, province.pho_giam_doc][:answers]
    for person in people:
        services.consultation_answer(consultation=opened, answer="comment", text="Ý kiến", actor=person)
    client = signed_in(province.truong_phong)
    client.get(BASE)
    with django_assert_max_num_queries(12):
        assert client.get(f"{BASE}{opened.pk}/").status_code == 200
    with django_assert_max_num_queries(10):
        assert client.get(f"{BASE}{opened.pk}/tong-hop/").status_code == 200
