"""The request printed as the form of seed 000, Phụ lục 1 (new accounts) or Phụ lục 2 (changes,
suspensions, cancellations), on A4 with a bundled serif font that has every Vietnamese glyph.

WeasyPrint takes about two seconds to import, so it is imported inside the function.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.html import escape, format_html

from congvu.accounts.models import AccountRequest
from congvu.accounts.requests import selectors as selectors
from congvu.core.pdf import font_uri

# The titles as the appendices break them (seed 000, Phụ lục 1 and 2).
TITLES = {
    "create": ("ĐỀ NGHỊ ĐĂNG KÝ CẤP MỚI TÀI KHOẢN NGƯỜI SỬ DỤNG", "PHẦN MỀM QUẢN LÝ CÔNG VIỆC"),
    "other": (
        "ĐỀ NGHỊ THAY ĐỔI, DỪNG HOẠT ĐỘNG, HỦY BỎ TÀI KHOẢN",
        "NGƯỜI SỬ DỤNG PHẦN MỀM QUẢN LÝ CÔNG VIỆC",
    ),
}


def title_for(kind: str) -> str:
    return " ".join(TITLES["create" if kind == AccountRequest.Kind.CREATE else "other"])


FONT_FILES = {
    ("serif", "normal"): "NotoSerif-Regular.ttf",
    ("serif", "bold"): "NotoSerif-Bold.ttf",
    ("serif", "italic"): "NotoSerif-Italic.ttf",
}


def nd30_date_line(day: dt.date, place: str = "") -> str:
    """'….., ngày 05 tháng 02 năm 2026' (Nghị định 30/2020, Phụ lục I: a day below 10 and the months
    1 and 2 take a leading zero; other months do not)."""
    month = f"{day.month:02d}" if day.month <= 2 else str(day.month)
    return f"{place or '…….'}, ngày {day.day:02d} tháng {month} năm {day.year}"


def pdf_filename(account_request: AccountRequest) -> str:
    appendix = 1 if account_request.kind == AccountRequest.Kind.CREATE else 2
    return f"de-nghi-tai-khoan-{account_request.pk}-phu-luc-{appendix}.pdf"


def _email_html(email: str) -> str:
    """An address that may break before its "@" only, never inside a word."""
    local, at, domain = (email or "").partition("@")
    if not at:
        return escape(email or "")
    return format_html("{}<wbr>@{}", local, domain)


def request_context(account_request: AccountRequest) -> dict:
    unit = account_request.unit
    agency = unit
    if unit.parent_id:
        root_id = unit.ancestor_ids[0]
        agency = type(unit).objects.get(pk=root_id)
    is_create = account_request.kind == AccountRequest.Kind.CREATE
    printed_on = (
        timezone.localdate(account_request.submitted_at)
        if account_request.submitted_at
        else timezone.localdate()
    )
    head = selectors.head_of(unit) or account_request.filed_by
    lines = selectors.request_lines(account_request)
    for line in lines:
        vars(line)["email_html"] = _email_html(line.email)  # the printed form's e-mail cell
    return {
        "r": account_request,
        "lines": lines,
        "is_create": is_create,
        "appendix": 1 if is_create else 2,
        "title_lines": TITLES["create" if is_create else "other"],
        "title": title_for(account_request.kind),
        "agency_name": agency.name if agency.pk != unit.pk else settings.AGENCY_NAME,
        "unit_name": unit.name,
        "date_line": nd30_date_line(printed_on),
        "preparer": account_request.filed_by,
        "head": head,
        "font_regular": font_uri(FONT_FILES[("serif", "normal")]),
        "font_bold": font_uri(FONT_FILES[("serif", "bold")]),
        "font_italic": font_uri(FONT_FILES[("serif", "italic")]),
    }


def render_request_pdf(account_request: AccountRequest) -> bytes:
    from weasyprint import HTML  # slow import: only when a PDF is asked for
    from weasyprint.text.fonts import FontConfiguration

    html = render_to_string("accounts/pdf/request_form.html", request_context(account_request))
    fonts = FontConfiguration()
    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf(font_config=fonts)
