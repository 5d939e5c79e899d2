"""Writing notices (ADM-4): post, edit, end early — each audited, each dropping the banner's cache
when it commits (``selectors.forget_banner``)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone

from congvu.collaboration.notices import policies
from congvu.collaboration.notices.models import Notice
from congvu.collaboration.notices.selectors import forget_banner
from congvu.core import audit
from congvu.core.decisions import Refused
from congvu.core.text import clean_text
from congvu.core.workflow import clean_reason

MAX_TITLE = 200
MAX_MESSAGE = 2000
MAX_RESOLUTION = 1000
PAST_GRACE = dt.timedelta(minutes=10)  # "now" typed into a form is a few minutes old when it arrives
MAX_AHEAD = dt.timedelta(days=366)
MAX_WINDOW = dt.timedelta(days=31)
DEFAULT_SHOW_BEFORE_HOURS = 72
MAX_SHOW_BEFORE_HOURS = 30 * 24


def _clean(
    *,
    kind: str,
    severity: str,
    title: str,
    message: str,
    starts_at: dt.datetime | None,
    ends_at: dt.datetime | None,
    show_before_hours: int,
    previous_start: dt.datetime | None = None,
) -> dict[str, Any]:
    now = timezone.now()
    if kind not in Notice.Kind.values:
        raise Refused.invalid("Loại thông báo không hợp lệ.", field="kind")
    if severity not in Notice.Severity.values:
        raise Refused.invalid("Mức độ không hợp lệ.", field="severity")
    title = clean_text(title or "", field="title")
    if not title:
        raise Refused.invalid("Vui lòng nhập tiêu đề.", field="title")
    if len(title) > MAX_TITLE:
        raise Refused.invalid(f"Tiêu đề tối đa {MAX_TITLE} ký tự.", field="title")
    message = clean_reason(message or "", field="message", what="nội dung")
    if not message:
        raise Refused.invalid("Vui lòng nhập nội dung thông báo.", field="message")
    if len(message) > MAX_MESSAGE:
        raise Refused.invalid(f"Nội dung tối đa {MAX_MESSAGE} ký tự.", field="message")
    if starts_at is None:
        starts_at = now  # an incident under way: posted "now"
    if timezone.is_naive(starts_at) or (ends_at is not None and timezone.is_naive(ends_at)):
        raise Refused.invalid("Thời điểm cần có múi giờ.", field="starts_at")
    if starts_at != previous_start and starts_at < now - PAST_GRACE:
        raise Refused.invalid("Thời điểm bắt đầu không được ở quá khứ.", field="starts_at")
    if starts_at > now + MAX_AHEAD:
        raise Refused.invalid("Thời điểm bắt đầu tối đa một năm kể từ hôm nay.", field="starts_at")
    if ends_at is None:
        raise Refused.invalid("Vui lòng nhập thời điểm kết thúc dự kiến.", field="ends_at")
    if ends_at <= starts_at:
        raise Refused.invalid("Thời điểm kết thúc phải sau thời điểm bắt đầu.", field="ends_at")
    if ends_at - starts_at > MAX_WINDOW:
        raise Refused.invalid("Một đợt bảo trì, sự cố tối đa 31 ngày.", field="ends_at")
    if not 0 <= show_before_hours <= MAX_SHOW_BEFORE_HOURS:
        raise Refused.invalid(f"Báo trước từ 0 đến {MAX_SHOW_BEFORE_HOURS} giờ.", field="show_before_hours")
    return {
        "kind": kind,
        "severity": severity,
        "title": title,
        "message": message,
        "starts_at": starts_at,
        "ends_at": ends_at,
        "shows_from": starts_at - dt.timedelta(hours=show_before_hours),
    }


def _forget_banner() -> None:
    """Drop the banner's kept list now and again when the change commits (a page read between the
    two could keep the list as it was before the change)."""
    forget_banner()
    transaction.on_commit(forget_banner)


def notice_create(
    *,
    actor: Any,
    kind: str,
    title: str,
    message: str,
    ends_at: dt.datetime | None,
    starts_at: dt.datetime | None = None,
    severity: str = Notice.Severity.WARNING,
    show_before_hours: int = DEFAULT_SHOW_BEFORE_HOURS,
) -> Notice:
    """Schedule a notice (``starts_at`` None: under way now, as an incident is posted)."""
    policies.can_manage_notices(actor).require()
    data = _clean(
        kind=kind,
        severity=severity,
        title=title,
        message=message,
        starts_at=starts_at,
        ends_at=ends_at,
        show_before_hours=show_before_hours,
    )
    with transaction.atomic():
        notice = Notice.objects.create(created_by=actor, **data)
        audit.record(actor=actor, action="collaboration.notice.created", obj=notice, after=data)
        _forget_banner()
    return notice


def notice_update(
    *,
    notice: Notice,
    actor: Any,
    kind: str,
    title: str,
    message: str,
    starts_at: dt.datetime | None,
    ends_at: dt.datetime | None,
    severity: str,
    show_before_hours: int,
) -> Notice:
    with transaction.atomic():
        locked = Notice.objects.select_for_update().get(pk=notice.pk)
        policies.can_edit(actor, locked).require()
        data = _clean(
            kind=kind,
            severity=severity,
            title=title,
            message=message,
            starts_at=starts_at or locked.starts_at,
            ends_at=ends_at,
            show_before_hours=show_before_hours,
            previous_start=locked.starts_at,
        )
        before = {k: getattr(locked, k) for k in data}
        changed = {k: v for k, v in data.items() if before[k] != v}
        if not changed:
            return locked
        for key, value in changed.items():
            setattr(locked, key, value)
        locked.save(update_fields=[*changed, "updated_at"])
        audit.record(
            actor=actor,
            action="collaboration.notice.updated",
            obj=locked,
            before={k: before[k] for k in changed},
            after=changed,
        )
        _forget_banner()
    return locked


def notice_end(*, notice: Notice, actor: Any, resolution: str = "") -> Notice:
    """End the notice now ("Đã khắc phục" for an incident): the banner goes at once."""
    resolution = clean_reason(resolution or "", field="resolution", what="ghi chú khắc phục")
    if len(resolution) > MAX_RESOLUTION:
        raise Refused.invalid(f"Ghi chú tối đa {MAX_RESOLUTION} ký tự.", field="resolution")
    with transaction.atomic():
        locked = Notice.objects.select_for_update().get(pk=notice.pk)
        policies.can_end(actor, locked).require()
        locked.ended_at = timezone.now()
        locked.resolution = resolution
        locked.save(update_fields=["ended_at", "resolution", "updated_at"])
        audit.record(
            actor=actor,
            action="collaboration.notice.ended",
            obj=locked,
            after={"ended_at": locked.ended_at},
            note=resolution,
        )
        _forget_banner()
    return locked


def notice_dismiss(*, notice: Notice, session: Any, now: dt.datetime | None = None) -> None:
    """Hide the notice's banner for the rest of this session, in its present phase (the person's
    own session data; nothing is written to the database and nothing is audited)."""
    from congvu.collaboration.notices.selectors import DISMISSED_KEY, DISMISSED_LIMIT, dismissal_key

    now = now or timezone.now()
    item = {"id": notice.pk, "starts_at": notice.starts_at, "updated_at": notice.updated_at}
    keys = [k for k in session.get(DISMISSED_KEY, []) if isinstance(k, str)]
    key = dismissal_key(item, now)
    if key not in keys:
        keys.append(key)
    session[DISMISSED_KEY] = keys[-DISMISSED_LIMIT:]
