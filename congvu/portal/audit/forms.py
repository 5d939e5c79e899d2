"""The filters of the audit log screen, its export and its API."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from congvu.core.forms import DateInput, HorizonDateField
from congvu.portal.audit.selectors import (
    RESULT_LABELS,
    AuditFilters,
    action_codes,
    action_groups,
    is_ip_prefix,
    object_type_choices,
)


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
    date_from = HorizonDateField(label=_("Từ ngày"), required=False, widget=DateInput())
    date_to = HorizonDateField(label=_("Đến ngày"), required=False, widget=DateInput())
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

    main_fields = ("actor", "action", "date_from", "date_to")

    @property
    def action_prefixes(self) -> list[tuple[str, Any]]:
        """What the action box suggests: the modules' groups of codes, then every labelled code."""
        return [*action_groups(), *action_codes()]

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
