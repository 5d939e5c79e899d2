"""``{% error_summary %}``: the errors of every form on the page, listed once at its top.

A form that fails is shown again where it sits — on a phone that may be far below the fold (an
action form of the item page, in the side column). The summary at the top of the page names each
error and links to its field; ``congvu.js`` then moves the focus to the first wrong field (opening
the ``<details>`` that holds it). The base layout calls the tag, so no page has to remember it: it
finds the bound forms and formsets in the page's context, directly or in a dict of forms.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django import template
from django.forms import BaseForm, BaseFormSet

register = template.Library()


@dataclass(frozen=True)
class ErrorLine:
    message: str
    label: str = ""
    target: str = ""  # the id of the field to go to; none for an error of the whole form


def _candidates(context: template.Context) -> Iterator[Any]:
    values: dict[Any, Any] = context.flatten()
    for value in values.values():
        # ``type()`` and not ``isinstance()``: a lazy object (the user, the CSRF token) stays lazy.
        if issubclass(type(value), dict):
            yield from value.values()
        else:
            yield value


def _forms(context: template.Context) -> Iterator[BaseForm | BaseFormSet]:
    seen: set[int] = set()
    for value in _candidates(context):
        if issubclass(type(value), BaseForm | BaseFormSet) and id(value) not in seen and value.is_bound:
            seen.add(id(value))
            yield value


def _field_target(form: BaseForm, name: str) -> str:
    bound = form[name]
    if bound.is_hidden:
        return ""
    if bound.id_for_label:
        return bound.id_for_label
    # Radio buttons and checkbox lists: the first choice (their group has no id of its own).
    return f"{bound.auto_id}_0" if bound.auto_id else ""


def form_errors(form: BaseForm) -> list[ErrorLine]:
    lines = [ErrorLine(str(message)) for message in form.non_field_errors()]
    for name, messages in form.errors.items():
        if name not in form.fields:
            continue  # the non-field errors, listed above
        target = _field_target(form, name)
        label = str(form[name].label or "") if target else ""
        for message in map(str, messages):
            # "Mã xác thực: Mã xác thực không đúng" says the name twice.
            named = label and not message.lower().startswith(label.lower())
            lines.append(ErrorLine(message, label if named else "", target))
    return lines


def page_errors(context: template.Context) -> list[ErrorLine]:
    """Every error of the bound forms and formsets in ``context``."""
    lines: list[ErrorLine] = []
    for found in _forms(context):
        if isinstance(found, BaseFormSet):
            lines.extend(ErrorLine(str(message)) for message in found.non_form_errors())
            for form in found.forms:
                lines.extend(form_errors(form))
        else:
            lines.extend(form_errors(found))
    return lines


@register.inclusion_tag("partials/error_summary.html", takes_context=True)
def error_summary(context: template.Context) -> dict[str, Any]:
    return {"errors": page_errors(context)}
