"""Numbers and notations of documents (Nghị định 30/2020 Điều 15, 22; Phụ lục I §3; standards §2.2–2.3).

- ``format_so_ky_hieu``: "05/QĐ-UBND", "12/UBND-VX" for a công văn (no "CV", R-DT-1), numbers below
  10 with a leading 0, the notation's letters exactly as the catalogue spells them (R-DT-2).
- ``format_place_date``: "Hà Nội, ngày 01 tháng 02 năm 2026" (TV-NO-7).
- ``take_number``: the next number of a register in a year, under a row lock, so numbers never
  repeat nor skip however many clerks issue at once (R-NUM-1, R-NUM-4, R-NUM-5, TV-NUM-5); a
  number a clerk typed must be that next number, or it is refused (it would break the series).
"""

from __future__ import annotations

import datetime as dt

from django.db import IntegrityError, transaction

from congvu.core.decisions import Refused
from congvu.documents.models import Register, RegisterYear

# Phụ lục III: "Công văn" and "Thư công" have no abbreviation; "CV" is not a legal one.
NOT_AN_ABBREVIATION = frozenset({"CV"})


def format_number(number: int) -> str:
    """The number as printed: below 10 with a leading 0 (Phụ lục I §3)."""
    if number < 1:
        raise ValueError("a document number starts at 1")
    return f"{number:02d}"


def notation(*, type_abbreviation: str, issuer: str, unit: str = "") -> str:
    """The ký hiệu: "QĐ-UBND" for a typed document; "UBND-VX" for a công văn (no type abbreviation:
    the issuer, then the drafting unit or field). Groups joined by "-", no spaces; the letters kept
    exactly (QyĐ, TTr: R-DT-2). An unknown abbreviation such as "CV" is refused (TV-NO-6)."""
    type_abbreviation = (type_abbreviation or "").strip()
    issuer = "".join((issuer or "").split())
    unit = "".join((unit or "").split())
    if type_abbreviation.upper() in NOT_AN_ABBREVIATION:
        raise Refused.invalid(
            f"“{type_abbreviation}” không phải chữ viết tắt tên loại văn bản theo Phụ lục III Nghị định 30/2020 "
            "(công văn không có chữ viết tắt).",
            field="document_type",
        )
    if not issuer:
        raise Refused.invalid("Cơ quan ban hành chưa có tên viết tắt.", field="document_type")
    if type_abbreviation:
        return f"{type_abbreviation}-{issuer}"
    return f"{issuer}-{unit}" if unit else issuer


def format_so_ky_hieu(number: int, *, type_abbreviation: str, issuer: str, unit: str = "") -> str:
    """TV-NO-1..6: (5, QĐ, UBND) → "05/QĐ-UBND"; (12, công văn, UBND, VX) → "12/UBND-VX"."""
    return (
        f"{format_number(number)}/{notation(type_abbreviation=type_abbreviation, issuer=issuer, unit=unit)}"
    )


def format_place_date(place: str, day: dt.date) -> str:
    """ "Hà Nội, ngày 01 tháng 02 năm 2026": days below 10 and months 1 and 2 with a leading 0."""
    month = f"{day.month:02d}" if day.month <= 2 else str(day.month)
    return f"{place}, ngày {day.day:02d} tháng {month} năm {day.year}"


def next_number(register: Register, year: int) -> int:
    """The number the register gives next in ``year`` (a preview: ``take_number`` decides)."""
    last = (
        RegisterYear.objects.filter(register=register, year=year)
        .values_list("last_number", flat=True)
        .first()
    )
    return (last or 0) + 1


def take_number(register: Register, year: int, *, typed: int | None = None, field: str = "number") -> int:
    """Take the register's next number in ``year``, inside the caller's transaction: the year's row
    is locked until it commits, so a concurrent clerk waits and gets the following number, and a
    transaction that fails gives its number back. ``typed``, a number the clerk entered, must be
    exactly that next number (R-NUM-1: no gap, no repeat)."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("take_number() must run inside transaction.atomic()")
    if not RegisterYear.objects.filter(register=register, year=year).exists():
        try:
            with transaction.atomic():
                RegisterYear.objects.create(register=register, year=year, last_number=0)
        except IntegrityError:  # another clerk created the year's row first: use theirs
            pass
    row = RegisterYear.objects.select_for_update().get(register=register, year=year)
    number = row.last_number + 1
    if typed is not None and typed != number:
        raise Refused.invalid(
            f"Số {typed} làm đứt hoặc trùng dãy số của sổ “{register.name}” năm {year}: số tiếp theo là {number}.",
            field=field,
        )
    row.last_number = number
    row.save(update_fields=["last_number"])
    return number
