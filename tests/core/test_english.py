"""The English catalogue (docs/decisions.md item 3): chosen with the language cookie, complete, and
faithful to the placeholders of its Vietnamese msgids. Without the cookie the interface stays
Vietnamese, whatever the browser asks for (congvu/core/locale.py)."""

import re
from collections import Counter
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from django.conf import settings
from django.urls import reverse

PO_FILE = Path(settings.BASE_DIR) / "congvu" / "locale" / "en" / "LC_MESSAGES" / "django.po"
MO_FILE = PO_FILE.with_suffix(".mo")

# %(name)s / %(n)d, bare %s / %d, the escaped %%, str.format {name}, and HTML tags such as <strong>.
PLACEHOLDER = re.compile(r"%\(\w+\)[sdif]|%[sdif%]|\{\w*\}|</?[a-zA-Z][^>]*>")


def _catalogue():
    with PO_FILE.open("rb") as f:
        return read_po(f, locale="en")


def _messages():
    return [m for m in _catalogue() if m.id]


def _forms(value):
    return list(value) if isinstance(value, (tuple, list)) else [value]


def _placeholders(text):
    return Counter(PLACEHOLDER.findall(text or ""))


def test_the_catalogue_is_compiled():
    assert MO_FILE.exists(), "run: uv run pybabel compile -d congvu/locale -D django"
    assert MO_FILE.stat().st_mtime >= PO_FILE.stat().st_mtime - 1, "the .mo is older than the .po"


def test_every_message_has_an_english_translation():
    untranslated = [m.id for m in _messages() if not all(s.strip() for s in _forms(m.string))]
    assert untranslated == []


def test_no_translation_is_marked_fuzzy():
    assert [m.id for m in _messages() if m.fuzzy] == []


def test_the_catalogue_declares_english_plural_forms():
    catalogue = _catalogue()
    assert catalogue.num_plurals == 2
    assert catalogue.plural_expr.replace(" ", "") in {"(n!=1)", "n!=1"}


def test_every_translation_keeps_the_placeholders_of_its_msgid():
    broken = []
    for m in _messages():
        source = _forms(m.id)
        for i, translated in enumerate(_forms(m.string)):
            # msgstr[0] answers the singular msgid; every other form answers msgid_plural.
            expected = source[min(i, len(source) - 1)]
            if _placeholders(translated) != _placeholders(expected):
                broken.append((m.id, translated))
    assert broken == []


def test_the_placeholder_check_sees_a_lost_placeholder():
    assert _placeholders("Chào %(name)s") != _placeholders("Hello")
    assert _placeholders("hạn là <strong>%(wd)s</strong>") == _placeholders("due <strong>%(wd)s</strong>")


@pytest.mark.django_db
def test_the_sign_in_page_speaks_english_with_the_language_cookie(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.get(reverse("accounts:login"))
    page = response.content.decode()
    assert response.status_code == 200
    assert 'lang="en"' in page
    assert "Sign in" in page
    assert "Username" in page
    assert "Đăng nhập" not in page


@pytest.mark.django_db
def test_the_sign_in_page_stays_vietnamese_for_an_english_browser(client):
    response = client.get(reverse("accounts:login"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    page = response.content.decode()
    assert 'lang="vi"' in page
    assert "Đăng nhập" in page
    assert "Sign in" not in page


def test_the_home_page_speaks_english_with_the_language_cookie(province, signed_in):
    client = signed_in(province.chuyen_vien)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.get(reverse("home"))
    page = response.content.decode()
    assert response.status_code == 200
    assert "<title>Today" in page
    assert "Hello, " in page
    assert "My work" in page
    assert "Hôm nay" not in page
    assert "Việc của tôi" not in page


def test_the_home_page_stays_vietnamese_without_the_cookie(province, signed_in):
    client = signed_in(province.chuyen_vien)
    response = client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="en-US")
    page = response.content.decode()
    assert "Hôm nay" in page
    assert "Việc của tôi" in page
    assert "My work" not in page


def test_choosing_english_in_the_footer_switches_the_interface(province, signed_in):
    client = signed_in(province.truong_phong)
    response = client.post(reverse("set_language"), {"language": "en", "next": reverse("home")})
    assert response.status_code == 302
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    page = client.get(reverse("home")).content.decode()
    assert "<title>Today" in page
    assert "Language" in page


def test_an_account_requests_history_and_deadline_speak_english(province, signed_in):
    """ "Quá trình xử lý" and "Xử lý đúng hạn" stayed Vietnamese in English mode."""
    from congvu.accounts.models import AccountRequest
    from congvu.accounts.requests import services

    line = services.LineData(
        full_name="Phan Thị Ngọc Ánh",
        unit=province.units.tcbc,
        position=province.positions.chuyen_vien,
        email="anhptn@binhson.gov.vn",
    )
    filed = services.request_create(
        actor=province.giam_doc, kind=AccountRequest.Kind.CREATE, unit=province.units.snv, lines=[line]
    ).account_request
    submitted = services.request_submit(account_request=filed, actor=province.giam_doc)
    services.request_process(account_request=submitted, actor=province.quan_tri)
    client = signed_in(province.giam_doc)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get(reverse("accounts:request_detail", args=[filed.pk])).content.decode()
    assert "Processed on time" in page
    assert "<strong>New request</strong>" in page and "<strong>Send the request</strong>" in page
    for vietnamese in ("Xử lý đúng hạn", "Lập đề nghị", "Gửi đề nghị", "Đã xử lý xong"):
        assert vietnamese not in page


def test_a_reports_period_speaks_english(province, signed_in):
    """ "(từ 01/01/2026 đến 31/12/2026)" under the report's title."""
    client = signed_in(province.giam_doc)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get(reverse("assignments:report"), {"nam": 2026, "ky": "year"}).content.decode()
    assert "(from 01/01/2026 to 31/12/2026)" in page
    assert "từ 01/01/2026" not in page
