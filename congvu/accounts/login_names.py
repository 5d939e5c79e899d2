"""Login names from Vietnamese full names (ORG-4; standards §5, seed 002 Đ6.1, seed 004 Đ3.2).

Scheme A: ``<given><initials of surname and middle names>`` — Nguyễn Văn Minh → ``minhnv``.
Scheme B: ``<initials><given>.<unit short name>`` — Nguyễn Văn Minh, VP → ``nvminh.vp``.

Collisions (R-AC-2), applied to the name part before any ``.unit`` suffix:
1. the base name;
2. for a *different* full name that gives the same base: the middle name next to the given name in
   full, the given name in full, then the initials of the surname and of the other middle names
   (Trương Hoàng Tiến Minh → ``tienminhth``);
3. for the same full name, or the same middle name next to the given name: the base name followed
   by the date of birth written the Nghị định 30 way — two-digit day, month with a leading zero
   only for January and February, four-digit year (11/02/1973 → ``11021973``; 15/8/1963 →
   ``1581963``);
4. otherwise the administrator chooses; the next free name (base + 2, 3 …) is proposed. Names of
   retired accounts are never reused, because retired accounts are never deleted.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass

from congvu.core.text import clean_text, fold

_NOT_ALNUM = re.compile(r"[^a-z0-9]")


class LoginNameError(ValueError):
    pass


def ascii_token(word: str) -> str:
    return _NOT_ALNUM.sub("", fold(word))


def name_tokens(full_name: str) -> list[str]:
    tokens = [ascii_token(t) for t in clean_text(full_name).split(" ")]
    tokens = [t for t in tokens if t]
    if not tokens:
        raise LoginNameError("Họ và tên không hợp lệ.")
    return tokens


def base_name(full_name: str) -> str:
    """Step 1: given name + initials of every other token."""
    tokens = name_tokens(full_name)
    return tokens[-1] + "".join(t[0] for t in tokens[:-1])


def expanded_name(full_name: str) -> str | None:
    """Step 2: adjacent middle name + given name in full, then the other initials."""
    tokens = name_tokens(full_name)
    if len(tokens) < 3:
        return None
    return tokens[-2] + tokens[-1] + "".join(t[0] for t in tokens[:-2])


def nd30_date(day: dt.date) -> str:
    """Day with two digits, month with a leading zero only for 1 and 2, four-digit year."""
    month = f"{day.month:02d}" if day.month <= 2 else str(day.month)
    return f"{day.day:02d}{month}{day.year}"


def scheme_b_stem(full_name: str) -> str:
    tokens = name_tokens(full_name)
    return "".join(t[0] for t in tokens[:-1]) + tokens[-1]


def scheme_b_expanded(full_name: str) -> str | None:
    tokens = name_tokens(full_name)
    if len(tokens) < 3:
        return None
    return "".join(t[0] for t in tokens[:-2]) + tokens[-2] + tokens[-1]


def unit_suffix(unit_short_name: str) -> str:
    suffix = ascii_token(unit_short_name)
    if not suffix:
        raise LoginNameError("Đơn vị chưa có tên viết tắt để đặt tên đăng nhập theo quy ước B.")
    return suffix


@dataclass(frozen=True)
class Existing:
    """An account already holding a name: its full name and date of birth decide the step."""

    username: str
    full_name: str
    date_of_birth: dt.date | None


def propose(
    full_name: str,
    *,
    taken: Callable[[str], Existing | None],
    date_of_birth: dt.date | None = None,
    scheme: str = "a",
    unit_short_name: str = "",
) -> str:
    """The login name to give now, against the accounts that ``taken(name)`` reports."""
    if scheme not in {"a", "b"}:
        raise LoginNameError("Quy ước đặt tên phải là a hoặc b.")
    suffix = "." + unit_suffix(unit_short_name) if scheme == "b" else ""
    if scheme == "a":
        base, expanded = base_name(full_name), expanded_name(full_name)
    else:
        base, expanded = scheme_b_stem(full_name), scheme_b_expanded(full_name)

    def free(stem: str) -> bool:
        return taken(stem + suffix) is None

    if free(base):
        return base + suffix
    holder = taken(base + suffix)
    assert holder is not None
    my_tokens = name_tokens(full_name)
    their_tokens = name_tokens(holder.full_name)
    same_full_name = my_tokens == their_tokens
    same_adjacent = len(my_tokens) >= 3 and len(their_tokens) >= 3 and my_tokens[-2] == their_tokens[-2]
    if not same_full_name and not same_adjacent and expanded and free(expanded):
        return expanded + suffix
    if date_of_birth is not None:
        dated = base + nd30_date(date_of_birth)
        if free(dated):
            return dated + suffix
    counter = 2
    while not free(f"{base}{counter}"):
        counter += 1
    return f"{base}{counter}{suffix}"


def taken_in_database(name: str) -> Existing | None:
    from congvu.accounts.models import User

    row = User.objects.filter(username__iexact=name).values("username", "full_name", "date_of_birth").first()
    return Existing(**row) if row else None


def propose_for_database(
    full_name: str,
    *,
    date_of_birth: dt.date | None = None,
    scheme: str | None = None,
    unit_short_name: str = "",
) -> str:
    from django.conf import settings

    return propose(
        full_name,
        taken=taken_in_database,
        date_of_birth=date_of_birth,
        scheme=scheme or settings.LOGIN_NAME_SCHEME,
        unit_short_name=unit_short_name,
    )
