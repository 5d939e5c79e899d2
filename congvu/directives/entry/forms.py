"""Forms of the entry screens (DIR-1, DIR-8, DIR-9). A form reads and shapes input; the rules
(who signs, deadlines, the entry deadline, the office's officers) live in the services, whose
refusals come back onto the field they name."""

from __future__ import annotations

from typing import Any

from django import forms
from django.forms import formset_factory
from django.utils.translation import gettext_lazy as _

from congvu.core.forms import DATE_FORMATS, DateInput, HorizonDateField, field_of
from congvu.directives import services
from congvu.directives.entry import selectors
from congvu.directives.models import Directive, DirectiveTask, Urgency
from congvu.org.forms import AccountChoiceField, UnitChoiceField, UnitMultipleChoiceField, account_label
from congvu.org.models import Unit

TASK_ROWS = 3  # blank task rows of a new directive; "Thêm dòng nhiệm vụ" adds one more
MAX_TASK_ROWS = 30


def _person_label(person: Any) -> str:
    return person.full_name


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return _person_label(obj)


class FilterForm(forms.Form):
    """The list's filters, read from the query string (an invalid value is ignored)."""

    q = forms.CharField(
        label=_("Tìm kiếm"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("Số, ký hiệu hoặc trích yếu")}),
    )
    trang_thai = forms.ChoiceField(
        label=_("Trạng thái"), required=False, choices=[("", _("Mọi trạng thái")), *Directive.Status.choices]
    )
    nguoi_ky = forms.TypedChoiceField(label=_("Người chỉ đạo"), required=False, coerce=int, empty_value=None)
    do_khan = forms.ChoiceField(
        label=_("Độ khẩn"),
        required=False,
        choices=[("", _("Mọi mức")), ("urgent", _("Khẩn trở lên")), *Urgency.choices],
    )
    tre_han = forms.BooleanField(label=_("Chỉ văn bản cập nhật trễ hạn"), required=False)

    def __init__(self, data: Any, *, signers: list[Any]) -> None:
        super().__init__(data)
        self.signers = {p.pk: p for p in signers}
        field_of(self, "nguoi_ky", forms.ChoiceField).choices = [("", _("Mọi người"))] + [
            (p.pk, p.full_name) for p in signers
        ]

    def filters(self) -> selectors.Filters:
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return selectors.Filters(
            text=data.get("q") or "",
            status=data.get("trang_thai") or "",
            signer=self.signers.get(data.get("nguoi_ky")) if data.get("nguoi_ky") else None,
            urgency=data.get("do_khan") or "",
            late=bool(data.get("tre_han")),
        )


class AgencyChoiceForm(forms.Form):
    """Which agency the office enters for, when it keeps several."""

    agency = forms.TypedChoiceField(label=_("Cơ quan ban hành"), coerce=int)

    def __init__(self, data: Any, *, agencies: list[Unit]) -> None:
        super().__init__(data)
        field_of(self, "agency", forms.ChoiceField).choices = [(a.pk, a.name) for a in agencies]


class DirectiveForm(forms.Form):
    """The directive's header (seed 001 Đ8.1.a)."""

    number = forms.CharField(
        label=_("Số, ký hiệu"),
        max_length=services.MAX_NUMBER,
        widget=forms.TextInput(attrs={"autofocus": True}),
    )
    kind = forms.ChoiceField(label=_("Loại văn bản"), choices=Directive.Kind.choices)
    subject = forms.CharField(
        label=_("Trích yếu"), max_length=services.MAX_SUBJECT, widget=forms.Textarea(attrs={"rows": 3})
    )
    issued_on = HorizonDateField(label=_("Ngày ban hành"), widget=DateInput(), input_formats=DATE_FORMATS)
    signer = PersonChoiceField(label=_("Người chỉ đạo"), queryset=None, empty_label=_("— Chọn lãnh đạo —"))
    urgency = forms.ChoiceField(label=_("Độ khẩn"), choices=Urgency.choices, initial=Urgency.NORMAL)
    file = forms.FileField(
        label=_("Tệp văn bản"),
        required=False,
        help_text=_("PDF, Word…; tối đa 25 MB. Không gửi tài liệu mật."),
    )

    def __init__(self, *args: Any, leaders: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from congvu.accounts.models import User

        field = field_of(self, "signer", PersonChoiceField)
        field.queryset = User.objects.filter(pk__in=[p.pk for p in leaders])
        field.choices = [("", field.empty_label), *((p.pk, _person_label(p)) for p in leaders)]


class TaskForm(forms.Form):
    """One task (seed 001 Đ8.1.b–đ): content, lead agency, co-operating agencies, deadline (a date or
    N working days from the issue date), the monitor of the office, a recurrence for standing tasks."""

    content = forms.CharField(
        label=_("Nội dung nhiệm vụ"),
        max_length=services.MAX_CONTENT,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    lead_unit = UnitChoiceField(
        label=_("Cơ quan chủ trì"), queryset=Unit.objects.none(), empty_label=_("— Chọn cơ quan chủ trì —"),
        error_messages={"required": _("Vui lòng chọn cơ quan chủ trì."),
                        "invalid_choice": _("Vui lòng chọn cơ quan chủ trì trong danh sách.")},
    )  # fmt: skip
    co_units = UnitMultipleChoiceField(
        label=_("Cơ quan phối hợp"),
        queryset=Unit.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    deadline = HorizonDateField(
        label=_("Thời hạn (ngày)"), required=False, widget=DateInput(), input_formats=DATE_FORMATS
    )
    deadline_working_days = forms.IntegerField(
        label=_("hoặc số ngày làm việc"),
        required=False,
        min_value=1,
        max_value=999,
        widget=forms.NumberInput(attrs={"min": 1, "max": 999, "inputmode": "numeric"}),
        help_text=_("Tính từ ngày ban hành, không kể ngày nghỉ, lễ, Tết."),
    )
    monitor = PersonChoiceField(
        label=_("Người theo dõi (Văn phòng)"), queryset=None, empty_label=_("— Chọn người theo dõi —"),
        error_messages={"required": _("Vui lòng chọn người theo dõi của Văn phòng.")},
    )  # fmt: skip
    recurrence = forms.ChoiceField(
        label=_("Báo cáo định kỳ"), required=False, choices=DirectiveTask.Recurrence.choices
    )
    recurrence_until = HorizonDateField(
        label=_("Định kỳ đến ngày"), required=False, widget=DateInput(), input_formats=DATE_FORMATS
    )

    def __init__(self, *args: Any, units: list[Unit], officers: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        base = min((u.depth for u in units), default=0)
        lead = field_of(self, "lead_unit", UnitChoiceField)
        lead.queryset = Unit.objects.filter(pk__in=[u.pk for u in units])
        lead.base_depth = base
        from congvu.org.forms import unit_label

        lead.choices = [("", lead.empty_label), *((u.pk, unit_label(u, base)) for u in units)]
        co = field_of(self, "co_units", UnitMultipleChoiceField)
        co.queryset = Unit.objects.filter(pk__in=[u.pk for u in units])
        co.choices = [(u.pk, unit_label(u, base)) for u in units]
        from congvu.accounts.models import User

        monitor = field_of(self, "monitor", PersonChoiceField)
        monitor.queryset = User.objects.filter(pk__in=[p.pk for p in officers])
        monitor.choices = [("", monitor.empty_label), *((p.pk, _person_label(p)) for p in officers)]

    def task_input(self) -> services.TaskInput:
        data = self.cleaned_data
        return services.TaskInput(
            content=data.get("content") or "",
            lead_unit=data.get("lead_unit"),
            monitor=data.get("monitor"),
            deadline=data.get("deadline"),
            deadline_working_days=data.get("deadline_working_days"),
            co_units=list(data.get("co_units") or []),
            recurrence=data.get("recurrence") or "",
            recurrence_until=data.get("recurrence_until"),
        )


class BaseTaskFormSet(forms.BaseFormSet):
    def filled(self) -> list[TaskForm]:
        """The rows the person filled (a blank row is no task)."""
        return [f for f in self.forms if f.has_changed()]


def task_formset(rows: int = TASK_ROWS) -> type[BaseTaskFormSet]:
    rows = max(1, min(rows, MAX_TASK_ROWS))
    return formset_factory(  # type: ignore[return-value]
        TaskForm, formset=BaseTaskFormSet, extra=rows, max_num=services.MAX_TASKS, validate_max=True
    )


class GrantForm(forms.Form):
    """DIR-8: an account and the agency whose directive data it may read."""

    user = AccountChoiceField(
        label=_("Tài khoản"),
        queryset=None,
        widget=forms.RadioSelect,
        error_messages={"required": _("Hãy tìm và chọn một tài khoản."),
                        "invalid_choice": _("Tài khoản không hợp lệ.")},
    )  # fmt: skip
    unit = UnitChoiceField(
        label=_("Cơ quan được xem"), queryset=Unit.objects.none(), empty_label=_("— Chọn cơ quan —"),
        error_messages={"required": _("Vui lòng chọn cơ quan.")},
    )  # fmt: skip

    def __init__(self, *args: Any, units: list[Unit], candidates: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from congvu.accounts.models import User

        account = field_of(self, "user", AccountChoiceField)
        account.queryset = User.objects.filter(status=User.Status.ACTIVE)
        account.widget.choices = [(u.pk, account_label(u)) for u in candidates]
        unit = field_of(self, "unit", UnitChoiceField)
        unit.queryset = Unit.objects.filter(pk__in=[u.pk for u in units])
        base = min((u.depth for u in units), default=0)
        unit.base_depth = base
        from congvu.org.forms import unit_label

        unit.choices = [("", unit.empty_label), *((u.pk, unit_label(u, base)) for u in units)]


class AccountSearchForm(forms.Form):
    q = forms.CharField(
        label=_("Tìm tài khoản"),
        required=False,
        max_length=100,
        help_text=_("Họ tên, tên đăng nhập hoặc thư điện tử; gõ không dấu cũng được."),
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )
