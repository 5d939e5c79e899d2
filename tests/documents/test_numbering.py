"""Numbers and notations (standards §2.2–2.3): the decree's own examples, written by hand."""

import datetime as dt

import pytest
from django.db import transaction

from congvu.core.decisions import Refused
from congvu.documents import numbering
from congvu.documents.models import RegisterYear
from tests.conftest import travel_to
from tests.documents.cast import build_documents_cast


@pytest.mark.parametrize(
    ("number", "abbreviation", "issuer", "unit", "expected"),
    [
        (5, "QĐ", "UBND", "", "05/QĐ-UBND"),  # TV-NO-1
        (520, "QĐ", "UBND", "", "520/QĐ-UBND"),  # TV-NO-2
        (12, "", "UBND", "VX", "12/UBND-VX"),  # TV-NO-3: a công văn has no type abbreviation
        (15, "QĐ", "BNV", "", "15/QĐ-BNV"),  # TV-NO-4
        (3, "QyĐ", "UBND", "", "03/QyĐ-UBND"),  # R-DT-2: mixed case kept
        (9, "TTr", "SNV", "", "09/TTr-SNV"),
        (10, "KH", "UBND", "", "10/KH-UBND"),
    ],
)
def test_it_formats_number_and_notation_as_the_decree(number, abbreviation, issuer, unit, expected):
    assert (
        numbering.format_so_ky_hieu(number, type_abbreviation=abbreviation, issuer=issuer, unit=unit)
        == expected
    )


@pytest.mark.parametrize("abbreviation", ["CV", "cv"])
def test_it_refuses_cv_which_is_not_an_abbreviation(abbreviation):  # TV-NO-6
    with pytest.raises(Refused) as refused:
        numbering.format_so_ky_hieu(7, type_abbreviation=abbreviation, issuer="UBND")
    assert "Phụ lục III" in refused.value.message


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (dt.date(2026, 2, 1), "Hà Nội, ngày 01 tháng 02 năm 2026"),  # TV-NO-7
        (dt.date(2026, 7, 5), "Hà Nội, ngày 05 tháng 7 năm 2026"),
        (dt.date(2026, 12, 25), "Hà Nội, ngày 25 tháng 12 năm 2026"),
    ],
)
def test_it_writes_the_date_line(day, expected):
    assert numbering.format_place_date("Hà Nội", day) == expected


def test_numbers_run_on_without_gap_and_restart_on_new_year(province):  # TV-NUM-1, TV-NUM-4
    cast = build_documents_cast(province)
    register = cast.registers.tinh_out
    RegisterYear.objects.create(register=register, year=2025, last_number=1234)
    with travel_to(dt.date(2026, 1, 2)), transaction.atomic():
        assert numbering.next_number(register, 2026) == 1
        assert numbering.take_number(register, 2026) == 1
        assert numbering.take_number(register, 2026) == 2
    assert RegisterYear.objects.get(register=register, year=2025).last_number == 1234
    with transaction.atomic():
        assert numbering.take_number(register, 2027) == 1


def test_a_typed_number_must_be_the_next_of_the_series(province):
    cast = build_documents_cast(province)
    register = cast.registers.tinh_in
    with transaction.atomic():
        numbering.take_number(register, 2026)
    for wrong in (1, 3, 100):
        with pytest.raises(Refused) as refused, transaction.atomic():
            numbering.take_number(register, 2026, typed=wrong, field="arrival_number")
        assert refused.value.field == "arrival_number"
        assert "số tiếp theo là 2" in refused.value.message
    with transaction.atomic():
        assert numbering.take_number(register, 2026, typed=2) == 2


def test_a_number_taken_in_a_failed_transaction_is_given_back(province):
    cast = build_documents_cast(province)
    register = cast.registers.tinh_out
    with pytest.raises(RuntimeError), transaction.atomic():
        numbering.take_number(register, 2026)
        raise RuntimeError("the issue failed after the number was taken")
    with transaction.atomic():
        assert numbering.take_number(register, 2026) == 1


def test_registers_of_different_agencies_are_separate_series(province):
    cast = build_documents_cast(province)
    with transaction.atomic():
        assert numbering.take_number(cast.registers.tinh_out, 2026) == 1
        assert numbering.take_number(cast.registers.tinh_out, 2026) == 2
        assert numbering.take_number(cast.registers.snv_out, 2026) == 1
