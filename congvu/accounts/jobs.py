"""Periodic jobs of the accounts (found by ``congvu.core.scheduler.autodiscover``).

- ``accounts.suspend_inactive`` (daily, 01:00): suspend accounts unused for
  ``SECURITY["INACTIVE_SUSPEND_DAYS"]`` days (standards §7: "disable accounts inactive > 45 days";
  TV-SEC-5). Never the last active administrator of the whole system.
- ``accounts.password_reminder`` (daily, 07:00): remind people whose password is older than
  ``SECURITY["PASSWORD_REMINDER_DAYS"]`` (seed 000 Đ9.4: "6 tháng 1 lần"; ORG-6), once per period.
- ``accounts.purge_sessions`` (hourly): forget sessions that can no longer be used.
"""

from __future__ import annotations

import datetime as dt
import logging
from importlib import import_module

from django.conf import settings
from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_noop

from congvu.accounts.models import User
from congvu.core.decisions import Refused
from congvu.core.scheduler import periodic
from congvu.core.tasks_api import task

logger = logging.getLogger(__name__)

BATCH = 500


def inactive_accounts(now: dt.datetime | None = None):
    """Active accounts with no sign-in, no API use and no change of state in the last N days.

    Never signed in: counted from the account's creation. A reactivated account counts from its
    reactivation, so it is not suspended again the night after an administrator reopened it.
    """
    now = now or timezone.now()
    cutoff = now - dt.timedelta(days=settings.SECURITY["INACTIVE_SUSPEND_DAYS"])
    return (
        User.objects.filter(status=User.Status.ACTIVE)
        .filter(Q(last_login__lt=cutoff) | Q(last_login__isnull=True, date_joined__lt=cutoff))
        .filter(Q(status_changed_at__isnull=True) | Q(status_changed_at__lt=cutoff))
        .exclude(api_tokens__revoked_at__isnull=True, api_tokens__last_used_at__gte=cutoff)
        .distinct()
    )


def suspend_inactive_accounts(now: dt.datetime | None = None) -> int:
    from congvu.accounts.users import services as user_services

    days = settings.SECURITY["INACTIVE_SUSPEND_DAYS"]
    reason = f"Không đăng nhập quá {days} ngày"
    suspended = 0
    last_id = 0
    while True:
        batch = list(inactive_accounts(now).filter(pk__gt=last_id).order_by("pk")[:BATCH])
        if not batch:
            return suspended
        for user in batch:
            last_id = user.pk
            try:
                user_services.user_suspend(user=user, actor=None, reason=reason)
            except Refused as exc:  # the last administrator, or changed meanwhile
                logger.info("accounts.suspend_inactive: %s kept (%s)", user.username, exc.message)
                continue
            suspended += 1


@periodic("accounts.suspend_inactive", every="day", at="01:00")
@task()
def suspend_inactive() -> int:
    """TV-SEC-5: last sign-in 46 days ago → suspended; 44 days → still active."""
    return suspend_inactive_accounts()


def password_reminder_recipients(now: dt.datetime | None = None):
    now = now or timezone.now()
    cutoff = now - dt.timedelta(days=settings.SECURITY["PASSWORD_REMINDER_DAYS"])
    return (
        User.objects.filter(status=User.Status.ACTIVE, must_change_password=False)
        .exclude(password__startswith=UNUSABLE_PASSWORD_PREFIX)  # signs in through LDAP / OIDC
        .filter(
            Q(password_changed_at__lt=cutoff) | Q(password_changed_at__isnull=True, date_joined__lt=cutoff)
        )
    )


def send_password_reminders(now: dt.datetime | None = None) -> int:
    """One notification per person and per period of N days without a change (``event_key``)."""
    from congvu.notifications.services import notify

    now = now or timezone.now()
    days = settings.SECURITY["PASSWORD_REMINDER_DAYS"]
    url = reverse("accounts:password_change")
    sent = 0
    for user in password_reminder_recipients(now).order_by("pk").iterator(chunk_size=BATCH):
        changed = user.password_changed_at or user.date_joined
        period = (now - changed).days // days
        created = notify(
            recipients=[user],
            title=gettext_noop("Đã đến lúc đổi mật khẩu"),
            body=gettext_noop(
                "Mật khẩu của bạn đã dùng hơn %(age)s ngày. Theo quy chế, mỗi người nên đổi mật "
                "khẩu ít nhất %(every)s ngày một lần để bảo đảm an toàn thông tin."
            ),
            params={"age": (now - changed).days, "every": days},
            url=url,
            kind="accounts.password_reminder",
            event_key=f"accounts:password-reminder:{changed.date().isoformat()}:{period}",
        )
        sent += len(created)
    return sent


@periodic("accounts.password_reminder", every="day", at="07:00")
@task()
def password_reminder() -> int:
    return send_password_reminders()


@periodic("accounts.purge_sessions", every="hour")
@task()
def purge_sessions() -> int:
    """Drop session rows idle past every limit, and expired sessions from the session store."""
    from congvu.accounts.signin import services as sessions

    removed = sessions.purge_stale()
    engine = import_module(settings.SESSION_ENGINE)
    try:
        engine.SessionStore.clear_expired()
    except NotImplementedError:  # a store that expires by itself (cache)
        pass
    return removed
