"""The outgoing API (/api/v1/documents/outgoing): the same policies and services as the screens,
with the errors of core.api_errors (400 naming the field, 403, 404 alike for hidden, 409)."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from congvu.documents.models import IncomingDocument, OutgoingDocument
from congvu.documents.workflow import OUTGOING_WORKFLOW
from tests.conftest import bearer_client
from tests.documents.cast import build_documents_cast, docx_bytes, incoming, outgoing

URL = "/api/v1/documents/outgoing"
S = OutgoingDocument.Status


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

            def patch(self, path, data):
                return client.patch(path, data, content_type="application/json")

            def form(self, path, data):
                return client.post(path, data)

        return Caller()

    return _for


def _draft_form(cast, **extra):
    data = {
        "document_type_id": cast.types.kh.pk,
        "subject": "Kế hoạch tuyển dụng công chức năm 2027",
        "signer_id": cast.giam_doc.pk,
        "recipient_unit_ids": f"{cast.units.tinh.pk}",
        "recipient_names": "Báo Bình Sơn",
        "urgency": "urgent",
        "draft_file": SimpleUploadedFile("du-thao.docx", docx_bytes("KẾ HOẠCH", "Nội dung")),
    }
    data.update(extra)
    return data


def test_the_whole_journey_through_the_api(cast, api):
    drafter, head, director, clerk = (
        api(cast.chuyen_vien),
        api(cast.truong_phong),
        api(cast.giam_doc),
        api(cast.snv_clerk),
    )
    response = drafter.form(URL, _draft_form(cast))
    assert response.status_code == 201, response.content
    doc = response.json()
    assert doc["status"] == "draft" and doc["versions"][0]["number"] == 1
    assert set(doc["allowed_actions"]) >= {"submit", "edit", "cancel"}
    pk = doc["id"]
    assert drafter.post(f"{URL}/{pk}/submit").json()["status"] == "in_review"
    assert [i["id"] for i in head.get(URL, {"scope": "to_review"}).json()["items"]] == [pk]
    response = head.post(f"{URL}/{pk}/comments", {"text": "Sửa mục 2", "version": 1})
    assert response.status_code == 201 and response.json()["version"] == 1
    assert head.post(f"{URL}/{pk}/pass_on").status_code == 200
    assert director.post(f"{URL}/{pk}/approve").json()["status"] == "approved"
    numbered = clerk.post(f"{URL}/{pk}/number", {"register_id": cast.registers.snv_out.pk})
    assert numbered.json()["number_and_notation"] == "01/KH-SNV"
    assert drafter.post(f"{URL}/{pk}/check").json()["status"] == "to_sign"
    OUTGOING_WORKFLOW.apply("sign", OutgoingDocument.objects.get(pk=pk), actor=cast.giam_doc)
    sent = clerk.post(f"{URL}/{pk}/send", {"recipient_names": ["Bộ Nội vụ (bản giấy)"], "issued_amount": 2})
    assert sent.status_code == 200 and sent.json()["status"] == "issued"
    states = {r["name"]: r["state"] for r in sent.json()["recipients"]}
    assert states["UBND tỉnh Bình Sơn"] == "sent"
    assert IncomingDocument.objects.filter(agency=cast.units.tinh, source_id=pk, status="received").exists()
    assert [c["text"] for c in drafter.get(f"{URL}/{pk}/comments").json()] == ["Sửa mục 2"]
    assert len(drafter.get(f"{URL}/{pk}/versions").json()) == 1


def test_errors_have_their_status_and_field(cast, api):
    drafter = api(cast.chuyen_vien)
    response = drafter.form(URL, _draft_form(cast, subject=""))
    assert response.status_code == 400 and response.json()["field"] == "subject"
    response = drafter.form(URL, _draft_form(cast, recipient_unit_ids="1,abc"))
    assert response.status_code == 400 and response.json()["field"] == "recipients"
    doc = outgoing(cast, status=S.IN_REVIEW)
    assert api(cast.chuyen_vien_khac).get(f"{URL}/{doc.pk}").status_code == 404
    assert api(cast.chuyen_vien_khac).post(f"{URL}/{doc.pk}/approve").status_code == 404
    refused = api(cast.truong_phong).post(f"{URL}/{doc.pk}/approve")
    assert refused.status_code == 403 and "bước duyệt sau" in refused.json()["detail"]
    returned = api(cast.truong_phong).post(f"{URL}/{doc.pk}/return", {"reason": ""})
    assert returned.status_code == 400 and returned.json()["field"] == "reason"
    assert api(cast.chuyen_vien).post(f"{URL}/{doc.pk}/check").status_code == 409
    assert api(cast.chuyen_vien).get(URL, {"scope": "to_number"}).status_code == 403
    assert api(cast.chuyen_vien).get(URL, {"cursor": "không-hợp-lệ"}).status_code == 400
    approved = outgoing(cast, status=S.APPROVED)
    typed = api(cast.van_thu).post(f"{URL}/{approved.pk}/number", {"number": 5})
    assert typed.status_code == 400 and typed.json()["field"] == "number"
    assert api(cast.van_thu).post(f"{URL}/{approved.pk}/number", {"register_id": 999999}).status_code == 400


def test_reply_through_the_api_links_the_incoming_document(cast, api):
    received = incoming(cast, status=IncomingDocument.Status.IN_PROGRESS, lead_user=cast.chuyen_vien)
    response = api(cast.chuyen_vien).form(
        URL, _draft_form(cast, reply_to_id=received.pk, signer_id=cast.chu_tich.pk)
    )
    assert response.status_code == 201 and response.json()["in_reply_to_id"] == received.pk
    other = api(cast.chuyen_vien_khac).form(URL, _draft_form(cast, reply_to_id=received.pk))
    assert other.status_code == 400 and other.json()["field"] == "reply_to_id"


@pytest.mark.parametrize("rows", [3, 40])
def test_the_list_loads_in_constant_queries(cast, api, django_assert_max_num_queries, rows):
    for i in range(rows):
        outgoing(cast, status=S.IN_REVIEW, subject=f"Kế hoạch số {i}")
    caller = api(cast.truong_phong)
    assert caller.get(URL, {"scope": "to_review"}).status_code == 200
    with django_assert_max_num_queries(12):
        response = caller.get(URL, {"scope": "to_review", "limit": 50})
    assert len(response.json()["items"]) == rows


def test_the_drafter_edits_the_details_through_the_api(cast, api):
    doc = outgoing(cast, status=S.DRAFT)
    caller = api(cast.chuyen_vien)
    response = caller.patch(
        f"{URL}/{doc.pk}", {"subject": "Kế hoạch đã sửa", "recipient_names": ["Báo Bình Sơn"]}
    )
    assert response.status_code == 200, response.content
    assert response.json()["subject"] == "Kế hoạch đã sửa"
    assert [r["name"] for r in response.json()["recipients"]] == ["Báo Bình Sơn"]
    assert caller.patch(f"{URL}/{doc.pk}", {"subject": None}).status_code == 400
    assert (
        api(cast.truong_phong).patch(f"{URL}/{doc.pk}", {"subject": "x"}).status_code == 403
    )  # he reads his unit's drafts, edits none
    in_review = outgoing(cast, status=S.IN_REVIEW)
    assert caller.patch(f"{URL}/{in_review.pk}", {"subject": "x"}).status_code == 409
