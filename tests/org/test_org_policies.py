"""The organisation's predicates against the cast (ORG-2; seed 000 Đ7): who leads, heads, clerks
and administers which units."""

from __future__ import annotations

import pytest

from congvu.org import policies
from congvu.org.models import RoleGrant
from congvu.org.units import policies as unit_policies

UNITS = ("tinh", "vp", "hctc", "snv", "tcbc", "ccvc", "stc", "ns", "huyen", "xa")

# persona → the units they lead (head of a unit leads its subtree; a deputy leads what they are in
# charge of, or the whole unit when nothing is specified).
LEADS = {
    "chu_tich": set(UNITS),
    "pho_chu_tich": set(UNITS),  # in charge of nothing specific: the whole province
    "chanh_vp": {"vp", "hctc"},
    "giam_doc": {"snv", "tcbc", "ccvc"},
    "pho_giam_doc": {"tcbc"},  # in charge of TCBC only (seed 000 Đ7.3)
    "truong_phong": {"tcbc"},
    "chuyen_vien": set(),
    "van_thu": set(),
    "quan_tri": set(),  # administration is not leadership
    "chu_tich_huyen": {"huyen", "xa"},
}
HEADS = {
    "chu_tich": {"tinh"},
    "pho_chu_tich": set(),
    "giam_doc": {"snv"},
    "pho_giam_doc": set(),
    "truong_phong": {"tcbc"},
    "chuyen_vien": set(),
    "chu_tich_huyen": {"huyen"},
}
CLERKS = {"van_thu": set(UNITS), "chuyen_vien": set(), "giam_doc": set(), "quan_tri": set()}
ADMINISTRATORS = {"quan_tri": set(UNITS), "chu_tich": set(), "giam_doc": set(), "van_thu": set()}


def _answers(province, predicate, persona):
    """{unit: allowed} for one persona over every unit of the cast."""
    user = getattr(province, persona)
    return {unit: bool(predicate(user, getattr(province.units, unit))) for unit in UNITS}


def _expected(table, persona):
    return {unit: unit in table[persona] for unit in UNITS}


@pytest.mark.parametrize("persona", sorted(LEADS))
def test_is_leader_of(province, persona):
    assert _answers(province, policies.is_leader_of, persona) == _expected(LEADS, persona)


@pytest.mark.parametrize("persona", sorted(LEADS))
def test_led_units(province, persona):
    got = set(policies.led_units(getattr(province, persona)).values_list("pk", flat=True))
    assert got == {getattr(province.units, u).pk for u in LEADS[persona]}


@pytest.mark.parametrize("persona", sorted(HEADS))
def test_is_head_of(province, persona):
    assert _answers(province, policies.is_head_of, persona) == _expected(HEADS, persona)


@pytest.mark.parametrize("persona", sorted(CLERKS))
def test_is_clerk_of(province, persona):
    assert _answers(province, policies.is_clerk_of, persona) == _expected(CLERKS, persona)


@pytest.mark.parametrize("persona", sorted(ADMINISTRATORS))
def test_is_administrator(province, persona):
    assert _answers(province, policies.is_administrator, persona) == _expected(ADMINISTRATORS, persona)


def test_refusals_carry_a_vietnamese_reason(province):
    decision = policies.is_leader_of(province.chuyen_vien, province.units.ccvc)
    assert not decision and "Phòng Công chức viên chức" in decision.reason
    assert "văn thư" in policies.is_clerk_of(province.chuyen_vien, province.units.snv).reason
    assert "quản trị" in policies.is_administrator(province.giam_doc, province.units.snv).reason


def test_a_clerk_granted_on_a_department_covers_only_its_subtree(province):
    from congvu.org.units import services as svc

    svc.role_grant(
        user=province.chuyen_vien_khac, role=RoleGrant.Role.CLERK, unit=province.units.stc, actor=None
    )
    assert policies.is_clerk_of(province.chuyen_vien_khac, province.units.ns)
    assert not policies.is_clerk_of(province.chuyen_vien_khac, province.units.snv)


# --- the screens' own policy: who sees the tree, who manages a unit ------------------------------

VIEWERS = {
    "quan_tri": set(UNITS),
    "chu_tich": set(UNITS),
    "giam_doc": {"snv", "tcbc", "ccvc"},
    "pho_giam_doc": {"tcbc"},
    "truong_phong": {"tcbc"},
    "chuyen_vien": set(),
    "van_thu": set(),
}


@pytest.mark.parametrize("persona", sorted(VIEWERS))
def test_can_view_unit(province, persona):
    assert _answers(province, unit_policies.can_view_unit, persona) == _expected(VIEWERS, persona)


@pytest.mark.parametrize("persona", sorted(ADMINISTRATORS))
def test_can_manage_unit_is_administration(province, persona):
    assert _answers(province, unit_policies.can_manage_unit, persona) == _expected(ADMINISTRATORS, persona)


def test_viewable_paths_are_minimal(province):
    assert unit_policies.viewable_paths(province.quan_tri) == [province.units.tinh.path]
    assert unit_policies.viewable_paths(province.giam_doc) == [province.units.snv.path]
    assert unit_policies.viewable_paths(province.chuyen_vien) == []
