"""The message screens (/phoi-hop/thu/): boxes, compose (with reply, reply-all, forward), the read
view and its actions, folders; bad input keeps what was typed; the inbox's query count."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile

from congvu.collaboration.messages import services
from congvu.collaboration.messages.models import Message, MessageCopy, MessageFolder

INBOX = "/phoi-hop/thu/"
COMPOSE = "/phoi-hop/thu/soan/"


def send(actor, people=(), units=(), subject="Lịch họp chi bộ", body="Họp lúc 14 giờ"):
    return services.message_send(
        actor=actor, draft=services.Draft(subject=subject, body=body, people=people, units=units)
    )


def test_compose_and_send_to_a_person_and_a_unit_with_a_file(province, signed_in):
    client = signed_in(province.giam_doc)
    page = client.get(COMPOSE)
    assert page.status_code == 200
    body = page.content.decode()
    assert "Nguyễn Văn Minh" in body and "Phòng Tổ chức biên chế" in body
    assert "Đặng Đình Đức" not in body  # Sở Tài chính: another agency
    response = client.post(
        COMPOSE,
        {
            "people": [str(province.pho_giam_doc.pk)],
            "units": [str(province.units.tcbc.pk)],
            "subject": "Triển khai kế hoạch biên chế",
            "body": "Đề nghị các đồng chí triển khai.",
            "files": [SimpleUploadedFile("ke-hoach.txt", "Kế hoạch".encode())],
        },
    )
    message = Message.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/phoi-hop/thu/{message.pk}/"
    assert message.attachment_count == 1
    assert MessageCopy.objects.filter(message=message, is_sender=False).count() == 4
    read = client.get(response["Location"]).content.decode()
    assert "Phòng Tổ chức biên chế" in read and "đến 3 người" in read and "ke-hoach.txt" in read


def test_bad_input_keeps_what_was_typed(province, signed_in):
    client = signed_in(province.truong_phong)
    response = client.post(COMPOSE, {"subject": "Việc gấp cần làm ngay", "body": "Nội dung đã gõ"})
    assert response.status_code == 400
    body = response.content.decode()
    assert "Vui lòng chọn ít nhất một người nhận" in body
    assert 'value="Việc gấp cần làm ngay"' in body and "Nội dung đã gõ" in body
    assert not Message.objects.exists()


def test_a_person_of_another_agency_cannot_be_picked(province, signed_in):
    client = signed_in(province.truong_phong)
    response = client.post(COMPOSE, {"people": [str(province.chuyen_vien_khac.pk)], "subject": "Chào anh"})
    assert response.status_code == 400 and not Message.objects.exists()


def test_the_inbox_lists_my_copies_and_reading_marks_read(province, signed_in):
    message = send(province.truong_phong, people=[province.chuyen_vien])
    client = signed_in(province.chuyen_vien)
    body = client.get(INBOX).content.decode()
    assert "Lịch họp chi bộ" in body and 'class="unread"' in body
    assert client.get(f"/phoi-hop/thu/{message.pk}/").status_code == 200
    assert MessageCopy.objects.get(message=message, owner=province.chuyen_vien).read_at is not None
    assert 'class="unread"' not in client.get(INBOX).content.decode()


def test_others_cannot_open_a_message(province, signed_in):
    message = send(province.truong_phong, people=[province.chuyen_vien])
    client = signed_in(province.giam_doc)
    assert client.get(f"/phoi-hop/thu/{message.pk}/").status_code == 404
    assert client.post(f"/phoi-hop/thu/{message.pk}/thao-tac/", {"action": "trash"}).status_code == 404
    assert client.get(f"{COMPOSE}?chuyen_tiep={message.pk}").status_code == 404


def test_reply_all_prefills_recipients_and_forward_the_subject(province, signed_in):
    message = send(province.truong_phong, people=[province.chuyen_vien, province.chuyen_vien_2])
    client = signed_in(province.chuyen_vien)
    reply = client.get(f"{COMPOSE}?tra_loi_tat_ca={message.pk}")
    form = reply.context["form"]
    assert set(form.initial["people"]) == {str(province.truong_phong.pk), str(province.chuyen_vien_2.pk)}
    assert form.initial["subject"] == "Trả lời: Lịch họp chi bộ"
    forward = client.get(f"{COMPOSE}?chuyen_tiep={message.pk}")
    assert forward.context["form"].initial["subject"] == "Chuyển tiếp: Lịch họp chi bộ"
    response = client.post(
        f"{COMPOSE}?tra_loi={message.pk}",
        {"people": [str(province.truong_phong.pk)], "subject": "Trả lời: Lịch họp chi bộ", "body": "Vâng"},
    )
    assert response.status_code == 302
    assert Message.objects.get(subject="Trả lời: Lịch họp chi bộ").reply_to == message


def test_star_move_trash_and_purge_from_the_read_view(province, signed_in):
    message = send(province.truong_phong, people=[province.chuyen_vien])
    client = signed_in(province.chuyen_vien)
    act = f"/phoi-hop/thu/{message.pk}/thao-tac/"
    client.post("/phoi-hop/thu/thu-muc/", {"name": "Chi bộ"})
    folder = MessageFolder.objects.get(owner=province.chuyen_vien)
    assert client.post(act, {"action": "star"}).status_code == 302
    assert client.post(act, {"action": "move", "folder": str(folder.pk)}).status_code == 302
    assert "Lịch họp chi bộ" in client.get(f"/phoi-hop/thu/thu-muc/{folder.pk}/").content.decode()
    assert "Lịch họp chi bộ" in client.get("/phoi-hop/thu/gan-sao/").content.decode()
    client.post(act, {"action": "trash"})
    assert "Lịch họp chi bộ" in client.get("/phoi-hop/thu/thung-rac/").content.decode()
    client.post(act, {"action": "purge"})
    assert client.get(f"/phoi-hop/thu/{message.pk}/").status_code == 404
    assert "Lịch họp chi bộ" in signed_in(province.truong_phong).get("/phoi-hop/thu/da-gui/").content.decode()


def test_folders_page_creates_renames_and_deletes(province, signed_in):
    client = signed_in(province.chuyen_vien)
    assert client.post("/phoi-hop/thu/thu-muc/", {"name": "Dự án"}).status_code == 302
    again = client.post("/phoi-hop/thu/thu-muc/", {"name": "dự án"})
    assert again.status_code == 400 and "Bạn đã có thư mục tên này" in again.content.decode()
    folder = MessageFolder.objects.get()
    assert client.post(f"/phoi-hop/thu/thu-muc/{folder.pk}/doi-ten/", {"name": "Đề án"}).status_code == 302
    folder.refresh_from_db()
    assert folder.name == "Đề án"
    assert signed_in(province.chuyen_vien_2).get(f"/phoi-hop/thu/thu-muc/{folder.pk}/").status_code == 404
    client = signed_in(province.chuyen_vien)
    assert client.post(f"/phoi-hop/thu/thu-muc/{folder.pk}/xoa/").status_code == 302
    assert not MessageFolder.objects.exists()


def test_search_filter_and_sort_on_the_inbox(province, signed_in):
    send(province.truong_phong, people=[province.chuyen_vien], subject="Báo cáo tháng")
    send(province.giam_doc, people=[province.chuyen_vien], subject="Đề án vị trí việc làm")
    client = signed_in(province.chuyen_vien)
    body = client.get(INBOX, {"q": "de an"}).content.decode()
    assert "Đề án vị trí việc làm" in body and "Báo cáo tháng" not in body
    assert client.get(INBOX, {"sap_xep": "subject", "chua_doc": "1"}).status_code == 200
    assert client.get(INBOX, {"sau": "rác"}).status_code == 400  # a broken cursor is bad input


def test_inbox_query_count_does_not_grow_with_messages(province, signed_in, django_assert_max_num_queries):
    client = signed_in(province.chuyen_vien)
    send(province.truong_phong, people=[province.chuyen_vien])
    client.get(INBOX)
    for i in range(30):
        send(province.truong_phong, people=[province.chuyen_vien], subject=f"Thư số {i}")
    with django_assert_max_num_queries(8):
        response = client.get(INBOX)
    assert response.status_code == 200 and response.context["page"].has_next
    with django_assert_max_num_queries(8):
        assert client.get("/phoi-hop/thu/da-gui/").status_code == 200


def test_several_messages_at_once_from_the_box(province, signed_in):
    first = send(province.truong_phong, people=[province.chuyen_vien], subject="Thư một")
    second = send(province.giam_doc, people=[province.chuyen_vien], subject="Thư hai")
    theirs = send(province.giam_doc, people=[province.chuyen_vien_2], subject="Thư của Hà")
    client = signed_in(province.chuyen_vien)
    bulk = "/phoi-hop/thu/hang-loat/"
    ids = [str(first.pk), str(second.pk)]
    assert client.post(bulk, {"thu": ids, "action": "read", "tro_ve": INBOX}).status_code == 302
    assert not MessageCopy.objects.filter(owner=province.chuyen_vien, read_at__isnull=True).exists()
    response = client.post(bulk, {"thu": ids, "action": "trash", "tro_ve": "https://ngoai.vn/"})
    assert response["Location"] == INBOX  # only back into the mailbox
    assert MessageCopy.objects.filter(owner=province.chuyen_vien, trashed_at__isnull=False).count() == 2
    # Another's message in the list is ignored, not acted upon.
    client.post(bulk, {"thu": [str(theirs.pk), str(first.pk)], "action": "purge"})
    assert MessageCopy.objects.get(message=theirs, owner=province.chuyen_vien_2).purged_at is None
    assert MessageCopy.objects.get(message=first, owner=province.chuyen_vien).purged_at is not None
    nothing = client.post(bulk, {"action": "trash"}, follow=True)
    assert "Vui lòng chọn ít nhất một thư" in nothing.content.decode()
