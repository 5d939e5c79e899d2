"""Forms of the registers feature: a register, the filters of a register's rows (also the
statistics' period), a review chain and its steps. Every typed value is bounded; messages are
Vietnamese."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils import timezone

from congvu.catalogues.models import DocumentType
from congvu.catalogues.models import Field as DocumentField
from congvu.core.forms import HorizonDateField
from congvu.documents.models import Direction, Register, ReviewStep, Urgency
from congvu.documents.registers import selectors
from congvu.documents.registers.services import ROLE_CHOICES, StepInput

REQUIRED = {"required": "Trường này bắt buộc."}
MAX_DAYS = 400  # a date range of a register stays within about a year


class RegisterForm(forms.Form):
    name = forms.CharField(
        label="Tên sổ",
        max_length=200,
        error_messages={**REQUIRED, "max_length": "Tên sổ tối đa 200 ký tự."},
    )
    direction = forms.ChoiceField(
        label="Loại sổ",
        choices=Direction.choices,
        error_messages={**REQUIRED, "invalid_choice": "Chọn sổ văn bản đến hoặc sổ văn bản đi."},
    )
    document_types = forms.ModelMultipleChoiceField(
        label="Loại văn bản của sổ",
        queryset=DocumentType.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Để trống: sổ dùng cho mọi loại văn bản. Sổ văn bản đi chỉ được chọn khi cấp số văn bản thuộc các loại này.",
        error_messages={
            "invalid_choice": "Loại văn bản không hợp lệ.",
            "invalid_pk_value": "Loại văn bản không hợp lệ.",
        },
    )
    is_default = forms.BooleanField(label="Sổ mặc định", required=False)
    is_active = forms.BooleanField(label="Đang dùng", required=False, initial=True)

    def __init__(self, *args: Any, register: Register | None = None, **kwargs: Any) -> None:
        if register is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                "name": register.name,
                "direction": register.direction,
                "document_types": list(register.document_types.all()),
                "is_default": register.is_default,
                "is_active": register.is_active,
            }
        super().__init__(*args, **kwargs)
        self.fields["document_types"].queryset = DocumentType.objects.filter(is_active=True).order_by(  # type: ignore[attr-defined]
            "sort_order", "name"
        )


class RowFilterForm(forms.Form):
    """The filters of the register screen (and the statistics' period). Names are the screen's
    query parameters, so a statistics figure links to ``?loai=3&tinh_trang=late``."""

    nam = forms.IntegerField(label="Năm", required=False, min_value=selectors.MIN_YEAR, max_value=2100)
    mau = forms.ChoiceField(  # which model register ("mẫu sổ") the rows are laid out as (incoming registers)
        required=False,
        choices=[("", ""), *selectors.BOOKS.items()],
        widget=forms.HiddenInput,
        error_messages={"invalid_choice": "Loại sổ không hợp lệ."},
    )
    thang = forms.TypedChoiceField(
        label="Tháng",
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", "Cả năm"), *((m, f"Tháng {m}") for m in range(1, 13))],
        error_messages={"invalid_choice": "Tháng không hợp lệ."},
    )
    tu = HorizonDateField(label="Từ ngày", required=False, error_messages={"invalid": "Ngày không hợp lệ."})
    den = HorizonDateField(label="Đến ngày", required=False, error_messages={"invalid": "Ngày không hợp lệ."})
    loai = forms.TypedChoiceField(label="Loại văn bản", required=False, coerce=int, empty_value=None)
    khan = forms.ChoiceField(
        label="Độ khẩn",
        required=False,
        choices=[("", "Tất cả"), *Urgency.choices],
        error_messages={"invalid_choice": "Độ khẩn không hợp lệ."},
    )
    linh_vuc = forms.TypedChoiceField(label="Lĩnh vực", required=False, coerce=int, empty_value=None)
    don_vi = forms.IntegerField(required=False, min_value=0, max_value=2**31 - 1, widget=forms.HiddenInput)
    nguoi = forms.IntegerField(required=False, min_value=1, max_value=2**31 - 1, widget=forms.HiddenInput)
    tinh_trang = forms.ChoiceField(
        label="Tình trạng xử lý",
        required=False,
        choices=[("", "Tất cả"), *selectors.PROCESSING.items()],
        error_messages={"invalid_choice": "Tình trạng xử lý không hợp lệ."},
    )

    def __init__(self, *args: Any, incoming: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        types = list(DocumentType.objects.order_by("sort_order", "name").values_list("pk", "name"))
        fields = list(DocumentField.objects.order_by("sort_order", "name").values_list("pk", "name"))
        self.fields["loai"].choices = [("", "Tất cả"), *types]  # type: ignore[attr-defined]
        self.fields["linh_vuc"].choices = [("", "Tất cả"), ("0", "Chưa xác định lĩnh vực"), *fields]  # type: ignore[attr-defined]
        for name in ("loai", "linh_vuc"):
            self.fields[name].error_messages["invalid_choice"] = "Giá trị không hợp lệ."
        if not incoming:
            del self.fields["tinh_trang"]
            del self.fields["nguoi"]
            del self.fields["mau"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("tu"), data.get("den")
        if start and end:
            if start > end:
                self.add_error("den", "Ngày kết thúc phải sau ngày bắt đầu.")
            elif (end - start).days > MAX_DAYS:
                self.add_error("den", f"Khoảng ngày tối đa {MAX_DAYS} ngày.")
        return data

    def year(self) -> int:
        today = timezone.localdate()
        value = self.cleaned_data.get("nam") if self.is_valid() else None
        return selectors.check_year(value or today.year, today)

    def book(self) -> str:
        """The model register asked for: the follow-up register, or the register itself."""
        value = self.cleaned_data.get("mau") if self.is_valid() else None
        return selectors.FOLLOW_UP if value == selectors.FOLLOW_UP else selectors.REGISTRATION

    def row_filter(self) -> selectors.RowFilter:
        if not self.is_valid():
            return selectors.RowFilter()
        data = self.cleaned_data
        return selectors.RowFilter(
            month=data.get("thang"),
            date_from=data.get("tu"),
            date_to=data.get("den"),
            document_type_id=data.get("loai"),
            urgency=data.get("khan") or "",
            field_id=data.get("linh_vuc"),
            unit_id=data.get("don_vi"),
            person_id=data.get("nguoi"),
            processing=data.get("tinh_trang") or "",
        )


def filter_query(year: int, filters: selectors.RowFilter, **extra: Any) -> dict[str, Any]:
    """The query parameters of the register screen for ``filters`` and ``extra``."""
    query: dict[str, Any] = {"nam": year}
    pairs = (
        ("thang", filters.month),
        ("tu", filters.date_from),
        ("den", filters.date_to),
    )
    for name, value in pairs:
        if value:
            query[name] = value.isoformat() if isinstance(value, dt.date) else value
    query.update(extra)
    return query


class ChainForm(forms.Form):
    name = forms.CharField(
        label="Tên quy trình",
        max_length=200,
        error_messages={**REQUIRED, "max_length": "Tên quy trình tối đa 200 ký tự."},
    )
    is_default = forms.BooleanField(label="Quy trình mặc định", required=False)
    is_active = forms.BooleanField(label="Đang dùng", required=False, initial=True)


class StepForm(forms.Form):
    field_order = ("position", "label", "kind", "person", "role")

    label = forms.CharField(
        label="Tên bước",
        max_length=100,
        required=False,
        error_messages={"max_length": "Tên bước tối đa 100 ký tự."},
    )
    kind = forms.ChoiceField(
        label="Người duyệt",
        choices=[("", "—"), *ReviewStep.Kind.choices],
        required=False,
        error_messages={"invalid_choice": "Loại bước không hợp lệ."},
    )
    person = forms.TypedChoiceField(label="Người được chỉ định", coerce=int, required=False, empty_value=None)
    role = forms.ChoiceField(
        label="Vai trò",
        choices=[("", "—"), *ROLE_CHOICES],
        required=False,
        error_messages={"invalid_choice": "Vai trò không hợp lệ."},
    )
    position = forms.IntegerField(
        label="Thứ tự",
        min_value=1,
        max_value=99,
        required=False,
        error_messages={"min_value": "Thứ tự từ 1.", "max_value": "Thứ tự tối đa 99."},
    )

    def __init__(self, *args: Any, people: list[Any] = (), **kwargs: Any) -> None:  # type: ignore[assignment]
        super().__init__(*args, **kwargs)
        self.fields["person"].choices = [("", "—"), *((p.pk, p.full_name) for p in people)]  # type: ignore[attr-defined]
        self.fields["person"].error_messages["invalid_choice"] = "Người được chọn không thuộc cơ quan."

    def step(self) -> StepInput | None:
        data = self.cleaned_data
        if not data.get("kind"):
            return None
        return StepInput(
            label=data.get("label") or "",
            kind=data["kind"],
            person_id=data.get("person"),
            role=data.get("role") or "",
        )


STEP_SLOTS = 8  # rows shown on the chain's form: its steps, then empty ones to add


def step_forms(
    data: Any, *, people: list[Any], initial: list[dict[str, Any]] | None = None
) -> list[StepForm]:
    initial = initial or []
    count = max(STEP_SLOTS, len(initial) + 2)
    return [
        StepForm(
            data,
            prefix=f"step-{i}",
            people=people,
            initial=initial[i] if i < len(initial) else {"position": i + 1},
        )
        for i in range(count)
    ]


def steps_from(forms_: list[StepForm]) -> list[StepInput]:
    """The typed steps in the order their numbers say (ties keep the rows' order)."""
    numbered = []
    for i, form in enumerate(forms_):
        step = form.step()
        if step is not None:
            numbered.append((form.cleaned_data.get("position") or i + 1, i, step))
    return [step for _pos, _i, step in sorted(numbered)]
