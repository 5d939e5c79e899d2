"""``acts_for`` makes a delegation visible to every policy, only inside its window (ORG-8):
ending or expiring it takes back exactly what it gave."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from congvu.org import policies, tree
from congvu.org.delegations import services as services
from tests.org.delegation_helpers import DAY, HOUR, approved, fresh, request


@pytest.fixture
def lent(province):
    """The head of TCBC lends his authority to an officer for [tomorrow, tomorrow + 2 days)."""
    return approved(province.truong_phong, province.chuyen_vien, province.giam_doc)


def _leads_tcbc(province):
    return policies.is_leader_of(fresh(province.chuyen_vien), province.units.tcbc)


def test_inside_the_window_the_delegate_leads_on_the_principals_behalf(province, lent, clock):
    clock.move_to(lent.starts_at + HOUR)
    decision = _leads_tcbc(province)
    assert decision and decision.on_behalf_of == province.truong_phong
    assert policies.acts_for(fresh(province.chuyen_vien), province.truong_phong)
    assert tree.principals(fresh(province.chuyen_vien)) == [province.truong_phong]


def test_the_window_starts_at_its_first_instant_and_ends_before_its_last(province, lent, clock):
    clock.move_to(lent.starts_at)
    assert _leads_tcbc(province)
    clock.move_to(lent.ends_at)
    assert not _leads_tcbc(province)


def test_before_the_start_nothing_is_lent(province, lent):
    assert timezone.now() < lent.starts_at
    decision = _leads_tcbc(province)
    assert not decision and decision.on_behalf_of is None
    assert "Chỉ lãnh đạo của Phòng Tổ chức biên chế" in decision.reason
    assert not policies.acts_for(fresh(province.chuyen_vien), province.truong_phong)


def test_after_the_end_nothing_is_lent(province, lent, clock):
    clock.move_to(lent.ends_at + DAY)
    assert not _leads_tcbc(province)
    assert lent.display_status == "Hết hạn"


def test_after_a_revocation_nothing_is_lent(province, clock):
    lent = approved(
        province.truong_phong, province.chuyen_vien, province.giam_doc, starts_at=timezone.now() - HOUR
    )
    assert _leads_tcbc(province)
    services.delegation_revoke(delegation=lent, actor=province.truong_phong)
    assert not _leads_tcbc(province)
    clock.move_to(lent.ends_at - HOUR)  # still inside the original window
    assert not _leads_tcbc(province)


def test_a_request_still_waiting_lends_nothing(province, clock):
    waiting = request(province.truong_phong, province.chuyen_vien)
    clock.move_to(waiting.starts_at + HOUR)
    assert not _leads_tcbc(province)


@pytest.mark.parametrize("ended_by", ["reject", "cancel"])
def test_a_rejected_or_cancelled_request_lends_nothing(province, clock, ended_by):
    waiting = request(province.truong_phong, province.chuyen_vien)
    if ended_by == "reject":
        services.delegation_reject(delegation=waiting, actor=province.giam_doc, reason="Không cần")
    else:
        services.delegation_cancel(delegation=waiting, actor=province.truong_phong)
    clock.move_to(waiting.starts_at + HOUR)
    assert not _leads_tcbc(province)


def test_the_delegate_keeps_their_own_rights_and_loses_only_the_lent_ones(province, clock):
    # The director lends his authority to the head of TCBC.
    lent = approved(province.giam_doc, province.truong_phong, province.chu_tich)
    clock.move_to(lent.starts_at + HOUR)
    head = fresh(province.truong_phong)
    own = policies.is_leader_of(head, province.units.tcbc)
    borrowed = policies.is_leader_of(head, province.units.snv)
    assert own and own.on_behalf_of is None
    assert borrowed and borrowed.on_behalf_of == province.giam_doc
    assert set(policies.led_units(head)) >= {province.units.snv, province.units.ccvc}

    clock.move_to(lent.ends_at + HOUR)
    head = fresh(province.truong_phong)
    assert policies.is_leader_of(head, province.units.tcbc)
    assert not policies.is_leader_of(head, province.units.snv)
    assert set(policies.led_units(head)) == {province.units.tcbc}


def test_two_principals_give_both_and_ending_one_keeps_the_other(province):
    start = timezone.now() - HOUR
    from_head = approved(province.truong_phong, province.chuyen_vien, province.giam_doc, starts_at=start)
    from_director = approved(province.giam_doc, province.chuyen_vien, province.chu_tich, starts_at=start)

    officer = fresh(province.chuyen_vien)
    division = policies.is_head_of(officer, province.units.tcbc)
    department = policies.is_head_of(officer, province.units.snv)
    assert division.on_behalf_of == province.truong_phong
    assert department.on_behalf_of == province.giam_doc

    services.delegation_revoke(delegation=from_director, actor=province.giam_doc)
    officer = fresh(province.chuyen_vien)
    assert not policies.is_head_of(officer, province.units.snv)
    still = policies.is_head_of(officer, province.units.tcbc)
    assert still and still.on_behalf_of == province.truong_phong
    assert from_head.pk != from_director.pk


def test_a_delegation_is_not_passed_on(province):
    start = timezone.now() - HOUR
    approved(province.giam_doc, province.truong_phong, province.chu_tich, starts_at=start)
    approved(province.truong_phong, province.chuyen_vien, province.giam_doc, starts_at=start)
    officer = fresh(province.chuyen_vien)
    assert policies.is_head_of(officer, province.units.tcbc)
    assert not policies.is_head_of(
        officer, province.units.snv
    )  # the director's authority stops at his delegate
    assert not policies.acts_for(officer, province.giam_doc)


def test_a_clerks_role_is_lent_but_administration_never_is(province):
    start = timezone.now() - HOUR
    approved(province.van_thu, province.theo_doi, province.chanh_vp, starts_at=start)
    approved(province.quan_tri, province.theo_doi, province.chanh_vp, starts_at=start)
    monitor = fresh(province.theo_doi)
    clerk = policies.is_clerk_of(monitor, province.units.tinh)
    assert clerk and clerk.on_behalf_of == province.van_thu
    assert not policies.is_administrator(monitor, province.units.tinh)


def test_the_banner_shows_whom_one_acts_for_inside_the_window_only(province, signed_in, clock):
    lent = approved(province.truong_phong, province.chuyen_vien, province.giam_doc)
    client = signed_in(province.chuyen_vien)
    banner = "Bạn đang được ủy quyền xử lý thay: Bùi Thanh Sơn"
    assert banner not in client.get(reverse("home")).content.decode()
    clock.move_to(lent.starts_at + HOUR)
    client = signed_in(province.chuyen_vien)  # a fresh session at the moved clock
    assert banner in client.get(reverse("home")).content.decode()
    services.delegation_revoke(delegation=lent, actor=province.truong_phong)
    assert banner not in client.get(reverse("home")).content.decode()
