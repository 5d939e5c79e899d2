"""Outgoing documents' screens (DOC-4, DOC-5; seed 002 Đ10): "Dự thảo của tôi", "Chờ tôi duyệt",
the clerk's "Chờ cấp số" and the outgoing register, the draft form (new or a reply), the document
page (versions, comments per version, the review chain, one small form per allowed action), the
comparison of two versions, numbering and sending.

Adapters only: access through ``policies.access_outgoing`` (404 alike for missing and hidden), a
form, one service call through ``core.screens``; a refusal lands on its field, nothing is saved.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import URLPattern, path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from congvu.core.decisions import Refused
from congvu.core.screens import form_page, query_without, submit_form
from congvu.documents import policies
from congvu.documents.models import OutgoingDocument
from congvu.documents.outgoing import forms as f
from congvu.documents.outgoing import selectors, services
from congvu.documents.workflow import OUTGOING_WORKFLOW

S = OutgoingDocument.Status


def _detail_url(doc: Any) -> str:
    return reverse("documents:outgoing_detail", args=[doc.pk])


# --- lists ---------------------------------------------------------------------------------------------


LISTS: dict[str, dict[str, Any]] = {
    "mine": {
        "title": "Dự thảo của tôi",
        "statuses": [
            S.DRAFT,
            S.RETURNED,
            S.IN_REVIEW,
            S.APPROVED,
            S.NUMBERED,
            S.TO_SIGN,
            S.SIGNED,
            S.ISSUED,
            S.CANCELLED,
        ],
        "empty": "Bạn chưa có dự thảo nào đang xử lý.",
    },
    "to_review": {
        "title": "Dự thảo chờ tôi duyệt",
        "statuses": None,
        "empty": "Không có dự thảo nào chờ bạn cho ý kiến.",
    },
    "to_number": {
        "title": "Văn bản chờ cấp số",
        "statuses": [S.APPROVED, S.SIGNED],
        "empty": "Không có văn bản nào chờ cấp số.",
    },
    "register": {
        "title": "Sổ văn bản đi",
        "statuses": [S.NUMBERED, S.TO_SIGN, S.SIGNED, S.ISSUED],
        "empty": "Sổ chưa có văn bản nào.",
    },
}


def _list(request: HttpRequest, scope: str) -> HttpResponse:
    spec = LISTS[scope]
    registers = selectors.registers_of(request.user) if scope == "register" else None
    if scope == "register" and not registers:
        raise Refused.not_found("Bạn không giữ sổ văn bản đi nào.")
    form = f.FilterForm(request.GET or None, statuses=spec["statuses"], registers=registers)
    page = selectors.page(request.user, scope=scope, filters=form.filters(), after=request.GET.get("sau"))
    return render(
        request,
        "documents/outgoing/list.html",
        {
            "scope": scope,
            "title": _(spec["title"]),
            "empty": _(spec["empty"]),
            "form": form,
            "page": page,
            "query": query_without(request, "sau"),
            "is_clerk": bool(policies.clerk_agency_ids(request.user)),
        },
    )


@require_safe
@login_required
def mine(request: HttpRequest) -> HttpResponse:
    return _list(request, "mine")


@require_safe
@login_required
def to_review(request: HttpRequest) -> HttpResponse:
    return _list(request, "to_review")


@require_safe
@login_required
def to_number(request: HttpRequest) -> HttpResponse:
    if not policies.clerk_agency_ids(request.user):
        raise Refused.not_allowed(policies.NOT_CLERK)
    return _list(request, "to_number")


@require_safe
@login_required
def register(request: HttpRequest) -> HttpResponse:
    return _list(request, "register")


# --- drafting ------------------------------------------------------------------------------------------


def _draft_call(request: HttpRequest, reply_to: Any = None) -> Any:
    def call(data: dict[str, Any]) -> Any:
        return services.draft_create(
            actor=request.user,
            document_type=data["document_type"],
            subject=data["subject"],
            field=data.get("field"),
            signer=data.get("signer"),
            agency=data.get("agency"),
            chain=data.get("chain"),
            recipient_units=list(data.get("recipient_units") or []),
            recipient_externals=list(data.get("recipient_externals") or []),
            recipient_names=f.name_lines(data.get("recipient_names")),
            due_date=data.get("due_date"),
            urgency=data.get("urgency") or "normal",
            is_priority=data.get("is_priority", False),
            description=data.get("description", ""),
            upload=data.get("draft_file"),
            uploads=data.get("attachments") or [],
            reply_to=reply_to,
        )

    return call


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def create(request: HttpRequest) -> HttpResponse:
    agency = policies.working_agency(request.user)
    form = f.DraftForm(request.POST or None, request.FILES or None, agency=agency, choose_agency=True)
    return form_page(
        request,
        form,
        _draft_call(request),
        success=_("Đã lưu dự thảo."),
        redirect_to=_detail_url,
        template="documents/outgoing/form.html",
        context={"title": _("Soạn văn bản đi"), "agency": agency},
        fallback="subject",
    )


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def reply(request: HttpRequest, incoming_id: int) -> HttpResponse:
    """A reply to an incoming document: its agency issues it; subject, field and urgency prefilled."""
    incoming = policies.access_incoming(request.user, incoming_id)
    from congvu.documents.workflow import INCOMING_WORKFLOW

    INCOMING_WORKFLOW.require("reply", incoming, request.user)
    initial = {
        "subject": f"V/v trả lời văn bản số {incoming.number_and_notation} về {incoming.subject}"[:500],
        "field": incoming.field_id,
        "urgency": incoming.urgency,
        "recipient_externals": [incoming.sender_agency_id] if incoming.sender_agency_id else [],
        "recipient_units": [incoming.sender_unit_id] if incoming.sender_unit_id else [],
    }
    form = f.DraftForm(request.POST or None, request.FILES or None, agency=incoming.agency, initial=initial)
    return form_page(
        request,
        form,
        _draft_call(request, reply_to=incoming),
        success=_("Đã lưu dự thảo trả lời."),
        redirect_to=_detail_url,
        template="documents/outgoing/form.html",
        context={"title": _("Soạn văn bản trả lời"), "agency": incoming.agency, "reply_to": incoming},
        fallback="subject",
    )


EDITABLE = (
    "document_type",
    "subject",
    "field",
    "signer",
    "chain",
    "due_date",
    "urgency",
    "is_priority",
    "description",
)


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    doc = policies.access_outgoing(request.user, pk)
    OUTGOING_WORKFLOW.require("edit", doc, request.user)
    initial = {
        "document_type": doc.document_type_id,
        "subject": doc.subject,
        "field": doc.field_id,
        "signer": doc.signer_id,
        "chain": doc.chain_id,
        "due_date": doc.due_date,
        "urgency": doc.urgency,
        "is_priority": doc.is_priority,
        "description": doc.description,
        "recipient_units": [r.unit_id for r in doc.recipients.all() if r.unit_id],
        "recipient_externals": [r.external_id for r in doc.recipients.all() if r.external_id],
        "recipient_names": "\n".join(
            r.name for r in doc.recipients.all() if not r.unit_id and not r.external_id
        ),
    }
    form = f.DraftForm(request.POST or None, agency=doc.agency, editing=True, initial=initial)

    def call(data: dict[str, Any]) -> Any:
        return services.draft_edit(
            doc=doc,
            actor=request.user,
            recipient_units=list(data.get("recipient_units") or []),
            recipient_externals=list(data.get("recipient_externals") or []),
            recipient_names=f.name_lines(data.get("recipient_names")),
            **{k: data.get(k) for k in EDITABLE if k in form.fields},
        )

    return form_page(
        request,
        form,
        call,
        success=_("Đã lưu thông tin dự thảo."),
        redirect_to=_detail_url,
        template="documents/outgoing/form.html",
        context={"title": _("Sửa thông tin dự thảo"), "agency": doc.agency, "doc": doc},
        fallback="subject",
    )


# --- the document ------------------------------------------------------------------------------------------

ACTIONS = ("submit", "pass_on", "approve", "return", "withdraw", "check", "cancel")


def _forms(doc: OutgoingDocument, user: Any) -> dict[str, Any]:
    allowed = set(OUTGOING_WORKFLOW.allowed_names(doc, user))
    built: dict[str, Any] = {"allowed": allowed}
    for name in ACTIONS:
        if name in allowed:
            built[name] = (
                f.ReasonForm(prefix=name) if name in ("return", "cancel") else f.NoteForm(prefix=name)
            )
    if "add_version" in allowed:
        built["add_version"] = f.VersionForm()
    if "comment" in allowed:
        built["comment"] = f.CommentForm(doc=doc)
    return built


def _page(
    request: HttpRequest,
    doc: OutgoingDocument,
    *,
    forms: dict[str, Any] | None = None,
    open_form: str = "",
    status: int = 200,
) -> HttpResponse:
    built = _forms(doc, request.user)
    built.update(forms or {})
    context = {
        "doc": doc,
        "forms": built,
        "open_form": open_form,
        "current_review": policies.current_review(doc),
        **selectors.detail(doc),
    }
    return render(request, "documents/outgoing/detail.html", context, status=status)


@require_safe
@login_required
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    doc = policies.access_outgoing(request.user, pk)
    return _page(request, doc)


CALLS = {
    "submit": lambda doc, user, d: services.submit(doc=doc, actor=user, note=d.get("note", "")),
    "pass_on": lambda doc, user, d: services.pass_on(doc=doc, actor=user, note=d.get("note", "")),
    "approve": lambda doc, user, d: services.approve(doc=doc, actor=user, note=d.get("note", "")),
    "return": lambda doc, user, d: services.return_draft(doc=doc, actor=user, reason=d.get("reason", "")),
    "withdraw": lambda doc, user, d: services.withdraw(doc=doc, actor=user, note=d.get("note", "")),
    "check": lambda doc, user, d: services.check(doc=doc, actor=user, note=d.get("note", "")),
    "cancel": lambda doc, user, d: services.cancel(doc=doc, actor=user, reason=d.get("reason", "")),
}
DONE = {
    "submit": "Đã trình dự thảo.",
    "pass_on": "Đã đồng ý và trình bước tiếp theo.",
    "approve": "Đã duyệt ban hành; văn bản chuyển văn thư cấp số.",
    "return": "Đã trả lại dự thảo cho người soạn thảo.",
    "withdraw": "Đã rút lại dự thảo.",
    "check": "Đã kiểm tra; văn bản chuyển người ký.",
    "cancel": "Đã hủy dự thảo.",
}


@require_POST
@login_required
def act(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    if action not in CALLS:
        raise Refused.not_found("Không có thao tác này.")
    doc = policies.access_outgoing(request.user, pk)
    form = (
        f.ReasonForm(request.POST, prefix=action)
        if action in ("return", "cancel")
        else f.NoteForm(request.POST, prefix=action)
    )
    outcome = submit_form(
        request,
        form,
        lambda data: CALLS[action](doc, request.user, data),
        success=_(DONE[action]),
        redirect_to=_detail_url(doc),
        fallback="reason" if action in ("return", "cancel") else "note",
    )
    if outcome.response is not None:
        return outcome.response
    return _page(request, doc, forms={action: form}, open_form=action, status=outcome.status)


@require_POST
@login_required
def version_add(request: HttpRequest, pk: int) -> HttpResponse:
    doc = policies.access_outgoing(request.user, pk)
    form = f.VersionForm(request.POST, request.FILES)
    outcome = submit_form(
        request,
        form,
        lambda data: services.version_add(
            doc=doc, actor=request.user, upload=data["file"], note=data.get("note", "")
        ),
        success=lambda v: _("Đã lưu phiên bản %(n)s.") % {"n": v.number},
        redirect_to=_detail_url(doc),
        fallback="file",
    )
    if outcome.response is not None:
        return outcome.response
    return _page(request, doc, forms={"add_version": form}, open_form="add_version", status=outcome.status)


@require_POST
@login_required
def comment(request: HttpRequest, pk: int) -> HttpResponse:
    doc = policies.access_outgoing(request.user, pk)
    form = f.CommentForm(request.POST, doc=doc)
    outcome = submit_form(
        request,
        form,
        lambda data: services.comment(
            doc=doc,
            actor=request.user,
            text=data["text"],
            disagreement=data.get("disagreement", False),
            version=data.get("version"),
        ),
        success=_("Đã ghi ý kiến."),
        redirect_to=_detail_url(doc),
        fallback="text",
    )
    if outcome.response is not None:
        return outcome.response
    return _page(request, doc, forms={"comment": form}, open_form="comment", status=outcome.status)


@require_safe
@login_required
def compare(request: HttpRequest, pk: int) -> HttpResponse:
    """Two DOCX versions side by side as lines removed and added, each with its version's author."""
    doc = policies.access_outgoing(request.user, pk)
    try:
        first, second = int(request.GET.get("a", "")), int(request.GET.get("b", ""))
    except ValueError:
        raise Refused.invalid("Chọn hai phiên bản để so sánh.", field="a") from None
    result = selectors.compare(doc, first, second)
    return render(request, "documents/outgoing/compare.html", {"doc": doc, **result})


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def number(request: HttpRequest, pk: int) -> HttpResponse:
    doc = policies.access_outgoing(request.user, pk)
    OUTGOING_WORKFLOW.require("number", doc, request.user)
    registers = services.registers_for(doc)
    form = f.NumberForm(request.POST or None, registers=registers)
    previews = {r.pk: services.next_number_preview(r) for r in registers}
    return form_page(
        request,
        form,
        lambda data: services.number(
            doc=doc, actor=request.user, register=data["register"], typed=data.get("number")
        ),
        success=lambda d: _("Đã cấp số %(n)s.") % {"n": d.number_and_notation},
        redirect_to=_detail_url,
        template="documents/outgoing/number.html",
        context={"doc": doc, "previews": previews, "notation": services.notation_of(doc)},
        fallback="number",
    )


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def send(request: HttpRequest, pk: int) -> HttpResponse:
    doc = policies.access_outgoing(request.user, pk)
    OUTGOING_WORKFLOW.require("send", doc, request.user)
    form = f.SendForm(request.POST or None)

    def call(data: dict[str, Any]) -> Any:
        return services.send(
            doc=doc,
            actor=request.user,
            recipient_units=list(data.get("recipient_units") or []),
            recipient_externals=list(data.get("recipient_externals") or []),
            recipient_names=f.name_lines(data.get("recipient_names")),
            issued_amount=data.get("issued_amount"),
        )

    return form_page(
        request,
        form,
        call,
        success=_("Đã phát hành văn bản."),
        redirect_to=_detail_url,
        template="documents/outgoing/send.html",
        context={"doc": doc, "recipients": list(doc.recipients.all())},
        fallback="recipient_names",
    )


urlpatterns: list[URLPattern] = [
    path("di/", mine, name="outgoing_mine"),
    path("di/cho-duyet/", to_review, name="outgoing_to_review"),
    path("di/cho-cap-so/", to_number, name="outgoing_to_number"),
    path("di/so/", register, name="outgoing_register"),
    path("di/soan/", create, name="outgoing_create"),
    path("di/tra-loi/<int:incoming_id>/", reply, name="outgoing_reply"),
    path("di/<int:pk>/", detail, name="outgoing_detail"),
    path("di/<int:pk>/sua/", edit, name="outgoing_edit"),
    path("di/<int:pk>/phien-ban/", version_add, name="outgoing_version_add"),
    path("di/<int:pk>/y-kien/", comment, name="outgoing_comment"),
    path("di/<int:pk>/so-sanh/", compare, name="outgoing_compare"),
    path("di/<int:pk>/cap-so/", number, name="outgoing_number"),
    path("di/<int:pk>/phat-hanh/", send, name="outgoing_send"),
    path("di/<int:pk>/<str:action>/", act, name="outgoing_act"),
]
