"""What a page keeps per person between requests (the home page "Hôm nay"), and the stamp that
drops it the moment the person acts or is sent something.

A person's stamp is a random token in the cache. A kept page is stored under it (with the day,
the language, the organisation's version and whose authority the person holds), so a new stamp
drops every page kept for the person at once, in every process that shares the cache. The stamp
is renewed (``touch``):

- for the actor of every audited event and the person they acted for (``audit.record``);
- for the person behind every request that may change something (a POST, PUT, PATCH or DELETE
  of a signed-in person — ``PersonalStampMiddleware``), audited or not;
- for whoever is sent a notification, and whoever opens what they were sent (a notification, a
  message, an announcement, a conversation) — reading is no act to log, but the page must show it.

A page that shows the work of the people whose authority the person holds (a delegate's "Hôm
nay") is kept under their stamps too (``acting_for``): what changes for them shows for the delegate.

A page may also depend on a topic that many people read and few write (the work calendars): its
stamp is renewed by every service that writes it (``touch_topic``), and the page is kept under the
person's stamp and the topic's.

A touch renews the stamp at once and again when the surrounding transaction commits: a page built
by a concurrent request from what was not yet committed can only be kept under the stamp that the
commit replaces. What other people change without telling the person (a post on a board) or the
hour passing shows after at most ``HOME_CACHE_SECONDS``.

A kept page holds no form token of its own: it is drawn with a stand-in that each request replaces
with its own session's token (``kept_html``), so a page kept from one session posts from another.

Keeping is on when ``settings.HOME_CACHE_SECONDS`` > 0, which needs a cache every web process
shares (Redis, ``CONGVU_REDIS_URL``): stamps kept in one process's memory would leave another
process serving a page its own stamp no longer matches.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable, Iterable, Mapping
from functools import partial
from typing import Any, TypeVar

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.crypto import salted_hmac
from django.utils.safestring import SafeString, mark_safe

T = TypeVar("T")

STAMP_SECONDS = 24 * 3600  # a stamp lost to expiry or eviction is replaced by a new one: nothing stale


def enabled() -> bool:
    return settings.HOME_CACHE_SECONDS > 0


def _stamp_key(person_id: int) -> str:
    return f"personal:stamp:{person_id}"


def _topic_key(topic: str) -> str:
    return f"personal:topic:{topic}"


def _renew(keys: frozenset[str]) -> None:
    cache.set_many({key: secrets.token_hex(8) for key in keys}, STAMP_SECONDS)


def _renew_now_and_on_commit(keys: frozenset[str]) -> None:
    _renew(keys)
    if transaction.get_connection().in_atomic_block:
        transaction.on_commit(partial(_renew, keys))


def touch(people: Iterable[Any]) -> None:
    """What ``people`` (users or their ids) see has changed: drop what is kept for them, now and
    again when the transaction commits."""
    if not enabled():
        return
    ids = {pk for pk in (getattr(p, "pk", p) for p in people if p is not None) if pk is not None}
    if ids:
        _renew_now_and_on_commit(frozenset(_stamp_key(pk) for pk in ids))


def touch_topic(topic: str) -> None:
    """``topic`` has changed for whoever reads it: drop every page kept under it, now and again
    when the transaction commits."""
    if enabled():
        _renew_now_and_on_commit(frozenset([_topic_key(topic)]))


def is_renewal(callback: Any) -> bool:
    """Whether an on-commit callback is a stamp's renewal (for tests counting what else is queued)."""
    return getattr(callback, "func", None) is _renew


def stamp(person_id: int) -> str:
    """The person's current stamp (a new one when they have none)."""
    return _current(_stamp_key(person_id))


def _current(key: str) -> str:
    found = cache.get(key)
    if found is None:
        cache.add(key, secrets.token_hex(8), STAMP_SECONDS)
        found = cache.get(key) or ""
    return found


def kept(
    user: Any,
    kind: str,
    facts: Iterable[Any],
    build: Callable[[], T],
    *,
    topics: Iterable[str] = (),
    acting_for: Iterable[int] = (),
) -> T:
    """``build()``, kept for the person until their stamp, the stamp of someone in ``acting_for``
    (the ids of the people whose authority they hold, whose work their page shows) or one of
    ``topics``' is renewed, the day or the language changes, one of ``facts`` (the organisation's
    version, what the address asks for …) changes, or ``HOME_CACHE_SECONDS`` pass."""
    if not enabled():
        return build()
    key = ":".join(
        [
            "personal",
            kind,
            str(user.pk),
            stamp(user.pk),
            *(f"{pk}={stamp(pk)}" for pk in acting_for),
            *(_current(_topic_key(topic)) for topic in topics),
            translation.get_language() or "",
            timezone.localdate().isoformat(),
            *(str(fact) for fact in facts),
        ]
    )
    found = cache.get(key)
    if found is None:
        found = build()
        cache.set(key, found, settings.HOME_CACHE_SECONDS)
    return found


def _csrf_standin() -> str:
    """What a kept page carries where a form's token goes: the same in every process that shares
    the secret key, and not a string a person would type."""
    return salted_hmac("congvu.core.personal.csrf", "stand-in").hexdigest()


def kept_html(
    request: Any,
    kind: str,
    facts: Iterable[Any],
    build: Callable[[], tuple[str, Mapping[str, Any]]],
    *,
    topics: Iterable[str] = (),
) -> tuple[str, SafeString]:
    """A part of a page, kept as ``kept`` keeps it: ``build()`` gives the name of the part's
    template and its context; the answer is that name and the drawn part, whose forms carry this
    request's own token."""
    standin = _csrf_standin()

    def draw() -> tuple[str, str]:
        template, context = build()
        return template, render_to_string(template, {**context, "csrf_token": standin}, request=request)

    template, body = kept(request.user, kind, facts, draw, topics=topics)
    return template, mark_safe(body.replace(standin, get_token(request)))  # noqa: S308 — drawn by our template


class PersonalStampMiddleware:
    """A request that may change something renews the stamp of the person who sent it, once the
    view has answered (its transactions committed): whatever the view did, audited or not, shows
    on that person's next page."""

    UNSAFE = frozenset({"POST", "PUT", "PATCH", "DELETE"})

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.method in self.UNSAFE:
            user = getattr(request, "user", None)
            if user is not None and user.is_authenticated:
                touch([user])
        return response
