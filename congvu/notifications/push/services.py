"""Web Push (seed 000 Điều 9.1; the issue: notifications reach a phone that installed the site as a
PWA): the VAPID key pair, subscribing and unsubscribing a device, and sending a notification to each
of its recipient's devices.

- The key pair (VAPID, RFC 8292) is made once by ``congvu push_keys`` (``make run`` calls it) and kept
  in the data directory, unless ``CONGVU_VAPID_PUBLIC_KEY``/``CONGVU_VAPID_PRIVATE_KEY`` give it.
- ``notify`` (``congvu.notifications.services``) runs ``push_sender(created)`` once its transaction
  commits (with the e-mail copies): one task per notification whose recipient has a device.
- ``push_deliver`` (the task) sends title, body and address in the language the device subscribed in;
  a device the push service no longer knows (404/410) is removed, another failure counted (and the
  device removed after ``MAX_FAILURES`` in a row).
"""

from __future__ import annotations

import base64
import binascii
import json
import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.module_loading import import_string

from congvu.core import audit
from congvu.core.decisions import Refused
from congvu.core.text import clean_text
from congvu.notifications.models import Notification
from congvu.notifications.push.models import MAX_ENDPOINT, PushSubscription

logger = logging.getLogger("congvu.push")

SEND_JOB = "congvu.notifications.push.jobs.send_push"
MAX_DEVICES = 20  # devices one person keeps subscribed; the oldest goes when a new one comes
MAX_FAILURES = 10  # failures in a row before a device is given up
TTL_SECONDS = 24 * 3600  # a push service keeps an undelivered notification this long
TIMEOUT_SECONDS = 10
EXPIRED = {404, 410}  # the push service no longer knows the subscription (RFC 8030 §7.3)


# --- the VAPID key pair ---------------------------------------------------------------------------


@dataclass(frozen=True)
class VapidKeys:
    public_key: (
        str  # base64url of the uncompressed P-256 point (65 bytes): the browser's applicationServerKey
    )
    private_key: str  # base64url of the raw 32-byte private value


def _b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _unb64url(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def generate_vapid_keys() -> VapidKeys:
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import ec

    key = ec.generate_private_key(ec.SECP256R1())
    public = key.public_key().public_bytes(
        serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
    )
    return VapidKeys(_b64url(public), _b64url(key.private_numbers().private_value.to_bytes(32, "big")))


def vapid_keys() -> VapidKeys | None:
    """The installation's key pair: from the environment, else from the data directory; None before
    ``congvu push_keys`` made it (Web Push is then off)."""
    if settings.VAPID_PUBLIC_KEY:
        return VapidKeys(settings.VAPID_PUBLIC_KEY, settings.VAPID_PRIVATE_KEY)
    try:
        data = json.loads(settings.VAPID_KEY_FILE.read_text(encoding="utf-8"))
        return VapidKeys(data["public_key"], data["private_key"])
    except FileNotFoundError:
        return None
    except (ValueError, KeyError, TypeError) as exc:
        logger.error("Tệp khóa VAPID %s hỏng (%s): Web Push tạm ngừng.", settings.VAPID_KEY_FILE, exc)
        return None


def vapid_keys_ensure() -> tuple[VapidKeys, bool]:
    """The key pair, made and kept in the data directory (readable by its owner only) when there is
    none yet; True when it was made now."""
    keys = vapid_keys()
    if keys is not None:
        return keys, False
    keys = generate_vapid_keys()
    path = settings.VAPID_KEY_FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    path.touch(mode=0o600, exist_ok=True)
    path.write_text(
        json.dumps({"public_key": keys.public_key, "private_key": keys.private_key}), encoding="utf-8"
    )
    return keys, True


# --- subscribing ----------------------------------------------------------------------------------


def _key(value: str, *, size: int, field: str) -> str:
    value = (value or "").strip()
    try:
        raw = _unb64url(value)
    except (binascii.Error, ValueError):
        raw = b""
    if len(raw) != size or len(value) > 200:
        raise Refused.invalid("Khóa của trình duyệt không hợp lệ; hãy thử đăng ký lại.", field=field)
    return value


def _endpoint(endpoint: str) -> str:
    endpoint = (endpoint or "").strip()
    if (
        not endpoint.startswith("https://")
        or len(endpoint) > MAX_ENDPOINT
        or any(c.isspace() for c in endpoint)
    ):
        raise Refused.invalid("Địa chỉ dịch vụ đẩy của trình duyệt không hợp lệ.", field="endpoint")
    return endpoint


@transaction.atomic
def push_subscribe(
    *,
    user: Any,
    endpoint: str,
    p256dh: str,
    auth: str,
    user_agent: str = "",
    language: str = "",
    actor: Any,
) -> PushSubscription:
    """Receive ``user``'s notifications on this device. A device subscribed before (the same
    endpoint) takes the new keys — and the new person, when another signs in on it."""
    if actor is None or getattr(actor, "pk", None) != getattr(user, "pk", None):
        raise Refused.not_allowed("Chỉ người dùng thiết bị mới đăng ký nhận thông báo cho mình được.")
    endpoint = _endpoint(endpoint)
    p256dh = _key(p256dh, size=65, field="p256dh")
    auth = _key(auth, size=16, field="auth")
    language = language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
    values = {
        "user": user,
        "p256dh": p256dh,
        "auth": auth,
        "user_agent": clean_text(user_agent or "")[:300],
        "language": language,
        "failures": 0,
    }
    subscription = PushSubscription.objects.select_for_update().filter(endpoint=endpoint).first()
    if subscription is None:
        subscription = PushSubscription.objects.create(endpoint=endpoint, **values)
        kept = PushSubscription.objects.filter(user_id=user.pk).order_by("-created_at", "-id")
        PushSubscription.objects.filter(pk__in=list(kept.values_list("pk", flat=True)[MAX_DEVICES:])).delete()
    else:
        for key, value in values.items():
            setattr(subscription, key, value)
        subscription.save(update_fields=list(values))
    audit.record(
        actor=actor,
        action="notifications.pushsubscription.created",
        obj=subscription,
        object_repr=subscription.user_agent or endpoint[:80],
        after={"user_agent": subscription.user_agent, "language": language},
    )
    return subscription


@transaction.atomic
def push_unsubscribe(*, user: Any, actor: Any, endpoint: str = "", pk: int | None = None) -> int:
    """Stop receiving notifications on a device of ``user`` (named by its endpoint or id); the number
    removed (0 when it was not theirs or is gone already)."""
    if actor is None or getattr(actor, "pk", None) != getattr(user, "pk", None):
        raise Refused.not_allowed("Chỉ người dùng thiết bị mới hủy nhận thông báo của mình được.")
    rows = PushSubscription.objects.filter(user_id=user.pk)
    if pk is not None:
        rows = rows.filter(pk=pk)
    elif endpoint:
        rows = rows.filter(endpoint=endpoint.strip())
    else:
        raise Refused.invalid("Vui lòng cho biết thiết bị cần hủy.", field="endpoint")
    found = list(rows)
    for subscription in found:
        audit.record(
            actor=actor,
            action="notifications.pushsubscription.removed",
            obj=subscription,
            object_repr=subscription.user_agent or subscription.endpoint[:80],
        )
    rows.delete()
    return len(found)


# --- sending --------------------------------------------------------------------------------------


def push_sender(notifications: Iterable[Notification]) -> Callable[[], None]:
    """What ``notify`` runs once its transaction commits, for the notifications it created: one look-up
    of the recipients with a subscribed device, then one push task per notification for each of them."""
    by_recipient = [(n.pk, n.recipient_id) for n in notifications]

    def _enqueue() -> None:
        if not by_recipient:
            return
        recipients = {r for _, r in by_recipient}
        with_devices = set(
            PushSubscription.objects.filter(user_id__in=recipients).values_list("user_id", flat=True)
        )
        if not with_devices:
            return
        task = import_string(SEND_JOB)
        for note_id, recipient_id in by_recipient:
            if recipient_id in with_devices:
                task.enqueue(note_id)

    return _enqueue


def push_payload(note: Notification, language: str) -> dict[str, str]:
    """What the device shows: title and body in ``language``, and the address that opens it (the
    notification centre's, which marks it read and goes on to what it is about)."""
    with translation.override(language):
        return {
            "title": note.title_text[:200],
            "body": note.body_text[:500],
            "url": reverse("notifications:open", args=[note.pk]),
            "tag": f"congvu-{note.pk}",
            "lang": language,
        }


def _push_record(subscription: PushSubscription, *, ok: bool, expired: bool) -> str:
    if ok:
        PushSubscription.objects.filter(pk=subscription.pk).update(last_success_at=timezone.now(), failures=0)
        return "sent"
    if expired or subscription.failures + 1 >= MAX_FAILURES:
        PushSubscription.objects.filter(pk=subscription.pk).delete()
        return "removed"
    PushSubscription.objects.filter(pk=subscription.pk).update(failures=F("failures") + 1)
    return "failed"


def push_deliver(*, notification_id: int) -> dict[str, int]:
    """Send one notification to every device of its recipient; counts of ``sent``, ``failed`` and
    ``removed`` devices. Nothing is sent without a key pair or once the notification was read."""
    import pywebpush  # here, not at start-up: it brings an HTTP stack every process would load

    outcome = {"sent": 0, "failed": 0, "removed": 0}
    keys = vapid_keys()
    if keys is None:
        logger.warning("Chưa có khóa VAPID (chạy `congvu push_keys`): không gửi Web Push.")
        return outcome
    note = Notification.objects.filter(pk=notification_id, read_at__isnull=True).first()
    if note is None:
        return outcome
    for subscription in PushSubscription.objects.filter(user_id=note.recipient_id).order_by("id"):
        expired = False
        try:
            pywebpush.webpush(
                subscription_info={
                    "endpoint": subscription.endpoint,
                    "keys": {"p256dh": subscription.p256dh, "auth": subscription.auth},
                },
                data=json.dumps(push_payload(note, subscription.language), ensure_ascii=False),
                vapid_private_key=keys.private_key,
                vapid_claims={"sub": settings.VAPID_SUBJECT},
                ttl=TTL_SECONDS,
                timeout=TIMEOUT_SECONDS,
            )
            ok = True
        except pywebpush.WebPushException as exc:
            status = getattr(getattr(exc, "response", None), "status_code", None)
            expired, ok = status in EXPIRED, False
            logger.info("Web Push tới thiết bị %s không thành công: %s", subscription.pk, status or exc)
        except Exception as exc:  # noqa: BLE001 - a network error is a failure of this device only
            ok = False
            logger.info("Web Push tới thiết bị %s không thành công: %s", subscription.pk, exc)
        with transaction.atomic():
            outcome[_push_record(subscription, ok=ok, expired=expired)] += 1
    return outcome
