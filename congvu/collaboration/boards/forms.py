"""The board forms: a post (title, body, attachments), removing with a reason, an organisation and
a committee seat."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from congvu.collaboration.boards.models import BODY_MAX, NAME_MAX, TITLE_MAX, CommitteeMember, Organisation
from congvu.core.forms import DateField, MultipleFileField, reason_field


class PostForm(forms.Form):
    title = forms.CharField(label=_("Tiêu đề"), max_length=TITLE_MAX)
    body = forms.CharField(label=_("Nội dung"), max_length=BODY_MAX, widget=forms.Textarea(attrs={"rows": 8}))
    files = MultipleFileField(  # type: ignore[assignment]  # a field, not form.files
        label=_("Tệp đính kèm"), help_text=_("Tối đa 5 tệp, mỗi tệp không quá 25 MB.")
    )


class RemoveForm(forms.Form):
    reason = reason_field(_("Lý do gỡ bài"), help_text=_("Bắt buộc khi gỡ bài của người khác."))


class OrganisationForm(forms.Form):
    kind = forms.ChoiceField(label=_("Loại tổ chức"), choices=Organisation.Kind.choices)
    name = forms.CharField(label=_("Tên tổ chức"), max_length=NAME_MAX)


class SeatForm(forms.Form):
    user = forms.ModelChoiceField(label=_("Người"), queryset=get_user_model().objects.none())
    role = forms.ChoiceField(label=_("Chức danh"), choices=CommitteeMember.Role.choices)
    started_on = DateField(label=_("Từ ngày"))
    ended_on = DateField(label=_("Đến ngày"), required=False)

    def __init__(self, *args: Any, people: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = people  # type: ignore[attr-defined]


class EndSeatForm(forms.Form):
    ended_on = DateField(label=_("Ngày kết thúc nhiệm kỳ"))
