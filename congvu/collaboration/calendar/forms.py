"""Forms of the work calendars: an entry, the month's file, the keepers (COL-1)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from congvu.collaboration.calendar import services
from congvu.core.forms import DateField, field_of


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, attrs: dict[str, Any] | None = None, **kwargs: Any) -> None:
        super().__init__(attrs=attrs, format="%H:%M")


class EntryForm(forms.Form):
    day = DateField(label=_("Ngày"))
    start_time = forms.TimeField(
        label=_("Từ giờ"), required=False, widget=TimeInput(), help_text=_("Để trống: cả ngày.")
    )
    end_time = forms.TimeField(label=_("Đến giờ"), required=False, widget=TimeInput())
    content = forms.CharField(
        label=_("Nội dung"), max_length=services.MAX_CONTENT, widget=forms.Textarea(attrs={"rows": 3})
    )
    place = forms.CharField(label=_("Địa điểm"), max_length=services.MAX_PLACE, required=False)
    host = forms.ChoiceField(label=_("Chủ trì"), required=False)
    host_text = forms.CharField(
        label=_("Chủ trì (người ngoài cơ quan, ghi rõ)"), max_length=services.MAX_HOST_TEXT, required=False
    )
    preparing_unit = forms.ChoiceField(label=_("Đơn vị chuẩn bị"), required=False)
    participants = forms.MultipleChoiceField(
        label=_("Thành phần (người)"), required=False, widget=forms.SelectMultiple(attrs={"size": 6})
    )
    participant_units = forms.MultipleChoiceField(
        label=_("Thành phần (đơn vị)"), required=False, widget=forms.SelectMultiple(attrs={"size": 6})
    )
    participants_text = forms.CharField(
        label=_("Thành phần khác (khách mời, đại biểu ngoài cơ quan)"),
        max_length=services.MAX_PARTICIPANTS_TEXT,
        required=False,
    )

    def __init__(self, *args: Any, people: list[Any], units: list[Any], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.people = {str(p.pk): p for p in people}
        self.units = {str(u.pk): u for u in units}
        person_choices = [(key, p.full_name or p.username) for key, p in self.people.items()]
        unit_choices = [(key, u.name) for key, u in self.units.items()]
        field_of(self, "host", forms.ChoiceField).choices = [("", "—"), *person_choices]
        field_of(self, "preparing_unit", forms.ChoiceField).choices = [("", "—"), *unit_choices]
        field_of(self, "participants", forms.MultipleChoiceField).choices = person_choices
        field_of(self, "participant_units", forms.MultipleChoiceField).choices = unit_choices

    @staticmethod
    def initial_for(entry: Any) -> dict[str, Any]:
        return {
            "day": entry.day,
            "start_time": entry.start_time,
            "end_time": entry.end_time,
            "content": entry.content,
            "place": entry.place,
            "host": str(entry.host_id or ""),
            "host_text": entry.host_text,
            "preparing_unit": str(entry.preparing_unit_id or ""),
            "participants": [str(p.pk) for p in entry.participants.all()],
            "participant_units": [str(u.pk) for u in entry.participant_units.all()],
            "participants_text": entry.participants_text,
        }

    def entry_data(self) -> services.EntryData:
        data = self.cleaned_data
        return services.EntryData(
            day=data["day"],
            start_time=data.get("start_time"),
            end_time=data.get("end_time"),
            content=data.get("content") or "",
            place=data.get("place") or "",
            host=self.people.get(data.get("host") or ""),
            host_text=data.get("host_text") or "",
            preparing_unit=self.units.get(data.get("preparing_unit") or ""),
            participants=[self.people[k] for k in data.get("participants") or [] if k in self.people],
            participant_units=[self.units[k] for k in data.get("participant_units") or [] if k in self.units],
            participants_text=data.get("participants_text") or "",
        )


class FileForm(forms.Form):
    month = forms.CharField(
        label=_("Tháng"), widget=forms.DateInput(attrs={"type": "month"}), help_text=_("Dạng yyyy-mm.")
    )
    upload = forms.FileField(label=_("Tệp lịch công tác"))
    note = forms.CharField(label=_("Ghi chú"), max_length=services.MAX_NOTE, required=False)

    def clean_month(self) -> Any:
        import datetime as dt

        value = self.cleaned_data["month"]
        try:
            return dt.date.fromisoformat(f"{value}-01")
        except ValueError:
            raise forms.ValidationError(_("Tháng không hợp lệ (dạng yyyy-mm).")) from None


class KeepersForm(forms.Form):
    keepers = forms.MultipleChoiceField(
        label=_("Người được giao giữ lịch"), required=False, widget=forms.SelectMultiple(attrs={"size": 10})
    )

    def __init__(self, *args: Any, people: list[Any], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.people = {str(p.pk): p for p in people}
        field_of(self, "keepers", forms.MultipleChoiceField).choices = [
            (key, p.full_name or p.username) for key, p in self.people.items()
        ]

    def chosen(self) -> list[Any]:
        return [self.people[k] for k in self.cleaned_data.get("keepers") or [] if k in self.people]
