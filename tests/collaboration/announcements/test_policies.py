"""Who posts announcements and to whom, who reads them (seed 002 Đ7.4: "Lãnh đạo Sở, cấp ủy; lãnh đạo
các đoàn thể; lãnh đạo phòng, đơn vị"), by persona, with outcomes written by hand."""

from __future__ import annotations

import pytest

from congvu.collaboration.announcements import policies, services
from congvu.core.decisions import Refused
from tests.collaboration.boards.cast import build_organisations

# persona -> the capacities they post in, as the announcement is signed
CAPACITIES = {
    "giam_doc": ["Giám đốc Sở Nội vụ", "Bí thư Chi bộ Sở Nội vụ"],
    "pho_giam_doc": ["Phó Giám đốc Sở Nội vụ", "Chủ tịch Công đoàn Sở Nội vụ"],
    "truong_phong": ["Trưởng phòng Phòng Tổ chức biên chế"],  # a Chi ủy viên is no leader of the cell
    "chuyen_vien": ["Bí thư Chi đoàn Sở Nội vụ"],  # a mere Ủy viên of the trade union
    "chuyen_vien_2": [],
    "chu_tich": ["Chủ tịch UBND tỉnh Bình Sơn"],
    "chanh_vp": ["Chánh Văn phòng Văn phòng UBND tỉnh"],
    "van_thu": [],
    "chuyen_vien_khac": [],
    "quan_tri": [],  # administers, leads nothing
}


@pytest.fixture
def orgs(province):
    return build_organisations(province)


@pytest.mark.parametrize("persona", sorted(CAPACITIES))
def test_who_posts_announcements_and_in_which_capacity(province, orgs, persona):
    user = getattr(province, persona)
    assert [c.label for c in policies.capacities(user)] == CAPACITIES[persona]
    assert bool(policies.can_post(user)) is bool(CAPACITIES[persona])


def test_a_non_leader_is_told_who_may_post(province, orgs):
    assert policies.can_post(province.chuyen_vien_2).reason == policies.NOT_A_LEADER


# (persona, capacity, whole agency, unit keys) -> allowed
AUDIENCE = [
    ("truong_phong", "unit:tcbc", False, ["tcbc"], True),
    ("truong_phong", "unit:tcbc", True, [], False),  # a division head does not address the whole agency
    ("truong_phong", "unit:tcbc", False, ["ccvc"], False),  # nor another division
    ("giam_doc", "agency:snv", True, [], True),
    ("giam_doc", "agency:snv", False, ["ccvc", "tcbc"], True),
    ("giam_doc", "agency:snv", False, ["ns"], False),  # a division of Sở Tài chính
    ("giam_doc", "agency:snv", False, ["snv"], False),  # the agency itself: choose "whole agency"
    ("chuyen_vien", "organisation:youth", True, [], True),
    ("chuyen_vien", "organisation:youth", False, ["ccvc"], True),
    ("chu_tich", "agency:tinh", False, ["snv"], False),  # Sở Nội vụ is an agency of its own
]


def _key(orgs, province, key):
    kind, name = key.split(":")
    target = getattr(orgs, name) if kind == "organisation" else getattr(province.units, name)
    return f"{kind}:{target.pk}"


@pytest.mark.parametrize(("persona", "capacity", "whole", "units", "allowed"), AUDIENCE)
def test_whom_each_capacity_addresses(province, orgs, persona, capacity, whole, units, allowed):
    user = getattr(province, persona)
    held = policies.capacity(user, _key(orgs, province, capacity))
    assert held is not None
    decision = policies.can_address(
        user, held, whole_agency=whole, units=[getattr(province.units, u) for u in units]
    )
    assert bool(decision) is allowed


# persona -> (sees the unit announcement to TCBC, it is unread for them; sees the whole-agency one, unread)
READERS = {
    "truong_phong": (True, False, True, True),  # posted the first
    "chuyen_vien": (True, True, True, True),
    "chuyen_vien_2": (True, True, True, True),
    "giam_doc": (False, False, True, False),  # posted the second; not in Phòng TCBC
    "pho_giam_doc": (False, False, True, True),
    "chuyen_vien_khac": (False, False, False, False),
    "chu_tich": (False, False, False, False),
    "quan_tri": (True, False, True, False),  # reads as administrator; nothing is addressed to him
}


@pytest.mark.parametrize("persona", sorted(READERS))
def test_who_reads_what(province, orgs, persona):
    units = province.units
    to_unit = services.announcement_post(
        capacity_key=f"unit:{units.tcbc.pk}",
        title="Họp phòng chiều thứ Sáu",
        body="15h00, phòng họp tầng 2.",
        whole_agency=False,
        units=[units.tcbc],
        actor=province.truong_phong,
    )
    to_all = services.announcement_post(
        capacity_key=f"agency:{units.snv.pk}",
        title="Lịch nghỉ Tết",
        body="Nghỉ từ 14/02.",
        whole_agency=True,
        actor=province.giam_doc,
    )
    user = getattr(province, persona)
    visible = set(policies.visible_announcements(user).values_list("pk", flat=True))
    unread = set(policies.unread_for(user).values_list("pk", flat=True))
    got = (to_unit.pk in visible, to_unit.pk in unread, to_all.pk in visible, to_all.pk in unread)
    assert got == READERS[persona]


# persona -> (edits/removes, sees receipts, extends) an announcement of Phòng TCBC's head
ACTS = {
    "truong_phong": (True, True, False),
    "chuyen_vien": (False, False, False),
    "giam_doc": (False, False, False),
    "quan_tri": (False, False, True),
}


@pytest.mark.parametrize("persona", sorted(ACTS))
def test_only_the_poster_edits_and_the_administrator_extends(province, orgs, persona):
    announcement = services.announcement_post(
        capacity_key=f"unit:{province.units.tcbc.pk}",
        title="Họp phòng",
        body="Chiều thứ Sáu.",
        whole_agency=False,
        units=[province.units.tcbc],
        actor=province.truong_phong,
    )
    user = getattr(province, persona)
    got = (
        bool(policies.can_edit(user, announcement)),
        bool(policies.can_see_receipts(user, announcement)),
        bool(policies.can_extend(user, announcement)),
    )
    assert got == ACTS[persona]


def test_a_non_leader_posting_is_refused_and_nothing_saved(province, orgs):
    from congvu.collaboration.announcements.models import Announcement

    with pytest.raises(Refused) as refused:
        services.announcement_post(
            capacity_key=f"agency:{province.units.snv.pk}",
            title="Thông báo",
            body="Nội dung",
            whole_agency=True,
            actor=province.chuyen_vien_2,
        )
    assert refused.value.status == 403 and refused.value.message == policies.NOT_A_LEADER
    assert not Announcement.objects.exists()
