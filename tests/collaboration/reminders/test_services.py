"""Reminders (COL-7; seed 002 Điều 8): who may remind whom (a table written from the regulation),
sending on a superior's behalf, the recipient's answers, cancelling, and the overdue follow-up."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from congvu.collaboration.reminders import policies, selectors, services
from congvu.collaboration.reminders.models import Reminder, ReminderRecipient
from congvu.core.decisions import RefusalKind, Refused
from congvu.core.models import AuditEvent
from congvu.notifications.models import Notification
from tests.conftest import TODAY, acting_now, travel_to

S = ReminderRecipient.Status

# (sender, recipient) → may remind? Written from the org chart in tests/conftest.py and Điều 8: a
# superior is the head of the recipient's unit or of a unit above it, or the deputy in charge of it.
MAY_REMIND = [
    ("truong_phong", "chuyen_vien", True),  # head of Phòng TCBC
    ("truong_phong", "chuyen_vien_2", True),
    ("truong_phong", "giam_doc", False),  # his own superior
    ("truong_phong", "chuyen_vien_khac", False),  # another department
    ("truong_phong", "truong_phong", False),  # himself
    ("pho_giam_doc", "truong_phong", True),  # the deputy director in charge of TCBC
    ("pho_giam_doc", "chuyen_vien", True),
    ("pho_giam_doc", "giam_doc", False),
    ("giam_doc", "pho_giam_doc", True),  # head of Sở Nội vụ
    ("giam_doc", "chuyen_vien", True),
    ("giam_doc", "chuyen_vien_khac", False),  # Sở Tài chính
    ("chuyen_vien", "chuyen_vien_2", False),  # a peer
    ("chuyen_vien", "truong_phong", False),
    ("chanh_vp", "chuyen_vien", False),  # the provincial office does not lead Sở Nội vụ
    ("chanh_vp", "van_thu", True),
    ("chu_tich", "giam_doc", True),  # the province's chairman heads every unit below
    ("chu_tich", "chu_tich_huyen", True),
    ("pho_chu_tich", "giam_doc", True),
    ("chu_tich_huyen", "giam_doc", False),
    ("quan_tri", "chuyen_vien", False),  # administration is no authority over people's work
]


@pytest.mark.parametrize(("sender", "recipient", "allowed"), MAY_REMIND)
def test_who_may_remind_whom(province, sender, recipient, allowed):
    decision = policies.can_remind(getattr(province, sender), getattr(province, recipient))
    assert bool(decision) is allowed
    if not allowed:
        assert "Điều 8" in decision.reason


def send(province, actor=None, recipients=None, **kwargs):
    kwargs.setdefault("content", "Nộp báo cáo biên chế quý IV")
    return services.reminder_send(
        actor=actor or province.truong_phong,
        recipients=recipients or [province.chuyen_vien, province.chuyen_vien_2],
        **kwargs,
    )


def row_of(reminder, person):
    return ReminderRecipient.objects.select_related("reminder").get(reminder=reminder, user=person)


def test_a_superior_sends_and_each_recipient_is_notified(province):
    reminder = send(province, due_on=TODAY + dt.timedelta(days=3), link="/van-ban/den/12/")
    assert set(reminder.recipients.values_list("status", flat=True)) == {S.SENT}
    notes = Notification.objects.filter(kind="collaboration.reminder")
    assert {n.recipient.username for n in notes} == {"minhnv", "hattt"}
    assert notes[0].url == f"/phoi-hop/nhac-viec/{reminder.pk}/"
    assert AuditEvent.objects.filter(
        action="collaboration.reminder.sent", object_id=str(reminder.pk)
    ).exists()


def test_a_non_superior_is_refused_in_vietnamese_and_nothing_is_sent(province):
    with pytest.raises(Refused) as refused:
        send(province, actor=province.chuyen_vien, recipients=[province.chuyen_vien_2])
    assert refused.value.kind == RefusalKind.NOT_ALLOWED
    assert "Chỉ cấp trên của Trần Thị Thu Hà" in refused.value.message
    with pytest.raises(Refused):  # one recipient out of reach refuses the whole reminder
        send(province, recipients=[province.chuyen_vien, province.chuyen_vien_khac])
    assert not Reminder.objects.exists()


def test_a_delegate_sends_on_the_superiors_behalf(province):
    acting_now(province.truong_phong, province.chuyen_vien)
    reminder = send(province, actor=province.chuyen_vien, recipients=[province.chuyen_vien_2])
    assert reminder.sender == province.chuyen_vien and reminder.on_behalf_of == province.truong_phong
    event = AuditEvent.objects.get(action="collaboration.reminder.sent")
    assert event.on_behalf_of == province.truong_phong
    # The principal sees it among what was sent and may cancel it.
    assert selectors.sent_page(province.truong_phong).items == [reminder]
    assert services.reminder_cancel(reminder=reminder, actor=province.truong_phong) == 1


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"content": ""}, "content"),
        ({"content": "x" * (services.MAX_CONTENT + 1)}, "content"),
        ({"due_on": TODAY - dt.timedelta(days=1)}, "due_on"),
        ({"due_on": TODAY + dt.timedelta(days=365 * 5)}, "due_on"),
        ({"link": "https://example.com/x"}, "link"),
        ({"link": "//example.com/x"}, "link"),
        ({"link": "/" + "a" * services.MAX_LINK}, "link"),
        ({"content": "MẬT\nKế hoạch"}, "content"),
    ],
)
def test_bad_input_is_refused_on_its_field(province, kwargs, field):
    with pytest.raises(Refused) as refused:
        send(province, **kwargs)
    assert refused.value.field == field
    assert not Reminder.objects.exists()


def test_recipient_acknowledges_then_reports_done_and_the_sender_is_told(province):
    reminder = send(province)
    row = row_of(reminder, province.chuyen_vien)
    services.reminder_acknowledge(row=row, actor=province.chuyen_vien)
    row = row_of(reminder, province.chuyen_vien)
    assert row.status == S.ACKNOWLEDGED and row.acknowledged_at is not None
    with pytest.raises(Refused) as refused:
        services.reminder_complete(row=row, actor=province.chuyen_vien, report="  ")
    assert refused.value.field == "report"
    services.reminder_complete(row=row, actor=province.chuyen_vien, report="Đã nộp báo cáo qua văn thư")
    row = row_of(reminder, province.chuyen_vien)
    assert row.status == S.DONE and row.report == "Đã nộp báo cáo qua văn thư"
    told = Notification.objects.get(recipient=province.truong_phong, kind="collaboration.reminder.done")
    assert told.url.endswith(f"/nhac-viec/{reminder.pk}/")


def test_done_straight_away_stamps_the_acknowledgement(province):
    reminder = send(province)
    row = row_of(reminder, province.chuyen_vien_2)
    services.reminder_complete(row=row, actor=province.chuyen_vien_2, report="Xong")
    row = row_of(reminder, province.chuyen_vien_2)
    assert row.acknowledged_at is not None and row.done_at is not None


def test_cancel_withdraws_what_is_open_and_keeps_what_is_done(province):
    reminder = send(province)
    services.reminder_complete(
        row=row_of(reminder, province.chuyen_vien), actor=province.chuyen_vien, report="Xong"
    )
    with pytest.raises(Refused) as refused:
        services.reminder_cancel(reminder=reminder, actor=province.giam_doc)
    assert refused.value.kind == RefusalKind.NOT_ALLOWED
    assert (
        services.reminder_cancel(
            reminder=reminder, actor=province.truong_phong, reason="Đã có người khác làm"
        )
        == 1
    )
    assert row_of(reminder, province.chuyen_vien).status == S.DONE
    assert row_of(reminder, province.chuyen_vien_2).status == S.CANCELLED
    assert Notification.objects.filter(
        recipient=province.chuyen_vien_2, kind="collaboration.reminder.cancelled"
    ).exists()
    with pytest.raises(Refused) as refused:
        services.reminder_cancel(reminder=reminder, actor=province.truong_phong)
    assert refused.value.kind == RefusalKind.WRONG_STATE


def test_visibility_and_access(province):
    reminder = send(province)
    for person in ("truong_phong", "chuyen_vien", "chuyen_vien_2"):
        assert policies.access_reminder(getattr(province, person), reminder.pk) == reminder
    for person in ("giam_doc", "chuyen_vien_khac"):
        with pytest.raises(Refused) as refused:
            policies.access_reminder(getattr(province, person), reminder.pk)
        assert refused.value.kind == RefusalKind.NOT_FOUND


# --- the daily follow-up --------------------------------------------------------------------------


def test_overdue_is_flagged_once_to_recipient_and_sender_from_the_day_after(province):
    due = TODAY + dt.timedelta(days=2)
    reminder = send(province, due_on=due)
    services.reminder_complete(
        row=row_of(reminder, province.chuyen_vien), actor=province.chuyen_vien, report="Xong"
    )
    with travel_to(dt.datetime.combine(due, dt.time(23, 59), tzinfo=timezone.get_current_timezone())):
        assert services.reminders_flag_overdue() == 0  # due today is not overdue
    with travel_to(due + dt.timedelta(days=1)):
        assert services.reminders_flag_overdue() == 1  # Hà's row; Minh's is done
        assert services.reminders_flag_overdue() == 0  # once
        overdue = Notification.objects.filter(kind="collaboration.reminder.overdue")
        assert {n.recipient.username for n in overdue} == {"hattt", "sonbt"}
        assert selectors.home_tally(province.truong_phong)["sent_overdue"] == 1
    with travel_to(due + dt.timedelta(days=2)):
        assert services.reminders_flag_overdue() == 0


def test_cancelled_reminders_are_not_flagged(province):
    reminder = send(province, due_on=TODAY)
    services.reminder_cancel(reminder=reminder, actor=province.truong_phong)
    with travel_to(TODAY + dt.timedelta(days=3)):
        assert services.reminders_flag_overdue() == 0


def test_the_job_is_registered_daily(province):
    from congvu.collaboration.reminders import jobs
    from congvu.core.scheduler import REGISTRY, autodiscover

    autodiscover()
    job = REGISTRY["collaboration.reminders_overdue"]
    assert job.every == "day" and job.at == dt.time(7, 0)
    assert jobs.reminders_overdue is not None


def test_home_tally_counts_what_waits_on_me(province, django_assert_max_num_queries):
    reminder = send(province)
    send(province, recipients=[province.chuyen_vien], content="Rà soát hồ sơ")
    services.reminder_acknowledge(row=row_of(reminder, province.chuyen_vien), actor=province.chuyen_vien)
    me = province.chuyen_vien
    with django_assert_max_num_queries(1):
        tally = selectors.home_tally(me)
    assert tally == {"to_acknowledge": 1, "to_do": 1, "sent_overdue": 0}
