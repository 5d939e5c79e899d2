"""The API answers every error in one shape, and its schema says which errors each operation can
answer (STYLE: Refusals, views and API)."""

from __future__ import annotations

import pytest

from congvu.core.decisions import Decision, RefusalKind, Refused

ERROR_KEYS = {"detail", "code", "field"}


@pytest.mark.parametrize(
    ("refused", "status", "code"),
    [
        (Refused.not_allowed("Không được"), 403, "not_allowed"),
        (Refused.wrong_state("Không còn áp dụng"), 409, "wrong_state"),
        (Refused.invalid("Sai", field="title"), 400, "invalid"),
        (Refused.not_found("Không có"), 404, "not_found"),
        (Refused("Sai"), 400, "invalid"),
    ],
)
def test_each_kind_of_refusal_has_its_status(refused, status, code):
    assert refused.status == status and refused.kind.value == code


def test_a_denied_decision_raises_its_kind_and_can_be_told_on_a_field():
    with pytest.raises(Refused) as forbidden:
        Decision.deny("Chỉ người chủ trì").require()
    assert (forbidden.value.kind, forbidden.value.field) == (RefusalKind.NOT_ALLOWED, None)
    with pytest.raises(Refused) as on_field:
        Decision.deny("Ngoài phạm vi").require(field="lead", kind=RefusalKind.INVALID)
    assert (on_field.value.kind, on_field.value.field, on_field.value.status) == (
        RefusalKind.INVALID,
        "lead",
        400,
    )
    assert Decision.allow(on_behalf_of="A").require().on_behalf_of == "A"


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/assignments/abc",  # not an id: no route matches
        "/api/v1/khong-co-gi",
        "/api/v1/users/9223372036854775808x",
    ],
)
def test_a_path_that_matches_nothing_answers_json_not_a_page(province, signed_in, path):
    response = signed_in(province.chuyen_vien).get(path)
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert set(body) == ERROR_KEYS and body["code"] == "not_found" and body["detail"]


def test_a_page_that_does_not_exist_is_in_vietnamese_with_a_way_home(province, signed_in):
    response = signed_in(province.chuyen_vien).get("/khong-co-trang-nay/")
    page = response.content.decode()
    assert response.status_code == 404
    assert "Không tìm thấy" in page and 'href="/"' in page


def test_not_signed_in_is_401_in_the_same_shape(client):
    response = client.get("/api/v1/assignments")
    assert response.status_code == 401
    assert response.json() == {
        "detail": "Vui lòng đăng nhập, hoặc gửi mã truy cập cá nhân.",
        "code": "not_signed_in",
        "field": None,
    }


def test_input_the_schema_refuses_is_400_naming_the_field(province, signed_in):
    response = signed_in(province.chuyen_vien).get("/api/v1/assignments", {"limit": "nhieu"})
    assert response.status_code == 400
    assert response.json()["field"] == "limit" and response.json()["code"] == "invalid"


def test_every_operation_declares_the_errors_it_can_answer(province, signed_in):
    schema = signed_in(province.chuyen_vien).get("/api/v1/openapi.json").json()
    undeclared = []
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            codes = set(operation["responses"])
            needed = {"401"}
            if "{" in path:
                needed.add("404")
            if method in {"post", "put", "patch", "delete"}:
                needed |= {"400", "403"}
            if not needed <= codes:
                undeclared.append(f"{method.upper()} {path}: {sorted(needed - codes)}")
    assert undeclared == []
