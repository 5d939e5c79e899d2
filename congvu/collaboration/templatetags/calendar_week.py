"""``{% calendar_week_grid page %}``: the week's grid (seven days, morning and afternoon), built in
Python.

The agency's week holds some fifteen entries of eight values each, in fourteen cells; rendered by the
template engine that was most of the page's time. The markup is what the template wrote, each value
escaped by ``format_html``.
"""

from __future__ import annotations

from typing import Any

from django import template
from django.template.defaultfilters import linebreaksbr, truncatechars
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

register = template.Library()


def _meta(key: str, value: str) -> SafeString:
    return format_html('\n        <span class="cal-meta"><span class="k">{}:</span> {}</span>', key, value)


def _entry(entry: Any, labels: dict[str, str], edit: tuple[str, str] | None) -> SafeString:
    changed = bool(getattr(entry, "changed", False))
    parts = [
        format_html(
            '<li class="cal-entry{}"><span class="cal-time">{}</span>{}\n'
            '        <span class="cal-content">{}</span>',
            " changed" if changed else "",
            entry.when or labels["all_day"],
            format_html(' <span class="status status-warn">{}</span>', labels["changed"]) if changed else "",
            linebreaksbr(entry.content, autoescape=True),
        )
    ]
    if entry.host_label:
        parts.append(_meta(labels["host"], entry.host_label))
    if entry.people_label:
        parts.append(_meta(labels["people"], entry.people_label))
    if entry.preparing_unit_id:
        parts.append(_meta(labels["preparing"], entry.preparing_unit.name))
    if entry.place:
        parts.append(_meta(labels["place"], entry.place))
    if edit is not None:
        parts.append(
            format_html(
                '\n        <a class="small cal-edit" href="{}/{}/{}">{}<span class="visually-hidden"> {}</span></a>',
                edit[0],
                entry.pk,
                edit[1],
                labels["edit"],
                truncatechars(entry.content, 40),
            )
        )
    parts.append(mark_safe("\n      </li>"))  # noqa: S308 — a constant
    return mark_safe("".join(parts))  # noqa: S308 — each part built by format_html


@register.simple_tag
def calendar_week_grid(page: Any) -> SafeString:
    labels = {
        "all_day": gettext("Cả ngày"),
        "changed": gettext("Điều chỉnh"),
        "host": gettext("Chủ trì"),
        "people": gettext("Thành phần"),
        "preparing": gettext("Chuẩn bị"),
        "place": gettext("Địa điểm"),
        "edit": gettext("Sửa"),
        "am": gettext("Sáng"),
        "pm": gettext("Chiều"),
    }
    # The edit page's address is the same for every entry but its id: reversed once, split at the id.
    edit = None
    if page.keeps:
        head, tail = reverse("collaboration:calendar_entry_edit", args=[0]).rsplit("/0/", 1)
        edit = (head, tail)
    today_badge = format_html(' <span class="status status-info">{}</span>', gettext("Hôm nay"))
    out = [
        format_html(
            '<div class="cal-week" role="list" aria-label="{}">\n'
            '    <div class="cal-part am" aria-hidden="true">{}</div>'
            '<div class="cal-part pm" aria-hidden="true">{}</div>\n    ',
            gettext("Các ngày trong tuần"),
            labels["am"],
            labels["pm"],
        )
    ]
    for number, slot in enumerate(page.days, start=1):
        today = " today" if slot.is_today else ""
        out.append(
            format_html(
                '\n    <div class="cal-day-head d{}{}" role="listitem"><strong>{}</strong> <span>{}</span>{}</div>\n    ',
                number,
                today,
                slot.name,
                slot.day.strftime("%d/%m"),
                today_badge if slot.is_today else "",
            )
        )
        for part, entries in slot.parts:
            items = (
                format_html(
                    '<ul class="cal-entries">{}</ul>',
                    format_html_join("", "{}", ((_entry(e, labels, edit),) for e in entries)),
                )
                if entries
                else ""
            )
            out.append(
                format_html(
                    '<div class="cal-cell {} d{}{}{}"><span class="cal-part-label">{}</span>\n      {}</div>',
                    part,
                    number,
                    today,
                    "" if entries else " empty",
                    labels[part],
                    items,
                )
            )
        out.append(mark_safe("\n    "))  # noqa: S308 — a constant
    out.append(mark_safe("\n  </div>\n"))  # noqa: S308 — a constant
    return mark_safe("".join(out))  # noqa: S308 — each part built by format_html
