"""Keyset pagination for every list page: no OFFSET, one query per page whatever its depth.

A page is ordered by one or more columns ending with ``id`` (descending or ascending). The cursor
is the last row's values, encoded in the URL; the next page starts strictly after it. A cursor is
input like any other: one that does not decode to a value of each column's type (and, for
numbers, of the database's range) is refused as invalid input on ``cursor`` (400), never passed
to the database.
"""

from __future__ import annotations

import base64
import datetime as dt
import json
from dataclasses import dataclass
from functools import cmp_to_key
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Field, Q, QuerySet

from congvu.core.decisions import Refused


@dataclass
class KeysetPage:
    items: list[Any]
    next_cursor: str | None
    has_next: bool


def _encode(values: list[Any]) -> str:
    raw = json.dumps([v.isoformat() if isinstance(v, dt.date | dt.datetime) else v for v in values])
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


BAD_CURSOR = "Con trỏ trang không hợp lệ; vui lòng mở lại danh sách từ trang đầu."
DB_INTEGER = (-(2**63), 2**63 - 1)  # the widest integer column (bigint) on every database we run on


def _decode(cursor: str) -> list[Any]:
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        values = json.loads(base64.urlsafe_b64decode(padded.encode()).decode())
    except (ValueError, UnicodeDecodeError):
        raise Refused.invalid(BAD_CURSOR, field="cursor") from None
    if not isinstance(values, list):
        raise Refused.invalid(BAD_CURSOR, field="cursor")
    return values


def _column(queryset: QuerySet, path: str) -> Field:
    """The model field (or annotation's output field) behind an ordering column."""
    annotation = queryset.query.annotations.get(path)
    if annotation is not None:
        return annotation.output_field
    model = queryset.model
    *joins, last = path.split("__")
    for part in joins:
        model = model._meta.get_field(part).related_model
    field = model._meta.pk if last == "pk" else model._meta.get_field(last)
    return getattr(field, "target_field", field)  # a foreign key compares by the key it points to


def _typed(queryset: QuerySet, fields: list[str], values: list[Any]) -> list[Any]:
    """Each cursor value as its column's type, or the cursor refused."""
    if len(values) != len(fields):
        raise Refused.invalid(BAD_CURSOR, field="cursor")
    typed = []
    for name, value in zip(fields, values, strict=True):
        column = _column(queryset, name)
        if value is not None and not isinstance(value, str | int | float | bool):
            raise Refused.invalid(BAD_CURSOR, field="cursor")
        try:
            value = column.to_python(value)
        except (ValidationError, ValueError, TypeError, OverflowError):
            raise Refused.invalid(BAD_CURSOR, field="cursor") from None
        if value is None and not column.null:
            raise Refused.invalid(BAD_CURSOR, field="cursor")
        if isinstance(value, int) and not DB_INTEGER[0] <= value <= DB_INTEGER[1]:
            raise Refused.invalid(BAD_CURSOR, field="cursor")
        if isinstance(value, str) and "\x00" in value:
            raise Refused.invalid(BAD_CURSOR, field="cursor")
        typed.append(value)
    return typed


def _after(queryset: QuerySet, order: tuple[str, ...], after: str | None) -> QuerySet:
    """``queryset`` in ``order``, from just after the cursor."""
    fields = [o.lstrip("-") for o in order]
    if fields[-1] not in {"id", "pk"}:
        raise ValueError("keyset order must end with id")
    qs = queryset.order_by(*order)
    values = _typed(queryset, fields, _decode(after)) if after else None
    if values is not None:
        condition = Q()
        for i, field in enumerate(fields):
            descending = order[i].startswith("-")
            step = Q(**{f"{field}__{'lt' if descending else 'gt'}": values[i]})
            for earlier in range(i):
                step &= Q(**{fields[earlier]: values[earlier]})
            condition |= step
        qs = qs.filter(condition)
    return qs


def _page_of(rows: list[Any], order: tuple[str, ...], size: int) -> KeysetPage:
    """A page from the first ``size + 1`` rows after the cursor."""
    has_next = len(rows) > size
    rows = rows[:size]
    cursor = None
    if has_next and rows:
        last = rows[-1]
        cursor = _encode([_value(last, o.lstrip("-")) for o in order])
    return KeysetPage(items=rows, next_cursor=cursor, has_next=has_next)


def keyset_page(queryset: QuerySet, *, order: tuple[str, ...], after: str | None, size: int) -> KeysetPage:
    """Rows of ``queryset`` in ``order`` (e.g. ``("-due_on", "-id")``) after the cursor."""
    return _page_of(list(_after(queryset, order, after)[: size + 1]), order, size)


def keyset_merge(
    querysets: list[QuerySet], *, order: tuple[str, ...], after: str | None, size: int
) -> KeysetPage:
    """``keyset_page`` of the union of ``querysets``, which share no row: each is read on its own,
    ``size + 1`` rows after the cursor, and the rows merged in ``order``. For a list that is an OR
    of two columns (work I gave, or that was given in my name), each column's index then gives
    its rows in order, where the OR would leave the planner to sort them all or walk the whole
    table's order. The same rows and cursors as ``keyset_page`` of the OR; a nullable column in
    ``order`` (which Python cannot order like the database) reads the OR instead."""
    if len(querysets) == 1 or any(_column(querysets[0], o.lstrip("-")).null for o in order):
        union = querysets[0]
        for other in querysets[1:]:
            union = union | other
        return keyset_page(union, order=order, after=after, size=size)
    rows = [row for qs in querysets for row in _after(qs, order, after)[: size + 1]]
    return _page_of(sorted(rows, key=cmp_to_key(_comparer(order)))[: size + 1], order, size)


def _comparer(order: tuple[str, ...]) -> Any:
    def compare(a: Any, b: Any) -> int:
        for name in order:
            field = name.lstrip("-")
            x, y = _value(a, field), _value(b, field)
            if x != y:
                return (-1 if x < y else 1) * (-1 if name.startswith("-") else 1)
        return 0

    return compare


def _value(obj: Any, field: str) -> Any:
    value = obj
    for part in field.split("__"):
        value = getattr(value, part)
    return value
