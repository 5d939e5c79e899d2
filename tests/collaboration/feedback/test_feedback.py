"""Feedback (ADM-5; seed 000 Đ9.3–9.5): a report from any page with its address, triage by the
administrators, replies, and a lost account's sessions and tokens ended at once (Đ9.4)."""

from __future__ import annotations

import re
import secrets

import pytest
from django.test import Client

from congvu.accounts.models import ApiToken, UserSession, hash_token
from congvu.collaboration.feedback import services
from congvu.collaboration.feedback.models import FeedbackReply, FeedbackReport
from congvu.core.decisions import Refused
from congvu.core.models import AuditEvent
from congvu.notifications.models import Notification
from tests.conftest import administrators_second_factor

S = FeedbackReport.Status


def _token(user) -> str:
    administrators_second_factor(user)
    raw = secrets.token_urlsafe(32)
    ApiToken.objects.create(user=user, name="thử", prefix=raw[:8], key_hash=hash_token(raw))
    return raw


@pytest.fixture
def api():
    def _client(user):
        return Client(headers={"Authorization": f"Bearer {_token(user)}"})

    return _client


def _report(p, **extra):
    fields = {"kind": "fault", "description": "Không mở được tệp đính kèm.", "page_path": "/van-ban/den/12/"}
    return services.report_create(actor=p.chuyen_vien, **{**fields, **extra})


# --- reporting ----------------------------------------------------------------------------------------


def test_a_report_keeps_its_page_and_the_administrators_are_told(province):
    report = _report(province)
    assert report.status == S.NEW and report.page_path == "/van-ban/den/12/"
    told = Notification.objects.filter(recipient=province.quan_tri, url=f"/phoi-hop/gop-y/{report.pk}/")
    assert told.count() == 1
    assert not Notification.objects.filter(recipient=province.chuyen_vien).exists()
    assert AuditEvent.objects.filter(
        action="collaboration.feedbackreport.created", object_id=str(report.pk)
    ).exists()


@pytest.mark.parametrize(
    (
        "address",
        "accepted",
    ),  # not "page": that name is Playwright's fixture, and would make this a browser test
    [
        ("/van-ban/den/?q=tài+chính", True),
        ("", True),
        ("https://evil.example/phish", False),
        ("//evil.example/", False),
        ("javascript:alert(1)", False),
        ("/\\evil.example", False),
        ("/" + "a" * 500, False),
    ],
)
def test_the_page_address_must_be_a_path_of_this_site(province, address, accepted):
    if accepted:
        assert _report(province, page_path=address).page_path == address
    else:
        with pytest.raises(Refused) as refused:
            _report(province, page_path=address)
        assert refused.value.field == "page_path"
        assert FeedbackReport.objects.count() == 0


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"description": ""}, "description"),
        ({"description": "x" * 4001}, "description"),
        ({"kind": "x"}, "kind"),
    ],
)
def test_bad_input_is_refused_and_nothing_is_saved(province, change, field):
    with pytest.raises(Refused) as refused:
        _report(province, **change)
    assert refused.value.field == field
    assert FeedbackReport.objects.count() == 0


def test_an_attachment_goes_through_the_file_service(province, signed_in):
    report = _report(province, upload=("nhat-ky.txt", "Lỗi 500 lúc 9 giờ".encode()))
    assert report.attachment.original_name == "nhat-ky.txt"
    response = signed_in(province.quan_tri).get(f"/phoi-hop/gop-y/{report.pk}/tep/")
    assert response.status_code == 200
    assert signed_in(province.chuyen_vien_2).get(f"/phoi-hop/gop-y/{report.pk}/tep/").status_code == 404


def test_an_executable_attachment_is_refused(province):
    with pytest.raises(Refused):
        _report(province, upload=("virus.exe", b"MZ" + b"\x00" * 100))
    assert FeedbackReport.objects.count() == 0


# --- lost account (seed 000 Đ9.4) ------------------------------------------------------------------------


def test_a_lost_account_report_ends_other_sessions_and_tokens_at_once(province):
    person = province.chuyen_vien
    here, elsewhere = Client(), Client()
    for client in (here, elsewhere):
        client.force_login(person, backend="congvu.accounts.backends.LocalPasswordBackend")
        assert client.get("/").status_code == 200
    raw = _token(person)
    assert Client(headers={"Authorization": f"Bearer {raw}"}).get("/api/v1/feedback/mine").status_code == 200
    assert UserSession.objects.filter(user=person).count() == 2

    response = here.post(
        "/phoi-hop/gop-y/gui/",
        {"kind": "lost_account", "description": "Có người đăng nhập tài khoản của tôi.", "page_path": "/"},
        follow=True,
    )
    body = response.content.decode()
    assert (
        "Mọi phiên đăng nhập khác của tài khoản (1) đã kết thúc" in body and "Hãy đổi mật khẩu ngay" in body
    )
    assert here.get("/").status_code == 200  # the session the report came from stays
    assert elsewhere.get("/").status_code == 302  # every other one ended
    assert Client(headers={"Authorization": f"Bearer {raw}"}).get("/api/v1/feedback/mine").status_code == 401
    report = FeedbackReport.objects.get()
    assert (report.sessions_ended, report.tokens_revoked) == (1, 1)
    alert = Notification.objects.get(recipient=province.quan_tri)
    assert alert.title.startswith("Khẩn:")
    assert (
        Notification.objects.get(recipient=person).title == "Tài khoản của bạn được báo mất quyền kiểm soát"
    )
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {
        "accounts.session.ended_others",
        "accounts.api_token.revoked_all",
        "collaboration.feedbackreport.created",
    } <= actions


def test_a_lost_account_report_through_the_api_revokes_the_calling_token_too(province):
    raw = _token(province.chuyen_vien)
    client = Client(headers={"Authorization": f"Bearer {raw}"})
    response = client.post(
        "/api/v1/feedback",
        {"kind": "lost_account", "description": "Lộ mật khẩu."},
        content_type="application/json",
    )
    assert response.status_code == 201 and response.json()["tokens_revoked"] == 1
    assert client.get("/api/v1/feedback/mine").status_code == 401


# --- triage ---------------------------------------------------------------------------------------------


def test_administrator_assigns_replies_and_resolves_and_the_reporter_is_told(province):
    p = province
    report = _report(p)
    report = services.report_transition(report=report, name="start", actor=p.quan_tri)
    report = services.report_assign(report=report, assignee=p.quan_tri, actor=p.quan_tri)
    services.reply_create(report=report, body="Bạn dùng trình duyệt nào?", actor=p.quan_tri)
    services.reply_create(report=report, body="Chromium 120.", actor=p.chuyen_vien)
    report = services.report_transition(
        report=report, name="resolve", actor=p.quan_tri, reason="Đã sửa ở bản 2.3"
    )
    assert report.status == S.RESOLVED and report.closed_at is not None
    titles = list(Notification.objects.filter(recipient=p.chuyen_vien).values_list("title", flat=True))
    assert (
        "Trả lời mới về góp ý #%(number)s" in titles and "Góp ý #%(number)s của bạn đã được xử lý" in titles
    )
    assert FeedbackReply.objects.filter(report=report).count() == 2
    with pytest.raises(Refused) as refused:
        services.reply_create(report=report, body="Còn lỗi", actor=p.chuyen_vien)
    assert refused.value.kind == Refused.Kind.WRONG_STATE
    report = services.report_transition(report=report, name="reopen", actor=p.quan_tri)
    assert report.status == S.IN_PROGRESS and report.closed_at is None


def test_reject_needs_a_reason_and_only_an_administrator_is_assigned(province):
    report = _report(province)
    with pytest.raises(Refused) as refused:
        services.report_transition(report=report, name="reject", actor=province.quan_tri)
    assert refused.value.field == "reason"
    with pytest.raises(Refused) as refused:
        services.report_assign(report=report, assignee=province.truong_phong, actor=province.quan_tri)
    assert refused.value.field == "assignee"
    report.refresh_from_db()
    assert report.status == S.NEW and report.assignee is None


# --- screens ------------------------------------------------------------------------------------------


def test_the_footer_link_carries_the_page_and_the_form_keeps_it(province, signed_in):
    client = signed_in(province.chuyen_vien)
    home = client.get("/phoi-hop/thong-bao-he-thong/").content.decode()
    assert 'href="/phoi-hop/gop-y/gui/?trang=/phoi-hop/thong-bao-he-thong/"' in home
    form = client.get("/phoi-hop/gop-y/gui/?trang=/phoi-hop/thong-bao-he-thong/").content.decode()
    assert 'value="/phoi-hop/thong-bao-he-thong/"' in form
    evil = client.get("/phoi-hop/gop-y/gui/?trang=https://evil.example/").content.decode()
    assert 'name="page_path" value=' not in evil and "Trang đang xem:" not in evil


def test_the_referer_of_this_site_is_the_page_when_no_address_is_given(province, signed_in):
    client = signed_in(province.chuyen_vien)
    form = client.get("/phoi-hop/gop-y/gui/", headers={"Referer": "http://testserver/van-ban/den/?q=1"})
    assert 'value="/van-ban/den/?q=1"' in form.content.decode()
    other = client.get("/phoi-hop/gop-y/gui/", headers={"Referer": "http://evil.example/x"})
    assert "/x" not in other.content.decode().split('name="page_path"')[1][:60]


def test_a_report_without_description_keeps_what_was_typed(province, signed_in):
    client = signed_in(province.chuyen_vien)
    response = client.post(
        "/phoi-hop/gop-y/gui/", {"kind": "feature", "description": "", "page_path": "/abc/"}
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert 'name="page_path" value="/abc/"' in body
    assert re.search(r'value="feature"[^>]*checked', body)
    assert FeedbackReport.objects.count() == 0


def test_the_administrator_sees_the_report_with_its_page(province, signed_in):
    report = _report(province)
    admin = signed_in(province.quan_tri)
    listing = admin.get("/phoi-hop/gop-y/quan-tri/").content.decode()
    assert (
        "/van-ban/den/12/" in listing
        and "Nguyễn Văn Minh" in listing
        or province.chuyen_vien.full_name in listing
    )
    detail = admin.get(f"/phoi-hop/gop-y/{report.pk}/").content.decode()
    assert "Nhận xử lý" in detail and "/van-ban/den/12/" in detail
    response = admin.post(f"/phoi-hop/gop-y/{report.pk}/start/")
    assert response.status_code == 302
    response = admin.post(f"/phoi-hop/gop-y/{report.pk}/tra-loi/", {"body": "Đang kiểm tra."})
    assert response.status_code == 302
    response = admin.post(f"/phoi-hop/gop-y/{report.pk}/giao/", {"assignee": province.quan_tri.pk})
    assert response.status_code == 302
    bad = admin.post(f"/phoi-hop/gop-y/{report.pk}/reject/", {"reason": ""})
    assert bad.status_code == 400 and "Vui lòng nêu lý do." in bad.content.decode()
    report.refresh_from_db()
    assert report.status == S.IN_PROGRESS and report.assignee == province.quan_tri


def test_others_do_not_see_a_report_nor_the_triage(province, signed_in):
    report = _report(province)
    other = signed_in(province.chuyen_vien_2)
    assert other.get(f"/phoi-hop/gop-y/{report.pk}/").status_code == 404
    assert other.get("/phoi-hop/gop-y/quan-tri/").status_code == 403
    leader = signed_in(province.truong_phong)
    assert leader.get(f"/phoi-hop/gop-y/{report.pk}/").status_code == 404
    mine = signed_in(province.chuyen_vien)
    assert mine.get(f"/phoi-hop/gop-y/{report.pk}/").status_code == 200
    assert mine.post(f"/phoi-hop/gop-y/{report.pk}/start/").status_code == 403


def test_the_reporter_sees_their_own_reports_only(province, signed_in):
    _report(province, description="Báo của Minh")
    services.report_create(actor=province.chuyen_vien_2, kind="feature", description="Đề xuất của Hà")
    body = signed_in(province.chuyen_vien).get("/phoi-hop/gop-y/").content.decode()
    assert "Báo của Minh" in body and "Đề xuất của Hà" not in body


def test_list_query_counts_do_not_grow(province, signed_in, django_assert_max_num_queries):
    for i in range(15):
        _report(province, description=f"Lỗi số {i}")
    admin = signed_in(province.quan_tri)
    admin.get("/phoi-hop/gop-y/quan-tri/")
    with django_assert_max_num_queries(14):
        assert admin.get("/phoi-hop/gop-y/quan-tri/").status_code == 200
    mine = signed_in(province.chuyen_vien)
    mine.get("/phoi-hop/gop-y/")
    with django_assert_max_num_queries(12):
        assert mine.get("/phoi-hop/gop-y/").status_code == 200


def test_the_home_page_counts_new_reports_for_administrators(province, signed_in):
    _report(province)
    body = signed_in(province.quan_tri).get("/").content.decode()
    assert "Góp ý, báo lỗi mới" in body


# --- API ------------------------------------------------------------------------------------------------


def test_the_api_reports_lists_triages_and_replies(province, api):
    mine, admin = api(province.chuyen_vien), api(province.quan_tri)
    created = mine.post(
        "/api/v1/feedback",
        {"kind": "fault", "description": "Lỗi in sổ.", "page_path": "/van-ban/so/"},
        content_type="application/json",
    )
    assert created.status_code == 201, created.content
    pk = created.json()["id"]
    assert created.json()["allowed_actions"] == ["reply"]
    assert [r["id"] for r in mine.get("/api/v1/feedback/mine").json()["items"]] == [pk]
    assert [r["id"] for r in admin.get("/api/v1/feedback").json()["items"]] == [pk]
    started = admin.post(f"/api/v1/feedback/{pk}/transitions/start", {}, content_type="application/json")
    assert started.status_code == 200 and started.json()["status"] == "in_progress"
    assigned = admin.post(
        f"/api/v1/feedback/{pk}/assign",
        {"assignee_id": province.quan_tri.pk},
        content_type="application/json",
    )
    assert assigned.json()["assignee"]["id"] == province.quan_tri.pk
    replied = admin.post(
        f"/api/v1/feedback/{pk}/replies", {"body": "Đã nhận."}, content_type="application/json"
    )
    assert replied.status_code == 201 and replied.json()["replies"][0]["body"] == "Đã nhận."
    resolved = admin.post(
        f"/api/v1/feedback/{pk}/transitions/resolve", {"reason": "Đã sửa"}, content_type="application/json"
    )
    assert resolved.json()["status"] == "resolved"


def test_the_api_answers_each_kind_of_error(province, api):
    mine, other, admin = api(province.chuyen_vien), api(province.chuyen_vien_2), api(province.quan_tri)
    bad = mine.post("/api/v1/feedback", {"kind": "fault", "description": ""}, content_type="application/json")
    assert bad.status_code == 400 and bad.json()["field"] == "description"
    pk = mine.post(
        "/api/v1/feedback", {"kind": "fault", "description": "x"}, content_type="application/json"
    ).json()["id"]
    assert mine.get("/api/v1/feedback").status_code == 403
    assert other.get(f"/api/v1/feedback/{pk}").status_code == 404
    assert (
        mine.post(f"/api/v1/feedback/{pk}/transitions/start", {}, content_type="application/json").status_code
        == 403
    )
    assert (
        admin.post(
            f"/api/v1/feedback/{pk}/transitions/reopen", {}, content_type="application/json"
        ).status_code
        == 409
    )
    wrong = admin.post(
        f"/api/v1/feedback/{pk}/assign",
        {"assignee_id": province.truong_phong.pk},
        content_type="application/json",
    )
    assert wrong.status_code == 400 and wrong.json()["field"] == "assignee_id"
    assert Client().get("/api/v1/feedback/mine").status_code == 401


def test_the_detail_page_query_count_does_not_grow_with_replies(
    province, signed_in, django_assert_max_num_queries
):
    report = _report(province)
    for i in range(10):
        services.reply_create(
            report=report, body=f"Trả lời {i}", actor=province.quan_tri if i % 2 else province.chuyen_vien
        )
    admin = signed_in(province.quan_tri)
    admin.get(f"/phoi-hop/gop-y/{report.pk}/")
    with django_assert_max_num_queries(16):
        body = admin.get(f"/phoi-hop/gop-y/{report.pk}/").content.decode()
    assert "Trả lời 9" in body


def test_what_the_reporter_typed_is_shown_as_typed_in_the_alert(province):
    _report(province, description="Lỗi 100% khi gõ %(name)s vào ô tìm kiếm")
    alert = Notification.objects.get(recipient=province.quan_tri)
    assert alert.body_text == "Lỗi 100% khi gõ %(name)s vào ô tìm kiếm"
