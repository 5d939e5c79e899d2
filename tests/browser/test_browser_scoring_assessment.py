"""A unit's self-assessment in a real browser (SCORE-3, SCORE-4; seed 003 Đ9): the entry officer of
Sở Nội vụ scores area 1 — a tiered, a proportional and a deduction leaf — types a score above the
maximum and is told so on the row, fixes it, attaches a PDF as evidence; the director approves the
report and sends it to Home Affairs."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect
from pypdf import PdfWriter

from congvu.scoring import services
from congvu.scoring.models import Assessment
from tests.scoring.cast import build_scoring_cast, full_marks

TYPED_IN_BROWSER = ("1.1.3", "1.2", "1.3", "1.4")


def _sign_out(page):
    page.set_viewport_size({"width": 1366, "height": 900})
    page.get_by_role("button", name="Đăng xuất").click()
    page.wait_for_load_state("networkidle")


def _leaf(page, code):
    return page.locator(f'article[id="c-{code}"]')


@pytest.mark.django_db(transaction=True)
def test_score_area_one_fix_a_refusal_attach_evidence_approve_submit(
    page, live_server, province, sign_in, shoot, tmp_path
):
    cast = build_scoring_cast(province)
    p = province
    assessment = cast.assessments.snv
    # Everything but four leaves of area 1 scored beforehand, with evidence where it is required
    # (except 1.1.3, whose evidence the officer attaches in the browser).
    by_id = {c.pk: code for code, c in cast.criteria.items()}
    entries = {k: v for k, v in full_marks(cast).items() if by_id[k] not in TYPED_IN_BROWSER}
    services.assessment_save(assessment=assessment, actor=p.chuyen_vien, entries=entries)
    for score in assessment.scores.select_related("criterion", "assessment__period").filter(
        criterion__evidence_required=True
    ):
        if score.criterion.code != "1.1.3":
            services.evidence_add(score=score, actor=p.chuyen_vien, title=f"Kiểm chứng {score.criterion.code}",
                                  link="/giao-viec/")  # fmt: skip
    pdf = tmp_path / "ke-hoach-cchc-2026.pdf"
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    with pdf.open("wb") as out:
        writer.write(out)

    page.set_viewport_size({"width": 1366, "height": 900})
    sign_in(p.chuyen_vien)
    page.goto(f"{live_server.url}/")
    expect(page.locator("#h-sa-home")).to_contain_text("Tự đánh giá chấm điểm")
    shoot(page, "scoring-assessment-home")
    page.get_by_role("link", name="Chỉ số CCHC năm 2026 — Sở Nội vụ").click()
    page.wait_for_load_state("networkidle")
    expect(page.locator(".sa-head")).to_contain_text("còn 20 ngày")
    _leaf(page, "1.1.3").get_by_label("Điểm tự chấm").select_option(label="0,50")
    _leaf(page, "1.1.3").get_by_label("Giải trình").fill("Hoàn thành 85% nhiệm vụ của kế hoạch.")
    _leaf(page, "1.2").get_by_label("Số lần bị trừ").fill("1")
    _leaf(page, "1.3").get_by_label("Số đạt được").fill("3")
    _leaf(page, "1.3").get_by_label("Số kế hoạch").fill("4")
    _leaf(page, "1.4").get_by_label("Điểm tự chấm").fill("1,5")
    page.get_by_role("button", name="Lưu lĩnh vực 1").click()
    page.wait_for_load_state("networkidle")
    expect(_leaf(page, "1.4").locator(".error")).to_have_text(
        "Điểm của tiêu chí 1.4 (1,50) vượt điểm tối đa 1,00."
    )
    expect(_leaf(page, "1.3").get_by_label("Số kế hoạch")).to_have_value("4")  # what was typed stays
    expect(_leaf(page, "1.1.3").get_by_label("Giải trình")).to_have_value(
        "Hoàn thành 85% nhiệm vụ của kế hoạch."
    )
    _leaf(page, "1.4").get_by_label("Điểm tự chấm").fill("1")
    page.get_by_role("button", name="Lưu lĩnh vực 1").click()
    page.wait_for_load_state("networkidle")
    expect(page.get_by_text("Đã lưu điểm tự đánh giá lĩnh vực 1.")).to_be_visible()
    expect(_leaf(page, "1.3").locator(".sa-leaf-score")).to_have_text("1,50")
    expect(_leaf(page, "1.2").locator(".sa-leaf-score")).to_have_text("0,75")

    leaf = _leaf(page, "1.1.3")
    leaf.locator(".sa-ev-add > summary").click()
    leaf.get_by_label("Tên tài liệu").fill("Kế hoạch CCHC năm 2026")
    leaf.get_by_label("Tệp").set_input_files(str(pdf))
    leaf.get_by_role("button", name="Thêm tài liệu").click()
    page.wait_for_load_state("networkidle")
    expect(_leaf(page, "1.1.3").get_by_role("link", name="Kế hoạch CCHC năm 2026")).to_be_visible()
    shoot(page, "scoring-assessment-entry")
    _sign_out(page)

    sign_in(p.giam_doc)
    page.goto(f"{live_server.url}/cham-diem/tu-danh-gia/{assessment.pk}/")
    expect(page.locator(".sa-actions .msg")).to_have_count(0)  # nothing missing
    page.get_by_role("button", name="Duyệt báo cáo").click()
    page.wait_for_load_state("networkidle")
    expect(page.get_by_text("Đã duyệt báo cáo tự đánh giá.")).to_be_visible()
    page.get_by_role("button", name="Gửi Sở Nội vụ").click()
    page.wait_for_load_state("networkidle")
    expect(page.get_by_text("Đã gửi báo cáo tự đánh giá đến Sở Nội vụ.")).to_be_visible()
    expect(page.locator(".sa-readonly")).to_be_visible()
    shoot(page, "scoring-assessment-submitted")
    after = Assessment.objects.get(pk=assessment.pk)
    assert after.status == "submitted" and str(after.self_total) == "69.25"
