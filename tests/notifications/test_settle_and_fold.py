"""Notifications that settle and fold, and speak the reader's language (issue: a civil servant's
working day). A notice that asks somebody to act is settled — read and marked done — for everyone it
went to when the act is done, whoever did it; a repeat still unread updates the one there instead of
adding a row; and each notice shows in the language of the person reading it."""

from __future__ import annotations

import datetime as dt
import importlib

import pytest
from django.apps import apps
from django.conf import settings
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from congvu.accounts.models import AccountRequest
from congvu.accounts.requests import services as requests
from congvu.assignments import services as work
from congvu.notifications import selectors
from congvu.notifications.models import Notification
from congvu.notifications.services import notification_settle, notify, subject_of
from congvu.org.delegations import services as delegations
from congvu.org.units import services as unit_services
from tests.assignments.workflow_cast import build_cast, fresh, give_work
from tests.org import delegation_helpers as d

K = AccountRequest.Kind


@pytest.fixture
def cast(province):
    built = build_cast(province)
    Notification.objects.update(read_at=timezone.now())  # the delegations of the cast, read: a clean inbox
    return built


def notes(item, **filters):
    return Notification.objects.filter(subject=subject_of(item), **filters)


def unread(user) -> int:
    return selectors.unread_count(user)


def _submitted_work(cast, note="Báo cáo rà soát đã xong"):
    item = give_work(cast)
    work.progress_report(item=item, actor=fresh(cast.lead), percent=100, text="Xong")
    return work.submit(item=item, actor=fresh(cast.lead), note=note)


# --- settled when the act is done --------------------------------------------------------------------


def test_approving_a_result_settles_the_approvers_waiting_notice(cast):
    """`hungtq` approved and "Chờ duyệt" was still counted: not any more."""
    item = _submitted_work(cast)
    waiting = Notification.objects.get(recipient=cast.assigner, kind="assignment.submitted")
    assert waiting.read_at is None and unread(cast.assigner) == 1

    work.approve(item=item, actor=fresh(cast.assigner), rating=5)

    waiting.refresh_from_db()
    assert waiting.read_at is not None and waiting.settled_at is not None
    assert unread(cast.assigner) == 0


def test_the_approvers_delegate_approving_settles_the_approvers_notice(cast):
    item = _submitted_work(cast)
    work.approve(item=item, actor=fresh(cast.approver_delegate), rating=4)
    waiting = Notification.objects.get(recipient=cast.assigner, kind="assignment.submitted")
    assert waiting.settled_at is not None
    assert unread(cast.assigner) == 0


def test_returning_a_result_settles_it_and_the_resubmission_is_one_new_notice(cast):
    item = _submitted_work(cast)
    work.return_result(item=item, actor=fresh(cast.assigner), reason="Bổ sung số liệu quý IV")
    assert unread(cast.assigner) == 0
    work.submit(item=item, actor=fresh(cast.lead), note="Đã bổ sung số liệu")
    waiting = Notification.objects.filter(recipient=cast.assigner, kind="assignment.submitted")
    assert [(n.read_at is None, n.body_text) for n in waiting.order_by("id")] == [
        (False, "Báo cáo rà soát đã xong"),
        (True, "Đã bổ sung số liệu"),
    ]
    assert unread(cast.assigner) == 1


def test_sending_the_result_settles_what_asked_the_lead_and_co_assignee_for_it(cast):
    item = give_work(cast)
    assert unread(cast.lead) == 1 and unread(cast.co_assignee) == 1  # "Việc mới"
    work.progress_report(item=item, actor=fresh(cast.lead), percent=100, text="Xong")
    work.submit(item=item, actor=fresh(cast.lead), note="Kết quả")
    assert unread(cast.lead) == 0 and unread(cast.co_assignee) == 0
    assert notes(item, kind="assignment.new", settled_at__isnull=False).count() == 2
    # The follower's notice asked nothing of them: it stays for them to read.
    assert unread(cast.follower) == 1


def test_deciding_an_extension_settles_the_request_notice(cast):
    item = give_work(cast)
    extension = work.request_extension(
        item=item,
        actor=fresh(cast.lead),
        new_deadline=item.deadline + dt.timedelta(days=7),
        reason="Chờ số liệu",
    )
    asked = Notification.objects.get(recipient=cast.assigner, kind="assignment.extension")
    assert asked.read_at is None
    work.decide_extension(extension=extension, actor=fresh(cast.assigner), grant=False, note="Không đủ lý do")
    asked.refresh_from_db()
    assert asked.settled_at is not None and unread(cast.assigner) == 0


def test_cancelling_work_settles_every_notice_that_waited_on_it(cast):
    item = _submitted_work(cast)
    work.cancel(item=item, actor=fresh(cast.assigner), reason="Không còn cần thiết")
    assert notes(item).exclude(awaits="").count() == 3  # the lead's and co-assignee's work, the review
    assert not notes(item, read_at__isnull=True).exclude(awaits="").exists()


def test_deciding_a_delegation_settles_it_for_every_leader_who_was_asked(province):
    delegation = d.request(d.fresh(province.truong_phong), d.fresh(province.chuyen_vien))
    asked = notes(delegation, kind="delegation.requested")
    leaders = {n.recipient_id for n in asked}
    assert leaders and all(n.read_at is None for n in asked)
    decider = type(province.giam_doc).objects.get(pk=sorted(leaders)[0])
    delegations.delegation_approve(delegation=delegation, actor=d.fresh(decider))
    assert all(n.settled_at is not None and n.read_at is not None for n in asked.all())
    assert all(unread(type(decider).objects.get(pk=pk)) == 0 for pk in leaders)


def test_withdrawing_a_delegation_request_settles_it(province):
    delegation = d.request(d.fresh(province.truong_phong), d.fresh(province.chuyen_vien))
    delegations.delegation_cancel(delegation=delegation, actor=d.fresh(province.truong_phong))
    assert not notes(delegation, read_at__isnull=True).exists()


def _account_request(province):
    line = requests.LineData(
        full_name="Phan Thị Ngọc Ánh",
        unit=province.units.tcbc,
        position=province.positions.chuyen_vien,
        email="anhptn@binhson.gov.vn",
    )
    filed = requests.request_create(
        actor=province.giam_doc, kind=K.CREATE, unit=province.units.snv, lines=[line]
    ).account_request
    return requests.request_submit(account_request=filed, actor=province.giam_doc)


@pytest.fixture
def two_administrators(province):
    unit_services.role_grant(
        user=province.chanh_vp, role="administrator", unit=province.units.tinh, actor=None
    )
    return [province.quan_tri, province.chanh_vp]


@pytest.mark.parametrize("act", ["process", "reject", "withdraw"])
def test_acting_on_an_account_request_settles_it_for_every_administrator(province, two_administrators, act):
    """`kienlv` processed it; the other administrator's notice is done as well."""
    submitted = _account_request(province)
    assert {n.recipient_id for n in notes(submitted, read_at__isnull=True)} == {
        a.pk for a in two_administrators
    }
    if act == "process":
        requests.request_process(account_request=submitted, actor=province.quan_tri)
    elif act == "reject":
        requests.request_reject(account_request=submitted, actor=province.quan_tri, reason="Thiếu ngày sinh")
    else:
        requests.request_withdraw(account_request=submitted, actor=province.giam_doc)
    waiting = notes(submitted, kind="account_request.submitted")
    assert waiting.count() == 2
    assert all(n.settled_at is not None and n.read_at is not None for n in waiting)
    assert [unread(a) for a in two_administrators] == [0, 0]


def test_the_home_page_and_the_header_no_longer_count_a_settled_notice(cast, signed_in):
    item = _submitted_work(cast)
    client = signed_in(cast.assigner)
    assert 'class="topbar-notes"' in client.get(reverse("home")).content.decode()
    work.approve(item=item, actor=fresh(cast.assigner), rating=5)
    page = client.get(reverse("notifications:inbox")).content.decode()
    assert 'class="badge"' not in page.split("</header>")[0]
    assert "Đã xử lý" in page


def test_settling_leaves_notices_that_ask_for_nothing(cast):
    item = give_work(cast)
    assert notification_settle(subject=subject_of(item), awaits="review") == 0
    assert unread(cast.follower) == 1


# --- repeats fold --------------------------------------------------------------------------------------


def test_a_request_returned_twice_is_one_notice_told_twice(province, django_capture_on_commit_callbacks):
    """The filer's first "bị trả lại" is still unread when the second comes: one row, two times."""
    submitted = _account_request(province)
    with django_capture_on_commit_callbacks(execute=True):
        returned = requests.request_reject(
            account_request=submitted, actor=province.quan_tri, reason="Thiếu ngày sinh"
        )
    again = requests.request_submit(account_request=returned, actor=province.giam_doc)
    with django_capture_on_commit_callbacks(execute=True):
        requests.request_reject(account_request=again, actor=province.quan_tri, reason="Sai chức vụ")
    told = Notification.objects.filter(recipient=province.giam_doc, kind="account_request.rejected")
    assert told.count() == 1
    note = told.get()
    assert (note.repeats, note.body_text, note.read_at) == (2, "Lý do: Sai chức vụ", None)
    assert unread(province.giam_doc) == 1
    assert [m.body.splitlines()[0] for m in mail.outbox if m.to == [province.giam_doc.email]] == [
        "Lý do: Thiếu ngày sinh",
        "Lý do: Sai chức vụ",
    ]


def test_a_repeat_of_a_notice_already_read_is_a_new_notice(province):
    subject = subject_of(province.units.tcbc)
    first = notify(recipients=[province.chuyen_vien], title="Họp giao ban", subject=subject, kind="x")[0]
    Notification.objects.filter(pk=first.pk).update(read_at=timezone.now())
    notify(recipients=[province.chuyen_vien], title="Họp giao ban", subject=subject, kind="x")
    assert Notification.objects.filter(recipient=province.chuyen_vien, subject=subject).count() == 2


def test_a_folded_notice_comes_back_to_the_top_with_its_count(province, clock, signed_in):
    subject = subject_of(province.units.tcbc)
    notify(recipients=[province.chuyen_vien], title="Họp giao ban", subject=subject, kind="x")
    clock.shift(dt.timedelta(hours=2))
    notify(recipients=[province.chuyen_vien], title="Việc khác")
    notify(recipients=[province.chuyen_vien], title="Họp giao ban", subject=subject, kind="x")
    page = signed_in(province.chuyen_vien).get(reverse("notifications:inbox")).content.decode()
    assert "2 lần" in page
    assert page.index("Họp giao ban") < page.index("Việc khác")  # told last, shown first
    assert Notification.objects.filter(recipient=province.chuyen_vien).count() == 2


def test_the_same_event_is_not_folded_in_twice(province):
    subject = subject_of(province.units.tcbc)
    for _ in range(2):
        notify(recipients=[province.chuyen_vien], title="A", subject=subject, kind="x", event_key="e:1")
    assert Notification.objects.get(recipient=province.chuyen_vien).repeats == 1


# --- the reader's language --------------------------------------------------------------------------


def test_a_notice_reads_in_english_for_an_english_reader_and_in_vietnamese_by_mail(
    cast, signed_in, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _submitted_work(cast)
    client = signed_in(cast.assigner)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get(reverse("notifications:inbox")).content.decode()
    assert "Awaiting approval: Rà soát biên chế năm 2026" in page
    assert "Chờ duyệt" not in page
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "vi"
    vi = client.get(reverse("notifications:inbox")).content.decode()
    assert "Chờ duyệt: Rà soát biên chế năm 2026" in vi
    subjects = [m.subject for m in mail.outbox if m.to == [cast.assigner.email]]
    assert subjects[-1] == "[Công Vụ] Chờ duyệt: Rà soát biên chế năm 2026"


def test_a_delegation_notice_speaks_english_with_its_window(province, signed_in):
    delegation = d.request(d.fresh(province.truong_phong), d.fresh(province.chuyen_vien))
    note = notes(delegation, kind="delegation.requested").first()
    client = signed_in(note.recipient)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get(reverse("notifications:inbox")).content.decode()
    assert "Bùi Thanh Sơn asks to delegate to Nguyễn Văn Minh from " in page
    assert "Reason: Đi công tác" in page


def test_an_account_request_notice_translates_its_kind(province, signed_in):
    _account_request(province)
    client = signed_in(province.quan_tri)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get(reverse("notifications:inbox")).content.decode()
    assert "Account request to process: New account – Sở Nội vụ" in page


def test_notices_stored_before_are_turned_into_messages_and_read_in_english(province, signed_in):
    """A notice written as finished Vietnamese text before this change is read in English after the
    migration, and knows what it waited for."""
    old = Notification.objects.create(
        recipient=province.truong_phong,
        title="Chờ duyệt: Rà soát biên chế",
        body="Đã xong 100%",
        kind="assignment.submitted",
        event_key="assignment:41:submitted:20261201090000000000",
    )
    odd = Notification.objects.create(recipient=province.truong_phong, title="Họp giao ban 50%")
    migration = importlib.import_module("congvu.notifications.migrations.0003_stored_messages")
    migration.forwards(apps, None)
    old.refresh_from_db()
    odd.refresh_from_db()
    assert (old.title, old.params, old.subject, old.awaits) == (
        "Chờ duyệt: %(title)s",
        {"title": "Rà soát biên chế", "note": "Đã xong 100%"},
        "assignments.assignment:41",
        "review",
    )
    assert old.body_text == "Đã xong 100%"
    assert (odd.title, odd.title_text) == ("Họp giao ban 50%", "Họp giao ban 50%")
    client = signed_in(province.truong_phong)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get(reverse("notifications:inbox")).content.decode()
    assert "Awaiting approval: Rà soát biên chế" in page
    assert "Họp giao ban 50%" in page


def test_notices_stored_before_about_work_already_decided_are_settled(cast):
    """An installation upgraded with `hungtq`'s "Chờ duyệt" still unread for work he had approved:
    the migration settles it, and leaves the one for work still waiting."""
    approved, waiting = _submitted_work(cast), _submitted_work(cast)
    work.approve(item=approved, actor=fresh(cast.assigner), rating=5)
    Notification.objects.update(read_at=None, settled_at=None)  # as they were before the change
    migration = importlib.import_module("congvu.assignments.migrations.0006_settle_decided_notices")
    migration.forwards(apps, None)
    review = Notification.objects.filter(recipient=cast.assigner, kind="assignment.submitted")
    assert set(review.filter(read_at__isnull=True).values_list("subject", flat=True)) == {subject_of(waiting)}
    assert review.get(subject=subject_of(approved)).settled_at is not None


def test_notices_stored_before_about_decided_requests_are_settled(province, two_administrators):
    decided = _account_request(province)
    open_one = _account_request(province)
    requests.request_process(account_request=decided, actor=province.quan_tri)
    delegation = d.request(d.fresh(province.truong_phong), d.fresh(province.chuyen_vien))
    delegations.delegation_cancel(delegation=delegation, actor=d.fresh(province.truong_phong))
    Notification.objects.update(read_at=None, settled_at=None)
    for module in ("accounts", "org"):
        importlib.import_module(f"congvu.{module}.migrations.0006_settle_decided_notices").forwards(
            apps, None
        )
    assert set(
        Notification.objects.filter(read_at__isnull=True).exclude(awaits="").values_list("subject", flat=True)
    ) == {subject_of(open_one)}


def test_work_given_to_another_lead_settles_only_the_previous_leads_notices(cast):
    item = give_work(cast)
    work.reassign(item=item, actor=fresh(cast.assigner), reason="Minh đi học", lead_user=cast.colleague)
    assert unread(cast.lead) == 1  # "Việc đã giao cho người khác", which asks nothing of him
    assert not Notification.objects.filter(
        recipient=cast.lead, awaits="result", read_at__isnull=True
    ).exists()
    assert Notification.objects.filter(
        recipient=cast.co_assignee, awaits="result", read_at__isnull=True
    ).exists()
    assert Notification.objects.filter(
        recipient=cast.colleague, awaits="result", read_at__isnull=True
    ).exists()
