"""Forms of the delegation screens (ORG-8). The rules live in the service; a form only reads input."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from congvu.core.forms import field_of, reason_field
from congvu.org.delegations import selectors

DATETIME_LOCAL = "%Y-%m-%dT%H:%M"


class DateTimeLocalInput(forms.DateTimeInput):
    """The browser's date-time picker; the value is a wall-clock time in the agency's zone."""

    input_type = "datetime-local"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs=attrs, format=DATETIME_LOCAL)


def _candidate_label(person: Any) -> str:
    post = getattr(person, "candidate_post", None)
    if post is None:
        return person.full_name
    return f"{person.full_name} — {post.position.name}, {post.unit.name}"


class DelegationForm(forms.Form):
    delegate = forms.TypedChoiceField(
        label=_("Người được ủy quyền"),
        coerce=int,
        help_text=_("Người trong đơn vị của bạn, sắp xếp theo tên."),
    )
    starts_at = forms.DateTimeField(
        label=_("Từ (ngày, giờ)"),
        widget=DateTimeLocalInput(),
        input_formats=[DATETIME_LOCAL, "%d/%m/%Y %H:%M"],
        help_text=_("Giờ Việt Nam (UTC+7)."),
    )
    ends_at = forms.DateTimeField(
        label=_("Đến (ngày, giờ)"),
        widget=DateTimeLocalInput(),
        input_formats=[DATETIME_LOCAL, "%d/%m/%Y %H:%M"],
    )
    reason = forms.CharField(
        label=_("Lý do"),
        max_length=500,
        widget=forms.TextInput(attrs={"placeholder": _("Ví dụ: đi công tác, nghỉ phép")}),
    )

    def __init__(self, *args: Any, principal: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.candidates = {p.pk: p for p in selectors.delegate_candidates(principal)}
        field_of(self, "delegate", forms.ChoiceField).choices = [("", _("— Chọn người —"))] + [
            (p.pk, _candidate_label(p)) for p in self.candidates.values()
        ]
        if not self.is_bound:
            start = timezone.localtime().replace(minute=0, second=0, microsecond=0) + dt.timedelta(hours=1)
            self.initial.setdefault("starts_at", start)

    def clean_delegate(self) -> Any:
        person = self.candidates.get(self.cleaned_data["delegate"])
        if person is None:
            raise forms.ValidationError(_("Vui lòng chọn người trong danh sách."))
        return person


class ReasonForm(forms.Form):
    """The note that goes with a decision: required to reject, and to revoke someone else's."""

    reason = reason_field(
        max_length=1000, help_text=_("Bắt buộc khi không duyệt, và khi chấm dứt ủy quyền của người khác.")
    )
