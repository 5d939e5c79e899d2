"""Agency codes (mã định danh): standards §1.2, R-ID-1..3, test vectors TV-ID-1..5."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from congvu.core.decisions import Refused
from congvu.org.models import Unit, agency_code_level, agency_code_parent, validate_agency_code
from congvu.org.units import services as svc

VALID = [
    # TV-ID-1 .. TV-ID-4: code, level, parent
    ("000.00.00.H29", 1, None),
    ("000.00.13.H53", 2, "000.00.00.H53"),
    ("000.01.01.H53", 3, "000.00.01.H53"),
    ("000.12.31.H53", 3, "000.00.31.H53"),
]
INVALID = ["H37.DN.001", "000.00.00.h29", "000.0.00.H29", "000.00.00.H2"]  # TV-ID-5


@pytest.mark.parametrize(("code", "level", "parent"), VALID)
def test_valid_codes_pass_validation(code, level, parent):
    validate_agency_code(code)  # does not raise


@pytest.mark.parametrize(("code", "level", "parent"), VALID)
def test_level_is_read_right_to_left(code, level, parent):
    assert agency_code_level(code) == level


@pytest.mark.parametrize(("code", "level", "parent"), VALID)
def test_parent_zeroes_the_leftmost_non_zero_group(code, level, parent):
    assert agency_code_parent(code) == parent


def test_level_four_code_climbs_to_the_root_one_group_at_a_time():
    chain = ["001.02.03.H53"]
    while (parent := agency_code_parent(chain[-1])) is not None:
        chain.append(parent)
    assert chain == ["001.02.03.H53", "000.02.03.H53", "000.00.03.H53", "000.00.00.H53"]
    assert [agency_code_level(c) for c in chain] == [4, 3, 2, 1]


def test_root_of_a_level_one_code_is_its_last_group():
    assert "000.00.00.H29".split(".")[-1] == "H29"
    assert agency_code_parent("000.00.00.H29") is None


@pytest.mark.parametrize("code", INVALID)
def test_invalid_codes_are_refused_by_the_validator(code):
    with pytest.raises(ValidationError) as exc:
        validate_agency_code(code)
    assert "không đúng cấu trúc" in str(exc.value)


@pytest.mark.parametrize("code", INVALID)
def test_level_and_parent_refuse_invalid_codes(code):
    with pytest.raises(ValueError):
        agency_code_level(code)
    with pytest.raises(ValueError):
        agency_code_parent(code)


@pytest.mark.parametrize("code", INVALID)
def test_unit_create_refuses_an_invalid_code_with_a_vietnamese_message(db, code):
    with pytest.raises(Refused) as exc:
        svc.unit_create(name="UBND tỉnh Thử", short_name="UBND", parent=None, agency_code=code)
    assert exc.value.field == "agency_code"
    assert f"Mã định danh “{code}” không đúng cấu trúc NNN.NN.NN.XNN" in exc.value.message
    assert not Unit.objects.exists()


def test_codes_are_unique(province):
    with pytest.raises(Refused) as exc:
        svc.unit_create(
            name="Sở Nội vụ (trùng)",
            short_name="SNV2",
            parent=province.units.tinh,
            agency_code="000.00.02.H99",
        )
    assert exc.value.field == "agency_code"
    assert "000.00.02.H99 đã được dùng cho đơn vị “Sở Nội vụ”" in exc.value.message
    assert not Unit.objects.filter(short_name="SNV2").exists()


def test_editing_a_unit_to_take_anothers_code_is_refused(province):
    with pytest.raises(Refused):
        svc.unit_update(unit=province.units.stc, actor=None, agency_code="000.00.02.H99")
    province.units.stc.refresh_from_db()
    assert province.units.stc.agency_code == "000.00.03.H99"


def test_a_unit_keeps_its_own_code_when_edited(province):
    unit = svc.unit_update(
        unit=province.units.stc, actor=None, agency_code="000.00.03.H99", name="Sở Tài chính tỉnh"
    )
    assert unit.agency_code == "000.00.03.H99"
    assert unit.name == "Sở Tài chính tỉnh"


def test_code_is_stored_as_typed_and_blank_means_none(db):
    unit = svc.unit_create(
        name="UBND tỉnh Thử", short_name="UBND", parent=None, agency_code="  000.00.00.H29 "
    )
    assert unit.agency_code == "000.00.00.H29"
    other = svc.unit_create(name="Phòng không mã", short_name="P", parent=unit, agency_code="")
    assert other.agency_code is None
