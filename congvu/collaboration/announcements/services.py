"""The only write path of announcements (MISSION COL-4; seed 002 Đ7.4): post, edit, remove, mark
read, extend the keeping, clear what is no longer kept. Each checks the policy again and writes
its audit event in its transaction (a read receipt is its own record and is not audited)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_noop

from congvu.collaboration import retention
from congvu.collaboration.announcements import policies
from congvu.collaboration.announcements.models import (
    BODY_MAX,
    CAPACITY_MAX,
    TITLE_MAX,
    Announcement,
    AnnouncementRead,
    AnnouncementUnit,
)
from congvu.collaboration.announcements.selectors import audience_ids
from congvu.core import audit
from congvu.core.decisions import Refused
from congvu.core.personal import touch
from congvu.core.typed import typed_line, typed_text
from congvu.notifications.services import notification_settle, notify, subject_of
from congvu.org.models import Unit

MAX_UNITS = 100
CLEAR_BATCH = 500
AWAITS = "collaboration.announcement.read"  # what the audience's notices ask for


def _audience(actor: Any, held: policies.Capacity, whole_agency: bool, units: list[Unit]) -> list[Unit]:
    units = list({u.pk: u for u in units}.values())
    if len(units) > MAX_UNITS:
        raise Refused.invalid(f"Chọn tối đa {MAX_UNITS} đơn vị nhận.", field="units")
    policies.can_address(actor, held, whole_agency=whole_agency, units=units).require(field="units")
    return [] if whole_agency else units


def _tell(announcement: Announcement, people: list[int]) -> int:
    """A notice in the app to each person of the audience, once (the event key), not by e-mail: a
    whole agency at once, and the announcement is read in the app. Opening the announcement settles
    the person's notice, so the bell's count and the unread announcements agree."""
    from congvu.accounts.models import User

    recipients = User.objects.filter(pk__in=[pk for pk in people if pk != announcement.posted_by_id])
    return len(
        notify(
            recipients=recipients.order_by("pk"),
            title=gettext_noop("Thông báo chung: %(title)s"),
            body=gettext_noop("%(capacity)s"),
            params={"title": announcement.title[:200], "capacity": announcement.capacity},
            url=reverse("collaboration:announcements_detail", args=[announcement.pk]),
            kind="collaboration.announcement",
            event_key=f"announcement:{announcement.pk}",
            subject=subject_of(announcement),
            awaits=AWAITS,
            email=False,
        )
    )


@transaction.atomic
def announcement_post(
    *,
    capacity_key: str,
    title: str,
    body: str,
    whole_agency: bool,
    units: list[Unit] | None = None,
    actor: Any,
) -> Announcement:
    """Post an announcement in one of the person's capacities to its audience, and tell them."""
    policies.can_post(actor).require()
    held = policies.capacity(actor, capacity_key)
    if held is None:
        raise Refused.invalid("Vui lòng chọn tư cách đăng thông báo.", field="capacity")
    title = typed_line(title, field="title", limit=TITLE_MAX, what="tiêu đề")
    body = typed_text(body, field="body", limit=BODY_MAX, what="nội dung", required=True)
    chosen = _audience(actor, held, whole_agency, units or [])
    now = timezone.now()
    announcement = Announcement.objects.create(
        agency=held.agency,
        title=title,
        body=body,
        posted_by=actor,
        capacity=held.label[:CAPACITY_MAX],
        capacity_key=held.key,
        whole_agency=whole_agency,
        posted_at=now,
        keep_until=policies.keep_until_for(timezone.localdate(now)),
    )
    AnnouncementUnit.objects.bulk_create(
        [AnnouncementUnit(announcement=announcement, unit=u) for u in chosen]
    )
    told = _tell(announcement, audience_ids(announcement))
    audit.record(
        actor=actor,
        action="collaboration.announcement.posted",
        obj=announcement,
        after={
            "capacity": held.label,
            "whole_agency": whole_agency,
            "units": [u.pk for u in chosen],
            "keep_until": announcement.keep_until,
            "told": told,
        },
    )
    return announcement


@transaction.atomic
def announcement_edit(
    *,
    announcement: Announcement,
    title: str,
    body: str,
    whole_agency: bool,
    units: list[Unit] | None = None,
    actor: Any,
) -> Announcement:
    """The poster corrects or updates it; people newly in the audience are told."""
    announcement = Announcement.objects.select_for_update().select_related("agency").get(pk=announcement.pk)
    policies.can_edit(actor, announcement).require()
    held = policies.capacity(actor, announcement.capacity_key)
    if held is None:
        raise Refused.not_allowed(
            "Đồng chí không còn giữ tư cách đã đăng thông báo này: chỉ gỡ được, không sửa được nữa."
        )
    before = {
        "title": announcement.title,
        "body": announcement.body,
        "whole_agency": announcement.whole_agency,
        "units": sorted(announcement.audience.values_list("unit_id", flat=True)),
    }
    title = typed_line(title, field="title", limit=TITLE_MAX, what="tiêu đề")
    body = typed_text(body, field="body", limit=BODY_MAX, what="nội dung", required=True)
    chosen = _audience(actor, held, whole_agency, units or [])
    announcement.title, announcement.body, announcement.whole_agency = title, body, whole_agency
    announcement.edited_at = timezone.now()
    announcement.save(update_fields=["title", "body", "whole_agency", "edited_at"])
    announcement.audience.exclude(unit_id__in=[u.pk for u in chosen]).delete()
    kept = set(announcement.audience.values_list("unit_id", flat=True))
    AnnouncementUnit.objects.bulk_create(
        [AnnouncementUnit(announcement=announcement, unit=u) for u in chosen if u.pk not in kept]
    )
    _tell(announcement, audience_ids(announcement))  # the event key tells each person once
    audit.record(
        actor=actor,
        action="collaboration.announcement.edited",
        obj=announcement,
        before=before,
        after={
            "title": title,
            "body": body,
            "whole_agency": whole_agency,
            "units": sorted(u.pk for u in chosen),
        },
    )
    return announcement


@transaction.atomic
def announcement_remove(*, announcement: Announcement, actor: Any) -> None:
    found = Announcement.objects.select_for_update().filter(pk=announcement.pk).first()
    if found is None:
        raise Refused.wrong_state("Thông báo đã được gỡ.")
    policies.can_edit(actor, found).require()
    notification_settle(subject=subject_of(found), awaits=AWAITS)
    audit.record(
        actor=actor,
        action="collaboration.announcement.removed",
        obj=found,
        before={"title": found.title, "posted_at": found.posted_at, "reads": found.reads.count()},
    )
    found.delete()


def announcement_mark_read(*, announcement: Announcement, actor: Any) -> bool:
    """Keep that the person opened it (the first time only); True when this was the first time.
    Only the audience leaves receipts: the poster's own opening, or an administrator's, is none."""
    if announcement.posted_by_id == actor.pk:
        return False
    if AnnouncementRead.objects.filter(announcement=announcement, user=actor).exists():
        return False
    if not policies.addressed_to(actor).filter(pk=announcement.pk).exists():
        return False
    try:
        with transaction.atomic():
            AnnouncementRead.objects.create(announcement=announcement, user=actor, read_at=timezone.now())
            touch([actor])
            notification_settle(subject=subject_of(announcement), awaits=AWAITS, recipients=[actor])
    except IntegrityError:  # opened twice at once: the first receipt stands
        return False
    return True


@transaction.atomic
def announcement_extend(
    *, announcement: Announcement, keep_until: dt.date, reason: str, actor: Any
) -> Announcement:
    """An administrator keeps it longer (Đ7.4 "liên hệ quản trị Hệ thống để giữ lại thông tin đó
    thêm một thời gian nữa"): a later keep-until day, within two years, with the reason."""
    announcement = Announcement.objects.select_for_update().select_related("agency").get(pk=announcement.pk)
    policies.can_extend(actor, announcement).require()
    keep_until, reason = retention.longer_keeping(
        kept_until=announcement.keep_until, keep_until=keep_until, reason=reason
    )
    before = announcement.keep_until
    announcement.keep_until = keep_until
    announcement.extended_by = actor
    announcement.extended_at = timezone.now()
    announcement.extension_reason = reason
    announcement.save(update_fields=["keep_until", "extended_by", "extended_at", "extension_reason"])
    audit.record(
        actor=actor,
        action="collaboration.announcement.extended",
        obj=announcement,
        before={"keep_until": before},
        after={"keep_until": keep_until},
        note=reason,
    )
    return announcement


def announcements_clear(*, today: dt.date | None = None, actor: Any = None) -> int:
    """Remove what is no longer kept (``policies.clearing_cutoff``): in the first month of a quarter,
    every announcement whose keeping ended before the quarter began. One audit event with the
    count; run again, it finds nothing more. Returns the number removed."""
    today = today or timezone.localdate()
    cutoff = policies.clearing_cutoff(today)
    if cutoff is None:
        return 0
    removed = 0
    with transaction.atomic():
        while True:
            ids = list(
                Announcement.objects.filter(keep_until__lt=cutoff)
                .order_by("id")
                .values_list("id", flat=True)[:CLEAR_BATCH]
            )
            if not ids:
                break
            for pk in ids:
                notification_settle(subject=f"{Announcement._meta.label_lower}:{pk}", awaits=AWAITS)
            AnnouncementRead.objects.filter(announcement_id__in=ids).delete()
            AnnouncementUnit.objects.filter(announcement_id__in=ids).delete()
            removed += (
                Announcement.objects.filter(pk__in=ids).delete()[1].get("collaboration.Announcement", 0)
            )
        if removed:
            audit.record(
                actor=actor,
                action="collaboration.announcement.cleared",
                object_type="collaboration.announcement",
                after={"count": removed, "kept_until_before": cutoff},
                note=f"{removed}",
            )
    return removed
