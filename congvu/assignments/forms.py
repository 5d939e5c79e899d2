"""Forms of the work screens (issue #3). A form reads and shapes input; the rules (who may give work
to whom, deadlines, ratings, reasons) live in the services, whose refusals come back onto the form."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django import forms
from django.conf import settings
from django.forms.utils import flatatt
from django.utils import timezone
from django.utils.html import conditional_escape, linebreaks
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

from congvu.assignments import policies, selectors
from congvu.assignments.models import Assignment
from congvu.core.forms import (
    DATE_FORMATS,
    DateInput,
    HorizonDateField,
    MultipleFileField,
    field_of,
    reason_field,
)
from congvu.org.forms import unit_label

# Formatting an editor would send; text without any of it is plain text, kept as typed.
_BLOCKS = re.compile(r"</?(p|br|div|ul|ol|li|blockquote|h3|h4|table)\b", re.IGNORECASE)
_FORMATTING = re.compile(r"</?(p|br|div|ul|ol|li|strong|b|em|i|u|a|blockquote|h3|h4|table)\b", re.IGNORECASE)


class FastSelect(forms.Select):
    """Django's select markup built in Python: a list of hundreds of people (a director's whole
    subtree) renders in a millisecond instead of one template per option."""

    def render(
        self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None
    ) -> SafeString:
        final = self.build_attrs(self.attrs, attrs)
        final["name"] = name
        selected = set(self.format_value(value))
        body = "".join(_options(self.choices, selected))
        return mark_safe(f"<select{flatatt(final)}>{body}</select>")  # noqa: S308 - every part escaped


def _options(choices: Any, selected: set[str]) -> Any:
    for value, label in choices:
        if isinstance(label, list | tuple):
            yield f'<optgroup label="{conditional_escape(str(value))}">'
            yield from _options(label, selected)
            yield "</optgroup>"
            continue
        text = "" if value is None else str(value)
        mark = " selected" if text in selected else ""
        yield f'<option value="{conditional_escape(text)}"{mark}>{conditional_escape(label)}</option>'


class FastCheckboxSelectMultiple(forms.CheckboxSelectMultiple):
    """Django's checkbox-list markup (div > div > label > input) built in Python, for long lists."""

    def render(
        self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None
    ) -> SafeString:
        final = self.build_attrs(self.attrs, attrs)
        base_id = final.pop("id", f"id_{name}")
        final.pop("required", None)  # a checkbox list is never "required" box by box
        checked = set(self.format_value(value))
        rows = []
        for index, (option, label) in enumerate(self.choices):
            text = str(option)
            mark = " checked" if text in checked else ""
            box_id = f"{base_id}_{index}"
            rows.append(
                f'<div><label for="{box_id}"><input type="checkbox" name="{conditional_escape(name)}" '
                f'value="{conditional_escape(text)}" id="{box_id}"{flatatt(final)}{mark}> {conditional_escape(str(label))}</label></div>'
            )
        return mark_safe(f'<div id="{conditional_escape(base_id)}">{"".join(rows)}</div>')  # noqa: S308 - escaped


def person_label(person: Any) -> str:
    post = getattr(person, "post", None)
    if post is None:
        return person.full_name
    return f"{person.full_name} — {post.position.name}, {post.unit.name}"


LEAD_NOT_OFFERED = _("Vui lòng chọn người hoặc đơn vị chủ trì trong danh sách.")


def _lead_choices(candidates: selectors.Candidates, actor: Any) -> list[Any]:
    people = [
        (f"user:{p.pk}", person_label(p) + (str(_(" (tự giao)")) if p.pk == actor.pk else ""))
        for p in candidates.people
    ]
    choices: list[Any] = [("", _("— Chọn người hoặc đơn vị chủ trì —")), (_("Cá nhân"), people)]
    if candidates.units:
        choices.append(
            (
                _("Đơn vị (thủ trưởng đơn vị phân công tiếp)"),
                [(f"unit:{u.pk}", unit_label(u, 1)) for u in candidates.units],
            )
        )
    return choices


class LeadChoiceMixin:
    """A single "lead" field holding ``user:<id>`` or ``unit:<id>``, offered from the candidates."""

    candidates: selectors.Candidates

    def _resolve_lead(self, value: str) -> dict[str, Any]:
        kind, _sep, raw = (value or "").partition(":")
        if kind == "user":
            person = next((p for p in self.candidates.people if str(p.pk) == raw), None)
            if person is not None:
                return {"lead_user": person, "lead_unit": None}
        if kind == "unit":
            unit = next((u for u in self.candidates.units if str(u.pk) == raw), None)
            if unit is not None:
                return {"lead_user": None, "lead_unit": unit}
        raise forms.ValidationError(LEAD_NOT_OFFERED)


class AssignmentForm(LeadChoiceMixin, forms.Form):
    """The "Giao việc" form (TASK-1, TASK-2)."""

    title = forms.CharField(
        label=_("Tên công việc"), max_length=500, widget=forms.TextInput(attrs={"autofocus": True})
    )
    description = forms.CharField(
        label=_("Nội dung, yêu cầu"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5, "data-rich": "1"}),
        help_text=_("Có thể xuống dòng; chữ đậm, nghiêng (nút B, I) được giữ lại."),
    )
    lead = forms.ChoiceField(
        label=_("Chủ trì"), widget=FastSelect, error_messages={"invalid_choice": LEAD_NOT_OFFERED}
    )
    co_assignees = forms.MultipleChoiceField(
        label=_("Phối hợp"), required=False, widget=FastCheckboxSelectMultiple,
        help_text=_("Người cùng thực hiện, báo cáo được tiến độ."),
    )  # fmt: skip
    followers = forms.MultipleChoiceField(
        label=_("Theo dõi"), required=False, widget=FastCheckboxSelectMultiple,
        help_text=_("Người được xem và nhận thông báo về công việc."),
    )  # fmt: skip
    start_date = HorizonDateField(label=_("Ngày bắt đầu"), widget=DateInput(), input_formats=DATE_FORMATS)
    deadline = HorizonDateField(
        label=_("Hạn hoàn thành (ngày)"), required=False, widget=DateInput(), input_formats=DATE_FORMATS
    )
    deadline_working_days = forms.IntegerField(
        label=_("hoặc số ngày làm việc"),
        required=False,
        min_value=1,
        max_value=999,
        widget=forms.NumberInput(attrs={"min": 1, "max": 999, "inputmode": "numeric"}),
        help_text=_("Tính từ ngày bắt đầu, không kể ngày nghỉ, lễ, Tết."),
    )
    priority = forms.TypedChoiceField(
        label=_("Mức ưu tiên"),
        coerce=int,
        choices=Assignment.Priority.choices,
        initial=Assignment.Priority.NORMAL,
    )
    checklist = forms.CharField(
        label=_("Các đầu việc"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Mỗi dòng một đầu việc; người chủ trì đánh dấu khi làm xong."),
    )
    attachments = MultipleFileField(
        label=_("Tệp đính kèm"),
        help_text=_("PDF, Word, Excel…; tối đa 25 MB mỗi tệp. Không gửi tài liệu mật."),
    )
    parent = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(
        self,
        *args: Any,
        actor: Any,
        candidates: selectors.Candidates,
        parent: Assignment | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.actor = actor
        self.candidates = candidates
        self.parent_item = parent
        field_of(self, "lead", forms.ChoiceField).choices = _lead_choices(candidates, actor)
        others = [p for p in candidates.people if p.pk != actor.pk]
        field_of(self, "co_assignees", forms.ChoiceField).choices = [
            (str(p.pk), person_label(p)) for p in others
        ]
        if not others:
            del self.fields["co_assignees"]
        field_of(self, "followers", forms.ChoiceField).choices = [
            (str(p.pk), person_label(p)) for p in candidates.followers if p.pk != actor.pk
        ]
        if not field_of(self, "followers", forms.ChoiceField).choices:
            del self.fields["followers"]
        if len(candidates.people) == 1 and not candidates.units:
            self.fields["lead"].help_text = _(
                "Công chức, viên chức tự giao việc cho mình; lãnh đạo đơn vị duyệt kết quả."
            )
        if not self.is_bound:
            self.initial.setdefault("start_date", timezone.localdate())
            if len(candidates.people) == 1 and not candidates.units:
                self.initial.setdefault("lead", f"user:{actor.pk}")
            if parent is not None:
                self.initial["parent"] = parent.pk
                self.initial.setdefault("deadline", parent.deadline)

    def clean_lead(self) -> dict[str, Any]:
        return self._resolve_lead(self.cleaned_data["lead"])

    def _people(self, name: str, pool: list[Any]) -> list[Any]:
        chosen = set(self.cleaned_data.get(name) or [])
        return [p for p in pool if str(p.pk) in chosen]

    def clean_co_assignees(self) -> list[Any]:
        return self._people("co_assignees", self.candidates.people)

    def clean_followers(self) -> list[Any]:
        return self._people("followers", self.candidates.followers)

    def clean_description(self) -> str:
        text = (self.cleaned_data.get("description") or "").strip()
        if text and not _FORMATTING.search(text):
            return linebreaks(text, autoescape=True)  # plain text keeps its lines, "<" and all
        if text and not _BLOCKS.search(text):
            return "<br>\n".join(text.splitlines())  # bold/italic from the toolbar, lines kept
        return text

    def clean_checklist(self) -> list[str]:
        return [
            line.strip(" -•\t")
            for line in (self.cleaned_data.get("checklist") or "").splitlines()
            if line.strip(" -•\t")
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("deadline") and data.get("deadline_working_days"):
            self.add_error(
                "deadline_working_days", _("Chỉ nhập một trong hai: ngày hạn hoặc số ngày làm việc.")
            )
        return data

    def service_kwargs(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "title": data["title"],
            "description": data["description"],
            **data["lead"],
            "start_date": data["start_date"],
            "deadline": data.get("deadline"),
            "deadline_working_days": data.get("deadline_working_days"),
            "priority": data["priority"],
            "co_assignees": data.get("co_assignees") or [],
            "followers": data.get("followers") or [],
            "checklist": data.get("checklist") or [],
            "parent": self.parent_item,
        }

    @property
    def computed_deadline(self) -> dt.date | None:
        """The date "N ngày làm việc" gives, shown beside the field after a refused post."""
        data = getattr(self, "cleaned_data", {})
        if data.get("start_date") and data.get("deadline_working_days"):
            return selectors.deadline_preview(data["start_date"], data["deadline_working_days"])
        return None


class DeadlinePreviewForm(forms.Form):
    """The inputs of the live preview beside the deadline: "N ngày làm việc → date", or a date
    typed that cannot be a deadline (past, a day off: the next working day is proposed)."""

    start_date = HorizonDateField(input_formats=DATE_FORMATS, required=False)
    deadline = HorizonDateField(input_formats=DATE_FORMATS, required=False)
    deadline_working_days = forms.IntegerField(min_value=1, max_value=999, required=False)

    def preview(self) -> tuple[dt.date | None, str]:
        """(the deadline the working days give, or None; what is wrong with the date typed, or "")."""
        if not self.is_valid():  # a day beyond the horizon is said; other slips wait for the post
            horizon = [e.message for f in ("deadline", "start_date") for e in self.errors.as_data().get(f, ())
                       if e.code == "horizon"]  # fmt: skip
            return None, str(horizon[0]) if horizon else ""
        data = self.cleaned_data
        if data["start_date"] and data["deadline_working_days"]:
            return selectors.deadline_preview(data["start_date"], data["deadline_working_days"]), ""
        if data["deadline"]:
            decision = policies.deadline_allowed(data["deadline"])
            return None, "" if decision else decision.reason
        return None, ""


# --- the item page's actions ----------------------------------------------------------------------


class ProgressForm(forms.Form):
    percent = forms.IntegerField(
        label=_("Tiến độ (%)"),
        widget=forms.NumberInput(attrs={"min": 0, "max": 100, "step": 5, "inputmode": "numeric"}),
    )
    text = forms.CharField(
        label=_("Nội dung báo cáo"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    files = MultipleFileField(label=_("Tệp kèm theo"))  # type: ignore[assignment]  # a field, not form.files

    def __init__(self, *args: Any, item: Assignment | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if item is not None and not self.is_bound:
            self.initial.setdefault("percent", item.progress)


class SubmitForm(forms.Form):
    """The result: a note or files (or both); below 100 % the lead confirms it is sent anyway."""

    note = forms.CharField(
        label=_("Ghi chú kết quả"), required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Tóm tắt kết quả gửi người duyệt; có thể kèm tệp."),
    )  # fmt: skip
    files = MultipleFileField(label=_("Tệp kết quả"))  # type: ignore[assignment]  # a field, not form.files
    incomplete_confirmed = forms.BooleanField(
        label=_("Tôi xác nhận gửi kết quả khi tiến độ chưa đạt 100%"), required=False
    )

    def __init__(self, *args: Any, item: Assignment | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if item is not None and item.progress >= 100:
            del self.fields["incomplete_confirmed"]
        elif item is not None:
            self.fields["incomplete_confirmed"].help_text = _("Tiến độ hiện tại: %(p)s%%.") % {
                "p": item.progress
            }


def _rating_choices() -> list[tuple[int, str]]:
    top = getattr(settings, "ASSIGNMENT_RATING_MAX", 5)
    return [(n, f"{n}") for n in range(1, top + 1)]


class ApproveForm(forms.Form):
    rating = forms.TypedChoiceField(label=_("Đánh giá"), coerce=int, widget=forms.RadioSelect)
    comment = forms.CharField(label=_("Nhận xét"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = _rating_choices()
        field_of(self, "rating", forms.ChoiceField).choices = choices
        top = len(choices)
        self.fields["rating"].help_text = _("Từ 1 (chưa đạt) đến %(top)d (xuất sắc).") % {"top": top}


class ReasonForm(forms.Form):
    """The mandatory reason of a return or a cancellation (the service refuses an empty one)."""

    reason = reason_field()


class ReassignForm(LeadChoiceMixin, forms.Form):
    lead = forms.ChoiceField(
        label=_("Chủ trì mới"), widget=FastSelect, error_messages={"invalid_choice": LEAD_NOT_OFFERED}
    )
    reason = forms.CharField(
        label=_("Lý do giao lại"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, actor: Any, candidates: selectors.Candidates, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.candidates = candidates
        field_of(self, "lead", forms.ChoiceField).choices = _lead_choices(candidates, actor)

    def clean_lead(self) -> dict[str, Any]:
        return self._resolve_lead(self.cleaned_data["lead"])


class ExtensionRequestForm(forms.Form):
    new_deadline = HorizonDateField(
        label=_("Hạn mới đề nghị"), widget=DateInput(), input_formats=DATE_FORMATS
    )
    reason = forms.CharField(label=_("Lý do"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class ExtensionDecisionForm(forms.Form):
    note = forms.CharField(
        label=_("Ý kiến"), required=False, widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Bắt buộc khi không đồng ý gia hạn."),
    )  # fmt: skip


class AttachForm(forms.Form):
    files = MultipleFileField(label=_("Tệp đính kèm"))  # type: ignore[assignment]  # a field, not form.files


# --- list filters ---------------------------------------------------------------------------------


class FilterForm(forms.Form):
    """The filters of a list screen, read from the query string (all optional)."""

    q = forms.CharField(label=_("Tìm kiếm"), required=False, max_length=200,
                        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("Tên hoặc nội dung công việc")}))  # fmt: skip
    trang_thai = forms.ChoiceField(label=_("Trạng thái"), required=False, choices=selectors.STATUS_CHOICES)
    uu_tien = forms.TypedChoiceField(
        label=_("Ưu tiên"), required=False, coerce=int, empty_value=None,
        choices=[("", _("Mọi mức")), *Assignment.Priority.choices],
    )  # fmt: skip
    nguoi = forms.TypedChoiceField(
        label=_("Người chủ trì"), required=False, coerce=int, empty_value=None, widget=FastSelect
    )
    don_vi = forms.TypedChoiceField(
        label=_("Đơn vị"), required=False, coerce=int, empty_value=None, widget=FastSelect
    )
    han_tu = HorizonDateField(
        label=_("Hạn từ ngày"), required=False, widget=DateInput(), input_formats=DATE_FORMATS
    )
    han_den = HorizonDateField(
        label=_("Hạn đến ngày"), required=False, widget=DateInput(), input_formats=DATE_FORMATS
    )
    sap_xep = forms.ChoiceField(label=_("Sắp xếp"), required=False, choices=selectors.SORT_CHOICES)
    nam = forms.TypedChoiceField(label=_("Năm hoàn thành"), required=False, coerce=int, empty_value=None)

    def __init__(
        self,
        data: Any,
        *,
        fields: tuple[str, ...],
        people: list[Any] | None = None,
        units: list[Any] | None = None,
        years: list[int] | None = None,
    ) -> None:
        super().__init__(data)
        for name in list(self.fields):
            if name not in fields:
                del self.fields[name]
        self.people = {p.pk: p for p in people or []}
        self.units = {u.pk: u for u in units or []}
        if "nguoi" in self.fields:
            field_of(self, "nguoi", forms.ChoiceField).choices = [("", _("Mọi người"))] + [
                (p.pk, p.full_name) for p in people or []
            ]
        if "don_vi" in self.fields:
            field_of(self, "don_vi", forms.ChoiceField).choices = [("", _("Cả phạm vi"))] + [
                (u.pk, unit_label(u, 1)) for u in units or []
            ]
        if "nam" in self.fields:
            field_of(self, "nam", forms.ChoiceField).choices = [(y, str(y)) for y in years or []]
            self.fields["nam"].initial = years[0] if years else None  # this year: not a filter

    def filters(self) -> selectors.Filters:
        """The valid part of the request (an invalid value is ignored, never an error page)."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return selectors.Filters(
            text=data.get("q") or "",
            status=data.get("trang_thai") or selectors.STATUS_OPEN,
            priority=data.get("uu_tien"),
            person=self.people.get(data.get("nguoi")) if data.get("nguoi") else None,
            unit=self.units.get(data.get("don_vi")) if data.get("don_vi") else None,
            due_from=data.get("han_tu"),
            due_to=data.get("han_den"),
            sort=data.get("sap_xep") or "han",
            completed_year=data.get("nam"),
        )
