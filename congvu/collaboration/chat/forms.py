"""The chat forms: a message (text and one file), a new group, people to add (MISSION COL-8)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from congvu.collaboration.chat.models import MAX_BODY, MAX_TITLE
from congvu.org.forms import account_label


class MessageForm(forms.Form):
    body = forms.CharField(
        label=_("Tin nhắn"),
        required=False,
        max_length=MAX_BODY,
        widget=forms.Textarea(attrs={"rows": 2, "placeholder": _("Nhập tin nhắn…"), "autocomplete": "off"}),
        error_messages={"max_length": _("Tin nhắn dài quá %(limit_value)d ký tự (hiện có %(show_value)d).")},
    )
    file = forms.FileField(label=_("Tệp đính kèm"), required=False)


class PeopleField(forms.ModelMultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def label_from_instance(self, obj: Any) -> str:
        return account_label(obj)


def _people_field(candidates: list[Any], label: Any) -> PeopleField:
    from congvu.accounts.models import User

    field = PeopleField(
        label=label,
        queryset=User.objects.filter(pk__in=[c.pk for c in candidates], status=User.Status.ACTIVE),
        error_messages={
            "required": _("Hãy tìm và chọn ít nhất một người."),
            "invalid_choice": _("Tài khoản không hợp lệ."),
            "invalid_pk_value": _("Tài khoản không hợp lệ."),
        },
    )
    # The people just found, in the order found, with their posts.
    field.choices = [(c.pk, account_label(c)) for c in candidates]
    return field


class GroupForm(forms.Form):
    title = forms.CharField(label=_("Tên nhóm"), max_length=MAX_TITLE)
    members = forms.Field(required=False)  # replaced in __init__
    units = forms.MultipleChoiceField(
        label=_("Cả đơn vị"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Mọi người đang công tác ở đơn vị được chọn vào nhóm (Quy chế, Điều 11: cá nhân, đơn vị)."
        ),
        error_messages={"invalid_choice": _("Chỉ chọn được đơn vị mình đang công tác.")},
    )

    def __init__(self, *args: Any, candidates: list[Any], units: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = _people_field(candidates, _("Thành viên"))
        field.required = False  # the people of a chosen unit count too; the service checks someone is chosen
        self.fields["members"] = field
        units_field = self.fields["units"]
        assert isinstance(units_field, forms.MultipleChoiceField)
        units_field.choices = [(str(u.pk), u.name) for u in units]
        if not units:
            del self.fields["units"]


class AddMembersForm(forms.Form):
    members = forms.Field(required=False)

    def __init__(self, *args: Any, candidates: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["members"] = _people_field(candidates, _("Thêm người vào nhóm"))
