"""The Content-Security-Policy in a real browser: the pages work under it, and the API's
documentation draws itself from the product's own files (no internet needed)."""

from __future__ import annotations

from tests.accounts.test_sign_in import PROFILE


def test_the_api_documentation_draws_itself_without_the_internet(province, sign_in, page, live_server, shoot):
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    sign_in(province.chuyen_vien)
    page.goto(f"{live_server.url}/api/v1/docs")
    page.locator(".swagger-ui .info .title").wait_for()
    assert "Công Vụ API" in page.locator(".swagger-ui .info .title").inner_text()
    assert page.locator(".opblock").count() > 10
    assert all(url.startswith(live_server.url) or url.startswith("data:") for url in requested), requested
    shoot(page, "api-docs")


def test_an_inline_script_is_blocked_and_reported(province, sign_in, page, live_server, csp_violations):
    """The policy is in force in the browser: a script written into the page does not run, and the
    browser's report reaches the watch that fails any other test."""
    sign_in(province.chuyen_vien)
    page.goto(f"{live_server.url}{PROFILE}")
    page.evaluate(
        """() => { const s = document.createElement('script');
                   s.textContent = 'window.ranInline = true'; document.body.append(s); }"""
    )
    page.wait_for_timeout(300)
    assert page.evaluate("() => window.ranInline === true") is False
    assert any("Content Security Policy" in report for report in csp_violations)
    csp_violations.clear()  # provoked on purpose
