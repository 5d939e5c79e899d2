"""API authentication: a personal token (Bearer) or the signed-in browser session."""

from __future__ import annotations

from django.conf import settings
from ninja.security import APIKeyCookie, HttpBearer

from congvu.accounts.signin import services


class TokenAuth(HttpBearer):
    def authenticate(self, request, token):
        user = services.token_authenticate(raw=token)
        if user is not None:
            request.user = user
        return user


class SessionAuth(APIKeyCookie):
    """The session cookie; unsafe methods also need the CSRF token (django-ninja checks it)."""

    param_name = settings.SESSION_COOKIE_NAME

    def authenticate(self, request, key):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and not getattr(request, "account_step_required", None):
            return user
        return None
