"""The criteria-set forms (SCORE-1): a new set and how it starts, a copy forward, a workbook to
import, and the whole tree as one editable table (a formset, one row per node)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.forms import formset_factory
from django.utils.translation import gettext_lazy as _

from congvu.core.forms import field_of
from congvu.scoring.criteria.exports import MAX_UPLOAD_BYTES, number_text, tiers_text
from congvu.scoring.models import CriteriaSet, Criterion, Kind
from congvu.scoring.services import MAX_YEAR, MIN_YEAR, NodeInput

SCREEN_ROWS = 100  # a larger tree is edited as a workbook (export, edit, import)
MORE_ROWS = 5
XLSX_ACCEPT = ".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class XlsxField(forms.FileField):
    def clean(self, data: Any, initial: Any = None) -> Any:
        upload = super().clean(data, initial)
        if upload is not None and upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("Tệp lớn hơn 2 MB: bộ tiêu chí không cần tệp lớn như vậy."))
        return upload


def _year_field() -> forms.IntegerField:
    return forms.IntegerField(label=_("Năm"), min_value=MIN_YEAR, max_value=MAX_YEAR)


class SetCreateForm(forms.Form):
    SAMPLE, XLSX, COPY = "sample", "xlsx", "copy"

    year = _year_field()
    kind = forms.ChoiceField(label=_("Loại chấm điểm"), choices=Kind.choices)
    name = forms.CharField(label=_("Tên bộ tiêu chí"), max_length=300)
    start = forms.ChoiceField(
        label=_("Bắt đầu từ"),
        widget=forms.RadioSelect,
        choices=(
            (SAMPLE, _("Bộ tiêu chí mẫu (chỉ số CCHC, 8 lĩnh vực, 100 điểm)")),
            (XLSX, _("Tệp Excel theo mẫu của hệ thống")),
            (COPY, _("Bản sao của một bộ tiêu chí đã có")),
        ),
        initial=SAMPLE,
    )
    file = XlsxField(
        label=_("Tệp Excel (.xlsx)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": XLSX_ACCEPT}),
    )
    source = forms.ModelChoiceField(
        label=_("Sao chép từ bộ"), queryset=CriteriaSet.objects.none(), required=False
    )

    def __init__(self, *args: Any, sets: list[CriteriaSet], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field_of(self, "source", forms.ModelChoiceField).queryset = CriteriaSet.objects.filter(
            pk__in=[s.pk for s in sets]
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start = data.get("start")
        if start == self.XLSX and not data.get("file"):
            self.add_error("file", _("Hãy chọn tệp Excel để nhập."))
        if start == self.COPY and not data.get("source"):
            self.add_error("source", _("Hãy chọn bộ tiêu chí để sao chép."))
        return data


class SetCopyForm(forms.Form):
    year = _year_field()
    name = forms.CharField(label=_("Tên bộ tiêu chí mới"), max_length=300)


class ImportForm(forms.Form):
    file = XlsxField(
        label=_("Tệp Excel (.xlsx)"), widget=forms.ClearableFileInput(attrs={"accept": XLSX_ACCEPT})
    )


class NodeForm(forms.Form):
    """One row of the tree as typed: numbers stay text here, the service reads them ("1,5")."""

    code = forms.CharField(label=_("Mã"), max_length=20, required=False)
    name = forms.CharField(label=_("Tên tiêu chí"), max_length=500, required=False)
    max_points = forms.CharField(label=_("Điểm tối đa"), max_length=20, required=False)
    method = forms.ChoiceField(label=_("Phương pháp chấm"), choices=Criterion.Method.choices, required=False)
    tiers = forms.CharField(label=_("Các mức điểm"), max_length=200, required=False)
    deduction_step = forms.CharField(label=_("Điểm trừ mỗi lần"), max_length=20, required=False)
    evidence_required = forms.BooleanField(label=_("Cần tài liệu kiểm chứng"), required=False)
    guidance = forms.CharField(
        label=_("Hướng dẫn chấm"),
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 1}),
    )

    @property
    def level(self) -> int:
        """1, 2 or 3 from the code as it stands (to indent the row); 0 for a row without one."""
        code = str(self["code"].value() or "").strip().strip(".")
        return min(code.count(".") + 1, 3) if code else 0

    def blank(self) -> bool:
        data = self.cleaned_data
        return not any(
            data.get(k) for k in ("code", "name", "max_points", "tiers", "deduction_step", "guidance")
        )

    def node_input(self) -> NodeInput:
        data = self.cleaned_data
        return NodeInput(
            code=data["code"],
            name=data["name"],
            max_points=data["max_points"],
            method=data["method"] or "manual",
            tiers=tuple(t.strip() for t in data["tiers"].split(";") if t.strip()),
            deduction_step=data["deduction_step"] or None,
            guidance=data["guidance"],
            evidence_required=data["evidence_required"],
        )


class BaseNodeFormSet(forms.BaseFormSet):
    default_error_messages = {
        "missing_management_form": _("Bảng tiêu chí gửi lên không đầy đủ; hãy mở lại trang và nhập lại."),
        "too_many_forms": _(
            "Bảng sửa trên màn hình có tối đa %(num)d dòng; bộ lớn hơn hãy sửa bằng tệp Excel."
        ),
        "too_few_forms": _("Bảng tiêu chí cần ít nhất %(num)d dòng."),
    }

    def nodes(self) -> list[NodeInput]:
        """The rows kept: not marked for deletion, not left blank."""
        return [
            form.node_input()
            for form in self.forms
            if not form.cleaned_data.get("DELETE") and not form.blank()
        ]


def node_formset(rows: int) -> type[BaseNodeFormSet]:
    """A table of ``rows`` empty rows (or as many as are posted), at most ``SCREEN_ROWS``."""
    return formset_factory(  # type: ignore[return-value]
        NodeForm,
        formset=BaseNodeFormSet,
        extra=min(rows, SCREEN_ROWS),
        can_delete=True,
        max_num=SCREEN_ROWS,
        absolute_max=SCREEN_ROWS,
        validate_max=True,
    )


def initial_rows(nodes: list[NodeInput]) -> list[dict[str, Any]]:
    return [
        {
            "code": n.code,
            "name": n.name,
            "max_points": number_text(n.max_points),
            "method": n.method,
            "tiers": tiers_text(n.tiers),
            "deduction_step": number_text(n.deduction_step),
            "evidence_required": n.evidence_required,
            "guidance": n.guidance,
        }
        for n in nodes
    ]
