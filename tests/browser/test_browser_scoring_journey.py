"""A whole scoring round in a real browser (issue #11 "Done when"; seed 003 Đ8–Đ11, SCORE-2..6).

Home Affairs creates the period from the year's criteria set, picks Sở Nội vụ and Sở Tài chính,
appoints two council members and opens it; Sở Nội vụ's entry officer scores area 1 (one leaf of
each method: binary, tiered, deduction, proportional, manual), uploads a PDF on one leaf and links a
document on another; the director approves and sends. Võ Thị Kim Anh (areas 1–4) lowers 1.4 — first
without a reason, refused in Vietnamese with what she typed kept — Phan Quốc Bảo (areas 5–8)
accepts every self-score; past the self-assessment deadline both send. Home Affairs types the
survey scores and publishes; the ranking shows, and the director reads it and his unit's detail.
The home page ("Hôm nay") shows each person what waits for them along the way.

Expected totals, by hand (standards §6.3 sample tree, 70,50 points outside the survey leaves,
29,50 on them): Sở Nội vụ self-scores 70,50 − 0,50 (1.1.3 at the 0,50 tier) − 0,25 (1.2, one
deduction) − 0,50 (1.3, 3 of 4) = 69,25; appraised 69,25 − 0,50 (1.4 lowered to 0,50) = 68,75;
with full survey scores 98,25 %. Sở Tài chính: full marks 70,50, survey 29,50 − 2,00 (8.1 at 4,00)
= 27,50, so 98,00 %: ranked second.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect
from pypdf import PdfWriter

from congvu.org.models import RoleGrant
from congvu.scoring import services
from congvu.scoring.models import Assessment, Criterion, Kind, Period, Score
from congvu.scoring.sample import sample_nodes
from tests.browser.conftest import SCREENSHOTS
from tests.directives.cast import person
from tests.scoring.cast import submitted

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1366, "height": 900}
AREA_ONE_IN_BROWSER = ("1.1.1", "1.1.2", "1.1.3", "1.2", "1.3", "1.4", "1.5")
SURVEY_LEAVES = ("1.6", "2.4", "3.5", "4.4", "5.6", "7.5", "8.1", "8.2", "8.3")


def _shoot(page, name):
    """The page at the brief's phone (390×844) and desktop (1366×900) sizes, whole."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for label, size in (("phone", PHONE), ("desktop", DESKTOP)):
        page.set_viewport_size(size)
        page.evaluate("window.scrollTo(0, 0)")
        page.screenshot(path=str(SCREENSHOTS / f"{name}-{label}.png"), full_page=True)
    page.set_viewport_size(DESKTOP)


def _sign_out(page):
    page.set_viewport_size(DESKTOP)
    page.get_by_role("button", name="Đăng xuất").click()
    page.wait_for_load_state("networkidle")


def _leaf(page, code):
    return page.locator(f'article[id="c-{code}"]')


def _full_marks_except(criteria, skip):
    """Every scored leaf at its maximum, typed the method's way, but those in ``skip``."""
    entries = {}
    for c in criteria.values():
        if not c.is_leaf or c.method == Criterion.Method.SURVEY or c.code in skip:
            continue
        if c.method == Criterion.Method.PROPORTIONAL:
            entries[c.pk] = services.ScoreInput(achieved="10", planned="10", explanation="Đạt kế hoạch.")
        elif c.method == Criterion.Method.DEDUCTION:
            entries[c.pk] = services.ScoreInput(deductions=0, explanation="Không bị trừ.")
        else:
            entries[c.pk] = services.ScoreInput(score=str(c.max_points), explanation="Hoàn thành.")
    return entries


def _appraise_accepting_all(page, live_server, unit_name):
    page.goto(f"{live_server.url}/cham-diem/tham-dinh/")
    page.get_by_role("link", name=unit_name).first.click()
    page.wait_for_load_state("networkidle")
    page.get_by_role("button", name="Chấp nhận tất cả điểm tự chấm").click()
    page.get_by_role("button", name="Lưu điểm thẩm định").click()
    page.wait_for_load_state("networkidle")
    expect(page.get_by_text("Đã lưu điểm thẩm định.")).to_be_visible()
    expect(page.locator(".ap-head .status")).to_have_text("Đã thẩm định xong")


def _send_appraisal(page, live_server):
    page.goto(f"{live_server.url}/cham-diem/tham-dinh/")
    page.locator(".ap-submit > summary").click()
    page.get_by_role("button", name="Tôi xác nhận, gửi kết quả").click()
    page.wait_for_load_state("networkidle")
    expect(page.get_by_text("Đã gửi kết quả thẩm định. Tài khoản thẩm định đã khóa.")).to_be_visible()


@pytest.mark.django_db(transaction=True)
def test_a_whole_scoring_round_from_opening_to_the_published_ranking(
    page, live_server, province, sign_in, clock, tmp_path
):
    p, units, positions = province, province.units, province.positions
    home_affairs = person("ngochtb", "Hồ Thị Bích Ngọc", units.ccvc, positions.chuyen_vien)
    stc_head = person("hainv", "Ngô Văn Hải", units.stc, positions.giam_doc)
    appraiser_a = person("anhvtk", "Võ Thị Kim Anh", units.vp, positions.chuyen_vien)
    appraiser_b = person("baopq", "Phan Quốc Bảo", units.ccvc, positions.truong_phong)
    RoleGrant.objects.bulk_create(
        [
            RoleGrant(user=home_affairs, role=RoleGrant.Role.SCORING_MANAGEMENT, unit=units.tinh),
            RoleGrant(user=p.chuyen_vien, role=RoleGrant.Role.SCORING_ENTRY, unit=units.snv),
            RoleGrant(user=p.chuyen_vien_khac, role=RoleGrant.Role.SCORING_ENTRY, unit=units.ns),
        ]
    )
    criteria_set = services.set_create(year=2026, kind=Kind.PAR_INDEX, name="Bộ chỉ số CCHC cấp sở, huyện",
                                       nodes=sample_nodes(), actor=home_affairs)  # fmt: skip
    criteria = {c.code: c for c in criteria_set.criteria.all()}
    pdf = tmp_path / "ke-hoach-cchc-2026.pdf"
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    with pdf.open("wb") as out:
        writer.write(out)
    page.set_viewport_size(DESKTOP)

    # 1. Home Affairs creates the period, appoints two council members and opens it.
    sign_in(home_affairs)
    page.goto(f"{live_server.url}/cham-diem/")
    page.get_by_role("link", name="Tạo kỳ chấm điểm").first.click()
    page.wait_for_load_state("networkidle")
    page.get_by_label("Bộ tiêu chí").select_option(label=str(criteria_set))
    page.get_by_label("Tên kỳ chấm điểm").fill("Chỉ số CCHC năm 2026")
    page.get_by_label("Hạn tự đánh giá").fill("2026-12-22")
    page.get_by_label("Hạn thẩm định").fill("2027-01-11")
    page.get_by_label("Sở Nội vụ", exact=True).check()
    page.get_by_label("Sở Tài chính", exact=True).check()
    page.get_by_label("Câu hỏi khảo sát").fill("Hướng dẫn chấm điểm có rõ ràng không?")
    page.get_by_role("button", name="Tạo kỳ chấm điểm").click()
    page.wait_for_load_state("networkidle")
    expect(page.get_by_text("Đã tạo kỳ chấm điểm.")).to_be_visible()
    period = Period.objects.get(title="Chỉ số CCHC năm 2026")
    for who, search, areas in ((appraiser_a, "kim anh", "1234"), (appraiser_b, "quoc bao", "5678")):
        page.goto(f"{live_server.url}/cham-diem/ky/{period.pk}/tham-dinh/")
        page.get_by_label("Tìm tài khoản").fill(search)
        page.get_by_label("Tìm tài khoản").press("Enter")
        page.wait_for_load_state("networkidle")
        page.get_by_label(who.full_name, exact=False).check()
        for code in areas:
            page.get_by_label(f"{code}. {criteria[code].name}", exact=True).check()
        page.get_by_role("button", name="Phân công", exact=True).click()
        page.wait_for_load_state("networkidle")
        expect(page.get_by_text(f"Đã phân công {who.full_name} thẩm định.")).to_be_visible()
    page.get_by_role("link", name="Chỉ số CCHC năm 2026").click()
    page.wait_for_load_state("networkidle")
    page.get_by_role("button", name="Mở kỳ chấm điểm").click()
    page.wait_for_load_state("networkidle")
    expect(page.get_by_text("Đã mở kỳ chấm điểm: các đơn vị bắt đầu tự đánh giá.")).to_be_visible()
    expect(page.locator("table.scoring-appraisers")).to_contain_text("Võ Thị Kim Anh")
    expect(page.locator("table.scoring-appraisers")).to_contain_text("Phan Quốc Bảo")
    _shoot(page, "scoring-journey-period-open")
    _sign_out(page)

    snv = Assessment.objects.get(period=period, unit=units.snv)
    stc = Assessment.objects.get(period=period, unit=units.stc)
    # For speed: Sở Tài chính is scored and sent through the services (full marks, evidence linked),
    # and so are Sở Nội vụ's leaves outside area 1 (and 1.3's required evidence); the browser types
    # area 1 below.
    submitted(SimpleCast(criteria), stc, entry=p.chuyen_vien_khac, leader=stc_head)
    services.assessment_save(assessment=snv, actor=p.chuyen_vien,
                             entries=_full_marks_except(criteria, AREA_ONE_IN_BROWSER))  # fmt: skip
    services.evidence_add(score=Score.objects.get(assessment=snv, criterion=criteria["1.3"]),
                          actor=p.chuyen_vien, title="Biên bản kiểm tra", link="/giao-viec/")  # fmt: skip
    for code in ("2.1.1", "3.1", "3.3", "4.2", "5.2", "7.2"):
        services.evidence_add(score=Score.objects.get(assessment=snv, criterion=criteria[code]),
                              actor=p.chuyen_vien, title=f"Kiểm chứng {code}", link="/giao-viec/")  # fmt: skip

    # 2. The entry officer: the home page says one self-assessment waits; she scores area 1.
    sign_in(p.chuyen_vien)
    page.goto(f"{live_server.url}/")
    home = page.locator("#h-sa-home").locator("xpath=..")
    expect(page.locator("#h-sa-home .badge")).to_have_text("1")
    expect(home).to_contain_text("còn 20 ngày")
    waiting = page.locator("section.waiting").get_by_role("link", name=re.compile("Tự đánh giá chấm điểm"))
    expect(waiting.first).to_have_attribute("href", f"/cham-diem/tu-danh-gia/{snv.pk}/")
    _shoot(page, "scoring-journey-home-entry")
    page.get_by_role("link", name="Chỉ số CCHC năm 2026 — Sở Nội vụ").click()
    page.wait_for_load_state("networkidle")
    _leaf(page, "1.1.1").get_by_label("Điểm tự chấm").select_option(label="0,50 (Đạt)")
    _leaf(page, "1.1.2").get_by_label("Điểm tự chấm").select_option(label="0,50 (Đạt)")
    _leaf(page, "1.1.3").get_by_label("Điểm tự chấm").select_option(label="0,50")
    _leaf(page, "1.1.3").get_by_label("Giải trình").fill("Hoàn thành 85% nhiệm vụ của kế hoạch.")
    _leaf(page, "1.2").get_by_label("Số lần bị trừ").fill("1")
    _leaf(page, "1.3").get_by_label("Số đạt được").fill("3")
    _leaf(page, "1.3").get_by_label("Số kế hoạch").fill("4")
    _leaf(page, "1.4").get_by_label("Điểm tự chấm").fill("1")
    _leaf(page, "1.5").get_by_label("Điểm tự chấm").fill("1,00")
    page.get_by_role("button", name="Lưu lĩnh vực 1").click()
    page.wait_for_load_state("networkidle")
    expect(page.get_by_text("Đã lưu điểm tự đánh giá lĩnh vực 1.")).to_be_visible()
    expect(_leaf(page, "1.3").locator(".sa-leaf-score")).to_have_text("1,50")
    expect(_leaf(page, "1.2").locator(".sa-leaf-score")).to_have_text("0,75")
    expect(_leaf(page, "1.1.3").locator(".sa-leaf-score")).to_have_text("0,50")
    leaf = _leaf(page, "1.1.3")
    leaf.locator(".sa-ev-add > summary").click()
    leaf.get_by_label("Tên tài liệu").fill("Kế hoạch CCHC năm 2026")
    leaf.get_by_label("Tệp").set_input_files(str(pdf))
    leaf.get_by_role("button", name="Thêm tài liệu").click()
    page.wait_for_load_state("networkidle")
    expect(_leaf(page, "1.1.3").get_by_role("link", name="Kế hoạch CCHC năm 2026")).to_be_visible()
    leaf = _leaf(page, "1.1.1")
    leaf.locator(".sa-ev-add > summary").click()
    leaf.get_by_label("Tên tài liệu").fill("Quyết định ban hành kế hoạch")
    leaf.get_by_label("hoặc đường dẫn trong Công Vụ").fill("/giao-viec/")
    leaf.get_by_role("button", name="Thêm tài liệu").click()
    page.wait_for_load_state("networkidle")
    expect(_leaf(page, "1.1.1").get_by_role("link", name="Quyết định ban hành kế hoạch")).to_be_visible()
    expect(page.locator(".sa-actions .msg")).to_have_count(0)  # nothing missing
    _shoot(page, "scoring-journey-assessment")
    _sign_out(page)

    # 3. The director approves and sends; the officer's home no longer lists it.
    sign_in(p.giam_doc)
    page.goto(f"{live_server.url}/cham-diem/tu-danh-gia/{snv.pk}/")
    page.get_by_role("button", name="Duyệt báo cáo").click()
    page.wait_for_load_state("networkidle")
    expect(page.get_by_text("Đã duyệt báo cáo tự đánh giá.")).to_be_visible()
    page.get_by_role("button", name="Gửi Sở Nội vụ").click()
    page.wait_for_load_state("networkidle")
    expect(page.get_by_text("Đã gửi báo cáo tự đánh giá đến Sở Nội vụ.")).to_be_visible()
    snv.refresh_from_db()
    assert (snv.status, str(snv.self_total)) == ("submitted", "69.25")
    _sign_out(page)
    sign_in(p.chuyen_vien)
    page.goto(f"{live_server.url}/")
    expect(page.locator("#h-sa-home")).to_have_count(0)
    _sign_out(page)

    # 4. Võ Thị Kim Anh: two units wait on her home page; she lowers 1.4 of Sở Nội vụ.
    sign_in(appraiser_a)
    page.goto(f"{live_server.url}/")
    expect(page.locator("#h-appraisal").locator("xpath=..")).to_contain_text(
        "2 đơn vị còn tiêu chí chưa thẩm định"
    )
    page.get_by_role("link", name="Chỉ số CCHC năm 2026").first.click()
    page.wait_for_load_state("networkidle")
    page.get_by_role("link", name="Sở Nội vụ").first.click()
    page.wait_for_load_state("networkidle")
    expect(page.locator("h1")).to_have_text("Sở Nội vụ")
    lowered = criteria["1.4"]
    page.get_by_role("button", name="Chấp nhận tất cả điểm tự chấm").click()
    expect(page.locator(f"#id_score_{lowered.pk}")).to_have_value("1,00")
    page.locator(f"#id_score_{lowered.pk}").fill("0,5")
    page.get_by_role("button", name="Lưu điểm thẩm định").click()
    page.wait_for_load_state("networkidle")
    expect(page.locator(f"#tc-{lowered.pk} .error")).to_have_text(
        "Điểm thẩm định khác điểm tự đánh giá (1,00): vui lòng nêu lý do."
    )
    expect(page.locator(f"#id_score_{lowered.pk}")).to_have_value("0,5")
    assert not Score.objects.filter(appraised_score__isnull=False).exists()
    page.locator(f"#id_reason_{lowered.pk}").fill("Chưa có kế hoạch tuyên truyền riêng.")
    page.get_by_role("button", name="Lưu điểm thẩm định").click()
    page.wait_for_load_state("networkidle")
    expect(page.get_by_text("Đã lưu điểm thẩm định.")).to_be_visible()
    expect(page.locator(".ap-head .status")).to_have_text("Đã thẩm định xong")
    _shoot(page, "scoring-journey-appraisal-unit")
    _appraise_accepting_all(page, live_server, "Sở Tài chính")
    page.goto(f"{live_server.url}/")
    expect(page.locator("#h-appraisal").locator("xpath=..")).to_contain_text(
        "Không có đơn vị nào đang chờ thẩm định"
    )
    _sign_out(page)

    # 5. Phan Quốc Bảo accepts every self-score of both units.
    sign_in(appraiser_b)
    page.goto(f"{live_server.url}/")
    expect(page.locator("#h-appraisal").locator("xpath=..")).to_contain_text(
        "2 đơn vị còn tiêu chí chưa thẩm định"
    )
    _appraise_accepting_all(page, live_server, "Sở Nội vụ")
    _appraise_accepting_all(page, live_server, "Sở Tài chính")
    _sign_out(page)

    # 6. Past the self-assessment deadline, both send.
    clock.move_to(dt.datetime(2026, 12, 23, 9, tzinfo=timezone.get_current_timezone()))
    for who in (appraiser_a, appraiser_b):
        sign_in(who)
        _send_appraisal(page, live_server)
        _sign_out(page)

    # 7. Home Affairs types the survey scores, publishes, reads the ranking.
    sign_in(home_affairs)
    page.goto(f"{live_server.url}/cham-diem/ky/{period.pk}/")
    page.get_by_role("link", name="Nhập điểm điều tra xã hội học").click()
    page.wait_for_load_state("networkidle")
    for unit_name in ("Sở Nội vụ", "Sở Tài chính"):
        for code in SURVEY_LEAVES:
            value = "4" if (unit_name, code) == ("Sở Tài chính", "8.1") else str(criteria[code].max_points)
            page.get_by_label(f"{unit_name} — {code}", exact=True).fill(value.replace(".", ","))
    page.get_by_role("button", name="Lưu điểm điều tra").click()
    page.wait_for_load_state("networkidle")
    expect(page.locator(".msg-error")).to_have_count(0)
    page.get_by_role("link", name="Chỉ số CCHC năm 2026").first.click()
    page.wait_for_load_state("networkidle")
    page.get_by_role("button", name="Công bố kết quả").click()
    page.wait_for_load_state("networkidle")
    expect(page.locator(".page-head .status")).to_have_text("Đã công bố")
    expect(page.locator("table.scoring-units").get_by_role("link", name="Sở Nội vụ")).to_have_attribute(
        "href", f"/cham-diem/tu-danh-gia/{snv.pk}/"
    )
    _shoot(page, "scoring-journey-period-published")
    page.get_by_role("link", name="Kết quả", exact=True).click()
    page.wait_for_load_state("networkidle")
    expect(page.get_by_role("heading", name="Kết quả và xếp hạng")).to_be_visible()
    rows = page.locator("table.sr-table tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.nth(0)).to_contain_text("Sở Nội vụ")
    expect(rows.nth(0)).to_contain_text("98,25 %")
    expect(rows.nth(0).locator("td.sr-rank")).to_have_text("1")
    expect(rows.nth(1)).to_contain_text("Sở Tài chính")
    expect(rows.nth(1)).to_contain_text("98,00 %")
    expect(rows.nth(1).locator("td.sr-rank")).to_have_text("2")
    expect(page.get_by_role("link", name="← Chỉ số CCHC năm 2026")).to_have_attribute(
        "href", f"/cham-diem/ky/{period.pk}/"
    )
    _shoot(page, "scoring-journey-results")
    _sign_out(page)

    # 8. The director of Sở Nội vụ reads the ranking and his unit's detail.
    sign_in(p.giam_doc)
    page.goto(f"{live_server.url}/cham-diem/ky/{period.pk}/ket-qua/")
    expect(page.get_by_role("row", name="Sở Nội vụ")).to_contain_text("98,25 %")
    expect(page.get_by_role("link", name="Tải báo cáo XLSX")).to_have_count(0)
    page.get_by_role("link", name="Sở Nội vụ").click()
    page.wait_for_load_state("networkidle")
    expect(page.get_by_role("heading", name="Sở Nội vụ", exact=True)).to_be_visible()
    expect(page.get_by_text("Lý do điều chỉnh: Chưa có kế hoạch tuyên truyền riêng.").first).to_be_visible()
    _shoot(page, "scoring-journey-result-unit")


class SimpleCast:
    """What ``tests.scoring.cast.submitted`` reads of a cast: the criteria by code."""

    def __init__(self, criteria):
        self.criteria = criteria
