"""Forms of the directive task screens. A form reads and shapes input; the rules (who may report,
the reporting deadline, reasons, which units a task may go to) live in the services, whose refusals
come back onto the form."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from congvu.core.forms import DATE_FORMATS, DateInput, HorizonDateField, field_of, reason_field
from congvu.directives.models import DirectiveTask, TaskReport
from congvu.directives.tasks import selectors
from congvu.org.forms import unit_label

MAX_CONTENT = 5000
MAX_NUMBER = 60


class ReportForm(forms.Form):
    """DIR-2: what was done, the report document, the proposal (seed 001 Đ8.2)."""

    content = forms.CharField(
        label=_("Nội dung thực hiện"),
        max_length=MAX_CONTENT,
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    document_number = forms.CharField(
        label=_("Số, ký hiệu văn bản báo cáo"), max_length=MAX_NUMBER, required=False
    )
    document_date = HorizonDateField(
        label=_("Ngày văn bản báo cáo"), required=False, widget=DateInput(), input_formats=DATE_FORMATS
    )
    file = forms.FileField(
        label=_("Tệp văn bản báo cáo"),
        required=False,
        help_text=_("PDF, Word…; tối đa 25 MB. Không gửi tài liệu mật."),
    )
    proposal = forms.ChoiceField(
        label=_("Đề xuất"),
        choices=TaskReport.Proposal.choices,
        initial=TaskReport.Proposal.PROGRESS,
        widget=forms.RadioSelect,
    )


class ReasonForm(forms.Form):
    reason = reason_field()


class NoteForm(forms.Form):
    note = reason_field(_("Ý kiến của Văn phòng"))


class AppointForm(forms.Form):
    handler = forms.ChoiceField(label=_("Người được giao cập nhật"), required=False)

    def __init__(self, *args: Any, people: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.people = {str(p.pk): p for p in people}
        field_of(self, "handler", forms.ChoiceField).choices = [
            ("", _("— Không phân công (lãnh đạo cơ quan tự cập nhật) —")),
            *((str(p.pk), p.full_name) for p in people),
        ]

    def clean_handler(self) -> Any:
        value = self.cleaned_data.get("handler") or ""
        return self.people.get(value) if value else None


def _unit_choices(units: list[Any]) -> list[tuple[str, str]]:
    base = min((u.depth for u in units), default=0)
    return [(str(u.pk), unit_label(u, base)) for u in units]


class ReassignForm(forms.Form):
    lead_unit = forms.ChoiceField(label=_("Cơ quan chủ trì mới"))
    reason = reason_field()

    def __init__(self, *args: Any, units: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.units = {str(u.pk): u for u in units}
        field_of(self, "lead_unit", forms.ChoiceField).choices = [
            ("", _("— Chọn cơ quan —")),
            *_unit_choices(units),
        ]

    def clean_lead_unit(self) -> Any:
        return self.units.get(self.cleaned_data.get("lead_unit") or "")


class UpdateForm(forms.Form):
    """The office corrects a task (seed 001 Đ9.2)."""

    content = forms.CharField(
        label=_("Nội dung nhiệm vụ"), max_length=MAX_CONTENT, widget=forms.Textarea(attrs={"rows": 4})
    )
    deadline = HorizonDateField(label=_("Thời hạn"), widget=DateInput(), input_formats=DATE_FORMATS)
    monitor = forms.ChoiceField(label=_("Người theo dõi"))
    co_units = forms.MultipleChoiceField(
        label=_("Cơ quan phối hợp"), required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(
        self, *args: Any, task: DirectiveTask, units: list[Any], monitors: list[Any], **kwargs: Any
    ) -> None:
        kwargs.setdefault(
            "initial",
            {
                "content": task.content,
                "deadline": task.deadline,
                "monitor": str(task.monitor_id),
                "co_units": [str(pk) for pk in task.co_units.values_list("pk", flat=True)],
            },
        )
        super().__init__(*args, **kwargs)
        self.units = {str(u.pk): u for u in units}
        self.monitors = {str(p.pk): p for p in monitors}
        field_of(self, "monitor", forms.ChoiceField).choices = [
            (k, p.full_name) for k, p in self.monitors.items()
        ]
        field_of(self, "co_units", forms.MultipleChoiceField).choices = _unit_choices(
            [u for u in units if u.pk != task.lead_unit_id]
        )

    def clean_monitor(self) -> Any:
        return self.monitors.get(self.cleaned_data.get("monitor") or "")

    def clean_co_units(self) -> list[Any]:
        return [self.units[v] for v in self.cleaned_data.get("co_units") or [] if v in self.units]


class DistributeForm(forms.Form):
    """Giao việc trong cơ quan (issue #10): a person or a unit of the lead agency, a title (the
    directive's number and the task's content when left empty), a deadline — a date or N working
    days from today; the task's deadline when left empty."""

    lead = forms.ChoiceField(label=_("Chủ trì"))
    title = forms.CharField(
        label=_("Tên công việc"),
        max_length=500,
        required=False,
        help_text=_("Để trống: số văn bản chỉ đạo và nội dung nhiệm vụ."),
    )
    deadline = HorizonDateField(
        label=_("Hạn hoàn thành (ngày)"),
        required=False,
        widget=DateInput(),
        input_formats=DATE_FORMATS,
        help_text=_("Để trống: thời hạn của nhiệm vụ chỉ đạo."),
    )
    deadline_working_days = forms.IntegerField(
        label=_("hoặc số ngày làm việc"), required=False, min_value=1, max_value=999
    )

    def __init__(self, *args: Any, choices: selectors.DistributeChoices, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.people = {f"user:{p.pk}": p for p in choices.people}
        self.units = {f"unit:{u.pk}": u for u in choices.units}
        options: list[Any] = [("", _("— Chọn người hoặc đơn vị chủ trì —"))]
        if choices.people:
            options.append((_("Cá nhân"), [(k, _person_label(p)) for k, p in self.people.items()]))
        if choices.units:
            base = min(u.depth for u in choices.units)
            units = [(k, unit_label(u, base)) for k, u in self.units.items()]
            options.append((_("Đơn vị (thủ trưởng đơn vị phân công tiếp)"), units))
        field_of(self, "lead", forms.ChoiceField).choices = options

    def clean_lead(self) -> dict[str, Any]:
        value = self.cleaned_data.get("lead") or ""
        if value in self.people:
            return {"lead_user": self.people[value], "lead_unit": None}
        if value in self.units:
            return {"lead_user": None, "lead_unit": self.units[value]}
        raise forms.ValidationError(_("Vui lòng chọn người hoặc đơn vị chủ trì trong danh sách."))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("deadline") and data.get("deadline_working_days"):
            self.add_error(
                "deadline_working_days", _("Chỉ nhập một trong hai: ngày hạn hoặc số ngày làm việc.")
            )
        return data


def _person_label(person: Any) -> str:
    post = getattr(person, "post", None)
    if post is None:
        return person.full_name
    return f"{person.full_name} — {post.position.name}, {post.unit.name}"


class FilterForm(forms.Form):
    """The filters of "Nhiệm vụ chỉ đạo"; the statistics pages link to the list with the same names."""

    q = forms.CharField(label=_("Tìm"), required=False, max_length=200)
    status = forms.ChoiceField(label=_("Trạng thái"), required=False)
    category = forms.ChoiceField(label=_("Nhóm"), required=False)
    overdue = forms.BooleanField(label=_("Chỉ nhiệm vụ quá hạn"), required=False)
    standing = forms.BooleanField(
        label=_("Hiện cả nhiệm vụ thường xuyên (không chỉ các kỳ báo cáo)"), required=False
    )
    agency = forms.ChoiceField(label=_("Cơ quan chủ trì"), required=False)
    signer = forms.ChoiceField(label=_("Người chỉ đạo"), required=False)
    start = HorizonDateField(label=_("Ban hành từ ngày"), required=False)
    end = HorizonDateField(label=_("đến ngày"), required=False)

    def __init__(self, *args: Any, agencies: list[Any], signers: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field_of(self, "status", forms.ChoiceField).choices = [
            ("", _("Tất cả")),
            (selectors.STATUS_OPEN, _("Chưa hoàn thành")),
            *DirectiveTask.Status.choices,
        ]
        field_of(self, "category", forms.ChoiceField).choices = [
            ("", _("Tất cả")),
            *selectors.CATEGORIES.items(),
        ]
        self._agencies = {str(u.pk): u for u in agencies}
        self._signers = {str(p.pk): p for p in signers}
        field_of(self, "agency", forms.ChoiceField).choices = [("", _("Tất cả")), *_unit_choices(agencies)]
        field_of(self, "signer", forms.ChoiceField).choices = [
            ("", _("Tất cả")),
            *((k, p.full_name) for k, p in self._signers.items()),
        ]

    def _extra(self, name: str, pool: dict[str, Any], model: Any) -> Any:
        """A unit or a person from the link of a statistics page, even if the picker has not offered it."""
        raw = self.data.get(name) or ""
        if not raw:
            return None
        if raw in pool:
            return pool[raw]
        if raw.isdigit() and len(raw) < 12:
            found = model.objects.filter(pk=int(raw)).first()
            if found is not None:
                field = field_of(self, name, forms.ChoiceField)
                label = found.name if hasattr(found, "name") else found.full_name
                field.choices = [*list(field.choices), (raw, label)]  # type: ignore[arg-type]
                return found
        return None

    def is_valid(self) -> bool:
        from congvu.accounts.models import User
        from congvu.org.models import Unit

        self.agency_obj = self._extra("agency", self._agencies, Unit)
        self.signer_obj = self._extra("signer", self._signers, User)
        return super().is_valid()

    def filters(self, tab: str) -> selectors.Filters:
        if not self.is_valid():
            data: dict[str, Any] = {k: v for k, v in self.cleaned_data.items() if k not in self.errors}
        else:
            data = self.cleaned_data
        start: dt.date | None = data.get("start")
        end: dt.date | None = data.get("end")
        return selectors.Filters(
            tab=tab,
            status=data.get("status") or "",
            overdue=bool(data.get("overdue")),
            text=data.get("q") or "",
            agency=self.agency_obj,
            signer=self.signer_obj,
            start=start,
            end=end,
            category=data.get("category") or "",
            standing=bool(data.get("standing")),
        )
