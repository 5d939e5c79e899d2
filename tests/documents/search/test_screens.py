"""The documents search screen "/van-ban/tim-kiem/", the header's search box and the API
``GET /api/v1/documents/search`` (DOC-10, F-6d): the same results, in a bounded number of queries."""

import datetime as dt

import pytest
from django.db import connection

from congvu.documents import services
from congvu.documents.models import IncomingDocument
from congvu.documents.search.selectors import WINDOWS_DAYS
from tests.conftest import TODAY, bearer_client
from tests.documents.cast import build_documents_cast, incoming

URL = "/van-ban/tim-kiem/"


def body(response):
    return response.content.decode()


@pytest.fixture
def cast(province):
    return build_documents_cast(province)


def numbered(cast, number, subject, **kwargs):
    doc = incoming(cast, number=number, subject=subject, **kwargs)
    IncomingDocument.objects.filter(pk=doc.pk).update(code_notation="QĐ-UBND")
    doc.refresh_from_db()
    services.search_text_refresh(doc)
    return doc


def api_client(user):
    return bearer_client(user)


def test_the_clerk_finds_a_document_by_its_number_without_accents(cast, signed_in):
    doc = numbered(cast, 1234, "Quyết định phê duyệt đề án chuyển đổi số", urgency="flash")
    numbered(cast, 77, "Kế hoạch tuyển dụng viên chức")
    client = signed_in(cast.van_thu)
    assert client.get(URL).status_code == 200  # the form alone
    page = body(client.get(URL, {"q": "so 1234"}))
    assert "<mark>1234</mark>/QĐ-UBND" in page
    assert doc.subject in page and "Kế hoạch tuyển dụng" not in page
    assert "Hỏa tốc" in page and "doc-hit urgent" in page
    words = body(client.get(URL, {"q": "chuyen doi so"}))
    assert "<mark>chuyển</mark> <mark>đổi</mark> <mark>số</mark>" in words


def test_filters_and_order_are_kept_in_the_form(cast, signed_in):
    numbered(cast, 5, "Báo cáo kết quả tuyển dụng", arrival_date=TODAY - dt.timedelta(days=40))
    numbered(cast, 6, "Báo cáo tình hình tuyển dụng", arrival_date=TODAY)
    client = signed_in(cast.van_thu)
    page = body(
        client.get(
            URL, {"q": "bao cao", "tu_ngay": (TODAY - dt.timedelta(days=7)).isoformat(), "sap_xep": "date"}
        )
    )
    assert "Báo cáo tình hình tuyển dụng" in page.replace("<mark>", "").replace("</mark>", "")
    assert "kết quả tuyển dụng" not in page
    assert 'value="bao cao"' in page


def test_someone_off_the_path_finds_nothing(cast, signed_in):
    numbered(cast, 1234, "Quyết định phê duyệt đề án chuyển đổi số")
    page = body(signed_in(cast.chuyen_vien_khac).get(URL, {"q": "1234"}))
    assert "Không tìm thấy văn bản nào." in page


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"q": "x" * 201}, "200"),
        ({"tu_ngay": "2026-12-02", "den_ngay": "2026-11-01"}, "“Đến ngày” phải sau “Từ ngày”."),
        ({"do_khan": "rat-khan"}, "Hãy chọn"),
        ({"trang": "11"}, "10 trang"),
        ({"nam": "abc"}, "Hãy chọn"),
    ],
)
def test_bad_input_gets_a_vietnamese_message_and_keeps_what_was_typed(cast, signed_in, params, message):
    response = signed_in(cast.van_thu).get(
        URL, {"q": "quyet dinh", **params} if "q" not in params else params
    )
    assert response.status_code == 400
    assert message in body(response)


def test_the_header_search_box_finds_documents(cast, signed_in):
    numbered(cast, 1234, "Quyết định phê duyệt đề án chuyển đổi số")
    client = signed_in(cast.chu_tich)
    page = body(client.get("/tim-kiem/", {"q": "de an chuyen doi so"}))
    assert "1234/QĐ-UBND – Quyết định phê duyệt đề án chuyển đổi số" in page
    assert (
        body(signed_in(cast.chuyen_vien_khac).get("/tim-kiem/", {"q": "de an chuyen doi so"})).count(
            "1234/QĐ"
        )
        == 0
    )


def test_the_api_searches_like_the_screen(cast):
    doc = numbered(cast, 1234, "Quyết định phê duyệt đề án chuyển đổi số", urgency="urgent")
    api = api_client(cast.van_thu)
    response = api.get("/api/v1/documents/search", {"q": "SỐ 1234"})
    assert response.status_code == 200
    data = response.json()
    assert [(i["direction"], i["id"], i["number"]) for i in data["items"]] == [
        ("incoming", doc.pk, "1234/QĐ-UBND")
    ]
    assert data["items"][0]["urgency_display"] == "Khẩn" and data["has_next"] is False
    filtered = api.get("/api/v1/documents/search", {"direction": "outgoing", "q": "1234"}).json()
    assert filtered["items"] == []
    assert (
        api_client(cast.chuyen_vien_khac).get("/api/v1/documents/search", {"q": "1234"}).json()["items"] == []
    )


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"urgency": "rat-khan"}, "urgency"),
        ({"status": "lost"}, "status"),
        ({"page": 11}, "page"),
        ({"date_from": "2026-12-02", "date_to": "2026-01-01"}, "date_to"),
        ({"q": "x" * 201}, "q"),
        ({"year": 99999}, "year"),
    ],
)
def test_the_api_refuses_bad_input_with_the_field(cast, params, field):
    response = api_client(cast.van_thu).get("/api/v1/documents/search", params)
    assert response.status_code == 400
    assert response.json()["field"] == field


@pytest.mark.parametrize("rows", [3, 40])
def test_the_screen_and_the_api_answer_in_constant_queries(
    cast, signed_in, django_assert_max_num_queries, rows
):
    for i in range(rows):
        incoming(
            cast,
            subject=f"Báo cáo tình hình thực hiện nhiệm vụ số {i}",
            urgency="urgent" if i % 3 else "normal",
        )
    client = signed_in(cast.chuyen_vien)  # officer: the ids on their path first, then one query each way
    client.get(URL, {"q": "bao cao"})
    with django_assert_max_num_queries(10 + 2 + 2):
        assert client.get(URL, {"q": "bao cao"}).status_code == 200
    clerk = signed_in(cast.van_thu)
    clerk.get(URL, {"q": "bao cao"})
    # session, user, safeguards, posts, delegations, roles, badge (the constant part), the form's two
    # catalogues, then for each direction: on PostgreSQL the ids on the clerk's path outside the
    # agency she keeps, the agency's walk with what is older (one statement, selectors._walk), and
    # the path's part when it holds anything; on SQLite one query per window of time
    # (selectors.WINDOWS_DAYS) and one for the rest
    per_direction = 3 if connection.vendor == "postgresql" else len(WINDOWS_DAYS) + 1
    with django_assert_max_num_queries(10 + 2 * per_direction):
        assert clerk.get(URL, {"q": "bao cao", "sap_xep": "date"}).status_code == 200
    api = api_client(cast.van_thu)
    api.get("/api/v1/documents/search", {"q": "bao cao"})
    with django_assert_max_num_queries(6 + 2 * per_direction):
        assert len(api.get("/api/v1/documents/search", {"q": "bao cao"}).json()["items"]) == min(rows, 20)
