"""What the collaboration records' retention shares: an administrator keeps one longer than the
regulation's period (seed 002 Đ7.4 announcements, Đ7.5 consultations) — a later day, within a
number of years from today, and a reason, checked the same way for every kind of record."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from congvu.core.decisions import Refused
from congvu.core.typed import typed_text

KEEP_YEARS = 2  # an extension reaches at most two years from today
KEEP_REASON_MAX = 500


def latest_keep_day(today: dt.date) -> dt.date:
    return today + dt.timedelta(days=366 * KEEP_YEARS)


def longer_keeping(*, kept_until: dt.date, keep_until: dt.date | None, reason: str) -> tuple[dt.date, str]:
    """The new last day and the reason, checked: after the day the record is kept until now (and
    after today), at most ``KEEP_YEARS`` from today; the reason required, cleaned (no secrecy
    marking, no control characters) and at most ``KEEP_REASON_MAX`` characters."""
    today = timezone.localdate()
    if keep_until is None:
        raise Refused.invalid("Vui lòng chọn ngày lưu đến.", field="keep_until")
    if keep_until <= max(today, kept_until):
        raise Refused.invalid(
            f"Ngày lưu mới phải sau ngày {max(today, kept_until):%d/%m/%Y} đang được lưu đến.",
            field="keep_until",
        )
    if keep_until > latest_keep_day(today):
        raise Refused.invalid(
            f"Chỉ gia hạn lưu trữ tối đa {KEEP_YEARS} năm kể từ hôm nay.", field="keep_until"
        )
    return keep_until, typed_text(
        reason, field="reason", what="lý do gia hạn", limit=KEEP_REASON_MAX, required=True
    )
