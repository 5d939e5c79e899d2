""" "Tự đánh giá chấm điểm" on "Hôm nay": the entry accounts' and the unit leaders' own units'
reports waiting on them (a draft or an approved report, the period open, the deadline ahead), read
in one query; the number changes with the person's own act."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from congvu.scoring import services
from congvu.scoring.assessments.selectors import home_section
from congvu.scoring.models import Assessment
from tests.assignments.workflow_cast import fresh
from tests.scoring.cast import build_scoring_cast, full_marks, with_evidence


@pytest.fixture
def cast(province):
    return build_scoring_cast(province)


def waiting(user) -> int:
    section = home_section(fresh(user))
    if section is None:
        return 0
    (count,) = section["counts"]
    assert count.waiting and str(count.label) == "Tự đánh giá chấm điểm"
    return count.value


def test_the_entry_officer_and_the_leader_count_their_units_report(cast):
    p = cast.province
    assert waiting(p.chuyen_vien) == 1 and waiting(p.giam_doc) == 1
    assert waiting(p.chuyen_vien_khac) == 1  # Phòng Ngân sách's account enters for Sở Tài chính
    assert waiting(cast.home_affairs) == 0 and waiting(cast.appraiser_a) == 0
    assert waiting(p.pho_giam_doc) == 0  # in charge of a division only, not of Sở Nội vụ


def test_the_section_reads_in_one_query(cast):
    person = fresh(cast.province.chuyen_vien)
    home_section(person)  # the person's org facts, once per request
    with CaptureQueriesContext(connection) as ctx:
        section = home_section(person)
    assert len(ctx.captured_queries) == 1, [q["sql"] for q in ctx.captured_queries]
    assert section["rows"][0]["assessment"].pk == cast.assessments.snv.pk


def test_the_count_falls_once_the_report_is_sent(cast):
    p = cast.province
    assert home_section(fresh(p.giam_doc))["rows"][0]["label"] == "Chờ duyệt"
    assert home_section(fresh(p.chuyen_vien))["rows"][0]["label"] == "Đang tự đánh giá"
    services.assessment_save(assessment=cast.assessments.snv, actor=p.chuyen_vien, entries=full_marks(cast))
    with_evidence(cast, cast.assessments.snv, p.chuyen_vien)
    services.assessment_approve(assessment=cast.assessments.snv, actor=fresh(p.giam_doc))
    section = home_section(fresh(p.giam_doc))
    assert section["rows"][0]["label"] == "Đã duyệt, chờ gửi Sở Nội vụ"
    assert waiting(p.chuyen_vien) == 1
    services.assessment_submit(
        assessment=Assessment.objects.get(pk=cast.assessments.snv.pk), actor=fresh(p.chuyen_vien)
    )
    assert waiting(p.chuyen_vien) == 0 and waiting(p.giam_doc) == 0


def test_past_the_deadline_nothing_waits(cast, clock):
    clock.move_to(
        dt.datetime.combine(
            cast.period.self_deadline + dt.timedelta(days=1),
            dt.time(9),
            tzinfo=timezone.get_current_timezone(),
        )
    )
    assert waiting(cast.province.chuyen_vien) == 0


def test_the_home_page_lists_it(cast, signed_in):
    page = signed_in(cast.province.chuyen_vien).get("/").content.decode()
    assert "Tự đánh giá chấm điểm" in page and f"/cham-diem/tu-danh-gia/{cast.assessments.snv.pk}/" in page
    assert "còn 20 ngày" in page
