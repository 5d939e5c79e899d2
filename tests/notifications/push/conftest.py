"""Web Push tests: a key pair made for the test, and ``pywebpush.webpush`` replaced by a recorder."""

from __future__ import annotations

import base64
import json
import os
from unittest import mock

import pytest

from congvu.notifications.push.services import generate_vapid_keys


def browser_keys() -> tuple[str, str]:
    """A browser's p256dh (an uncompressed P-256 point) and auth secret, base64url."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import ec

    point = (
        ec.generate_private_key(ec.SECP256R1())
        .public_key()
        .public_bytes(serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint)
    )

    def b64(data: bytes) -> str:
        return base64.urlsafe_b64encode(data).rstrip(b"=").decode()

    return b64(point), b64(os.urandom(16))


@pytest.fixture
def vapid(settings, tmp_path):
    settings.VAPID_PUBLIC_KEY = ""
    settings.VAPID_PRIVATE_KEY = ""
    settings.VAPID_KEY_FILE = tmp_path / "vapid.json"
    keys = generate_vapid_keys()
    settings.VAPID_KEY_FILE.write_text(
        json.dumps({"public_key": keys.public_key, "private_key": keys.private_key})
    )
    settings.VAPID_SUBJECT = "mailto:quantri@binhson.gov.vn"
    return keys


@pytest.fixture
def webpush():
    with mock.patch("pywebpush.webpush") as sender:
        yield sender


class Answer:
    """What a push service answers: ``WebPushException`` with a response of ``status``."""

    def __init__(self, status: int):
        self.status_code = status
        self.reason = "Gone" if status == 410 else "Error"
        self.text = ""


def refusal(status: int):
    import pywebpush

    return pywebpush.WebPushException(f"Push failed: {status}", response=Answer(status))
