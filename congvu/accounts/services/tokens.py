"""Personal API tokens (``Authorization: Bearer cv_…``): shown once, stored as a SHA-256 hash.

Only the hash and the first 8 characters (to recognise the token in a list) are kept, so a stolen
database does not give working tokens.
"""

from __future__ import annotations

import secrets
from typing import Any

from django.db import transaction
from django.utils import timezone

from congvu.accounts import policies
from congvu.accounts.models import ApiToken, User, hash_token
from congvu.core import audit
from congvu.core.decisions import Decision, Refused
from congvu.core.text import clean_text

TOKEN_PREFIX = "cv_"  # noqa: S105 (a marker that says "Công Vụ token", not a secret)
PREFIX_LENGTH = 8
MAX_ACTIVE_TOKENS = 20


def new_raw_token() -> str:
    return TOKEN_PREFIX + secrets.token_urlsafe(32)


def can_manage_tokens(actor: Any, owner: User) -> Decision:
    """The owner, or an administrator of the account (who may revoke, e.g. when a laptop is lost)."""
    if actor is None or getattr(actor, "pk", None) == owner.pk:
        return Decision.allow()
    return policies.administers_account(actor, owner)


def active_tokens(user: User):
    return ApiToken.objects.filter(user=user, revoked_at__isnull=True)


@transaction.atomic
def token_create(*, user: User, name: str, actor: Any) -> tuple[ApiToken, str]:
    """Returns the token row and the token itself, which is never shown again."""
    if actor is not None and getattr(actor, "pk", None) != user.pk:
        raise Refused("Mỗi người tự tạo mã truy cập API của mình.")
    if not user.is_active:
        raise Refused("Tài khoản không hoạt động không tạo được mã truy cập API.")
    name = clean_text(name)[:100]
    if not name:
        raise Refused("Hãy đặt tên cho mã truy cập (ví dụ: “Máy tính phòng”).", field="name")
    if active_tokens(user).count() >= MAX_ACTIVE_TOKENS:
        raise Refused(
            f"Mỗi tài khoản có tối đa {MAX_ACTIVE_TOKENS} mã đang dùng. Hãy thu hồi mã không còn cần."
        )
    raw = new_raw_token()
    token = ApiToken.objects.create(
        user=user, name=name, prefix=raw[:PREFIX_LENGTH], key_hash=hash_token(raw)
    )
    audit.record(
        actor=actor or None,
        action="accounts.api_token.created",
        obj=user,
        after={"name": name, "prefix": token.prefix},
    )
    return token, raw


@transaction.atomic
def token_revoke(*, token: ApiToken, actor: Any) -> ApiToken:
    decision = can_manage_tokens(actor, token.user)
    if not decision:
        raise Refused(decision.reason)
    if token.revoked_at is not None:
        return token
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    audit.record(
        actor=actor,
        action="accounts.api_token.revoked",
        obj=token.user,
        after={"name": token.name, "prefix": token.prefix},
    )
    return token


def find_by_prefix(*, user: User, prefix: str) -> ApiToken:
    """The user's active token whose first characters are ``prefix``; refused when none or several."""
    prefix = prefix.strip()
    matches = list(active_tokens(user).filter(prefix__startswith=prefix[:PREFIX_LENGTH]))
    matches = [t for t in matches if prefix.startswith(t.prefix) or t.prefix.startswith(prefix)]
    if not matches:
        raise Refused(f"Không có mã truy cập đang dùng nào bắt đầu bằng “{prefix}”.")
    if len(matches) > 1:
        raise Refused(f"Có {len(matches)} mã bắt đầu bằng “{prefix}”: hãy thu hồi trên trang hồ sơ.")
    return matches[0]


@transaction.atomic
def revoke_all(*, user: User, actor: Any) -> int:
    count = active_tokens(user).update(revoked_at=timezone.now())
    if count:
        audit.record(actor=actor, action="accounts.api_token.revoked_all", obj=user, after={"count": count})
    return count
