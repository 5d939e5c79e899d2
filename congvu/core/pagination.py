"""Keyset pagination for every list page: no OFFSET, one query per page whatever its depth.

A page is ordered by one or more columns ending with ``id`` (descending or ascending). The cursor
is the last row's values, encoded in the URL; the next page starts strictly after it.
"""

from __future__ import annotations

import base64
import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet


@dataclass
class KeysetPage:
    items: list[Any]
    next_cursor: str | None
    has_next: bool


def _encode(values: list[Any]) -> str:
    raw = json.dumps([v.isoformat() if isinstance(v, dt.date | dt.datetime) else v for v in values])
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def _decode(cursor: str) -> list[Any] | None:
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        values = json.loads(base64.urlsafe_b64decode(padded.encode()).decode())
    except (ValueError, UnicodeDecodeError):
        return None
    return values if isinstance(values, list) else None


def keyset_page(queryset: QuerySet, *, order: tuple[str, ...], after: str | None, size: int) -> KeysetPage:
    """Rows of ``queryset`` in ``order`` (e.g. ``("-due_on", "-id")``) after the cursor."""
    fields = [o.lstrip("-") for o in order]
    if fields[-1] not in {"id", "pk"}:
        raise ValueError("keyset order must end with id")
    qs = queryset.order_by(*order)
    values = _decode(after) if after else None
    if values is not None and len(values) == len(fields):
        condition = Q()
        for i, field in enumerate(fields):
            descending = order[i].startswith("-")
            step = Q(**{f"{field}__{'lt' if descending else 'gt'}": values[i]})
            for earlier in range(i):
                step &= Q(**{fields[earlier]: values[earlier]})
            condition |= step
        qs = qs.filter(condition)
    rows = list(qs[: size + 1])
    has_next = len(rows) > size
    rows = rows[:size]
    cursor = None
    if has_next and rows:
        last = rows[-1]
        cursor = _encode([_value(last, f) for f in fields])
    return KeysetPage(items=rows, next_cursor=cursor, has_next=has_next)


def _value(obj: Any, field: str) -> Any:
    value = obj
    for part in field.split("__"):
        value = getattr(value, part)
    return value
