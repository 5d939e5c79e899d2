"""The organisation in the JSON API: /api/v1/units, /api/v1/units/{id}/members, /api/v1/positions."""

from __future__ import annotations

import json

from congvu.core.models import AuditEvent
from congvu.org.models import Unit

API = "/api/v1"


def _post(client, url, data):
    return client.post(url, json.dumps(data), content_type="application/json")


def _patch(client, url, data):
    return client.patch(url, json.dumps(data), content_type="application/json")


def test_units_list_is_flat_with_the_tree_fields(province, signed_in):
    response = signed_in(province.chuyen_vien).get(f"{API}/units")
    assert response.status_code == 200
    rows = response.json()
    assert len(rows) == Unit.objects.count()
    snv = next(r for r in rows if r["short_name"] == "SNV")
    assert snv == {
        "id": province.units.snv.pk,
        "name": "Sở Nội vụ",
        "short_name": "SNV",
        "agency_code": "000.00.02.H99",
        "parent_id": province.units.tinh.pk,
        "kind": "department",
        "is_office": False,
        "depth": 1,
        "is_active": True,
        "sort_order": 0,
    }


def test_units_list_of_a_subtree(province, signed_in):
    rows = signed_in(province.chuyen_vien).get(f"{API}/units", {"root": province.units.snv.pk}).json()
    assert {r["short_name"] for r in rows} == {"SNV", "TCBC", "CCVC"}
    assert signed_in(province.chuyen_vien).get(f"{API}/units", {"root": 999999}).status_code == 404


def test_units_list_is_a_fixed_number_of_queries(province, signed_in, django_assert_max_num_queries):
    client = signed_in(province.chuyen_vien)
    client.get(f"{API}/units")
    with django_assert_max_num_queries(8) as first:
        client.get(f"{API}/units")
    Unit.objects.bulk_create(
        [
            Unit(name=f"Phòng {i}", short_name=f"P{i}", parent=province.units.ns, path=f"x{i}", depth=3)
            for i in range(20)
        ]
    )
    with django_assert_max_num_queries(len(first.captured_queries)):
        assert len(client.get(f"{API}/units").json()) == 30


def test_one_unit(province, signed_in):
    client = signed_in(province.chuyen_vien)
    data = client.get(f"{API}/units/{province.units.tcbc.pk}").json()
    assert data["name"] == "Phòng Tổ chức biên chế" and data["parent_id"] == province.units.snv.pk
    assert client.get(f"{API}/units/999999").status_code == 404


def test_members_for_a_leader(province, signed_in):
    response = signed_in(province.giam_doc).get(f"{API}/units/{province.units.snv.pk}/members")
    assert response.status_code == 200
    rows = {r["username"]: r for r in response.json()}
    assert set(rows) == {"namhv", "lanvt"}
    assert rows["lanvt"]["level"] == "deputy" and rows["lanvt"]["in_charge_of"] == [province.units.tcbc.pk]
    assert rows["namhv"]["position"] == "Giám đốc" and rows["namhv"]["is_primary"] is True


def test_members_are_hidden_from_those_who_may_not_open_the_unit(province, signed_in):
    response = signed_in(province.chuyen_vien).get(f"{API}/units/{province.units.snv.pk}/members")
    assert response.status_code == 403
    assert "không xem được" in response.json()["detail"]


def test_positions(province, signed_in):
    rows = signed_in(province.chuyen_vien).get(f"{API}/positions").json()
    assert [r["name"] for r in rows][:3] == ["Chủ tịch", "Phó Chủ tịch", "Chánh Văn phòng"]
    assert {"id", "name", "level", "sort_order"} == set(rows[0])


def test_administrator_creates_a_unit(province, signed_in):
    client = signed_in(province.quan_tri)
    response = _post(
        client,
        f"{API}/units",
        {
            "name": "Phòng Quản lý giá",
            "short_name": "QLG",
            "parent_id": province.units.stc.pk,
            "kind": "division",
        },
    )
    assert response.status_code == 201, response.content
    data = response.json()
    unit = Unit.objects.get(pk=data["id"])
    assert unit.parent == province.units.stc and data["depth"] == 2
    assert AuditEvent.objects.filter(
        action="org.unit.created", object_id=str(unit.pk), actor=province.quan_tri
    ).exists()


def test_bad_input_is_a_400_with_the_vietnamese_message(province, signed_in):
    response = _post(
        signed_in(province.quan_tri),
        f"{API}/units",
        {
            "name": "Phòng X",
            "short_name": "X",
            "parent_id": province.units.stc.pk,
            "agency_code": "000.0.00.H29",
        },
    )
    assert response.status_code == 400
    assert response.json()["field"] == "agency_code"
    assert "không đúng cấu trúc" in response.json()["detail"]
    assert not Unit.objects.filter(short_name="X").exists()


def test_others_cannot_create_or_change_units(province, signed_in):
    client = signed_in(province.giam_doc)
    response = _post(
        client, f"{API}/units", {"name": "Phòng X", "short_name": "X", "parent_id": province.units.snv.pk}
    )
    assert response.status_code == 403
    assert _patch(client, f"{API}/units/{province.units.tcbc.pk}", {"name": "Đổi"}).status_code == 403
    assert not Unit.objects.filter(short_name="X").exists()
    assert Unit.objects.get(pk=province.units.tcbc.pk).name == "Phòng Tổ chức biên chế"


def test_administrator_moves_a_unit_with_patch(province, signed_in):
    client = signed_in(province.quan_tri)
    response = _patch(
        client,
        f"{API}/units/{province.units.snv.pk}",
        {"parent_id": province.units.huyen.pk, "sort_order": 5},
    )
    assert response.status_code == 200, response.content
    assert response.json()["depth"] == 2 and response.json()["sort_order"] == 5
    assert Unit.objects.get(pk=province.units.ccvc.pk).depth == 3


def test_patch_refuses_a_move_under_a_descendant(province, signed_in):
    response = _patch(
        signed_in(province.quan_tri),
        f"{API}/units/{province.units.snv.pk}",
        {"parent_id": province.units.tcbc.pk},
    )
    assert response.status_code == 400
    assert "cấp dưới" in response.json()["detail"]
    assert Unit.objects.get(pk=province.units.snv.pk).parent_id == province.units.tinh.pk


def test_patch_deactivation_follows_the_rules(province, signed_in):
    client = signed_in(province.quan_tri)
    assert _patch(client, f"{API}/units/{province.units.snv.pk}", {"is_active": False}).status_code == 400
    response = _patch(client, f"{API}/units/{province.units.ns.pk}", {"is_active": False})
    assert response.status_code == 200 and response.json()["is_active"] is False


def test_administrator_without_second_factor_gets_nothing(province, signed_in):
    client = signed_in(province.quan_tri, otp=False)
    response = _post(
        client, f"{API}/units", {"name": "Phòng X", "short_name": "X", "parent_id": province.units.stc.pk}
    )
    assert response.status_code == 401
    assert not Unit.objects.filter(short_name="X").exists()


def test_anonymous_gets_401(province, client):
    assert client.get(f"{API}/units").status_code == 401
