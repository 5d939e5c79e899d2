"""GET /api/v1/catalogues/<name>: every signed-in caller reads (ADM-1)."""

import pytest

from congvu.catalogues.models import Field


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("document-types", "QyĐ"),
        ("fields", "Y tế"),
        ("urgency-levels", "Hỏa tốc"),
        ("confidentiality-levels", "Tuyệt mật"),
        ("external-agencies", "000.00.00.G22"),
    ],
)
def test_a_signed_in_officer_reads_each_catalogue(province, signed_in, name, expected):
    response = signed_in(province.chuyen_vien).get(f"/api/v1/catalogues/{name}")
    assert response.status_code == 200, response.content
    values = {v for item in response.json()["items"] for v in item.values()}
    assert expected in values


def test_document_types_come_in_decree_order_with_their_flags(province, signed_in):
    items = signed_in(province.chuyen_vien).get("/api/v1/catalogues/document-types").json()["items"]
    assert [i["abbreviation"] for i in items[:5]] == ["NQ", "QĐ", "CT", "QC", "QyĐ"]
    cong_van = next(i for i in items if i["name"] == "Công văn")
    assert cong_van["abbreviation"] == "" and cong_van["is_legal_default"] is True


def test_inactive_entries_only_on_request(province, signed_in):
    Field.objects.filter(name="Y tế").update(is_active=False)
    client = signed_in(province.chuyen_vien)
    names = [i["name"] for i in client.get("/api/v1/catalogues/fields").json()["items"]]
    assert "Y tế" not in names
    names = [i["name"] for i in client.get("/api/v1/catalogues/fields?include_inactive=true").json()["items"]]
    assert "Y tế" in names


def test_the_cursor_walks_the_whole_list(province, signed_in):
    client = signed_in(province.chuyen_vien)
    seen, cursor = [], ""
    while True:
        data = client.get(f"/api/v1/catalogues/document-types?limit=10&cursor={cursor}").json()
        seen += [i["id"] for i in data["items"]]
        cursor = data["next_cursor"]
        if not cursor:
            break
    assert len(seen) == len(set(seen)) == 32


def test_strangers_are_refused(client, db):
    assert client.get("/api/v1/catalogues/document-types").status_code == 401
