"""The reporting period of DIR-6: typed as a month (``2027-03``), a quarter (``2027-Q1``), a half year
(``2027-H1``), a year (``2027``), or any range (start and end, within the date horizon, start <= end,
at most five years). Every bad input is refused in Vietnamese on its field."""

from __future__ import annotations

import calendar as pycalendar
import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from congvu.core import calendar
from congvu.core.decisions import Refused
from congvu.core.forms import DATE_FORMATS, DateInput, HorizonDateField

ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}
MAX_RANGE_DAYS = 5 * 366  # at most five years
MAX_PERIOD_TEXT = 20
BAD_PERIOD = (
    "Kỳ báo cáo không hợp lệ: nhập tháng (2027-03), quý (2027-Q1), 6 tháng (2027-H1) hoặc năm (2027)."
)


@dataclass(frozen=True)
class Period:
    kind: str  # month, quarter, half, year, range (PeriodSnapshot.Kind)
    start: dt.date
    end: dt.date
    code: str  # "2027-Q1"; "" for a range

    @property
    def label(self) -> str:
        s = self.start
        if self.kind == "month":
            return f"Tháng {s.month}/{s.year}"
        if self.kind == "quarter":
            return f"Quý {ROMAN[(s.month - 1) // 3 + 1]}/{s.year}"
        if self.kind == "half":
            return f"6 tháng {'đầu' if s.month == 1 else 'cuối'} năm {s.year}"
        if self.kind == "year":
            return f"Năm {s.year}"
        return f"Từ {self.start:%d/%m/%Y} đến {self.end:%d/%m/%Y}"

    @property
    def span(self) -> str:
        return f"từ {self.start:%d/%m/%Y} đến {self.end:%d/%m/%Y}"

    def query(self) -> dict[str, str]:
        """The GET parameters that ask for this period again."""
        if self.code:
            return {"ky": self.code}
        return {"tu": self.start.isoformat(), "den": self.end.isoformat()}


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, pycalendar.monthrange(year, month)[1])


def _checked(kind: str, start: dt.date, end: dt.date, code: str, *, field: str) -> Period:
    calendar.check_in_horizon(start, field=field)
    calendar.check_in_horizon(end, field=field)
    return Period(kind, start, end, code)


def parse_period(text: str, *, field: str = "period") -> Period:
    """``2027-03``, ``2027-Q1``, ``2027-H2``, ``2027`` → the period; anything else is refused."""
    value = (text or "").strip().upper()
    if not value or len(value) > MAX_PERIOD_TEXT:
        raise Refused.invalid(BAD_PERIOD, field=field)
    if m := re.fullmatch(r"(\d{4})-(\d{2})", value):
        year, month = int(m[1]), int(m[2])
        if not 1 <= month <= 12:
            raise Refused.invalid(BAD_PERIOD, field=field)
        return _checked("month", dt.date(year, month, 1), _month_end(year, month), value, field=field)
    if m := re.fullmatch(r"(\d{4})-Q([1-4])", value):
        year, q = int(m[1]), int(m[2])
        return _checked("quarter", dt.date(year, 3 * q - 2, 1), _month_end(year, 3 * q), value, field=field)
    if m := re.fullmatch(r"(\d{4})-H([12])", value):
        year, h = int(m[1]), int(m[2])
        return _checked("half", dt.date(year, 6 * h - 5, 1), _month_end(year, 6 * h), value, field=field)
    if m := re.fullmatch(r"(\d{4})", value):
        year = int(m[1])
        return _checked("year", dt.date(year, 1, 1), dt.date(year, 12, 31), value, field=field)
    raise Refused.invalid(BAD_PERIOD, field=field)


def range_period(start: dt.date | None, end: dt.date | None) -> Period:
    """Any range: both days, within the horizon, start <= end, at most five years."""
    if start is None or end is None:
        raise Refused.invalid(
            "Vui lòng nhập cả ngày bắt đầu và ngày kết thúc.", field="start" if start is None else "end"
        )
    calendar.check_in_horizon(start, field="start")
    calendar.check_in_horizon(end, field="end")
    if start > end:
        raise Refused.invalid("Ngày bắt đầu phải trước hoặc bằng ngày kết thúc.", field="end")
    if (end - start).days > MAX_RANGE_DAYS:
        raise Refused.invalid("Khoảng thời gian dài nhất 5 năm.", field="end")
    for kind, code in _named(start, end):
        return Period(kind, start, end, code)
    return Period("range", start, end, "")


def _named(start: dt.date, end: dt.date) -> list[tuple[str, str]]:
    """A range that is exactly a month, quarter, half or year is that period."""
    if start.day != 1 or end != _month_end(end.year, end.month) or start.year != end.year:
        return []
    months = end.month - start.month + 1
    y = start.year
    if months == 1:
        return [("month", f"{y}-{start.month:02d}")]
    if months == 3 and start.month % 3 == 1:
        return [("quarter", f"{y}-Q{(start.month - 1) // 3 + 1}")]
    if months == 6 and start.month in (1, 7):
        return [("half", f"{y}-H{1 if start.month == 1 else 2}")]
    if months == 12:
        return [("year", str(y))]
    return []


def current_quarter(today: dt.date | None = None) -> Period:
    today = today or timezone.localdate()
    return parse_period(f"{today.year}-Q{(today.month - 1) // 3 + 1}")


def period_choices(today: dt.date | None = None) -> list[tuple[Any, Any]]:
    """Named periods of this year and the two before (a range is typed in the date fields)."""
    today = today or timezone.localdate()
    choices: list[tuple[Any, Any]] = []
    for year in range(today.year, today.year - 3, -1):
        group = [(str(year), f"Năm {year}")]
        group += [(f"{year}-H{h}", parse_period(f"{year}-H{h}").label) for h in (1, 2)]
        group += [(f"{year}-Q{q}", parse_period(f"{year}-Q{q}").label) for q in range(1, 5)]
        group += [(f"{year}-{m:02d}", f"Tháng {m}/{year}") for m in range(1, 13)]
        choices.append((str(year), group))
    return choices


class PeriodForm(forms.Form):
    """The period picker: a named period (``ky``) or a range (``tu``/``den``), and the agency."""

    ky = forms.CharField(label=_("Kỳ báo cáo"), required=False, max_length=MAX_PERIOD_TEXT)
    tu = HorizonDateField(label=_("Từ ngày"), required=False, widget=DateInput(), input_formats=DATE_FORMATS)
    den = HorizonDateField(
        label=_("Đến ngày"), required=False, widget=DateInput(), input_formats=DATE_FORMATS
    )

    def __init__(self, data: Any = None, *, agencies: list[Any] | None = None) -> None:
        super().__init__(data)
        # A CharField shown as a list: a named period of an older year still parses.
        self.fields["ky"].widget = forms.Select(
            choices=[("", _("— Khoảng thời gian tùy chọn —")), *period_choices()]
        )
        self.fields["tu"].help_text = _("Chỉ dùng khi không chọn kỳ.")
        if agencies and len(agencies) > 1:
            self.fields["co_quan"] = forms.TypedChoiceField(
                label=_("Cơ quan ban hành"),
                coerce=int,
                required=False,
                choices=[(a.pk, a.name) for a in agencies],
            )

    def period(self) -> Period | None:
        """The period asked for (after ``is_valid``), the current quarter when none; errors go on
        the form and answer None."""
        data = self.cleaned_data
        try:
            if data.get("ky"):
                return parse_period(data["ky"], field="ky")
            if data.get("tu") or data.get("den"):
                return range_period(data.get("tu"), data.get("den"))
            return current_quarter()
        except Refused as refused:
            field = {"start": "tu", "end": "den", "ky": "ky", "period": "ky"}.get(refused.field or "")
            self.add_error(field, refused.message)
            return None
