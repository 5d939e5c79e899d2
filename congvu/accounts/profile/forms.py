"""Forms of the profile page."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class TokenCreateForm(forms.Form):
    name = forms.CharField(
        label=_("Tên gợi nhớ của mã"),
        max_length=100,
        help_text=_("Ví dụ: “Máy tính phòng”, “Phần mềm kế toán”."),
    )
