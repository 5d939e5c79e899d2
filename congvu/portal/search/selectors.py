"""The one search box (header, "/tim-kiem/"): every module's search provider
(``congvu.core.registry.search_provider``) asked for what the person may see, diacritics, case
and đ/d never mattering. The words typed are bounded here, once, for every provider."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from congvu.core import registry
from congvu.core.decisions import Refused
from congvu.core.text import search_text

MAX_CHARS = 200
MAX_WORDS = 8
FEW = 5  # hits per kind on the page of every kind
MANY = 50  # hits on the page of one kind


@dataclass
class Group:
    key: str
    label: str
    hits: list[registry.SearchHit]
    more: bool  # there are more than shown


def clean_query(text: str | None) -> str:
    """The typed text, bounded; refused with a Vietnamese message when it says nothing."""
    text = (text or "").strip()
    if len(text) > MAX_CHARS:
        raise Refused.invalid(f"Nội dung tìm kiếm dài quá {MAX_CHARS} ký tự.", field="q")
    words = search_text(text).split()
    if not words:
        raise Refused.invalid("Vui lòng nhập từ cần tìm (tên người, đơn vị, công việc…).", field="q")
    return " ".join(words[:MAX_WORDS])


def kinds() -> list[tuple[str, str]]:
    return [(provider.key, str(provider.label)) for provider in registry.search_providers()]


def search(user: Any, text: str, *, kind: str = "") -> list[Group]:
    """Each kind's hits (``FEW`` of each; ``MANY`` of one ``kind``), asking one more to know
    whether there are more."""
    query = clean_query(text)
    providers = registry.search_providers()
    if kind:
        providers = [p for p in providers if p.key == kind]
        if not providers:
            raise Refused.invalid("Loại kết quả không hợp lệ.", field="kind")
    limit = MANY if kind else FEW
    groups = []
    for provider in providers:
        hits = provider.search(user, query, limit + 1)
        groups.append(Group(provider.key, str(provider.label), hits[:limit], len(hits) > limit))
    return groups
