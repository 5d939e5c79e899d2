"""What a page keeps per person between requests ("Hôm nay", the work lists, the accounts list,
the week calendar, the counters and the bell), and the stamp that drops it the moment the person
acts or is sent something.

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
with its own session's token (``kept_html``, ``kept_page``), so a page kept from one session posts
from another. A whole page (``kept_page``: the layout too) also leaves a hole where the banners go,
filled by each request; it is not kept when something belongs to that request alone (a message).

A request reads each stamp from the cache once (``PersonalStampMiddleware`` holds what it read):
the page, its counters, the bell and the menu hang on the same stamps.

Keeping is on when ``settings.HOME_CACHE_SECONDS`` > 0, which needs a cache every web process
shares (Redis, ``CONGVU_REDIS_URL``): stamps kept in one process's memory would leave another
process serving a page its own stamp no longer matches.
"""

from __future__ import annotations

import hashlib
import secrets
import zlib
from collections.abc import Callable, Iterable, Mapping
from contextvars import ContextVar
from functools import partial, wraps
from typing import Any, TypeVar

from django.conf import settings
from django.contrib import messages
from django.core.cache import cache
from django.db import transaction
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.crypto import salted_hmac
from django.utils.safestring import SafeString, mark_safe

from congvu.core import registry

T = TypeVar("T")

STAMP_SECONDS = 24 * 3600  # a stamp lost to expiry or eviction is replaced by a new one: nothing stale

# The stamps a request has read, by key: a page's kept parts hang on the same stamps, read once per
# request (``PersonalStampMiddleware`` opens and closes it; outside a request nothing is remembered).
# A renewal in this process writes its new stamps here too.
_read: ContextVar[dict[str, str] | None] = ContextVar("congvu_personal_stamps", default=None)


def enabled() -> bool:
    return settings.HOME_CACHE_SECONDS > 0


def _stamp_key(person_id: int) -> str:
    return f"personal:stamp:{person_id}"


def _topic_key(topic: str) -> str:
    return f"personal:topic:{topic}"


def _renew(keys: frozenset[str]) -> None:
    fresh = {key: secrets.token_hex(8) for key in keys}
    cache.set_many(fresh, STAMP_SECONDS)
    read = _read.get()
    if read is not None:
        read.update(fresh)


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


def touch_topic(*topics: str) -> None:
    """``topics`` have changed for whoever reads them: drop every page kept under one of them, now
    and again when the transaction commits."""
    if enabled() and topics:
        _renew_now_and_on_commit(frozenset(_topic_key(topic) for topic in topics))


def is_renewal(callback: Any) -> bool:
    """Whether an on-commit callback is a stamp's renewal (for tests counting what else is queued)."""
    return getattr(callback, "func", None) is _renew


def stamp(person_id: int) -> str:
    """The person's current stamp (a new one when they have none)."""
    return _current([_stamp_key(person_id)])[0]


def _current(keys: list[str]) -> list[str]:
    """The current stamps under ``keys`` (a new one where there is none), in one read of the cache
    for those this request has not read yet."""
    read = _read.get()
    known = read if read is not None else {}
    missing = [key for key in keys if key not in known]
    if missing:
        found = cache.get_many(missing)
        for key in missing:
            if key not in found:
                cache.add(key, secrets.token_hex(8), STAMP_SECONDS)
                found[key] = cache.get(key) or ""
        if read is None:
            known = found
        else:
            read.update(found)
    return [known[key] for key in keys]


def _key(
    user: Any, kind: str, facts: Iterable[Any], *, topics: Iterable[str], acting_for: Iterable[int]
) -> str:
    """Where something kept for ``user`` lies: under their stamp, the stamps of ``acting_for`` and
    of ``topics`` (read in one round trip), the language, the day, and ``facts`` (hashed: an
    address a person typed may be long)."""
    others = list(acting_for)
    topics = list(topics)
    stamps = _current(
        [_stamp_key(user.pk), *(_stamp_key(pk) for pk in others), *(_topic_key(t) for t in topics)]
    )
    told = hashlib.sha256("\x1f".join(str(fact) for fact in facts).encode()).hexdigest()[:32]
    return ":".join(
        [
            "personal",
            kind,
            str(user.pk),
            stamps[0],
            *(f"{pk}={value}" for pk, value in zip(others, stamps[1:], strict=False)),
            *stamps[1 + len(others) :],
            translation.get_language() or "",
            timezone.localdate().isoformat(),
            told,
        ]
    )


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
    key = _key(user, kind, facts, topics=topics, acting_for=acting_for)
    found = cache.get(key)
    if found is None:
        found = build()
        cache.set(key, found, settings.HOME_CACHE_SECONDS)
    return found


def csrf_standin() -> str:
    """What a kept page carries where a form's token goes (``kept_html`` puts it in the part's
    context, the layout's context processor in a whole page's): the same in every process that
    shares the secret key, and not a string a person would type."""
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
    standin = csrf_standin()

    def draw() -> tuple[str, str]:
        template, context = build()
        return template, render_to_string(template, {**context, "csrf_token": standin}, request=request)

    template, body = kept(request.user, kind, facts, draw, topics=topics)
    return template, mark_safe(_with_token(request, body))  # noqa: S308 — drawn by our template


# --- whole pages ------------------------------------------------------------------------------------

_DRAWING = "_congvu_drawing_kept_page"


def drawing_kept_page(request: Any) -> bool:
    """Whether the page being drawn for ``request`` is to be kept: its layout then leaves the form
    token and the banners to each request (``csrf_standin``, ``banners_or_hole``)."""
    return bool(getattr(request, _DRAWING, False))


def _banners_hole() -> str:
    return f"<!--congvu-banners-{csrf_standin()[:16]}-->"


def draw_banners(request: Any) -> SafeString:
    """The strips the modules show above every page (``registry.banner``): a notice of maintenance
    begins and ends by the clock, so a kept page has a hole here that each request fills."""
    parts = []
    for item in registry.banners():
        context = item.context(request)
        if context:
            parts.append(render_to_string(item.template, {"banner": context}, request=request))
    return mark_safe("".join(parts))  # noqa: S308 — drawn by the modules' templates


def banners_or_hole(request: Any) -> SafeString:
    if request is not None and drawing_kept_page(request):
        return mark_safe(_banners_hole())  # noqa: S308 — a constant comment
    return draw_banners(request)


def _fill(request: Any, body: str) -> str:
    hole = _banners_hole()
    if hole in body:
        body = body.replace(hole, draw_banners(request), 1)
    return _with_token(request, body)


def _with_token(request: Any, body: str) -> str:
    """``body`` with this request's form token where the stand-in is."""
    return body.replace(csrf_standin(), get_token(request))


def _may_keep(request: Any) -> bool:
    """A plain look at a page: no message waiting to be shown, no form kept from a sign-in."""
    user = getattr(request, "user", None)
    return (
        request.method == "GET"
        and user is not None
        and user.is_authenticated
        and getattr(request, "kept_form", None) is None
        and not len(messages.get_messages(request))
    )


def _keeps(request: Any, response: Any) -> bool:
    """What the view answered is the page itself and nothing of this request alone (a message, a
    cookie, a header, a script's nonce)."""
    nonce = getattr(request, "csp_nonce", None)
    return (
        response.status_code == 200
        and not response.streaming
        and set(response.headers) <= {"Content-Type"}
        and not response.cookies
        and getattr(nonce, "value", None) is None
        and not len(messages.get_messages(request))
    )


def kept_page(
    kind: str,
    *,
    facts: Callable[[Any], Iterable[Any]] | None = None,
    topics: Callable[[Any], Iterable[str]] | None = None,
    acting_for: Callable[[Any], Iterable[int]] | None = None,
    unless: Callable[[Any], bool] | None = None,
) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """A view whose whole page (its layout too) is kept for the person as ``kept`` keeps things,
    for each address (path and query) they open: until their stamp, the stamp of someone in
    ``acting_for(request)``, of one of ``topics(request)`` or of the menu's topics
    (``registry.NavEntry.topics``) is renewed, the day or the language
    changes, one of ``facts(request)`` changes, or ``HOME_CACHE_SECONDS`` pass. A page that shows
    what no stamp follows is drawn afresh each time (``unless(request)``).

    The page is drawn with a stand-in for the form token and a hole for the banners; each request
    puts in its own session's token and the banners of the moment. A page is not kept when
    something belongs to this request alone: a message to show, a form kept from a sign-in, an
    answer other than the page (a redirect, a refusal), a cookie, a header or a script's nonce."""

    def decorate(view: Callable[..., Any]) -> Callable[..., Any]:
        @wraps(view)
        def wrapper(request: Any, *args: Any, **kwargs: Any) -> Any:
            if not enabled() or not _may_keep(request) or (unless is not None and unless(request)):
                return view(request, *args, **kwargs)
            user = request.user
            told = [
                request.get_full_path(),
                bool(getattr(request, "htmx", False)),
                user.full_name,
                *(facts(request) if facts else ()),
            ]
            key = _key(
                user,
                f"page-z:{kind}",  # the stored form in the name: a server of another version never reads it
                told,
                topics=[*(topics(request) if topics else ()), *registry.nav_topics()],
                acting_for=acting_for(request) if acting_for else (),
            )
            found = cache.get(key)
            if found is not None:
                content_type, packed = found
                return HttpResponse(
                    _fill(request, zlib.decompress(packed).decode()), content_type=content_type
                )
            setattr(request, _DRAWING, True)
            try:
                response = view(request, *args, **kwargs)
            finally:
                setattr(request, _DRAWING, False)
            if response.streaming:
                return response
            body = response.content.decode(response.charset)
            if _keeps(request, response):
                packed = zlib.compress(body.encode(), 1)  # a tenth of the page's size in the cache
                cache.set(key, (response["Content-Type"], packed), settings.HOME_CACHE_SECONDS)
            response.content = _fill(request, body)
            return response

        return wrapper

    return decorate


class PersonalStampMiddleware:
    """A request that may change something renews the stamp of the person who sent it, once the
    view has answered (its transactions committed): whatever the view did, audited or not, shows
    on that person's next page."""

    UNSAFE = frozenset({"POST", "PUT", "PATCH", "DELETE"})

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _read.set({})
        try:
            response = self.get_response(request)
            if request.method in self.UNSAFE:
                user = getattr(request, "user", None)
                if user is not None and user.is_authenticated:
                    touch([user])
        finally:
            _read.reset(token)
        return response
