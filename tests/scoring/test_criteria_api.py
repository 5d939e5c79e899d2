"""Criteria sets in the API (/api/v1/scoring/criteria-sets): Home Affairs reads every set and
imports workbooks; the appraisers and the units of a period read the set it uses; anyone else sees
none (404). Points are strings with two decimals."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from congvu.scoring import services
from congvu.scoring.criteria.exports import XLSX
from congvu.scoring.models import CriteriaSet, Kind
from tests.conftest import bearer_client
from tests.scoring.cast import build_scoring_cast
from tests.scoring.criteria_help import row_of, workbook_of

URL = "/api/v1/scoring/criteria-sets"


@pytest.fixture
def cast(province):
    return build_scoring_cast(province)


@pytest.fixture
def draft_set(cast):
    return services.set_create(year=2027, kind=Kind.PAR_INDEX, name="Nháp 2027",
                               nodes=[services.NodeInput(code="1", name="Một", max_points="5")],
                               actor=cast.home_affairs)  # fmt: skip


@pytest.fixture
def api():
    return bearer_client


def test_home_affairs_reads_every_set_with_its_tree(cast, draft_set, api):
    client = api(cast.home_affairs)
    items = client.get(URL).json()["items"]
    assert [i["name"] for i in items] == ["Nháp 2027", "Bộ chỉ số CCHC cấp sở, huyện"]
    used = items[1]
    assert used["total_points"] == "100.00" and used["node_count"] == 53 and used["frozen"] is True
    body = client.get(f"{URL}/{cast.criteria_set.pk}").json()
    tiered = next(n for n in body["criteria"] if n["code"] == "1.1.3")
    assert tiered == {
        "code": "1.1.3",
        "name": "Mức độ hoàn thành kế hoạch",
        "level": 3,
        "max_points": "1.00",
        "method": "tiered",
        "method_display": "Theo mức",
        "tiers": ["1.00", "0.50", "0.00"],
        "deduction_step": None,
        "evidence_required": True,
        "guidance": "100% nhiệm vụ hoàn thành: 1 điểm; từ 80% đến dưới 100%: 0,5 điểm; dưới 80%: 0 điểm.",
        "is_leaf": True,
    }
    assert next(n for n in body["criteria"] if n["code"] == "1.2")["deduction_step"] == "0.25"
    assert next(n for n in body["criteria"] if n["code"] == "1")["is_leaf"] is False


@pytest.mark.parametrize("who", ["appraiser_a", "stc_head"])
def test_the_people_of_a_period_read_its_set_only(cast, draft_set, api, who):
    client = api(getattr(cast, who))
    assert [i["id"] for i in client.get(URL).json()["items"]] == [cast.criteria_set.pk]
    assert client.get(f"{URL}/{cast.criteria_set.pk}").status_code == 200
    assert client.get(f"{URL}/{cast.criteria_set.pk}/export").status_code == 200
    assert client.get(f"{URL}/{draft_set.pk}").status_code == 404
    assert client.get(f"{URL}/{draft_set.pk}/export").status_code == 404


def test_someone_outside_reads_nothing(cast, api):
    client = api(cast.province.chanh_vp)
    assert client.get(URL).json()["items"] == []
    response = client.get(f"{URL}/{cast.criteria_set.pk}")
    assert response.status_code == 404 and response.json()["code"] == "not_found"


def test_import_creates_a_set_and_round_trips(cast, api):
    client = api(cast.home_affairs)
    exported = client.get(f"{URL}/{cast.criteria_set.pk}/export")
    assert exported.status_code == 200 and exported["Content-Type"] == XLSX
    upload = SimpleUploadedFile("bo.xlsx", exported.content, XLSX)
    response = client.post(
        f"{URL}/import", {"file": upload, "year": "2027", "kind": "par_index", "name": "Nhập API"}
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["name"] == "Nhập API" and len(body["criteria"]) == 53
    assert services.nodes_of(CriteriaSet.objects.get(pk=body["id"])) == services.nodes_of(cast.criteria_set)


def test_import_refusals_use_the_error_shape(cast, api):
    client = api(cast.home_affairs)

    def change(sheet):
        row_of(sheet, "1.1.3")[2].value = 1.25

    upload = SimpleUploadedFile("bo.xlsx", workbook_of(cast.criteria_set, change), XLSX)
    response = client.post(
        f"{URL}/import", {"file": upload, "year": "2027", "kind": "par_index", "name": "Sai"}
    )
    assert response.status_code == 400
    assert response.json()["field"] == "file" and response.json()["detail"].startswith("Dòng 3:")
    upload = SimpleUploadedFile("bo.xlsx", workbook_of(cast.criteria_set), XLSX)
    response = client.post(f"{URL}/import", {"file": upload, "year": "2027", "kind": "khac", "name": "Sai"})
    assert response.status_code == 400 and response.json()["field"] == "kind"
    upload = SimpleUploadedFile("bo.txt", b"khong phai excel", "text/plain")
    response = client.post(
        f"{URL}/import", {"file": upload, "year": "2027", "kind": "par_index", "name": "Sai"}
    )
    assert response.status_code == 400
    assert CriteriaSet.objects.count() == 1


def test_only_home_affairs_imports(cast, api):
    upload = SimpleUploadedFile("bo.xlsx", workbook_of(cast.criteria_set), XLSX)
    response = api(cast.appraiser_a).post(
        f"{URL}/import", {"file": upload, "year": "2027", "kind": "par_index", "name": "X"}
    )
    assert response.status_code == 403 and response.json()["code"] == "not_allowed"
    assert CriteriaSet.objects.count() == 1


@pytest.mark.parametrize("sets", [1, 10])
def test_the_list_loads_in_constant_queries(cast, api, django_assert_max_num_queries, sets):
    for i in range(sets):
        services.set_create(year=2030 + i, kind=Kind.PAR_INDEX, name=f"Bộ {i}",
                            nodes=[services.NodeInput(code="1", name="Một", max_points="5")], actor=cast.home_affairs)  # fmt: skip
    client = api(cast.home_affairs)
    assert client.get(URL).status_code == 200
    with django_assert_max_num_queries(10):
        assert len(client.get(URL).json()["items"]) == sets + 1
