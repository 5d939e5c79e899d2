"""Forms of the report and plan screens (TASK-5, TASK-6, TASK-7). They read and shape input; the
rules live in the selectors (reports, usage) and in the plan services, whose refusals come back
onto the form."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from congvu.assignments.reports import selectors as reports
from congvu.core.decisions import Refused
from congvu.core.forms import DATE_FORMATS, DateInput, HorizonDateField, field_of
from congvu.org.forms import unit_label


def year_choices(around: int | None = None) -> list[tuple[int, str]]:
    this_year = timezone.localdate().year
    years = set(range(this_year - 5, this_year + 2))
    if around:
        years.add(around)
    return [(y, str(y)) for y in sorted(years, reverse=True)]


def period_choices() -> list[tuple[Any, Any]]:
    return [
        ("year", _("Cả năm")),
        (_("Quý"), [(f"q{q}", _("Quý %(q)s") % {"q": reports.QUARTER_NAMES[q]}) for q in range(1, 5)]),
        (_("Tháng"), [(f"m{m}", _("Tháng %(m)s") % {"m": m}) for m in range(1, 13)]),
        ("custom", _("Tùy chọn: từ ngày – đến ngày")),
    ]


class PeriodFormMixin(forms.Form):
    """Fields ``nam`` (year), ``ky`` (year, quarter, month or custom), ``tu``/``den`` (custom dates)."""

    def _period_fields(self) -> None:
        year = self.data.get("nam") if self.is_bound else None
        around = int(year) if year and str(year).isdigit() else None
        self.fields["nam"] = forms.TypedChoiceField(
            label=_("Năm"), coerce=int, choices=year_choices(around), required=False
        )
        self.fields["ky"] = forms.ChoiceField(label=_("Kỳ báo cáo"), choices=period_choices(), required=False)
        self.fields["tu"] = HorizonDateField(
            label=_("Từ ngày"), required=False, widget=DateInput(), input_formats=DATE_FORMATS
        )
        self.fields["den"] = HorizonDateField(
            label=_("Đến ngày"), required=False, widget=DateInput(), input_formats=DATE_FORMATS
        )
        self.fields["tu"].help_text = _("Chỉ dùng khi chọn kỳ “Tùy chọn”.")

    def period(self) -> reports.Period:
        """The period asked for (after ``is_valid``); the current year when nothing was asked."""
        data = self.cleaned_data
        kind = data.get("ky") or ("custom" if data.get("tu") and data.get("den") else "year")
        return reports.period_for(
            kind, year=data.get("nam") or None, start=data.get("tu"), end=data.get("den")
        )

    def period_or_error(self) -> reports.Period | None:
        try:
            return self.period()
        except Refused as refused:
            field = {"start": "tu", "end": "den", "year": "nam", "period": "ky"}.get(
                refused.field or "", None
            )
            self.add_error(field, refused.message)
            return None


class EvaluationFilterForm(PeriodFormMixin):
    """The evaluation report's filters: the period, the grouping and the unit (its subtree)."""

    def __init__(self, data: Any = None, *, units: list[Any], leader: bool) -> None:
        super().__init__(data)
        self._period_fields()
        if leader:
            self.fields["theo"] = forms.ChoiceField(
                label=_("Thống kê"), choices=list(reports.GROUPS.items()), required=False
            )
            base = min((u.depth for u in units), default=0)
            self.fields["don_vi"] = forms.TypedChoiceField(
                label=_("Đơn vị"),
                coerce=int,
                required=False,
                choices=[("", _("Toàn bộ phạm vi phụ trách"))] + [(u.pk, unit_label(u, base)) for u in units],
            )


class UsageFilterForm(PeriodFormMixin):
    def __init__(self, data: Any = None, *, units: list[Any]) -> None:
        super().__init__(data)
        self._period_fields()
        base = min((u.depth for u in units), default=0)
        self.fields["don_vi"] = forms.TypedChoiceField(
            label=_("Đơn vị"),
            coerce=int,
            required=False,
            choices=[("", _("Toàn bộ phạm vi"))] + [(u.pk, unit_label(u, base)) for u in units],
        )


# --- the work plan -------------------------------------------------------------------------------


class PlanCreateForm(forms.Form):
    unit = forms.TypedChoiceField(label=_("Đơn vị"), coerce=int)
    year = forms.TypedChoiceField(label=_("Năm"), coerce=int)
    title = forms.CharField(
        label=_("Tên kế hoạch"),
        max_length=300,
        required=False,
        help_text=_("Để trống: “Kế hoạch công tác năm … của …”."),
    )

    def __init__(self, data: Any = None, *, units: list[Any], year: int) -> None:
        super().__init__(data, initial={"year": year})
        field_of(self, "unit", forms.ChoiceField).choices = [(u.pk, u.name) for u in units]
        field_of(self, "year", forms.ChoiceField).choices = year_choices(year)


class PlanItemForm(forms.Form):
    title = forms.CharField(
        label=_("Nội dung công việc"), max_length=500, widget=forms.Textarea(attrs={"rows": 2})
    )
    owner_unit = forms.TypedChoiceField(label=_("Đơn vị chủ trì"), coerce=int)
    quarter = forms.TypedChoiceField(
        label=_("Quý"), coerce=int, choices=[(1, "I"), (2, "II"), (3, "III"), (4, "IV")]
    )
    note = forms.CharField(label=_("Ghi chú"), max_length=300, required=False)

    def __init__(
        self, data: Any = None, *, units: list[Any], quarter: int | None = None, prefix: str | None = None
    ):
        super().__init__(data, initial={"quarter": quarter or _current_quarter()}, prefix=prefix)
        base = min((u.depth for u in units), default=0)
        field_of(self, "owner_unit", forms.ChoiceField).choices = [(u.pk, unit_label(u, base)) for u in units]
        field_of(self, "quarter", forms.ChoiceField).choices = [
            (q, _("Quý %(q)s") % {"q": reports.QUARTER_NAMES[q]}) for q in range(1, 5)
        ]


def _current_quarter(today: dt.date | None = None) -> int:
    today = today or timezone.localdate()
    return (today.month - 1) // 3 + 1
