"""Registers in the API (/api/v1/documents/registers): the same policies, services and selectors as
the screens, by personal token."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from openpyxl import load_workbook

from congvu.core.models import AuditEvent
from congvu.documents.models import IncomingDocument, Register
from tests.documents.cast import incoming
from tests.documents.registers.test_register_screen import issued

URL = "/api/v1/documents/registers"


def test_clerk_lists_the_agencys_registers(cast, api):
    response = api(cast.van_thu).get(URL)
    assert response.status_code == 200
    names = [(r["name"], r["direction"], r["is_default"]) for r in response.json()]
    assert names == [("Sổ văn bản đến", "incoming", True), ("Sổ văn bản đi", "outgoing", True)]


def test_an_officer_has_no_registers(cast, api):
    response = api(cast.chuyen_vien).get(URL)
    assert response.status_code == 403 and response.json()["code"] == "not_allowed"


def test_clerk_creates_and_edits_a_register(cast, api):
    client = api(cast.van_thu)
    response = client.post(
        URL,
        {"agency_id": cast.units.tinh.pk, "name": "Sổ văn bản đi – QĐ", "direction": "outgoing",
         "document_type_ids": [cast.types.qd.pk]},
        content_type="application/json",
    )  # fmt: skip
    assert response.status_code == 201, response.content
    created = response.json()
    assert created["document_type_ids"] == [cast.types.qd.pk] and not created["is_default"]
    response = client.patch(
        f"{URL}/{created['id']}",
        {"name": "Sổ Quyết định", "is_active": False},
        content_type="application/json",
    )
    assert response.status_code == 200 and response.json()["name"] == "Sổ Quyết định"
    assert not Register.objects.get(pk=created["id"]).is_active
    assert (
        AuditEvent.objects.filter(
            action__in=["documents.register.created", "documents.register.updated"]
        ).count()
        == 2
    )


def test_bad_register_input_names_its_field(cast, api):
    client = api(cast.van_thu)
    response = client.post(
        URL,
        {"agency_id": cast.units.tinh.pk, "name": "Sổ văn bản đến", "direction": "incoming"},
        content_type="application/json",
    )
    assert response.status_code == 400 and response.json()["field"] == "name"
    response = client.post(
        URL,
        {
            "agency_id": cast.units.tinh.pk,
            "name": "X",
            "direction": "incoming",
            "document_type_ids": [999999],
        },
        content_type="application/json",
    )
    assert response.status_code == 400 and response.json()["field"] == "document_type_ids"
    response = client.post(
        URL,
        {"agency_id": cast.units.tinh.pk, "name": "x" * 201, "direction": "incoming"},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert (
        api(cast.chu_tich)
        .patch(f"{URL}/{cast.registers.tinh_in.pk}", {"name": "Y"}, content_type="application/json")
        .status_code
        == 403
    )
    assert api(cast.snv_clerk).get(f"{URL}/{cast.registers.tinh_in.pk}").status_code == 404


def test_rows_of_a_year_with_a_cursor(cast, api):
    for day in range(1, 6):
        incoming(cast, arrival_date=dt.date(2026, 10, day), subject=f"Văn bản ngày {day}")
    client = api(cast.chu_tich)
    response = client.get(f"{URL}/{cast.registers.tinh_in.pk}/rows", {"year": 2026, "limit": 3})
    assert response.status_code == 200
    body = response.json()
    assert [c["name"] for c in body["columns"]][:2] == ["arrival_date", "arrival_number"]
    assert [r["cells"]["arrival_number"] for r in body["items"]] == [1, 2, 3]
    assert body["items"][0]["cells"]["arrival_date"] == "2026-10-01"
    nxt = client.get(
        f"{URL}/{cast.registers.tinh_in.pk}/rows", {"year": 2026, "limit": 3, "cursor": body["next_cursor"]}
    )
    assert [r["cells"]["arrival_number"] for r in nxt.json()["items"]] == [4, 5] and nxt.json()[
        "next_cursor"
    ] is None


def test_rows_filters_and_bad_filters(cast, api):
    incoming(cast, arrival_date=dt.date(2026, 10, 1), urgency="flash", subject="Hỏa tốc")
    incoming(cast, arrival_date=dt.date(2026, 10, 2), subject="Thường")
    client = api(cast.van_thu)
    url = f"{URL}/{cast.registers.tinh_in.pk}/rows"
    rows = client.get(url, {"year": 2026, "urgency": "flash"}).json()["items"]
    assert len(rows) == 1 and rows[0]["urgency"] == "flash"
    for query, field in (
        ({"month": 13}, "month"),
        ({"year": 1990}, "year"),
        ({"urgency": "rất khẩn"}, "urgency"),
        ({"processing": "soon"}, "processing"),
        ({"date_from": "2026-05-01", "date_to": "2026-04-01"}, "date_to"),
        ({"date_from": "3026-05-01"}, "date_from"),
        ({"cursor": "xyz"}, "cursor"),
    ):
        response = client.get(url, query)
        assert response.status_code == 400 and response.json()["field"] == field, query


def test_rows_list_in_constant_queries(cast, api, django_assert_max_num_queries):
    for _ in range(30):
        issued(cast, day=dt.date(2026, 6, 1), recipients=["Bộ Nội vụ", "Sở Tài chính"])
    client = api(cast.van_thu)
    url = f"{URL}/{cast.registers.tinh_out.pk}/rows?year=2026"
    client.get(url)
    with django_assert_max_num_queries(12):
        response = client.get(url)
    assert len(response.json()["items"]) == 30
    assert response.json()["items"][0]["cells"]["recipients"] == "Bộ Nội vụ; Sở Tài chính"


def test_export_and_its_bound(cast, api, monkeypatch):
    from congvu.documents.registers import exports

    incoming(cast, arrival_date=dt.date(2026, 10, 1))
    incoming(cast, status=IncomingDocument.Status.REGISTERED, arrival_date=dt.date(2026, 11, 1))
    client = api(cast.van_thu)
    response = client.get(f"{URL}/{cast.registers.tinh_in.pk}/export", {"format": "xlsx", "year": 2026})
    assert response.status_code == 200
    rows = list(
        load_workbook(io.BytesIO(b"".join(response.streaming_content))).active.iter_rows(values_only=True)
    )
    assert len(rows) == 5 + 2
    monkeypatch.setattr(exports, "MAX_PDF_ROWS", 1)
    response = client.get(f"{URL}/{cast.registers.tinh_in.pk}/export", {"format": "pdf", "year": 2026})
    assert response.status_code == 400 and response.json()["field"] == "month"
    assert "tối đa 1 dòng" in response.json()["detail"]
    assert AuditEvent.objects.filter(action="documents.register.exported").count() == 1


def test_statistics_in_the_api(cast, api):
    incoming(
        cast,
        status=IncomingDocument.Status.IN_PROGRESS,
        lead_user=cast.chuyen_vien,
        arrival_date=dt.date(2026, 10, 1),
    )
    IncomingDocument.objects.update(due_date=dt.date(2026, 11, 1))
    body = api(cast.van_thu).get(f"{URL}/{cast.registers.tinh_in.pk}/statistics", {"year": 2026}).json()
    assert body["total"] == 1 and body["processing"]["overdue"] == 1
    assert body["by_person"] == [
        {"label": "Nguyễn Văn Minh", "total": 1, "filters": {"nguoi": cast.chuyen_vien.pk},
         "on_time": 0, "late": 0, "overdue": 1, "in_time": 0}
    ]  # fmt: skip


@pytest.mark.parametrize("extra", [0, 8])
def test_the_registers_list_in_constant_queries(cast, api, django_assert_max_num_queries, extra):
    from congvu.documents.registers import services

    for i in range(extra):
        services.register_create(
            agency=cast.units.tinh, name=f"Sổ {i}", direction="outgoing", document_types=[cast.types.qd],
            actor=cast.van_thu,
        )  # fmt: skip
    client = api(cast.van_thu)
    client.get(URL)
    with django_assert_max_num_queries(9):
        response = client.get(URL)
    assert len(response.json()) == 2 + extra


CHAINS = "/api/v1/documents/review-chains"


def test_review_chains_through_the_api(cast, api):
    client = api(cast.van_thu)
    steps = [
        {"label": "Trưởng phòng", "kind": "unit_head"},
        {"label": "Pháp chế", "kind": "person", "person_id": cast.chanh_vp.pk},
        {"label": "Chủ tịch ký", "kind": "signer"},
    ]
    response = client.post(
        CHAINS,
        {"agency_id": cast.units.tinh.pk, "name": "Có pháp chế", "steps": steps},
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    chain = response.json()
    assert [(s["order"], s["kind"]) for s in chain["steps"]] == [
        (1, "unit_head"),
        (2, "person"),
        (3, "signer"),
    ]
    reordered = [steps[1], steps[0], steps[2]]
    response = client.patch(f"{CHAINS}/{chain['id']}", {"steps": reordered}, content_type="application/json")
    assert [s["label"] for s in response.json()["steps"]] == ["Pháp chế", "Trưởng phòng", "Chủ tịch ký"]
    assert [c["name"] for c in client.get(CHAINS).json()] == ["Có pháp chế"]
    assert client.get(f"{CHAINS}/{chain['id']}").json()["name"] == "Có pháp chế"
    assert AuditEvent.objects.filter(action__startswith="documents.reviewchain.").count() == 2


def test_bad_review_chains_through_the_api(cast, api):
    client = api(cast.van_thu)
    response = client.post(
        CHAINS,
        {"agency_id": cast.units.tinh.pk, "name": "Sai", "steps": [{"kind": "unit_head"}]},
        content_type="application/json",
    )
    assert response.status_code == 400 and response.json()["field"] == "steps"
    response = client.post(
        CHAINS,
        {"agency_id": cast.units.tinh.pk, "name": "Sai", "steps": [{"kind": "boss"}]},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert api(cast.chu_tich).get(CHAINS).status_code == 403
    chain = client.post(
        CHAINS,
        {"agency_id": cast.units.tinh.pk, "name": "Đúng", "steps": [{"kind": "signer"}]},
        content_type="application/json",
    ).json()
    assert api(cast.snv_clerk).get(f"{CHAINS}/{chain['id']}").status_code == 404
