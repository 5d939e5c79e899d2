"""``congvu generate_directives``: synthetic directives at scale, for the statistics benchmark."""

from __future__ import annotations

from collections import Counter
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db.models import F
from django.utils import timezone

from congvu.accounts.models import User
from congvu.directives import policies
from congvu.directives.models import Directive, DirectiveTask, TaskEvent, TaskReport
from congvu.synthetic import province
from congvu.synthetic.directives import PAST_MIX

pytestmark = pytest.mark.django_db

DIRECTIVES = 300
TASKS = 3000
T = DirectiveTask.Status


@pytest.fixture
def generated():
    call_command("generate_province", units=60, users=500, seed=3, items=0, quiet=True, stdout=StringIO())
    out = StringIO()
    call_command("generate_directives", count=DIRECTIVES, tasks=TASKS, seed=2, stdout=out)
    return out.getvalue()


def test_it_builds_the_numbers_asked_for_issued_by_the_top_agency(generated):
    root = province.generated_root()
    assert Directive.objects.count() == DIRECTIVES
    assert DirectiveTask.objects.count() == TASKS
    assert not Directive.objects.exclude(agency=root).exists()
    assert not DirectiveTask.objects.filter(directive__tasks__isnull=True).exists()
    leads = set(DirectiveTask.objects.values_list("lead_unit__parent_id", flat=True))
    assert leads == {root.pk}  # level-1 units under the top agency
    assert not DirectiveTask.objects.filter(lead_unit__is_office=True).exists()
    signers = User.objects.filter(pk__in=Directive.objects.values("signer_id"))
    leaders = {p.pk for p in policies.leaders_of(root)}
    assert {s.pk for s in signers} <= leaders
    assert TaskReport.objects.exists() and TaskEvent.objects.count() >= TASKS


def test_every_category_is_there_in_a_realistic_mix(generated):
    statuses = Counter(DirectiveTask.objects.values_list("status", flat=True))
    assert set(statuses) == {T.NEW, T.REPORTED, T.IN_PROGRESS, T.REJECTED, T.RETURNED, T.DONE, T.CANCELLED}
    done = DirectiveTask.objects.filter(status=T.DONE)
    on_time = done.filter(completed_on__lte=F("deadline")).count()
    late = done.filter(completed_on__gt=F("deadline")).count()
    assert on_time / TASKS == pytest.approx(0.55, abs=0.05)
    assert late / TASKS == pytest.approx(0.15, abs=0.04)
    assert not done.filter(approved_at__isnull=True).exists()
    today = timezone.localdate()
    overdue = DirectiveTask.objects.filter(status__in=DirectiveTask.OPEN_STATES, deadline__lt=today)
    assert overdue.filter(status=T.NEW).exists() and overdue.filter(status=T.IN_PROGRESS).exists()
    pending = TaskReport.objects.filter(status=TaskReport.Status.PENDING)
    assert pending.count() == statuses[T.REPORTED]
    assert pending.count() / TASKS == pytest.approx(0.01, abs=0.006)
    assert not DirectiveTask.objects.filter(status=T.NEW, first_reported_at__isnull=False).exists()
    assert not DirectiveTask.objects.filter(status=T.REJECTED, rejected_count=0).exists()
    assert dict(PAST_MIX)["on_time"] > dict(PAST_MIX)["late"]


def test_monitors_are_office_people_and_no_deadline_is_before_the_issue(generated):
    root = province.generated_root()
    for monitor in User.objects.filter(pk__in=DirectiveTask.objects.values("monitor_id")):
        assert policies.is_office_of(monitor, root), monitor
    assert not DirectiveTask.objects.filter(deadline__lt=F("issued_on")).exists()
    assert not DirectiveTask.objects.exclude(issued_on=F("directive__issued_on")).exists()
    assert not TaskReport.objects.filter(submitted_on__lt=F("task__issued_on")).exists()
    office = next(line for line in generated.splitlines() if line.startswith("bench office: "))
    person = User.objects.get(username=office.split()[2])
    assert policies.is_office_of(person, root)


def test_the_queue_of_each_monitor_holds_what_waits_for_review(generated):
    reported = DirectiveTask.objects.filter(status=T.REPORTED)
    assert reported.count() == TaskReport.objects.filter(status="pending", task__in=reported).count()
    assert not TaskReport.objects.filter(status="pending").exclude(task__status=T.REPORTED).exists()


def test_generate_province_adds_directives_at_the_same_scale_and_replaces_them():
    out = StringIO()
    call_command("generate_province", units=30, users=200, seed=2, items=500, stdout=out)
    assert Directive.objects.count() == 10  # 500 work items / 50
    call_command("generate_province", units=30, users=200, seed=2, items=0, replace=True, stdout=StringIO())
    assert Directive.objects.count() == 0


def test_it_needs_a_generated_province():
    with pytest.raises(CommandError, match="generate_province"):
        call_command("generate_directives", count=5, stdout=StringIO())
