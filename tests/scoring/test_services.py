"""The scoring use cases' own rules, beyond the workflow tables: what a period, a reopening, evidence
and an entry-account request refuse, and what they leave behind (seed 003 Đ6, Đ8–Đ10)."""

import datetime as dt
from decimal import Decimal as D

import pytest
from django.utils import timezone

from congvu.core.decisions import Refused
from congvu.core.models import AuditEvent
from congvu.org.models import RoleGrant
from congvu.scoring import services
from congvu.scoring.models import Assessment, Criterion, EntryRequest, Kind, Period, Score
from congvu.scoring.sample import sample_nodes
from congvu.scoring.selectors import period_results
from tests.assignments.workflow_cast import fresh, lend
from tests.directives.cast import person
from tests.scoring.cast import build_scoring_cast, full_marks, submitted

DAY = dt.timedelta(days=1)


@pytest.fixture
def cast(province):
    return build_scoring_cast(province)


def at(day):
    return dt.datetime.combine(day, dt.time(9), tzinfo=timezone.get_current_timezone())


def test_opening_makes_one_score_row_per_unit_and_leaf_and_freezes_the_set(cast):
    leaves = Criterion.objects.filter(criteria_set=cast.criteria_set, is_leaf=True).count()
    assert leaves == 41  # 8 + 5 + 6 + 4 + 6 + 3 + 6 + 3 leaves in the eight areas
    assert Score.objects.filter(assessment__period=cast.period).count() == 3 * leaves
    assert services.is_frozen(cast.criteria_set)
    with pytest.raises(Refused, match="Hãy sao chép sang bộ mới"):
        services.set_replace_tree(
            criteria_set=cast.criteria_set, nodes=sample_nodes(), actor=cast.home_affairs
        )
    copy = services.set_copy(
        source=cast.criteria_set, year=2027, name="Bộ chỉ số năm 2027", actor=cast.home_affairs
    )
    assert services.nodes_of(copy) == services.nodes_of(cast.criteria_set)
    assert not services.is_frozen(copy)


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"unit_ids": []}, "units", "Chọn ít nhất một đơn vị"),
        ({"title": "  "}, "title", "Tên kỳ chấm điểm bắt buộc"),
        ({"appraisal_deadline": -1}, "appraisal_deadline", "Hạn thẩm định phải sau hạn tự đánh giá"),
        ({"self_deadline": 365 * 30}, "self_deadline", ""),
    ],
)
def test_a_period_refuses_what_does_not_make_sense(cast, change, field, message):
    today = timezone.localdate()
    values = {
        "criteria_set": cast.criteria_set,
        "title": "Kỳ thử",
        "self_deadline": today + 10 * DAY,
        "appraisal_deadline": today + 20 * DAY,
        "unit_ids": [cast.province.units.snv.pk],
        "actor": cast.home_affairs,
    }
    for key, value in change.items():
        values[key] = today + value * DAY if key.endswith("deadline") else value
    before = Period.objects.count()
    with pytest.raises(Refused) as refused:
        services.period_create(**values)
    assert refused.value.field == field and message in str(refused.value)
    assert Period.objects.count() == before


def test_only_home_affairs_creates_periods(cast):
    with pytest.raises(Refused, match="Chỉ Sở Nội vụ"):
        services.period_create(
            criteria_set=cast.criteria_set, title="Kỳ thử", self_deadline=timezone.localdate() + DAY,
            appraisal_deadline=timezone.localdate() + 2 * DAY, unit_ids=[cast.province.units.snv.pk],
            actor=cast.province.giam_doc,
        )  # fmt: skip


def test_units_change_only_while_the_period_is_in_preparation(province):
    cast = build_scoring_cast(province, open_period=False)
    services.period_update(period=cast.period, actor=cast.home_affairs, unit_ids=[province.units.snv.pk])
    assert list(cast.period.assessments.values_list("unit_id", flat=True)) == [province.units.snv.pk]
    opened = services.period_open(period=cast.period, actor=cast.home_affairs)
    with pytest.raises(Refused, match="chỉ sửa được khi kỳ chấm điểm chưa mở"):
        services.period_update(period=opened, actor=cast.home_affairs, unit_ids=[province.units.stc.pk])


def test_a_leaf_is_appraised_by_one_council_member_only(cast):
    with pytest.raises(Refused, match="Tiêu chí 1.1.1 đã giao cho Võ Thị Kim Anh"):
        services.appraisal_appoint(period=cast.period, appraiser=cast.province.theo_doi,
                                   criteria_ids=[cast.criteria["1.1"].pk], actor=cast.home_affairs)  # fmt: skip


def test_the_unit_no_longer_edits_after_its_deadline(cast, clock):
    clock.move_to(at(cast.period.self_deadline + DAY))
    with pytest.raises(Refused, match="Đã hết hạn tự đánh giá"):
        services.assessment_save(assessment=cast.assessments.snv, actor=cast.province.chuyen_vien,
                                 entries={cast.criteria["1.4"].pk: services.ScoreInput(score="1")})  # fmt: skip


def test_reopening_after_the_deadline_needs_the_units_own_new_deadline(cast, clock):
    p = cast.province
    done = submitted(cast, cast.assessments.snv, entry=p.chuyen_vien, leader=p.giam_doc)
    clock.move_to(at(cast.period.self_deadline + DAY))
    with pytest.raises(Refused, match="cho đơn vị một hạn mới"):
        services.assessment_reopen(
            assessment=done, actor=cast.home_affairs, reason="Bổ sung tài liệu kiểm chứng"
        )
    new_deadline = cast.period.self_deadline + 5 * DAY
    reopened = services.assessment_reopen(assessment=done, actor=cast.home_affairs,
                                          reason="Bổ sung tài liệu kiểm chứng", deadline=new_deadline)  # fmt: skip
    assert reopened.status == Assessment.Status.DRAFT and reopened.due_on == new_deadline
    services.assessment_save(assessment=reopened, actor=p.chuyen_vien,
                             entries={cast.criteria["1.4"].pk: services.ScoreInput(score="0.5")})  # fmt: skip
    event = AuditEvent.objects.filter(action="scoring.assessment.reopen").get()
    assert event.note == "Bổ sung tài liệu kiểm chứng"


@pytest.mark.parametrize(
    "link", ["http://example.com/x", "//evil.example/x", "/có khoảng trắng", "giao-viec/1"]
)
def test_evidence_links_stay_inside_cong_vu(cast, link):
    score = cast.assessments.snv.scores.get(criterion=cast.criteria["1.3"])
    with pytest.raises(Refused, match="một trang trong Công Vụ"):
        services.evidence_add(score=score, actor=cast.province.chuyen_vien, link=link)
    assert not score.evidence.exists()


def test_evidence_is_a_file_or_a_link_not_both_nor_none(cast):
    score = cast.assessments.snv.scores.get(criterion=cast.criteria["1.3"])
    with pytest.raises(Refused, match="Chọn một tệp hoặc nhập một đường dẫn"):
        services.evidence_add(score=score, actor=cast.province.chuyen_vien)
    evidence = services.evidence_add(score=score, actor=cast.province.chuyen_vien, link="/giao-viec/12/",
                                     title="Kế hoạch kiểm tra")  # fmt: skip
    assert evidence.title == "Kế hoạch kiểm tra"


def test_a_sub_units_account_enters_for_its_parent_and_the_request_is_approved_by_home_affairs(cast):
    p = cast.province
    officer = p.chuyen_vien_2  # Trần Thị Thu Hà, Phòng Tổ chức biên chế of Sở Nội vụ, no scoring role
    leaf = cast.criteria["1.4"]
    with pytest.raises(Refused, match="Chỉ tài khoản nhập liệu"):
        services.assessment_save(assessment=cast.assessments.snv, actor=fresh(officer),
                                 entries={leaf.pk: services.ScoreInput(score="1")})  # fmt: skip
    with pytest.raises(Refused, match="Chỉ lãnh đạo đơn vị"):
        services.entry_request_create(
            unit=p.units.tcbc, person=officer, reason="Nhập liệu lĩnh vực 5", actor=officer
        )
    request = services.entry_request_create(unit=p.units.tcbc, person=officer, reason="Nhập liệu lĩnh vực 5",
                                            actor=p.truong_phong)  # fmt: skip
    with pytest.raises(Refused, match="Chỉ Sở Nội vụ"):
        services.entry_request_approve(request=request, actor=p.giam_doc)
    services.entry_request_approve(request=request, actor=cast.home_affairs)
    assert EntryRequest.objects.get(pk=request.pk).status == EntryRequest.Status.APPROVED
    assert RoleGrant.objects.filter(
        user=officer, role=RoleGrant.Role.SCORING_ENTRY, unit=p.units.tcbc
    ).exists()
    services.assessment_save(assessment=cast.assessments.snv, actor=fresh(officer),
                             entries={leaf.pk: services.ScoreInput(score="1")})  # fmt: skip
    assert cast.assessments.snv.scores.get(criterion=leaf).self_score == D("1.00")


def test_a_delegate_approves_for_the_leader_and_the_audit_says_on_whose_behalf(cast):
    p = cast.province
    delegate = person("phucdv", "Đinh Văn Phúc", p.units.snv, p.positions.chuyen_vien)
    lend(fresh(p.giam_doc), delegate, fresh(p.chu_tich))
    services.assessment_save(assessment=cast.assessments.snv, actor=p.chuyen_vien, entries=full_marks(cast))
    for score in cast.assessments.snv.scores.filter(criterion__evidence_required=True):
        services.evidence_add(score=score, actor=p.chuyen_vien, link="/giao-viec/")
    services.assessment_approve(assessment=cast.assessments.snv, actor=fresh(delegate))
    event = AuditEvent.objects.get(action="scoring.assessment.approve")
    assert (event.actor_id, event.on_behalf_of_id) == (delegate.pk, p.giam_doc.pk)


def test_without_a_survey_the_survey_leaves_leave_the_total_and_the_maximum(province):
    """R-PAR-6: the index over the non-survey maximum (70.50 of the sample's 100)."""
    cast = build_scoring_cast(province, open_period=False)
    Period.objects.filter(pk=cast.period.pk).update(with_survey=False)
    period = services.period_open(period=Period.objects.get(pk=cast.period.pk), actor=cast.home_affairs)
    p = province
    entries = full_marks(cast)
    entries[cast.criteria["1.4"].pk] = services.ScoreInput(score="0")  # 1 point short
    submitted(cast, period.assessments.get(unit=p.units.snv), entry=p.chuyen_vien, leader=p.giam_doc,
              entries=entries)  # fmt: skip
    results = period_results(period)
    snv = results.units[0]
    assert results.maximum == D("70.50")
    assert (snv.final_total, snv.index, snv.rank) == (D("69.50"), D("98.58"), 1)


def test_a_criteria_set_name_is_unique_per_year_and_kind(cast):
    with pytest.raises(Refused, match="Đã có bộ tiêu chí cùng tên"):
        services.set_create(year=2026, kind=Kind.PAR_INDEX, name="Bộ chỉ số CCHC cấp sở, huyện",
                            nodes=sample_nodes(), actor=cast.home_affairs)  # fmt: skip


def test_a_self_score_changed_after_a_reopening_is_audited_old_and_new(cast):
    """R-PAR-5: every score change after submission keeps who, when, the old and the new value."""
    p = cast.province
    done = submitted(cast, cast.assessments.snv, entry=p.chuyen_vien, leader=p.giam_doc)
    reopened = services.assessment_reopen(
        assessment=done, actor=cast.home_affairs, reason="Chấm lại tiêu chí 1.4"
    )
    services.assessment_save(assessment=reopened, actor=p.chuyen_vien,
                             entries={cast.criteria["1.4"].pk: services.ScoreInput(score="0.25")})  # fmt: skip
    event = AuditEvent.objects.filter(action="scoring.assessment.saved").latest("pk")
    assert event.actor_id == p.chuyen_vien.pk
    assert event.before["scores"] == {"1.4": "1.00"} and event.after["scores"] == {"1.4": "0.25"}
