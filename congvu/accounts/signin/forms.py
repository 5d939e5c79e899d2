"""Forms of signing in: the password, its change, the second factor."""

from __future__ import annotations

from django import forms
from django.contrib.auth import authenticate, password_validation
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

    def __init__(self, user, *args, request=None, **kwargs):
        self.user = user
        self.request = request
        super().__init__(*args, **kwargs)
        self.fields["new_password1"].help_text = password_validation.password_validators_help_texts()[0]

    def clean_old_password(self):
        """The current password is checked as a sign-in is (TV-SEC-1): a wrong one counts towards the
        account's lockout, and a locked account's password is not checked at all."""
        old = self.cleaned_data["old_password"]
        if self.request is None:
            matches = self.user.check_password(old)
        else:
            matches = authenticate(self.request, username=self.user.username, password=old) is not None
        if not matches:
            self.wrong_current_password = True
            raise forms.ValidationError(_("Mật khẩu hiện tại không đúng."))
        return old

    wrong_current_password = False

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
