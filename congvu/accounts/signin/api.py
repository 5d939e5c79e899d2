"""API authentication: a personal token (Bearer) or the signed-in browser session."""

from __future__ import annotations

from django.conf import settings
from django.utils import timezone
from ninja.security import APIKeyCookie, HttpBearer

from congvu.accounts.models import ApiToken, hash_token


class TokenAuth(HttpBearer):
    def authenticate(self, request, token):
        found = (
            ApiToken.objects.select_related("user")
            .filter(key_hash=hash_token(token), revoked_at__isnull=True)
            .first()
        )
        if found is None or not found.user.is_active:
            return None
        now = timezone.now()
        if found.last_used_at is None or (now - found.last_used_at).total_seconds() > 300:
            ApiToken.objects.filter(pk=found.pk).update(last_used_at=now)
        request.user = found.user
        return found.user


class SessionAuth(APIKeyCookie):
    """The session cookie; unsafe methods also need the CSRF token (django-ninja checks it)."""

    param_name = settings.SESSION_COOKIE_NAME

    def authenticate(self, request, key):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and not getattr(request, "account_step_required", None):
            return user
        return None
