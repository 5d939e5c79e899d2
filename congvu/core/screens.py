"""The glue between a screen's form and a service, written once (STYLE: "a view is an adapter").

``submit_form`` parses the form, calls the service inside one transaction, and either says what was
done and redirects (POST/redirect/GET), or keeps the form — with what the person typed and the
refusal on the field it names — for the view to show again with the status the refusal calls for.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.core.files.storage import default_storage
from django.db import transaction
from django.forms import BaseForm
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from congvu.core.decisions import Refused
from congvu.core.forms import bind_refusal


@dataclass
class Outcome:
    """What happened to a submitted form: ``response`` is the redirect when it worked; otherwise
    the form carries the errors and ``status`` is what the page should answer (400, 403, 409)."""

    response: HttpResponse | None
    status: int = 400
    result: Any = None

    @property
    def done(self) -> bool:
        return self.response is not None


def submit_form(
    request: HttpRequest,
    form: BaseForm,
    call: Callable[[dict[str, Any]], Any],
    *,
    success: Any,
    redirect_to: str | Callable[[Any], str],
    fallback: str | None = None,
) -> Outcome:
    """Validate ``form``, run ``call(cleaned_data)`` in a transaction, then redirect with
    ``success`` (a message, or a function of the result); ``redirect_to`` is a URL, or a function
    of the result. A refusal lands on its field (else ``fallback``, else the form) and nothing is
    saved."""
    if not form.is_valid():
        return Outcome(None, 400)
    try:
        with transaction.atomic():
            result = call(form.cleaned_data)
    except Refused as refused:
        bind_refusal(form, refused, fallback=fallback)
        return Outcome(None, refused.status)
    messages.success(request, success(result) if callable(success) else success)
    target = redirect_to(result) if callable(redirect_to) else redirect_to
    return Outcome(redirect(target), 200, result)


def press_button(
    request: HttpRequest,
    call: Callable[[], Any],
    *,
    success: Any,
    redirect_to: str,
) -> HttpResponse:
    """A button with no form to keep (activate, revoke, unlock …): run ``call`` in a transaction
    and go back to ``redirect_to`` saying what was done — or why not, when the rules refuse. A
    missing object is still a 404."""
    try:
        with transaction.atomic():
            result = call()
    except Refused as refused:
        if refused.kind == Refused.Kind.NOT_FOUND:
            raise
        messages.error(request, refused.message)
    else:
        messages.success(request, success(result) if callable(success) else success)
    return redirect(redirect_to)


def form_page(
    request: HttpRequest,
    form: BaseForm,
    call: Callable[[dict[str, Any]], Any],
    *,
    success: Any,
    redirect_to: str | Callable[[Any], str],
    template: str,
    context: dict[str, Any] | None = None,
    fallback: str | None = None,
) -> HttpResponse:
    """A page with one form: shown on GET; on POST ``submit_form``, then the redirect, or the page
    again with what was typed, the errors and the status the refusal calls for."""
    status = 200
    if request.method == "POST":
        outcome = submit_form(
            request, form, call, success=success, redirect_to=redirect_to, fallback=fallback
        )
        if outcome.response is not None:
            return outcome.response
        status = outcome.status
    return render(request, template, {"form": form, **(context or {})}, status=status)


def query_without(request: HttpRequest, *names: str) -> str:
    """The page's query string without ``names`` (a filter's "remove" link, the next page's base)."""
    query = request.GET.copy()
    for name in names:
        query.pop(name, None)
    return query.urlencode()


def stored_file_download(stored: Any) -> FileResponse:
    """A kept file (``core.StoredFile``) as a download under the name it was uploaded with; the
    caller has checked that the person may read what the file belongs to."""
    return FileResponse(
        default_storage.open(stored.storage_name, "rb"),
        as_attachment=True,
        filename=stored.original_name,
        content_type=stored.content_type,
    )
