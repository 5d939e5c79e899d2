"""Who may give work to whom, and who sees which work (TASK-1; seed 000 Điều 7; ORG-7, ORG-8)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from congvu.assignments import policies, services
from congvu.assignments.models import Assignment
from congvu.core.decisions import Refused
from congvu.org.delegations import services as delegations
from congvu.org.units import services as unit_services
from tests.assignments.workflow_cast import build_cast, fresh, give_work, lend, person
from tests.conftest import working_day

TODAY = timezone.localdate


@pytest.fixture
def world(province):
    """The cast, plus the head and an officer of Phòng Công chức viên chức (the sibling of TCBC)."""
    cast = build_cast(province)
    ccvc = province.units.ccvc
    cast.ccvc_head = person("quyhv", "Hà Văn Quý", ccvc, province.positions.truong_phong)
    cast.ccvc_officer = person("linhnt", "Ngô Thùy Linh", ccvc, province.positions.chuyen_vien)
    return cast


def who(world, name):
    province = world.province
    extra = {
        "ccvc_head": world.ccvc_head,
        "ccvc_officer": world.ccvc_officer,
        "colleague": world.colleague,
        "lead_delegate": world.lead_delegate,
        "approver_delegate": world.approver_delegate,
    }
    return fresh(extra.get(name) or getattr(province, name))


# --- scope: to whom may a person give work --------------------------------------------------------

ASSIGN_TO_PERSON = [
    # actor, target, allowed
    ("giam_doc", "giam_doc", True),  # oneself, always
    ("giam_doc", "pho_giam_doc", True),  # the deputy of one's own unit
    ("giam_doc", "truong_phong", True),  # a division head below
    ("giam_doc", "chuyen_vien", True),
    ("giam_doc", "ccvc_officer", True),
    ("giam_doc", "chu_tich", False),  # upward
    ("giam_doc", "chuyen_vien_khac", False),  # another Sở
    ("giam_doc", "chanh_vp", False),  # sideways
    ("pho_giam_doc", "truong_phong", True),  # the head of the division in charge
    ("pho_giam_doc", "chuyen_vien", True),
    ("pho_giam_doc", "giam_doc", False),  # one's own head
    ("pho_giam_doc", "ccvc_officer", False),  # a division not in charge
    ("pho_giam_doc", "ccvc_head", False),
    ("truong_phong", "chuyen_vien", True),
    ("truong_phong", "approver_delegate", True),  # one's own deputy
    ("truong_phong", "giam_doc", False),
    ("truong_phong", "pho_giam_doc", False),
    ("truong_phong", "ccvc_officer", False),  # the sibling division
    ("approver_delegate", "chuyen_vien", True),  # a deputy of the division gives to its staff
    ("approver_delegate", "truong_phong", False),  # … never to its head
    ("chuyen_vien", "chuyen_vien", True),  # self-given work (Điều 7 khoản 5)
    ("chuyen_vien", "chuyen_vien_2", False),  # staff give work only to themselves
    ("chuyen_vien", "truong_phong", False),
    ("chu_tich", "giam_doc", True),
    ("chu_tich", "pho_chu_tich", True),
    ("chu_tich", "chu_tich_huyen", True),
    ("pho_chu_tich", "giam_doc", True),  # a deputy in general charge of the province
    ("pho_chu_tich", "chu_tich", False),
    ("quan_tri", "chuyen_vien", False),  # administration is not leadership
    ("ccvc_head", "chuyen_vien", False),
]


@pytest.mark.parametrize(("actor", "target", "allowed"), ASSIGN_TO_PERSON)
def test_who_may_give_work_to_whom(world, actor, target, allowed):
    decision = policies.can_assign_to_user(who(world, actor), who(world, target))
    assert bool(decision) is allowed
    if not allowed:
        assert "thẩm quyền" in decision.reason or "tự giao việc" in decision.reason


ASSIGN_TO_UNIT = [
    ("giam_doc", "tcbc", True),
    ("giam_doc", "ccvc", True),
    ("giam_doc", "snv", False),  # one's own unit: its head is oneself
    ("giam_doc", "stc", False),
    ("pho_giam_doc", "tcbc", True),
    ("pho_giam_doc", "ccvc", False),
    ("pho_giam_doc", "snv", False),
    ("truong_phong", "tcbc", False),
    ("chu_tich", "snv", True),
    ("chu_tich", "xa", True),
    ("chu_tich", "tinh", False),
    ("chuyen_vien", "tcbc", False),
    ("quan_tri", "snv", False),
]


@pytest.mark.parametrize(("actor", "unit", "allowed"), ASSIGN_TO_UNIT)
def test_who_may_give_work_to_a_unit(world, actor, unit, allowed):
    decision = policies.can_assign_to_unit(who(world, actor), getattr(world.province.units, unit))
    assert bool(decision) is allowed
    if not allowed:
        assert "không có thẩm quyền" in decision.reason


def test_the_staff_are_told_they_give_work_only_to_themselves(world):
    decision = policies.can_assign_to_user(who(world, "chuyen_vien"), who(world, "chuyen_vien_2"))
    assert decision.reason == (
        "Ông/bà không giữ chức vụ lãnh đạo nên chỉ tự giao việc cho mình (Quy chế, Điều 7 khoản 5)."
    )


def test_a_delegate_gives_work_in_the_principals_scope_on_their_behalf(world):
    province = world.province
    lend(fresh(province.giam_doc), fresh(province.pho_giam_doc), fresh(province.chu_tich))
    deputy = fresh(province.pho_giam_doc)
    decision = policies.can_assign_to_user(deputy, who(world, "ccvc_officer"))
    assert decision and decision.on_behalf_of.pk == province.giam_doc.pk
    unit_decision = policies.can_assign_to_unit(deputy, province.units.ccvc)
    assert unit_decision and unit_decision.on_behalf_of.pk == province.giam_doc.pk
    # … and what the deputy may do in their own right needs nobody's name.
    own = policies.can_assign_to_user(deputy, who(world, "chuyen_vien"))
    assert own and own.on_behalf_of is None


def test_an_inactive_account_is_given_no_work(world):
    from congvu.accounts.models import User

    User.objects.filter(pk=world.colleague.pk).update(status=User.Status.SUSPENDED)
    decision = policies.can_assign_to_user(who(world, "truong_phong"), fresh(world.colleague))
    assert not decision and "không còn hoạt động" in decision.reason


# --- visibility -----------------------------------------------------------------------------------

SEES_TCBC_ITEM = {
    "chuyen_vien": True,  # the lead
    "truong_phong": True,  # the assigner and approver
    "chuyen_vien_2": True,  # co-assignee
    "theo_doi": True,  # follower, in another unit
    "lead_delegate": True,  # acts for the lead now
    "approver_delegate": True,  # acts for the approver (and is a deputy of the division)
    "pho_giam_doc": True,  # in charge of TCBC
    "giam_doc": True,  # head of the Sở above
    "chu_tich": True,
    "pho_chu_tich": True,  # general deputy of the province
    "colleague": False,  # same division, not on the item
    "ccvc_head": False,  # leader of the sibling division
    "ccvc_officer": False,
    "chuyen_vien_khac": False,  # another Sở
    "chanh_vp": False,  # another department's head
    "quan_tri": False,  # the administrator
    "chu_tich_huyen": False,
}


@pytest.mark.parametrize(("viewer", "sees"), list(SEES_TCBC_ITEM.items()))
def test_nobody_sees_work_outside_their_scope(world, viewer, sees):
    item = give_work(world)
    visible = policies.visible_assignments(who(world, viewer))
    assert visible.filter(pk=item.pk).exists() is sees


def test_the_lists_hold_only_what_each_person_may_see(world):
    """Every visible row, for every persona, is one they have a reason to see."""
    province = world.province
    items = [
        give_work(world),
        services.assignment_create(
            actor=fresh(province.giam_doc),
            title="Tổng hợp hồ sơ viên chức",
            lead_user=world.ccvc_officer,
            deadline=working_day(TODAY() + dt.timedelta(days=5)),
        ),
        services.assignment_create(
            actor=fresh(province.giam_doc),
            title="Kiện toàn tổ chức phòng",
            lead_unit=province.units.tcbc,
            deadline=working_day(TODAY() + dt.timedelta(days=5)),
        ),
        services.assignment_create(
            actor=fresh(province.chuyen_vien),
            title="Tự học quy chế mới",
            lead_user=province.chuyen_vien,
            deadline=working_day(TODAY() + dt.timedelta(days=5)),
        ),
    ]
    seen = {name: set(policies.visible_assignments(who(world, name)).values_list("title", flat=True)) for name in (
        "pho_giam_doc", "truong_phong", "chuyen_vien", "chuyen_vien_2", "ccvc_head", "ccvc_officer", "giam_doc", "quan_tri"
    )}  # fmt: skip
    assert len(items) == 4
    assert seen["pho_giam_doc"] == {
        "Rà soát biên chế năm 2026",
        "Kiện toàn tổ chức phòng",
        "Tự học quy chế mới",
    }
    assert seen["truong_phong"] == {
        "Rà soát biên chế năm 2026",
        "Kiện toàn tổ chức phòng",
        "Tự học quy chế mới",
    }
    assert seen["chuyen_vien"] == {"Rà soát biên chế năm 2026", "Tự học quy chế mới"}
    assert seen["chuyen_vien_2"] == {"Rà soát biên chế năm 2026"}  # co-assignee; not the unit's work
    assert seen["ccvc_head"] == {"Tổng hợp hồ sơ viên chức"}
    assert seen["ccvc_officer"] == {"Tổng hợp hồ sơ viên chức"}
    assert seen["giam_doc"] == {t for t in (i.title for i in items)}
    assert seen["quan_tri"] == set()


def test_a_delegates_sight_ends_with_the_delegation(world):
    from congvu.org.models import Delegation

    item = give_work(world)
    assert policies.visible_assignments(fresh(world.lead_delegate)).filter(pk=item.pk).exists()
    delegation = Delegation.objects.get(delegate=world.lead_delegate)
    delegations.delegation_revoke(delegation=delegation, actor=fresh(world.lead), reason="")
    assert not policies.visible_assignments(fresh(world.lead_delegate)).filter(pk=item.pk).exists()


def test_past_work_stays_in_the_old_units_subtree_after_a_move(world):
    province = world.province
    old = give_work(world)
    unit_services.person_move(
        user=province.chuyen_vien,
        to_unit=province.units.ccvc,
        position=province.positions.chuyen_vien,
        actor=province.quan_tri,
    )
    moved = fresh(province.chuyen_vien)
    new = services.assignment_create(
        actor=fresh(world.ccvc_head),
        title="Việc ở phòng mới",
        lead_user=moved,
        deadline=working_day(TODAY() + dt.timedelta(days=3)),
    )
    assert Assignment.objects.get(pk=old.pk).unit == province.units.tcbc
    assert new.unit == province.units.ccvc
    head_tcbc = policies.visible_assignments(fresh(province.truong_phong))
    head_ccvc = policies.visible_assignments(fresh(world.ccvc_head))
    assert head_tcbc.filter(pk=old.pk).exists() and not head_tcbc.filter(pk=new.pk).exists()
    assert head_ccvc.filter(pk=new.pk).exists() and not head_ccvc.filter(pk=old.pk).exists()
    assert set(policies.visible_assignments(moved).values_list("pk", flat=True)) == {old.pk, new.pk}


def test_access_says_not_found_alike_for_missing_and_invisible(world):
    item = give_work(world)
    outsider = who(world, "chuyen_vien_khac")
    with pytest.raises(Refused) as invisible:
        policies.access_assignment(outsider, item.pk)
    with pytest.raises(Refused) as missing:
        policies.access_assignment(outsider, item.pk + 1000)
    assert invisible.value.message == missing.value.message == "Không tìm thấy công việc."
    assert invisible.value.kind == missing.value.kind == Refused.Kind.NOT_FOUND
    assert policies.access_assignment(who(world, "theo_doi"), item.pk).pk == item.pk


def test_the_head_of_a_lead_unit_leads_its_work_and_the_staff_do_not(world):
    province = world.province
    item = services.assignment_create(
        actor=fresh(province.giam_doc),
        title="Kiện toàn tổ chức phòng",
        lead_unit=province.units.tcbc,
        deadline=working_day(TODAY() + dt.timedelta(days=5)),
    )
    assert policies.is_lead(fresh(province.truong_phong), item)
    assert policies.is_lead(fresh(world.approver_delegate), item).on_behalf_of.pk == province.truong_phong.pk
    assert not policies.is_lead(fresh(province.chuyen_vien), item)
    assert not policies.is_lead(fresh(province.giam_doc), item)
