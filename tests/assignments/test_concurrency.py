"""Two people acting on the same item at once cannot both win (issue #3, "Bad input": row lock).

The services lock the row (``select_for_update``) and the workflow engine re-reads it before it
checks the state, so the second decision finds the first one's state and is refused. On
PostgreSQL the second transaction waits on the row lock; on SQLite the write transactions are
``BEGIN IMMEDIATE`` and run one after the other. Either way: exactly one winner.
"""

from __future__ import annotations

import pytest
from django.db import connection

from congvu.assignments import services
from congvu.assignments.models import Assignment, Extension
from congvu.core import files
from congvu.core.decisions import Refused
from congvu.core.models import AuditEvent, StoredFile
from tests.assignments.workflow_cast import S, build_cast, fresh, give_work
from tests.concurrency import race


@pytest.fixture
def cast(province):
    return build_cast(province)


def test_a_decision_on_a_stale_copy_is_refused_because_the_state_changed(cast):
    mine = give_work(cast, state=S.SUBMITTED)
    theirs = Assignment.objects.get(pk=mine.pk)  # the delegate opened the same page a moment ago
    services.approve(item=mine, actor=cast.assigner, rating=5)
    with pytest.raises(Refused, match="có thể người khác vừa xử lý"):
        services.return_result(item=theirs, actor=cast.approver_delegate, reason="Thiếu số liệu")
    after = Assignment.objects.get(pk=mine.pk)
    assert (after.status, after.returned_count, after.rating) == (S.DONE, 0, 5)
    assert not AuditEvent.objects.filter(action="assignments.assignment.return").exists()


def test_a_stale_second_return_does_not_count_twice(cast):
    first = give_work(cast, state=S.SUBMITTED)
    second = Assignment.objects.get(pk=first.pk)
    services.return_result(item=first, actor=cast.assigner, reason="Thiếu phụ lục")
    with pytest.raises(Refused) as refused:
        services.return_result(item=second, actor=cast.approver_delegate, reason="Thiếu số liệu")
    assert refused.value.message == (
        "Thao tác này không áp dụng được ở trạng thái hiện tại (có thể người khác vừa xử lý)."
    )
    assert Assignment.objects.get(pk=first.pk).returned_count == 1


@pytest.mark.django_db(transaction=True)
def test_approve_and_return_at_the_same_time_exactly_one_wins(province):
    if connection.vendor == "sqlite" and connection.settings_dict["NAME"].startswith("file:memorydb"):
        pytest.skip("an in-memory SQLite test database is shared by threads without BEGIN IMMEDIATE locks")
    cast = build_cast(province)
    item = give_work(cast, state=S.SUBMITTED)
    results = race(
        lambda: services.approve(
            item=Assignment.objects.get(pk=item.pk), actor=fresh(cast.assigner), rating=4
        ),
        lambda: services.return_result(
            item=Assignment.objects.get(pk=item.pk),
            actor=fresh(cast.approver_delegate),
            reason="Thiếu số liệu",
        ),
    )
    winners = [r for r in results if isinstance(r, Assignment)]
    losers = [r for r in results if isinstance(r, Refused)]
    assert len(winners) == 1 and len(losers) == 1, results
    assert "không áp dụng được ở trạng thái hiện tại" in losers[0].message
    after = Assignment.objects.get(pk=item.pk)
    assert after.status == winners[0].status
    decided = AuditEvent.objects.filter(
        action__in=["assignments.assignment.approve", "assignments.assignment.return"], object_id=str(item.pk)
    )
    assert decided.count() == 1


@pytest.mark.django_db(transaction=True)
def test_grant_and_cancel_at_the_same_time_leave_a_consistent_item(province):
    if connection.vendor == "sqlite" and connection.settings_dict["NAME"].startswith("file:memorydb"):
        pytest.skip("an in-memory SQLite test database is shared by threads without BEGIN IMMEDIATE locks")
    import datetime as dt

    cast = build_cast(province)
    item = give_work(cast)
    extension = services.request_extension(
        item=item,
        actor=fresh(cast.lead),
        new_deadline=item.deadline + dt.timedelta(days=3),
        reason="Chờ số liệu",
    )
    results = race(
        lambda: services.decide_extension(
            extension=Extension.objects.get(pk=extension.pk), actor=fresh(cast.assigner), grant=True
        ),
        lambda: services.cancel(
            item=Assignment.objects.get(pk=item.pk), actor=fresh(cast.approver_delegate), reason="Thôi"
        ),
    )
    granting, cancelling = results
    # The cancel always wins: before the grant (which then finds the work finished), or after it
    # (open work, a later deadline, still cancellable).
    assert isinstance(cancelling, Assignment), results
    after = Assignment.objects.get(pk=item.pk)
    assert after.status == S.CANCELLED
    request = Extension.objects.get(pk=extension.pk)
    if isinstance(granting, Refused):  # the cancel came first
        assert granting.message == "Công việc đã kết thúc, không gia hạn được."
        assert (request.status, after.deadline) == (Extension.Status.PENDING, item.deadline)
    else:  # the grant came first
        assert isinstance(granting, Extension), results
        assert (request.status, after.deadline) == (Extension.Status.GRANTED, extension.new_deadline)
    extended = AuditEvent.objects.filter(action="assignments.assignment.extend", object_id=str(item.pk))
    cancelled = AuditEvent.objects.filter(action="assignments.assignment.cancel", object_id=str(item.pk))
    assert (extended.count(), cancelled.count()) == (int(request.status == Extension.Status.GRANTED), 1)


@pytest.mark.django_db(transaction=True)
def test_files_are_judged_before_a_service_opens_its_transaction(province, monkeypatch):
    """A slow file (a large archive to inflate) never holds the write lock: on SQLite a write
    transaction blocks every other writer, the task worker included, for as long as it lasts."""
    cast = build_cast(province)
    item = give_work(cast)
    judged: list[tuple[str, bool]] = []
    check = files.check_upload

    def watched(name, data):
        judged.append((name, connection.in_atomic_block))
        return check(name, data)

    monkeypatch.setattr(files, "check_upload", watched)
    lead = fresh(cast.lead)
    services.add_attachment(item=item, actor=lead, upload=("a.txt", b"mot"))
    services.add_attachments(item=item, actor=lead, uploads=[("b.txt", b"hai")])
    services.progress_report(item=item, actor=lead, percent=20, uploads=[("c.txt", b"ba")])
    services.submit(
        item=fresh_item(item), actor=lead, note="Xong", uploads=[("d.txt", b"bon")], incomplete_confirmed=True
    )
    services.assignment_create_with_files(
        actor=fresh(cast.assigner),
        title="Báo cáo biên chế quý IV",
        lead_user=cast.lead,
        start_date=item.start_date,
        deadline=item.deadline,
        uploads=[("e.txt", b"nam")],
    )
    assert judged == [(name, False) for name in ("a.txt", "b.txt", "c.txt", "d.txt", "e.txt")]
    assert StoredFile.objects.count() == 5


def fresh_item(item):
    return Assignment.objects.get(pk=item.pk)
