"""What a person types into a module's record, checked one way everywhere: a line (title, name) or a
text (body, note), stored as NFC with no character a database refuses (``core.text``), required or
not, bounded, and refused when it carries a secrecy marking (DOC-7, ``core.files``) — each refusal a
Vietnamese message on the field, nothing stored."""

from __future__ import annotations

from congvu.core.decisions import Refused
from congvu.core.files import refuse_secret_text
from congvu.core.text import clean_note, clean_text


def _bounded(text: str, *, field: str, what: str, limit: int, required: bool) -> str:
    if required and not text:
        raise Refused.invalid(f"Vui lòng nhập {what}.", field=field)
    if len(text) > limit:
        raise Refused.invalid(f"{what.capitalize()} dài quá {limit} ký tự.", field=field)
    return refuse_secret_text(text, field=field, what=what.capitalize())


def typed_line(value: str | None, *, field: str, what: str, limit: int, required: bool = True) -> str:
    """One line: white space collapsed (``clean_text``)."""
    return _bounded(
        clean_text(value or "", field=field), field=field, what=what, limit=limit, required=required
    )


def typed_text(value: str | None, *, field: str, what: str, limit: int, required: bool = False) -> str:
    """Several lines, kept as typed but for line ends (``clean_note``)."""
    return _bounded(
        clean_note(value or "", field=field), field=field, what=what, limit=limit, required=required
    )


def site_path(value: str | None, *, field: str, what: str, limit: int) -> str:
    """A page of this site as a person (or the page they report from) gives it: a path that starts
    with one "/" ("/van-ban/den/12/?q=x"), never another site, a scheme, a backslash, white space or
    a control character; "" when nothing was given."""
    from django.utils.http import url_has_allowed_host_and_scheme

    text = (value or "").strip()
    if not text:
        return ""
    if len(text) > limit:
        raise Refused.invalid(f"{what.capitalize()} tối đa {limit} ký tự.", field=field)
    if (
        not text.startswith("/")
        or text.startswith("//")
        or "\\" in text
        or any(ch.isspace() or ord(ch) < 32 or ord(ch) == 127 for ch in text)
        or not url_has_allowed_host_and_scheme(text, allowed_hosts=None)
    ):
        raise Refused.invalid(
            f"{what.capitalize()} phải là một trang trong hệ thống, bắt đầu bằng “/” (ví dụ /van-ban/den/12/).",
            field=field,
        )
    return text
