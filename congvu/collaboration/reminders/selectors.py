"""The only read path of reminders, for the screens and the API alike (COL-7)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, F, Prefetch, Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from congvu.collaboration.reminders import policies
from congvu.collaboration.reminders.models import Reminder, ReminderRecipient
from congvu.collaboration.reminders.workflow import OPEN, REMINDER_WORKFLOW
from congvu.core import registry
from congvu.core.pagination import KeysetPage, keyset_page
from congvu.org import policies as org
from congvu.org import tree

PAGE_SIZE = 25
MAX_PAGE_SIZE = 100
MAX_PICKABLE = 2000
R = ReminderRecipient.Status


def received_queryset(user: Any, *, open_only: bool = False) -> QuerySet[ReminderRecipient]:
    if not getattr(user, "pk", None):
        return ReminderRecipient.objects.none()
    rows = ReminderRecipient.objects.filter(user_id=user.pk)
    if open_only:
        rows = rows.filter(status__in=OPEN)
    return rows


def received_page(
    user: Any, *, open_only: bool = False, after: str | None = None, size: int = PAGE_SIZE
) -> KeysetPage:
    """The reminders the person received, newest first (one query)."""
    rows = received_queryset(user, open_only=open_only).select_related(
        "reminder", "reminder__sender", "reminder__on_behalf_of"
    )
    return keyset_page(rows, order=("-sent_at", "-id"), after=after, size=max(1, min(size, MAX_PAGE_SIZE)))


def sent_queryset(user: Any) -> QuerySet[Reminder]:
    pk = getattr(user, "pk", None)
    return Reminder.objects.filter(Q(sender_id=pk) | Q(on_behalf_of_id=pk))


def sent_page(user: Any, *, after: str | None = None, size: int = PAGE_SIZE) -> KeysetPage:
    """The reminders the person sent (or that were sent on their behalf), each with its recipients'
    states (two queries, whatever the page's length)."""
    rows = (
        sent_queryset(user)
        .select_related("sender", "on_behalf_of")
        .prefetch_related(
            Prefetch("recipients", queryset=ReminderRecipient.objects.select_related("user").order_by("id"))
        )
    )
    return keyset_page(rows, order=("-sent_at", "-id"), after=after, size=max(1, min(size, MAX_PAGE_SIZE)))


def is_overdue(row: ReminderRecipient, today: Any = None) -> bool:
    today = today or timezone.localdate()
    return row.status in OPEN and row.due_on is not None and row.due_on < today


@dataclass
class ReminderPage:
    reminder: Reminder
    rows: list[ReminderRecipient]
    mine: ReminderRecipient | None
    my_actions: list[str]
    can_cancel: bool
    today: Any


def reminder_page(user: Any, reminder: Reminder) -> ReminderPage:
    rows = list(ReminderRecipient.objects.filter(reminder=reminder).select_related("user").order_by("id"))
    today = timezone.localdate()
    for row in rows:
        row.reminder = reminder  # the guards read it: no query per row
        row.overdue = is_overdue(row, today)  # type: ignore[attr-defined]
    mine = next((r for r in rows if r.user_id == user.pk), None)
    actions = REMINDER_WORKFLOW.allowed_names(mine, user, ["acknowledge", "complete"]) if mine else []
    open_rows = [r for r in rows if r.status in OPEN]
    can_cancel = bool(open_rows) and bool(REMINDER_WORKFLOW.check("cancel", open_rows[0], user))
    return ReminderPage(reminder, rows, mine, actions, can_cancel, today)


def pickable_people(user: Any) -> list[Any]:
    """The people the person may remind: those working in a unit they lead (personally or on a
    principal's behalf), themselves left out, in Vietnamese name order."""
    from congvu.accounts.models import User
    from congvu.org.models import Membership

    units = org.led_units(user)
    ids = (
        Membership.objects.current()
        .filter(unit__in=units, user__status=User.Status.ACTIVE)
        .exclude(user_id=user.pk)
        .values_list("user_id", flat=True)
        .distinct()
    )
    people = list(User.objects.filter(pk__in=ids)[:MAX_PICKABLE])
    people = [p for p in people if policies.can_remind(user, p)]
    return sorted(people, key=tree.person_sort_key)


# --- "Hôm nay" ------------------------------------------------------------------------------------

HOME_ITEMS = 5


def home_tally(user: Any) -> dict[str, int]:
    """What waits on the person, in one query (kept on the user object for the rest of the request)."""
    cached = getattr(user, "_reminder_tally", None)
    if cached is not None:
        return cached
    if not getattr(user, "pk", None):
        return {"to_acknowledge": 0, "to_do": 0, "sent_overdue": 0}
    today = timezone.localdate()
    mine = Q(user_id=user.pk)
    sent_by_me = Q(reminder__sender_id=user.pk) | Q(reminder__on_behalf_of_id=user.pk)
    overdue = Q(due_on__lt=today)
    tally = ReminderRecipient.objects.filter(Q(status__in=OPEN) & (mine | (sent_by_me & overdue))).aggregate(
        to_acknowledge=Count("id", filter=mine & Q(status=R.SENT)),
        to_do=Count("id", filter=mine & Q(status=R.ACKNOWLEDGED)),
        sent_overdue=Count("reminder", filter=sent_by_me & overdue, distinct=True),
    )
    user._reminder_tally = tally
    return tally


def home_counts(user: Any) -> list[registry.Count]:
    if not getattr(user, "pk", None):
        return []
    tally = home_tally(user)
    base = reverse("collaboration:reminders_received")
    counts = []
    if tally["to_acknowledge"] or tally["to_do"]:
        counts.append(
            registry.Count(_("Nhắc việc chờ nhận"), tally["to_acknowledge"], base, "warn", waiting=True)
        )
        counts.append(registry.Count(_("Nhắc việc cần làm"), tally["to_do"], base, waiting=True))
    if tally["sent_overdue"]:
        counts.append(
            registry.Count(
                _("Nhắc việc đã gửi quá hạn"),
                tally["sent_overdue"],
                reverse("collaboration:reminders_sent"),
                "bad",
            )
        )
    return counts


def home_section(user: Any) -> dict[str, Any] | None:
    """Reminders waiting on me (to acknowledge, to do), the overdue ones first; hidden when none."""
    tally = home_tally(user)
    waiting = tally["to_acknowledge"] + tally["to_do"]
    if not waiting and not tally["sent_overdue"]:
        return None
    items = list(
        received_queryset(user, open_only=True)
        .select_related("reminder", "reminder__sender")
        .order_by(F("due_on").asc(nulls_last=True), "-sent_at", "-id")[:HOME_ITEMS]
    ) if waiting else []  # fmt: skip
    today = timezone.localdate()
    for row in items:
        row.overdue = is_overdue(row, today)  # type: ignore[attr-defined]
    return {"items": items, "tally": tally, "total": waiting}
