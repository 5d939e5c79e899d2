"""The only write path of reminders (COL-7; seed 002 Điều 8).

``reminder_send`` checks that the sender is a superior of every recipient (or holds a superior's
authority, recorded "thay mặt"), then writes the reminder and one row per recipient and notifies
them. Each recipient acknowledges it ("Đã nhận") and reports it done ("Đã thực hiện", with a
report); the sender may cancel what is still open. ``reminders_flag_overdue`` (the daily job) tells
the recipient and the sender, once, that an open reminder's due date has passed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_noop

from congvu.collaboration.reminders import policies
from congvu.collaboration.reminders.models import Reminder, ReminderRecipient
from congvu.collaboration.reminders.workflow import OPEN, REMINDER_WORKFLOW
from congvu.core import audit, calendar
from congvu.core.decisions import Refused
from congvu.core.typed import site_path
from congvu.core.workflow import MAX_REASON, clean_reason
from congvu.notifications.services import notification_settle, notify, subject_of

MAX_CONTENT = 2000
MAX_LINK = 500
MAX_RECIPIENTS = 100
MAX_DUE_DAYS = 730  # a reminder is about work at hand: due within two years
OVERDUE_BATCH = 5000  # open reminders flagged in one run: far more than a day brings


def reminder_url(reminder: Reminder) -> str:
    return reverse("collaboration:reminders_detail", args=[reminder.pk])


def clean_link(link: str) -> str:
    """A link to a page of this site (``core.typed.site_path``)."""
    return site_path(link, field="link", what="liên kết", limit=MAX_LINK)


@transaction.atomic
def reminder_send(
    *,
    actor: Any,
    recipients: Sequence[Any],
    content: str,
    due_on: dt.date | None = None,
    link: str = "",
) -> Reminder:
    """Send a reminder (COL-7). Refused (403) when the actor is not a superior of a recipient;
    invalid input on its field otherwise."""
    people = list({p.pk: p for p in recipients}.values())
    if not people:
        raise Refused.invalid("Vui lòng chọn ít nhất một người nhận.", field="recipients")
    if len(people) > MAX_RECIPIENTS:
        raise Refused.invalid(f"Mỗi nhắc việc gửi tối đa {MAX_RECIPIENTS} người.", field="recipients")
    principals = set()
    on_behalf_of = None
    for person in people:
        decision = policies.can_remind(actor, person).require()
        if decision.on_behalf_of is not None:
            principals.add(decision.on_behalf_of.pk)
            on_behalf_of = decision.on_behalf_of
    if len(principals) > 1:
        raise Refused.invalid(
            "Những người nhận này thuộc quyền của nhiều lãnh đạo khác nhau mà bạn đang thay mặt; "
            "vui lòng gửi riêng cho từng nhóm.",
            field="recipients",
        )
    content = clean_reason(content, field="content", what="nội dung nhắc việc")
    if not content:
        raise Refused.invalid("Vui lòng nhập nội dung nhắc việc.", field="content")
    if len(content) > MAX_CONTENT:
        raise Refused.invalid(f"Nội dung tối đa {MAX_CONTENT} ký tự.", field="content")
    today = timezone.localdate()
    if due_on is not None:
        calendar.check_in_horizon(due_on, field="due_on")
        if due_on < today:
            raise Refused.invalid("Hạn thực hiện không được trước hôm nay.", field="due_on")
        if due_on > today + dt.timedelta(days=MAX_DUE_DAYS):
            raise Refused.invalid("Hạn thực hiện tối đa 2 năm kể từ hôm nay.", field="due_on")
    link = clean_link(link)
    now = timezone.now()
    reminder = Reminder.objects.create(
        sender=actor, on_behalf_of=on_behalf_of, content=content, due_on=due_on, link=link, sent_at=now
    )
    ReminderRecipient.objects.bulk_create(
        [ReminderRecipient(reminder=reminder, user=p, due_on=due_on, sent_at=now) for p in people]
    )
    audit.record(
        actor=actor,
        on_behalf_of=on_behalf_of,
        action="collaboration.reminder.sent",
        obj=reminder,
        after={
            "content": content,
            "due_on": due_on,
            "link": link,
            "recipients": [p.pk for p in people],
        },
    )
    notify(
        recipients=people,
        title=gettext_noop("Nhắc việc từ %(sender)s"),
        body=gettext_noop("%(content)s"),
        params={"sender": actor.full_name, "content": content[:300]},
        url=reminder_url(reminder),
        kind="collaboration.reminder",
        subject=subject_of(reminder),
        awaits="acknowledge",
    )
    return reminder


def reminder_acknowledge(*, row: ReminderRecipient, actor: Any) -> ReminderRecipient:
    """The recipient says "Đã nhận"."""
    with transaction.atomic():
        fresh = REMINDER_WORKFLOW.apply("acknowledge", row, actor=actor)
        notification_settle(subject=subject_of(row.reminder), awaits="acknowledge", recipients=[actor])
    return fresh


def reminder_complete(*, row: ReminderRecipient, actor: Any, report: str) -> ReminderRecipient:
    """The recipient reports it done, with what was done (required); the sender is told."""
    report = clean_reason(report, field="report", what="báo cáo kết quả")
    if not report:
        raise Refused.invalid("Vui lòng ghi kết quả thực hiện.", field="report")
    if len(report) > MAX_REASON:
        raise Refused.invalid(f"Báo cáo tối đa {MAX_REASON} ký tự.", field="report")
    with transaction.atomic():
        changes: dict[str, Any] = {"report": report}
        if row.acknowledged_at is None:
            changes["acknowledged_at"] = timezone.now()
        fresh = REMINDER_WORKFLOW.apply("complete", row, actor=actor, reason=report, changes=changes)
        reminder = row.reminder
        notification_settle(subject=subject_of(reminder), awaits="acknowledge", recipients=[actor])
        notify(
            recipients=[p for p in (reminder.sender, reminder.on_behalf_of) if p is not None],
            title=gettext_noop("%(person)s đã thực hiện nhắc việc"),
            body=gettext_noop("%(report)s"),
            params={"person": actor.full_name, "report": report[:300]},
            url=reminder_url(reminder),
            kind="collaboration.reminder.done",
            event_key=f"reminder:{row.pk}:done",
        )
    return fresh


def reminder_cancel(*, reminder: Reminder, actor: Any, reason: str = "") -> int:
    """The sender withdraws the order for every recipient who has not done it yet; returns how many.
    Those recipients are told."""
    rows = list(
        ReminderRecipient.objects.filter(reminder=reminder, status__in=OPEN)
        .select_related("reminder", "user")
        .order_by("id")
    )
    if not rows:
        raise Refused.wrong_state("Nhắc việc này đã được thực hiện hoặc đã hủy: không còn gì để hủy.")
    with transaction.atomic():
        decision = REMINDER_WORKFLOW.check("cancel", rows[0], actor).require()
        for row in rows:
            REMINDER_WORKFLOW.apply("cancel", row, actor=actor, reason=reason)
        locked = Reminder.objects.select_for_update().get(pk=reminder.pk)
        locked.cancelled_at = timezone.now()
        locked.cancelled_by = actor
        locked.save(update_fields=["cancelled_at", "cancelled_by"])
        audit.record(
            actor=actor,
            on_behalf_of=decision.on_behalf_of,
            action="collaboration.reminder.cancelled",
            obj=locked,
            after={"recipients": [r.user_id for r in rows]},
            note=clean_reason(reason),
        )
        notification_settle(subject=subject_of(reminder))
        notify(
            recipients=[r.user for r in rows],
            title=gettext_noop("%(sender)s đã hủy nhắc việc"),
            body=gettext_noop("%(content)s"),
            params={"sender": actor.full_name, "content": reminder.content[:300]},
            url=reminder_url(reminder),
            kind="collaboration.reminder.cancelled",
        )
    return len(rows)


def reminders_flag_overdue(*, now: dt.datetime | None = None) -> int:
    """Tell the recipient and the sender, once, of each open reminder whose due date has passed
    (seed 002 Đ8: an order is followed up). Returns the rows flagged."""
    now = now or timezone.now()
    today = timezone.localtime(now).date()
    rows = list(
        ReminderRecipient.objects.filter(status__in=OPEN, due_on__lt=today, overdue_notified_at__isnull=True)
        .select_related("reminder", "reminder__sender", "reminder__on_behalf_of", "user")
        .order_by("id")[:OVERDUE_BATCH]
    )
    for row in rows:
        with transaction.atomic():
            claimed = ReminderRecipient.objects.filter(
                pk=row.pk, status__in=OPEN, overdue_notified_at__isnull=True
            ).update(overdue_notified_at=now)
            if not claimed:
                continue
            reminder = row.reminder
            params = {
                "person": row.user.full_name,
                "due": f"{row.due_on:%d/%m/%Y}",
                "content": reminder.content[:200],
            }
            notify(
                recipients=[row.user],
                title=gettext_noop("Nhắc việc quá hạn %(due)s: %(content)s"),
                params=params,
                url=reminder_url(reminder),
                kind="collaboration.reminder.overdue",
                event_key=f"reminder:{row.pk}:overdue",
            )
            notify(
                recipients=[p for p in (reminder.sender, reminder.on_behalf_of) if p is not None],
                title=gettext_noop("%(person)s chưa thực hiện nhắc việc hạn %(due)s: %(content)s"),
                params=params,
                url=reminder_url(reminder),
                kind="collaboration.reminder.overdue",
                event_key=f"reminder:{row.pk}:overdue",
            )
            audit.record(
                actor=None,
                action="collaboration.reminderrecipient.overdue_flagged",
                obj=row,
                after={"due_on": row.due_on, "user": row.user_id},
            )
    return len(rows)
