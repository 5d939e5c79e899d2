"""Vietnamese text: NFC normalisation, diacritic folding for search, and sorting.

One folding function serves every search column (standards §5 R-AC-1; stack notes §2): đ/Đ have no
Unicode decomposition and are mapped explicitly, as are the look-alikes ð/Ð.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from congvu.core.decisions import Refused

_D_MAP = str.maketrans({"đ": "d", "Đ": "D", "ð": "d", "Ð": "D"})
_NON_WORD = re.compile(r"[\W_]+")
_SPACES = re.compile(r"\s+")


def nfc(text: str) -> str:
    """Unicode NFC (TCVN 6909:2001), as every text the system stores (DOC-6)."""
    return unicodedata.normalize("NFC", text or "")


UNSTORABLE = "{what} chứa ký tự không hợp lệ (ký tự NUL hoặc mã Unicode lẻ); vui lòng gõ lại."
_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")  # NUL, and halves of a surrogate pair


def checked(text: str, *, field: str | None = None) -> str:
    """``text`` when a database can store it; refused (invalid input on ``field``) when it holds a
    NUL character (PostgreSQL stores none) or half of a UTF-16 surrogate pair (not UTF-8)."""
    if _UNSTORABLE.search(text or ""):
        raise Refused.invalid(UNSTORABLE.format(what="Nội dung"), field=field)
    return text or ""


def clean_text(text: str, *, field: str | None = None) -> str:
    """NFC, trimmed, inner runs of white space collapsed: for names and one-line fields. Refused
    when it holds a character no database stores (``checked``)."""
    return _SPACES.sub(" ", nfc(checked(text, field=field))).strip()


def clean_note(text: str, *, field: str | None = None) -> str:
    """NFC, line ends as ``\n``, trimmed: for descriptions, notes, reports and reasons (DOC-6: every
    text the system stores is NFC, however it was typed). Refused like ``clean_text``."""
    return nfc(checked(text, field=field)).replace("\r\n", "\n").replace("\r", "\n").strip()


def fold(text: str) -> str:
    """'Quyết Định Đà Nẵng' -> 'quyet dinh da nang'; NFC or NFD input give the same result."""
    decomposed = unicodedata.normalize("NFD", nfc(text).translate(_D_MAP))
    stripped = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    return unicodedata.normalize("NFC", stripped).casefold()


def search_text(*parts: str | None) -> str:
    """The shadow search column: folded words separated by single spaces ('12/QĐ-UBND' -> '12 qd ubnd')."""
    joined = " ".join(p for p in parts if p)
    return _NON_WORD.sub(" ", fold(joined)).strip()


_RANK = {c: i for i, c in enumerate("aăâbcdđeêghiklmnoôơpqrstuưvxy")}
_TONES = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}
_KEEP = {"\u0306", "\u0302", "\u031b"}


def sort_key(text: str) -> tuple[list[int], list[int]]:
    """Vietnamese alphabetical order (a ă â b c d đ e ê ...), tones as the tie-breaker."""
    letters: list[int] = []
    tones: list[int] = []
    for ch in nfc(text).casefold():
        decomposed = unicodedata.normalize("NFD", ch)
        base = unicodedata.normalize(
            "NFC", "".join(c for c in decomposed if not unicodedata.combining(c) or c in _KEEP)
        )
        tones.append(next((_TONES[c] for c in decomposed if c in _TONES), 0))
        letters.append(_RANK.get(base, 100 + ord(base[0]) if base else 0))
    return letters, tones


def safe_cell(value: Any) -> Any:
    """A value for a spreadsheet or CSV cell: text typed by people that a spreadsheet would read as a
    formula (``=``, ``+``, ``-``, ``@``, a tab or a carriage return first) is kept as text (CSV/XLSX
    injection)."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value
