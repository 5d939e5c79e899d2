"""Forms of account administration."""

from __future__ import annotations

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from congvu.core.forms import DateField, field_of, reason_field
from congvu.org.forms import UnitChoiceField


class UserFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Tìm kiếm"),
        required=False,
        max_length=100,
        widget=forms.TextInput(
            attrs={"type": "search", "placeholder": _("Họ tên, tên đăng nhập, thư điện tử")}
        ),
    )
    unit = UnitChoiceField(
        label=_("Đơn vị (gồm cấp dưới)"), required=False, queryset=None, empty_label=_("Tất cả")
    )
    status = forms.ChoiceField(label=_("Trạng thái"), required=False)

    def __init__(self, *args, units: QuerySet, **kwargs):
        super().__init__(*args, **kwargs)
        from congvu.accounts.models import User

        field_of(self, "unit", forms.ModelChoiceField).queryset = units
        field_of(self, "status", forms.ChoiceField).choices = [("", _("Tất cả")), *User.Status.choices]


class UserDetailsForm(forms.Form):
    full_name = forms.CharField(label=_("Họ và tên"), max_length=200)
    date_of_birth = DateField(
        label=_("Ngày sinh"),
        required=False,
        help_text=_("Dùng để đặt tên đăng nhập khi trùng họ tên."),
    )
    email = forms.EmailField(label=_("Thư điện tử công vụ"), required=False)
    phone = forms.CharField(label=_("Điện thoại"), required=False, max_length=30)


class UserCreateForm(UserDetailsForm):
    unit = UnitChoiceField(label=_("Đơn vị"), queryset=None, empty_label=_("— Chọn đơn vị —"))
    position: forms.ModelChoiceField = forms.ModelChoiceField(
        label=_("Chức vụ"), queryset=None, empty_label=_("— Chọn chức vụ —")
    )
    username = forms.CharField(
        label=_("Tên đăng nhập"),
        required=False,
        max_length=150,
        help_text=_(
            "Để trống: hệ thống tự đặt theo quy ước (ví dụ Nguyễn Văn Minh → minhnv). Nhập tay cho tài khoản đơn vị."
        ),
    )

    field_order = ["full_name", "date_of_birth", "unit", "position", "email", "phone", "username"]

    def __init__(self, *args, units: QuerySet, **kwargs):
        super().__init__(*args, **kwargs)
        from congvu.org.models import Position

        field_of(self, "unit", forms.ModelChoiceField).queryset = units
        field_of(self, "position", forms.ModelChoiceField).queryset = Position.objects.all()

    def clean_username(self):
        value = self.cleaned_data["username"].strip().lower()
        if value and not all(c.isascii() and (c.isalnum() or c in "._-") for c in value):
            raise forms.ValidationError(_("Tên đăng nhập chỉ gồm chữ không dấu, chữ số và các dấu . _ -"))
        return value


class ReasonForm(forms.Form):
    reason = reason_field(required=True, max_length=300, help_text=_("Ghi vào nhật ký hệ thống."))
