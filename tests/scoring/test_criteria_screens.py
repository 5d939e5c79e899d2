"""The criteria-set screens of Home Affairs (SCORE-1, R-PAR-1, R-PAR-4): the list, the tree, a new
set from the sample, a workbook or a copy, the whole tree edited as one table, copy forward and
deletion. Nobody else opens them (403); a refused table comes back as typed and nothing changes."""

from __future__ import annotations

import re
from decimal import Decimal as D

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from congvu.core.models import AuditEvent
from congvu.scoring import services
from congvu.scoring.criteria.exports import XLSX
from congvu.scoring.models import CriteriaSet, Criterion, Kind
from congvu.scoring.sample import sample_nodes
from tests.scoring.cast import build_scoring_cast
from tests.scoring.criteria_help import table, workbook_of

SETS = "/cham-diem/bo-tieu-chi/"
CREATE = SETS + "them-moi/"


@pytest.fixture
def cast(province):
    return build_scoring_cast(province)


@pytest.fixture
def draft_set(cast):
    """A set for 2027 no period uses yet: editable."""
    return services.set_create(year=2027, kind=Kind.PAR_INDEX, name="Bộ chỉ số CCHC 2027",
                               nodes=sample_nodes(), actor=cast.home_affairs)  # fmt: skip


def _tree(criteria_set):
    return [(n.code, n.max_points, n.method) for n in services.nodes_of(criteria_set)]


# --- who may open them ----------------------------------------------------------------------------


def test_home_affairs_opens_every_screen(cast, draft_set, signed_in):
    client = signed_in(cast.home_affairs)
    for url in (SETS, CREATE, f"{SETS}{draft_set.pk}/", f"{SETS}{draft_set.pk}/sua/",
                f"{SETS}{draft_set.pk}/sao-chep/", f"{SETS}{draft_set.pk}/nhap-excel/"):  # fmt: skip
        assert client.get(url).status_code == 200, url
    response = client.get(f"{SETS}{draft_set.pk}/xuat-excel/")
    assert response.status_code == 200 and response["Content-Type"] == XLSX


@pytest.mark.parametrize("who", ["appraiser_a", "stc_head", "entry", "chu_tich"])
def test_everyone_else_is_refused(cast, draft_set, signed_in, who):
    person = {
        "appraiser_a": cast.appraiser_a,
        "stc_head": cast.stc_head,
        "entry": cast.province.chuyen_vien,
        "chu_tich": cast.province.chu_tich,
    }[who]
    client = signed_in(person)
    for url in (SETS, CREATE, f"{SETS}{cast.criteria_set.pk}/", f"{SETS}{draft_set.pk}/sua/",
                f"{SETS}{draft_set.pk}/sao-chep/", f"{SETS}{draft_set.pk}/xuat-excel/",
                f"{SETS}{draft_set.pk}/nhap-excel/"):  # fmt: skip
        assert client.get(url).status_code == 403, url
    assert client.post(f"{SETS}{draft_set.pk}/xoa/").status_code == 403
    assert client.post(f"{SETS}{draft_set.pk}/sua/", table(draft_set)).status_code == 403
    assert CriteriaSet.objects.filter(pk=draft_set.pk).exists()


def test_a_missing_set_is_404(cast, signed_in):
    client = signed_in(cast.home_affairs)
    assert client.get(f"{SETS}999999/").status_code == 404
    assert client.get(f"{SETS}999999/sua/").status_code == 404


# --- the list and the tree ------------------------------------------------------------------------


def test_the_list_shows_figures_and_the_in_use_badge(cast, draft_set, signed_in):
    copy = services.set_copy(source=draft_set, year=2028, name="Bộ chỉ số CCHC 2028", actor=cast.home_affairs)
    body = signed_in(cast.home_affairs).get(SETS).content.decode()
    assert body.index("Bộ chỉ số CCHC 2028") < body.index("Bộ chỉ số CCHC 2027") < body.index("cấp sở, huyện")
    assert body.count("Đang dùng") == 1  # the cast's set: its period is open
    assert "100,00" in body and ">53<" in body
    assert f'href="{SETS}{draft_set.pk}/">Bộ chỉ số CCHC 2027 (2027)' in body  # copied from
    assert copy.copied_from == draft_set


def test_the_tree_reads_indented_with_the_totals_per_area(cast, draft_set, signed_in):
    body = signed_in(cast.home_affairs).get(f"{SETS}{draft_set.pk}/").content.decode()
    assert "Cộng lĩnh vực 1" in body and "Tổng cộng" in body
    assert 'class="level-3 leaf"' in body
    assert "15,50" in body  # area 8
    assert "Trừ mỗi lần" in body and "0,25" in body  # 1.2 deducts 0.25 a time
    assert "Các mức" in body and "1,00; 0,50; 0,00" in body  # 1.1.3 tiered
    for label in (
        "Sửa bộ tiêu chí",
        "Sao chép sang năm mới",
        "Xuất Excel",
        "Nhập lại cây tiêu chí",
        "Xóa bộ tiêu chí",
    ):
        assert label in body


def test_a_frozen_set_offers_copy_and_export_only(cast, signed_in):
    body = signed_in(cast.home_affairs).get(f"{SETS}{cast.criteria_set.pk}/").content.decode()
    assert "Sao chép sang năm mới" in body and "Xuất Excel" in body
    assert "Sửa bộ tiêu chí" not in body and "Xóa bộ tiêu chí" not in body and "Nhập lại" not in body


@pytest.mark.parametrize("sets", [2, 12])
def test_the_list_loads_in_constant_queries(cast, signed_in, django_assert_max_num_queries, sets):
    for i in range(sets):
        services.set_create(year=2030 + i, kind=Kind.PAR_INDEX, name=f"Bộ {i}", nodes=sample_nodes()[:1] and
                            [services.NodeInput(code="1", name="Lĩnh vực", max_points="10")], actor=cast.home_affairs)  # fmt: skip
    client = signed_in(cast.home_affairs)
    assert client.get(SETS).status_code == 200
    with django_assert_max_num_queries(12):
        body = client.get(SETS).content.decode()
    assert len(re.findall(r'<td data-label="Năm">', body)) == sets + 1


def test_the_tree_loads_in_constant_queries(cast, signed_in, django_assert_max_num_queries):
    client = signed_in(cast.home_affairs)
    url = f"{SETS}{cast.criteria_set.pk}/"
    assert client.get(url).status_code == 200
    with django_assert_max_num_queries(12):
        assert client.get(url).status_code == 200


# --- a new set ------------------------------------------------------------------------------------


def test_a_new_set_from_the_sample(cast, signed_in):
    client = signed_in(cast.home_affairs)
    response = client.post(
        CREATE, {"year": "2027", "kind": Kind.PAR_INDEX, "name": "Bộ 2027", "start": "sample"}
    )
    assert response.status_code == 302
    made = CriteriaSet.objects.get(name="Bộ 2027")
    assert response["Location"] == f"{SETS}{made.pk}/"
    assert made.criteria.count() == 53 and made.created_by == cast.home_affairs


def test_a_new_set_from_a_workbook(cast, signed_in):
    client = signed_in(cast.home_affairs)
    upload = SimpleUploadedFile("bo.xlsx", workbook_of(cast.criteria_set), XLSX)
    response = client.post(
        CREATE, {"year": "2027", "kind": Kind.PAR_INDEX, "name": "Bộ nhập", "start": "xlsx", "file": upload}
    )
    assert response.status_code == 302
    assert services.nodes_of(CriteriaSet.objects.get(name="Bộ nhập")) == services.nodes_of(cast.criteria_set)


def test_a_new_set_as_a_copy(cast, signed_in):
    client = signed_in(cast.home_affairs)
    response = client.post(CREATE, {"year": "2027", "kind": Kind.TASK_COMPLETION, "name": "Bản sao",
                                    "start": "copy", "source": cast.criteria_set.pk})  # fmt: skip
    assert response.status_code == 302
    made = CriteriaSet.objects.get(name="Bản sao")
    assert made.copied_from == cast.criteria_set and made.kind == Kind.PAR_INDEX


def test_a_new_set_refused_keeps_what_was_typed(cast, signed_in):
    client = signed_in(cast.home_affairs)
    response = client.post(
        CREATE,
        {"year": "2026", "kind": Kind.PAR_INDEX, "name": "Bộ chỉ số CCHC cấp sở, huyện", "start": "sample"},
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "Đã có bộ tiêu chí cùng tên" in body and 'value="Bộ chỉ số CCHC cấp sở, huyện"' in body
    response = client.post(CREATE, {"year": "2027", "kind": Kind.PAR_INDEX, "name": "X", "start": "xlsx"})
    assert response.status_code == 400 and "Hãy chọn tệp Excel" in response.content.decode()
    assert CriteriaSet.objects.count() == 1


# --- the whole tree as one table ------------------------------------------------------------------


def test_the_table_saves_the_whole_tree(cast, draft_set, signed_in):
    client = signed_in(cast.home_affairs)
    data = table(draft_set, change={"1.1.3": {"max_points": "1,5", "tiers": "1,5; 0,5; 0"},
                                    "1.1": {"max_points": "2,5"}, "1": {"max_points": "10,5"},
                                    "8.3": {"max_points": "4"}, "8": {"max_points": "15"}})  # fmt: skip
    response = client.post(f"{SETS}{draft_set.pk}/sua/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    node = draft_set.criteria.get(code="1.1.3")
    assert node.max_points == D("1.50") and node.tiers == ["1.50", "0.50", "0.00"]
    assert AuditEvent.objects.filter(action="scoring.set.updated", object_id=str(draft_set.pk)).exists()


def test_a_sum_mismatch_keeps_the_table_as_typed(cast, draft_set, signed_in):
    """TV-PAR-1: 1.1.3 changed to 1.25 → the sum no longer matches; nothing is saved."""
    client = signed_in(cast.home_affairs)
    before = _tree(draft_set)
    data = table(draft_set, change={"1.1.3": {"max_points": "1,25", "tiers": "1,25; 0,5; 0"},
                                    "2.1": {"name": "Tên đã sửa mà chưa lưu"}})  # fmt: skip
    response = client.post(f"{SETS}{draft_set.pk}/sua/", data)
    assert response.status_code == 400
    body = response.content.decode()
    assert "Điểm tối đa của 1.1 (2,00) khác tổng điểm tối đa các tiêu chí con (2,25)." in body
    assert 'value="1,25"' in body and 'value="Tên đã sửa mà chưa lưu"' in body
    assert body.count('class="node-row level-2 row-wrong') == 1  # the row of 1.1
    assert _tree(draft_set) == before


def test_rows_are_added_and_deleted(cast, draft_set, signed_in):
    client = signed_in(cast.home_affairs)
    data = table(draft_set, extra_rows=1, delete=("7.5",),
                 change={"7": {"max_points": "16"}})  # fmt: skip
    i = int(data["n-TOTAL_FORMS"]) - 1
    data.update({f"n-{i}-code": "7.6", f"n-{i}-name": "Chuyển đổi số", f"n-{i}-max_points": "2",
                 f"n-{i}-method": "binary", f"n-{i}-evidence_required": "on"})  # fmt: skip
    response = client.post(f"{SETS}{draft_set.pk}/sua/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    codes = [n.code for n in services.nodes_of(draft_set)]
    assert "7.5" not in codes and "7.6" in codes
    assert draft_set.criteria.get(code="7.6").evidence_required


def test_more_rows_without_script_keeps_what_was_typed(cast, draft_set, signed_in):
    client = signed_in(cast.home_affairs)
    data = table(draft_set, change={"1": {"name": "Đã gõ nhưng chưa lưu"}})
    data["more_rows"] = "1"
    del data["save"]
    response = client.post(f"{SETS}{draft_set.pk}/sua/", data)
    assert response.status_code == 200
    body = response.content.decode()
    assert 'value="Đã gõ nhưng chưa lưu"' in body
    assert 'name="n-TOTAL_FORMS" value="58"' in body  # 53 rows and 5 empty ones
    assert draft_set.criteria.get(code="1").name != "Đã gõ nhưng chưa lưu"


def test_the_table_is_bounded(cast, draft_set, signed_in):
    client = signed_in(cast.home_affairs)
    data = table(draft_set)
    data["n-TOTAL_FORMS"] = "5000"
    response = client.post(f"{SETS}{draft_set.pk}/sua/", data)
    assert response.status_code == 400
    data = table(draft_set, change={"1": {"name": "x" * 600}})
    response = client.post(f"{SETS}{draft_set.pk}/sua/", data)
    assert response.status_code == 400
    assert draft_set.criteria.get(code="1").name != "x" * 600


def test_a_frozen_set_refuses_the_edit(cast, signed_in):
    client = signed_in(cast.home_affairs)
    frozen = cast.criteria_set
    before = _tree(frozen)
    assert client.get(f"{SETS}{frozen.pk}/sua/").status_code == 409
    response = client.post(f"{SETS}{frozen.pk}/sua/", table(frozen, change={"1": {"name": "Khác"}}))
    assert response.status_code == 409
    assert "không sửa được" in response.content.decode()
    upload = SimpleUploadedFile("bo.xlsx", workbook_of(frozen), XLSX)
    assert client.post(f"{SETS}{frozen.pk}/nhap-excel/", {"file": upload}).status_code == 409
    assert _tree(frozen) == before


# --- copy forward, delete -------------------------------------------------------------------------


def test_copy_forward_then_edit_the_copy(cast, signed_in):
    client = signed_in(cast.home_affairs)
    response = client.post(
        f"{SETS}{cast.criteria_set.pk}/sao-chep/", {"year": "2027", "name": "Bộ chỉ số CCHC 2027"}
    )
    assert response.status_code == 302
    copy = CriteriaSet.objects.get(year=2027)
    assert copy.copied_from == cast.criteria_set
    assert services.nodes_of(copy) == services.nodes_of(cast.criteria_set)
    assert client.get(f"{SETS}{copy.pk}/sua/").status_code == 200
    response = client.post(f"{SETS}{cast.criteria_set.pk}/sao-chep/", {"year": "1990", "name": "Cũ"})
    assert response.status_code == 400


def test_delete_only_a_set_never_used(cast, draft_set, signed_in):
    client = signed_in(cast.home_affairs)
    response = client.post(f"{SETS}{cast.criteria_set.pk}/xoa/")
    assert response.status_code == 302 and response["Location"] == f"{SETS}{cast.criteria_set.pk}/"
    assert CriteriaSet.objects.filter(pk=cast.criteria_set.pk).exists()
    response = client.post(f"{SETS}{draft_set.pk}/xoa/")
    assert response.status_code == 302 and response["Location"] == SETS
    assert not CriteriaSet.objects.filter(pk=draft_set.pk).exists()
    assert not Criterion.objects.filter(criteria_set_id=draft_set.pk).exists()


def _wide(cast, children):
    nodes = [services.NodeInput(code="1", name="Lĩnh vực", max_points=str(children))]
    nodes += [
        services.NodeInput(code=f"1.{i}", name=f"Tiêu chí {i}", max_points="1", evidence_required=True)
        for i in range(1, children + 1)
    ]
    return services.set_create(year=2029, kind=Kind.PAR_INDEX, name=f"Rộng {children}", nodes=nodes,
                               actor=cast.home_affairs)  # fmt: skip


def test_a_table_of_the_screens_largest_size_posts_whole(cast, signed_in):
    """100 rows with every box ticked stay under the number of fields a request may carry."""
    wide = _wide(cast, 99)
    client = signed_in(cast.home_affairs)
    data = table(wide, change={"1.99": {"name": "Tiêu chí cuối đã sửa"}}, delete=())
    for i in range(100):
        data[f"n-{i}-DELETE"] = ""  # sent empty: counted, kept
    response = client.post(f"/cham-diem/bo-tieu-chi/{wide.pk}/sua/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert wide.criteria.get(code="1.99").name == "Tiêu chí cuối đã sửa"


def test_a_larger_set_is_edited_as_a_workbook(cast, signed_in):
    wide = _wide(cast, 100)
    body = signed_in(cast.home_affairs).get(f"/cham-diem/bo-tieu-chi/{wide.pk}/sua/").content.decode()
    assert "hơn 100 dòng nên được sửa bằng tệp Excel" in body
    assert 'name="n-TOTAL_FORMS"' not in body
