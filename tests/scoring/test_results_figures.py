"""The figures of SCORE-6 (standards §6.3, TV-PAR-2..TV-PAR-4): totals per area, the index, the
competition ranking, final = appraised else self, survey nodes from the survey, units that never
submitted unranked. Expected figures are written by hand."""

from __future__ import annotations

from decimal import Decimal as D
from types import SimpleNamespace

import pytest

from congvu.scoring import rules, services
from congvu.scoring.models import Criterion, Kind, Period
from congvu.scoring.results.selectors import percent, unit_detail
from congvu.scoring.sample import sample_nodes
from congvu.scoring.selectors import period_results
from tests.scoring.cast import build_scoring_cast, full_marks, submitted
from tests.scoring.results_scene import (
    TV_PAR_2_AREAS,
    Unit,
    appraise,
    four_units,
    play_round,
    ranking_plan,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def ranked(province):
    cast = four_units(province)
    cast.period = play_round(cast, ranking_plan(cast))
    return cast


def test_tv_par_2_the_finals_per_area_add_up_to_89_00_percent(ranked):
    results = period_results(ranked.period)
    snv = next(u for u in results.units if u.assessment_id == ranked.assessments.snv.pk)
    assert [snv.areas[a.pk].final_total for a in results.areas] == TV_PAR_2_AREAS
    assert snv.final_total == D("89.00")
    assert snv.maximum == D("100.00")
    assert snv.index == D("89.00")
    assert percent(snv.index) == "89,00 %"
    assert snv.self_total == D("70.50")  # full marks on every non-survey leaf
    assert rules.grade(snv.index) == "B"


def test_tv_par_3_equal_indices_share_a_rank_and_the_unit_that_never_sent_is_last_unranked(ranked):
    results = period_results(ranked.period)
    table = [(u.unit_name, u.index, u.rank) for u in results.units]
    assert table == [
        ("Sở Tài chính", D("91.43"), 1),
        ("Sở Nội vụ", D("89.00"), 2),
        ("UBND huyện Đức Trọng", D("89.00"), 2),
        ("Văn phòng UBND tỉnh", D("0.00"), None),
    ]
    assert not results.units[-1].submitted


def test_tv_par_3_with_a_fifth_place_the_ranks_skip(ranked):
    """Competition ranking: 91.43, 89.00, 89.00 and a fourth unit below them → 1, 2, 2, 4."""
    assert rules.ranks([D("91.43"), D("89.00"), D("89.00"), D("75.00")]) == [1, 2, 2, 4]


def test_final_is_the_appraised_score_where_appraised_else_the_self_score(province, clock):
    """Before publication, an assessment half appraised: the appraised leaves count their
    appraised score, the others still their self-score; the survey leaves their survey score."""
    cast = build_scoring_cast(province)
    p = province
    snv = submitted(cast, cast.assessments.snv, entry=p.chuyen_vien, leader=p.giam_doc,
                    entries=full_marks(cast))  # fmt: skip
    # Only appraiser A appraises (areas 1–4): 1.4 lowered from 1.00 to 0.25; areas 5–8 keep the
    # self-scores. No survey score entered yet: the survey leaves count 0.
    appraise(cast, cast.appraisals.a, snv, {"1.4": D("0.25")})
    results = period_results(Period.objects.get(pk=cast.period.pk))
    unit = next(u for u in results.units if u.assessment_id == snv.pk)
    by_code = {a.code: unit.areas[a.pk] for a in results.areas}
    assert by_code["1"].final_total == D("6.25")  # 7.00 of non-survey leaves − 0.75; survey 1.6 counts 0
    assert by_code["1"].self_total == D("7.00")
    assert by_code["5"].final_total == D("14.00")  # 16 − 2.00 of survey 5.6, not yet entered
    assert by_code["8"].final_total == D("0.00")  # all survey
    assert unit.final_total == D("69.75")  # 70.50 − 0.75
    services.survey_scores_save(
        period=cast.period,
        scores={(snv.pk, cast.criteria["8.1"].pk): "5.5", (snv.pk, cast.criteria["1.6"].pk): "3"},
        actor=cast.home_affairs,
    )
    results = period_results(Period.objects.get(pk=cast.period.pk))
    unit = next(u for u in results.units if u.assessment_id == snv.pk)
    assert unit.final_total == D("78.25")  # 69.75 + 5.50 + 3.00
    assert unit.index == D("78.25")
    detail = unit_detail(snv)
    rows = {r.code: r for r in detail.rows}
    assert (rows["1.4"].self_score, rows["1.4"].appraised, rows["1.4"].final) == (
        D("1.00"),
        D("0.25"),
        D("0.25"),
    )
    assert rows["1.4"].adjusted and rows["1.4"].reason
    assert (rows["1.5"].appraised, rows["1.5"].final) == (D("1.00"), D("1.00"))
    assert (rows["5.3"].appraised, rows["5.3"].final) == (None, D("3.00"))  # not appraised: the self-score
    assert (rows["8.1"].survey, rows["8.1"].final) == (D("5.50"), D("5.50"))
    assert (rows["1"].final, rows["1"].self_score) == (D("9.25"), D("7.00"))  # 6.25 + 3.00 of 1.6
    assert rows["1.1"].final == D("2.00")
    # The two units that have not sent are not ranked.
    assert [u.rank for u in results.units if u.assessment_id != snv.pk] == [None, None]
    assert next(u for u in results.units if u.assessment_id == snv.pk).rank == 1


def no_survey_nodes():
    """The sample tree with 0.50 moved from 1.5 to the survey leaf 1.6: 70.00 outside the survey."""
    nodes = []
    for node in sample_nodes():
        if node.code == "1.5":
            node = services.NodeInput(**{**node.__dict__, "max_points": "0.50"})
        elif node.code == "1.6":
            node = services.NodeInput(**{**node.__dict__, "max_points": "3.50"})
        nodes.append(node)
    return nodes


def test_tv_par_4_without_a_survey_the_index_is_over_the_non_survey_maximum(province):
    """R-PAR-6: a period with with_survey=False; appraised 64.40 of 70.00 → 92.00 %."""
    cast = build_scoring_cast(province, open_period=False)
    criteria_set = services.set_create(year=2026, kind=Kind.TASK_COMPLETION, name="Bộ không điều tra",
                                       nodes=no_survey_nodes(), actor=cast.home_affairs)  # fmt: skip
    import datetime as dt

    from django.utils import timezone

    today = timezone.localdate()
    period = services.period_create(
        criteria_set=criteria_set, title="Không điều tra XHH", with_survey=False,
        self_deadline=today + dt.timedelta(days=20), appraisal_deadline=today + dt.timedelta(days=40),
        unit_ids=[province.units.snv.pk], actor=cast.home_affairs,
    )  # fmt: skip
    assert period.with_survey is False
    areas = {c.code: c for c in criteria_set.criteria.filter(level=1)}
    services.appraisal_appoint(period=period, appraiser=cast.appraiser_a, actor=cast.home_affairs,
                               criteria_ids=[a.pk for a in areas.values()])  # fmt: skip
    period = services.period_open(period=period, actor=cast.home_affairs)
    own = SimpleNamespace(
        period=period,
        home_affairs=cast.home_affairs,
        criteria={c.code: c for c in criteria_set.criteria.all()},
        appraisals=SimpleNamespace(a=period.appraisals.get()),
        province=province,
    )
    snv = period.assessments.get()
    # 5.60 below full marks: 5.3 3.00 → 0.40 (−2.60) and 6.1 3.00 → 0.00 (−3.00).
    plan = {snv: Unit(province.chuyen_vien, province.giam_doc, {"5.3": D("0.40"), "6.1": D("0.00")})}
    period = play_round(own, plan, appraisals=(own.appraisals.a,))
    results = period_results(period)
    assert results.maximum == D("70.00")
    unit = results.units[0]
    assert (unit.final_total, unit.index, unit.rank) == (D("64.40"), D("92.00"), 1)
    assert percent(unit.index) == "92,00 %"
    rows = {r.code: r for r in unit_detail(snv).rows}
    assert not rows["1.6"].counted and rows["1.6"].final == D("0.00")
    assert rows["1"].final == D("6.50")  # 10 − 3.50 of the survey leaf that does not count
    assert Criterion.objects.filter(criteria_set=criteria_set, method="survey").exists()
