"""Reads of the organisation every module shares: a unit or people named by id in a request,
found or refused on the request's field (an API's pickers; forms use ``congvu.org.forms``)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from congvu.core.decisions import Refused
from congvu.org.models import Unit

PERSON_NOT_FOUND = "Không tìm thấy người được chọn."
UNIT_NOT_FOUND = "Không tìm thấy đơn vị được chọn."
MAX_PEOPLE = 500  # people named in one request (co-assignees, followers …)


def _valid_id(pk: Any) -> bool:
    return isinstance(pk, int) and not isinstance(pk, bool) and 0 < pk < 2**63


def unit_or_refuse(pk: int | None, *, field: str, message: str = UNIT_NOT_FOUND) -> Unit | None:
    """The unit with this id (None for no id), or a refusal on ``field``."""
    if pk is None:
        return None
    unit = Unit.objects.filter(pk=pk).first() if _valid_id(pk) else None
    if unit is None:
        raise Refused.invalid(message, field=field)
    return unit


def person_or_refuse(pk: int | None, *, field: str, message: str = PERSON_NOT_FOUND) -> Any:
    """The account with this id (None for no id), or a refusal on ``field``."""
    from congvu.accounts.models import User

    if pk is None:
        return None
    person = User.objects.filter(pk=pk).first() if _valid_id(pk) else None
    if person is None:
        raise Refused.invalid(message, field=field)
    return person


def people_or_refuse(pks: Iterable[int], *, field: str, message: str = PERSON_NOT_FOUND) -> list[Any]:
    """The accounts with these ids, in the order given, each once; a refusal on ``field`` when one
    of them does not exist or there are too many."""
    from congvu.accounts.models import User

    wanted = list(dict.fromkeys(pks))
    if len(wanted) > MAX_PEOPLE:
        raise Refused.invalid(f"Chọn tối đa {MAX_PEOPLE} người.", field=field)
    if not all(_valid_id(pk) for pk in wanted):
        raise Refused.invalid(message, field=field)
    found = {u.pk: u for u in User.objects.filter(pk__in=wanted)}
    if len(found) != len(wanted):
        raise Refused.invalid(message, field=field)
    return [found[pk] for pk in wanted]
