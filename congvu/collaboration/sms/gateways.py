"""How an SMS leaves (COL-9): the gateway interface, the logging gateway of the embedded default,
the parts a text takes, and Vietnamese phone numbers as gateways take them.

A gateway is a class named by ``CONGVU_SMS_GATEWAY`` (a dotted path) with one method,
``send(*, to, text) -> SmsResult``: ``to`` is a number in E.164 form (``+84912345678``), ``text``
the whole message (the operator splits it into parts). It answers with the operator's message id and
``sent`` or ``failed``; an exception it raises is recorded as a failure with its text. A real
operator's gateway (Viettel, VNPT, MobiFone brand-name SMS …) is a class of a few lines beside this
one, configured by the installation.
"""

from __future__ import annotations

import logging
import re
import uuid
from dataclasses import dataclass
from functools import cache
from typing import Literal

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.module_loading import import_string

from congvu.core.decisions import Refused
from congvu.core.text import fold, nfc

logger = logging.getLogger("congvu.sms")


@dataclass(frozen=True)
class SmsResult:
    """The gateway's answer for one recipient: its message id, ``sent`` or ``failed``, and what it said."""

    provider_id: str
    status: Literal["sent", "failed"]
    answer: str = ""


class SmsGateway:
    """The interface every gateway implements."""

    def send(self, *, to: str, text: str) -> SmsResult:
        raise NotImplementedError


class LoggingGateway(SmsGateway):
    """The embedded default: writes each SMS to the log (logger ``congvu.sms``) and sends nothing;
    the delivery row keeps the record. Every SMS is answered ``sent`` with a local id."""

    def send(self, *, to: str, text: str) -> SmsResult:
        provider_id = f"log-{uuid.uuid4().hex[:12]}"
        logger.info("SMS %s tới %s: %s", provider_id, to, text)
        return SmsResult(
            provider_id=provider_id, status="sent", answer="Đã ghi vào nhật ký (không gửi thật)."
        )


@cache
def _gateway_class(path: str) -> type[SmsGateway]:
    try:
        found = import_string(path)
    except ImportError as exc:
        raise ImproperlyConfigured(f"CONGVU_SMS_GATEWAY={path!r}: cannot be imported ({exc}).") from None
    if not (isinstance(found, type) and issubclass(found, SmsGateway)):
        raise ImproperlyConfigured(f"CONGVU_SMS_GATEWAY={path!r}: not a subclass of SmsGateway.")
    return found


def configured_gateway() -> SmsGateway:
    """A gateway of the configured class; ``ImproperlyConfigured`` for a bad ``CONGVU_SMS_GATEWAY``
    (checked when the app starts, so a typo stops start-up rather than the first SMS)."""
    return _gateway_class(settings.SMS_GATEWAY)()


# --- the parts a text takes ------------------------------------------------------------------------

# GSM 03.38: the basic alphabet (one septet each) and its extension table (two septets each).
GSM_BASIC = set(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
GSM_EXTENDED = set("^{}\\[~]|€\f")
GSM_SINGLE, GSM_PART = 160, 153  # a part of a long message carries a 7-septet header
UCS2_SINGLE, UCS2_PART = 70, 67


@dataclass(frozen=True)
class SmsLength:
    """How a text travels: ``gsm`` (7-bit, 160 a part) or ``ucs2`` (Unicode, 70 a part, needed by
    Vietnamese with its diacritics), its length in that encoding, and the number of parts."""

    encoding: Literal["gsm", "ucs2"]
    units: int
    parts: int
    per_part: int


def sms_length(text: str) -> SmsLength:
    if all(ch in GSM_BASIC or ch in GSM_EXTENDED for ch in text):
        units = sum(2 if ch in GSM_EXTENDED else 1 for ch in text)
        single, part, encoding = GSM_SINGLE, GSM_PART, "gsm"
    else:
        units = sum(2 if ord(ch) > 0xFFFF else 1 for ch in text)
        single, part, encoding = UCS2_SINGLE, UCS2_PART, "ucs2"
    if units <= single:
        return SmsLength(encoding, units, 1 if units else 0, single)  # type: ignore[arg-type]
    return SmsLength(encoding, units, -(-units // part), part)  # type: ignore[arg-type]


def without_diacritics(text: str) -> str:
    """'Họp giao ban lúc 14h, Đà Lạt' -> 'Hop giao ban luc 14h, Da Lat': the core folding
    (``congvu.core.text.fold``) letter by letter, keeping capitals. Many Vietnamese SMS gateways send
    unaccented text; it also fits 160 characters a part instead of 70."""
    out = []
    for ch in nfc(text):
        folded = fold(ch) if ch.isalpha() else ch
        out.append(folded.upper() if ch.isupper() else folded)
    return "".join(out)


# --- phone numbers ---------------------------------------------------------------------------------

_PHONE_NOISE = re.compile(r"[\s.\-()]")
_MOBILE = re.compile(r"[35789][0-9]{8}")
BAD_PHONE = (
    "Số điện thoại “%(phone)s” không đúng định dạng số di động Việt Nam "
    "(10 chữ số bắt đầu bằng 0, ví dụ 0912345678, hoặc +84912345678)."
)


def normalise_phone(raw: str, *, field: str | None = "phone") -> str:
    """A Vietnamese mobile number in E.164 form (``+84912345678``), from ``0912 345 678``,
    ``0912.345.678``, ``84912345678`` or ``+84 912 345 678``; refused (invalid on ``field``) otherwise
    — a landline (02x) takes no SMS."""
    digits = _PHONE_NOISE.sub("", raw or "")
    if digits.startswith("+84"):
        rest = digits[3:]
    elif digits.startswith("84") and len(digits) == 11:
        rest = digits[2:]
    elif digits.startswith("0"):
        rest = digits[1:]
    else:
        rest = ""
    if not _MOBILE.fullmatch(rest):
        raise Refused.invalid(BAD_PHONE % {"phone": (raw or "").strip()[:40]}, field=field)
    return f"+84{rest}"


def local_phone(e164: str) -> str:
    """``+84912345678`` -> ``0912345678``, as people read it."""
    return "0" + e164[3:] if e164.startswith("+84") else e164
