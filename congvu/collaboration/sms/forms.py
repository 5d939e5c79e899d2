"""The SMS form (COL-9): recipients among the people the sender may reach, the text, an optional link
on this site, and whether to send it without diacritics."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from congvu.collaboration.sms.gateways import local_phone, normalise_phone
from congvu.collaboration.sms.models import MAX_LINK, MAX_TEXT
from congvu.core.decisions import Refused
from congvu.org.tree import person_sort_key


class RecipientField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        try:
            phone = local_phone(normalise_phone(obj.phone))
        except Refused:
            phone = obj.phone  # shown as typed; sending to it is refused with the reason
        return f"{obj.full_name} · {phone}"


class SmsForm(forms.Form):
    recipients = RecipientField(
        queryset=None,
        label=_("Người nhận"),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Vui lòng chọn người nhận.")},
    )
    text = forms.CharField(
        label=_("Nội dung"),
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 4, "data-sms-counter": "1"}),
        error_messages={"required": _("Vui lòng nhập nội dung tin nhắn.")},
    )
    link = forms.CharField(
        label=_("Đường dẫn trong hệ thống (không bắt buộc)"),
        max_length=MAX_LINK,
        required=False,
        help_text=_("Ví dụ /cong-viec/12/ — được gửi kèm thành địa chỉ đầy đủ ở cuối tin."),
    )
    unaccented = forms.BooleanField(
        label=_("Gửi không dấu"),
        required=False,
        initial=True,
        help_text=_(
            "Nhiều cổng SMS chỉ gửi được chữ không dấu; tin không dấu chứa 160 ký tự mỗi phần, tin có dấu 70."
        ),
    )

    def __init__(self, *args: Any, recipients: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["recipients"]
        assert isinstance(field, RecipientField)
        field.queryset = recipients  # what the choice is checked against
        # shown in Vietnamese order of names (by given name), as every list of people in the product
        field.choices = [
            (p.pk, field.label_from_instance(p)) for p in sorted(recipients, key=person_sort_key)
        ]
        self.max_parts = settings.SMS_MAX_PARTS
        self.max_recipients = settings.SMS_MAX_RECIPIENTS
