"""Forms of the feedback screens (ADM-5). The rules live in the service; a form only reads input."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from congvu.collaboration.feedback import services
from congvu.collaboration.feedback.models import FeedbackReport
from congvu.core.forms import reason_field


class ReportForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Bạn muốn báo"), choices=FeedbackReport.Kind.choices, widget=forms.RadioSelect
    )
    description = forms.CharField(
        label=_("Mô tả"),
        max_length=services.MAX_DESCRIPTION,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Bạn đang làm gì, điều gì xảy ra, điều bạn mong đợi."),
    )
    page_path = forms.CharField(
        label=_("Trang đang xem"), max_length=services.MAX_PAGE_PATH, required=False, widget=forms.HiddenInput
    )
    upload = forms.FileField(
        label=_("Tệp đính kèm (không bắt buộc)"),
        required=False,
        allow_empty_file=False,
        help_text=_("PDF, Word, Excel, văn bản… Ảnh chụp màn hình: dán vào một tệp Word hoặc PDF."),
    )


class TransitionForm(forms.Form):
    reason = reason_field(_("Ghi chú gửi người báo"), rows=2)


class AssignForm(forms.Form):
    assignee = forms.TypedChoiceField(label=_("Người xử lý"), coerce=int)

    def __init__(self, *args: Any, candidates: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.candidates = {p.pk: p for p in candidates}
        field = self.fields["assignee"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [("", _("— Chọn người —"))] + [(p.pk, p.full_name) for p in candidates]

    def clean_assignee(self) -> Any:
        person = self.candidates.get(self.cleaned_data["assignee"])
        if person is None:
            raise forms.ValidationError(_("Vui lòng chọn người trong danh sách."))
        return person


class ReplyForm(forms.Form):
    body = forms.CharField(
        label=_("Trả lời"), max_length=services.MAX_REPLY, widget=forms.Textarea(attrs={"rows": 3})
    )


class FilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Trạng thái"),
        required=False,
        choices=[("", _("Tất cả"))] + list(FeedbackReport.Status.choices),
    )
    kind = forms.ChoiceField(
        label=_("Loại"), required=False, choices=[("", _("Tất cả"))] + list(FeedbackReport.Kind.choices)
    )
