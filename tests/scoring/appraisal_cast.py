"""The appraisal scene on top of tests/scoring/cast.py: units submitted, appraiser_a's leaves scored."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from congvu.scoring import services
from congvu.scoring.models import Criterion
from tests.scoring.cast import submitted


def submit_units(cast, *names):
    """The named units (snv, stc, huyen) scored in full, approved and submitted."""
    p = cast.province
    people = {
        "snv": (p.chuyen_vien, p.giam_doc),
        "stc": (p.chuyen_vien_khac, cast.stc_head),
        "huyen": (p.chu_tich_huyen, p.chu_tich_huyen),
    }
    done = {}
    for name in names:
        entry, leader = people[name]
        done[name] = submitted(cast, getattr(cast.assessments, name), entry=entry, leader=leader)
    return done


def appraise(appraisal, assessment, *, actor=None, lower=None, reason="", skip=()):
    """Every covered leaf (survey ones aside) at the self-score, or ``lower`` {code: points}."""
    lower = lower or {}
    covered = services.covered_leaf_ids(list(appraisal.criteria.all()))
    entries = {}
    for score in assessment.scores.select_related("criterion").filter(criterion_id__in=covered):
        code = score.criterion.code
        if score.criterion.method == Criterion.Method.SURVEY or code in skip:
            continue
        entries[score.criterion_id] = services.AppraisalInput(
            score=lower.get(code, score.self_score), reason=reason if code in lower else ""
        )
    return services.appraisal_score(
        appraisal=appraisal, assessment=assessment, entries=entries, actor=actor or appraisal.appraiser
    )


def on_day(clock, day):
    clock.move_to(dt.datetime.combine(day, dt.time(9), tzinfo=timezone.get_current_timezone()))
