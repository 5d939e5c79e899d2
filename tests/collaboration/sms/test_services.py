"""Sending SMS (COL-9; seed 002 Điều 11): only authorised people send, to the people their role covers,
with numbers in Vietnamese form; the gateway gets exactly the number and the text; each recipient's
outcome is recorded, and every SMS is audited."""

from __future__ import annotations

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone

from congvu.collaboration.sms import policies, services
from congvu.collaboration.sms.gateways import (
    LoggingGateway,
    SmsResult,
    _gateway_class,
    normalise_phone,
    sms_length,
    without_diacritics,
)
from congvu.collaboration.sms.models import SmsDelivery, SmsMessage
from congvu.core.decisions import Refused
from congvu.core.models import AuditEvent
from congvu.org.models import RoleGrant
from congvu.org.units.services import role_grant
from tests.conftest import queued
from tests.org.delegation_helpers import HOUR, approved

TEXT = "Hop giao ban luc 14h00 chieu nay tai phong hop so 2."


def _send(cast, *recipients, actor=None, text=TEXT, **kwargs):
    return services.sms_send(recipients=list(recipients), text=text, actor=actor or cast.chanh_vp, **kwargs)


def test_the_gateway_gets_each_number_in_international_form_and_the_text(
    cast, gateway, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        message = _send(cast, cast.chuyen_vien, cast.van_thu, cast.giam_doc)
    assert gateway.sent == [
        {"to": "+84912345007", "text": TEXT},
        {"to": "+84912345004", "text": TEXT},
        {"to": "+84912345005", "text": TEXT},
    ]
    rows = list(
        message.deliveries.order_by("id").values_list(
            "recipient__username", "status", "provider_id", "answer"
        )
    )
    assert rows == [
        ("minhnv", "sent", "rec-1", "Đã nhận"),
        ("hoant", "sent", "rec-2", "Đã nhận"),
        ("namhv", "sent", "rec-3", "Đã nhận"),
    ]
    assert message.recipient_count == 3 and message.parts == 1
    assert all(d.attempted_at is not None for d in message.deliveries.all())


def test_nothing_leaves_before_the_transaction_commits(cast, gateway, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        message = _send(cast, cast.chuyen_vien)
    assert gateway.sent == []
    assert message.deliveries.get().status == SmsDelivery.Status.QUEUED
    assert len(queued(callbacks)) == 1


def test_every_sms_is_audited_with_sender_recipients_and_text(cast, gateway):
    message = _send(cast, cast.chuyen_vien, cast.chuyen_vien_2)
    event = AuditEvent.objects.get(action="collaboration.smsmessage.sent")
    assert event.actor_id == cast.chanh_vp.pk
    assert event.on_behalf_of_id is None
    assert event.object_id == str(message.pk)
    assert event.after["text"] == TEXT
    assert event.after["recipients"] == ["Nguyễn Văn Minh (0912345007)", "Trần Thị Thu Hà (0912345008)"]


@pytest.mark.parametrize("who", ["chu_tich", "chuyen_vien", "van_thu", "quan_tri", "truong_phong"])
def test_a_person_without_the_sms_role_is_refused_and_nothing_is_sent(
    cast, gateway, who, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(Refused) as refused:
        _send(cast, cast.chuyen_vien, actor=getattr(cast, who))
    assert refused.value.kind == Refused.Kind.NOT_ALLOWED
    assert "Chỉ người được giao quyền gửi tin nhắn SMS" in refused.value.message
    assert SmsMessage.objects.count() == 0 and SmsDelivery.objects.count() == 0
    assert gateway.sent == []


def test_a_refusing_gateway_is_recorded_as_failed_with_its_answer(
    cast, gateway, django_capture_on_commit_callbacks
):
    gateway.refusing = {"+84912345008"}
    with django_capture_on_commit_callbacks(execute=True):
        message = _send(cast, cast.chuyen_vien, cast.chuyen_vien_2)
    rows = list(message.deliveries.order_by("id").values_list("phone", "status", "answer"))
    assert rows == [("+84912345007", "sent", "Đã nhận"), ("+84912345008", "failed", "Thuê bao không tồn tại")]
    fail = AuditEvent.objects.get(action="collaboration.smsdelivery.fail")
    assert fail.actor_id is None and fail.after["answer"] == "Thuê bao không tồn tại"


def test_an_unreachable_gateway_is_recorded_as_failed_with_the_error(
    cast, gateway, django_capture_on_commit_callbacks
):
    gateway.broken = True
    with django_capture_on_commit_callbacks(execute=True):
        message = _send(cast, cast.chuyen_vien)
    delivery = message.deliveries.get()
    assert delivery.status == SmsDelivery.Status.FAILED
    assert delivery.answer == "ConnectionError: Cổng SMS không phản hồi"


def test_a_job_run_twice_sends_nothing_twice(cast, gateway, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        message = _send(cast, cast.chuyen_vien)
    assert services.sms_deliver(message_id=message.pk) == 0
    assert len(gateway.sent) == 1


def test_the_logging_gateway_answers_sent_and_writes_the_log(caplog):
    with caplog.at_level("INFO", logger="congvu.sms"):
        result = LoggingGateway().send(to="+84912345007", text="Thử")
    assert isinstance(result, SmsResult) and result.status == "sent" and result.provider_id.startswith("log-")
    assert "+84912345007" in caplog.text and "Thử" in caplog.text


def test_a_bad_gateway_setting_fails_loudly():
    with pytest.raises(ImproperlyConfigured, match="CONGVU_SMS_GATEWAY"):
        _gateway_class("congvu.collaboration.sms.gateways.NoSuchGateway")
    with pytest.raises(ImproperlyConfigured, match="not a subclass of SmsGateway"):
        _gateway_class("congvu.collaboration.sms.gateways.SmsResult")


# --- recipients and numbers -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "e164"),
    [
        ("0912345678", "+84912345678"),
        ("0912 345 678", "+84912345678"),
        ("0912.345.678", "+84912345678"),
        ("091-234-5678", "+84912345678"),
        ("(+84) 912 345 678", "+84912345678"),
        ("+84912345678", "+84912345678"),
        ("84912345678", "+84912345678"),
        ("0387654321", "+84387654321"),
        ("0567654321", "+84567654321"),
        ("0787654321", "+84787654321"),
        ("0867654321", "+84867654321"),
    ],
)
def test_vietnamese_mobile_numbers_are_normalised(typed, e164):
    assert normalise_phone(typed) == e164


@pytest.mark.parametrize(
    "typed",
    ["", "12345", "091234567", "09123456789", "02633123456", "0112345678", "+1 415 555 0100", "09a2345678"],
)
def test_other_numbers_are_refused_with_the_expected_form(typed):
    with pytest.raises(Refused) as refused:
        normalise_phone(typed)
    assert "không đúng định dạng số di động Việt Nam" in refused.value.message
    assert "0912345678" in refused.value.message


def test_a_recipient_with_a_bad_number_is_named_and_nothing_is_saved(cast, gateway):
    from congvu.accounts.models import User

    User.objects.filter(pk=cast.chuyen_vien_2.pk).update(phone="0263 3123 456")
    cast.chuyen_vien_2.phone = "0263 3123 456"
    with pytest.raises(Refused) as refused:
        _send(cast, cast.chuyen_vien, cast.chuyen_vien_2)
    assert refused.value.field == "recipients"
    assert refused.value.message.startswith("Trần Thị Thu Hà: Số điện thoại “0263 3123 456”")
    assert SmsMessage.objects.count() == 0


def test_a_person_without_a_number_cannot_be_chosen(cast, gateway):
    from congvu.accounts.models import User

    User.objects.filter(pk=cast.chuyen_vien_2.pk).update(phone="")
    cast.chuyen_vien_2.phone = ""
    assert cast.chuyen_vien_2 not in policies.sms_recipients(cast.chanh_vp)
    with pytest.raises(Refused, match="chưa có số điện thoại"):
        _send(cast, cast.chuyen_vien_2)


def test_the_role_reaches_only_the_people_of_the_units_it_covers(cast, gateway):
    role_grant(user=cast.giam_doc, role=RoleGrant.Role.SMS_SENDER, unit=cast.units.snv, actor=None)
    reachable = {u.username for u in policies.sms_recipients(cast.giam_doc)}
    assert reachable == {"namhv", "lanvt", "sonbt", "minhnv", "hattt"} - {"lanvt"}  # lanvt has no phone
    with pytest.raises(Refused) as refused:
        _send(cast, cast.chuyen_vien, cast.chuyen_vien_khac, actor=cast.giam_doc)
    assert refused.value.field == "recipients"
    assert "Đặng Đình Đức" in refused.value.message and "ngoài các đơn vị" in refused.value.message


def test_no_recipient_and_too_many_recipients_are_refused(cast, gateway, settings):
    with pytest.raises(Refused, match="Vui lòng chọn người nhận"):
        _send(cast)
    settings.SMS_MAX_RECIPIENTS = 2
    with pytest.raises(Refused, match="tối đa 2 người; bạn đã chọn 3 người"):
        _send(cast, cast.chuyen_vien, cast.chuyen_vien_2, cast.van_thu)


def test_a_delegate_sends_on_the_principals_behalf(cast, gateway, clock):
    now = timezone.now()
    approved(cast.chanh_vp, cast.van_thu, cast.chu_tich, starts_at=now + HOUR, ends_at=now + 5 * HOUR)
    clock.move_to(now + 2 * HOUR)
    from tests.org.delegation_helpers import fresh

    delegate = fresh(cast.van_thu)
    decision = policies.can_send_sms(delegate)
    assert decision and decision.on_behalf_of == cast.chanh_vp
    message = _send(cast, cast.chuyen_vien, actor=delegate)
    assert message.sender == delegate and message.on_behalf_of == cast.chanh_vp
    event = AuditEvent.objects.get(action="collaboration.smsmessage.sent")
    assert event.actor_id == delegate.pk and event.on_behalf_of_id == cast.chanh_vp.pk


# --- the text -------------------------------------------------------------------------------------


def test_diacritics_are_stripped_with_the_core_folding_keeping_capitals():
    assert (
        without_diacritics("Họp giao ban lúc 14h, Đà Lạt — ĐỀ NGHỊ")
        == "Hop giao ban luc 14h, Da Lat — DE NGHI"
    )


@pytest.mark.parametrize(
    ("text", "encoding", "units", "parts"),
    [
        ("a" * 160, "gsm", 160, 1),
        ("a" * 161, "gsm", 161, 2),
        ("a" * 306, "gsm", 306, 2),
        ("a" * 307, "gsm", 307, 3),
        ("[" * 80, "gsm", 160, 1),  # an extension character counts two
        ("ệ" * 70, "ucs2", 70, 1),
        ("ệ" * 71, "ucs2", 71, 2),
        ("", "gsm", 0, 0),
    ],
)
def test_the_parts_follow_gsm_and_unicode_sizes(text, encoding, units, parts):
    length = sms_length(text)
    assert (length.encoding, length.units, length.parts) == (encoding, units, parts)


def test_the_sender_may_send_unaccented(cast, gateway, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        message = _send(cast, cast.chuyen_vien, text="Họp giao ban lúc 14h00", unaccented=True)
    assert message.text == "Hop giao ban luc 14h00" and message.unaccented
    assert gateway.sent[0]["text"] == "Hop giao ban luc 14h00"


def test_a_link_on_the_site_is_appended_in_full(cast, gateway, settings):
    settings.SITE_URL = "https://congvu.binhson.gov.vn"
    message = _send(cast, cast.chuyen_vien, text="Xem cong viec moi", link="/cong-viec/12/")
    assert message.text == "Xem cong viec moi https://congvu.binhson.gov.vn/cong-viec/12/"


@pytest.mark.parametrize("link", ["https://example.com/", "//evil.example/", "cong-viec/12/", "/a b"])
def test_a_link_off_the_site_is_refused(cast, gateway, link):
    with pytest.raises(Refused) as refused:
        _send(cast, cast.chuyen_vien, link=link)
    assert refused.value.field == "link"


def test_an_empty_or_overlong_text_is_refused(cast, gateway, settings):
    with pytest.raises(Refused, match="Vui lòng nhập nội dung"):
        _send(cast, cast.chuyen_vien, text="   ")
    settings.SMS_MAX_PARTS = 2
    with pytest.raises(Refused) as refused:
        _send(cast, cast.chuyen_vien, text="ệ" * 140)
    assert refused.value.field == "text"
    assert refused.value.message.startswith("Tin nhắn dài 140 ký tự, thành 3 phần; tối đa 2 phần")
    assert "Gửi không dấu" in refused.value.message
    assert SmsMessage.objects.count() == 0


@pytest.mark.parametrize(
    ("variable", "value", "message"),
    [
        ("CONGVU_SMS_GATEWAY", "not a path!", "CONGVU_SMS_GATEWAY='not a path!': expected a dotted path"),
        ("CONGVU_SMS_MAX_PARTS", "0", "CONGVU_SMS_MAX_PARTS=0: must be at least 1"),
        ("CONGVU_VAPID_PUBLIC_KEY", "BPUB", "give both or neither"),
    ],
)
def test_bad_settings_stop_start_up_with_the_variable_named(tmp_path, variable, value, message):
    import os
    import subprocess
    import sys

    env = {**os.environ, "CONGVU_DATA_DIR": str(tmp_path), variable: value}
    env.pop("CONGVU_VAPID_PRIVATE_KEY", None)
    result = subprocess.run(  # noqa: S603 - our own interpreter and settings
        [sys.executable, "-c", "import congvu.settings"], env=env, capture_output=True, text=True, check=False
    )
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr and message in result.stderr
