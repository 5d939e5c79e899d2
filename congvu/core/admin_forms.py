"""Forms of core's administration screens: audit log filters, calendar overrides, the deadline
calculator. They parse; the rules are in ``congvu.core.services``."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from congvu.core.admin_selectors import (
    ACTION_PREFIXES,
    RESULT_LABELS,
    AuditFilters,
    is_ip_prefix,
    object_type_choices,
)
from congvu.core.models import CalendarOverride


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class AuditFilterForm(forms.Form):
    actor = forms.CharField(
        label=_("Người thực hiện"),
        required=False,
        max_length=150,
        widget=forms.TextInput(attrs={"placeholder": _("Họ tên hoặc tên đăng nhập")}),
    )
    action = forms.CharField(
        label=_("Mã hành động"),
        required=False,
        max_length=100,
        widget=forms.TextInput(
            attrs={"list": "audit-action-prefixes", "placeholder": _("Bắt đầu bằng, ví dụ accounts.")}
        ),
    )
    object_type = forms.ChoiceField(label=_("Loại đối tượng"), required=False)
    object_id = forms.CharField(label=_("Mã đối tượng"), required=False, max_length=64)
    date_from = forms.DateField(label=_("Từ ngày"), required=False, widget=DateInput())
    date_to = forms.DateField(label=_("Đến ngày"), required=False, widget=DateInput())
    ip = forms.CharField(
        label=_("Địa chỉ IP"),
        required=False,
        max_length=45,
        widget=forms.TextInput(attrs={"placeholder": _("Đủ địa chỉ, hoặc phần đầu: 10.0.")}),
    )
    result = forms.ChoiceField(
        label=_("Kết quả"), required=False, choices=[("", _("Tất cả")), *RESULT_LABELS.items()]
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        object_type = self.fields["object_type"]
        assert isinstance(object_type, forms.ChoiceField)
        object_type.choices = [("", _("Tất cả")), *object_type_choices()]

    action_prefixes = ACTION_PREFIXES
    main_fields = ("actor", "action", "date_from", "date_to")
    more_fields = ("object_type", "object_id", "ip", "result")

    def main(self) -> list[forms.BoundField]:
        return [self[name] for name in self.main_fields]

    def more(self) -> list[forms.BoundField]:
        return [self[name] for name in self.more_fields]

    def more_in_use(self) -> bool:
        """Open the secondary filters when one of them is set or wrong."""
        return any(self.data.get(name) for name in self.more_fields) or any(
            n in self.errors for n in self.more_fields
        )

    def clean_ip(self) -> str:
        value = self.cleaned_data["ip"].strip()
        if value and not is_ip_prefix(value):
            raise forms.ValidationError(
                _("Địa chỉ IP chỉ gồm chữ số, dấu chấm (IPv4) hoặc dấu hai chấm (IPv6).")
            )
        return value

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", _("“Đến ngày” phải sau hoặc bằng “Từ ngày”."))
        return data

    def filters(self) -> AuditFilters:
        """The filters of a valid form; call after ``is_valid()``."""
        data = self.cleaned_data
        return AuditFilters(
            actor=data.get("actor", ""),
            action=data.get("action", ""),
            object_type=data.get("object_type", ""),
            object_id=data.get("object_id", ""),
            date_from=data.get("date_from"),
            date_to=data.get("date_to"),
            ip=data.get("ip", ""),
            result=data.get("result", ""),
        )


class CalendarOverrideForm(forms.Form):
    date = forms.DateField(label=_("Ngày"), widget=DateInput())
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

    start = forms.DateField(label=_("Tính từ ngày"), widget=DateInput())
    days = forms.IntegerField(label=_("Số ngày làm việc"), min_value=0, max_value=3650)


class YearForm(forms.Form):
    nam = forms.IntegerField(label=_("Năm"), min_value=2000, max_value=2100)
