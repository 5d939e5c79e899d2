"""The cast around one scoring period, for the tests of administrative-reform scoring (seed 003).

Home Affairs: Hồ Thị Bích Ngọc (``home_affairs``) holds the scoring-management role on UBND tỉnh.
The period "Chỉ số CCHC năm 2026" uses the sample tree of standards §6.3 (``congvu.scoring.sample``)
and assesses three units:

    snv     Sở Nội vụ             leader Hoàng Văn Nam (giam_doc); entry Nguyễn Văn Minh (chuyen_vien,
                                  a division's officer with the entry role on Sở Nội vụ)
    stc     Sở Tài chính          leader Ngô Văn Hải (``stc_head``); entry Đặng Đình Đức
                                  (chuyen_vien_khac, entry role on Phòng Ngân sách — a sub-unit account)
    huyen   UBND huyện Đức Trọng  leader Lương Văn Tài (chu_tich_huyen); no entry account

Two council members appraise: Võ Thị Kim Anh (``appraiser_a``) areas 1–4, Phan Quốc Bảo
(``appraiser_b``) areas 5–8. The self-assessment is due 20 days after the frozen today, the
appraisal 40 days after.

``build_scoring_cast(province, open_period=True)`` returns the cast; ``cast.period`` is open (or a
draft), ``cast.assessments.snv`` / ``.stc`` / ``.huyen`` the units' assessments.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from types import SimpleNamespace

from django.utils import timezone

from congvu.org.models import RoleGrant
from congvu.scoring import services
from congvu.scoring.models import Criterion, Kind
from congvu.scoring.sample import sample_nodes
from tests.directives.cast import person


def build_scoring_cast(province, *, open_period: bool = True):
    units = province.units
    positions = province.positions
    home_affairs = person("ngochtb", "Hồ Thị Bích Ngọc", units.ccvc, positions.chuyen_vien)
    stc_head = person("hainv", "Ngô Văn Hải", units.stc, positions.giam_doc)
    appraiser_a = person("anhvtk", "Võ Thị Kim Anh", units.vp, positions.chuyen_vien)
    appraiser_b = person("baopq", "Phan Quốc Bảo", units.ccvc, positions.truong_phong)
    RoleGrant.objects.bulk_create(
        [
            RoleGrant(user=home_affairs, role=RoleGrant.Role.SCORING_MANAGEMENT, unit=units.tinh),
            RoleGrant(user=province.chuyen_vien, role=RoleGrant.Role.SCORING_ENTRY, unit=units.snv),
            RoleGrant(user=province.chuyen_vien_khac, role=RoleGrant.Role.SCORING_ENTRY, unit=units.ns),
        ]
    )
    criteria_set = services.set_create(
        year=2026,
        kind=Kind.PAR_INDEX,
        name="Bộ chỉ số CCHC cấp sở, huyện",
        nodes=sample_nodes(),
        actor=home_affairs,
    )
    today = timezone.localdate()
    period = services.period_create(
        criteria_set=criteria_set,
        title="Chỉ số CCHC năm 2026",
        self_deadline=today + dt.timedelta(days=20),
        appraisal_deadline=today + dt.timedelta(days=40),
        unit_ids=[units.snv.pk, units.stc.pk, units.huyen.pk],
        survey_questions=["Đơn vị đánh giá thế nào về hướng dẫn chấm điểm năm nay?"],
        actor=home_affairs,
    )
    areas = {c.code: c for c in criteria_set.criteria.filter(level=1)}
    services.appraisal_appoint(period=period, appraiser=appraiser_a, actor=home_affairs,
                               criteria_ids=[areas[c].pk for c in "1234"])  # fmt: skip
    services.appraisal_appoint(period=period, appraiser=appraiser_b, actor=home_affairs,
                               criteria_ids=[areas[c].pk for c in "5678"])  # fmt: skip
    if open_period:
        period = services.period_open(period=period, actor=home_affairs)
    by_unit = {a.unit_id: a for a in period.assessments.all()}
    return SimpleNamespace(
        province=province,
        home_affairs=home_affairs,
        stc_head=stc_head,
        appraiser_a=appraiser_a,
        appraiser_b=appraiser_b,
        criteria_set=criteria_set,
        period=period,
        criteria={c.code: c for c in criteria_set.criteria.all()},
        appraisals=SimpleNamespace(
            a=period.appraisals.get(appraiser=appraiser_a), b=period.appraisals.get(appraiser=appraiser_b)
        ),  # fmt: skip
        assessments=SimpleNamespace(
            snv=by_unit[units.snv.pk], stc=by_unit[units.stc.pk], huyen=by_unit[units.huyen.pk]
        ),
    )


def full_marks(cast) -> dict[int, services.ScoreInput]:
    """Every scored leaf at its maximum (the method's way of typing it)."""
    entries = {}
    for c in cast.criteria.values():
        if not c.is_leaf or c.method == Criterion.Method.SURVEY:
            continue
        if c.method == Criterion.Method.PROPORTIONAL:
            entries[c.pk] = services.ScoreInput(achieved="10", planned="10", explanation="Đạt kế hoạch.")
        elif c.method == Criterion.Method.DEDUCTION:
            entries[c.pk] = services.ScoreInput(deductions=0, explanation="Không bị trừ.")
        else:
            entries[c.pk] = services.ScoreInput(score=str(c.max_points), explanation="Hoàn thành.")
    return entries


def with_evidence(cast, assessment, actor) -> None:
    """A link of evidence on every leaf that requires it."""
    for score in assessment.scores.select_related("criterion", "assessment__period").filter(
        criterion__evidence_required=True
    ):
        services.evidence_add(
            score=score, actor=actor, title=f"Kiểm chứng {score.criterion.code}", link="/giao-viec/"
        )


def submitted(cast, assessment, *, entry, leader, entries=None):
    """A unit's assessment scored (full marks unless told), with evidence, approved and submitted."""
    services.assessment_save(assessment=assessment, actor=entry, entries=entries or full_marks(cast))
    with_evidence(cast, assessment, entry)
    services.assessment_approve(assessment=assessment, actor=leader)
    return services.assessment_submit(assessment=assessment, actor=leader)


MAX = Decimal("100.00")
