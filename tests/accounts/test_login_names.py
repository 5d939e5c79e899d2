"""Login names from Vietnamese full names (ORG-4; standards §5 TV-AC-*, R-AC-2; seed 002 Đ6.1)."""

from __future__ import annotations

import datetime as dt
import unicodedata

import pytest
from django.core.management import CommandError, call_command
from hypothesis import given
from hypothesis import strategies as st

from congvu.accounts import login_names
from congvu.accounts.login_names import Existing, propose
from congvu.accounts.models import User
from congvu.accounts.users import services as user_services


def registry(*people: tuple[str, str, dt.date | None]):
    """A ``taken`` callable over (username, full name, date of birth) rows."""
    rows = {u: Existing(u, name, dob) for u, name, dob in people}
    return rows.get


NOBODY = registry()

VECTORS = [
    ("TV-AC-1", "Nguyễn Văn Minh", "minhnv", "nvminh.vp"),
    ("TV-AC-2", "Trần Thị Thu Hà", "hattt", "tttha.vp"),
    ("TV-AC-3", "Đặng Đình Đức", "ducdd", "ddduc.vp"),
    ("TV-AC-4", "Lê Minh", "minhl", "lminh.vp"),
    ("TV-AC-5", "Nguyễn Thị Ánh Tuyết", "tuyetnta", "ntatuyet.vp"),
    ("TV-AC-6", "ĐỖ QUANG HUY", "huydq", "dqhuy.vp"),
    ("TV-AC-7", "  Phạm   Văn  Đạt ", "datpv", "pvdat.vp"),
    ("TV-AC-10", unicodedata.normalize("NFD", "Nguyễn Văn Minh"), "minhnv", "nvminh.vp"),
]


@pytest.mark.parametrize(
    ("vector", "full_name", "scheme_a", "scheme_b"), VECTORS, ids=[v[0] for v in VECTORS]
)
def test_it_gives_the_standard_names_in_both_schemes(vector, full_name, scheme_a, scheme_b):
    assert propose(full_name, taken=NOBODY) == scheme_a
    assert propose(full_name, taken=NOBODY, scheme="b", unit_short_name="VP") == scheme_b


def test_nfd_input_gives_the_same_name_as_nfc():
    nfd = unicodedata.normalize("NFD", "Nguyễn Văn Minh")
    assert nfd != "Nguyễn Văn Minh"
    assert login_names.base_name(nfd) == login_names.base_name("Nguyễn Văn Minh") == "minhnv"


def test_it_maps_the_look_alike_eth_to_d():
    assert propose("Ðặng Ðình Ðức", taken=NOBODY) == "ducdd"  # U+00D0, badly typed data


def test_tv_ac_13_unit_abbreviation_comes_from_the_registry(province):
    from congvu.org.units import services as unit_services

    tckh = unit_services.unit_create(
        name="Phòng Tài chính – Kế hoạch", short_name="TCKH", parent=province.units.tinh
    )
    name = login_names.propose_for_database("Nguyễn Văn Minh", scheme="b", unit_short_name=tckh.short_name)
    assert name == "nvminh.tckh"


def test_scheme_b_needs_a_unit_abbreviation():
    with pytest.raises(login_names.LoginNameError, match="tên viết tắt"):
        propose("Nguyễn Văn Minh", taken=NOBODY, scheme="b", unit_short_name="")


def test_it_refuses_a_name_without_letters():
    with pytest.raises(login_names.LoginNameError):
        propose("  – ", taken=NOBODY)


# --- R-AC-2 collisions, with the examples of seed 002 Đ6.1 -----------------------------------------


def test_different_full_names_with_the_same_base_take_the_adjacent_middle_name():
    taken = registry(("minhtht", "Trương Hoàng Tiến Minh", None))
    assert propose("Trần Huỳnh Tấn Minh", taken=taken) == "tanminhth"
    taken = registry(("minhtht", "Trần Huỳnh Tấn Minh", None))
    assert propose("Trương Hoàng Tiến Minh", taken=taken) == "tienminhth"


def test_identical_full_names_take_the_date_of_birth_written_the_nd30_way():
    taken = registry(("minhtht", "Trương Hoàng Tiến Minh", None))
    assert (
        propose("Trương Hoàng Tiến Minh", taken=taken, date_of_birth=dt.date(1973, 2, 11))
        == "minhtht11021973"
    )
    assert (
        propose("Trương Hoàng Tiến Minh", taken=taken, date_of_birth=dt.date(1963, 8, 15)) == "minhtht1581963"
    )


def test_same_adjacent_middle_name_takes_the_date_of_birth():
    taken = registry(("minhtht", "Trần Huỳnh Tấn Minh", dt.date(1963, 8, 15)))
    assert (
        propose("Trương Hoàng Tấn Minh", taken=taken, date_of_birth=dt.date(1973, 2, 11)) == "minhtht11021973"
    )
    taken = registry(("minhtht", "Trương Hoàng Tấn Minh", dt.date(1973, 2, 11)))
    assert propose("Trần Huỳnh Tấn Minh", taken=taken, date_of_birth=dt.date(1963, 8, 15)) == "minhtht1581963"


def test_two_token_names_go_straight_to_the_date():
    taken = registry(("minhl", "Lê Minh", None))
    assert propose("Lý Minh", taken=taken, date_of_birth=dt.date(1990, 12, 5)) == "minhl05121990"


def test_without_a_date_of_birth_it_proposes_the_next_free_name():
    taken = registry(
        ("minhtht", "Trương Hoàng Tiến Minh", None), ("minhtht2", "Trương Hoàng Tiến Minh", None)
    )
    assert propose("Trương Hoàng Tiến Minh", taken=taken) == "minhtht3"


def test_when_the_expanded_name_is_taken_too_it_falls_back_to_the_date():
    taken = registry(("minhtht", "Trần Huỳnh Tấn Minh", None), ("tienminhth", "Trương Hoàng Tiến Minh", None))
    assert (
        propose("Trương Hoàng Tiến Minh", taken=taken, date_of_birth=dt.date(1973, 2, 11))
        == "minhtht11021973"
    )


def test_when_the_dated_name_is_taken_it_proposes_the_next_free_name():
    taken = registry(
        ("minhnv", "Nguyễn Văn Minh", None), ("minhnv1581963", "Nguyễn Văn Minh", dt.date(1963, 8, 15))
    )
    assert propose("Nguyễn Văn Minh", taken=taken, date_of_birth=dt.date(1963, 8, 15)) == "minhnv2"


def test_scheme_b_applies_the_same_steps_before_the_unit_suffix():
    taken = registry(("thtminh.vp", "Trương Hoàng Tiến Minh", None))
    assert propose("Trần Huỳnh Tấn Minh", taken=taken, scheme="b", unit_short_name="VP") == "thtanminh.vp"
    dated = propose(
        "Trương Hoàng Tiến Minh",
        taken=taken,
        scheme="b",
        unit_short_name="VP",
        date_of_birth=dt.date(1973, 2, 11),
    )
    assert dated == "thtminh11021973.vp"
    # Another unit's suffix does not collide.
    assert propose("Trương Hoàng Tiến Minh", taken=taken, scheme="b", unit_short_name="SNV") == "thtminh.snv"


@pytest.mark.parametrize(
    ("day", "written"),
    [
        (dt.date(1973, 2, 11), "11021973"),
        (dt.date(1963, 8, 15), "1581963"),
        (dt.date(2001, 1, 3), "03012001"),
        (dt.date(1999, 12, 31), "31121999"),
    ],
)
def test_dates_follow_nghi_dinh_30(day, written):
    assert login_names.nd30_date(day) == written


@given(st.text(alphabet="aăâbcdđeêghiklmnoôơpqrstuưvxyÁÀẢÃẠĐ ", min_size=1, max_size=40))
def test_a_name_is_always_lowercase_ascii_or_refused(name):
    try:
        result = propose(name, taken=NOBODY)
    except login_names.LoginNameError:
        return
    assert result.isascii() and result == result.lower() and result.isalnum()


# --- against the database -------------------------------------------------------------------------


def test_retired_accounts_keep_their_names_so_they_are_never_reused(province):
    retired = user_services.user_create(
        full_name="Trương Hoàng Tiến Minh", unit=None, position=None, actor=None
    ).user
    assert retired.username == "minhtht"
    user_services.user_retire(user=retired, actor=province.quan_tri, reason="Nghỉ hưu")
    assert User.objects.get(pk=retired.pk).status == User.Status.RETIRED
    newcomer = user_services.user_create(
        full_name="Trương Hoàng Tiến Minh", unit=None, position=None, actor=None
    ).user
    assert newcomer.username == "minhtht2"


def test_login_is_case_insensitive_and_names_are_stored_lowercase(province):
    created = user_services.user_create(
        full_name="ĐỖ QUANG HUY", unit=None, position=None, actor=None, username="DoQuangHuy"
    ).user
    assert created.username == "doquanghuy"
    assert User.objects.get_by_natural_key("DOQUANGHUY") == created


def test_the_command_prints_the_name_it_would_give_now(province, capsys):
    call_command("login_name", "Lý Thường Kiệt")
    assert capsys.readouterr().out.strip() == "kietlt"
    # The cast's officer holds minhnv under the identical name and nobody knows the date of birth.
    call_command("login_name", "Nguyễn Văn Minh")
    assert capsys.readouterr().out.strip() == "minhnv2"


def test_the_command_uses_the_date_of_birth_and_the_unit_short_name(province, capsys):
    call_command("login_name", "Nguyễn Văn Minh", "--dob", "1973-02-11")
    assert capsys.readouterr().out.strip() == "minhnv11021973"
    call_command("login_name", "Trần Huỳnh Tấn Minh", "--unit", "tcbc", "--scheme", "b")
    assert capsys.readouterr().out.strip() == "thtminh.tcbc"


def test_the_command_refuses_an_unknown_unit_in_vietnamese(province):
    with pytest.raises(CommandError, match="Không tìm thấy đơn vị"):
        call_command("login_name", "Nguyễn Văn Minh", "--unit", "KHONGCO", "--scheme", "b")
    with pytest.raises(CommandError, match="--unit"):
        call_command("login_name", "Nguyễn Văn Minh", "--scheme", "b")
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command("login_name", "Nguyễn Văn Minh", "--dob", "11/02/1973")
