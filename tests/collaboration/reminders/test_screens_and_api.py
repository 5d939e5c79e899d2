"""The reminder screens (/phoi-hop/nhac-viec/) and API (/api/v1/reminders): send, acknowledge,
report done, cancel; refusals in Vietnamese; bad input keeps what was typed; query counts."""

from __future__ import annotations

import datetime as dt

import pytest

from congvu.collaboration.reminders import services
from congvu.collaboration.reminders.models import Reminder, ReminderRecipient
from tests.conftest import TODAY, bearer_client, given_before

BASE = "/phoi-hop/nhac-viec/"
API = "/api/v1/reminders"
S = ReminderRecipient.Status


def send(province, **kwargs):
    kwargs.setdefault("content", "Nộp báo cáo biên chế quý IV")
    kwargs.setdefault("recipients", [province.chuyen_vien, province.chuyen_vien_2])
    return services.reminder_send(actor=kwargs.pop("actor", province.truong_phong), **kwargs)


# --- screens --------------------------------------------------------------------------------------


def test_head_sends_from_the_form(province, signed_in):
    client = signed_in(province.truong_phong)
    page = client.get(f"{BASE}gui/?lien_ket=/van-ban/den/12/")
    assert page.status_code == 200
    body = page.content.decode()
    assert "Nguyễn Văn Minh" in body and "Hoàng Văn Nam" not in body  # subordinates only
    assert 'value="/van-ban/den/12/"' in body
    response = client.post(
        f"{BASE}gui/",
        {
            "recipients": [str(province.chuyen_vien.pk)],
            "content": "Rà soát hồ sơ tuyển dụng",
            "due_on": (TODAY + dt.timedelta(days=3)).isoformat(),
            "link": "/van-ban/den/12/",
        },
    )
    reminder = Reminder.objects.get()
    assert response.status_code == 302 and response["Location"] == f"{BASE}{reminder.pk}/"


def test_bad_input_keeps_what_was_typed(province, signed_in):
    client = signed_in(province.truong_phong)
    response = client.post(
        f"{BASE}gui/",
        {"recipients": [str(province.chuyen_vien.pk)], "content": "Việc đã gõ", "link": "https://ngoai.vn/"},
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "Liên kết phải là một trang trong hệ thống" in body and "Việc đã gõ" in body
    assert not Reminder.objects.exists()


def test_an_officer_is_refused_the_send_form_in_vietnamese(province, signed_in):
    response = signed_in(province.chuyen_vien).get(f"{BASE}gui/")
    assert response.status_code == 403
    assert "Chỉ lãnh đạo đơn vị hoặc cấp trên mới gửi nhắc việc được" in response.content.decode()


def test_recipient_acknowledges_and_reports_done_from_the_page(province, signed_in):
    reminder = send(province)
    client = signed_in(province.chuyen_vien)
    page = client.get(f"{BASE}{reminder.pk}/").content.decode()
    assert "Đã nhận" in page and "Nộp báo cáo biên chế quý IV" in page
    assert client.post(f"{BASE}{reminder.pk}/da-nhan/").status_code == 302
    empty = client.post(f"{BASE}{reminder.pk}/da-thuc-hien/", {"report": ""})
    assert empty.status_code == 400
    done = client.post(f"{BASE}{reminder.pk}/da-thuc-hien/", {"report": "Đã nộp qua văn thư"})
    assert done.status_code == 302
    assert ReminderRecipient.objects.get(reminder=reminder, user=province.chuyen_vien).status == S.DONE
    sent = signed_in(province.truong_phong).get(f"{BASE}da-gui/").content.decode()
    assert "Đã thực hiện" in sent and "Chưa nhận" in sent


def test_the_sender_cancels_and_others_cannot(province, signed_in):
    reminder = send(province)
    assert signed_in(province.chuyen_vien).post(f"{BASE}{reminder.pk}/huy/").status_code == 403
    assert signed_in(province.giam_doc).get(f"{BASE}{reminder.pk}/").status_code == 404
    assert (
        signed_in(province.truong_phong)
        .post(f"{BASE}{reminder.pk}/huy/", {"reason": "Không cần nữa"})
        .status_code
        == 302
    )
    assert set(ReminderRecipient.objects.values_list("status", flat=True)) == {S.CANCELLED}
    again = signed_in(province.truong_phong).post(f"{BASE}{reminder.pk}/huy/")
    assert again.status_code == 409


def test_home_shows_what_waits_on_me_and_my_overdue_sent(province, signed_in):
    due = TODAY - dt.timedelta(days=1)
    with given_before(due, days=3):
        send(province, content="Việc quá hạn đã giao", due_on=due)
    send(province, content="Việc mới giao")
    body = signed_in(province.chuyen_vien).get("/").content.decode()
    assert "Việc quá hạn đã giao" in body and "Việc mới giao" in body
    assert body.index("Việc quá hạn đã giao") < body.index("Việc mới giao")
    boss = signed_in(province.truong_phong).get("/").content.decode()
    assert "1 nhắc việc tôi đã gửi đã quá hạn" in boss


def test_lists_query_counts_do_not_grow(province, signed_in, django_assert_max_num_queries):
    for i in range(30):
        send(province, content=f"Việc số {i}")
    client = signed_in(province.chuyen_vien)
    client.get(BASE)
    with django_assert_max_num_queries(7):
        response = client.get(BASE)
    assert response.status_code == 200 and response.context["page"].has_next
    boss = signed_in(province.truong_phong)
    boss.get(f"{BASE}da-gui/")
    with django_assert_max_num_queries(8):
        assert boss.get(f"{BASE}da-gui/").status_code == 200


# --- API ------------------------------------------------------------------------------------------


@pytest.fixture
def api():
    def _for(user):
        client = bearer_client(user)

        class Caller:
            def get(self, path, data=None):
                return client.get(path, data or {})

            def post(self, path, data=None):
                return client.post(path, data or {}, content_type="application/json")

        return Caller()

    return _for


def test_api_journey(province, api):
    boss, officer = api(province.truong_phong), api(province.chuyen_vien)
    created = boss.post(
        API,
        {
            "recipient_ids": [province.chuyen_vien.pk, province.chuyen_vien_2.pk],
            "content": "Cập nhật số liệu",
            "due_on": (TODAY + dt.timedelta(days=2)).isoformat(),
        },
    )
    assert created.status_code == 201, created.content
    reminder_id = created.json()["id"]
    assert created.json()["allowed_actions"] == ["cancel"]
    mine = officer.get(API).json()["items"]
    assert [r["id"] for r in mine] == [reminder_id] and mine[0]["recipients"][0]["status"] == "sent"
    assert officer.get(f"{API}/{reminder_id}").json()["allowed_actions"] == ["acknowledge", "complete"]
    assert officer.post(f"{API}/{reminder_id}/acknowledge").status_code == 200
    assert officer.post(f"{API}/{reminder_id}/acknowledge").status_code == 409
    done = officer.post(f"{API}/{reminder_id}/complete", {"report": "Đã cập nhật"})
    assert done.status_code == 200
    sent = boss.get(API, {"scope": "sent"}).json()["items"][0]
    assert {r["status"] for r in sent["recipients"]} == {"done", "sent"}
    assert boss.post(f"{API}/{reminder_id}/cancel", {"reason": "Đủ rồi"}).status_code == 200


def test_api_errors_by_kind(province, api):
    officer = api(province.chuyen_vien)
    refused = officer.post(API, {"recipient_ids": [province.chuyen_vien_2.pk], "content": "Làm đi"})
    assert refused.status_code == 403 and "Điều 8" in refused.json()["detail"]
    boss = api(province.truong_phong)
    bad = boss.post(API, {"recipient_ids": [province.chuyen_vien.pk], "content": "x", "link": "http://x"})
    assert bad.status_code == 400 and bad.json()["field"] == "link"
    none = boss.post(API, {"recipient_ids": [], "content": "x"})
    assert none.status_code == 400 and none.json()["field"] == "recipient_ids"
    reminder = send(province)
    outsider = api(province.chuyen_vien_khac)
    assert outsider.get(f"{API}/{reminder.pk}").status_code == 404
    assert boss.post(f"{API}/{reminder.pk}/acknowledge").status_code == 403  # not a recipient
    assert officer.post(f"{API}/{reminder.pk}/cancel").status_code == 403
    assert officer.post(f"{API}/{reminder.pk}/complete", {"report": ""}).status_code == 400


def test_api_lists_query_counts_do_not_grow(province, api, django_assert_max_num_queries):
    for i in range(30):
        send(province, content=f"Việc số {i}")
    officer, boss = api(province.chuyen_vien), api(province.truong_phong)
    officer.get(API)
    with django_assert_max_num_queries(8):
        page = officer.get(API).json()
    assert len(page["items"]) == 25 and page["next_cursor"]
    boss.get(API, {"scope": "sent"})
    with django_assert_max_num_queries(8):
        assert len(boss.get(API, {"scope": "sent"}).json()["items"]) == 25
