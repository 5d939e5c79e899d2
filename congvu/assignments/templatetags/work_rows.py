"""``{% work_rows page show_lead show_assigner %}``: the rows of a work list, built in Python.

A list page shows fifty rows of some twenty values each; rendered by the template engine that was a
thousand variable lookups and most of the page's time. The markup is the same as a template would
write (``_rows.html`` holds the table around it), each value escaped by ``format_html``.
"""

from __future__ import annotations

from typing import Any

from django import template
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

register = template.Library()


def _meta(item: Any, show_lead: bool, show_assigner: bool) -> SafeString:
    parts: list[SafeString] = []
    if show_lead:
        parts.append(format_html("{}: {}", gettext("Chủ trì"), item.lead_display))
    if show_assigner:
        giver = format_html("{}: {}", gettext("Giao"), item.assigner.full_name)
        if item.assigned_on_behalf_of_id:
            behalf = gettext("(thay mặt %(p)s)") % {"p": item.assigned_on_behalf_of.full_name}
            giver = format_html("{} {}", giver, behalf)
        parts.append(giver)
    text = mark_safe(" · ".join(parts))  # noqa: S308 — each part built by format_html
    if getattr(item, "for_principal", False):
        whose = gettext("việc của %(p)s") % {"p": item.lead_user.full_name}
        text = format_html('{} <span class="status status-muted">{}</span>', text, whose)
    return text


@register.simple_tag
def work_rows(page: Any, show_lead: bool, show_assigner: bool) -> SafeString:
    base = reverse("assignments:mine")
    l_due, l_status, l_progress = gettext("Hạn"), gettext("Trạng thái"), gettext("Tiến độ")
    rows = []
    for item in page.items:
        priority = (
            format_html(' <span class="prio prio-{}">{}</span>', item.priority_tone, item.priority_label)
            if item.priority >= 3
            else ""
        )
        rows.append(
            format_html(
                '<tr{}>\n    <td class="title-cell"><a class="work-title" href="{}{}/">{}</a>\n'
                '      <div class="work-meta">{}</div>\n    </td>\n'
                '    <td data-label="{}">{} <span class="due due-{}">{}</span></td>\n'
                '    <td data-label="{}"><span class="status status-{}">{}</span>{}</td>\n'
                '    <td data-label="{}"><div class="progress-wrap"><div class="progress{}" role="progressbar" '
                'aria-valuenow="{}" aria-valuemin="0" aria-valuemax="100" aria-label="{}">'
                '<span style="width: {}%"></span></div><span class="pct">{}%</span></div></td>\n  </tr>',
                mark_safe(' class="is-overdue"') if item.overdue else "",  # noqa: S308 — a constant
                base,
                item.pk,
                item.title,
                _meta(item, show_lead, show_assigner),
                l_due,
                item.deadline.strftime("%d/%m/%Y"),
                item.due_tone,
                item.due_label,
                l_status,
                item.status_tone,
                item.status_label,
                priority,
                l_progress,
                " full" if item.progress >= 100 else "",
                item.progress,
                l_progress,
                item.progress,
                item.progress,
            )
        )
    return mark_safe("\n  ".join(rows))  # noqa: S308 — each row built by format_html
