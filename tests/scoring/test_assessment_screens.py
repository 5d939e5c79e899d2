"""The self-assessment page (SCORE-3, SCORE-4): who reads it, saving an area (a refused save keeps
everything typed and names the row), read-only once sent or past the deadline, evidence, the
leader's buttons, the survey form, the query count."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from congvu.scoring import services
from congvu.scoring.models import Assessment, Evidence, Score
from tests.scoring.cast import build_scoring_cast, full_marks, submitted, with_evidence


@pytest.fixture
def cast(province):
    return build_scoring_cast(province)


def body(response) -> str:
    return response.content.decode()


def url(assessment, tail: str = "") -> str:
    return f"/cham-diem/tu-danh-gia/{assessment.pk}/{tail}"


def ids(cast) -> dict[str, int]:
    return {code: c.pk for code, c in cast.criteria.items()}


def area_one(cast, **over) -> dict[str, str]:
    """Area 1 typed as the entry officer would: the form's own field names."""
    i = ids(cast)
    data = {
        "area": "1",
        f"s{i['1.1.1']}-score": "0.50",
        f"s{i['1.1.2']}-score": "0.00",
        f"s{i['1.1.3']}-score": "0.50",
        f"s{i['1.2']}-deductions": "1",
        f"s{i['1.3']}-achieved": "3",
        f"s{i['1.3']}-planned": "4",
        f"s{i['1.3']}-score": "",
        f"s{i['1.4']}-score": "0,75",
        f"s{i['1.5']}-score": "",
        f"s{i['1.1.1']}-explanation": "Kế hoạch số 12/KH-SNV ban hành đúng hạn.",
    }
    data.update(over)
    return data


def test_the_entry_officer_sees_the_tree_of_an_area_with_the_inputs_of_each_method(cast, signed_in):
    page = body(signed_in(cast.province.chuyen_vien).get(url(cast.assessments.snv)))
    assert "Sở Nội vụ" in page and "Chỉ số CCHC năm 2026" in page
    assert "còn 20 ngày" in page and "0,00</strong> / 70,50" in page
    i = ids(cast)
    assert f'name="s{i["1.1.3"]}-score"' in page and "<select" in page  # tiered → a select
    assert f'name="s{i["1.3"]}-achieved"' in page and f'name="s{i["1.3"]}-planned"' in page
    assert f'name="s{i["1.2"]}-deductions"' in page
    assert "Điểm do điều tra xã hội học" in page  # 1.6 is a survey leaf: read-only
    assert f'name="s{i["1.6"]}-score"' not in page
    assert "Hướng dẫn chấm" in page and "Lưu lĩnh vực 1" in page
    assert 'href="?linh-vuc=8"' in page and "Phiếu khảo sát" in page


def test_an_outsider_gets_404(cast, signed_in):
    assert signed_in(cast.province.chuyen_vien_khac).get(url(cast.assessments.snv)).status_code == 404
    assert signed_in(cast.stc_head).get(url(cast.assessments.snv)).status_code == 404
    assert signed_in(cast.province.chuyen_vien).get("/cham-diem/tu-danh-gia/999999/").status_code == 404


def test_saving_an_area_computes_each_method_and_the_running_total(cast, signed_in):
    client = signed_in(cast.province.chuyen_vien)
    response = client.post(url(cast.assessments.snv, "luu/"), area_one(cast))
    assert response.status_code == 302, body(response)
    scores = {
        s.criterion.code: s.self_score
        for s in Score.objects.filter(assessment=cast.assessments.snv).select_related("criterion")
    }
    assert scores["1.1.1"] == D("0.50") and scores["1.1.2"] == D("0.00") and scores["1.1.3"] == D("0.50")
    assert scores["1.2"] == D("0.75")  # 1 − 1 × 0,25
    assert scores["1.3"] == D("1.50")  # 2 × 3 / 4
    assert scores["1.4"] == D("0.75") and scores["1.5"] is None
    assessment = Assessment.objects.get(pk=cast.assessments.snv.pk)
    assert assessment.self_total == D("4.00")
    page = body(client.get(url(assessment)))
    assert "4,00</strong> / 70,50" in page and "Kế hoạch số 12/KH-SNV" in page


def test_a_score_above_the_maximum_is_refused_on_its_row_and_everything_typed_stays(cast, signed_in):
    client = signed_in(cast.province.chuyen_vien)
    i = ids(cast)
    response = client.post(url(cast.assessments.snv, "luu/"), area_one(cast, **{f"s{i['1.4']}-score": "1,5"}))
    assert response.status_code == 400
    page = body(response)
    assert "Điểm của tiêu chí 1.4 (1,50) vượt điểm tối đa 1,00." in page
    assert 'value="1,5"' in page and 'value="3"' in page and "Kế hoạch số 12/KH-SNV" in page
    article = page.split('id="c-1.4"')[1].split("</article>")[0]
    assert "vượt điểm tối đa" in article and "has-error" in page.split('id="c-1.4"')[0][-80:]
    assert not Score.objects.filter(assessment=cast.assessments.snv, self_score__isnull=False).exists()


def test_a_wrong_tier_and_a_bad_planned_number_land_on_their_rows(cast, signed_in):
    client = signed_in(cast.province.chuyen_vien)
    i = ids(cast)
    response = client.post(
        url(cast.assessments.snv, "luu/"),
        area_one(cast, **{f"s{i['1.1.3']}-score": "0.75", f"s{i['1.3']}-planned": "0"}),
    )
    assert response.status_code == 400
    page = body(response)
    assert "Số kế hoạch phải lớn hơn 0." in page.split('id="c-1.3"')[1].split("</article>")[0]
    assert "Select a valid choice" in page or "Chọn một lựa chọn hợp lệ" in page or "hợp lệ" in page
    assert Assessment.objects.get(pk=cast.assessments.snv.pk).self_total == 0


def test_evidence_is_added_as_a_file_downloaded_and_removed(cast, signed_in):
    client = signed_in(cast.province.chuyen_vien)
    score = Score.objects.get(assessment=cast.assessments.snv, criterion=cast.criteria["1.1.1"])
    response = client.post(
        url(cast.assessments.snv, f"tai-lieu/{score.pk}/"),
        {
            f"e{score.pk}-title": "Kế hoạch CCHC 2026",
            f"e{score.pk}-file": SimpleUploadedFile("ke-hoach.txt", "Kế hoạch".encode()),
        },
    )
    assert response.status_code == 302, body(response)
    evidence = Evidence.objects.get(score=score)
    page = body(client.get(url(cast.assessments.snv)))
    assert "Kế hoạch CCHC 2026" in page
    download = client.get(url(cast.assessments.snv, f"tai-lieu/{evidence.pk}/tep/"))
    assert download.status_code == 200 and b"".join(download.streaming_content) == "Kế hoạch".encode()
    assert client.post(url(cast.assessments.snv, f"tai-lieu/{evidence.pk}/bo/")).status_code == 302
    assert not Evidence.objects.filter(score=score).exists()


def test_evidence_without_file_or_link_is_refused_on_its_row(cast, signed_in):
    client = signed_in(cast.province.chuyen_vien)
    score = Score.objects.get(assessment=cast.assessments.snv, criterion=cast.criteria["1.3"])
    response = client.post(
        url(cast.assessments.snv, f"tai-lieu/{score.pk}/"), {f"e{score.pk}-title": "Biên bản"}
    )
    assert response.status_code == 400
    row = body(response).split('id="c-1.3"')[1].split("</article>")[0]
    assert "Chọn một tệp hoặc nhập một đường dẫn trong Công Vụ." in row and 'value="Biên bản"' in row


def test_the_leader_is_told_what_is_missing_then_approves_and_submits(cast, signed_in):
    leader = signed_in(cast.province.giam_doc)
    page = body(leader.get(url(cast.assessments.snv)))
    assert "Chưa duyệt được" in page and "Chưa chấm điểm tiêu chí" in page
    response = leader.post(url(cast.assessments.snv, "duyet/"), follow=True)
    assert "Chưa chấm điểm tiêu chí: 1.1.1" in body(response)
    assert Assessment.objects.get(pk=cast.assessments.snv.pk).status == "draft"
    services.assessment_save(
        assessment=cast.assessments.snv, actor=cast.province.chuyen_vien, entries=full_marks(cast)
    )
    with_evidence(cast, cast.assessments.snv, cast.province.chuyen_vien)
    assert leader.post(url(cast.assessments.snv, "duyet/")).status_code == 302
    page = body(leader.get(url(cast.assessments.snv)))
    assert "Lãnh đạo đã duyệt" in page and "Gửi Sở Nội vụ" in page and "Trả lại để chỉnh sửa" in page
    assert leader.post(url(cast.assessments.snv, "gui/")).status_code == 302
    assert Assessment.objects.get(pk=cast.assessments.snv.pk).status == "submitted"


def test_send_back_needs_a_reason(cast, signed_in):
    services.assessment_save(
        assessment=cast.assessments.snv, actor=cast.province.chuyen_vien, entries=full_marks(cast)
    )
    with_evidence(cast, cast.assessments.snv, cast.province.chuyen_vien)
    services.assessment_approve(assessment=cast.assessments.snv, actor=cast.province.giam_doc)
    leader = signed_in(cast.province.giam_doc)
    response = leader.post(url(cast.assessments.snv, "tra-lai/"), {"back-reason": ""})
    assert response.status_code == 400 and "lý do" in body(response).lower()
    response = leader.post(url(cast.assessments.snv, "tra-lai/"), {"back-reason": "Bổ sung giải trình 1.4"})
    assert response.status_code == 302
    assert Assessment.objects.get(pk=cast.assessments.snv.pk).status == "draft"


def test_after_submission_the_page_is_read_only_and_a_save_is_refused(cast, signed_in):
    p = cast.province
    submitted(cast, cast.assessments.snv, entry=p.chuyen_vien, leader=p.giam_doc)
    client = signed_in(p.chuyen_vien)
    page = body(client.get(url(cast.assessments.snv)))
    assert "Chỉ xem, không sửa được" in page and "Lưu lĩnh vực" not in page and "disabled" in page
    response = client.post(url(cast.assessments.snv, "luu/"), area_one(cast))
    assert response.status_code in (400, 409)
    assert Assessment.objects.get(pk=cast.assessments.snv.pk).self_total == D("70.50")


def test_past_the_deadline_the_page_says_so_and_is_read_only(cast, signed_in, clock):
    clock.move_to(
        dt.datetime.combine(
            cast.period.self_deadline + dt.timedelta(days=2),
            dt.time(9),
            tzinfo=timezone.get_current_timezone(),
        )
    )
    page = body(signed_in(cast.province.chuyen_vien).get(url(cast.assessments.snv)))
    assert "quá hạn 2 ngày" in page and "Đã hết hạn tự đánh giá" in page and "Lưu lĩnh vực" not in page


def test_the_survey_form_is_saved(cast, signed_in):
    client = signed_in(cast.province.chuyen_vien)
    page = body(client.get(url(cast.assessments.snv) + "?linh-vuc=khao-sat"))
    assert "Đơn vị đánh giá thế nào về hướng dẫn chấm điểm năm nay?" in page
    response = client.post(url(cast.assessments.snv, "khao-sat/"), {"q0": "Rõ ràng, dễ áp dụng."})
    assert response.status_code == 302
    assert Assessment.objects.get(pk=cast.assessments.snv.pk).survey_answers == {"0": "Rõ ràng, dễ áp dụng."}


def test_the_page_reads_a_fixed_number_of_queries_whatever_the_area(
    cast, signed_in, django_assert_max_num_queries
):
    client = signed_in(cast.province.chuyen_vien)
    with_evidence(cast, cast.assessments.snv, cast.province.chuyen_vien)
    client.get(url(cast.assessments.snv))  # warm the session and the person's facts
    counts = []
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for area in ("1", "3", "7", "khao-sat"):
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url(cast.assessments.snv) + f"?linh-vuc={area}").status_code == 200
        counts.append(len(ctx.captured_queries))
    assert max(counts) - min(counts) <= 1, counts
    with django_assert_max_num_queries(30):
        client.get(url(cast.assessments.snv) + "?linh-vuc=3")


def test_the_deadline_warns_three_days_ahead(cast, signed_in, clock):
    clock.move_to(
        dt.datetime.combine(
            cast.period.self_deadline - dt.timedelta(days=3),
            dt.time(9),
            tzinfo=timezone.get_current_timezone(),
        )
    )
    page = body(signed_in(cast.province.chuyen_vien).get(url(cast.assessments.snv)))
    assert '<span class="due-note due-warn">(còn 3 ngày)</span>' in page


def test_an_appraiser_reads_a_submitted_report_without_inputs_or_buttons(cast, signed_in):
    p = cast.province
    submitted(cast, cast.assessments.snv, entry=p.chuyen_vien, leader=p.giam_doc)
    assert signed_in(cast.appraiser_a).get(url(cast.assessments.stc)).status_code == 404  # a draft
    page = body(signed_in(cast.appraiser_a).get(url(cast.assessments.snv)))
    assert "Chỉ xem, không sửa được" in page and "Duyệt báo cáo" not in page and "Lưu lĩnh vực" not in page
