"""Chat services (MISSION COL-8): conversations, members, messages, retraction, read markers, audit."""

from __future__ import annotations

import datetime as dt

import pytest

from congvu.collaboration.chat import policies, selectors, services
from congvu.collaboration.chat.models import ChatMessage, Conversation, ConversationMember
from congvu.core.decisions import Refused
from congvu.core.models import AuditEvent, StoredFile
from tests.collaboration.chat.conftest import say


def fresh(user):
    """The person as a new request would see them (no unread count kept from before)."""
    return type(user).objects.get(pk=user.pk)


def actions():
    return list(
        AuditEvent.objects.filter(action__startswith="collaboration.")
        .order_by("id")
        .values_list("action", flat=True)
    )


# --- one-to-one ------------------------------------------------------------------------------------


def test_opening_a_conversation_again_finds_the_same_one_from_either_side(province, direct):
    again = services.conversation_open_direct(actor=province.chuyen_vien, other=province.chuyen_vien_2)
    other_side = services.conversation_open_direct(actor=province.chuyen_vien_2, other=province.chuyen_vien)
    assert again.pk == other_side.pk == direct.pk
    assert Conversation.objects.count() == 1
    assert actions() == ["collaboration.conversation.created"]
    assert set(ConversationMember.objects.values_list("user_id", flat=True)) == {
        province.chuyen_vien.pk,
        province.chuyen_vien_2.pk,
    }


def test_nobody_opens_a_conversation_with_themselves(province):
    with pytest.raises(Refused) as refused:
        services.conversation_open_direct(actor=province.chuyen_vien, other=province.chuyen_vien)
    assert refused.value.kind == Refused.Kind.INVALID and "chính mình" in refused.value.message
    assert not Conversation.objects.exists()


def test_a_suspended_account_cannot_be_written_to(province):
    province.chuyen_vien_khac.status = "suspended"
    province.chuyen_vien_khac.save(update_fields=["status"])
    with pytest.raises(Refused, match="không còn hoạt động"):
        services.conversation_open_direct(actor=province.chuyen_vien, other=province.chuyen_vien_khac)


# --- groups ----------------------------------------------------------------------------------------


def test_group_creator_is_its_administrator_and_the_creation_is_audited(province, group):
    members = {m.user_id: m.is_admin for m in ConversationMember.objects.filter(conversation=group)}
    assert members == {
        province.truong_phong.pk: True,
        province.chuyen_vien.pk: False,
        province.chuyen_vien_2.pk: False,
    }
    event = AuditEvent.objects.get(action="collaboration.conversation.created")
    assert event.actor_id == province.truong_phong.pk and event.after["title"] == "Tổ công tác biên chế 2027"


@pytest.mark.parametrize(
    ("title", "people", "field", "message"),
    [
        ("   ", ["chuyen_vien"], "title", "Hãy đặt tên cho nhóm hội thoại."),
        ("Nhóm", [], "members", "Hãy chọn ít nhất một người"),
        ("Nhóm", ["truong_phong"], "members", "Hãy chọn ít nhất một người"),  # only oneself
        ("x" * 201, ["chuyen_vien"], "title", "Tên nhóm dài quá 200 ký tự."),
    ],
)
def test_a_group_needs_a_name_and_people(province, title, people, field, message):
    with pytest.raises(Refused) as refused:
        services.group_create(
            actor=province.truong_phong, title=title, members=[getattr(province, p) for p in people]
        )
    assert refused.value.field == field and message in refused.value.message
    assert not Conversation.objects.exists() and actions() == []


def test_a_group_has_a_bounded_number_of_members(province, group, monkeypatch):
    monkeypatch.setattr(policies, "MAX_MEMBERS", 4)
    with pytest.raises(Refused, match="nhiều nhất 4 thành viên"):
        services.group_create(
            actor=province.truong_phong,
            title="Quá đông",
            members=[
                province.chuyen_vien,
                province.chuyen_vien_2,
                province.chuyen_vien_khac,
                province.van_thu,
            ],
        )
    services.group_add_members(
        conversation=group, actor=province.truong_phong, people=[province.chuyen_vien_khac]
    )
    with pytest.raises(Refused, match="nhiều nhất 4 thành viên"):
        services.group_add_members(conversation=group, actor=province.truong_phong, people=[province.van_thu])


def test_administrator_adds_and_removes_members_and_each_change_is_audited(province, group):
    say(group, province.truong_phong, "Trước khi anh Đức vào nhóm")
    added = services.group_add_members(
        conversation=group,
        actor=province.truong_phong,
        people=[province.chuyen_vien_khac, province.chuyen_vien],
    )
    assert added == [province.chuyen_vien_khac]  # Minh was in already
    # A newcomer reads the history, none of it unread.
    assert selectors.unread_total(fresh(province.chuyen_vien_khac)) == 0
    services.group_remove_member(
        conversation=group, actor=province.truong_phong, person=province.chuyen_vien_khac
    )
    assert policies.membership(province.chuyen_vien_khac, group.pk) is None
    assert actions()[-2:] == [
        "collaboration.conversation.members_added",
        "collaboration.conversation.member_removed",
    ]


def test_a_plain_member_cannot_change_members(province, group):
    with pytest.raises(Refused) as refused:
        services.group_add_members(
            conversation=group, actor=province.chuyen_vien, people=[province.chuyen_vien_khac]
        )
    assert refused.value.kind == Refused.Kind.NOT_ALLOWED and "quản trị nhóm" in refused.value.message
    with pytest.raises(Refused):
        services.group_remove_member(
            conversation=group, actor=province.chuyen_vien, person=province.chuyen_vien_2
        )
    assert ConversationMember.objects.filter(conversation=group, left_at__isnull=True).count() == 3


def test_an_outsider_cannot_change_members_and_is_told_the_group_does_not_exist(province, group):
    with pytest.raises(Refused) as refused:
        services.group_add_members(
            conversation=group, actor=province.chuyen_vien_khac, people=[province.chuyen_vien_khac]
        )
    assert refused.value.kind == Refused.Kind.NOT_FOUND


def test_the_last_administrator_leaving_hands_the_group_to_the_longest_standing_member(province, group):
    services.group_leave(conversation=group, actor=province.truong_phong)
    admins = ConversationMember.objects.filter(conversation=group, left_at__isnull=True, is_admin=True)
    assert [m.user_id for m in admins] == [province.chuyen_vien.pk]
    assert policies.membership(province.truong_phong, group.pk) is None
    assert actions()[-1] == "collaboration.conversation.member_left"


def test_one_to_one_conversations_have_no_members_to_change_and_no_leaving(province, direct):
    with pytest.raises(Refused, match="Hội thoại hai người"):
        services.group_add_members(
            conversation=direct, actor=province.chuyen_vien, people=[province.chuyen_vien_khac]
        )
    with pytest.raises(Refused, match="Không rời hội thoại hai người"):
        services.group_leave(conversation=direct, actor=province.chuyen_vien)


def test_a_person_added_again_comes_back_as_a_plain_member(province, group):
    services.group_remove_member(
        conversation=group, actor=province.truong_phong, person=province.chuyen_vien_2
    )
    say(group, province.chuyen_vien, "Trong lúc chị Hà vắng")
    services.group_add_members(
        conversation=group, actor=province.truong_phong, people=[province.chuyen_vien_2]
    )
    row = ConversationMember.objects.get(conversation=group, user=province.chuyen_vien_2)
    assert row.left_at is None and not row.is_admin
    assert selectors.unread_total(fresh(province.chuyen_vien_2)) == 0


# --- messages --------------------------------------------------------------------------------------


def test_sending_moves_the_conversation_forward_and_is_audited_without_the_text(province, direct, clock):
    clock.shift(dt.timedelta(minutes=5))
    text = "Chị Hà gửi giúp em số liệu biên chế quý IV nhé."
    message = say(direct, province.chuyen_vien, text)
    direct.refresh_from_db()
    assert direct.last_message_id == message.pk and direct.last_activity_at == message.sent_at
    event = AuditEvent.objects.get(action="collaboration.chatmessage.sent")
    assert event.after == {"conversation": direct.pk, "length": len(text), "attachment": None}
    assert "số liệu" not in str(event.after)


def test_a_message_with_a_file_goes_through_the_core_file_service(province, direct):
    message = services.chat_message_send(
        conversation=direct,
        actor=province.chuyen_vien,
        body="",
        upload=("so-lieu.csv", "Đơn vị;Biên chế\nTCBC;12\n".encode()),
    )
    assert message.attachment.original_name == "so-lieu.csv"
    with pytest.raises(Refused, match="chương trình"):
        services.chat_message_send(
            conversation=direct, actor=province.chuyen_vien, body="xem", upload=("a.pdf", b"MZ\x90\x00")
        )
    assert ChatMessage.objects.count() == 1 and StoredFile.objects.count() == 1


@pytest.mark.parametrize(
    ("body", "message"),
    [("   \n ", "Hãy nhập nội dung tin nhắn"), ("a" * 4001, "Tin nhắn dài quá 4000 ký tự (hiện có 4001)")],
)
def test_an_empty_or_overlong_message_is_refused_and_nothing_is_written(province, direct, body, message):
    with pytest.raises(Refused) as refused:
        say(direct, province.chuyen_vien, body)
    assert refused.value.field == "body" and message in refused.value.message
    assert not ChatMessage.objects.exists() and "collaboration.chatmessage.sent" not in actions()


def test_a_message_to_a_conversation_one_is_not_in_is_refused_as_not_found(province, direct):
    with pytest.raises(Refused) as refused:
        say(direct, province.chuyen_vien_khac, "Cho tôi xem với")
    assert refused.value.kind == Refused.Kind.NOT_FOUND
    assert refused.value.message == "Không tìm thấy hội thoại, hoặc ông/bà không tham gia hội thoại này."
    assert not ChatMessage.objects.exists()


# --- retraction ------------------------------------------------------------------------------------


def test_the_sender_retracts_within_the_window_and_the_log_keeps_what_was_said(province, direct, clock):
    message = say(direct, province.chuyen_vien, "Gửi nhầm nội dung")
    clock.shift(dt.timedelta(minutes=14))
    services.chat_message_retract(message=message, actor=province.chuyen_vien)
    message.refresh_from_db()
    assert message.retracted_at is not None and message.body == ""
    event = AuditEvent.objects.get(action="collaboration.chatmessage.retracted")
    assert event.before["body"] == "Gửi nhầm nội dung" and event.actor_id == province.chuyen_vien.pk


def test_retracting_too_late_twice_or_someone_elses_message_is_refused(province, direct, clock):
    mine = say(direct, province.chuyen_vien, "Tin thứ nhất")
    theirs = say(direct, province.chuyen_vien_2, "Tin của chị Hà")
    with pytest.raises(Refused) as refused:
        services.chat_message_retract(message=theirs, actor=province.chuyen_vien)
    assert refused.value.kind == Refused.Kind.NOT_ALLOWED
    services.chat_message_retract(message=mine, actor=province.chuyen_vien)
    with pytest.raises(Refused) as refused:
        services.chat_message_retract(message=mine, actor=province.chuyen_vien)
    assert refused.value.kind == Refused.Kind.WRONG_STATE
    late = say(direct, province.chuyen_vien, "Tin cũ")
    clock.shift(dt.timedelta(minutes=15, seconds=1))
    with pytest.raises(Refused, match="Đã quá 15 phút") as refused:
        services.chat_message_retract(message=late, actor=province.chuyen_vien)
    assert refused.value.kind == Refused.Kind.WRONG_STATE
    assert ChatMessage.objects.filter(retracted_at__isnull=False).count() == 1


# --- unread ----------------------------------------------------------------------------------------


def test_unread_counts_per_conversation_and_in_total(province, direct, group):
    say(direct, province.chuyen_vien, "Chị Hà ơi")
    say(direct, province.chuyen_vien, "Chiều nay họp nhé")
    say(group, province.truong_phong, "Cả tổ chuẩn bị báo cáo")
    say(group, province.chuyen_vien_2, "Vâng ạ")  # her own, and her answer: what came before is read
    retracted = say(group, province.truong_phong, "Nhầm")
    services.chat_message_retract(message=retracted, actor=province.truong_phong)  # not counted
    say(group, province.truong_phong, "Gửi trước thứ Sáu")
    ha = fresh(province.chuyen_vien_2)
    assert selectors.unread_total(ha) == 3
    rows = {row.id: row.unread for row in selectors.conversation_page(ha).items}
    assert rows == {direct.pk: 2, group.pk: 1}
    member = policies.access_conversation(ha, direct.pk)
    assert services.conversation_mark_read(member=member, actor=ha)
    assert selectors.unread_total(ha) == 1
    assert not services.conversation_mark_read(member=member, actor=ha, up_to=1)  # never back


def test_the_list_is_ordered_by_last_activity(province, direct, group, clock):
    clock.shift(dt.timedelta(minutes=1))
    say(direct, province.chuyen_vien, "Mới nhất ở hai người")
    page = selectors.conversation_page(province.chuyen_vien)
    assert [row.id for row in page.items] == [direct.pk, group.pk]
    clock.shift(dt.timedelta(minutes=1))
    say(group, province.truong_phong, "Giờ nhóm mới nhất")
    page = selectors.conversation_page(province.chuyen_vien)
    assert [row.id for row in page.items] == [group.pk, direct.pk]
    assert page.items[0].title == "Tổ công tác biên chế 2027" and page.items[1].title == "Trần Thị Thu Hà"
