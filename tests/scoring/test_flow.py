"""The whole scoring round through the services: open → self-assess → approve → submit → appraise →
send → publish, and the totals and ranking it yields (SCORE-3..SCORE-6, R-PAR-3)."""

import datetime as dt
from decimal import Decimal as D

import pytest
from django.utils import timezone

from congvu.core.decisions import Refused
from congvu.core.models import AuditEvent
from congvu.scoring import services
from congvu.scoring.models import Assessment, Criterion, Period
from congvu.scoring.selectors import period_results
from tests.scoring.cast import build_scoring_cast, full_marks, submitted


@pytest.fixture
def cast(province):
    return build_scoring_cast(province)


def appraise_all(cast, appraisal, assessment, *, lower=None, reason=""):
    """Appraise every covered leaf at the self-score, or ``lower`` {code: points} with a reason."""
    lower = lower or {}
    covered = services.covered_leaf_ids(list(appraisal.criteria.all()))
    entries = {}
    for score in assessment.scores.select_related("criterion").filter(criterion_id__in=covered):
        if score.criterion.method == Criterion.Method.SURVEY:
            continue
        code = score.criterion.code
        entries[score.criterion_id] = services.AppraisalInput(
            score=lower.get(code, score.self_score), reason=reason if code in lower else ""
        )
    services.appraisal_score(
        appraisal=appraisal, assessment=assessment, entries=entries, actor=appraisal.appraiser
    )


def test_a_whole_round_ranks_the_units_by_their_index(cast, clock):
    p = cast.province
    snv = submitted(cast, cast.assessments.snv, entry=p.chuyen_vien, leader=p.giam_doc)
    stc = submitted(cast, cast.assessments.stc, entry=p.chuyen_vien_khac, leader=cast.stc_head)
    huyen = submitted(cast, cast.assessments.huyen, entry=p.chu_tich_huyen, leader=p.chu_tich_huyen)
    assert snv.status == stc.status == huyen.status == Assessment.Status.SUBMITTED
    assert snv.self_total == D("70.50")  # every non-survey leaf at its maximum: 100 − 29.50 of survey
    for assessment in (snv, stc, huyen):
        appraise_all(
            cast,
            cast.appraisals.a,
            assessment,
            lower={"1.4": D("0.50")} if assessment == stc else None,
            reason="Chưa có kế hoạch tuyên truyền.",
        )
        appraise_all(cast, cast.appraisals.b, assessment)
    surveys = {}
    for score in Criterion.objects.filter(criteria_set=cast.criteria_set, method="survey"):
        for assessment in (snv, stc, huyen):
            surveys[(assessment.pk, score.pk)] = score.max_points if assessment != huyen else D("0")
    services.survey_scores_save(period=cast.period, scores=surveys, actor=cast.home_affairs)
    clock.move_to(dt.datetime.combine(cast.period.self_deadline + dt.timedelta(days=1), dt.time(9),
                                      tzinfo=timezone.get_current_timezone()))  # fmt: skip
    services.appraisal_submit(appraisal=cast.appraisals.a, actor=cast.appraiser_a)
    services.appraisal_submit(appraisal=cast.appraisals.b, actor=cast.appraiser_b)
    services.period_publish(period=cast.period, actor=cast.home_affairs)

    results = period_results(Period.objects.get(pk=cast.period.pk))
    table = [(u.unit_name, u.final_total, u.index, u.rank) for u in results.units]
    assert table == [
        ("Sở Nội vụ", D("100.00"), D("100.00"), 1),
        ("Sở Tài chính", D("99.50"), D("99.50"), 2),
        ("UBND huyện Đức Trọng", D("70.50"), D("70.50"), 3),
    ]
    assert (
        AuditEvent.objects.filter(
            action="scoring.score.appraised", note="Chưa có kế hoạch tuyên truyền."
        ).count()
        == 1
    )


def test_a_score_above_the_maximum_changes_nothing(cast):
    p = cast.province
    leaf = cast.criteria["1.4"]
    services.assessment_save(assessment=cast.assessments.snv, actor=p.chuyen_vien,
                             entries={leaf.pk: services.ScoreInput(score="0.5")})  # fmt: skip
    entries = {
        leaf.pk: services.ScoreInput(score="0.75"),
        cast.criteria["1.5"].pk: services.ScoreInput(score="1.2"),
    }
    with pytest.raises(Refused, match="vượt điểm tối đa 1,00"):
        services.assessment_save(assessment=cast.assessments.snv, actor=p.chuyen_vien, entries=entries)
    assert cast.assessments.snv.scores.get(criterion=leaf).self_score == D("0.50")


def test_a_leader_cannot_approve_what_is_missing_scores_or_evidence(cast):
    p = cast.province
    entries = full_marks(cast)
    services.assessment_save(assessment=cast.assessments.snv, actor=p.chuyen_vien, entries=entries)
    with pytest.raises(Refused, match="Thiếu tài liệu kiểm chứng cho tiêu chí: 1.1.1, 1.1.3, 1.3"):
        services.assessment_approve(assessment=cast.assessments.snv, actor=p.giam_doc)
