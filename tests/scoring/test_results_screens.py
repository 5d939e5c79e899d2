"""SCORE-6 screens, exports and API: who reads the ranking and a unit's result before and after
publication, what the pages show, the query count, the council report read back."""

from __future__ import annotations

import io
import re
from decimal import Decimal as D

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from congvu.org.models import Unit
from congvu.scoring.models import Assessment, Score
from tests.conftest import built_once
from tests.scoring.cast import build_scoring_cast
from tests.scoring.results_scene import published_scene

API = "/api/v1/scoring"


@pytest.fixture(scope="module")
def scene(django_db_setup, django_db_blocker):
    with built_once(django_db_blocker, published_scene) as built:
        yield built


@pytest.fixture
def draft(province):
    """The cast's period, open: nothing published."""
    return build_scoring_cast(province)


def results_url(cast):
    return reverse("scoring:results", args=[cast.period.pk])


def unit_url(cast, assessment):
    return reverse("scoring:result_unit", args=[cast.period.pk, assessment.pk])


def text(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


# --- who reads ---------------------------------------------------------------------------------------


def test_before_publication_only_home_affairs_and_the_appraisers_read_the_ranking(draft, db, signed_in):
    p = draft.province
    for someone in (draft.home_affairs, draft.appraiser_a, draft.appraiser_b):
        response = signed_in(someone).get(results_url(draft))
        assert response.status_code == 200, someone
        assert "Chưa công bố" in response.content.decode()
    # The people of an assessed unit: not yet (403); someone of no assessed unit: 404.
    for someone in (p.giam_doc, p.chuyen_vien, draft.stc_head, p.chu_tich_huyen):
        assert signed_in(someone).get(results_url(draft)).status_code == 403, someone
        assert signed_in(someone).get(f"{API}/periods/{draft.period.pk}/results").status_code == 403
    assert signed_in(p.chu_tich).get(results_url(draft)).status_code == 404
    # A unit's own detail is not readable before publication either.
    client = signed_in(p.giam_doc)
    assert client.get(unit_url(draft, draft.assessments.snv)).status_code == 403
    assert client.get(unit_url(draft, draft.assessments.stc)).status_code == 404
    assert signed_in(draft.home_affairs).get(unit_url(draft, draft.assessments.snv)).status_code == 200


def test_after_publication_the_people_of_the_assessed_units_read_the_ranking(scene, db, signed_in):
    p = scene.province
    for someone in (scene.home_affairs, scene.appraiser_b, p.giam_doc, p.chuyen_vien_2, scene.stc_head,
                    p.chu_tich_huyen, p.chanh_vp):  # fmt: skip
        response = signed_in(someone).get(results_url(scene))
        assert response.status_code == 200, someone
        assert "Đã công bố" in response.content.decode()
    assert signed_in(p.chu_tich).get(results_url(scene)).status_code == 404
    assert signed_in(p.chu_tich).get(f"{API}/periods/{scene.period.pk}/results").status_code == 404


def test_a_unit_reads_its_own_detail_not_another_units(scene, db, signed_in):
    p = scene.province
    client = signed_in(p.giam_doc)
    assert client.get(unit_url(scene, scene.assessments.snv)).status_code == 200
    assert client.get(unit_url(scene, scene.assessments.stc)).status_code == 404
    assert (
        client.get(f"{API}/periods/{scene.period.pk}/results/{scene.assessments.stc.pk}").status_code == 404
    )
    for someone in (scene.home_affairs, scene.appraiser_a):
        assert signed_in(someone).get(unit_url(scene, scene.assessments.stc)).status_code == 200
    # An assessment of another period under this period's address: 404.
    other = reverse("scoring:result_unit", args=[scene.period.pk, 999_999])
    assert signed_in(scene.home_affairs).get(other).status_code == 404


def test_only_home_affairs_and_the_appraisers_export_the_council_report(scene, db, signed_in):
    p = scene.province
    for name in ("scoring:results_xlsx", "scoring:results_pdf"):
        url = reverse(name, args=[scene.period.pk])
        assert signed_in(p.giam_doc).get(url).status_code == 403
        assert signed_in(p.chu_tich).get(url).status_code == 404
    assert (
        signed_in(scene.appraiser_a).get(reverse("scoring:results_xlsx", args=[scene.period.pk])).status_code
        == 200
    )
    # The buttons are offered to those who may use them only.
    assert "Tải báo cáo XLSX" in signed_in(scene.home_affairs).get(results_url(scene)).content.decode()
    assert "Tải báo cáo XLSX" not in signed_in(p.giam_doc).get(results_url(scene)).content.decode()


# --- what the pages show --------------------------------------------------------------------------------


def test_the_ranking_page_shows_the_ranks_indices_grades_and_the_unit_that_never_sent(scene, db, signed_in):
    page = text(signed_in(scene.home_affairs).get(results_url(scene)))
    rows = re.findall(
        r"(\d|—) (Sở Tài chính|Sở Nội vụ|UBND huyện Đức Trọng|Văn phòng UBND tỉnh)(.*?)(?= \d |$| — )", page
    )
    assert "1 Sở Tài chính 70,50 91,43 91,43 % A" in page
    assert "2 Sở Nội vụ 70,50 89,00 89,00 % B" in page
    assert "2 UBND huyện Đức Trọng 70,50 89,00 89,00 % B" in page
    assert "— Văn phòng UBND tỉnh Không gửi báo cáo 0,00 0,00 — —" in page
    assert (
        page.index("Sở Tài chính 70,50")
        < page.index("Sở Nội vụ 70,50")
        < page.index("Văn phòng UBND tỉnh Không")
    )
    assert rows is not None
    # Per-area finals of Sở Nội vụ (TV-PAR-2) follow its grade.
    assert "89,00 % B 9,50 8,75 13,00 10,00 14,50 6,00 15,25 12,00" in page
    assert "Điểm tối đa: 100,00" in page and "Có điều tra xã hội học" in page


def test_a_units_detail_shows_each_node_with_the_reason_where_adjusted(scene, db, signed_in):
    page = text(signed_in(scene.province.giam_doc).get(unit_url(scene, scene.assessments.snv)))
    assert "Hạng 2/3" in page and "89,00 %" in page and "Xếp loại B" in page
    assert (
        "1.4 Công tác tuyên truyền CCHC Lý do điều chỉnh: Chưa đủ tài liệu kiểm chứng. 1,00 1,00 0,50 — 0,50"
        in page
    )
    assert "8.1 Mức độ hài lòng của người dân, tổ chức 6,00 — — 2,50 2,50" in page
    assert "1.5 Sáng kiến, giải pháp mới 1,00 1,00 1,00 — 1,00" in page
    assert (
        "3. Cải cách thủ tục hành chính 14,50 12,50 13,00" in page
    )  # area: max, self (2,00 of survey out), final


def test_the_ranking_page_reads_the_same_number_of_queries_whatever_the_number_of_units(scene, db, signed_in):
    client = signed_in(scene.home_affairs)
    url = results_url(scene)
    client.get(url)  # warm the session and the organisation's caches

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    before = count()
    root = scene.province.units.tinh
    leaves = list(scene.criteria_set.criteria.filter(is_leaf=True))
    for i in range(6):
        unit = Unit.objects.create(name=f"Đơn vị thêm {i}", short_name=f"T{i}", parent=root,
                                   kind=Unit.Kind.DEPARTMENT, depth=root.depth + 1)  # fmt: skip
        unit.path = unit.path_for_self()
        unit.save(update_fields=["path"])
        a = Assessment.objects.create(period=scene.period, unit=unit, unit_path=unit.path,
                                      status=Assessment.Status.SUBMITTED)  # fmt: skip
        Score.objects.bulk_create(Score(assessment=a, criterion=c, self_score=D("0.5")) for c in leaves
                                  if c.max_points >= D("0.5") and c.method != "survey")  # fmt: skip
    client.get(url)  # the organisation changed: its caches are read again once
    after = count()
    assert after == before, connection.queries[-after:]
    # session, user, the menu's rights, period, organisation version (the unread notices are kept);
    # then the figures in three.
    assert before == 8, "\n".join(q["sql"][:150] for q in connection.queries[-before:])


# --- the council report read back ------------------------------------------------------------------------


def test_the_xlsx_has_the_ranking_and_the_detail(scene, db, signed_in):
    response = signed_in(scene.home_affairs).get(reverse("scoring:results_xlsx", args=[scene.period.pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('.xlsx"')
    book = load_workbook(io.BytesIO(response.content))
    ranking = book["Xếp hạng"]
    assert ranking["A1"].value == "BÁO CÁO KẾT QUẢ THẨM ĐỊNH CHỈ SỐ CẢI CÁCH HÀNH CHÍNH NĂM 2026"
    header = [c.value for c in ranking[5]]
    assert header[:4] == ["Hạng", "Đơn vị", "LV1 (tối đa 10,00) tự chấm", "LV1 (tối đa 10,00) thẩm định"]
    assert header[-4:] == ["Tổng tự chấm", "Tổng thẩm định", "Chỉ số (%)", "Xếp loại"]
    rows = [[c.value for c in row] for row in ranking.iter_rows(min_row=6)]
    assert [(r[0], r[1], r[-3], r[-2], r[-1]) for r in rows] == [
        (1, "Sở Tài chính", 91.43, 91.43, "A"),
        (2, "Sở Nội vụ", 89.0, 89.0, "B"),
        (2, "UBND huyện Đức Trọng", 89.0, 89.0, "B"),
        (None, "Văn phòng UBND tỉnh", 0.0, 0.0, "Không gửi báo cáo"),
    ]
    snv = rows[1]
    assert snv[3::2][:8] == [9.5, 8.75, 13.0, 10.0, 14.5, 6.0, 15.25, 12.0]  # the finals per area
    assert snv[2] == 7.0 and snv[-4] == 70.5  # area 1 self, total self
    detail = book["Chi tiết"]
    assert detail["B4"].value == "1.1.1 Ban hành kịp thời (đúng hạn)"
    codes = [c.value for c in detail[4]][1::2]  # one merged heading over two columns per leaf
    at = codes.index("1.4 Công tác tuyên truyền CCHC")
    units = {detail.cell(row=r, column=1).value: r for r in range(6, 10)}
    row = units["Sở Nội vụ"]
    assert detail.cell(row=row, column=2 + 2 * at).value == 1.0  # self
    assert detail.cell(row=row, column=3 + 2 * at).value == 0.5  # final (appraised)


def test_the_pdf_has_the_heading_and_the_ranking(scene, db, signed_in):
    response = signed_in(scene.appraiser_b).get(reverse("scoring:results_pdf", args=[scene.period.pk]))
    assert response.status_code == 200
    reader = PdfReader(io.BytesIO(response.content))
    assert reader.pages[0].mediabox.width > reader.pages[0].mediabox.height  # landscape
    words = re.sub(r"\s+", " ", "".join(page.extract_text() for page in reader.pages))
    assert "BÁO CÁO KẾT QUẢ THẨM ĐỊNH CHỈ SỐ CẢI CÁCH HÀNH CHÍNH NĂM 2026" in words
    assert re.search(r"1 Sở Tài chính .*91,43 %", words)
    assert re.search(r"2 Sở Nội vụ 9,50 8,75 13,00 10,00 14,50 6,00 15,25 12,00 70,50 89,00 89,00 % B", words)
    assert "Văn phòng UBND tỉnh" in words and "Không gửi báo cáo" in words


# --- the API ----------------------------------------------------------------------------------------------


def test_the_api_gives_the_ranking_and_a_units_result_as_strings(scene, db, signed_in):
    client = signed_in(scene.home_affairs)
    body = client.get(f"{API}/periods/{scene.period.pk}/results").json()
    assert body["published"] is True and body["maximum"] == "100.00"
    assert [(u["unit"], u["rank"], u["final_total"], u["index"], u["grade"]) for u in body["units"]] == [
        ("Sở Tài chính", 1, "91.43", "91.43", "A"),
        ("Sở Nội vụ", 2, "89.00", "89.00", "B"),
        ("UBND huyện Đức Trọng", 2, "89.00", "89.00", "B"),
        ("Văn phòng UBND tỉnh", None, "0.00", "0.00", None),
    ]
    assert [a["final_total"] for a in body["units"][1]["areas"]] == [
        "9.50", "8.75", "13.00", "10.00", "14.50", "6.00", "15.25", "12.00"
    ]  # fmt: skip
    detail = client.get(f"{API}/periods/{scene.period.pk}/results/{scene.assessments.snv.pk}").json()
    assert detail["result"]["rank"] == 2
    node = next(n for n in detail["nodes"] if n["code"] == "1.4")
    assert (node["self_score"], node["appraised_score"], node["final"]) == ("1.00", "0.50", "0.50")
    assert node["appraisal_reason"] == "Chưa đủ tài liệu kiểm chứng."
    assert client.get(f"{API}/periods/999999/results").status_code == 404
    assert client.get(f"{API}/periods/{scene.period.pk}/results/999999").status_code == 404


def test_a_units_page_reads_a_bounded_number_of_queries(scene, db, signed_in, django_assert_max_num_queries):
    client = signed_in(scene.home_affairs)
    url = unit_url(scene, scene.assessments.snv)
    client.get(url)
    # session, user, menu, period, assessment, organisation version, unread notices; the tree, the
    # unit's scores and the period's figures (three) for the rank.
    with django_assert_max_num_queries(12):
        assert client.get(url).status_code == 200
