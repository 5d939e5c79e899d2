"""API authentication: a personal token (Bearer) or the signed-in browser session."""

from __future__ import annotations

from functools import wraps

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.http import JsonResponse
from ninja.errors import HttpError
from ninja.security import APIKeyCookie, HttpBearer

from congvu.accounts.signin import services
from congvu.core import api_errors
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


def signed_in_only(view):
    """The API's documentation and schema, for signed-in people only (a session past every step
    of signing in, or a personal token): the browser is sent to sign in, a program gets 401."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        user = getattr(request, "user", None)
        signed_in = bool(user is not None and user.is_authenticated) and not getattr(
            request, "account_step_required", None
        )
        if not signed_in:
            header = request.headers.get("Authorization", "")
            scheme, _, raw = header.partition(" ")
            if scheme.lower() == "bearer" and raw:
                try:
                    signed_in = services.token_authenticate(raw=raw.strip()) is not None
                except Refused:
                    signed_in = False
        if signed_in:
            return view(request, *args, **kwargs)
        if request.path.endswith(".json"):
            return JsonResponse(api_errors.body(401, api_errors.NOT_SIGNED_IN), status=401)
        return redirect_to_login(request.get_full_path())

    return wrapped
