"""The demo province's directives (congvu load_demo): a directive in every state and tasks in every
state, entered through the services, dated from today, loaded once."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models import F
from django.utils import timezone

from congvu.accounts.models import User
from congvu.directives import policies
from congvu.directives.models import Directive, DirectiveTask, TaskReport, Urgency
from congvu.org.models import Unit
from congvu.synthetic import demo, demo_directives

pytestmark = pytest.mark.django_db

T = DirectiveTask.Status


def _load() -> str:
    out = StringIO()
    call_command("load_demo", stdout=out)
    return out.getvalue()


def _person(key: str) -> User:
    return User.objects.get(email=f"{key}@{demo.EMAIL_DOMAIN}")


def test_the_demo_has_directives_and_tasks_in_every_state():
    out = _load()
    assert "Chỉ đạo mẫu: đã cập nhật 6 văn bản chỉ đạo" in out
    assert set(Directive.objects.values_list("status", flat=True)) == set(Directive.Status.values)
    assert set(DirectiveTask.objects.values_list("status", flat=True)) == set(T.values)
    today = timezone.localdate()
    tasks = DirectiveTask.objects.filter(parent__isnull=True, recurrence="")
    done = tasks.filter(status=T.DONE)
    assert done.filter(completed_on__lte=F("deadline")).exists()  # on time
    assert done.filter(completed_on__gt=F("deadline")).exists()  # late
    open_ = DirectiveTask.objects.filter(status__in=DirectiveTask.OPEN_STATES, deadline__lt=today)
    assert open_.filter(status=T.NEW, first_reported_at__isnull=True).exists()  # overdue, not updated
    assert open_.filter(status=T.IN_PROGRESS).exists()  # overdue, in progress
    assert tasks.filter(status=T.NEW, deadline__gte=today).exists()  # new, not yet due
    assert TaskReport.objects.filter(status=TaskReport.Status.PENDING).count() >= 3
    assert Directive.objects.filter(urgency=Urgency.URGENT).exists()
    draft = Directive.objects.get(status=Directive.Status.DRAFT)
    assert draft.entry_due < today  # a draft past its entry deadline
    late = [d for d in Directive.objects.filter(status=Directive.Status.PUBLISHED) if d.entered_late]
    assert [d.number for d in late] == ["1207/UBND-VP"]


def test_the_standing_monthly_task_has_its_items_going_through_review():
    _load()
    standing = DirectiveTask.objects.get(recurrence=DirectiveTask.Recurrence.MONTHLY)
    items = list(standing.items.order_by("period_start"))
    assert len(items) >= 3
    assert items[0].status == T.DONE and items[1].status == T.REPORTED
    assert all(" — kỳ Tháng " in item.content for item in items)
    assert standing.status == T.NEW and not standing.reports.exists()


def test_signed_by_the_province_leaders_entered_and_monitored_by_the_office():
    _load()
    tinh = Unit.objects.get(agency_code="000.00.00.H99")
    assert Unit.objects.get(parent=tinh, short_name="VP").is_office
    leaders = {p.pk for p in policies.leaders_of(tinh)}
    assert set(Directive.objects.values_list("signer_id", flat=True)) <= leaders
    assert len(set(Directive.objects.values_list("signer_id", flat=True))) == 4
    office = _person("tuandm")
    assert policies.is_office_of(office, tinh)
    assert set(Directive.objects.values_list("entered_by_id", flat=True)) == {office.pk}
    assert set(DirectiveTask.objects.values_list("monitor_id", flat=True)) == {office.pk}
    leads = set(DirectiveTask.objects.values_list("lead_unit__short_name", flat=True))
    assert leads == {"SNV", "STC", "STTTT", "DT"}


def test_a_second_run_adds_no_directive():
    _load()
    counts = (Directive.objects.count(), DirectiveTask.objects.count(), TaskReport.objects.count())
    out = _load()
    assert "Chỉ đạo mẫu: đã có, không tạo thêm." in out
    assert (Directive.objects.count(), DirectiveTask.objects.count(), TaskReport.objects.count()) == counts
    assert demo_directives.is_loaded()
