"""Sign-in backends.

Local passwords are the default (ORG-5). LDAP and OpenID Connect plug in as further entries of
``AUTHENTICATION_BACKENDS``: a backend only has to return an active ``User``; policies never ask
how a person signed in.
"""

from django.contrib.auth.backends import ModelBackend


class LocalPasswordBackend(ModelBackend):
    """Username (case-insensitive) and password; only active accounts (ORG-7)."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if username is not None:
            username = username.strip().lower()
        return super().authenticate(request, username=username, password=password, **kwargs)

    def user_can_authenticate(self, user):
        return getattr(user, "is_active", False)
