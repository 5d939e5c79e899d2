"""The SMS screens (COL-9): the send form for the SMS role only, bad input kept, my sent SMS and each
recipient's status, the agency's log for administrators; list pages in a fixed number of queries."""

from __future__ import annotations

from django.urls import reverse

from congvu.collaboration.sms import services
from congvu.collaboration.sms.models import SmsMessage

SEND = "/phoi-hop/tin-nhan-sms/gui/"
LIST = "/phoi-hop/tin-nhan-sms/"
LOG = "/phoi-hop/tin-nhan-sms/co-quan/"


def test_the_addresses():
    assert reverse("collaboration:sms_send") == SEND
    assert reverse("collaboration:sms_list") == LIST
    assert reverse("collaboration:sms_agency_log") == LOG


def test_the_sender_sees_the_form_with_the_people_they_may_reach(cast, signed_in):
    response = signed_in(cast.chanh_vp).get(SEND)
    assert response.status_code == 200
    body = response.content.decode()
    assert "Nguyễn Văn Minh · 0912345007" in body
    assert "Gửi không dấu" in body and 'id="sms-count"' in body
    # in Vietnamese order, by given name: Hà before Minh before Sơn
    assert body.index("Trần Thị Thu Hà") < body.index("Nguyễn Văn Minh") < body.index("Bùi Thanh Sơn")


def test_a_person_without_the_role_is_refused_the_form(cast, signed_in):
    response = signed_in(cast.chuyen_vien).get(SEND)
    assert response.status_code == 403
    assert "Chỉ người được giao quyền gửi tin nhắn SMS" in response.content.decode()
    assert (
        signed_in(cast.chuyen_vien)
        .post(SEND, {"recipients": [cast.chuyen_vien_2.pk], "text": "x"})
        .status_code
        == 403
    )
    assert SmsMessage.objects.count() == 0


def test_sending_from_the_form_shows_each_recipients_status(
    cast, gateway, signed_in, django_capture_on_commit_callbacks
):
    client = signed_in(cast.chanh_vp)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            SEND,
            {
                "recipients": [cast.chuyen_vien.pk, cast.chuyen_vien_2.pk],
                "text": "Hop luc 14h",
                "unaccented": "on",
            },
        )
    message = SmsMessage.objects.get()
    assert response.status_code == 302 and response["Location"] == f"{LIST}{message.pk}/"
    page = client.get(response["Location"]).content.decode()
    assert "Đã gửi tin nhắn SMS tới 2 người" in page
    assert page.count("Đã gửi</span>") == 2 and "0912345007" in page and "rec-1" in page


def test_bad_input_keeps_what_was_typed(cast, gateway, signed_in):
    response = signed_in(cast.chanh_vp).post(
        SEND, {"recipients": [cast.chuyen_vien.pk], "text": "Xem ngay", "link": "https://example.com/x"}
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "Đường dẫn phải là một địa chỉ trong hệ thống" in body
    assert 'value="https://example.com/x"' in body and "Xem ngay</textarea>" in body
    assert f'value="{cast.chuyen_vien.pk}"' in body and "checked" in body
    assert SmsMessage.objects.count() == 0


def test_a_recipient_outside_the_choices_is_refused_on_its_field(cast, gateway, signed_in):
    from congvu.accounts.models import User

    User.objects.filter(pk=cast.chuyen_vien.pk).update(phone="")
    response = signed_in(cast.chanh_vp).post(SEND, {"recipients": [cast.chuyen_vien.pk], "text": "Hop"})
    assert response.status_code == 400
    assert SmsMessage.objects.count() == 0


def test_my_sent_sms_list_in_a_fixed_number_of_queries(
    cast, gateway, signed_in, django_assert_max_num_queries
):
    for i in range(4):
        services.sms_send(recipients=[cast.chuyen_vien, cast.van_thu], text=f"Tin {i}", actor=cast.chanh_vp)
    client = signed_in(cast.chanh_vp)
    client.get(LIST)  # the session and the caches warm
    with django_assert_max_num_queries(8):
        response = client.get(LIST)
    body = response.content.decode()
    assert body.count("2 chờ gửi") == 4 and "Tin 3" in body


def test_the_agency_log_for_administrators_only(cast, gateway, signed_in, django_assert_max_num_queries):
    for i in range(3):
        services.sms_send(recipients=[cast.chuyen_vien], text=f"Tin {i}", actor=cast.chanh_vp)
    assert signed_in(cast.chanh_vp).get(LOG).status_code == 403
    client = signed_in(cast.quan_tri)
    client.get(LOG)
    with django_assert_max_num_queries(10):
        response = client.get(LOG)
    assert response.status_code == 200
    assert response.content.decode().count("Phạm Văn Đức") >= 3


def test_an_sms_of_another_is_not_found(cast, gateway, signed_in):
    message = services.sms_send(recipients=[cast.chuyen_vien], text="Hop", actor=cast.chanh_vp)
    assert signed_in(cast.chuyen_vien).get(f"{LIST}{message.pk}/").status_code == 404
