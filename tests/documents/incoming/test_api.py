"""The incoming documents and dossiers API (/api/v1/documents/incoming, /api/v1/documents/dossiers):
the same policies and services as the screens, by personal token; errors per core.api_errors."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from congvu.core.models import AuditEvent, StoredFile
from congvu.documents.models import IncomingDocument
from tests.conftest import TODAY, bearer_client
from tests.documents.cast import build_documents_cast, incoming, pdf_bytes
from tests.documents.incoming.test_services import PE_EXE, SCAN

URL = "/api/v1/documents/incoming"
DOSSIERS = "/api/v1/documents/dossiers"


@pytest.fixture
def cast(province):
    return build_documents_cast(province)


@pytest.fixture
def api():
    def _for(user):
        client = bearer_client(user)

        class Caller:
            def get(self, path, data=None):
                return client.get(path, data or {})

            def post(self, path, data=None):
                return client.post(path, data or {}, content_type="application/json")

            def upload(self, path, *files):
                """A multipart POST of ``files`` ((name, bytes) pairs) under "files"."""
                return client.post(path, {"files": [SimpleUploadedFile(name, data) for name, data in files]})

        return Caller()

    return _for


def _payload(cast, **overrides):
    data = {
        "document_type_id": cast.types.cv.pk,
        "subject": "Đề nghị báo cáo kết quả tuyển dụng công chức năm 2026",
        "sender_agency_id": cast.bnv.pk,
        "code_number": "1234",
        "code_notation": "BNV-TCBC",
        "issued_date": (TODAY - dt.timedelta(days=1)).isoformat(),
        "urgency": "urgent",
    }
    data.update(overrides)
    return data


def test_clerk_registers_through_the_api_and_a_duplicate_needs_confirmation(cast, api):
    clerk = api(cast.van_thu)
    response = clerk.post(URL, _payload(cast))
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["arrival_number"] == 1 and body["status"] == "registered" and body["is_urgent"]
    assert "distribute" not in body["allowed_actions"] and "edit" in body["allowed_actions"]
    again = clerk.post(URL, _payload(cast))
    assert again.status_code == 400 and again.json()["field"] == "confirm_duplicate"
    vague = clerk.post(URL, _payload(cast, code_number="9", subject="V/v"))
    assert vague.status_code == 400 and vague.json()["field"] == "confirm_subject"
    broken = clerk.post(URL, _payload(cast, code_number="10", arrival_number=7))
    assert broken.status_code == 400 and broken.json()["field"] == "arrival_number"
    assert clerk.post(URL, _payload(cast, confirm_duplicate=True)).json()["arrival_number"] == 2


def test_registering_is_for_clerks_and_refuses_unknown_catalogue_entries(cast, api):
    assert api(cast.chuyen_vien).post(URL, _payload(cast)).status_code == 403
    response = api(cast.van_thu).post(URL, _payload(cast, document_type_id=999999))
    assert response.status_code == 400 and response.json()["field"] == "document_type_id"


def test_route_and_close_through_the_api(cast, api):
    doc = incoming(cast)
    chairman = api(cast.chu_tich)
    two = chairman.post(
        f"{URL}/{doc.pk}/distribute", {"lead_user_id": cast.giam_doc.pk, "lead_unit_id": cast.units.snv.pk}
    )
    assert two.status_code == 400 and "một người hoặc một đơn vị" in two.json()["detail"]
    none = chairman.post(f"{URL}/{doc.pk}/distribute", {"instruction": "Xử lý"})
    assert none.status_code == 400 and none.json()["field"] == "lead_user_id"
    response = chairman.post(
        f"{URL}/{doc.pk}/distribute",
        {
            "lead_unit_id": cast.units.tcbc.pk,
            "informed_user_ids": [cast.chanh_vp.pk],
            "instruction": "Giao TCBC",
        },
    )
    assert response.status_code == 200, response.content
    assert response.json()["route"][0]["recipients"][0] == {
        "role": "lead", "kind": "unit", "id": cast.units.tcbc.pk, "name": cast.units.tcbc.name, "state": "pending",
    }  # fmt: skip
    assert (
        chairman.post(f"{URL}/{doc.pk}/distribute", {"lead_unit_id": cast.units.tcbc.pk}).status_code == 409
    )
    head = api(cast.truong_phong)
    assert head.post(f"{URL}/{doc.pk}/forward", {"lead_user_id": cast.chuyen_vien.pk}).status_code == 200
    assert head.post(f"{URL}/{doc.pk}/close", {"note": "x"}).status_code == 403  # no longer the lead
    officer = api(cast.chuyen_vien)
    bad = officer.post(f"{URL}/{doc.pk}/close", {"new_dossier": {"unit_id": cast.units.tcbc.pk, "notation": "",
                                                                  "title": "Hồ sơ", "maintenance": "5 năm"}})  # fmt: skip
    assert bad.status_code == 400 and bad.json()["field"] == "new_dossier.notation"
    closed = officer.post(
        f"{URL}/{doc.pk}/close",
        {
            "new_dossier": {
                "unit_id": cast.units.tcbc.pk,
                "notation": "01",
                "title": "Tuyển dụng",
                "maintenance": "5 năm",
            }
        },
    )
    assert closed.status_code == 200 and closed.json()["status"] == "done"
    dossier_id = closed.json()["dossiers"][0]["dossier_id"]
    detail = officer.get(f"{DOSSIERS}/{dossier_id}").json()
    assert detail["entries"][0]["incoming_id"] == doc.pk and detail["entries"][0]["ordinal"] == 1


def test_accept_a_document_from_another_agency(cast, api):
    doc = incoming(cast, status=IncomingDocument.Status.RECEIVED)
    assert api(cast.chu_tich).post(f"{URL}/{doc.pk}/accept").status_code == 403
    response = api(cast.van_thu).post(f"{URL}/{doc.pk}/accept")
    assert response.status_code == 200 and response.json()["status"] == "registered"
    assert api(cast.van_thu).post(f"{URL}/{doc.pk}/accept").status_code == 409


def test_missing_and_hidden_documents_are_not_found_alike(cast, api):
    doc = incoming(cast, status=IncomingDocument.Status.IN_PROGRESS, lead_user=cast.chuyen_vien)
    outsider = api(cast.chuyen_vien_khac)
    assert outsider.get(f"{URL}/{doc.pk}").status_code == 404
    assert outsider.get(f"{URL}/999999").status_code == 404
    assert outsider.post(f"{URL}/{doc.pk}/close", {"dossier_id": 1}).status_code == 404
    assert outsider.get(f"{URL}/{2**63}").status_code in (400, 404)


def test_list_filters_and_cursor(cast, api, django_assert_max_num_queries):
    for i in range(7):
        incoming(cast, number=500 + i, urgency="flash" if i < 2 else "normal")
    clerk = api(cast.van_thu)
    clerk.get(URL)
    with django_assert_max_num_queries(12):
        first = clerk.get(URL, {"scope": "register", "limit": 5}).json()
    assert len(first["items"]) == 5 and first["next_cursor"]
    rest = clerk.get(URL, {"scope": "register", "limit": 5, "cursor": first["next_cursor"]}).json()
    assert len(rest["items"]) == 2 and rest["next_cursor"] is None
    urgent = clerk.get(URL, {"urgency": "urgent"}).json()["items"]
    assert len(urgent) == 2 and all(d["urgency"] == "flash" for d in urgent)
    assert clerk.get(URL, {"status": "nope"}).status_code == 400
    assert clerk.get(URL, {"cursor": "!!"}).json()["field"] == "cursor"
    assert api(cast.chuyen_vien_khac).get(URL).json()["items"] == []


def test_dossiers_create_list_and_errors(cast, api, django_assert_max_num_queries):
    officer = api(cast.chuyen_vien)
    body = {
        "unit_id": cast.units.tcbc.pk,
        "notation": "HS-01",
        "title": "Tuyển dụng 2026",
        "maintenance": "10 năm",
    }
    assert officer.post(DOSSIERS, body).status_code == 201
    again = officer.post(DOSSIERS, body)
    assert again.status_code == 400 and again.json()["field"] == "notation"
    other = officer.post(DOSSIERS, {**body, "unit_id": cast.units.ns.pk, "notation": "X"})
    assert other.status_code == 400 and other.json()["field"] == "unit_id"
    for i in range(5):
        officer.post(DOSSIERS, {**body, "notation": f"HS-{i + 2}"})
    officer.get(DOSSIERS)
    with django_assert_max_num_queries(10):
        items = officer.get(DOSSIERS).json()["items"]
    assert len(items) == 6
    assert api(cast.chuyen_vien_khac).get(f"{DOSSIERS}/{items[0]['id']}").status_code == 404


def test_a_reader_shares_through_the_api(cast, api):
    doc = incoming(cast, status=IncomingDocument.Status.IN_PROGRESS, lead_user=cast.chuyen_vien)
    officer = api(cast.chuyen_vien)
    empty = officer.post(f"{URL}/{doc.pk}/share", {"people_ids": []})
    assert empty.status_code == 400 and empty.json()["field"] == "people_ids"
    unknown = officer.post(f"{URL}/{doc.pk}/share", {"people_ids": [999999]})
    assert unknown.status_code == 400 and unknown.json()["field"] == "people_ids"
    assert (
        officer.post(f"{URL}/{doc.pk}/share", {"people_ids": [cast.chuyen_vien_khac.pk]}).status_code == 200
    )
    assert api(cast.chuyen_vien_khac).get(f"{URL}/{doc.pk}").status_code == 200


def test_the_clerk_registers_then_sends_the_scan_and_an_attachment(cast, api):
    clerk = api(cast.van_thu)
    doc = clerk.post(URL, _payload(cast)).json()
    assert doc["files"] == []
    annex = pdf_bytes("Phụ lục: danh sách thí sinh")
    first = clerk.upload(f"{URL}/{doc['id']}/files", ("cong-van-1234.pdf", SCAN))
    assert first.status_code == 200, first.content
    assert [(f["name"], f["kind"], f["size"]) for f in first.json()["files"]] == [
        ("cong-van-1234.pdf", "main", len(SCAN))
    ]
    second = clerk.upload(f"{URL}/{doc['id']}/files", ("phu-luc.pdf", annex))
    files = second.json()["files"]
    assert [(f["name"], f["kind"]) for f in files] == [
        ("cong-van-1234.pdf", "main"),
        ("phu-luc.pdf", "attachment"),
    ]
    assert IncomingDocument.objects.get(pk=doc["id"]).file_id == files[0]["id"]  # the scan is the document
    added = AuditEvent.objects.filter(action="documents.incomingdocument.files_added").order_by("id")
    assert [e.after["files"] for e in added] == [
        [{"name": "cong-van-1234.pdf", "kind": "main"}],
        [{"name": "phu-luc.pdf", "kind": "attachment"}],
    ]
    assert all(e.actor == cast.van_thu for e in added)
    # the scan comes back as it was sent, and the download is recorded (F-6l)
    download = clerk.get(f"{URL}/{doc['id']}/files/{files[0]['id']}")
    assert download.status_code == 200 and b"".join(download.streaming_content) == SCAN
    event = AuditEvent.objects.get(action="documents.incomingdocument.downloaded")
    assert event.actor == cast.van_thu and event.after["file"] == "cong-van-1234.pdf"


def test_a_refused_file_keeps_nothing(cast, api):
    clerk = api(cast.van_thu)
    doc = clerk.post(URL, _payload(cast)).json()
    renamed = clerk.upload(f"{URL}/{doc['id']}/files", ("cong-van.pdf", PE_EXE))
    assert renamed.status_code == 400 and renamed.json()["field"] == "files"
    mixed = clerk.upload(f"{URL}/{doc['id']}/files", ("cong-van.pdf", SCAN), ("phu-luc.pdf", PE_EXE))
    assert mixed.status_code == 400 and mixed.json()["field"] == "files"
    assert clerk.upload(f"{URL}/{doc['id']}/files").status_code == 400  # no file at all
    assert not StoredFile.objects.exists()
    assert IncomingDocument.objects.get(pk=doc["id"]).file_id is None
    assert not AuditEvent.objects.filter(action="documents.incomingdocument.files_added").exists()


def test_files_are_the_clerks_before_routing_and_read_by_those_who_see_the_document(cast, api):
    clerk = api(cast.van_thu)
    doc = clerk.post(URL, _payload(cast)).json()
    path = f"{URL}/{doc['id']}/files"
    assert api(cast.chuyen_vien_khac).upload(path, ("x.pdf", SCAN)).status_code == 404  # does not see it
    assert api(cast.chu_tich).upload(path, ("x.pdf", SCAN)).status_code == 403  # sees it, not its clerk
    file_id = clerk.upload(path, ("cong-van.pdf", SCAN)).json()["files"][0]["id"]
    assert api(cast.chu_tich).get(f"{path}/{file_id}").status_code == 200  # the leader reads it
    assert api(cast.chuyen_vien_khac).get(f"{path}/{file_id}").status_code == 404
    other = clerk.post(URL, _payload(cast, code_number="77")).json()
    assert clerk.get(f"{URL}/{other['id']}/files/{file_id}").status_code == 404  # not that document's file
    routed = incoming(cast, status=IncomingDocument.Status.IN_PROGRESS, lead_user=cast.chuyen_vien)
    late = clerk.upload(f"{URL}/{routed.pk}/files", ("muon.pdf", SCAN))
    assert late.status_code == 409
    assert late.json()["detail"] == "Văn bản đã được phân phối: không sửa thông tin vào sổ được nữa."
