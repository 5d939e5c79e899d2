"""Browser tests: Playwright driving Debian's Chromium against the live test server.

``shoot(page, name)`` saves the page on a phone (360×780) and a desktop (1366×900) viewport under
``artifacts/screenshots/`` for people to look at.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import PASSWORD

SCREENSHOTS = Path(__file__).resolve().parents[2] / "artifacts" / "screenshots"
PHONE = {"width": 360, "height": 780}
DESKTOP = {"width": 1366, "height": 900}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    """A Vietnamese browser: date pickers read dd/mm/yyyy, times are Vietnam time."""
    return {**browser_context_args, "locale": "vi-VN", "timezone_id": "Asia/Ho_Chi_Minh"}


@pytest.fixture
def csp_violations() -> list[str]:
    """The Content-Security-Policy reports of the test's pages (a test that provokes one on
    purpose empties it)."""
    return []


@pytest.fixture
def context(context, csp_violations):
    """Every page of a test is watched for the browser's Content-Security-Policy reports: a page
    that the policy breaks (an inline script, a handler attribute, a file from another site)
    fails the test that opened it."""

    def watch(message):
        if "Content Security Policy" in message.text:
            csp_violations.append(f"{message.location.get('url', '')}: {message.text}")

    context.on("console", watch)
    yield context
    assert csp_violations == [], "the Content-Security-Policy blocked something:\n" + "\n".join(
        csp_violations
    )


@pytest.fixture(autouse=True)
def legal_data(transactional_db):
    """The rows the data migrations load (catalogues, the official 2025–2026 calendar), again: a
    transactional test empties every table when it ends. Both loaders match existing rows."""
    import importlib
    from types import SimpleNamespace

    from django.apps import apps
    from django.db import connection

    importlib.import_module("congvu.catalogues.migrations.0003_legal_defaults").load(apps, None)
    calendar_seed = importlib.import_module("congvu.core.migrations.0002_calendar_official_2025_2026")
    calendar_seed.seed(apps, SimpleNamespace(connection=connection))


@pytest.fixture
def sign_in(page, live_server):
    """``sign_in(user)``: fill the real sign-in form as that person."""

    def _sign_in(user, password=PASSWORD):
        page.goto(f"{live_server.url}/tai-khoan/dang-nhap/")
        page.get_by_label("Tên đăng nhập").fill(user.username)
        page.get_by_label("Mật khẩu").fill(password)
        page.get_by_role("button", name="Đăng nhập").click()
        page.wait_for_load_state("networkidle")
        return page

    return _sign_in


@pytest.fixture
def shoot():
    def _shoot(page, name: str) -> list[Path]:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        saved = []
        original = page.viewport_size
        for label, size in (("phone", PHONE), ("desktop", DESKTOP)):
            page.set_viewport_size(size)
            page.evaluate("window.scrollTo(0, 0)")  # the sticky top bar is drawn where it stands
            path = SCREENSHOTS / f"{name}-{label}.png"
            page.screenshot(path=str(path), full_page=True)
            saved.append(path)
        if original:
            page.set_viewport_size(original)
        return saved

    return _shoot


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)
