"""Forms of the consultation screens (COL-5). A form only reads input; the rules are the service's."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from congvu.collaboration import retention
from congvu.collaboration.consultations import services
from congvu.collaboration.consultations.models import Consultation, ConsultationRecipient
from congvu.core.forms import DateField, MultipleFileField, reason_field
from congvu.org.forms import unit_label

DATETIME_LOCAL = "%Y-%m-%dT%H:%M"


class DateTimeLocalInput(forms.DateTimeInput):
    """The browser's date-time picker; a wall-clock time in the agency's zone."""

    input_type = "datetime-local"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs=attrs, format=DATETIME_LOCAL)


def deadline_field(label: Any) -> forms.DateTimeField:
    return forms.DateTimeField(
        label=label,
        widget=DateTimeLocalInput(),
        input_formats=[DATETIME_LOCAL, "%d/%m/%Y %H:%M"],
        help_text=_("Giờ Việt Nam (UTC+7); tối đa %(n)s ngày kể từ hôm nay.")
        % {"n": services.MAX_DEADLINE_DAYS},
    )


class AppointForm(forms.Form):
    agency = forms.TypedChoiceField(label=_("Cơ quan"), coerce=int)
    subject = forms.CharField(label=_("Nội dung cần soạn thảo, lấy ý kiến"), max_length=services.MAX_SUBJECT)
    drafter = forms.TypedChoiceField(label=_("Người được giao soạn thảo"), coerce=int)
    note = reason_field(_("Ghi chú giao việc"), max_length=2000)

    def __init__(self, *args: Any, agencies: list[Any], people: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.agencies = {a.pk: a for a in agencies}
        self.people = {p.pk: p for p in people}
        agency_field = self.fields["agency"]
        assert isinstance(agency_field, forms.ChoiceField)
        agency_field.choices = [(a.pk, a.name) for a in agencies]
        if len(agencies) == 1:
            agency_field.widget = forms.HiddenInput()
            agency_field.initial = agencies[0].pk
        drafter_field = self.fields["drafter"]
        assert isinstance(drafter_field, forms.ChoiceField)
        drafter_field.choices = [("", _("— Chọn người —"))] + [(p.pk, p.full_name) for p in people]


class PostForm(forms.Form):
    title = forms.CharField(label=_("Tiêu đề"), max_length=services.MAX_SUBJECT)
    description = forms.CharField(
        label=_("Mô tả, nội dung cần góp ý"),
        required=False,
        max_length=services.MAX_DESCRIPTION,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    files = MultipleFileField(  # type: ignore[assignment]  # a field, not form.files
        label=_("Tệp dự thảo"),
        help_text=_("Tối đa %(n)s tệp, 25 MB mỗi tệp.") % {"n": services.MAX_FILES},
    )
    deadline = deadline_field(_("Hạn góp ý"))
    audience = forms.ChoiceField(
        label=_("Lấy ý kiến của"),
        choices=Consultation.Audience.choices,
        widget=forms.RadioSelect,
        initial=Consultation.Audience.AGENCY,
    )
    people = forms.TypedMultipleChoiceField(
        label=_("Người được chọn"), coerce=int, required=False, widget=forms.CheckboxSelectMultiple
    )
    units = forms.TypedMultipleChoiceField(
        label=_("Đơn vị được chọn (mọi người trong đơn vị)"),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, people: list[Any], units: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.people_by_id = {p.pk: p for p in people}
        self.units_by_id = {u.pk: u for u in units}
        base = min((u.depth for u in units), default=0)
        people_field = self.fields["people"]
        units_field = self.fields["units"]
        assert isinstance(people_field, forms.ChoiceField) and isinstance(units_field, forms.ChoiceField)
        people_field.choices = [(p.pk, p.full_name) for p in people]
        units_field.choices = [(u.pk, unit_label(u, base)) for u in units]

    def chosen_people(self) -> list[Any]:
        return [self.people_by_id[pk] for pk in self.cleaned_data.get("people") or []]

    def chosen_units(self) -> list[Any]:
        return [self.units_by_id[pk] for pk in self.cleaned_data.get("units") or []]


class AnswerForm(forms.Form):
    answer = forms.ChoiceField(
        label=_("Ý kiến của bạn"),
        choices=ConsultationRecipient.Answer.choices,
        widget=forms.RadioSelect,
        initial=ConsultationRecipient.Answer.COMMENT,
    )
    text = forms.CharField(
        label=_("Nội dung góp ý, hoặc lý do không góp ý"),
        required=False,
        max_length=services.MAX_ANSWER,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    attachment = forms.FileField(label=_("Tệp góp ý (nếu có)"), required=False)
    keep_attachment = forms.BooleanField(label=_("Giữ tệp đã gửi"), required=False, initial=True)


class ExtendForm(forms.Form):
    deadline = deadline_field(_("Hạn góp ý mới"))
    reason = reason_field(_("Lý do gia hạn"))


class ReasonForm(forms.Form):
    reason = reason_field()


class KeepForm(forms.Form):
    keep_until = DateField(label=_("Giữ đến ngày"))
    reason = reason_field(_("Lý do giữ lại"), required=True, max_length=retention.KEEP_REASON_MAX)
