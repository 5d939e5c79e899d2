"""Forms of the period screens (SCORE-2). A form reads and shapes input; the rules (deadlines,
units, who covers which criterion) live in the services, whose refusals come back onto the field
they name."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from congvu.core.forms import HorizonDateField, field_of, reason_field
from congvu.org.forms import (
    AccountChoiceField,
    UnitChoiceField,
    UnitMultipleChoiceField,
    account_label,
    unit_label,
)
from congvu.org.models import Unit
from congvu.scoring.models import CriteriaSet, Criterion

MAX_QUESTIONS_TEXT = 30 * 501


def _questions(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


class UnitsField(UnitMultipleChoiceField):
    def label_from_instance(self, obj: Unit) -> str:
        return obj.name


class PeriodForm(forms.Form):
    """A new period (or the correction of one): set, title, deadlines, units, survey."""

    criteria_set = forms.ModelChoiceField(
        label=_("Bộ tiêu chí"), queryset=CriteriaSet.objects.none(), empty_label=_("— Chọn bộ tiêu chí —"),
        error_messages={"required": _("Vui lòng chọn bộ tiêu chí.")},
    )  # fmt: skip
    title = forms.CharField(label=_("Tên kỳ chấm điểm"), max_length=300)
    self_deadline = HorizonDateField(label=_("Hạn tự đánh giá"))
    appraisal_deadline = HorizonDateField(label=_("Hạn thẩm định"))
    units = UnitsField(
        label=_("Đơn vị được chấm điểm"),
        queryset=Unit.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Chọn ít nhất một đơn vị được chấm điểm.")},
    )
    with_survey = forms.BooleanField(
        label=_("Có điều tra xã hội học"), required=False, initial=True,
        help_text=_("Chỉ áp dụng khi bộ tiêu chí có tiêu chí lấy điểm từ điều tra xã hội học."),
    )  # fmt: skip
    survey_questions = forms.CharField(
        label=_("Câu hỏi khảo sát"),
        required=False,
        max_length=MAX_QUESTIONS_TEXT,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Mỗi dòng một câu hỏi; tối đa 30 câu, mỗi câu tối đa 500 ký tự."),
    )

    def __init__(self, *args: Any, sets: list[CriteriaSet], units: list[Unit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        chosen = field_of(self, "criteria_set", forms.ModelChoiceField)
        chosen.queryset = CriteriaSet.objects.filter(pk__in=[s.pk for s in sets])
        chosen.choices = [("", chosen.empty_label), *((s.pk, str(s)) for s in sets)]
        offered = field_of(self, "units", UnitsField)
        offered.queryset = Unit.objects.filter(pk__in=[u.pk for u in units])
        base = min((u.depth for u in units), default=0)
        offered.choices = [(u.pk, unit_label(u, base)) for u in units]

    def questions(self) -> list[str]:
        return _questions(self.cleaned_data.get("survey_questions") or "")


class PeriodEditForm(PeriodForm):
    """Title and deadlines; the units and the survey form only while the period is a draft."""

    def __init__(self, *args: Any, draft: bool, units: list[Unit], **kwargs: Any) -> None:
        super().__init__(*args, sets=[], units=units, **kwargs)
        del self.fields["criteria_set"]
        del self.fields["with_survey"]
        if not draft:
            del self.fields["units"]
            del self.fields["survey_questions"]


class AccountSearchForm(forms.Form):
    q = forms.CharField(
        label=_("Tìm tài khoản"),
        required=False,
        max_length=100,
        help_text=_("Họ tên, tên đăng nhập hoặc thư điện tử; gõ không dấu cũng được."),
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )


class CriterionChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Criterion) -> str:
        return f"{obj.code}. {obj.name}"


def _account_field(candidates: list[Any], label: Any) -> AccountChoiceField:
    from congvu.accounts.models import User

    field = AccountChoiceField(
        label=label, queryset=User.objects.filter(status=User.Status.ACTIVE), widget=forms.RadioSelect,
        error_messages={"required": _("Hãy tìm và chọn một tài khoản."),
                        "invalid_choice": _("Tài khoản không hợp lệ.")},
    )  # fmt: skip
    field.widget.choices = [(u.pk, account_label(u)) for u in candidates]
    return field


class AppointForm(forms.Form):
    """A council member and the areas or criteria they appraise."""

    criteria = CriterionChoiceField(
        label=_("Tiêu chí phụ trách"), queryset=Criterion.objects.none(), widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Chọn ít nhất một tiêu chí phụ trách.")},
    )  # fmt: skip

    def __init__(self, *args: Any, nodes: list[Criterion], candidates: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields = {"appraiser": _account_field(candidates, _("Thành viên thẩm định")), **self.fields}
        field = field_of(self, "criteria", CriterionChoiceField)
        field.queryset = Criterion.objects.filter(pk__in=[n.pk for n in nodes])
        field.choices = [
            (
                n.pk,
                ("" if n.level == Criterion.Level.AREA else "\u00a0\u00a0\u00a0\u00a0")
                + f"{n.code}. {n.name}",
            )
            for n in nodes
        ]


class ReopenForm(forms.Form):
    reason = reason_field(required=True, max_length=1000, required_message=_("Vui lòng nêu lý do mở lại."))
    deadline = HorizonDateField(
        label=_("Hạn mới"), required=False, help_text=_("Bắt buộc khi hạn tự đánh giá đã qua.")
    )


class UnlockForm(forms.Form):
    reason = reason_field(required=True, max_length=1000, required_message=_("Vui lòng nêu lý do mở khóa."))


class RejectForm(forms.Form):
    reason = reason_field(required=True, max_length=1000, required_message=_("Vui lòng nêu lý do không cấp."))


class GrantForm(forms.Form):
    """Home Affairs issues an entry account: a unit and a person."""

    unit = UnitChoiceField(
        label=_("Đơn vị"), queryset=Unit.objects.none(), empty_label=_("— Chọn đơn vị —"),
        error_messages={"required": _("Vui lòng chọn đơn vị.")},
    )  # fmt: skip

    def __init__(self, *args: Any, units: list[Unit], candidates: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields = {"person": _account_field(candidates, _("Người được cấp")), **self.fields}
        unit = field_of(self, "unit", UnitChoiceField)
        unit.queryset = Unit.objects.filter(pk__in=[u.pk for u in units])
        base = min((u.depth for u in units), default=0)
        unit.base_depth = base
        unit.choices = [("", unit.empty_label), *((u.pk, unit_label(u, base)) for u in units)]


class RequestForm(GrantForm):
    """A unit's leader asks for an entry account for someone of the unit, with the reason."""

    reason = forms.CharField(
        label=_("Lý do đề nghị"), max_length=1000, widget=forms.Textarea(attrs={"rows": 2})
    )


SURVEY_PREFIX = "s"


def survey_entries(data: Any, keys: list[tuple[int, int]]) -> dict[tuple[int, int], str]:
    """The survey grid as typed: ``s-<assessment>-<criterion>`` → the text (bounded)."""
    typed: dict[tuple[int, int], str] = {}
    for assessment_id, criterion_id in keys:
        raw = data.get(f"{SURVEY_PREFIX}-{assessment_id}-{criterion_id}")
        if raw is None:
            continue
        typed[(assessment_id, criterion_id)] = str(raw).strip()[:20]
    return typed
