"""The council members' screens (SCORE-5): the queue of appraisal accounts, the scoring form of one
unit, the evidence files, sending the results — and their query counts."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from congvu.core import personal
from congvu.core.models import AuditEvent
from congvu.scoring import services
from congvu.scoring.models import Appraisal, Assessment, Score
from tests.assignments.workflow_cast import lend, person
from tests.scoring.appraisal_cast import appraise, on_day, submit_units
from tests.scoring.cast import build_scoring_cast

QUEUE = "/cham-diem/tham-dinh/"


@pytest.fixture
def cast(province):
    return build_scoring_cast(province)


def unit_url(cast, assessment, appraisal=None):
    return f"/cham-diem/tham-dinh/{(appraisal or cast.appraisals.a).pk}/don-vi/{assessment.pk}/"


def _post(cast, assessment, **typed):
    """The form as the browser sends it: every row's inputs, empty unless typed (code → (score, reason))."""
    data = {}
    covered = services.covered_leaf_ids(list(cast.appraisals.a.criteria.all()))
    for score in assessment.scores.select_related("criterion").filter(criterion_id__in=covered):
        if score.criterion.is_survey:
            continue
        value, reason = typed.get(score.criterion.code, ("", ""))
        data[f"score_{score.criterion_id}"] = value
        data[f"reason_{score.criterion_id}"] = reason
    return data


# --- the queue ------------------------------------------------------------------------------------


def test_the_queue_lists_the_account_its_units_and_what_is_left(cast, signed_in):
    units = submit_units(cast, "snv")
    appraise(cast.appraisals.a, units["snv"], skip=("1.4", "1.5"))
    page = signed_in(cast.appraiser_a).get(QUEUE)
    assert page.status_code == 200
    text = page.content.decode()
    assert "Chỉ số CCHC năm 2026" in text
    assert "1, 2, 3, 4" in text  # the criteria covered
    assert "11/01/2027" in text  # the appraisal deadline
    assert "2 tiêu chí" in text  # Sở Nội vụ: 1.4 and 1.5 left
    assert text.count("chưa gửi") == 2  # Sở Tài chính, UBND huyện Đức Trọng
    assert unit_url(cast, units["snv"]) in text
    assert unit_url(cast, cast.assessments.stc) not in text
    assert "Gửi kết quả thẩm định" in text
    assert "tài khoản thẩm định sẽ bị khóa" in text


def test_someone_with_no_account_sees_none_and_no_other_account(cast, signed_in):
    client = signed_in(cast.province.giam_doc)
    assert "Bạn không có tài khoản thẩm định nào." in client.get(QUEUE).content.decode()
    submit_units(cast, "snv")
    assert client.get(unit_url(cast, cast.assessments.snv)).status_code == 404
    # appraiser_b reads their own account, not appraiser_a's
    other = signed_in(cast.appraiser_b)
    assert other.get(unit_url(cast, cast.assessments.snv)).status_code == 404
    assert other.get(unit_url(cast, cast.assessments.snv, cast.appraisals.b)).status_code == 200


def test_a_unit_not_submitted_has_no_form(cast, signed_in):
    assert signed_in(cast.appraiser_a).get(unit_url(cast, cast.assessments.stc)).status_code == 404


def test_a_delegate_works_the_account_of_whom_they_act_for(cast, signed_in):
    p = cast.province
    delegate = person("longtv", "Trịnh Văn Long", p.units.vp, p.positions.chuyen_vien)
    lend(cast.appraiser_a, delegate, p.chanh_vp)
    submit_units(cast, "snv")
    client = signed_in(delegate)
    text = client.get(QUEUE).content.decode()
    assert "Võ Thị Kim Anh" in text and "Thẩm định thay" in text
    snv = cast.assessments.snv
    response = client.post(unit_url(cast, snv), _post(cast, snv, **{"1.4": ("0,5", "Chưa có kế hoạch.")}))
    assert response.status_code == 302
    row = AuditEvent.objects.filter(action="scoring.score.appraised").latest("id")
    assert (row.actor_id, row.on_behalf_of_id) == (delegate.pk, cast.appraiser_a.pk)


def test_sending_too_early_says_why_in_vietnamese(cast, signed_in):
    submit_units(cast, "snv")
    appraise(cast.appraisals.a, cast.assessments.snv)
    client = signed_in(cast.appraiser_a)
    response = client.post(f"/cham-diem/tham-dinh/{cast.appraisals.a.pk}/gui/", follow=True)
    assert (
        "Còn đơn vị chưa gửi báo cáo tự đánh giá; hạn tự đánh giá là 22/12/2026." in response.content.decode()
    )
    assert Appraisal.objects.get(pk=cast.appraisals.a.pk).status == "open"


def test_sending_with_units_left_says_which(cast, signed_in, clock):
    submit_units(cast, "snv")
    on_day(clock, dt.date(2026, 12, 23))
    client = signed_in(cast.appraiser_a)
    response = client.post(f"/cham-diem/tham-dinh/{cast.appraisals.a.pk}/gui/", follow=True)
    assert "Chưa thẩm định xong 1 đơn vị: Sở Nội vụ." in response.content.decode()


def test_sending_locks_the_account(cast, signed_in, clock):
    submit_units(cast, "snv", "stc", "huyen")
    for assessment in (cast.assessments.snv, cast.assessments.stc, cast.assessments.huyen):
        appraise(cast.appraisals.a, assessment)
    client = signed_in(cast.appraiser_a)
    response = client.post(f"/cham-diem/tham-dinh/{cast.appraisals.a.pk}/gui/", follow=True)
    text = response.content.decode()
    assert "Đã gửi kết quả thẩm định. Tài khoản thẩm định đã khóa." in text
    assert "Đã gửi — đã khóa" in text
    assert "Tôi xác nhận, gửi kết quả" not in text
    form = client.get(unit_url(cast, cast.assessments.snv)).content.decode()
    assert "Kết quả thẩm định đã được gửi: tài khoản đã khóa." in form
    assert 'name="score_' not in form


def test_the_queue_reads_the_same_number_of_times_whatever_the_units(cast, signed_in, province):
    client = signed_in(cast.appraiser_a)
    assert client.get(QUEUE).status_code == 200
    # both looks ask the menu's question and count the unread notices afresh, not from what is kept
    services.periods_changed()
    personal.touch([cast.appraiser_a])
    with CaptureQueriesContext(connection) as few:
        client.get(QUEUE)
    submit_units(cast, "snv", "stc", "huyen")
    appraise(cast.appraisals.a, cast.assessments.snv, skip=("1.4",))
    extra = [
        u
        for u in vars(province.units).values()
        if u.pk not in {a.unit_id for a in cast.period.assessments.all()}
    ]
    Assessment.objects.bulk_create(Assessment(period=cast.period, unit=u, unit_path=u.path) for u in extra)
    services.periods_changed()
    personal.touch([cast.appraiser_a])
    with CaptureQueriesContext(connection) as many:
        page = client.get(QUEUE)
    assert page.content.decode().count("chưa gửi") == len(extra)
    assert len(many.captured_queries) == len(few.captured_queries)
    assert len(many) <= 20


# --- one unit -------------------------------------------------------------------------------------


def test_the_unit_form_shows_the_self_assessment_beside_the_inputs(cast, signed_in):
    p = cast.province
    snv = cast.assessments.snv
    services.assessment_save(assessment=snv, actor=p.chuyen_vien,
                             entries={cast.criteria["1.4"].pk: services.ScoreInput(score="1", explanation="Đã có kế hoạch tuyên truyền số 12/KH.")})  # fmt: skip
    submit_units(cast, "snv")
    text = signed_in(cast.appraiser_a).get(unit_url(cast, snv)).content.decode()
    assert "Công tác tuyên truyền CCHC" in text
    assert "Hoàn thành." in text  # the explanation of the rows, as typed
    assert "Điểm tự chấm" in text and "Giữ điểm tự chấm" in text and "Chấp nhận tất cả điểm tự chấm" in text
    assert f'name="score_{cast.criteria["1.4"].pk}"' in text
    # survey leaves are read-only "điểm điều tra"; criteria of area 5 are not appraiser_a's
    assert f'name="score_{cast.criteria["1.6"].pk}"' not in text
    assert "Điểm điều tra" in text and "Điều tra XHH: đánh giá của lãnh đạo" in text
    assert f'name="score_{cast.criteria["5.1"].pk}"' not in text
    assert 'src="/static/scoring/appraisal.js"' in text
    assert "Đơn vị sau" not in text  # the only unit submitted


def test_a_different_score_without_reason_stays_on_its_row(cast, signed_in):
    submit_units(cast, "snv", "stc")
    snv = cast.assessments.snv
    client = signed_in(cast.appraiser_a)
    data = _post(cast, snv, **{"1.4": ("0,5", ""), "1.5": ("1", "")})
    response = client.post(unit_url(cast, snv), data)
    assert response.status_code == 400
    text = response.content.decode()
    assert "Điểm thẩm định khác điểm tự đánh giá (1,00): vui lòng nêu lý do." in text
    form = response.context["form"]
    leaf = cast.criteria["1.4"].pk
    assert list(form.errors) == [f"reason_{leaf}"]
    assert 'value="0,5"' in text  # what was typed stays
    assert Score.objects.filter(assessment=snv, appraised_score__isnull=False).count() == 0
    # with the reason it is saved, and "Lưu và sang đơn vị tiếp" goes to Sở Tài chính
    data[f"reason_{leaf}"] = "Chưa có kế hoạch tuyên truyền."
    response = client.post(unit_url(cast, snv), {**data, "next": "1"})
    assert response.status_code == 302 and response["Location"] == unit_url(cast, cast.assessments.stc)
    saved = Score.objects.get(assessment=snv, criterion=cast.criteria["1.4"])
    assert (saved.appraised_score, saved.appraisal_reason) == (D("0.50"), "Chưa có kế hoạch tuyên truyền.")
    rows = AuditEvent.objects.filter(action="scoring.score.appraised").order_by("id")
    assert [(r.before, r.after, r.note) for r in rows] == [  # R-PAR-5: old → new, and the reason
        ({"1.4": None}, {"1.4": "0.50"}, "Chưa có kế hoạch tuyên truyền."),
        ({"1.5": None}, {"1.5": "1.00"}, ""),
    ]


def test_a_score_above_the_maximum_stays_on_its_row(cast, signed_in):
    submit_units(cast, "snv")
    snv = cast.assessments.snv
    response = signed_in(cast.appraiser_a).post(
        unit_url(cast, snv), _post(cast, snv, **{"1.4": ("3", "Thử")})
    )
    assert response.status_code == 400
    assert list(response.context["form"].errors) == [f"score_{cast.criteria['1.4'].pk}"]
    assert "Điểm thẩm định của tiêu chí 1.4 (3,00) vượt điểm tối đa 1,00." in response.content.decode()


def test_after_the_deadline_the_form_is_read_only(cast, signed_in, clock):
    submit_units(cast, "snv")
    on_day(clock, dt.date(2027, 1, 12))
    client = signed_in(cast.appraiser_a)
    text = client.get(unit_url(cast, cast.assessments.snv)).content.decode()
    assert "Đã hết hạn thẩm định (11/01/2027)." in text
    assert 'name="score_' not in text
    response = client.post(
        unit_url(cast, cast.assessments.snv), _post(cast, cast.assessments.snv, **{"1.4": ("0", "x")})
    )
    assert response.status_code == 302
    assert not Score.objects.filter(appraised_score__isnull=False).exists()


def test_the_unit_form_reads_the_same_number_of_times_whatever_the_evidence(
    cast, signed_in, django_assert_max_num_queries
):
    submit_units(cast, "snv")
    client = signed_in(cast.appraiser_a)
    url = unit_url(cast, cast.assessments.snv)
    assert client.get(url).status_code == 200
    with django_assert_max_num_queries(22):
        assert client.get(url).status_code == 200


# --- evidence -------------------------------------------------------------------------------------


def _with_file(cast):
    p = cast.province
    snv = cast.assessments.snv
    score = snv.scores.select_related("criterion", "assessment__period").get(criterion=cast.criteria["1.3"])
    evidence = services.evidence_add(
        score=score, actor=p.chuyen_vien, title="Báo cáo kiểm tra CCHC",
        upload=SimpleUploadedFile("kiem-tra.txt", "Báo cáo kiểm tra".encode(), "text/plain"),
    )  # fmt: skip
    submit_units(cast, "snv")
    return evidence


def test_an_appraiser_downloads_the_evidence_of_what_they_appraise(cast, signed_in):
    evidence = _with_file(cast)
    client = signed_in(cast.appraiser_a)
    text = client.get(unit_url(cast, cast.assessments.snv)).content.decode()
    url = f"/cham-diem/tu-danh-gia/{cast.assessments.snv.pk}/tai-lieu/{evidence.pk}/tep/"
    assert url in text
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == "Báo cáo kiểm tra".encode()
    assert "attachment" in response["Content-Disposition"]


def test_someone_else_gets_no_evidence(cast, signed_in):
    evidence = _with_file(cast)
    url = f"/cham-diem/tu-danh-gia/{cast.assessments.snv.pk}/tai-lieu/{evidence.pk}/tep/"
    assert signed_in(cast.stc_head).get(url).status_code == 404
