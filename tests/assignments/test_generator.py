"""``congvu generate_assignments``: synthetic work items at scale, for the benchmark of issue #3."""

from __future__ import annotations

from collections import Counter
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from congvu.accounts.models import User
from congvu.assignments import policies
from congvu.assignments.models import Assignment, Participant
from congvu.core.text import search_text
from congvu.org.models import Membership
from congvu.synthetic import assignments as generator

pytestmark = pytest.mark.django_db

ITEMS = 5000


@pytest.fixture
def generated():
    call_command("generate_province", units=60, users=500, seed=3, items=0, quiet=True, stdout=StringIO())
    out = StringIO()
    call_command("generate_assignments", count=ITEMS, seed=2, stdout=out)
    return out.getvalue()


def test_it_builds_the_number_of_items_asked_for_and_prints_whom_to_sign_in_as(generated):
    assert Assignment.objects.count() == ITEMS
    match = [line for line in generated.splitlines() if line.startswith("bench busiest officer: ")]
    username = match[0].split()[3]
    busiest = User.objects.get(username=username)
    counts = Counter(
        Assignment.objects.filter(lead_user__isnull=False).values_list("lead_user_id", flat=True)
    )
    assert counts[busiest.pk] == max(counts.values())
    assert "Bench-CongVu-2026!" in match[0]
    head_line = next(line for line in generated.splitlines() if line.startswith("bench department head: "))
    head = User.objects.get(username=head_line.split()[3])
    assert Membership.objects.filter(user=head, position__level="head", unit__depth=1).exists()


def test_the_status_mix_is_realistic(generated):
    share = {k: v / ITEMS for k, v in Counter(Assignment.objects.values_list("status", flat=True)).items()}
    S = Assignment.Status
    assert share[S.DONE] == pytest.approx(0.60, abs=0.03)
    assert share[S.CANCELLED] == pytest.approx(0.03, abs=0.015)
    open_share = sum(share.get(s, 0) for s in Assignment.OPEN_STATES)
    assert open_share == pytest.approx(0.37, abs=0.03)
    done = Assignment.objects.filter(status=S.DONE)
    on_time = sum(1 for c, d in done.values_list("completed_on", "deadline") if c <= d)
    assert on_time / done.count() == pytest.approx(0.80, abs=0.04)
    assert not done.filter(rating__isnull=True).exists()
    assert not done.exclude(progress=100).exists()
    assert not Assignment.objects.filter(status=S.ASSIGNED).exclude(progress=0).exists()
    assert not Assignment.objects.filter(status=S.RETURNED, returned_count=0).exists()
    returned = Assignment.objects.filter(returned_count__gt=0).count() / ITEMS
    assert returned == pytest.approx(0.10, abs=0.03)
    person_led = Assignment.objects.filter(lead_user__isnull=False).count() / ITEMS
    assert person_led == pytest.approx(0.85, abs=0.03)
    assert Participant.objects.exists()


def test_every_lead_is_inside_the_subtree_its_assigner_leads(generated):
    post = {
        m.user_id: m for m in Membership.objects.select_related("unit", "position").order_by("-is_primary")
    }
    for item in Assignment.objects.select_related("lead_unit").iterator():
        assigner = post[item.assigner_id]
        assert assigner.position.level in ("head", "deputy")
        assert item.approver_id == item.assigner_id
        lead_unit = post[item.lead_user_id].unit if item.lead_user_id else item.lead_unit
        assert (item.unit_id, item.unit_path) == (lead_unit.pk, lead_unit.path)
        assert item.unit_path.startswith(assigner.unit.path)
        assert item.deadline >= item.start_date
        assert item.search_text == search_text(item.title)


def test_a_sample_of_items_passes_the_real_assignment_policy(generated):
    for item in Assignment.objects.select_related("assigner", "lead_user", "lead_unit").order_by("?")[:150]:
        if item.lead_user_id:
            assert policies.can_assign_to_user(item.assigner, item.lead_user), item.pk
        else:
            assert policies.can_assign_to_unit(item.assigner, item.lead_unit), item.pk


def test_the_same_seed_gives_the_same_items():
    call_command("generate_province", units=30, users=200, seed=1, items=0, quiet=True, stdout=StringIO())
    generator.generate_assignments(count=300, seed=7)
    first = list(Assignment.objects.order_by("id").values_list("title", "lead_user_id", "status", "deadline"))
    Participant.objects.all().delete()
    Assignment.objects.all().delete()
    generator.generate_assignments(count=300, seed=7)
    again = list(Assignment.objects.order_by("id").values_list("title", "lead_user_id", "status", "deadline"))
    assert first == again


def test_it_refuses_without_a_generated_province():
    with pytest.raises(CommandError, match="generate_province"):
        call_command("generate_assignments", count=10, stdout=StringIO())


def test_generate_province_adds_the_work_items_to_the_province_it_builds():
    out = StringIO()
    call_command("generate_province", units=30, users=200, seed=2, items=400, stdout=out)
    from congvu.assignments.models import Assignment

    assert Assignment.objects.count() == 400
    assert "bench busiest officer" in out.getvalue()
    # --replace removes the province's work before its units and people.
    call_command("generate_province", units=30, users=200, seed=2, items=50, replace=True, stdout=StringIO())
    assert Assignment.objects.count() == 50
