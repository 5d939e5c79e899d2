"""The messages API (/api/v1/messages): the same policies and services as the screens, by personal
token; each error kind."""

from __future__ import annotations

import pytest
from django.test import Client

from congvu.collaboration.messages.models import Message
from tests.conftest import bearer_client

URL = "/api/v1/messages"


@pytest.fixture
def api():
    def _for(user):
        client = bearer_client(user)

        class Caller:
            def get(self, path, data=None):
                return client.get(path, data or {})

            def post(self, path, data=None):
                return client.post(path, data or {}, content_type="application/json")

            def delete(self, path):
                return client.delete(path)

        return Caller()

    return _for


def test_send_list_read_and_the_copy_actions(province, api):
    boss, officer = api(province.giam_doc), api(province.chuyen_vien)
    sent = boss.post(
        URL,
        {"subject": "Kế hoạch tuyển dụng", "body": "Xem và góp ý", "unit_ids": [province.units.tcbc.pk]},
    )
    assert sent.status_code == 201, sent.content
    body = sent.json()
    message_id = body["id"]
    assert body["addresses"][0]["kind"] == "unit"
    assert {p["name"] for p in body["addresses"][0]["reached"]} == {
        "Bùi Thanh Sơn",
        "Nguyễn Văn Minh",
        "Trần Thị Thu Hà",
    }
    inbox = officer.get(URL).json()
    assert [m["id"] for m in inbox["items"]] == [message_id] and inbox["items"][0]["read"] is False
    assert officer.get(f"{URL}/{message_id}").json()["read"] is True
    assert officer.get(URL, {"unread": "true"}).json()["items"] == []
    folder = officer.post(f"{URL}/folders", {"name": "Tuyển dụng"})
    assert folder.status_code == 201
    folder_id = folder.json()["id"]
    assert officer.post(f"{URL}/{message_id}/move", {"folder_id": folder_id}).json()["folder_id"] == folder_id
    assert [m["id"] for m in officer.get(URL, {"folder_id": folder_id}).json()["items"]] == [message_id]
    assert officer.post(f"{URL}/{message_id}/mark", {"starred": True}).json()["starred"] is True
    assert officer.post(f"{URL}/folders/{folder_id}", {"name": "TD"}).json()["name"] == "TD"
    assert officer.get(f"{URL}/folders").json()[0]["name"] == "TD"
    assert officer.post(f"{URL}/{message_id}/delete", {"for_good": True}).status_code == 409
    assert officer.post(f"{URL}/{message_id}/delete").status_code == 204
    assert officer.get(URL, {"box": "trash"}).json()["items"][0]["in_trash"] is True
    assert officer.post(f"{URL}/{message_id}/delete", {"for_good": True}).status_code == 204
    assert officer.get(f"{URL}/{message_id}").status_code == 404
    assert boss.get(URL, {"box": "sent"}).json()["items"][0]["id"] == message_id
    assert officer.delete(f"{URL}/folders/{folder_id}").status_code == 204


def test_errors_by_kind(province, api):
    officer = api(province.chuyen_vien)
    other_agency = officer.post(URL, {"subject": "Chào", "people_ids": [province.chuyen_vien_khac.pk]})
    assert other_agency.status_code == 400 and other_agency.json()["field"] == "people_ids"
    no_one = officer.post(URL, {"subject": "Chào"})
    assert no_one.status_code == 400 and no_one.json()["field"] == "people_ids"
    unknown = officer.post(URL, {"subject": "Chào", "unit_ids": [987654]})
    assert unknown.status_code == 400 and unknown.json()["field"] == "unit_ids"
    assert (
        officer.post(URL, {"subject": "", "people_ids": [province.chuyen_vien_2.pk]}).json()["field"]
        == "subject"
    )
    assert not Message.objects.exists()
    sent = officer.post(URL, {"subject": "Chào chị", "people_ids": [province.chuyen_vien_2.pk]}).json()
    outsider = api(province.truong_phong)
    assert outsider.get(f"{URL}/{sent['id']}").status_code == 404
    assert outsider.post(f"{URL}/{sent['id']}/mark", {"read": True}).status_code == 404
    assert (
        outsider.post(
            URL, {"subject": "x", "people_ids": [province.chuyen_vien.pk], "forward_of_id": sent["id"]}
        ).status_code
        == 404
    )
    assert officer.get(URL, {"folder_id": 987654}).status_code == 404
    assert officer.get(URL, {"cursor": "!!"}).status_code == 400
    assert Client().get(URL).status_code == 401


def test_list_query_count_does_not_grow(province, api, django_assert_max_num_queries):
    from congvu.collaboration.messages import services

    officer = api(province.chuyen_vien)
    for i in range(30):
        services.message_send(
            actor=province.truong_phong,
            draft=services.Draft(subject=f"Thư số {i}", people=[province.chuyen_vien]),
        )
    officer.get(URL)
    with django_assert_max_num_queries(8):
        page = officer.get(URL, {"limit": 25}).json()
    assert len(page["items"]) == 25 and page["next_cursor"]
    with django_assert_max_num_queries(8):
        assert len(officer.get(URL, {"cursor": page["next_cursor"]}).json()["items"]) == 5
