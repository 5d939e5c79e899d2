from __future__ import annotations

from django import forms
from django.contrib.auth import password_validation
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _


class SignInForm(forms.Form):
    username = forms.CharField(
        label=_("Tên đăng nhập"),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "username", "autofocus": True}),
    )
    password = forms.CharField(
        label=_("Mật khẩu"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def clean_username(self):
        # Names are stored lower-case; django-axes counts failures per name as given here.
        return self.cleaned_data["username"].strip().lower()


class PasswordChangeForm(forms.Form):
    old_password = forms.CharField(
        label=_("Mật khẩu hiện tại"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    new_password1 = forms.CharField(
        label=_("Mật khẩu mới"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    new_password2 = forms.CharField(
        label=_("Nhập lại mật khẩu mới"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, user, *args, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)
        self.fields["new_password1"].help_text = password_validation.password_validators_help_texts()[0]

    def clean_old_password(self):
        old = self.cleaned_data["old_password"]
        if not self.user.check_password(old):
            raise forms.ValidationError(_("Mật khẩu hiện tại không đúng."))
        return old

    def clean(self):
        data = super().clean()
        new1, new2 = data.get("new_password1"), data.get("new_password2")
        if new1 and new2 and new1 != new2:
            self.add_error("new_password2", _("Hai lần nhập mật khẩu mới không khớp."))
        if new1 and data.get("old_password") and new1 == data["old_password"]:
            self.add_error("new_password1", _("Mật khẩu mới phải khác mật khẩu hiện tại."))
        if new1 and not self.errors:
            try:
                password_validation.validate_password(new1, self.user)
            except forms.ValidationError as exc:
                self.add_error("new_password1", exc)
        return data


class OtpTokenForm(forms.Form):
    token = forms.CharField(
        label=_("Mã xác thực"),
        max_length=16,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
    )


# --- the profile -------------------------------------------------------------------------------------


class TokenCreateForm(forms.Form):
    name = forms.CharField(
        label=_("Tên gợi nhớ của mã"),
        max_length=100,
        help_text=_("Ví dụ: “Máy tính phòng”, “Phần mềm kế toán”."),
    )


# --- account administration -----------------------------------------------------------------------------


class UnitChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return ("— " * obj.depth) + obj.name


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

        self.fields["unit"].queryset = units
        self.fields["status"].choices = [("", _("Tất cả")), *User.Status.choices]


_DATE = {
    "widget": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    "input_formats": ["%Y-%m-%d", "%d/%m/%Y"],
}


class UserDetailsForm(forms.Form):
    full_name = forms.CharField(label=_("Họ và tên"), max_length=200)
    date_of_birth = forms.DateField(
        label=_("Ngày sinh"),
        required=False,
        help_text=_("Dùng để đặt tên đăng nhập khi trùng họ tên."),
        **_DATE,
    )
    email = forms.EmailField(label=_("Thư điện tử công vụ"), required=False)
    phone = forms.CharField(label=_("Điện thoại"), required=False, max_length=30)


class UserCreateForm(UserDetailsForm):
    unit = UnitChoiceField(label=_("Đơn vị"), queryset=None, empty_label=_("— Chọn đơn vị —"))
    position = forms.ModelChoiceField(label=_("Chức vụ"), queryset=None, empty_label=_("— Chọn chức vụ —"))
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

        self.fields["unit"].queryset = units
        self.fields["position"].queryset = Position.objects.all()

    def clean_username(self):
        value = self.cleaned_data["username"].strip().lower()
        if value and not all(c.isascii() and (c.isalnum() or c in "._-") for c in value):
            raise forms.ValidationError(_("Tên đăng nhập chỉ gồm chữ không dấu, chữ số và các dấu . _ -"))
        return value


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Lý do"),
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Ghi vào nhật ký hệ thống."),
    )
