"""Form pieces every module shares: the date picker and date field, the reason box, and the one
helper that shows a service's refusal on the field it names (STYLE: Refusals, views and API).

Unit and account pickers speak the organisation's language and live in ``congvu.org.forms``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, TypeVar

from django import forms
from django.utils.translation import gettext_lazy as _

from congvu.core.decisions import Refused
from congvu.core.workflow import MAX_REASON

DATE_FORMATS = ["%Y-%m-%d", "%d/%m/%Y"]


class DateInput(forms.DateInput):
    """The browser's date picker (the value travels as ISO yyyy-mm-dd)."""

    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None, **kwargs: Any) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class DateField(forms.DateField):
    """A day typed in the picker, or as dd/mm/yyyy."""

    widget = DateInput
    input_formats = DATE_FORMATS


class HorizonDateField(DateField):
    """A day the person plans or searches by: within today ± ``CONGVU_DATE_HORIZON_YEARS`` years
    (``congvu.core.calendar.horizon``), refused with the range otherwise."""

    def clean(self, value: Any) -> Any:
        day = super().clean(value)
        if day is not None:
            from congvu.core import calendar

            try:
                calendar.check_in_horizon(day, field=None)
            except Refused as refused:
                raise forms.ValidationError(refused.message, code="horizon") from None
        return day


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files from one input, each an uploaded file or none; what they hold is judged later,
    when the service stores them through the core file service (DOC-6)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput(attrs={"multiple": True}))
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        if not data:
            return []
        files = data if isinstance(data, list | tuple) else [data]
        return [super(MultipleFileField, self).clean(f, initial) for f in files if f]


def reason_field(
    label: Any = None,
    *,
    required: bool = False,
    max_length: int | None = MAX_REASON,
    rows: int = 2,
    help_text: Any = "",
    required_message: Any = None,
) -> forms.CharField:
    """The reason (or note) that goes with a decision. Most services check a missing reason
    themselves, so the box is optional here unless ``required`` says otherwise."""
    error_messages = {"required": required_message} if required_message else None
    return forms.CharField(
        label=label or _("Lý do"),
        required=required,
        max_length=max_length,
        widget=forms.Textarea(attrs={"rows": rows}),
        help_text=help_text,
        error_messages=error_messages,
    )


class ReasonForm(forms.Form):
    """Just a reason: returns, cancellations, suspensions."""

    reason = reason_field()


def bind_refusal(
    form: forms.BaseForm,
    refused: Refused,
    *,
    fallback: str | None = None,
    nested: dict[str, Sequence[forms.BaseForm]] | None = None,
) -> None:
    """Show a service's refusal on the field it names — else on ``fallback``, else on the form.

    A field named ``"<name>.<i>.<field>"`` (the i-th line of a list the service was given) goes to
    that field of the i-th form of ``nested[name]`` (a formset's forms). An error on a hidden
    field would never be seen, so it goes to the fallback or the form."""
    name, _dot, rest = (refused.field or "").partition(".")
    index, _dot, sub = rest.partition(".")
    lines = (nested or {}).get(name)
    if lines is not None and index.isdigit() and int(index) < len(lines) and sub in lines[int(index)].fields:
        lines[int(index)].add_error(sub, refused.message)
        return
    field = refused.field if refused.field in form.fields else None
    if field is not None and form.fields[field].widget.is_hidden:
        field = None
    if field is None and fallback in form.fields:
        field = fallback
    form.add_error(field, refused.message)


FieldT = TypeVar("FieldT", bound=forms.Field)


def field_of(form: forms.BaseForm, name: str, kind: type[FieldT]) -> FieldT:
    """A form's field as the kind it is (to set its choices or queryset at run time)."""
    field = form.fields[name]
    if not isinstance(field, kind):
        raise TypeError(f"{type(form).__name__}.{name} is a {type(field).__name__}, not a {kind.__name__}")
    return field
