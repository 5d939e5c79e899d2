"""The notification centre and e-mail copies sent after commit through the task queue."""

import pytest
from django.core import mail
from django.db import transaction

from congvu.notifications.models import Notification
from congvu.notifications.services import notify
from tests.conftest import queued


def test_notify_creates_one_row_per_person_and_emails_after_commit(
    province, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        notify(
            recipients=[province.chuyen_vien, province.chuyen_vien_2, province.chuyen_vien],
            title="Có việc mới",
        )
    assert Notification.objects.filter(title="Có việc mới").count() == 2
    assert sorted(m.to[0] for m in mail.outbox) == ["hattt@binhson.gov.vn", "minhnv@binhson.gov.vn"]
    assert Notification.objects.filter(title="Có việc mới", emailed_at__isnull=False).count() == 2


def test_the_same_event_never_reaches_a_person_twice(province, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        notify(recipients=[province.chuyen_vien], title="Sắp đến hạn", event_key="due:1")
        notify(recipients=[province.chuyen_vien], title="Sắp đến hạn", event_key="due:1")
    assert Notification.objects.filter(event_key="due:1").count() == 1
    assert len(mail.outbox) == 1


class _Failed(Exception):
    pass


def test_nothing_is_emailed_when_the_transaction_rolls_back(province, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with pytest.raises(_Failed), transaction.atomic():
            notify(recipients=[province.chuyen_vien], title="Không gửi")
            assert Notification.objects.filter(title="Không gửi").count() == 1  # written at once
            raise _Failed  # the work that asked for the notice fails after it
        notify(recipients=[province.chuyen_vien_2], title="Có gửi")
    assert len(queued(callbacks)) == 1  # only the committed notice's e-mail was queued
    assert not Notification.objects.filter(title="Không gửi").exists()
    assert [(m.subject, m.to) for m in mail.outbox] == [("[Công Vụ] Có gửi", ["hattt@binhson.gov.vn"])]


def test_the_email_waits_for_the_commit(province, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        notify(recipients=[province.chuyen_vien], title="Chờ lưu")
    assert len(queued(callbacks)) == 1  # queued for commit, not sent inline
    assert mail.outbox == []


def test_the_inbox_lists_only_my_notifications_and_marks_them_read(province, signed_in):
    Notification.objects.create(recipient=province.chuyen_vien, title="Của tôi", url="/")
    Notification.objects.create(recipient=province.chuyen_vien_2, title="Của người khác")
    client = signed_in(province.chuyen_vien)
    body = client.get("/thong-bao/").content.decode()
    assert "Của tôi" in body and "Của người khác" not in body
    client.post("/thong-bao/da-doc/")
    assert not Notification.objects.filter(recipient=province.chuyen_vien, read_at__isnull=True).exists()
    assert Notification.objects.filter(recipient=province.chuyen_vien_2, read_at__isnull=True).exists()


def test_opening_someone_elses_notification_shows_nothing_of_it(province, signed_in):
    other = Notification.objects.create(recipient=province.chuyen_vien_2, title="Riêng", url="/bi-mat/")
    response = signed_in(province.chuyen_vien).get(f"/thong-bao/{other.pk}/")
    assert response["Location"] == "/thong-bao/"
    other.refresh_from_db()
    assert other.read_at is None


def test_the_inbox_costs_the_same_queries_for_5_or_120_notifications(
    province, signed_in, django_assert_max_num_queries
):
    client = signed_in(province.chuyen_vien)
    client.get("/thong-bao/")  # the session's first request also records "last seen"
    Notification.objects.bulk_create(
        [Notification(recipient=province.chuyen_vien, title=f"n{i}") for i in range(5)]
    )
    with django_assert_max_num_queries(12) as small:
        client.get("/thong-bao/")
    Notification.objects.bulk_create(
        [Notification(recipient=province.chuyen_vien, title=f"m{i}") for i in range(115)]
    )
    with django_assert_max_num_queries(12) as large:
        client.get("/thong-bao/")
    assert len(large.captured_queries) == len(small.captured_queries)
