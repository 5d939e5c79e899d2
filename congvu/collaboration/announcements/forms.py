"""The announcement forms: compose/edit (capacity, audience, title, body) and the extension."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from congvu.collaboration import retention
from congvu.collaboration.announcements import policies, selectors
from congvu.collaboration.announcements.models import BODY_MAX, TITLE_MAX
from congvu.core.forms import DateField, reason_field
from congvu.org.models import Unit


class AnnouncementForm(forms.Form):
    capacity = forms.ChoiceField(label=_("Đăng với tư cách"))
    whole_agency = forms.BooleanField(label=_("Gửi toàn cơ quan"), required=False)
    units = forms.ModelMultipleChoiceField(
        label=_("Đơn vị nhận"),
        queryset=Unit.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Mỗi đơn vị gồm cả các đơn vị trực thuộc."),
    )
    title = forms.CharField(label=_("Tiêu đề"), max_length=TITLE_MAX)
    body = forms.CharField(label=_("Nội dung"), max_length=BODY_MAX, widget=forms.Textarea(attrs={"rows": 8}))

    def __init__(
        self, *args: Any, held: list[policies.Capacity], fixed: str | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["capacity"].choices = [(c.key, c.label) for c in held]  # type: ignore[attr-defined]
        if fixed is not None:  # an edit keeps the capacity it was posted in
            self.fields["capacity"].disabled = True
            self.fields["capacity"].initial = fixed
        units: dict[int, Unit] = {}
        for c in held:
            for unit in selectors.addressable_units(c):
                units[unit.pk] = unit
        self.fields["units"].queryset = Unit.objects.filter(pk__in=list(units)).order_by("path")  # type: ignore[attr-defined]
        self.fields["units"].label_from_instance = lambda unit: unit.name  # type: ignore[attr-defined]
        if not any(c.whole_agency_allowed for c in held):
            del self.fields["whole_agency"]


class ExtendForm(forms.Form):
    keep_until = DateField(label=_("Lưu đến ngày"))
    reason = reason_field(_("Lý do gia hạn"), required=True, max_length=retention.KEEP_REASON_MAX)
