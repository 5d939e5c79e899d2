"""The forms of the reminder screens (COL-7): send, report done, cancel."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from congvu.collaboration.reminders import services
from congvu.core.forms import HorizonDateField, field_of, reason_field


class SendForm(forms.Form):
    recipients = forms.MultipleChoiceField(
        label=_("Người được nhắc"),
        widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text=_("Cấp dưới của bạn; giữ phím Ctrl (hoặc Cmd) để chọn nhiều người."),
        error_messages={"required": _("Vui lòng chọn ít nhất một người nhận.")},
    )
    content = forms.CharField(
        label=_("Nội dung nhắc việc"),
        max_length=services.MAX_CONTENT,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    due_on = HorizonDateField(label=_("Hạn thực hiện"), required=False)
    link = forms.CharField(
        label=_("Liên kết đến việc liên quan"),
        required=False,
        max_length=services.MAX_LINK,
        help_text=_("Một trang trong hệ thống, ví dụ /van-ban/den/12/ (không bắt buộc)."),
    )

    def __init__(self, *args: Any, people: list[Any], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.people_by_key = {str(p.pk): p for p in people}
        field_of(self, "recipients", forms.MultipleChoiceField).choices = [
            (str(p.pk), p.full_name or p.username) for p in people
        ]

    def chosen(self) -> list[Any]:
        return [
            self.people_by_key[k]
            for k in self.cleaned_data.get("recipients") or []
            if k in self.people_by_key
        ]


class CompleteForm(forms.Form):
    report = reason_field(_("Kết quả thực hiện"), required=True, rows=3)


class CancelForm(forms.Form):
    reason = reason_field(_("Lý do hủy"), rows=2)
