"""Checks run by ``congvu check --deploy``: settings that only suit development."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core import checks


@checks.register(checks.Tags.security, deploy=True)
def audit_key_is_not_the_development_key(app_configs: Any, **kwargs: Any) -> list[checks.CheckMessage]:
    """ADM-2: with the published development key anyone could re-hash a rewritten audit log."""
    if settings.AUDIT_HMAC_KEY == settings.DEV_AUDIT_HMAC_KEY:
        return [
            checks.Warning(
                "CONGVU_AUDIT_HMAC_KEY is not set: the audit log is keyed with the development key.",
                hint="Set CONGVU_AUDIT_HMAC_KEY to a long random secret kept outside the database.",
                id="congvu.W001",
            )
        ]
    return []
