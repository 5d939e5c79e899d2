"""The demo province's scoring period (``congvu load_demo``; seed 003, SCORE-1..SCORE-5): the sample
criteria set of standards §6.3 for this year and the period "Chỉ số CCHC năm <year>", open for Sở
Nội vụ, Sở Tài chính, Sở Thông tin và Truyền thông and UBND huyện Đức Trọng — self-assessment due in
10 days, appraisal in 25.

Hồ Thị Bích Ngọc (``ngochtb``, Home Affairs) prepares it: entry accounts for Bùi Quang Huy
(``huybq``, Sở TT&TT), Đặng Đình Đức (``ducdd``, Sở Tài chính) and Nguyễn Văn Minh (``minhnv``, Sở
Nội vụ); council members Võ Thị Kim Anh (``anhvtk``, areas 1–4) and Phan Quốc Bảo (``baopq``, areas
5–8). Sở Tài chính has already submitted (every leaf scored, evidence as links to Công Vụ pages,
approved by Ngô Văn Hải); Sở TT&TT has scored half its leaves and keeps a draft.

Everything goes through the services a person would use, as that person. Idempotent: the period's
title says it is there, and a second run adds nothing. One transaction: a refused step writes
nothing, and the caller is told why.
"""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone

from congvu.core.decisions import Refused
from congvu.org import policies as org
from congvu.org.models import Unit
from congvu.scoring import services
from congvu.scoring.models import Assessment, CriteriaSet, Criterion, Kind, Period
from congvu.scoring.sample import sample_nodes
from congvu.synthetic.demo_work import _people

SET_NAME = "Bộ chỉ số CCHC cấp sở, huyện năm {year}"
TITLE = "Chỉ số CCHC năm {year}"
UNITS = ("snv", "stc", "stttt", "dt")
ENTRY = {"huybq": "stttt", "ducdd": "stc", "minhnv": "snv"}
APPRAISERS = {"anhvtk": "1234", "baopq": "5678"}
SELF_DAYS, APPRAISAL_DAYS = 10, 25


@dataclass
class ScoringResult:
    created: bool
    refused: str = ""
    seconds: float = 0.0


def is_loaded(today: dt.date | None = None) -> bool:
    year = (today or timezone.localdate()).year
    return Period.objects.filter(title=TITLE.format(year=year), year=year).exists()


def load_scoring(*, units: dict[str, Unit]) -> ScoringResult:
    """Prepare and open the demo period once (see the module's docstring)."""
    started = time.monotonic()
    today = timezone.localdate()
    if is_loaded(today):
        return ScoringResult(created=False)
    try:
        with transaction.atomic():
            _Loader(units=units, today=today).run()
    except Refused as refused:
        return ScoringResult(created=False, refused=refused.message)
    return ScoringResult(created=True, seconds=time.monotonic() - started)


class _Loader:
    def __init__(self, *, units: dict[str, Unit], today: dt.date) -> None:
        self.units = units
        self.today = today
        self.people = _people()
        self.manager = self.people["ngochtb"]

    def run(self) -> Period:
        for person in self.people.values():
            org.forget(person)
        year = self.today.year
        criteria_set = CriteriaSet.objects.filter(
            year=year, kind=Kind.PAR_INDEX, name=SET_NAME.format(year=year)
        ).first() or services.set_create(
            year=year,
            kind=Kind.PAR_INDEX,
            name=SET_NAME.format(year=year),
            nodes=sample_nodes(),
            actor=self.manager,
        )
        for key, unit_key in ENTRY.items():
            services.entry_grant(unit=self.units[unit_key], person=self.people[key], actor=self.manager)
        period = services.period_create(
            criteria_set=criteria_set,
            title=TITLE.format(year=year),
            self_deadline=self.today + dt.timedelta(days=SELF_DAYS),
            appraisal_deadline=self.today + dt.timedelta(days=APPRAISAL_DAYS),
            unit_ids=[self.units[k].pk for k in UNITS],
            survey_questions=[
                "Đơn vị đánh giá thế nào về hướng dẫn chấm điểm năm nay?",
                "Đơn vị có đề xuất gì để cải tiến phần mềm chấm điểm?",
            ],
            actor=self.manager,
        )
        areas = {c.code: c.pk for c in criteria_set.criteria.filter(level=Criterion.Level.AREA)}
        for key, codes in APPRAISERS.items():
            services.appraisal_appoint(
                period=period,
                appraiser=self.people[key],
                criteria_ids=[areas[c] for c in codes],
                actor=self.manager,
            )
        period = services.period_open(period=period, actor=self.manager)
        by_unit = {a.unit_id: a for a in period.assessments.all()}
        for person in self.people.values():
            org.forget(person)
        self.submit(by_unit[self.units["stc"].pk], entry=self.people["ducdd"], leader=self.people["hainv"])
        self.half(by_unit[self.units["stttt"].pk], entry=self.people["huybq"])
        return period

    def entries(self, assessment: Assessment, leaves: list[Criterion]) -> dict[int, services.ScoreInput]:
        found: dict[int, services.ScoreInput] = {}
        for c in leaves:
            if c.method == Criterion.Method.PROPORTIONAL:
                found[c.pk] = services.ScoreInput(
                    achieved="9", planned="10", explanation="Đạt 9/10 chỉ tiêu kế hoạch."
                )
            elif c.method == Criterion.Method.DEDUCTION:
                found[c.pk] = services.ScoreInput(deductions=1, explanation="Bị nhắc nhở một lần trong năm.")
            else:
                found[c.pk] = services.ScoreInput(
                    score=str(c.max_points), explanation="Hoàn thành đúng kế hoạch."
                )
        return found

    def leaves(self, assessment: Assessment) -> list[Criterion]:
        return list(
            Criterion.objects.filter(criteria_set_id=assessment.period.criteria_set_id, is_leaf=True)
            .exclude(method=Criterion.Method.SURVEY)
            .order_by("sort_key")
        )

    def submit(self, assessment: Assessment, *, entry: Any, leader: Any) -> None:
        leaves = self.leaves(assessment)
        services.assessment_save(assessment=assessment, actor=entry, entries=self.entries(assessment, leaves),
                                 survey_answers={"0": "Hướng dẫn rõ ràng, dễ áp dụng."})  # fmt: skip
        for score in assessment.scores.select_related("criterion", "assessment__period").filter(
            criterion__evidence_required=True
        ):
            services.evidence_add(score=score, actor=entry, link="/chi-dao/",
                                  title=f"Báo cáo kết quả thực hiện tiêu chí {score.criterion.code}")  # fmt: skip
        services.assessment_approve(assessment=assessment, actor=leader)
        services.assessment_submit(assessment=assessment, actor=leader)

    def half(self, assessment: Assessment, *, entry: Any) -> None:
        leaves = self.leaves(assessment)
        services.assessment_save(
            assessment=assessment, actor=entry, entries=self.entries(assessment, leaves[: len(leaves) // 2])
        )
