"""The self-assessment forms: one area's leaves (the input each method needs and the explanation),
the survey answers, a piece of evidence, the reason of a send-back.

The area form only passes on what changed, and checks each row with the PAR arithmetic
(``rules.leaf_score``) so that a refusal lands on the row it is about; the service checks it all
again and writes nothing when it refuses.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from congvu.core.decisions import Refused
from congvu.core.forms import reason_field
from congvu.scoring import rules
from congvu.scoring.assessments.selectors import Row
from congvu.scoring.models import Criterion
from congvu.scoring.services import ScoreInput

M = Criterion.Method
MAX_EXPLANATION = 4000
MAX_NUMBER_TEXT = 20


def typed_points(value: Decimal | None) -> str:
    """A stored number as it is typed back ("1,50"); nothing for nothing."""
    if value is None:
        return ""
    return f"{value:.2f}".replace(".", ",")


def choice_value(value: Any) -> str:
    return str(rules.points(value))


def _number(label: Any, **attrs: Any) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=False,
        max_length=MAX_NUMBER_TEXT,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off", "size": 6, **attrs}),
    )


class AreaForm(forms.Form):
    """The leaves of one area: ``s<id>-score`` / ``-achieved`` / ``-planned`` / ``-deductions`` and
    ``s<id>-explanation``, by the leaf's method."""

    def __init__(self, *args: Any, rows: list[Row], disabled: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.rows = [r for r in rows if r.node.is_leaf and r.score is not None]
        for row in self.rows:
            self._add(row, disabled)

    def _add(self, row: Row, disabled: bool) -> None:
        node, score = row.node, row.score
        assert score is not None
        key = f"s{node.pk}"
        if node.method in (M.TIERED, M.BINARY):
            values = (
                [choice_value(node.max_points), choice_value(0)]
                if node.method == M.BINARY
                else [choice_value(t) for t in (node.tiers or [])]
            )
            names = {choice_value(node.max_points): _("Đạt"), choice_value(0): _("Không đạt")}
            choices = [("", _("— Chưa chấm —"))] + [
                (v, f"{typed_points(Decimal(v))}" + (f" ({names[v]})" if node.method == M.BINARY else ""))
                for v in values
            ]
            self.fields[f"{key}-score"] = forms.ChoiceField(
                label=_("Điểm tự chấm"), required=False, choices=choices
            )
            self.initial[f"{key}-score"] = str(score.self_score) if score.self_score is not None else ""
        elif node.method == M.PROPORTIONAL:
            self.fields[f"{key}-achieved"] = _number(_("Số đạt được"))
            self.fields[f"{key}-planned"] = _number(_("Số kế hoạch"))
            self.fields[f"{key}-score"] = _number(_("hoặc điểm"))
            self.initial[f"{key}-achieved"] = typed_points(score.achieved)
            self.initial[f"{key}-planned"] = typed_points(score.planned)
            self.initial[f"{key}-score"] = (
                "" if score.achieved is not None else typed_points(score.self_score)
            )
        elif node.method == M.DEDUCTION:
            self.fields[f"{key}-deductions"] = forms.CharField(
                label=_("Số lần bị trừ"),
                required=False,
                max_length=5,
                widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off", "size": 4}),
            )
            self.initial[f"{key}-deductions"] = "" if score.deductions is None else str(score.deductions)
        elif node.method != M.SURVEY:
            self.fields[f"{key}-score"] = _number(_("Điểm tự chấm"))
            self.initial[f"{key}-score"] = typed_points(score.self_score)
        self.fields[f"{key}-explanation"] = forms.CharField(
            label=_("Giải trình"),
            required=False,
            max_length=MAX_EXPLANATION,
            widget=forms.Textarea(attrs={"rows": 2}),
        )
        self.initial[f"{key}-explanation"] = score.explanation
        if disabled:
            for name in self.fields:
                if name.startswith(f"{key}-"):
                    self.fields[name].disabled = True

    def fields_of(self, row: Row) -> dict[str, forms.BoundField]:
        key = f"s{row.node.pk}-"
        return {name[len(key) :]: self[name] for name in self.fields if name.startswith(key)}

    def entries(self) -> dict[int, ScoreInput]:
        """What changed, per leaf id, as the service takes it."""
        data = getattr(self, "cleaned_data", {})
        changed = set(self.changed_data)
        out: dict[int, ScoreInput] = {}
        for row in self.rows:
            node = row.node
            key = f"s{node.pk}"
            values: dict[str, Any] = {}
            if f"{key}-explanation" in changed:
                values["explanation"] = data.get(f"{key}-explanation", "")
            if node.method == M.PROPORTIONAL:
                parts = ("achieved", "planned", "score")
                if any(f"{key}-{p}" in changed for p in parts):
                    values.update({p: data.get(f"{key}-{p}", "") for p in parts})
            elif node.method == M.DEDUCTION:
                if f"{key}-deductions" in changed:
                    typed = data.get(f"{key}-deductions", "")
                    values.update(deductions=typed, score=None if typed else "")
            elif f"{key}-score" in changed:
                values["score"] = data.get(f"{key}-score", "")
            if values:
                out[node.pk] = ScoreInput(**values)
        return out

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        for node_id, typed in self.entries().items():
            row = next(r for r in self.rows if r.node.pk == node_id)
            if any(
                self.has_error(f"s{node_id}-{part}")
                for part in ("score", "achieved", "planned", "deductions")
            ):
                continue
            given = (typed.score, typed.achieved, typed.planned, typed.deductions)
            if all(v in (None, "") for v in given):
                continue
            try:
                rules.leaf_score(row.node, score=typed.score, achieved=typed.achieved, planned=typed.planned,
                                 deductions=typed.deductions)  # fmt: skip
            except Refused as refused:
                self.add_error(self.field_name(row, refused.field), refused.message)
        return cleaned

    def field_name(self, row: Row, field: str | None) -> str | None:
        """The form field of a refusal about this row (its score when the service named none)."""
        key = f"s{row.node.pk}"
        for name in (f"{key}-{field}", f"{key}-score", f"{key}-deductions", f"{key}-achieved"):
            if name in self.fields:
                return name
        return None


class SurveyForm(forms.Form):
    """The period's survey questions (phiếu khảo sát), one answer each."""

    def __init__(self, *args: Any, questions: list[str], disabled: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for index, question in enumerate(questions):
            self.fields[f"q{index}"] = forms.CharField(
                label=question,
                required=False,
                max_length=2000,
                disabled=disabled,
                widget=forms.Textarea(attrs={"rows": 3}),
            )

    def answers(self) -> dict[str, str]:
        return {name[1:]: value for name, value in self.cleaned_data.items()}


class EvidenceForm(forms.Form):
    title = forms.CharField(label=_("Tên tài liệu"), required=False, max_length=300)
    file = forms.FileField(label=_("Tệp"), required=False)
    link = forms.CharField(
        label=_("hoặc đường dẫn trong Công Vụ"),
        required=False,
        max_length=500,
        widget=forms.TextInput(attrs={"placeholder": "/giao-viec/12/"}),
    )

    def __init__(self, *args: Any, target: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if target:  # the inputs sit inside the area's form but belong to this one
            for bound in self.fields.values():
                bound.widget.attrs["form"] = target


class ReasonForm(forms.Form):
    reason = reason_field()
