"""The documents search form (F-6d): the words and a filter on every field, read from the query string."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from congvu.catalogues.models import DocumentType
from congvu.catalogues.models import Field as DocumentField
from congvu.core.forms import DATE_FORMATS, DateInput, HorizonDateField
from congvu.documents.models import Direction, IncomingDocument, OutgoingDocument, Urgency
from congvu.documents.search import selectors

ORDER_CHOICES = [("relevance", _("Phù hợp nhất")), ("date", _("Mới nhất"))]


def _status_choices() -> list[tuple[str, Any]]:
    seen: dict[str, Any] = {}
    for value, label in [*IncomingDocument.Status.choices, *OutgoingDocument.Status.choices]:
        seen.setdefault(value, label)
    return [("", _("Mọi trạng thái")), *seen.items()]


class SearchForm(forms.Form):
    q = forms.CharField(
        label=_("Từ cần tìm"),
        required=False,
        max_length=selectors.MAX_QUERY_CHARS,
        widget=forms.TextInput(
            attrs={
                "type": "search",
                "placeholder": _("Số, ký hiệu, trích yếu, cơ quan, người ký, nội dung tệp"),
            }
        ),
    )
    loai = forms.ChoiceField(
        label=_("Văn bản"), required=False, choices=[("", _("Đến và đi")), *Direction.choices]
    )
    nam = forms.TypedChoiceField(label=_("Năm"), required=False, coerce=int, empty_value=None)
    loai_van_ban = forms.TypedChoiceField(
        label=_("Loại văn bản"), required=False, coerce=int, empty_value=None
    )
    linh_vuc = forms.TypedChoiceField(label=_("Lĩnh vực"), required=False, coerce=int, empty_value=None)
    do_khan = forms.ChoiceField(
        label=_("Độ khẩn"), required=False, choices=[("", _("Mọi mức")), *Urgency.choices]
    )
    co_quan = forms.CharField(
        label=_("Cơ quan ban hành"), required=False, max_length=selectors.MAX_FILTER_CHARS
    )
    nguoi_ky = forms.CharField(label=_("Người ký"), required=False, max_length=selectors.MAX_FILTER_CHARS)
    trang_thai = forms.ChoiceField(label=_("Trạng thái"), required=False, choices=_status_choices)
    tu_ngay = HorizonDateField(
        label=_("Từ ngày"), required=False, widget=DateInput(), input_formats=DATE_FORMATS
    )
    den_ngay = HorizonDateField(
        label=_("Đến ngày"), required=False, widget=DateInput(), input_formats=DATE_FORMATS
    )
    sap_xep = forms.ChoiceField(label=_("Sắp xếp"), required=False, choices=ORDER_CHOICES)
    trang = forms.TypedChoiceField(
        required=False, coerce=int, empty_value=None, widget=forms.HiddenInput,
        choices=[(str(n), str(n)) for n in range(1, selectors.MAX_PAGE + 1)],
        error_messages={"invalid_choice": _("Chỉ xem được 10 trang kết quả đầu; hãy lọc thêm.")},
    )  # fmt: skip

    def __init__(self, *args: Any, today: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        years = range(today.year, today.year - 15, -1)
        self.fields["nam"].choices = [("", _("Mọi năm")), *((str(y), str(y)) for y in years)]  # type: ignore[attr-defined]
        self.fields["loai_van_ban"].choices = [  # type: ignore[attr-defined]
            ("", _("Mọi loại")),
            *DocumentType.objects.filter(is_active=True)
            .order_by("sort_order", "name")
            .values_list("pk", "name"),
        ]
        self.fields["linh_vuc"].choices = [  # type: ignore[attr-defined]
            ("", _("Mọi lĩnh vực")),
            *DocumentField.objects.order_by("name").values_list("pk", "name"),
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("tu_ngay"), data.get("den_ngay")
        if start and end and start > end:
            self.add_error("den_ngay", _("“Đến ngày” phải sau “Từ ngày”."))
        return data

    def filters(self) -> selectors.Filters:
        data = self.cleaned_data
        return selectors.Filters(
            direction=data.get("loai") or "",
            year=data.get("nam"),
            document_type=data.get("loai_van_ban"),
            field=data.get("linh_vuc"),
            urgency=data.get("do_khan") or "",
            sender=data.get("co_quan") or "",
            signer=data.get("nguoi_ky") or "",
            status=data.get("trang_thai") or "",
            date_from=data.get("tu_ngay"),
            date_to=data.get("den_ngay"),
        )

    def has_filters(self) -> bool:
        data = getattr(self, "cleaned_data", {})
        return any(data.get(name) for name in self.fields if name not in ("q", "sap_xep", "trang"))
