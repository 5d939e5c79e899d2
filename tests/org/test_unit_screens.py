"""The organisation screens (ORG-1, ORG-2): the tree, units, members, roles, positions."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from congvu.core.models import AuditEvent
from congvu.org.models import Membership, Position, RoleGrant, Unit
from congvu.org.units import policies as unit_policies
from congvu.org.units import selectors as unit_selectors
from congvu.org.units import services as svc


def _body(response) -> str:
    return response.content.decode()


# --- the tree ------------------------------------------------------------------------------------


def test_administrator_sees_the_whole_tree_with_heads_and_counts(province, signed_in):
    response = signed_in(province.quan_tri).get(reverse("org:unit_tree"))
    assert response.status_code == 200
    body = _body(response)
    for unit in Unit.objects.all():
        assert unit.name in body
    assert "000.00.02.H99" in body and "Sở, ban, ngành" in body
    assert "Hoàng Văn Nam" in body  # head of SNV
    assert f'href="{reverse("org:unit_detail", args=[province.units.snv.pk])}"' in body
    assert "<details" in body and "<summary>" in body
    nodes = {n.name: n for n in unit_selectors.tree_nodes(unit_policies.viewable_paths(province.quan_tri))}
    assert nodes["Phòng Tổ chức biên chế"].member_count == 3  # head and 2 officers; the deputy is in SNV
    assert nodes["Phòng Tổ chức biên chế"].head_name == "Bùi Thanh Sơn"
    assert nodes["Sở Nội vụ"].member_count == 2
    assert nodes["Sở Tài chính"].head_name == ""
    assert "chưa có thủ trưởng" in body


def test_tree_is_three_queries_whatever_its_size(province, django_assert_num_queries):
    paths = unit_policies.viewable_paths(province.quan_tri)
    with django_assert_num_queries(3):
        small = unit_selectors.tree_nodes(paths)
    for i in range(30):
        unit = svc.unit_create(name=f"Phòng thử {i}", short_name=f"PT{i}", parent=province.units.ns)
        svc.membership_start(
            user=province.chuyen_vien_khac,
            unit=unit,
            position=province.positions.truong_phong,
            actor=None,
            is_primary=False,
        )
    with django_assert_num_queries(3):
        big = unit_selectors.tree_nodes(paths)
    assert len(big) == len(small) + 30


def test_tree_page_query_count_does_not_grow_with_the_tree(
    province, signed_in, django_assert_max_num_queries
):
    client = signed_in(province.quan_tri)
    client.get(reverse("org:unit_tree"))  # warm the session
    with django_assert_max_num_queries(14) as first:
        client.get(reverse("org:unit_tree"))
    few = len(first.captured_queries)  # read now: the connection's log keeps the last 9,000 only
    for i in range(40):
        svc.unit_create(
            name=f"Xã thử {i}", short_name=f"X{i}", parent=province.units.huyen, kind=Unit.Kind.COMMUNE
        )
    client.get(reverse("org:unit_tree"))  # the organisation changed: its facts are read again once
    with django_assert_max_num_queries(few):
        response = client.get(reverse("org:unit_tree"))
    assert "Xã thử 39" in _body(response)


def test_tree_nests_every_unit_under_its_parent(province):
    nodes = unit_selectors.tree_nodes(unit_policies.viewable_paths(province.quan_tri))
    # Walk the flat list as the template does, keeping a stack of open levels.
    stack: list[int] = []
    parents: dict[int, int | None] = {}
    for node in nodes:
        parents[node.id] = stack[-1] if stack else None
        if node.has_children:
            stack.append(node.id)
        else:
            for _ in node.closes:
                stack.pop()
    assert stack == []
    assert parents == {u.pk: u.parent_id for u in Unit.objects.all()}
    # Siblings follow sort_order, then Vietnamese alphabetical order.
    top = [n.name for n in nodes if n.level == 1]
    assert top == ["Sở Nội vụ", "Sở Tài chính", "UBND huyện Đức Trọng", "Văn phòng UBND tỉnh"]
    svc.unit_update(unit=province.units.vp, sort_order=0, actor=None)
    for i, unit in enumerate((province.units.snv, province.units.stc, province.units.huyen), start=1):
        svc.unit_update(unit=unit, sort_order=i, actor=None)
    nodes = unit_selectors.tree_nodes(unit_policies.viewable_paths(province.quan_tri))
    assert [n.name for n in nodes if n.level == 1][0] == "Văn phòng UBND tỉnh"


def test_department_head_sees_his_subtree_only_and_read_only(province, signed_in):
    client = signed_in(province.giam_doc)
    body = _body(client.get(reverse("org:unit_tree")))
    assert "Phòng Tổ chức biên chế" in body and "Sở Tài chính" not in body
    assert reverse("org:unit_create") not in body
    detail = client.get(reverse("org:unit_detail", args=[province.units.tcbc.pk]))
    assert detail.status_code == 200
    assert "Nguyễn Văn Minh" in _body(detail)
    assert reverse("org:unit_edit", args=[province.units.tcbc.pk]) not in _body(detail)
    assert client.get(reverse("org:unit_detail", args=[province.units.stc.pk])).status_code == 404
    assert client.get(reverse("org:unit_edit", args=[province.units.tcbc.pk])).status_code == 403


def test_an_officer_sees_no_tree(province, signed_in):
    client = signed_in(province.chuyen_vien)
    response = client.get(reverse("org:unit_tree"))
    assert response.status_code == 403
    assert "Chỉ quản trị và lãnh đạo đơn vị" in _body(response)
    assert client.get(reverse("org:unit_detail", args=[province.units.tcbc.pk])).status_code == 404


def test_screens_need_sign_in(province, client):
    response = client.get(reverse("org:unit_tree"))
    assert response.status_code == 302 and "dang-nhap" in response["Location"]


# --- creating and editing units ------------------------------------------------------------------


def _unit_form(**overrides):
    data = {
        "name": "Phòng Quản lý giá",
        "short_name": "QLG",
        "agency_code": "",
        "kind": "division",
        "sort_order": "3",
    }
    data.update(overrides)
    return data


def test_administrator_creates_a_division(province, signed_in):
    client = signed_in(province.quan_tri)
    assert client.get(reverse("org:unit_create") + f"?cap_tren={province.units.stc.pk}").status_code == 200
    response = client.post(reverse("org:unit_create"), _unit_form(parent=province.units.stc.pk))
    unit = Unit.objects.get(short_name="QLG")
    assert response.status_code == 302 and response["Location"] == reverse("org:unit_detail", args=[unit.pk])
    assert (
        unit.parent == province.units.stc
        and unit.depth == 2
        and unit.path.startswith(province.units.stc.path)
    )
    event = AuditEvent.objects.get(action="org.unit.created", object_id=str(unit.pk))
    assert event.actor_id == province.quan_tri.pk


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"agency_code": "000.0.00.H29"}, "không đúng cấu trúc NNN.NN.NN.XNN"),
        ({"agency_code": "000.00.02.H99"}, "đã được dùng cho đơn vị “Sở Nội vụ”"),
        ({"name": "  "}, "bắt buộc"),
    ],
)
def test_bad_input_shows_a_vietnamese_message_and_creates_nothing(province, signed_in, overrides, message):
    before = Unit.objects.count()
    response = signed_in(province.quan_tri).post(
        reverse("org:unit_create"), _unit_form(parent=province.units.stc.pk, **overrides)
    )
    assert response.status_code == 400
    assert message in _body(response)
    assert Unit.objects.count() == before


def test_administrator_moves_a_unit_through_the_edit_form(province, signed_in):
    u = province.units
    data = _unit_form(
        name="Sở Nội vụ",
        short_name="SNV",
        agency_code="000.00.02.H99",
        kind="department",
        parent=u.huyen.pk,
        is_active="on",
    )
    response = signed_in(province.quan_tri).post(reverse("org:unit_edit", args=[u.snv.pk]), data)
    assert response.status_code == 302
    tcbc = Unit.objects.get(pk=u.tcbc.pk)
    assert tcbc.depth == 3 and tcbc.path.startswith(u.huyen.path)


def test_the_edit_form_does_not_offer_the_units_own_subtree_as_parent(province, signed_in):
    client = signed_in(province.quan_tri)
    body = _body(client.get(reverse("org:unit_edit", args=[province.units.snv.pk])))
    assert f'value="{province.units.tcbc.pk}"' not in body
    response = client.post(
        reverse("org:unit_edit", args=[province.units.snv.pk]),
        _unit_form(
            name="Sở Nội vụ",
            short_name="SNV",
            kind="department",
            parent=province.units.tcbc.pk,
            is_active="on",
        ),
    )
    assert response.status_code == 400
    assert Unit.objects.get(pk=province.units.snv.pk).parent_id == province.units.tinh.pk


def test_deactivating_a_unit_with_active_children_is_refused(province, signed_in):
    client = signed_in(province.quan_tri)
    response = client.post(
        reverse("org:unit_set_active", args=[province.units.snv.pk]), {"active": "0"}, follow=True
    )
    assert "Hãy ngừng hoạt động các đơn vị cấp dưới trước." in _body(response)
    assert Unit.objects.get(pk=province.units.snv.pk).is_active
    client.post(reverse("org:unit_set_active", args=[province.units.ns.pk]), {"active": "0"})
    assert not Unit.objects.get(pk=province.units.ns.pk).is_active


def test_a_leader_cannot_post_to_the_management_screens(province, signed_in):
    client = signed_in(province.giam_doc)
    assert (
        client.post(reverse("org:unit_create"), _unit_form(parent=province.units.snv.pk)).status_code == 403
    )
    assert (
        client.post(
            reverse("org:unit_set_active", args=[province.units.tcbc.pk]), {"active": "0"}
        ).status_code
        == 403
    )
    assert not Unit.objects.filter(short_name="QLG").exists()
    assert Unit.objects.get(pk=province.units.tcbc.pk).is_active


# --- the unit page and its members ---------------------------------------------------------------


def test_unit_page_lists_members_with_post_kind_and_start(province, signed_in):
    svc.membership_start(
        user=province.chuyen_vien_khac,
        unit=province.units.tcbc,
        position=province.positions.chuyen_vien,
        is_primary=False,
        actor=None,
    )
    body = _body(signed_in(province.quan_tri).get(reverse("org:unit_detail", args=[province.units.tcbc.pk])))
    assert "Bùi Thanh Sơn" in body and "Trưởng phòng" in body
    assert "Đặng Đình Đức" in body and "kiêm nhiệm" in body
    assert timezone.localdate().strftime("%d/%m/%Y") in body
    assert reverse("org:membership_add", args=[province.units.tcbc.pk]) in body


def test_unit_page_query_count_does_not_grow_with_members(province, signed_in, django_assert_max_num_queries):
    client = signed_in(province.quan_tri)
    url = reverse("org:unit_detail", args=[province.units.snv.pk])
    client.get(url)
    with django_assert_max_num_queries(20) as first:
        client.get(url)
    few = len(first.captured_queries)
    for person in (
        province.chuyen_vien,
        province.chuyen_vien_2,
        province.chuyen_vien_khac,
        province.theo_doi,
    ):
        m = svc.membership_start(
            user=person,
            unit=province.units.snv,
            position=province.positions.pho_giam_doc,
            is_primary=False,
            actor=None,
        )
        m.in_charge_of.set([province.units.ccvc])
    client.get(url)  # the organisation changed: its facts are read again once
    with django_assert_max_num_queries(few):
        response = client.get(url)
    assert "Trần Thị Thu Hà" in _body(response)


def test_account_search_finds_people_without_diacritics(province, signed_in):
    client = signed_in(province.quan_tri)
    response = client.get(
        reverse("org:membership_add", args=[province.units.ns.pk]), {"q": "nguyen van minh"}
    )
    body = _body(response)
    assert "Nguyễn Văn Minh (minhnv)" in body and "Phòng Tổ chức biên chế" in body
    assert "Trần Quốc Hùng" not in body


def test_administrator_adds_a_person_as_concurrent_post(province, signed_in):
    client = signed_in(province.quan_tri)
    response = client.post(
        reverse("org:membership_add", args=[province.units.ns.pk]),
        {
            "user": province.chuyen_vien.pk,
            "position": province.positions.chuyen_vien.pk,
            "started_on": "2026-01-05",
        },
    )
    assert response.status_code == 302
    m = Membership.objects.get(user=province.chuyen_vien, unit=province.units.ns)
    assert not m.is_primary and m.started_on == dt.date(2026, 1, 5)
    assert Membership.objects.get(user=province.chuyen_vien, unit=province.units.tcbc).is_primary


def test_adding_without_choosing_an_account_says_so(province, signed_in):
    response = signed_in(province.quan_tri).post(
        reverse("org:membership_add", args=[province.units.ns.pk]),
        {
            "q": "minh",
            "position": province.positions.chuyen_vien.pk,
            "started_on": "2026-01-05",
            "is_primary": "on",
        },
    )
    assert response.status_code == 400
    assert "Hãy tìm và chọn một tài khoản." in _body(response)
    assert "Nguyễn Văn Minh" in _body(response)  # the search is shown again
    assert not Membership.objects.filter(unit=province.units.ns, user=province.chuyen_vien).exists()


def test_adding_the_same_post_twice_shows_the_refusal(province, signed_in):
    response = signed_in(province.quan_tri).post(
        reverse("org:membership_add", args=[province.units.tcbc.pk]),
        {
            "user": province.chuyen_vien.pk,
            "position": province.positions.chuyen_vien.pk,
            "started_on": timezone.localdate().isoformat(),
            "is_primary": "on",
        },
    )
    assert response.status_code == 400
    assert "đã giữ chức vụ Chuyên viên tại Phòng Tổ chức biên chế" in _body(response)
    assert Membership.objects.filter(user=province.chuyen_vien).count() == 1


def test_administrator_ends_a_membership(province, signed_in):
    m = Membership.objects.get(user=province.chuyen_vien_2)
    client = signed_in(province.quan_tri)
    assert client.get(reverse("org:membership_end", args=[m.pk])).status_code == 200
    day = (timezone.localdate() - dt.timedelta(days=1)).isoformat()
    response = client.post(reverse("org:membership_end", args=[m.pk]), {"ended_on": day})
    assert response.status_code == 302
    assert not Membership.objects.current().filter(pk=m.pk).exists()


def test_administrator_moves_a_person(province, signed_in):
    m = Membership.objects.get(user=province.chuyen_vien)
    response = signed_in(province.quan_tri).post(
        reverse("org:membership_move", args=[m.pk]),
        {
            "to_unit": province.units.ns.pk,
            "position": province.positions.pho_truong_phong.pk,
            "on": timezone.localdate().isoformat(),
        },
    )
    assert response.status_code == 302
    current = Membership.objects.current().get(user=province.chuyen_vien)
    assert current.unit == province.units.ns and current.position == province.positions.pho_truong_phong


def test_administrator_sets_the_deputys_units_in_charge(province, signed_in):
    m = Membership.objects.get(user=province.pho_giam_doc)
    client = signed_in(province.quan_tri)
    body = _body(client.get(reverse("org:membership_in_charge", args=[m.pk])))
    assert "Phòng Công chức viên chức" in body and "Sở Tài chính" not in body
    response = client.post(
        reverse("org:membership_in_charge", args=[m.pk]),
        {"units": [province.units.tcbc.pk, province.units.ccvc.pk]},
    )
    assert response.status_code == 302
    assert set(m.in_charge_of.all()) == {province.units.tcbc, province.units.ccvc}


def test_in_charge_is_only_for_deputies(province, signed_in):
    m = Membership.objects.get(user=province.truong_phong)
    response = signed_in(province.quan_tri).post(
        reverse("org:membership_in_charge", args=[m.pk]), {"units": [province.units.tcbc.pk]}
    )
    assert response.status_code == 302
    assert not m.in_charge_of.exists()


def test_administrator_grants_and_revokes_a_role(province, signed_in):
    client = signed_in(province.quan_tri)
    response = client.post(
        reverse("org:role_grant", args=[province.units.stc.pk]),
        {"user": province.chuyen_vien_khac.pk, "role": RoleGrant.Role.CLERK},
    )
    assert response.status_code == 302
    grant = RoleGrant.objects.get(
        user=province.chuyen_vien_khac, role=RoleGrant.Role.CLERK, unit=province.units.stc
    )
    body = _body(client.get(reverse("org:unit_detail", args=[province.units.stc.pk])))
    assert "Văn thư" in body and "Đặng Đình Đức" in body
    client.post(reverse("org:role_revoke", args=[grant.pk]))
    assert not RoleGrant.objects.filter(pk=grant.pk).exists()


def test_an_unknown_role_is_refused(province, signed_in):
    response = signed_in(province.quan_tri).post(
        reverse("org:role_grant", args=[province.units.stc.pk]),
        {"user": province.chuyen_vien_khac.pk, "role": "vua"},
    )
    assert response.status_code == 400
    assert not RoleGrant.objects.filter(user=province.chuyen_vien_khac).exists()


def test_a_leader_cannot_manage_members_or_roles(province, signed_in):
    client = signed_in(province.giam_doc)
    m = Membership.objects.get(user=province.chuyen_vien)
    assert client.get(reverse("org:membership_add", args=[province.units.tcbc.pk])).status_code == 403
    assert (
        client.post(reverse("org:membership_end", args=[m.pk]), {"ended_on": "2030-01-01"}).status_code == 403
    )
    assert (
        client.post(
            reverse("org:role_grant", args=[province.units.tcbc.pk]), {"user": m.user_id, "role": "clerk"}
        ).status_code
        == 403
    )
    grant = RoleGrant.objects.get(user=province.van_thu)
    assert client.post(reverse("org:role_revoke", args=[grant.pk])).status_code == 404
    assert (
        Membership.objects.current().filter(pk=m.pk).exists()
        and RoleGrant.objects.filter(pk=grant.pk).exists()
    )


# --- positions -----------------------------------------------------------------------------------


def test_positions_catalogue(province, signed_in):
    client = signed_in(province.quan_tri)
    body = _body(client.get(reverse("org:position_list")))
    assert "Phó Giám đốc" in body and "Cấp phó" in body
    response = client.post(
        reverse("org:position_list"), {"name": "Chánh Thanh tra", "level": "head", "sort_order": "4"}
    )
    assert response.status_code == 302
    position = Position.objects.get(name="Chánh Thanh tra")
    response = client.post(
        reverse("org:position_edit", args=[position.pk]),
        {"name": "Chánh Thanh tra tỉnh", "level": "head", "sort_order": "4"},
    )
    assert response.status_code == 302
    position.refresh_from_db()
    assert position.name == "Chánh Thanh tra tỉnh"
    duplicate = client.post(
        reverse("org:position_list"), {"name": "giám đốc", "level": "head", "sort_order": "1"}
    )
    assert duplicate.status_code == 400 and "đã có trong danh mục" in _body(duplicate)


def test_positions_catalogue_is_for_administrators(province, signed_in):
    client = signed_in(province.giam_doc)
    assert client.get(reverse("org:position_list")).status_code == 403
    assert (
        client.post(
            reverse("org:position_list"), {"name": "Vua", "level": "head", "sort_order": "0"}
        ).status_code
        == 403
    )
    assert not Position.objects.filter(name="Vua").exists()
