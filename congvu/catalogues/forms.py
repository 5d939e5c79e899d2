"""One typed form per catalogue. Forms parse input; the rules live in the services, so the API
checks exactly the same things."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _


class CatalogueForm(forms.Form):
    """Filled from an entry for editing; fields named in ``locked_for_legal_default`` are shown
    read-only on the legal defaults (Nghị định 30/2020)."""

    locked_for_legal_default: tuple[str, ...] = ()

    def __init__(self, *args: Any, entry: Any = None, **kwargs: Any) -> None:
        if entry is not None and "initial" not in kwargs:
            kwargs["initial"] = {name: getattr(entry, name) for name in self.base_fields}
        super().__init__(*args, **kwargs)
        self.entry = entry
        if entry is not None and getattr(entry, "is_legal_default", False):
            for name in self.locked_for_legal_default:
                self.fields[name].disabled = True
                self.fields[name].help_text = _("Theo Nghị định 30/2020, không sửa được.")


class DocumentTypeForm(CatalogueForm):
    locked_for_legal_default = ("name", "abbreviation")

    name = forms.CharField(label=_("Tên loại văn bản"), max_length=100)
    abbreviation = forms.CharField(
        label=_("Chữ viết tắt"),
        max_length=10,
        required=False,
        strip=False,
        help_text=_(
            "Theo Phụ lục III Nghị định 30/2020, giữ nguyên chữ hoa, chữ thường (QyĐ, TTr). Công văn không có."
        ),
    )
    sort_order = forms.IntegerField(label=_("Thứ tự"), min_value=0, initial=0, required=False)


class FieldForm(CatalogueForm):
    name = forms.CharField(label=_("Tên lĩnh vực"), max_length=150)
    code = forms.CharField(label=_("Mã"), max_length=20, required=False)
    sort_order = forms.IntegerField(label=_("Thứ tự"), min_value=0, initial=0, required=False)


class UrgencyLevelForm(CatalogueForm):
    locked_for_legal_default = ("name", "edxml_priority")

    name = forms.CharField(label=_("Tên độ khẩn"), max_length=50)
    edxml_priority = forms.IntegerField(
        label=_("Mã edXML (Priority)"),
        min_value=0,
        max_value=4,
        help_text=_("0 thường, 1 khẩn, 2 thượng khẩn, 3 hỏa tốc."),
    )


class ConfidentialityLevelForm(CatalogueForm):
    locked_for_legal_default = ("name", "is_secret")

    name = forms.CharField(label=_("Tên độ mật"), max_length=50)
    is_secret = forms.BooleanField(
        label=_("Là bí mật nhà nước (hệ thống từ chối tiếp nhận)"),
        required=False,
        help_text=_("Đã đánh dấu bí mật thì không bỏ được."),
    )
    sort_order = forms.IntegerField(label=_("Thứ tự"), min_value=0, initial=0, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.entry is not None and self.entry.is_secret:  # DOC-7: stays secret
            self.fields["is_secret"].disabled = True


class ExternalAgencyForm(CatalogueForm):
    name = forms.CharField(label=_("Tên cơ quan"), max_length=200)
    agency_code = forms.CharField(
        label=_("Mã định danh"),
        max_length=13,
        required=False,
        help_text=_("Theo QCVN 102:2016/BTTTT, ví dụ 000.00.00.G22."),
    )
    address = forms.CharField(label=_("Địa chỉ"), max_length=500, required=False)
    email = forms.EmailField(label=_("Thư điện tử"), required=False)


class CatalogueSearchForm(forms.Form):
    q = forms.CharField(label=_("Tìm theo tên"), required=False, max_length=100)
    inactive = forms.BooleanField(label=_("Cả mục đã ngừng dùng"), required=False)
