"""Directives in the API (/api/v1/directives): the same selectors, policies and services as the
entry screens, by personal token."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from congvu.directives.models import Directive, DirectiveTask, ViewGrant
from tests.conftest import bearer_client
from tests.directives.cast import build_directive_cast, enter, person, task_input

URL = "/api/v1/directives"


@pytest.fixture
def cast(province):
    return build_directive_cast(province)


@pytest.fixture
def api():
    return bearer_client


def post(client, path, data=None):
    return client.post(path, data or {}, content_type="application/json")


def payload(province, **extra):
    u = province.units
    body = {
        "number": "150/UBND-VP",
        "subject": "Về việc phòng chống thiên tai",
        "issued_on": timezone.localdate().isoformat(),
        "signer_id": province.pho_chu_tich.pk,
        "urgency": "urgent",
        "tasks": [
            {"content": "Rà soát phương án", "lead_unit_id": u.snv.pk, "monitor_id": province.theo_doi.pk,
             "deadline_working_days": 5, "co_unit_ids": [u.huyen.pk]},
            {"content": "Bố trí kinh phí", "lead_unit_id": u.stc.pk, "monitor_id": province.theo_doi.pk,
             "deadline": (timezone.localdate() + dt.timedelta(days=30)).isoformat()},
        ],
    }  # fmt: skip
    body.update(extra)
    return body


def test_the_office_enters_a_directive_with_tasks(province, api):
    response = post(api(province.theo_doi), URL, payload(province))
    assert response.status_code == 201, response.json()
    data = response.json()
    assert data["status"] == "published" and data["entry_due"] == timezone.localdate().isoformat()
    assert [t["lead_unit"]["name"] for t in data["tasks"]] == ["Sở Nội vụ", "Sở Tài chính"]
    assert data["tasks"][0]["co_units"][0]["name"] == "UBND huyện Đức Trọng"
    assert data["tasks"][0]["monitor"]["email"] == "tuandm@binhson.gov.vn"


def test_a_draft_is_completed_and_given(province, api):
    client = api(province.chanh_vp)
    data = post(client, URL, payload(province, publish=False, tasks=[])).json()
    assert data["status"] == "draft" and data["allowed_actions"] == ["publish", "add_task", "edit"]
    pk = data["id"]
    refused = post(client, f"{URL}/{pk}/publish")
    assert refused.status_code == 400 and refused.json()["field"] == "tasks"
    task = post(client, f"{URL}/{pk}/tasks", {"content": "Tổng hợp", "lead_unit_id": province.units.stc.pk,
                                             "monitor_id": province.theo_doi.pk, "deadline_working_days": 3})  # fmt: skip
    assert task.status_code == 201, task.json()
    given = post(client, f"{URL}/{pk}/publish")
    assert given.status_code == 200 and given.json()["status"] == "published"
    again = post(client, f"{URL}/{pk}/publish")
    assert again.status_code == 409


def test_refused_input_names_the_tasks_field_and_writes_nothing(province, api):
    client = api(province.theo_doi)
    body = payload(province)
    body["tasks"][1]["lead_unit_id"] = None
    response = post(client, URL, body)
    assert response.status_code == 400
    assert response.json()["field"] == "tasks.1.lead_unit_id"
    assert "cơ quan chủ trì" in response.json()["detail"]
    signer = post(client, URL, payload(province, signer_id=province.giam_doc.pk))
    assert signer.status_code == 400 and signer.json()["field"] == "signer_id"
    assert Directive.objects.count() == 0 and DirectiveTask.objects.count() == 0


def test_only_the_office_enters(province, api):
    response = post(api(province.giam_doc), URL, payload(province))
    assert response.status_code == 403
    assert Directive.objects.count() == 0


def test_the_list_and_the_directive_follow_visibility(cast, api):
    other = enter(cast, number="131/UBND-VP", tasks=[task_input(cast, cast.units.stc, working_days=5)])
    head = api(cast.giam_doc)
    listed = head.get(URL).json()["items"]
    assert [d["number"] for d in listed] == [cast.directive.number]
    assert listed[0]["task_count"] == 3
    assert head.get(f"{URL}/{other.pk}").status_code == 404
    assert head.get(f"{URL}/{cast.directive.pk}").status_code == 200
    office = api(cast.theo_doi).get(URL, {"q": "cai cach", "status": "published"}).json()["items"]
    assert {d["number"] for d in office} == {cast.directive.number, other.number}
    assert api(cast.theo_doi).get(URL, {"status": "xyz"}).status_code == 400
    stranger = person("thuylt", "Lê Thị Thủy", cast.units.ns, cast.positions.chuyen_vien)
    assert api(stranger).get(f"{URL}/{cast.directive.pk}").status_code == 404


def test_grants_through_the_api(cast, api):
    office = api(cast.theo_doi)
    reader = person("thuylt", "Lê Thị Thủy", cast.units.ns, cast.positions.chuyen_vien)
    created = post(office, f"{URL}/grants", {"user_id": reader.pk, "unit_id": cast.units.snv.pk})
    assert created.status_code == 201, created.json()
    assert api(reader).get(f"{URL}/{cast.directive.pk}").status_code == 200
    assert [g["user"]["id"] for g in office.get(f"{URL}/grants").json()["items"]] == [reader.pk]
    assert api(cast.giam_doc).get(f"{URL}/grants").status_code == 403
    grant_id = created.json()["id"]
    assert post(api(cast.giam_doc), f"{URL}/grants/{grant_id}/revoke").status_code == 404
    assert post(office, f"{URL}/grants/{grant_id}/revoke").status_code == 200
    assert not ViewGrant.objects.exists()
