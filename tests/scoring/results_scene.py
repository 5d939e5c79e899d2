"""Rounds played through the services up to publication, for the tests of the results (SCORE-6).

``play_round(cast, plan)``: every unit of ``plan`` scores itself at full marks, its leader approves
and sends it; the two appraisers appraise every covered leaf at the self-score except the ones
lowered in the plan (with a reason); Home Affairs enters the survey scores (a survey leaf at its
maximum unless the plan says otherwise); the self-assessment time passes, the appraisers send
their results and, unless told not to, Home Affairs publishes.

A plan is ``{assessment: Unit(entry, leader, appraised={code: points}, survey={code: points})}``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal as D
from typing import Any

from congvu.scoring import services
from congvu.scoring.models import Criterion, Period
from tests.conftest import travel_to
from tests.scoring.cast import build_scoring_cast, full_marks, submitted

REASON = "Chưa đủ tài liệu kiểm chứng."


@dataclass
class Unit:
    entry: Any
    leader: Any
    appraised: dict[str, D] = field(default_factory=dict)
    survey: dict[str, D] = field(default_factory=dict)


def appraise(cast, appraisal, assessment, lowered: dict[str, D]) -> None:
    covered = services.covered_leaf_ids(list(appraisal.criteria.all()))
    entries = {}
    for score in assessment.scores.select_related("criterion").filter(criterion_id__in=covered):
        if score.criterion.method == Criterion.Method.SURVEY:
            continue
        code = score.criterion.code
        given = lowered.get(code, score.self_score)
        entries[score.criterion_id] = services.AppraisalInput(
            score=given, reason=REASON if given != score.self_score else ""
        )
    services.appraisal_score(appraisal=appraisal, assessment=assessment, entries=entries,
                             actor=appraisal.appraiser)  # fmt: skip


def after_self_deadline(period):
    """The clock the day after the self-assessment deadline, for a block."""
    return travel_to(period.self_deadline + dt.timedelta(days=1))


def play_round(cast, plan: dict[Any, Unit], *, appraisals=None, publish: bool = True) -> Period:
    period = Period.objects.get(pk=cast.period.pk)
    appraisals = appraisals or (cast.appraisals.a, cast.appraisals.b)
    sent = {}
    for assessment, unit in plan.items():
        sent[assessment] = submitted(cast, assessment, entry=unit.entry, leader=unit.leader,
                                     entries=full_marks(cast))  # fmt: skip
    for assessment, unit in plan.items():
        for appraisal in appraisals:
            appraise(cast, appraisal, sent[assessment], unit.appraised)
    if period.with_survey:
        surveys = {}
        for leaf in Criterion.objects.filter(criteria_set_id=period.criteria_set_id, method="survey"):
            for assessment, unit in plan.items():
                surveys[(assessment.pk, leaf.pk)] = unit.survey.get(leaf.code, leaf.max_points)
        services.survey_scores_save(period=period, scores=surveys, actor=cast.home_affairs)
    with after_self_deadline(period):
        for appraisal in appraisals:
            services.appraisal_submit(appraisal=appraisal, actor=appraisal.appraiser)
        if publish:
            services.period_publish(period=period, actor=cast.home_affairs)
    return Period.objects.get(pk=period.pk)


def four_units(province):
    """The cast's period with a fourth unit, Văn phòng UBND tỉnh, which will never submit."""
    cast = build_scoring_cast(province, open_period=False)
    units = province.units
    services.period_update(period=cast.period, actor=cast.home_affairs,
                           unit_ids=[units.snv.pk, units.stc.pk, units.huyen.pk, units.vp.pk])  # fmt: skip
    cast.period = services.period_open(period=cast.period, actor=cast.home_affairs)
    by_unit = {a.unit_id: a for a in cast.period.assessments.all()}
    cast.assessments.snv, cast.assessments.stc = by_unit[units.snv.pk], by_unit[units.stc.pk]
    cast.assessments.huyen, cast.assessments.vp = by_unit[units.huyen.pk], by_unit[units.vp.pk]
    return cast


def ranking_plan(cast) -> dict[Any, Unit]:
    """Sở Tài chính 91.43, Sở Nội vụ 89.00 (TV-PAR-2), UBND huyện Đức Trọng 89.00; VP never submits."""
    p = cast.province
    return {
        cast.assessments.snv: Unit(p.chuyen_vien, p.giam_doc, TV_PAR_2_APPRAISED, TV_PAR_2_SURVEY),
        cast.assessments.stc: Unit(p.chuyen_vien_khac, cast.stc_head, TOP_APPRAISED, TOP_SURVEY),
        cast.assessments.huyen: Unit(p.chu_tich_huyen, p.chu_tich_huyen, TV_PAR_2_APPRAISED, TV_PAR_2_SURVEY),
    }


def published_scene(province=None):
    """The four-unit period played to publication (for module-wide fixtures)."""
    from tests.conftest import build_province

    province = province or build_province()
    cast = four_units(province)
    cast.period = play_round(cast, ranking_plan(cast))
    return cast


# TV-PAR-2: the finals per area [9.5, 8.75, 13.0, 10.0, 14.5, 6.0, 15.25, 12.0] (89.00 of 100),
# reached from full marks by lowering one leaf per area (the sample tree's maxima per area are
# 10, 10, 14.5, 11, 16, 7, 16, 15.5):
#   area 1: 1.4  1.00 → 0.50 (−0.50)      area 5: 5.3  3.00 → 1.50 (−1.50)
#   area 2: 2.3  2.00 → 0.75 (−1.25)      area 6: 6.1  3.00 → 2.00 (−1.00)
#   area 3: 3.2.2 2.00 → 0.50 (−1.50)     area 7: 7.4  3.00 → 2.25 (−0.75)
#   area 4: 4.2  3.00 → 2.00 (−1.00)      area 8: survey 8.1 6.00 → 2.50 (−3.50)
TV_PAR_2_APPRAISED = {
    "1.4": D("0.50"),
    "2.3": D("0.75"),
    "3.2.2": D("0.50"),
    "4.2": D("2.00"),
    "5.3": D("1.50"),
    "6.1": D("2.00"),
    "7.4": D("2.25"),
}
TV_PAR_2_SURVEY = {"8.1": D("2.50")}
TV_PAR_2_AREAS = [D("9.50"), D("8.75"), D("13.00"), D("10.00"), D("14.50"), D("6.00"), D("15.25"), D("12.00")]
# 91.43: from full marks, the survey 8.1 6.00 → 0.00 (−6.00) and 6.1 3.00 → 0.43 (−2.57): 91.43.
TOP_APPRAISED = {"6.1": D("0.43")}
TOP_SURVEY = {"8.1": D("0.00")}
