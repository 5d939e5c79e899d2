"""``congvu generate_scoring``: a published period at scale, for the results benchmark."""

from __future__ import annotations

from decimal import Decimal as D
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Sum

from congvu.scoring import rules
from congvu.scoring.models import Assessment, Criterion, Period, Score
from congvu.scoring.selectors import period_results
from congvu.synthetic import province
from congvu.synthetic.scoring import SET_NAME, tree_rows

pytestmark = pytest.mark.django_db


def test_the_tree_has_exactly_the_leaves_asked_for_and_its_sums_hold():
    rows = tree_rows(100)
    assert sum(1 for r in rows if r["leaf"]) == 100
    assert [r["max"] for r in rows if r["level"] == 1] == [
        D("10"),
        D("10"),
        D("14.5"),
        D("11"),
        D("16"),
        D("7"),
        D("16"),
        D("15.5"),
    ]
    rules.check_tree([(r["code"], r["max"]) for r in rows])  # R-PAR-1


def test_it_builds_a_published_period_with_every_unit_submitted_and_appraised():
    call_command("generate_province", units=12, users=60, seed=3, items=0, quiet=True, stdout=StringIO())
    out = StringIO()
    call_command("generate_scoring", units=15, criteria=40, seed=2, stdout=out)
    assert "15 đơn vị" in out.getvalue()
    period = Period.objects.get(criteria_set__name=SET_NAME)
    assert period.status == Period.Status.PUBLISHED and period.with_survey
    leaves = Criterion.objects.filter(criteria_set=period.criteria_set, is_leaf=True)
    assert leaves.count() == 40
    assert leaves.aggregate(s=Sum("max_points"))["s"] == D("100.00")
    assessments = period.assessments.all()
    assert assessments.count() == 15
    assert not assessments.exclude(status=Assessment.Status.SUBMITTED).exists()
    root = province.generated_root()
    assert set(assessments.values_list("unit__parent_id", flat=True)) == {root.pk}
    scores = Score.objects.filter(assessment__period=period)
    assert scores.count() == 15 * 40
    assert not scores.exclude(criterion__method="survey").filter(appraised_score__isnull=True).exists()
    assert not scores.filter(criterion__method="survey", survey_score__isnull=True).exists()
    assert scores.exclude(appraisal_reason="").exists()
    assert not period.appraisals.exclude(status="submitted").exists()
    results = period_results(period)
    assert [u.rank for u in results.units][0] == 1 and all(u.rank for u in results.units)
    # A second run replaces the period; the same seed gives the same figures.
    first = [(u.unit_name, u.final_total) for u in results.units]
    call_command("generate_scoring", units=15, criteria=40, seed=2, stdout=StringIO())
    again = period_results(Period.objects.get(criteria_set__name=SET_NAME))
    assert [(u.unit_name, u.final_total) for u in again.units] == first


def test_without_a_province_it_says_so():
    with pytest.raises(CommandError, match="generate_province"):
        call_command("generate_scoring", units=5, criteria=40, stdout=StringIO())
