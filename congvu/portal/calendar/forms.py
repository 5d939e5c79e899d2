"""Forms of the calendar screen: an override of the national calendar, the deadline calculator
and the year shown. They parse; the rules are in ``congvu.portal.calendar.services``."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from congvu.core.calendar import MAX_WORKING_DAYS
from congvu.core.forms import DateInput, HorizonDateField
from congvu.core.models import CalendarOverride


class CalendarOverrideForm(forms.Form):
    date = HorizonDateField(label=_("Ngày"), widget=DateInput())
    kind = forms.ChoiceField(label=_("Loại ngày"), choices=CalendarOverride.Kind.choices)
    name = forms.CharField(
        label=_("Tên ngày"),
        max_length=200,
        error_messages={"required": _("Vui lòng nhập tên ngày (ví dụ: Nghỉ bù Tết Dương lịch).")},
        widget=forms.TextInput(attrs={"placeholder": _("Ví dụ: Nghỉ bù Tết Dương lịch")}),
    )
    source = forms.CharField(
        label=_("Căn cứ (văn bản quyết định)"),
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"placeholder": _("Ví dụ: Thông báo 9441/TB-BNV")}),
    )

    @classmethod
    def for_override(cls, override: CalendarOverride, data: Any = None) -> CalendarOverrideForm:
        initial = {
            "date": override.date,
            "kind": override.kind,
            "name": override.name,
            "source": override.source,
        }
        return cls(data, initial=initial)


class DeadlineForm(forms.Form):
    """'N ngày làm việc' from a date (R-WD-3)."""

    start = HorizonDateField(label=_("Tính từ ngày"), widget=DateInput())
    days = forms.IntegerField(label=_("Số ngày làm việc"), min_value=0, max_value=MAX_WORKING_DAYS)


class YearForm(forms.Form):
    nam = forms.IntegerField(label=_("Năm"), min_value=2000, max_value=2100)
