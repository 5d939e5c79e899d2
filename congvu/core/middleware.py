"""Request plumbing shared by every module."""

from __future__ import annotations

import secrets
import time

from django.conf import settings
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import Resolver404, resolve

from congvu.core import audit
from congvu.core.client_address import client_ip


class ServerTimingMiddleware:
    """Sets the audit context's source IP, and reports the server time of the request
    (``Server-Timing: app;dur=…``) for the benchmarks in ``bench/`` when ``SERVER_TIMING`` is on
    (``CONGVU_SERVER_TIMING``; by default only while debugging: it tells anyone how long the server
    took over what they asked)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.perf_counter()
        token = audit.current_ip.set(client_ip(request))
        try:
            response = self.get_response(request)
        finally:
            audit.current_ip.reset(token)
        if settings.SERVER_TIMING:
            response["Server-Timing"] = f"app;dur={(time.perf_counter() - started) * 1000:.2f}"
        return response


class CspNonce:
    """A nonce for one response, made only if a template asks for it (``{{ request.csp_nonce }}``
    on a ``<script>`` that cannot be a static file); the policy then allows that script alone."""

    def __init__(self) -> None:
        self.value: str | None = None

    def __str__(self) -> str:
        if self.value is None:
            self.value = secrets.token_urlsafe(16)
        return self.value


# Every page's Content-Security-Policy: scripts only from the site's own static files (no inline
# script, no event-handler attributes, no eval), nothing loaded from another site (agencies' networks
# may have no internet), no plugins, no framing. Inline style attributes stay allowed: pages and
# htmx set a few, and a style cannot run code.
CONTENT_SECURITY_POLICY = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self' 'unsafe-inline'",
    "img-src": "'self' data:",
    "font-src": "'self'",
    "connect-src": "'self'",
    "object-src": "'none'",
    "base-uri": "'self'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
}


def content_security_policy(nonce: str | None = None) -> str:
    directives = dict(CONTENT_SECURITY_POLICY)
    if nonce:
        directives["script-src"] += f" 'nonce-{nonce}'"
    return "; ".join(f"{name} {value}" for name, value in directives.items())


class ContentSecurityPolicyMiddleware:
    """Sends the Content-Security-Policy with every response (issue: headers and exposure)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        nonce = CspNonce()
        request.csp_nonce = nonce
        response = self.get_response(request)
        if "Content-Security-Policy" not in response:
            response["Content-Security-Policy"] = content_security_policy(nonce.value)
        return response


class RefusalMiddleware:
    """A refusal that no view caught becomes the answer its kind calls for (STYLE: Refusals):
    403, 404, 409 or 400 with the Vietnamese reason — a line of text for an htmx request, the
    site's page otherwise. Forms catch their refusals themselves to keep what was typed."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        from congvu.core.decisions import Refused

        if not isinstance(exception, Refused):
            return None
        if getattr(request, "htmx", False):
            return HttpResponse(exception.message, status=exception.status, content_type="text/plain")
        return render(request, "errors/refused.html", {"refused": exception}, status=exception.status)


def page_above(path: str) -> str:
    """The nearest address above ``path`` that leads somewhere: ``/cong-viec/21/`` for
    ``/cong-viec/21/bao-cao-tien-do/``, ``/cong-viec/21/`` for ``/cong-viec/21/gia-han/3/``; the
    home page at the end."""
    parts = [part for part in path.split("/") if part]
    while parts:
        parts.pop()
        candidate = "/" + "".join(f"{part}/" for part in parts)
        try:
            resolve(candidate)
        except Resolver404:
            continue
        return candidate
    return "/"


class PostOnlyAddressMiddleware:
    """An address that only takes a form's POST (``/cong-viec/21/bao-cao-tien-do/``) opened as a
    page — the ``next`` of a sign-in, a reload, a bookmark — leads to the page above it, where the
    form is, instead of a bare "405". The API keeps its JSON answer."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (
            response.status_code == 405
            and request.method in ("GET", "HEAD")
            and not request.path.startswith("/api/")
            and not getattr(request, "htmx", False)
        ):
            return redirect(page_above(request.path))
        return response
