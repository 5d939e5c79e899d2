"""Chat screens (MISSION COL-8): the list, a conversation, sending with and without HTMX, polling,
retraction, groups and their members; query counts of the list and of the poll."""

from __future__ import annotations

import datetime as dt

from django.db import connection
from django.test.utils import CaptureQueriesContext

from congvu.collaboration.chat import services
from congvu.collaboration.chat.models import ChatMessage, Conversation, ConversationMember
from congvu.core import personal
from tests.collaboration.chat.conftest import say

LIST = "/phoi-hop/hoi-thoai/"
NOT_IN = "Không tìm thấy hội thoại, hoặc ông/bà không tham gia hội thoại này."


def url(conversation, tail=""):
    return f"{LIST}{conversation.pk}/{tail}"


def test_the_list_shows_each_conversation_with_its_last_message_and_unread_count(
    province, signed_in, direct, group
):
    say(direct, province.chuyen_vien, "Chiều nay chị rảnh không?")
    say(group, province.truong_phong, "Nhắc cả tổ: báo cáo biên chế")
    body = signed_in(province.chuyen_vien_2).get(LIST).content.decode()
    assert "Nguyễn Văn Minh" in body and "Chiều nay chị rảnh không?" in body
    assert "Tổ công tác biên chế 2027" in body and "Bùi Thanh Sơn: Nhắc cả tổ" in body
    assert (
        "2 tin chưa đọc" not in body
        and body.count('1<span class="visually-hidden"> tin chưa đọc</span>') == 2
    )
    assert "Hội thoại chỉ dùng cho công việc" in body  # seed 002 Đ11, said quietly


def test_the_menu_badge_and_the_home_page_show_the_unread_total(province, signed_in, direct):
    say(direct, province.chuyen_vien, "Một")
    say(direct, province.chuyen_vien, "Hai")
    client = signed_in(province.chuyen_vien_2)
    body = client.get("/").content.decode()
    assert 'hx-get="/phoi-hop/hoi-thoai/chua-doc/"' in body  # the menu fetches its badge once loaded
    assert "Tin nhắn hội thoại chưa đọc" in body
    badge = client.get("/phoi-hop/hoi-thoai/chua-doc/", headers={"X-Congvu-Background": "1"})
    assert '<span class="badge" aria-label="Tin nhắn hội thoại chưa đọc">2</span>' in badge.content.decode()


def test_the_menu_badge_costs_the_pages_no_query_and_itself_one(province, signed_in, direct):
    say(direct, province.chuyen_vien, "Một")
    client = signed_in(province.chuyen_vien_2)
    with CaptureQueriesContext(connection) as page:
        client.get("/cong-viec/")
    with CaptureQueriesContext(connection) as badge:
        client.get("/phoi-hop/hoi-thoai/chua-doc/")
    assert not [q for q in page.captured_queries if "collaboration_chatmessage" in q["sql"]]
    assert len([q for q in badge.captured_queries if "collaboration_chatmessage" in q["sql"]]) == 1


def test_the_menu_badge_is_empty_once_signed_out(client):
    response = client.get("/phoi-hop/hoi-thoai/chua-doc/")
    assert response.status_code == 200 and response.content == b""


def test_the_list_costs_the_same_queries_however_many_conversations(
    province, signed_in, django_assert_max_num_queries
):
    client = signed_in(province.chuyen_vien)
    others = [province.chuyen_vien_2, province.truong_phong, province.chuyen_vien_khac, province.van_thu]
    for person in others[:1]:
        say(services.conversation_open_direct(actor=province.chuyen_vien, other=person), person, "chào")
    client.get(LIST)
    personal.touch([province.chuyen_vien])  # both looks draw what is kept for her (the bell) afresh
    with CaptureQueriesContext(connection) as few:
        client.get(LIST)
    for person in others[1:]:
        c = services.conversation_open_direct(actor=province.chuyen_vien, other=person)
        say(c, person, "chào anh")
        say(c, province.chuyen_vien, "chào")
    for i in range(3):
        services.group_create(actor=province.truong_phong, title=f"Nhóm {i}", members=[province.chuyen_vien])
    personal.touch([province.chuyen_vien])
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(LIST)
    assert response.content.decode().count('class="chat-title"') == 7


def test_opening_a_conversation_from_the_search(province, signed_in):
    client = signed_in(province.chuyen_vien)
    body = client.get(LIST, {"q": "thu ha"}).content.decode()
    assert "Trần Thị Thu Hà" in body
    response = client.post(f"{LIST}voi/{province.chuyen_vien_2.pk}/")
    conversation = Conversation.objects.get()
    assert response.status_code == 302 and response["Location"] == url(conversation)
    again = client.post(f"{LIST}voi/{province.chuyen_vien_2.pk}/")
    assert again["Location"] == url(conversation) and Conversation.objects.count() == 1


def test_opening_a_conversation_marks_it_read_and_shows_the_messages(province, signed_in, direct):
    say(direct, province.chuyen_vien, "Chị xem giúp em dự thảo")
    client = signed_in(province.chuyen_vien_2)
    body = client.get(url(direct)).content.decode()
    assert "Chị xem giúp em dự thảo" in body and 'hx-trigger="every 3s' in body
    assert (
        ConversationMember.objects.get(conversation=direct, user=province.chuyen_vien_2).last_read_message_id
        > 0
    )
    assert client.get("/phoi-hop/hoi-thoai/chua-doc/").content == b""


def test_sending_without_javascript_posts_and_comes_back(province, signed_in, direct):
    client = signed_in(province.chuyen_vien)
    response = client.post(url(direct, "gui/"), {"body": "Em gửi chị bảng số liệu"})
    assert response.status_code == 302 and response["Location"] == url(direct)
    assert ChatMessage.objects.get().body == "Em gửi chị bảng số liệu"


def test_a_refused_message_keeps_what_was_typed_with_the_vietnamese_error(province, signed_in, direct):
    client = signed_in(province.chuyen_vien)
    long_text = "Nội dung rất dài " + "x" * 4000
    response = client.post(url(direct, "gui/"), {"body": long_text})
    body = response.content.decode()
    assert response.status_code == 400 and "Tin nhắn dài quá 4000 ký tự" in body and long_text in body
    htmx = client.post(url(direct, "gui/"), {"body": long_text}, headers={"HX-Request": "true"})
    assert htmx.status_code == 200 and "Tin nhắn dài quá 4000 ký tự" in htmx.content.decode()
    assert long_text in htmx.content.decode() and "HX-Trigger" not in htmx
    empty = client.post(url(direct, "gui/"), {"body": "  "}, headers={"HX-Request": "true"})
    assert "Hãy nhập nội dung tin nhắn hoặc chọn tệp đính kèm." in empty.content.decode()
    assert not ChatMessage.objects.exists()


def test_sending_with_htmx_empties_the_box_and_asks_the_poll_to_fetch(province, signed_in, direct):
    response = signed_in(province.chuyen_vien).post(
        url(direct, "gui/"), {"body": "Gửi qua htmx"}, headers={"HX-Request": "true"}
    )
    assert response.status_code == 200 and response["HX-Trigger"] == "chat-sent"
    assert (
        'id="chat-composer"' in response.content.decode() and "Gửi qua htmx" not in response.content.decode()
    )


def test_posting_to_a_conversation_one_is_not_in_is_refused_and_nothing_changes(province, signed_in, direct):
    client = signed_in(province.chuyen_vien_khac)
    for response in (
        client.post(url(direct, "gui/"), {"body": "Tôi chen vào"}),
        client.get(url(direct)),
        client.get(url(direct, "moi/"), {"sau": 0}),
    ):
        assert response.status_code == 404 and NOT_IN in response.content.decode()
    assert not ChatMessage.objects.exists()


def test_the_poll_answers_204_when_nothing_is_new_in_two_queries(province, signed_in, direct):
    first = say(direct, province.chuyen_vien, "Tin đầu")
    client = signed_in(province.chuyen_vien_2)
    client.get(url(direct, "moi/"), {"sau": first.pk})  # the session and the person are read first
    with CaptureQueriesContext(connection) as poll:
        response = client.get(url(direct, "moi/"), {"sau": first.pk})
    assert response.status_code == 204 and response.content == b""
    own = [q["sql"] for q in poll.captured_queries if "collaboration_" in q["sql"]]
    assert len(own) == 2, own


def test_the_poll_brings_the_new_messages_and_moves_the_read_marker(province, signed_in, direct):
    first = say(direct, province.chuyen_vien, "Tin đầu")
    client = signed_in(province.chuyen_vien_2)
    client.get(url(direct))
    say(direct, province.chuyen_vien, "Tin mới đến")
    with CaptureQueriesContext(connection) as poll:
        response = client.get(url(direct, "moi/"), {"sau": first.pk})
    body = response.content.decode()
    assert response.status_code == 200 and "Tin mới đến" in body and "Tin đầu" not in body
    assert 'hx-swap-oob="beforeend:#chat-log"' in body and f'value="{first.pk + 1}"' in body
    own = [q["sql"] for q in poll.captured_queries if "collaboration_" in q["sql"]]
    assert len(own) == 3, own  # membership, messages, the read marker
    assert (
        ConversationMember.objects.get(conversation=direct, user=province.chuyen_vien_2).last_read_message_id
        == first.pk + 1
    )


def test_retracting_shows_tin_nhan_da_thu_hoi(province, signed_in, direct, clock):
    message = say(direct, province.chuyen_vien, "Gửi nhầm")
    client = signed_in(province.chuyen_vien)
    response = client.post(url(direct, f"tin/{message.pk}/thu-hoi/"))
    assert response.status_code == 302
    body = signed_in(province.chuyen_vien_2).get(url(direct)).content.decode()
    assert "Tin nhắn đã thu hồi" in body and "Gửi nhầm" not in body
    late = say(direct, province.chuyen_vien, "Đã lâu")
    clock.shift(dt.timedelta(minutes=20))
    client = signed_in(province.chuyen_vien)
    assert "Thu hồi</button>" not in client.get(url(direct)).content.decode()
    response = client.post(url(direct, f"tin/{late.pk}/thu-hoi/"), follow=True)
    assert "Đã quá 15 phút" in response.content.decode()


def test_creating_a_group_searches_ticks_and_keeps_the_ticked(province, signed_in):
    client = signed_in(province.truong_phong)
    page = client.post(f"{LIST}nhom-moi/", {"title": "Tổ rà soát", "q": "minh", "action": "find"})
    assert page.status_code == 200 and "Nguyễn Văn Minh" in page.content.decode()
    page = client.post(
        f"{LIST}nhom-moi/",
        {"title": "Tổ rà soát", "q": "thu ha", "members": [province.chuyen_vien.pk], "action": "find"},
    )
    body = page.content.decode()
    assert "Nguyễn Văn Minh" in body and "Trần Thị Thu Hà" in body and "Tổ rà soát" in body
    missing = client.post(
        f"{LIST}nhom-moi/", {"title": "", "q": "", "members": [province.chuyen_vien.pk], "action": "create"}
    )
    assert missing.status_code == 400 and "Nguyễn Văn Minh" in missing.content.decode()
    done = client.post(
        f"{LIST}nhom-moi/",
        {
            "title": "Tổ rà soát",
            "members": [province.chuyen_vien.pk, province.chuyen_vien_2.pk],
            "action": "create",
        },
    )
    group = Conversation.objects.get(title="Tổ rà soát")
    assert done.status_code == 302 and done["Location"] == url(group)
    assert group.members.count() == 3


def test_group_members_page_for_administrators_only(province, signed_in, group):
    assert signed_in(province.chuyen_vien).get(url(group, "thanh-vien/")).status_code == 403
    assert signed_in(province.chuyen_vien_khac).get(url(group, "thanh-vien/")).status_code == 404
    client = signed_in(province.truong_phong)
    response = client.post(
        url(group, "thanh-vien/"), {"members": [province.chuyen_vien_khac.pk], "action": "add"}
    )
    assert response.status_code == 302
    assert ConversationMember.objects.filter(conversation=group, left_at__isnull=True).count() == 4
    client.post(url(group, f"thanh-vien/{province.chuyen_vien_khac.pk}/bo/"))
    assert signed_in(province.chuyen_vien_khac).get(url(group)).status_code == 404
    member = signed_in(province.chuyen_vien)
    assert member.post(url(group, "roi-nhom/"))["Location"] == LIST
    assert member.get(url(group)).status_code == 404


def test_an_attachment_is_downloaded_by_members_only(province, signed_in, direct):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = signed_in(province.chuyen_vien)
    client.post(
        url(direct, "gui/"), {"body": "", "file": SimpleUploadedFile("bieu-mau.txt", "Biểu mẫu".encode())}
    )
    message = ChatMessage.objects.get()
    page = signed_in(province.chuyen_vien_2).get(url(direct)).content.decode()
    assert "bieu-mau.txt" in page
    download = signed_in(province.chuyen_vien_2).get(url(direct, f"tin/{message.pk}/tep/"))
    assert download.status_code == 200 and b"".join(download.streaming_content) == "Biểu mẫu".encode()
    assert signed_in(province.chuyen_vien_khac).get(url(direct, f"tin/{message.pk}/tep/")).status_code == 404


def test_a_conversation_page_costs_the_same_queries_however_many_messages(
    province, signed_in, group, django_assert_max_num_queries
):
    client = signed_in(province.chuyen_vien)
    say(group, province.truong_phong, "Tin đầu")
    client.get(url(group))
    personal.touch([province.chuyen_vien])  # both looks draw what is kept for her (the bell) afresh
    with CaptureQueriesContext(connection) as few:
        client.get(url(group))
    for i in range(30):
        say(group, [province.truong_phong, province.chuyen_vien_2][i % 2], f"Tin số {i}")
    services.chat_message_send(
        conversation=group, actor=province.chuyen_vien_2, body="Kèm tệp", upload=("ghi-chu.txt", b"ghi chu")
    )
    personal.touch([province.chuyen_vien])
    with django_assert_max_num_queries(len(few.captured_queries) + 1):  # + 1: the read marker moves
        body = client.get(url(group)).content.decode()
    assert body.count('class="chat-msg') == 32 and "ghi-chu.txt" in body


def test_the_poll_does_not_keep_an_unattended_session_alive(province, signed_in, direct, clock):
    client = signed_in(province.chuyen_vien_2)
    assert client.get(url(direct)).status_code == 200  # the person acts: the idle clock starts
    background = {"HX-Request": "true", "X-Congvu-Background": "1"}
    for _ in range(7):  # 14 minutes of polling and nothing else
        clock.shift(dt.timedelta(minutes=2))
        assert client.get(url(direct, "moi/"), {"sau": 0}, headers=background).status_code == 204
    clock.shift(dt.timedelta(minutes=2))  # 16 minutes after the last act: past the 15-minute limit
    response = client.get(url(direct, "moi/"), {"sau": 0}, headers=background)
    assert response.status_code == 200 and response["HX-Redirect"].startswith("/tai-khoan/dang-nhap/")


def test_an_act_between_polls_keeps_the_session(province, signed_in, direct, clock):
    client = signed_in(province.chuyen_vien_2)
    client.get(url(direct))
    clock.shift(dt.timedelta(minutes=10))
    client.post(url(direct, "gui/"), {"body": "Vẫn đang làm việc"}, headers={"HX-Request": "true"})
    clock.shift(dt.timedelta(minutes=10))
    response = client.get(
        url(direct, "moi/"), {"sau": 0}, headers={"HX-Request": "true", "X-Congvu-Background": "1"}
    )
    assert response.status_code == 200 and "Vẫn đang làm việc" in response.content.decode()


def test_a_group_of_a_whole_unit(province, signed_in):
    client = signed_in(province.truong_phong)
    page = client.get(f"{LIST}nhom-moi/").content.decode()
    assert "Phòng Tổ chức biên chế" in page and "Sở Tài chính" not in page  # his own unit only
    done = client.post(
        f"{LIST}nhom-moi/", {"title": "Cả phòng TCBC", "units": [province.units.tcbc.pk], "action": "create"}
    )
    assert done.status_code == 302, [line for line in done.content.decode().splitlines() if "error" in line]
    group = Conversation.objects.get(title="Cả phòng TCBC")
    assert set(group.members.values_list("user_id", flat=True)) == {
        province.truong_phong.pk,
        province.chuyen_vien.pk,
        province.chuyen_vien_2.pk,
    }
    other = client.post(
        f"{LIST}nhom-moi/", {"title": "Sở Tài chính", "units": [province.units.stc.pk], "action": "create"}
    )
    assert other.status_code == 400 and "Chỉ chọn được đơn vị mình đang công tác." in other.content.decode()


def test_the_menu_badge_never_brings_a_page_to_go_through_into_the_menu(province, signed_in):
    """A person who must change their password first: the page goes there, the badge gets nothing
    (a redirect followed by the page's script would put that page inside the menu)."""
    client = signed_in(province.chuyen_vien_2)
    type(province.chuyen_vien_2).objects.filter(pk=province.chuyen_vien_2.pk).update(
        must_change_password=True
    )
    badge = client.get("/phoi-hop/hoi-thoai/chua-doc/", headers={"X-Congvu-Background": "1"})
    assert badge.status_code == 204
    assert client.get("/phoi-hop/hoi-thoai/chua-doc/").status_code == 302  # a person opening it goes there
