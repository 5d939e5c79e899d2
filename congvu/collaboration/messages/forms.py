"""The forms of the message screens (COL-2): compose, folder name, filters of a box."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from congvu.collaboration.messages import services
from congvu.core.forms import MultipleFileField, field_of
from congvu.org.models import Unit


class ComposeForm(forms.Form):
    people = forms.MultipleChoiceField(
        label=_("Gửi đến người"),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text=_("Giữ phím Ctrl (hoặc Cmd) để chọn nhiều người."),
    )
    units = forms.MultipleChoiceField(
        label=_("Gửi đến đơn vị"),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
        help_text=_("Thư đến mọi người đang công tác ở đơn vị vào lúc gửi."),
    )
    subject = forms.CharField(label=_("Tiêu đề"), max_length=services.MAX_SUBJECT)
    body = forms.CharField(
        label=_("Nội dung"),
        required=False,
        max_length=services.MAX_BODY,
        widget=forms.Textarea(attrs={"rows": 10}),
    )
    files = MultipleFileField(  # type: ignore[assignment]  # a field, not form.files
        label=_("Tệp đính kèm"),
        help_text=_("Tối đa %(n)s tệp, tổng %(mb)s MB.")
        % {"n": services.MAX_ATTACHMENTS, "mb": services.MAX_ATTACHMENT_BYTES // (1024 * 1024)},
    )

    def __init__(self, *args: Any, people: list[Any], units: list[Unit], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.people_by_key = {str(p.pk): p for p in people}
        self.units_by_key = {str(u.pk): u for u in units}
        field_of(self, "people", forms.MultipleChoiceField).choices = [
            (str(p.pk), p.full_name or p.username) for p in people
        ]
        field_of(self, "units", forms.MultipleChoiceField).choices = [
            (str(u.pk), ("— " * max(0, u.depth - units[0].depth)) + u.name) for u in units
        ]

    def draft(self) -> services.Draft:
        data = self.cleaned_data
        return services.Draft(
            subject=data.get("subject") or "",
            body=data.get("body") or "",
            people=[self.people_by_key[k] for k in data.get("people") or [] if k in self.people_by_key],
            units=[self.units_by_key[k] for k in data.get("units") or [] if k in self.units_by_key],
        )


class FolderForm(forms.Form):
    name = forms.CharField(label=_("Tên thư mục"), max_length=services.MAX_FOLDER_NAME)
