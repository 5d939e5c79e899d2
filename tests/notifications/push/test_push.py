"""Web Push (seed 000 Điều 9.1; the issue: notifications reach a phone that installed the site as a
PWA): a device subscribes; ``notify`` pushes to each device of its recipients once the transaction
commits, in the language the device subscribed in; a device the push service no longer knows is
removed; nothing is pushed to a person without a device."""

from __future__ import annotations

import json

import pytest
from django.core.management import call_command
from django.utils.translation import gettext_noop

from congvu.core.decisions import Refused
from congvu.core.models import AuditEvent
from congvu.notifications.models import Notification
from congvu.notifications.push import services
from congvu.notifications.push.models import PushSubscription
from congvu.notifications.services import notify
from tests.conftest import queued
from tests.notifications.push.conftest import browser_keys, refusal

ENDPOINT = "https://fcm.googleapis.com/fcm/send/abc123"


def _subscribe(user, endpoint=ENDPOINT, language="vi"):
    p256dh, auth = browser_keys()
    return services.push_subscribe(
        user=user,
        endpoint=endpoint,
        p256dh=p256dh,
        auth=auth,
        user_agent="Mozilla/5.0 (Linux; Android 14) Chrome/130.0 Mobile Safari/537.36",
        language=language,
        actor=user,
    )


def _notify(*people, title="Có văn bản mới cần xử lý", body="Công văn số %(so)s", params=None):
    return notify(
        recipients=list(people),
        title=title,
        body=body,
        params=params or {"so": "12/UBND-VP"},
        url="/van-ban/den/1/",
        email=False,
    )


def test_a_notification_is_pushed_to_each_device_of_its_recipient(
    province, vapid, webpush, django_capture_on_commit_callbacks
):
    phone = _subscribe(province.chuyen_vien)
    laptop = _subscribe(province.chuyen_vien, endpoint="https://updates.push.services.mozilla.com/wpush/v2/x")
    with django_capture_on_commit_callbacks(execute=True):
        [note] = _notify(province.chuyen_vien)
    assert webpush.call_count == 2
    first = webpush.call_args_list[0].kwargs
    assert first["subscription_info"] == {
        "endpoint": phone.endpoint,
        "keys": {"p256dh": phone.p256dh, "auth": phone.auth},
    }
    assert json.loads(first["data"]) == {
        "title": "Có văn bản mới cần xử lý",
        "body": "Công văn số 12/UBND-VP",
        "url": f"/thong-bao/{note.pk}/",
        "tag": f"congvu-{note.pk}",
        "lang": "vi",
    }
    assert first["vapid_private_key"] == vapid.private_key
    assert first["vapid_claims"] == {"sub": "mailto:quantri@binhson.gov.vn"}
    assert first["ttl"] == 86400
    assert webpush.call_args_list[1].kwargs["subscription_info"]["endpoint"] == laptop.endpoint
    phone.refresh_from_db()
    assert phone.last_success_at is not None and phone.failures == 0


def test_the_payload_speaks_the_language_the_device_subscribed_in(
    province, vapid, webpush, django_capture_on_commit_callbacks
):
    _subscribe(province.chuyen_vien, language="en")
    with django_capture_on_commit_callbacks(execute=True):
        _notify(province.chuyen_vien, title=gettext_noop("Thông báo"), body="", params={})
    data = json.loads(webpush.call_args.kwargs["data"])
    assert data["lang"] == "en" and data["title"] == "Notifications"


def test_no_push_for_a_person_without_a_device(province, vapid, webpush, django_capture_on_commit_callbacks):
    _subscribe(province.chuyen_vien_2)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        _notify(province.chuyen_vien)
    assert webpush.call_count == 0
    assert len(queued(callbacks)) == 1  # the one look-up after commit, and no task


def test_nothing_is_pushed_before_the_transaction_commits(
    province, vapid, webpush, django_capture_on_commit_callbacks
):
    _subscribe(province.chuyen_vien)
    with django_capture_on_commit_callbacks(execute=False):
        _notify(province.chuyen_vien)
    assert webpush.call_count == 0


@pytest.mark.parametrize("status", [404, 410])
def test_a_device_the_push_service_no_longer_knows_is_removed(
    province, vapid, webpush, status, django_capture_on_commit_callbacks
):
    _subscribe(province.chuyen_vien)
    webpush.side_effect = refusal(status)
    with django_capture_on_commit_callbacks(execute=True):
        _notify(province.chuyen_vien)
    assert PushSubscription.objects.count() == 0


def test_other_failures_are_counted_and_a_device_failing_too_often_is_given_up(province, vapid, webpush):
    device = _subscribe(province.chuyen_vien)
    [note] = _notify(province.chuyen_vien)
    webpush.side_effect = refusal(500)
    assert services.push_deliver(notification_id=note.pk) == {"sent": 0, "failed": 1, "removed": 0}
    device.refresh_from_db()
    assert device.failures == 1
    webpush.side_effect = ConnectionError("no network")
    assert services.push_deliver(notification_id=note.pk)["failed"] == 1
    PushSubscription.objects.filter(pk=device.pk).update(failures=services.MAX_FAILURES - 1)
    assert services.push_deliver(notification_id=note.pk)["removed"] == 1
    assert not PushSubscription.objects.exists()


def test_a_success_clears_the_failure_count(province, vapid, webpush):
    device = _subscribe(province.chuyen_vien)
    PushSubscription.objects.filter(pk=device.pk).update(failures=3)
    [note] = _notify(province.chuyen_vien)
    assert services.push_deliver(notification_id=note.pk)["sent"] == 1
    device.refresh_from_db()
    assert device.failures == 0


def test_a_read_notification_and_a_missing_key_pair_push_nothing(
    province, vapid, webpush, settings, tmp_path
):
    _subscribe(province.chuyen_vien)
    [note] = _notify(province.chuyen_vien)
    Notification.objects.filter(pk=note.pk).update(read_at=note.created_at)
    assert services.push_deliver(notification_id=note.pk)["sent"] == 0
    Notification.objects.filter(pk=note.pk).update(read_at=None)
    settings.VAPID_KEY_FILE = tmp_path / "none.json"
    assert services.push_deliver(notification_id=note.pk)["sent"] == 0
    assert webpush.call_count == 0


# --- subscribing ----------------------------------------------------------------------------------


def test_subscribing_is_audited_and_the_same_device_is_kept_once(province, vapid):
    first = _subscribe(province.chuyen_vien)
    again = _subscribe(province.chuyen_vien)
    assert first.pk == again.pk and PushSubscription.objects.count() == 1
    assert AuditEvent.objects.filter(action="notifications.pushsubscription.created").count() == 2


def test_a_device_another_person_subscribes_on_becomes_theirs(province, vapid):
    _subscribe(province.chuyen_vien)
    device = _subscribe(province.chuyen_vien_2)
    assert list(PushSubscription.objects.values_list("user_id", flat=True)) == [province.chuyen_vien_2.pk]
    assert device.user == province.chuyen_vien_2


def test_a_person_keeps_at_most_max_devices(province, vapid):
    for i in range(services.MAX_DEVICES + 2):
        _subscribe(province.chuyen_vien, endpoint=f"{ENDPOINT}-{i}")
    assert PushSubscription.objects.filter(user=province.chuyen_vien).count() == services.MAX_DEVICES
    assert not PushSubscription.objects.filter(endpoint=f"{ENDPOINT}-0").exists()


@pytest.mark.parametrize(
    ("endpoint", "p256dh", "auth", "field"),
    [
        ("http://push.example/x", None, None, "endpoint"),
        ("https://push.example/ x", None, None, "endpoint"),
        (ENDPOINT, "AAAA", None, "p256dh"),
        (ENDPOINT, None, "%%%", "auth"),
    ],
)
def test_a_bad_subscription_is_refused_on_its_field(province, endpoint, p256dh, auth, field):
    good_p256dh, good_auth = browser_keys()
    with pytest.raises(Refused) as refused:
        services.push_subscribe(
            user=province.chuyen_vien,
            endpoint=endpoint,
            p256dh=p256dh or good_p256dh,
            auth=auth or good_auth,
            actor=province.chuyen_vien,
        )
    assert refused.value.field == field
    assert not PushSubscription.objects.exists()


def test_nobody_subscribes_or_unsubscribes_for_another(province):
    p256dh, auth = browser_keys()
    with pytest.raises(Refused) as refused:
        services.push_subscribe(
            user=province.chuyen_vien,
            endpoint=ENDPOINT,
            p256dh=p256dh,
            auth=auth,
            actor=province.truong_phong,
        )
    assert refused.value.kind == Refused.Kind.NOT_ALLOWED
    device = _subscribe(province.chuyen_vien)
    assert (
        services.push_unsubscribe(user=province.chuyen_vien_2, pk=device.pk, actor=province.chuyen_vien_2)
        == 0
    )
    assert PushSubscription.objects.filter(pk=device.pk).exists()


# --- the key pair ---------------------------------------------------------------------------------


def test_push_keys_makes_the_key_pair_once(settings, tmp_path, capsys):
    settings.VAPID_PUBLIC_KEY = settings.VAPID_PRIVATE_KEY = ""
    settings.VAPID_KEY_FILE = tmp_path / "data" / "vapid.json"
    call_command("push_keys")
    first = services.vapid_keys()
    assert first is not None and len(first.public_key) == 87 and len(first.private_key) == 43
    assert settings.VAPID_KEY_FILE.stat().st_mode & 0o777 == 0o600
    call_command("push_keys")
    assert services.vapid_keys() == first
    out = capsys.readouterr().out
    assert "Đã tạo khóa VAPID" in out and "Đã có khóa VAPID" in out


def test_keys_from_the_environment_win(settings, tmp_path):
    settings.VAPID_PUBLIC_KEY, settings.VAPID_PRIVATE_KEY = "BPUB", "PRIV"
    settings.VAPID_KEY_FILE = tmp_path / "vapid.json"
    keys, created = services.vapid_keys_ensure()
    assert (keys.public_key, keys.private_key, created) == ("BPUB", "PRIV", False)
    assert not settings.VAPID_KEY_FILE.exists()
