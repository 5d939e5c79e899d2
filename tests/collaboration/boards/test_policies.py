"""Who posts, edits and removes on the boards, by persona, with the outcomes written from seed 002
Đ7.3 (Công cộng: everyone of the agency), Đ7.6 (Chi bộ: the Chi ủy), Đ7.7 (Công đoàn: its Ban Chấp
hành), Đ7.8 (Chi đoàn: its Ban Chấp hành) — a former committee member no more; only the author edits;
the author or the agency's administrator removes."""

from __future__ import annotations

import pytest

from congvu.collaboration.boards import policies, services
from tests.collaboration.boards.cast import build_organisations

# persona -> (public board of Sở Nội vụ, Chi bộ, Công đoàn, Chi đoàn)
POST = {
    "giam_doc": (True, True, False, False),  # Bí thư Chi bộ
    "pho_giam_doc": (True, False, True, False),  # Chủ tịch Công đoàn
    "truong_phong": (True, True, False, False),  # Chi ủy viên
    "chuyen_vien": (True, False, True, True),  # Ủy viên Công đoàn, Bí thư Chi đoàn
    "chuyen_vien_2": (True, False, False, False),  # her Chi ủy term ended 30/06/2026
    "chuyen_vien_khac": (False, False, False, False),  # Sở Tài chính
    "chu_tich": (False, False, False, False),  # UBND tỉnh, another agency
    "quan_tri": (False, False, False, False),  # administers, does not work there
}


@pytest.fixture
def orgs(province):
    return build_organisations(province)


@pytest.mark.parametrize("persona", sorted(POST))
def test_who_posts_on_which_board(province, orgs, persona):
    user = getattr(province, persona)
    boards = (None, orgs.party, orgs.union, orgs.youth)
    got = tuple(bool(policies.can_post(user, orgs.snv, board)) for board in boards)
    assert got == POST[persona]


def test_a_former_committee_member_is_told_the_term_ended(province, orgs):
    decision = policies.can_post(province.chuyen_vien_2, orgs.snv, orgs.party)
    assert not decision and "Nhiệm kỳ" in decision.reason and "đã kết thúc" in decision.reason


def test_a_non_member_is_told_only_the_committee_posts(province, orgs):
    decision = policies.can_post(province.chuyen_vien, orgs.snv, orgs.party)
    assert decision.reason == "Chỉ thành viên Chi ủy mới đăng bài lên bảng tin của Chi bộ Sở Nội vụ."
    assert policies.can_post(province.chu_tich, orgs.snv, None).reason == policies.NOT_IN_AGENCY


# persona -> (edits, removes) a post Nguyễn Văn Minh put on the public board
EDIT_REMOVE = {
    "chuyen_vien": (True, True),  # the author
    "chuyen_vien_2": (False, False),
    "giam_doc": (False, False),  # the director is not the board's administrator
    "quan_tri": (False, True),  # the administrator removes (with a reason), never edits
}


@pytest.mark.parametrize("persona", sorted(EDIT_REMOVE))
def test_only_the_author_edits_and_the_administrator_also_removes(province, orgs, persona):
    post = services.board_post_create(
        agency=orgs.snv,
        organisation=None,
        title="Mượn phòng họp",
        body="Chiều thứ Sáu.",
        actor=province.chuyen_vien,
    )
    user = getattr(province, persona)
    assert (bool(policies.can_edit(user, post)), bool(policies.can_remove(user, post))) == EDIT_REMOVE[
        persona
    ]


# persona -> reads the boards of Sở Nội vụ
READS = {
    "giam_doc": True,
    "chuyen_vien": True,
    "quan_tri": True,  # administrator of the province, above Sở Nội vụ
    "chuyen_vien_khac": False,
    "chu_tich": False,
    "chanh_vp": False,
}


@pytest.mark.parametrize("persona", sorted(READS))
def test_who_reads_the_boards_of_the_agency(province, orgs, persona):
    user = getattr(province, persona)
    assert (orgs.snv.pk in policies.readable_agency_ids(user)) is READS[persona]
    assert policies.visible_organisations(user).filter(pk=orgs.party.pk).exists() is READS[persona]
