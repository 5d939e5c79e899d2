"""SMS in the API (/api/v1/sms): send, list, one SMS, the agency log — each error kind."""

from __future__ import annotations

from congvu.collaboration.sms import services
from congvu.collaboration.sms.models import SmsMessage

URL = "/api/v1/sms"


def _post(client, body):
    return client.post(URL, body, content_type="application/json")


def test_a_sender_sends_through_the_api(cast, gateway, signed_in, django_capture_on_commit_callbacks):
    client = signed_in(cast.chanh_vp)
    with django_capture_on_commit_callbacks(execute=True):
        response = _post(client, {"recipient_ids": [cast.chuyen_vien.pk], "text": "Hop luc 14h"})
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["text"] == "Hop luc 14h" and body["recipient_count"] == 1
    assert body["deliveries"][0]["phone"] == "+84912345007"
    assert body["sender"]["full_name"] == "Phạm Văn Đức"
    assert gateway.sent == [{"to": "+84912345007", "text": "Hop luc 14h"}]
    detail = client.get(f"{URL}/{body['id']}").json()
    assert detail["deliveries"][0]["status"] == "sent" and detail["counts"] == {
        "sent": 1,
        "failed": 0,
        "queued": 0,
    }


def test_a_person_without_the_role_gets_403_in_vietnamese(cast, gateway, signed_in):
    response = _post(signed_in(cast.chuyen_vien), {"recipient_ids": [cast.chuyen_vien_2.pk], "text": "Hop"})
    assert response.status_code == 403
    assert "Chỉ người được giao quyền gửi tin nhắn SMS" in response.json()["detail"]
    assert SmsMessage.objects.count() == 0 and gateway.sent == []


def test_bad_input_answers_400_on_its_field(cast, gateway, signed_in):
    client = signed_in(cast.chanh_vp)
    response = _post(client, {"recipient_ids": [cast.chuyen_vien.pk], "text": "  "})
    assert response.status_code == 400 and response.json()["field"] == "text"
    response = _post(client, {"recipient_ids": [cast.chuyen_vien_khac.pk, 999999], "text": "Hop"})
    assert response.status_code == 400 and response.json()["field"] == "recipient_ids"
    response = _post(client, {"recipient_ids": [], "text": "Hop"})
    assert response.status_code == 400 and response.json()["field"] == "recipient_ids"
    assert SmsMessage.objects.count() == 0


def test_the_list_the_detail_and_the_agency_log(cast, gateway, signed_in, django_assert_max_num_queries):
    for i in range(3):
        services.sms_send(recipients=[cast.chuyen_vien], text=f"Tin {i}", actor=cast.chanh_vp)
    client = signed_in(cast.chanh_vp)
    client.get(URL)
    with django_assert_max_num_queries(5):
        page = client.get(URL, {"limit": 2}).json()
    assert [m["text"] for m in page["items"]] == ["Tin 2", "Tin 1"] and page["next_cursor"]
    rest = client.get(URL, {"limit": 2, "cursor": page["next_cursor"]}).json()
    assert [m["text"] for m in rest["items"]] == ["Tin 0"]
    assert client.get(f"{URL}/agency").status_code == 403
    other = signed_in(cast.chuyen_vien).get(f"{URL}/{page['items'][0]['id']}")
    assert other.status_code == 404
    log = signed_in(cast.quan_tri).get(f"{URL}/agency").json()
    assert len(log["items"]) == 3
