"""Request plumbing shared by every module."""

from __future__ import annotations

import time

from congvu.core import audit


def client_ip(request) -> str | None:
    # REMOTE_ADDR is the reverse proxy's address behind one; the proxy is configured to
    # pass the client's through X-Real-IP (see README, deployment).
    return request.META.get("HTTP_X_REAL_IP") or request.META.get("REMOTE_ADDR") or None


class ServerTimingMiddleware:
    """Sets the audit context's source IP, and reports the server time of the request
    (``Server-Timing: app;dur=…``) for the benchmarks in ``bench/``."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.perf_counter()
        token = audit.current_ip.set(client_ip(request))
        try:
            response = self.get_response(request)
        finally:
            audit.current_ip.reset(token)
        response["Server-Timing"] = f"app;dur={(time.perf_counter() - started) * 1000:.2f}"
        return response
