"""The signing screens (DOC-5; Phụ lục VI: ký số, kiểm tra chữ ký số, in có dấu vết F-6k/F-6l):

- ``documents:outgoing_sign`` ``/van-ban/di/<id>/ky/``: the stamp the signer will put on the
  document, a confirmation, then "Ký số";
- ``documents:signing_queue`` ``/van-ban/di/cho-ky/``: the documents waiting for my signature;
- ``documents:signing_check`` ``/van-ban/kiem-tra-chu-ky/``: upload a PDF and see each signature
  (nothing is kept);
- ``documents:signing_file_verify`` ``/van-ban/tep/<kind>/<doc>/<file>/chu-ky/``: the signatures of
  one of a document's files;
- ``documents:signing_file_print`` ``/van-ban/tep/<kind>/<doc>/<file>/in/``: the PDF with "In bởi
  … lúc …" on each page, audited as printed.

Signing reads, signs and checks the PDF before any transaction opens (it takes a second or two),
so the view calls the service itself rather than through ``core.screens`` (which wraps the call
in a transaction); the service saves in one transaction of its own.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, path, reverse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from congvu.core.client_address import client_ip
from congvu.core.decisions import Refused
from congvu.core.forms import bind_refusal
from congvu.documents.files import selectors as files
from congvu.documents.policies import access_outgoing
from congvu.documents.signing import selectors, services
from congvu.documents.signing.forms import CheckForm, SignForm


def _back_to(doc_id: int) -> str:
    """Where a signed document goes back to: the document's page once the outgoing screens
    name it, else the signing queue."""
    try:
        return reverse("documents:outgoing_detail", args=[doc_id])
    except NoReverseMatch:
        return reverse("documents:signing_queue")


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def outgoing_sign(request: HttpRequest, doc_id: int) -> HttpResponse:
    doc = access_outgoing(request.user, doc_id)
    form = SignForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            services.document_sign(doc=doc, actor=request.user, request_ip=client_ip(request))
        except Refused as refused:
            if refused.kind == Refused.Kind.NOT_FOUND:
                raise
            bind_refusal(form, refused)
            status = refused.status
        else:
            messages.success(request, _("Đã ký số văn bản; văn bản chờ văn thư phát hành."))
            return redirect(_back_to(doc.pk))
    elif request.method == "POST":
        status = 400
    allowed = selectors.can_sign(request.user, doc)
    source, source_problem = selectors.source_of(doc)
    context = {
        "doc": doc,
        "form": form,
        "allowed": allowed,
        "refusal": None if allowed else selectors.sign_refusal(request.user, doc),
        "stamp": selectors.stamp_for(doc, request.user),
        "source": source,
        "source_problem": source_problem,
    }
    return render(request, "documents/signing/sign.html", context, status=status)


@require_safe
@login_required
def signing_queue(request: HttpRequest) -> HttpResponse:
    page = selectors.queue_page(request.user, after=request.GET.get("sau") or None)
    return render(request, "documents/signing/queue.html", {"page": page})


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def signing_check(request: HttpRequest) -> HttpResponse:
    form = CheckForm(*((request.POST, request.FILES) if request.method == "POST" else ()))
    checks = None
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                checks = selectors.uploaded_signatures(form.cleaned_data["file"])
            except Refused as refused:
                bind_refusal(form, refused)
                status = refused.status
        else:
            status = 400
    context = {
        "form": form,
        "checks": checks,
        "name": form.cleaned_data["file"].name if checks is not None else "",
    }
    return render(request, "documents/signing/check.html", context, status=status)


@require_safe
@login_required
def signing_file_verify(request: HttpRequest, kind: str, doc_id: int, file_id: int) -> HttpResponse:
    doc = files.document_of(request.user, kind, doc_id)
    stored = files.file_of(doc, file_id)
    context = {
        "doc": doc,
        "kind": kind,
        "stored": stored,
        "is_pdf": selectors.is_pdf(stored),
        "checks": selectors.stored_signatures(stored),
    }
    return render(request, "documents/signing/file_verify.html", context)


@require_safe
@login_required
def signing_file_print(request: HttpRequest, kind: str, doc_id: int, file_id: int) -> HttpResponse:
    doc = files.document_of(request.user, kind, doc_id)
    stored = files.file_of(doc, file_id)
    marked = services.file_printed(doc=doc, stored=stored, actor=request.user)
    response = HttpResponse(marked, content_type="application/pdf")
    response["Content-Disposition"] = (
        content_disposition_header(False, f"ban-in-{stored.original_name}") or ""
    )
    return response


urlpatterns = [
    path("di/<int:doc_id>/ky/", outgoing_sign, name="outgoing_sign"),
    path("di/cho-ky/", signing_queue, name="signing_queue"),
    path("kiem-tra-chu-ky/", signing_check, name="signing_check"),
    path(
        "tep/<str:kind>/<int:doc_id>/<int:file_id>/chu-ky/", signing_file_verify, name="signing_file_verify"
    ),
    path("tep/<str:kind>/<int:doc_id>/<int:file_id>/in/", signing_file_print, name="signing_file_print"),
]
