"""Nightly account jobs: inactivity suspension (TV-SEC-5) and the password reminder (ORG-6)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from congvu.accounts import jobs
from congvu.accounts.models import User, UserSession
from congvu.accounts.signin import services as tokens
from congvu.accounts.users import services as user_services
from congvu.core import scheduler
from congvu.core.models import AuditEvent
from congvu.notifications.models import Notification


def days_ago(n: float) -> dt.datetime:
    return timezone.now() - dt.timedelta(days=n)


def everyone_recently_active():
    User.objects.update(last_login=days_ago(1))


def test_the_jobs_are_registered_with_the_scheduler():
    registry = scheduler.autodiscover()
    assert registry["accounts.suspend_inactive"].at == dt.time(1, 0)
    assert registry["accounts.suspend_inactive"].every == "day"
    assert registry["accounts.password_reminder"].every == "day"
    assert registry["accounts.purge_sessions"].every == "hour"


def test_an_account_last_seen_46_days_ago_is_suspended_and_44_days_is_not(province):
    """TV-SEC-5."""
    everyone_recently_active()
    User.objects.filter(pk=province.chuyen_vien.pk).update(last_login=days_ago(46))
    User.objects.filter(pk=province.chuyen_vien_2.pk).update(last_login=days_ago(44))
    assert jobs.suspend_inactive.call() == 1
    officer = User.objects.get(pk=province.chuyen_vien.pk)
    assert officer.status == User.Status.SUSPENDED
    assert officer.status_reason == "Không đăng nhập quá 45 ngày"
    assert User.objects.get(pk=province.chuyen_vien_2.pk).status == User.Status.ACTIVE
    event = AuditEvent.objects.filter(action="accounts.user.suspend", object_id=str(officer.pk)).get()
    assert event.actor_id is None and event.note == "Không đăng nhập quá 45 ngày"


def test_an_account_never_signed_in_counts_from_its_creation(province):
    everyone_recently_active()
    old = user_services.user_create(
        full_name="Hồ Văn Cũ", unit=province.units.ns, position=province.positions.chuyen_vien, actor=None
    )
    new = user_services.user_create(
        full_name="Hồ Văn Mới", unit=province.units.ns, position=province.positions.chuyen_vien, actor=None
    )
    User.objects.filter(pk=old.user.pk).update(date_joined=days_ago(46))
    User.objects.filter(pk=new.user.pk).update(date_joined=days_ago(44))
    jobs.suspend_inactive_accounts()
    assert User.objects.get(pk=old.user.pk).status == User.Status.SUSPENDED
    assert User.objects.get(pk=new.user.pk).status == User.Status.ACTIVE


def test_a_reactivated_account_gets_a_fresh_45_days(province):
    everyone_recently_active()
    User.objects.filter(pk=province.chuyen_vien.pk).update(last_login=days_ago(60))
    jobs.suspend_inactive_accounts()
    officer = User.objects.get(pk=province.chuyen_vien.pk)
    user_services.user_reactivate(user=officer, actor=province.quan_tri)
    assert jobs.suspend_inactive_accounts() == 0
    assert User.objects.get(pk=officer.pk).status == User.Status.ACTIVE


def test_an_account_used_through_the_api_is_not_inactive(province):
    everyone_recently_active()
    User.objects.filter(pk=province.chuyen_vien.pk).update(last_login=days_ago(60))
    token, _ = tokens.token_create(user=province.chuyen_vien, name="Tích hợp", actor=province.chuyen_vien)
    type(token).objects.filter(pk=token.pk).update(last_used_at=days_ago(2))
    assert jobs.suspend_inactive_accounts() == 0


def test_the_last_active_administrator_is_never_suspended(province):
    everyone_recently_active()
    User.objects.filter(pk=province.quan_tri.pk).update(last_login=days_ago(100))
    jobs.suspend_inactive_accounts()
    assert User.objects.get(pk=province.quan_tri.pk).status == User.Status.ACTIVE


def test_an_administrator_is_suspended_when_another_one_remains(province):
    everyone_recently_active()
    User.objects.create_superuser("root", "Mật-khẩu-gốc-2026!", full_name="Quản trị gốc")
    User.objects.filter(pk=province.quan_tri.pk).update(last_login=days_ago(100))
    jobs.suspend_inactive_accounts()
    assert User.objects.get(pk=province.quan_tri.pk).status == User.Status.SUSPENDED


def test_retired_and_suspended_accounts_are_left_alone(province):
    everyone_recently_active()
    user_services.user_retire(user=province.chuyen_vien, actor=province.quan_tri, reason="Nghỉ hưu")
    User.objects.filter(pk=province.chuyen_vien.pk).update(last_login=days_ago(100))
    assert jobs.suspend_inactive_accounts() == 0
    assert User.objects.get(pk=province.chuyen_vien.pk).status == User.Status.RETIRED


# --- password reminder -----------------------------------------------------------------------------------


def reminders(user) -> list[Notification]:
    return list(Notification.objects.filter(recipient=user, kind="accounts.password_reminder"))


def test_a_password_older_than_180_days_gets_one_reminder_per_period(province):
    User.objects.update(password_changed_at=days_ago(10))
    User.objects.filter(pk=province.chuyen_vien.pk).update(password_changed_at=days_ago(181))
    assert jobs.password_reminder.call() == 1
    assert jobs.password_reminder.call() == 0  # the next night: already told for this period
    (note,) = reminders(province.chuyen_vien)
    assert note.title_text == "Đã đến lúc đổi mật khẩu"
    assert note.url == "/tai-khoan/doi-mat-khau/"
    assert reminders(province.chuyen_vien_2) == []
    # Another 180 days without a change: a new period, a new reminder.
    assert jobs.send_password_reminders(now=timezone.now() + dt.timedelta(days=180)) >= 1
    assert len(reminders(province.chuyen_vien)) == 2


def test_a_password_179_days_old_gets_no_reminder(province):
    User.objects.update(password_changed_at=days_ago(179))
    assert jobs.send_password_reminders() == 0


def test_accounts_waiting_for_their_first_change_or_stopped_get_no_reminder(province):
    User.objects.update(password_changed_at=days_ago(10))
    User.objects.filter(pk=province.chuyen_vien.pk).update(
        password_changed_at=days_ago(200), must_change_password=True
    )
    User.objects.filter(pk=province.chuyen_vien_2.pk).update(password_changed_at=days_ago(200))
    user_services.user_suspend(user=province.chuyen_vien_2, actor=province.quan_tri, reason="Nghỉ phép")
    assert jobs.send_password_reminders() == 0


def test_stale_session_rows_are_purged(province, client):
    client.post("/tai-khoan/dang-nhap/", {"username": "minhnv", "password": "Mật-khẩu-thử-2026!"})
    row = UserSession.objects.get(user=province.chuyen_vien)
    UserSession.objects.filter(pk=row.pk).update(last_seen_at=timezone.now() - dt.timedelta(hours=2))
    assert jobs.purge_sessions.call() == 1
    assert not UserSession.objects.exists()
    assert client.get("/").status_code == 302  # the session itself is gone too
