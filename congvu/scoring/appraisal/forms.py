"""The appraisal form of one unit: per covered leaf (survey leaves excepted) the appraised score and
the reason for changing the self-score (seed 003 Đ10.2; R-PAR-5).

Each row's input is checked on its own row — a score out of 0 … max, a different score without a
reason — so the message lands beside the criterion and what was typed stays; the service checks
it all again and decides."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext as _

from congvu.core.decisions import Refused
from congvu.scoring import rules, services

MAX_REASON = 2000


class AppraisalForm(forms.Form):
    """Fields ``score_<criterion id>`` and ``reason_<criterion id>`` for every scored row."""

    def __init__(self, *args: Any, rows: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.rows = [r for r in rows if not r.survey]
        for row in self.rows:
            cid = row.criterion.pk
            score = row.score
            self.fields[f"score_{cid}"] = forms.CharField(
                label=_("Điểm thẩm định tiêu chí %(code)s") % {"code": row.criterion.code},
                required=False,
                max_length=12,
                initial="" if score.appraised_score is None else rules.show(score.appraised_score).strip(),
                widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off", "size": 6}),
            )
            self.fields[f"reason_{cid}"] = forms.CharField(
                label=_("Lý do điều chỉnh tiêu chí %(code)s") % {"code": row.criterion.code},
                required=False,
                max_length=MAX_REASON,
                initial=score.appraisal_reason,
                widget=forms.Textarea(attrs={"rows": 2}),
            )

    def bound_rows(self) -> list[tuple[Any, forms.BoundField, forms.BoundField]]:
        return [(r, self[f"score_{r.criterion.pk}"], self[f"reason_{r.criterion.pk}"]) for r in self.rows]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        for row in self.rows:
            cid = row.criterion.pk
            refused = row_refusal(row.score, cleaned.get(f"score_{cid}"), cleaned.get(f"reason_{cid}"))
            if refused is not None:
                self.add_error(f"{refused.field}_{cid}", refused.message)
        return cleaned

    def entries(self) -> dict[int, services.AppraisalInput]:
        """What the service takes: only the rows whose score or reason changed."""
        entries = {}
        for row in self.rows:
            cid = row.criterion.pk
            typed = (self.cleaned_data.get(f"score_{cid}") or "").strip()
            reason = (self.cleaned_data.get(f"reason_{cid}") or "").strip()
            old = row.score.appraised_score
            same_score = (old is None and not typed) or (old is not None and typed and _number(typed) == old)
            if same_score and reason == (row.score.appraisal_reason or ""):
                continue
            entries[cid] = services.AppraisalInput(score=typed, reason=reason)
        return entries


def _number(text: str) -> Decimal | None:
    try:
        return rules.points(text)
    except Refused:
        return None


def row_refusal(score: Any, typed: Any, reason: Any) -> Refused | None:
    """What is wrong with one row as typed (field ``score`` or ``reason``), before the service
    decides: a score out of 0 … max (TV-PAR-5), or different from the self-score without a reason
    (Đ10.2). ``score`` is the row's ``Score`` with its criterion."""
    text = str(typed or "").strip()
    if not text:
        return None
    try:
        value = rules.bounded(score.criterion, text, field="score", what=_("Điểm thẩm định"))
    except Refused as refused:
        return refused
    if value != score.self_score and not str(reason or "").strip():
        return Refused.invalid(
            _("Điểm thẩm định khác điểm tự đánh giá (%(self)s): vui lòng nêu lý do.")
            % {"self": rules.show(score.self_score)},
            field="reason",
        )
    return None
