"""The demo province's scoring period (congvu load_demo): open for four units, entry accounts and
appraisers in place, Sở Tài chính submitted, Sở TT&TT half-scored — loaded once."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from congvu.accounts.models import User
from congvu.core.models import AuditEvent
from congvu.org.models import RoleGrant
from congvu.scoring.models import Appraisal, Assessment, Criterion, Evidence, Period, Score
from congvu.synthetic import demo

pytestmark = pytest.mark.django_db


def _load() -> str:
    out = StringIO()
    call_command("load_demo", stdout=out)
    return out.getvalue()


def _person(key: str) -> User:
    return User.objects.get(email=f"{key}@{demo.EMAIL_DOMAIN}")


def test_the_demo_opens_a_scoring_period_once():
    out = _load()
    assert "Chấm điểm CCHC mẫu: đã mở kỳ chấm điểm" in out
    today = timezone.localdate()
    period = Period.objects.get()
    assert (period.title, period.status) == (f"Chỉ số CCHC năm {today.year}", "open")
    assert period.self_deadline == today + dt.timedelta(days=10)
    assert period.appraisal_deadline == today + dt.timedelta(days=25)
    by_unit = {a.unit.name: a for a in period.assessments.select_related("unit")}
    assert set(by_unit) == {
        "Sở Nội vụ",
        "Sở Tài chính",
        "Sở Thông tin và Truyền thông",
        "UBND huyện Đức Trọng",
    }
    assert {(g.user.email.split("@")[0], g.unit.name) for g in RoleGrant.objects.filter(
        role=RoleGrant.Role.SCORING_ENTRY).select_related("user", "unit")} == {
        ("huybq", "Sở Thông tin và Truyền thông"), ("ducdd", "Sở Tài chính"), ("minhnv", "Sở Nội vụ")}  # fmt: skip
    appraisals = {a.appraiser.email.split("@")[0]: a for a in Appraisal.objects.filter(period=period)}
    assert sorted(appraisals) == ["anhvtk", "baopq"]
    assert sorted(appraisals["anhvtk"].criteria.values_list("code", flat=True)) == ["1", "2", "3", "4"]
    assert sorted(appraisals["baopq"].criteria.values_list("code", flat=True)) == ["5", "6", "7", "8"]

    stc = by_unit["Sở Tài chính"]
    assert (stc.status, stc.approved_by, stc.submitted_by) == (
        "submitted",
        _person("hainv"),
        _person("hainv"),
    )
    scored = Score.objects.filter(assessment=stc).exclude(criterion__method=Criterion.Method.SURVEY)
    assert not scored.filter(self_score__isnull=True).exists()
    assert stc.self_total > 0
    needing = scored.filter(criterion__evidence_required=True)
    assert needing.exists()
    assert Evidence.objects.filter(score__in=needing).exclude(link="").count() == needing.count()

    stttt = by_unit["Sở Thông tin và Truyền thông"]
    assert stttt.status == "draft"
    leaves = Score.objects.filter(assessment=stttt).exclude(criterion__method=Criterion.Method.SURVEY)
    filled = leaves.filter(self_score__isnull=False).count()
    assert 0 < filled < leaves.count() and filled == leaves.count() // 2
    assert by_unit["Sở Nội vụ"].status == by_unit["UBND huyện Đức Trọng"].status == "draft"
    # the Home Affairs persona is the one who did it
    assert AuditEvent.objects.filter(action="scoring.period.open", actor=_person("ngochtb")).count() == 1

    counts = (
        Period.objects.count(),
        Assessment.objects.count(),
        Score.objects.count(),
        Evidence.objects.count(),
        RoleGrant.objects.count(),
        AuditEvent.objects.filter(action__startswith="scoring.").count(),
    )
    again = _load()
    assert "Chấm điểm CCHC mẫu: đã có, không tạo thêm." in again
    assert (
        Period.objects.count(),
        Assessment.objects.count(),
        Score.objects.count(),
        Evidence.objects.count(),
        RoleGrant.objects.count(),
        AuditEvent.objects.filter(action__startswith="scoring.").count(),
    ) == counts
