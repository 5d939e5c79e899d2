"""Messages (COL-2; seed 002 Điều 7.2): sending to people and units, each person's copy, folders,
the bin, and deleting one's own copy for good while the message stays for the others."""

from __future__ import annotations

import pytest

from congvu.collaboration.messages import selectors, services
from congvu.collaboration.messages.models import Message, MessageAddress, MessageCopy
from congvu.collaboration.messages.selectors import BoxFilters
from congvu.core.decisions import RefusalKind, Refused
from congvu.core.models import AuditEvent
from congvu.notifications.models import Notification


def send(actor, *, people=(), units=(), subject="Họp giao ban tuần", body="Nội dung", **kwargs):
    return services.message_send(
        actor=actor, draft=services.Draft(subject=subject, body=body, people=people, units=units), **kwargs
    )


def copy_of(message, person):
    return MessageCopy.objects.get(message=message, owner=person)


def test_head_writes_to_a_colleague_who_gets_a_copy_and_a_notice(province):
    message = send(province.truong_phong, people=[province.chuyen_vien])
    mine = MessageCopy.objects.get(message=message, owner=province.truong_phong)
    theirs = copy_of(message, province.chuyen_vien)
    assert mine.is_sender and mine.read_at is not None
    assert not theirs.is_sender and theirs.read_at is None and theirs.via_unit is None
    note = Notification.objects.get(recipient=province.chuyen_vien)
    assert note.url == f"/phoi-hop/thu/{message.pk}/"
    assert AuditEvent.objects.filter(action="collaboration.message.sent", object_id=str(message.pk)).exists()


def test_a_unit_reaches_its_members_of_the_moment_and_keeps_the_unit_as_written(province):
    message = send(province.giam_doc, units=[province.units.tcbc])
    reached = set(
        MessageCopy.objects.filter(message=message, is_sender=False).values_list("owner__username", flat=True)
    )
    assert reached == {"sonbt", "minhnv", "hattt"}
    assert MessageAddress.objects.get(message=message).unit == province.units.tcbc
    assert copy_of(message, province.chuyen_vien).via_unit == province.units.tcbc


def test_the_sender_is_not_a_recipient_of_their_own_unit(province):
    message = send(province.chuyen_vien, units=[province.units.tcbc])
    owners = list(
        MessageCopy.objects.filter(message=message, is_sender=False).values_list("owner__username", flat=True)
    )
    assert sorted(owners) == ["hattt", "sonbt"]
    with pytest.raises(Refused) as refused:
        send(province.chuyen_vien, people=[province.chuyen_vien])
    assert refused.value.field == "people"


@pytest.mark.parametrize(
    ("sender", "recipient", "allowed"),
    [
        ("chuyen_vien", "giam_doc", True),  # up the same agency (Sở Nội vụ)
        ("chuyen_vien", "truong_phong", True),
        ("giam_doc", "pho_giam_doc", True),
        ("chuyen_vien", "chuyen_vien_khac", False),  # Sở Tài chính: another agency
        ("chuyen_vien", "chanh_vp", False),  # Văn phòng UBND tỉnh: another agency
        ("chu_tich", "giam_doc", False),  # the province's chairman writes to a Sở by document
        ("chu_tich", "pho_chu_tich", True),
        ("chu_tich", "chu_tich_huyen", False),  # a district is an agency of its own
    ],
)
def test_people_of_the_own_agency_only(province, sender, recipient, allowed):
    actor, person = getattr(province, sender), getattr(province, recipient)
    if allowed:
        assert send(actor, people=[person]).pk
    else:
        with pytest.raises(Refused) as refused:
            send(actor, people=[person])
        assert refused.value.kind == RefusalKind.INVALID and "cơ quan mình" in refused.value.message


def test_units_of_another_agency_are_refused(province):
    with pytest.raises(Refused) as refused:
        send(province.chuyen_vien, units=[province.units.ns])
    assert refused.value.field == "units"
    assert not Message.objects.exists()


@pytest.mark.parametrize(
    ("subject", "body", "field"),
    [
        ("", "x", "subject"),
        ("x" * 256, "x", "subject"),
        ("Được", "y" * (services.MAX_BODY + 1), "body"),
        ("[MẬT] Kế hoạch", "x", "subject"),
    ],
)
def test_bad_input_is_refused_on_its_field_and_nothing_is_sent(province, subject, body, field):
    with pytest.raises(Refused) as refused:
        send(province.truong_phong, people=[province.chuyen_vien], subject=subject, body=body)
    assert refused.value.field == field
    assert not Message.objects.exists()


def test_no_recipient_and_too_many_recipients(province):
    with pytest.raises(Refused) as refused:
        send(province.truong_phong)
    assert refused.value.field == "people"
    with pytest.raises(Refused) as refused:
        services.message_send(
            actor=province.truong_phong,
            draft=services.Draft(subject="x", people=[province.chuyen_vien], units=[]),
            uploads=[("a.txt", b"x")] * (services.MAX_ATTACHMENTS + 1),
        )
    assert refused.value.field == "files"


def test_too_many_addresses(province, monkeypatch):
    monkeypatch.setattr(services, "MAX_ADDRESSES", 1)
    with pytest.raises(Refused) as refused:
        send(province.truong_phong, people=[province.chuyen_vien, province.chuyen_vien_2])
    assert "tối đa 1" in refused.value.message


def test_attachments_go_through_the_file_service(province):
    message = send(
        province.truong_phong, people=[province.chuyen_vien], uploads=[("bao-cao.txt", "Báo cáo".encode())]
    )
    assert message.attachment_count == 1
    with pytest.raises(Refused) as refused:
        send(province.truong_phong, people=[province.chuyen_vien], uploads=[("virus.exe", b"MZ...")])
    assert Message.objects.count() == 1
    assert refused.value.kind == RefusalKind.INVALID


def test_reply_all_and_forward_carry_what_they_should(province):
    original = send(
        province.truong_phong,
        people=[province.chuyen_vien, province.chuyen_vien_2],
        uploads=[("ke-hoach.txt", b"ke hoach")],
    )
    people, units = selectors.reply_addresses(province.chuyen_vien, original, everyone=True)
    assert {p.username for p in people} == {"sonbt", "hattt"} and units == []
    people, units = selectors.reply_addresses(province.chuyen_vien, original, everyone=False)
    assert [p.username for p in people] == ["sonbt"]
    forward = send(
        province.chuyen_vien, people=[province.giam_doc], subject="Chuyển tiếp", forward_of=original
    )
    assert forward.attachment_count == 1 and forward.forward_of == original
    with pytest.raises(Refused) as refused:  # not a copy the outsider holds
        send(province.giam_doc, people=[province.pho_giam_doc], forward_of=original)
    assert refused.value.kind == RefusalKind.NOT_FOUND


def test_each_person_deletes_only_their_own_copy(province):
    message = send(province.truong_phong, people=[province.chuyen_vien, province.chuyen_vien_2])
    mine = copy_of(message, province.chuyen_vien)
    with pytest.raises(Refused) as refused:  # for good only from the bin
        services.message_purge(copies=[mine], actor=province.chuyen_vien)
    assert refused.value.kind == RefusalKind.WRONG_STATE
    services.message_trash(copies=[mine], actor=province.chuyen_vien)
    trash = selectors.box_page(province.chuyen_vien, BoxFilters(box="trash")).items
    assert [c.message_id for c in trash] == [message.pk]
    mine.refresh_from_db()
    services.message_purge(copies=[mine], actor=province.chuyen_vien)
    assert selectors.box_page(province.chuyen_vien, BoxFilters(box="trash")).items == []
    assert selectors.box_page(province.chuyen_vien, BoxFilters(box="inbox")).items == []
    # The message stays, for the others and for the record.
    assert Message.objects.filter(pk=message.pk).exists()
    assert [c.message_id for c in selectors.box_page(province.chuyen_vien_2, BoxFilters()).items] == [
        message.pk
    ]
    assert [
        c.message_id for c in selectors.box_page(province.truong_phong, BoxFilters(box="sent")).items
    ] == [message.pk]
    # Nobody acts on another's copy.
    theirs = copy_of(message, province.chuyen_vien_2)
    with pytest.raises(Refused) as refused:
        services.message_trash(copies=[theirs], actor=province.chuyen_vien)
    assert refused.value.kind == RefusalKind.NOT_FOUND


def test_folders_file_mark_and_come_back(province):
    message = send(province.truong_phong, people=[province.chuyen_vien])
    copy = copy_of(message, province.chuyen_vien)
    folder = services.folder_create(actor=province.chuyen_vien, name="Tổ chức cán bộ")
    with pytest.raises(Refused) as refused:
        services.folder_create(actor=province.chuyen_vien, name="tổ chức cán bộ")
    assert refused.value.field == "name"
    services.message_move(copies=[copy], actor=province.chuyen_vien, folder=folder)
    assert selectors.box_page(province.chuyen_vien, BoxFilters()).items == []
    assert len(selectors.box_page(province.chuyen_vien, BoxFilters(box="folder", folder=folder)).items) == 1
    assert selectors.folders(province.chuyen_vien)[0].unread == 1
    services.message_mark(copy=copy, actor=province.chuyen_vien, read=True, starred=True)
    assert len(selectors.box_page(province.chuyen_vien, BoxFilters(box="starred")).items) == 1
    assert selectors.unread_count(province.chuyen_vien) == 0
    services.folder_rename(folder=folder, actor=province.chuyen_vien, name="TCCB")
    services.folder_delete(folder=folder, actor=province.chuyen_vien)
    assert len(selectors.box_page(province.chuyen_vien, BoxFilters()).items) == 1  # back in the inbox
    other = services.folder_create(actor=province.chuyen_vien_2, name="Của Hà")
    with pytest.raises(Refused):
        services.message_move(copies=[copy], actor=province.chuyen_vien, folder=other)


def test_folder_count_is_bounded(province, monkeypatch):
    monkeypatch.setattr(services, "MAX_FOLDERS", 2)
    services.folder_create(actor=province.chuyen_vien, name="Một")
    services.folder_create(actor=province.chuyen_vien, name="Hai")
    with pytest.raises(Refused) as refused:
        services.folder_create(actor=province.chuyen_vien, name="Ba")
    assert refused.value.field == "name"


def test_sort_filter_and_search_without_diacritics(province):
    a = send(province.truong_phong, people=[province.chuyen_vien], subject="Báo cáo quý IV")
    b = send(
        province.giam_doc,
        people=[province.chuyen_vien],
        subject="Anh xem đề án",
        uploads=[("de-an.txt", b"x")],
    )
    c = send(province.chuyen_vien_2, people=[province.chuyen_vien], subject="Đặt lịch họp")
    services.message_mark(copy=copy_of(c, province.chuyen_vien), actor=province.chuyen_vien, read=True)
    me = province.chuyen_vien

    def ids(**filters):
        return [x.message_id for x in selectors.box_page(me, BoxFilters(**filters)).items]

    assert ids() == [c.pk, b.pk, a.pk]
    assert ids(sort="subject") == [b.pk, a.pk, c.pk]
    assert ids(sort="sender") == [a.pk, b.pk, c.pk]  # Bùi Thanh Sơn, Hoàng Văn Nam, Trần Thị Thu Hà
    assert ids(unread=True) == [b.pk, a.pk]
    assert ids(attachments=True) == [b.pk]
    assert ids(text="bao cao") == [a.pk]
    assert ids(text="DAT LICH") == [c.pk]
    assert ids(text="hoang van nam") == [b.pk]  # the sender's name is searched too
