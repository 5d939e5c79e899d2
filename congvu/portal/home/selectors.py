"""What "Hôm nay" shows a person: the numbers of things waiting on them, then each module's
section (their work, their posts and roles, their notifications …), as the modules registered
them (``congvu.core.registry``). Nothing on the page is made up."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from congvu.core import registry


@dataclass(frozen=True)
class Section:
    key: str
    template: str
    context: dict[str, Any]
    stylesheets: tuple[str, ...]


def counts(user: Any, shown: list[Section]) -> list[registry.Count]:
    """The numbers of things waiting: those the shown sections computed anyway (their context's
    ``counts``, read in the same query as the section), then those of the counter providers."""
    found = [count for section in shown for count in section.context.get("counts", ())]
    return found + [count for counter in registry.counters() for count in counter.counts(user)]


def sections(user: Any) -> list[Section]:
    shown = []
    for section in registry.home_sections():
        context = section.context(user)
        if context is not None:
            shown.append(Section(section.key, section.template, context, section.stylesheets))
    return shown


def home_context(user: Any) -> dict[str, Any]:
    """The page: the person's own numbers at the top, then "Chờ tôi xử lý" — every module's
    things waiting on the person's decision, the non-zero ones, each with its list — then the
    sections."""
    shown = sections(user)
    stylesheets = list(dict.fromkeys(sheet for section in shown for sheet in section.stylesheets))
    every = counts(user, shown)
    waiting = [count for count in every if count.waiting and count.value]
    return {
        "counts": [count for count in every if not count.waiting],
        "waiting": waiting,
        "waiting_total": sum(count.value for count in waiting),
        "sections": shown,
        "stylesheets": stylesheets,
    }


def admin_groups(user: Any) -> list[tuple[Any, list[registry.AdminEntry]]]:
    """The administration page's links the person may follow, in their groups."""
    from django.utils.translation import gettext_lazy as _

    titles = {
        "org": _("Tổ chức và tài khoản"),
        "catalogues": _("Danh mục và lịch"),
        "monitoring": _("Giám sát"),
    }
    groups: dict[str, list[registry.AdminEntry]] = {key: [] for key in titles}
    for entry in registry.admin_entries():
        if entry.visible(user):
            groups.setdefault(entry.group, []).append(entry)
    return [(titles.get(key, key), entries) for key, entries in groups.items() if entries]
