"""Headers and exposure: a Content-Security-Policy on every page with no inline script; the API's
documentation served from the product's own static files, to signed-in people only; Server-Timing
only when asked for (CONGVU_SERVER_TIMING)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

from congvu.accounts.signin import services as tokens
from tests.accounts.test_sign_in import LOGIN

DOCS = "/api/v1/docs"
SCHEMA = "/api/v1/openapi.json"
TEMPLATES = sorted((Path(settings.BASE_DIR) / "congvu").rglob("templates/**/*.html"))

INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>", re.I)
EVENT_HANDLER = re.compile(r"<[^>]+\son[a-z]+\s*=", re.I)


def policy(response) -> dict[str, str]:
    header = response["Content-Security-Policy"]
    return dict(part.strip().split(" ", 1) for part in header.split(";"))


def test_every_page_carries_a_policy_that_forbids_inline_script(province, signed_in):
    pages = [Client().get(LOGIN)]
    client = signed_in(province.truong_phong)
    pages += [client.get(path) for path in ("/", "/tai-khoan/ho-so/", "/khong-co-trang-nay/")]
    for response in pages:
        directives = policy(response)
        assert directives["script-src"] == "'self'"
        assert directives["default-src"] == "'self'"
        assert directives["object-src"] == "'none'" and directives["frame-ancestors"] == "'none'"
        assert "unsafe-eval" not in response["Content-Security-Policy"]
        body = response.content.decode()
        assert not INLINE_SCRIPT.search(body), response.request["PATH_INFO"]
        assert not EVENT_HANDLER.search(body), response.request["PATH_INFO"]


def test_the_api_answers_with_the_policy_too(province, signed_in):
    response = signed_in(province.chuyen_vien).get("/api/v1/me")
    assert response.status_code == 200
    assert policy(response)["script-src"] == "'self'"


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda path: str(path.relative_to(settings.BASE_DIR)))
def test_no_template_runs_inline_script(template):
    text = template.read_text()
    assert not INLINE_SCRIPT.search(text)
    assert not EVENT_HANDLER.search(text)
    assert "javascript:" not in text


def test_the_api_documentation_is_served_from_the_products_own_files(province, signed_in):
    page = signed_in(province.chuyen_vien).get(DOCS)
    assert page.status_code == 200
    body = page.content.decode()
    assert "cdn.jsdelivr.net" not in body
    loaded = re.findall(r'<(?:script|link)[^>]+(?:src|href)="([^"]+)"', body)
    scripts = re.findall(r'<script src="([^"]+)"', body)
    assert scripts and all(address.startswith(settings.STATIC_URL) for address in loaded)
    for address in loaded:
        assert Client().get(address).status_code == 200, address


def test_the_documentation_and_schema_are_for_signed_in_people(province, signed_in):
    anonymous = Client()
    docs = anonymous.get(DOCS)
    assert docs.status_code == 302 and docs.url.startswith(LOGIN)
    schema = anonymous.get(SCHEMA)
    assert schema.status_code == 401 and schema.json()["code"] == "not_signed_in"

    _, raw = tokens.token_create(user=province.chuyen_vien, name="Tích hợp", actor=province.chuyen_vien)
    assert Client().get(SCHEMA, HTTP_AUTHORIZATION=f"Bearer {raw}").status_code == 200
    assert Client().get(SCHEMA, HTTP_AUTHORIZATION="Bearer cv_not-a-token").status_code == 401
    assert signed_in(province.chuyen_vien).get(SCHEMA).json()["info"]["title"] == "Công Vụ API"


def test_a_session_still_at_a_step_of_signing_in_does_not_see_the_schema(province, client):
    client.force_login(province.quan_tri)  # an administrator who has not enrolled his second factor
    assert client.get(SCHEMA).status_code == 401


def test_server_timing_is_sent_only_when_asked_for(db, settings):
    settings.SERVER_TIMING = False
    assert "Server-Timing" not in Client().get(LOGIN)
    settings.SERVER_TIMING = True
    assert re.fullmatch(r"app;dur=\d+\.\d\d", Client().get(LOGIN)["Server-Timing"])
