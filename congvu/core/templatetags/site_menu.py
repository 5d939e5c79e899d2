"""``{% notifications_bell %}`` and ``{% main_menu %}``: the layout's bell and menu entries, built in
Python from the ``nav_entries`` the portal puts in every page's context.

Every page shows two dozen menu entries; walked twice by the template engine (once to find the bell,
once for the menu) they were about half of the layout's time. The markup is what the template wrote,
each value escaped by ``format_html``.
"""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext, ngettext

from congvu.core import personal

register = template.Library()

_BELL_ICON = mark_safe(  # noqa: S308 — a constant
    '<svg aria-hidden="true" viewBox="0 0 24 24" width="22" height="22"><path d="M12 3a6 6 0 0 0-6 6v4l-2 3h16l-2-3V9'
    'a6 6 0 0 0-6-6Z" fill="none" stroke="currentColor" stroke-width="2" stroke-linejoin="round"/><path d="M9.5 19a2.5'
    ' 2.5 0 0 0 5 0" fill="none" stroke="currentColor" stroke-width="2"/></svg>'
)


def _entries(context: template.Context) -> list[dict[str, Any]]:
    entries = context.get("nav_entries")
    return list(entries() if callable(entries) else entries or [])


@register.simple_tag(takes_context=True)
def notifications_bell(context: template.Context) -> SafeString:
    """The bell in the top bar, with the unread count, when the menu has the notifications entry."""
    for entry in _entries(context):
        if entry["key"] != "notifications":
            continue
        badge = entry["badge"]
        label = (
            ngettext("Thông báo: %(n)s chưa đọc", "Thông báo: %(n)s chưa đọc", badge) % {"n": badge}
            if badge
            else gettext("Thông báo")
        )
        return format_html(
            '<a class="topbar-notes" href="{}" aria-label="{}">{}{}</a>',
            entry["url"],
            label,
            _BELL_ICON,
            format_html('<span class="badge">{}</span>', badge) if badge else "",
        )
    return mark_safe("")  # noqa: S308 — empty


@register.simple_tag(takes_context=True)
def main_menu(context: template.Context) -> SafeString:
    """The modules' menu entries: each a link, marked current, with its count or its lazy badge."""
    links = [
        format_html(
            '<a href="{}"{}>{}{}{}</a>\n    ',
            entry["url"],
            mark_safe(' aria-current="page"') if entry["current"] else "",  # noqa: S308 — a constant
            entry["label"],
            format_html(' <span class="badge">{}</span>', entry["badge"]) if entry["badge"] else "",
            format_html(
                '<span class="nav-badge" hx-get="{}" hx-trigger="load, every 30s" '
                'hx-headers=\'{{"X-Congvu-Background": "1"}}\'></span>',
                entry["badge_url"],
            )
            if entry["badge_url"]
            else "",
        )
        for entry in _entries(context)
    ]
    return mark_safe("".join(links))  # noqa: S308 — each link built by format_html


@register.simple_tag(takes_context=True)
def site_banners(context: template.Context) -> SafeString:
    """The modules' banners above the page; a hole in a page drawn to be kept, filled by each
    request (a notice begins and ends by the clock)."""
    return personal.banners_or_hole(context.get("request"))
