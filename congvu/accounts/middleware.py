"""The security profile applied to every request (standards §7; ORG-6).

- idle timeout: 15 minutes for users, 5 for administrators (TV-SEC-2);
- a person with a confirmed second factor enters a code before anything else; every
  administrator must have one (TV-SEC-4) and is sent to enrol it;
- first sign-in: the one-time password must be changed before anything else, and so must an
  administrator's password older than the profile's maximum age (TV-SEC-4);
- the session's "last seen" is kept for the sessions page (at most once a minute);
- one-time passwords given to an administrator (a new account, a reset, an account request
  processed) are kept in the session for the page that shows them, shown again if it is reloaded,
  and forgotten as soon as the person opens any other page (``show_once``; ORG-6: never stored).

While a step is pending the person reaches only that step's page and "Đăng xuất"; the API refuses
the session (``request.account_step_required``, read by ``SessionAuth``).

Nothing typed is lost to a sign-in: a form sent after the idle limit, or after the session ended
otherwise (purged, past its age, the browser closed), is kept — its fields, never passwords, tokens
or files, and not more than 64 KB — in the fresh session, and the person is sent to sign in with
the reason and a ``next`` that is the page of the form (the same-site Referer). Django keeps the
session's data across ``login()``; once the same person is back, that page carries the fields
(``request.kept_form``, written by the base layout as JSON) and ``congvu.js`` fills the form in
again for them to check and send. Another person signing in on that browser never sees them.
"""

from __future__ import annotations

import time
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import CsrfViewMiddleware
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django_htmx.http import HttpResponseClientRedirect

from congvu.accounts.passwords import password_expired, safeguards
from congvu.core.middleware import page_above

SESSION_LAST_SEEN = "congvu_last_seen"
BACKGROUND_HEADER = "X-Congvu-Background"  # sent by polling elements: not the person's activity
SESSION_KEPT_FORM = "congvu_kept_form"
SESSION_SHOWN_ONCE = "congvu_shown_once"

_PASS_THROUGH = ("/static/", "/healthz", "/readyz", "/i18n/")

# What a form interrupted by a sign-in may keep (the session is no place for a long upload).
KEPT_MAX_BYTES = 64 * 1024
KEPT_MAX_FIELDS = 100
KEPT_MINUTES = 30  # a sign-in that takes longer starts afresh
_NEVER_KEPT = ("password", "csrfmiddlewaretoken", "token", "otp", "secret")


# --- secrets shown on one page only -------------------------------------------------------------


def show_once(request: HttpRequest, *, page: str, data: dict[str, Any]) -> None:
    """Keep ``data`` (one-time passwords) for ``page``, where the view redirects after its POST:
    the page shows them while the person stays on it (a reload included), and the next other page
    they open forgets them. Never in the database's tables, never in a URL."""
    request.session[SESSION_SHOWN_ONCE] = {"page": page, "data": data}


def shown_once(request: HttpRequest, *, page: str) -> dict[str, Any] | None:
    """What ``show_once`` kept for ``page``; None once the person has left it."""
    kept = request.session.get(SESSION_SHOWN_ONCE)
    if not kept or kept.get("page") != page:
        return None
    data: dict[str, Any] = kept["data"]
    return data


def _forget_shown_once(request: HttpRequest, response: HttpResponse) -> None:
    """Another page of the site was opened (not the PDF of the form, a file, an htmx fragment)."""
    kept = request.session.get(SESSION_SHOWN_ONCE)
    if (
        kept is not None
        and request.path != kept.get("page")
        and request.method == "GET"
        and not getattr(request, "htmx", False)
        and response.status_code == 200
        and response.get("Content-Type", "").startswith("text/html")
    ):
        del request.session[SESSION_SHOWN_ONCE]


# --- a form interrupted by a sign-in ------------------------------------------------------------


def _kept_fields(request: HttpRequest) -> list[list[str]] | None:
    """The fields of the POST as typed, without passwords, tokens or files; None when there is
    nothing to keep, or more than the bounds allow."""
    fields: list[list[str]] = []
    size = 0
    for name, values in request.POST.lists():
        if any(word in name.lower() for word in _NEVER_KEPT):
            continue
        for value in values:
            fields.append([name, value])
            size += len(name.encode()) + len(value.encode())
    if not fields or len(fields) > KEPT_MAX_FIELDS or size > KEPT_MAX_BYTES:
        return None
    return fields


def _form_page(request: HttpRequest) -> str:
    """The page that held the form: the same-site Referer of the POST; else the page above the
    address the form was sent to (an address that only takes POST is no page to come back to)."""
    referer = request.headers.get("Referer", "")
    if referer and url_has_allowed_host_and_scheme(
        referer, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        parts = urlsplit(referer)
        if parts.path and parts.path != reverse("accounts:login"):
            return parts.path + (f"?{parts.query}" if parts.query else "")
    return page_above(request.path)


def _csrf_passes(request: HttpRequest) -> bool:
    """Keep only what the site's own page sent (the idle check runs before Django's CSRF check)."""
    if getattr(request, "csrf_processing_done", False):
        return True
    check = CsrfViewMiddleware(lambda r: HttpResponse())
    return check.process_view(request, lambda r: HttpResponse(), (), {}) is None


def _sign_in_again(request: HttpRequest, *, reason: str, owner: Any) -> HttpResponse:
    """Keep what the interrupted POST carried, say why, and send the person to sign in; after
    signing in they come back to the page of the form."""
    page = request.get_full_path()
    if request.method == "POST":
        page = _form_page(request)
        fields = _kept_fields(request) if _csrf_passes(request) else None
        if fields is not None:
            request.session[SESSION_KEPT_FORM] = {
                "action": request.path,
                "page": page,
                "fields": fields,
                "files": bool(request.FILES),
                "owner": getattr(owner, "pk", None),
                "at": time.time(),
            }
            reason += " " + _("Nội dung bạn vừa nhập được giữ lại và sẽ được điền lại sau khi đăng nhập.")
    target = f"{reverse('accounts:login')}?{urlencode({'next': page})}"
    messages.warning(request, reason)
    if getattr(request, "htmx", False):
        return HttpResponseClientRedirect(target)
    return redirect(target)


def _is_sign_in_redirect(response: HttpResponse) -> bool:
    return response.status_code == 302 and urlsplit(response.get("Location", "")).path == reverse(
        "accounts:login"
    )


def _kept_form_for(request: HttpRequest, user: Any) -> dict[str, Any] | None:
    """The fields kept for this page and this person; the kept fields of someone else, or too old,
    are dropped."""
    kept = request.session.get(SESSION_KEPT_FORM)
    if kept is None:
        return None
    owner = kept.get("owner")
    if (owner is not None and owner != user.pk) or time.time() - kept.get("at", 0) > KEPT_MINUTES * 60:
        del request.session[SESSION_KEPT_FORM]
        return None
    page = urlsplit(kept.get("page", "")).path
    here = request.path
    if request.method != "GET" or getattr(request, "htmx", False):
        return None
    if here == page or (here != "/" and page.startswith(here)):
        return {"action": kept["action"], "fields": kept["fields"], "files": kept.get("files", False)}
    return None


def required_step(request, user, *, is_admin: bool, has_device: bool) -> str | None:
    """The url name of the page this person must go through first, or None."""
    verified = user.is_verified() if hasattr(user, "is_verified") else False
    if has_device and not verified:
        return "accounts:otp_verify"
    if user.must_change_password or password_expired(user, is_admin=is_admin):
        return "accounts:password_change"
    if is_admin and settings.SECURITY["ADMIN_MFA_REQUIRED"] and not verified:
        return "accounts:otp_setup"
    return None


def _is_background(request: HttpRequest) -> bool:
    """A request a page sends by itself (a chat's poll, a menu badge), not the person acting: it
    never keeps a session alive, and is never answered with a page to go through (second factor, new
    password), which would land inside the page that asked. (An ended session sends the whole page
    to the sign-in page: ``_sign_in_again`` answers htmx with a client redirect.)"""
    return request.headers.get(BACKGROUND_HEADER) == "1"


class AccountSecurityMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if request.path.startswith(_PASS_THROUGH) or user is None:
            return self.get_response(request)
        if not user.is_authenticated:
            return self._anonymous(request)

        session = request.session
        # Read on every request, never kept in the session: a role granted or a second factor
        # enrolled while the person is signed in applies at once.
        found = safeguards(user)
        is_admin, has_device = found.is_admin, found.has_device

        profile = settings.SECURITY
        idle_limit = 60 * (
            profile["SESSION_IDLE_ADMIN_MINUTES"] if is_admin else profile["SESSION_IDLE_USER_MINUTES"]
        )
        now = time.time()
        last_seen = session.get(SESSION_LAST_SEEN)
        if last_seen is not None and now - last_seen > idle_limit:
            from congvu.accounts.signin.services import record_sign_out

            record_sign_out(user, reason="idle", session_key=session.session_key)
            logout(request)
            if request.path.startswith("/api/"):
                return self.get_response(request)  # 401 in JSON: the API has no sign-in page
            minutes = idle_limit // 60
            reason = _(
                "Phiên làm việc đã hết hạn sau %(minutes)s phút không thao tác. Vui lòng đăng nhập lại."
            ) % {"minutes": minutes}
            return _sign_in_again(request, reason=reason, owner=user)
        # A page's own background requests (a chat's poll every few seconds) are not the person
        # acting: they must not keep an unattended session alive past the idle limit.
        background = _is_background(request)
        if last_seen is None or (now - last_seen > 60 and not background):
            session[SESSION_LAST_SEEN] = now
            from congvu.accounts.models import UserSession

            if session.session_key:
                touched = UserSession.objects.filter(session_key=session.session_key).update(
                    last_seen_at=timezone.now()
                )
                if not touched:  # signed in by another path (an SSO backend, a test client): list it too
                    from congvu.accounts.signin.services import remember

                    remember(user=user, request=request)

        step = required_step(request, user, is_admin=is_admin, has_device=has_device)
        if step is not None:
            request.account_step_required = step
            if request.path.startswith("/api/"):
                return self.get_response(request)
            if background:
                return HttpResponse(status=204)  # the step is the page's to show, not a badge's or a poll's
            target = reverse(step)
            if request.path not in {target, reverse("accounts:logout")}:
                if step == "accounts:otp_verify" and request.method == "GET":
                    return redirect(f"{target}?{urlencode({'next': request.get_full_path()})}")
                return redirect(target)
            return self.get_response(request)

        request.kept_form = _kept_form_for(request, user)
        response = self.get_response(request)
        if request.kept_form is not None and response.status_code == 200:
            request.session.pop(SESSION_KEPT_FORM, None)  # shown once, on the page of the form
        _forget_shown_once(request, response)
        return response

    def _anonymous(self, request: HttpRequest) -> HttpResponse:
        """A form sent after the session ended by itself (purged, past its age, the browser closed):
        ``login_required`` answers with the sign-in page; keep what was typed on the way."""
        response = self.get_response(request)
        if not _is_sign_in_redirect(response) or request.path.startswith("/api/"):
            return response
        if request.method == "POST" and request.path not in {
            reverse("accounts:login"),
            reverse("accounts:logout"),
        }:
            reason = _("Phiên làm việc đã kết thúc. Vui lòng đăng nhập lại.")
            return _sign_in_again(request, reason=reason, owner=None)
        if getattr(request, "htmx", False):
            return HttpResponseClientRedirect(response["Location"])  # the whole page, not a fragment
        return response
