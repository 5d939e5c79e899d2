"""Chat in the API (/api/v1/chat/): success and each error kind."""

from __future__ import annotations

import datetime as dt

import pytest

from congvu.collaboration.chat.models import ChatMessage, Conversation
from tests.collaboration.chat.conftest import say
from tests.conftest import bearer_client

URL = "/api/v1/chat"


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


def test_open_direct_twice_gives_the_same_conversation(province, api):
    minh = api(province.chuyen_vien)
    first = minh.post(f"{URL}/conversations/direct", {"user_id": province.chuyen_vien_2.pk})
    assert first.status_code == 200, first.content
    again = api(province.chuyen_vien_2).post(
        f"{URL}/conversations/direct", {"user_id": province.chuyen_vien.pk}
    )
    assert first.json()["id"] == again.json()["id"] and first.json()["title"] == "Trần Thị Thu Hà"
    myself = minh.post(f"{URL}/conversations/direct", {"user_id": province.chuyen_vien.pk})
    assert myself.status_code == 400 and myself.json()["field"] == "user_id"
    nobody = minh.post(f"{URL}/conversations/direct", {"user_id": 999999})
    assert nobody.status_code == 400 and nobody.json()["field"] == "user_id"


def test_group_create_list_send_read_and_retract(province, api):
    son = api(province.truong_phong)
    created = son.post(
        f"{URL}/conversations/group",
        {"title": "Tổ rà soát", "member_ids": [province.chuyen_vien.pk, province.chuyen_vien_2.pk]},
    )
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["kind"] == "group" and len(body["members"]) == 3 and body["can_manage_members"]
    pk = body["id"]
    sent = son.post(f"{URL}/conversations/{pk}/messages", {"body": "Họp tổ lúc 14 giờ"})
    assert sent.status_code == 201 and sent.json()["sender"]["name"] == "Bùi Thanh Sơn"
    minh = api(province.chuyen_vien)
    listed = minh.get(f"{URL}/conversations").json()
    assert (
        listed["items"][0]["unread"] == 1
        and listed["items"][0]["last_message"]["body"] == "Họp tổ lúc 14 giờ"
    )
    assert minh.get(f"{URL}/unread").json() == {"unread": 1}
    after = minh.get(f"{URL}/conversations/{pk}/messages", {"after": sent.json()["id"]}).json()
    assert after == {"items": [], "has_more": False}
    latest = minh.get(f"{URL}/conversations/{pk}/messages").json()
    assert [m["body"] for m in latest["items"]] == ["Họp tổ lúc 14 giờ"]
    assert minh.post(f"{URL}/conversations/{pk}/read").json() == {"unread": 0}
    retracted = son.post(f"{URL}/conversations/{pk}/messages/{sent.json()['id']}/retract")
    assert retracted.status_code == 200 and retracted.json()["retracted"] and retracted.json()["body"] == ""


def test_errors_by_kind(province, api, group, clock):
    pk = group.pk
    outsider = api(province.chuyen_vien_khac)
    missing = outsider.post(f"{URL}/conversations/{pk}/messages", {"body": "Tôi chen vào"})
    assert missing.status_code == 404 and missing.json()["code"] == "not_found"
    assert (
        outsider.get(f"{URL}/conversations/{pk}").json() == outsider.get(f"{URL}/conversations/999999").json()
    )
    minh = api(province.chuyen_vien)
    forbidden = minh.post(f"{URL}/conversations/{pk}/members", {"user_ids": [province.chuyen_vien_khac.pk]})
    assert forbidden.status_code == 403 and "quản trị nhóm" in forbidden.json()["detail"]
    too_long = minh.post(f"{URL}/conversations/{pk}/messages", {"body": "x" * 4001})
    assert too_long.status_code == 400 and too_long.json()["field"] == "body"
    message = say(group, province.chuyen_vien, "Cũ rồi")
    clock.shift(dt.timedelta(minutes=16))
    late = minh.post(f"{URL}/conversations/{pk}/messages/{message.pk}/retract")
    assert late.status_code == 409 and "Đã quá 15 phút" in late.json()["detail"]
    assert ChatMessage.objects.count() == 1


def test_members_added_removed_and_leaving(province, api, group):
    son = api(province.truong_phong)
    added = son.post(f"{URL}/conversations/{group.pk}/members", {"user_ids": [province.chuyen_vien_khac.pk]})
    assert added.status_code == 200 and len(added.json()["members"]) == 4
    removed = son.delete(f"{URL}/conversations/{group.pk}/members/{province.chuyen_vien_khac.pk}")
    assert removed.status_code == 204
    left = api(province.chuyen_vien).delete(
        f"{URL}/conversations/{group.pk}/members/{province.chuyen_vien.pk}"
    )
    assert left.status_code == 204
    assert api(province.chuyen_vien).get(f"{URL}/conversations/{group.pk}").status_code == 404


def test_the_conversation_list_is_keyset_paginated_in_few_queries(
    province, api, django_assert_max_num_queries
):
    minh = api(province.chuyen_vien)
    for person in (province.chuyen_vien_2, province.truong_phong, province.van_thu):
        from congvu.collaboration.chat import services

        say(services.conversation_open_direct(actor=province.chuyen_vien, other=person), person, "chào")
    first = minh.get(f"{URL}/conversations", {"limit": 2}).json()
    assert len(first["items"]) == 2 and first["next_cursor"]
    with django_assert_max_num_queries(8):
        second = minh.get(f"{URL}/conversations", {"limit": 2, "cursor": first["next_cursor"]}).json()
    assert len(second["items"]) == 1 and second["next_cursor"] is None
    assert Conversation.objects.count() == 3
    bad = minh.get(f"{URL}/conversations", {"cursor": "nonsense"})
    assert bad.status_code == 400 and bad.json()["field"] == "cursor"
