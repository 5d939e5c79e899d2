"""The menu's "Sổ văn bản" and "Thống kê văn bản" entries, and the administration page's card, are
shown to those they serve: the agency's clerks and leaders read registers and statistics; the
clerk or administrator keeps registers and review chains."""

from __future__ import annotations

import pytest

from congvu.core import registry


def _entries(user) -> set[str]:
    return {e.key for e in registry.nav_entries() if e.visible(user)}


def _admin(user) -> set[str]:
    return {e.key for e in registry.admin_entries() if e.visible(user)}


@pytest.mark.parametrize(
    "persona,registers,statistics,admin",
    [
        ("van_thu", True, True, True),
        ("snv_clerk", True, True, True),
        ("chu_tich", True, True, False),
        ("giam_doc", True, True, False),
        ("quan_tri", True, False, True),
        ("chuyen_vien", False, False, False),
        ("truong_phong", False, False, False),
    ],
)
def test_menu_entries_follow_the_policies(cast, persona, registers, statistics, admin):
    user = getattr(cast, persona)
    entries = _entries(user)
    assert ("documents.registers" in entries) is registers
    assert ("documents.statistics" in entries) is statistics
    assert ("documents.registers" in _admin(user)) is admin


def test_the_menu_links_to_the_register_screens(cast, signed_in):
    body = signed_in(cast.van_thu).get("/van-ban/so/").content.decode()
    assert 'href="/van-ban/so/"' in body and 'href="/van-ban/thong-ke/"' in body
    assert "Thống kê văn bản" in body
