"""The signing screens' forms: the signer's confirmation, and the PDF a person checks."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class SignForm(forms.Form):
    """ "Ký số": the signer confirms they read the document they sign."""

    confirm = forms.BooleanField(
        label=_("Tôi đã đọc văn bản và đồng ý ký số"),
        error_messages={"required": _("Xác nhận đã đọc văn bản trước khi ký.")},
    )


class CheckForm(forms.Form):
    """A PDF to check; it is read, checked and forgotten (nothing is kept)."""

    file = forms.FileField(
        label=_("Tệp PDF cần kiểm tra"),
        error_messages={"required": _("Chọn một tệp PDF để kiểm tra chữ ký số.")},
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,.pdf"}),
    )
