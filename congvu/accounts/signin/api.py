"""API authentication: a personal token (Bearer) or the signed-in browser session."""

from __future__ import annotations

from django.conf import settings
from ninja.errors import HttpError
from ninja.security import APIKeyCookie, HttpBearer

from congvu.accounts.signin import services
from congvu.core.decisions import Refused


class TokenAuth(HttpBearer):
    """A personal token; one whose account is not in good standing is answered 401 with the
    reason (the caller cannot fix it by sending the session instead)."""

    def authenticate(self, request, token):
        try:
            user = services.token_authenticate(raw=token)
        except Refused as refused:
            raise HttpError(401, refused.message) from None
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
