"""The incoming screens (DOC-1..DOC-3): the clerk's register view, "Văn bản cần xử lý", registration,
the document page with its route timeline, distribute/forward, close into a dossier, share, the
"phiếu giải quyết văn bản đến" (Phụ lục IV) as PDF, and dossiers.

Adapters only: access first (``policies.access_incoming``: 404 alike for missing and hidden), then
the form, then one service; a refusal lands on its field with what was typed kept.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from congvu.core.decisions import Refused
from congvu.core.screens import form_page, press_button, query_without
from congvu.documents import policies as may
from congvu.documents.incoming import exports, forms, selectors, services
from congvu.documents.incoming.policies import access_dossier
from congvu.documents.models import IncomingDocument
from congvu.documents.workflow import INCOMING_WORKFLOW


def _detail(doc_or_pk: IncomingDocument | int) -> str:
    pk = doc_or_pk if isinstance(doc_or_pk, int) else doc_or_pk.pk
    return reverse("documents:incoming_detail", args=[pk])


# --- lists ----------------------------------------------------------------------------------------


@require_safe
@login_required
def incoming_list(request: HttpRequest) -> HttpResponse:
    """The register view (sổ văn bản đến) of the clerk's and leaders' agencies (F-1g)."""
    user = request.user
    agencies = may.clerk_agency_ids(user) | may.leader_agency_ids(user)
    if not agencies:
        return redirect("documents:incoming_todo")
    form = forms.FilterForm(request.GET, years=selectors.year_choices(timezone.localdate()))
    page = selectors.register_page(user, filters=form.filters(), after=request.GET.get("sau"))
    return render(
        request,
        "documents/incoming/list.html",
        {
            "page": page,
            "form": form,
            "query": query_without(request, "sau"),
            "is_clerk": bool(may.clerk_agency_ids(user)),
        },
    )


@require_safe
@login_required
def incoming_todo(request: HttpRequest) -> HttpResponse:
    """ "Văn bản cần xử lý": what waits on the person or on a unit they lead."""
    page = selectors.todo_page(request.user, after=request.GET.get("sau"))
    return render(
        request, "documents/incoming/todo.html", {"page": page, "query": query_without(request, "sau")}
    )


# --- registering ----------------------------------------------------------------------------------


@login_required
def incoming_create(request: HttpRequest) -> HttpResponse:
    agencies = may.clerk_agencies(request.user)
    if not agencies:
        raise Refused.not_allowed(may.NOT_CLERK)
    agency = next((a for a in agencies if str(a.pk) == request.GET.get("co_quan")), agencies[0])
    leaders = selectors.agency_leaders(agency.pk)
    registers = selectors.incoming_registers(agency)
    form = forms.RegisterForm(
        request.POST or None, request.FILES or None, leaders=leaders, registers=registers
    )

    def call(data: dict) -> IncomingDocument:
        return services.incoming_register(
            actor=request.user,
            agency=agency,
            details=form.details(),
            uploads=data.get("files") or [],
            register=data.get("register"),
            arrival_date=data.get("arrival_date"),
            arrival_number=data.get("arrival_number"),
            presented_to=data.get("presented_to"),
            confirm_duplicate=bool(data.get("confirm_duplicate")),
            confirm_subject=bool(data.get("confirm_subject")),
        )

    return form_page(
        request,
        form,
        call,
        success=lambda doc: _("Đã vào sổ văn bản đến, số đến %(n)s.") % {"n": doc.arrival_number},
        redirect_to=_detail,
        template="documents/incoming/register.html",
        context={"agency": agency, "agencies": agencies, "show_register": len(registers) > 1},
    )


@login_required
def incoming_edit(request: HttpRequest, pk: int) -> HttpResponse:
    doc = may.access_incoming(request.user, pk)
    INCOMING_WORKFLOW.require("edit", doc, request.user)
    form = forms.RegisterForm(
        request.POST or None, request.FILES or None, initial=forms.RegisterForm.initial_for(doc), editing=True
    )

    def call(data: dict) -> IncomingDocument:
        return services.incoming_edit(
            doc=doc,
            actor=request.user,
            details=form.details(),
            uploads=data.get("files") or [],
            confirm_duplicate=bool(data.get("confirm_duplicate")),
            confirm_subject=bool(data.get("confirm_subject")),
        )

    return form_page(
        request,
        form,
        call,
        success=_("Đã sửa thông tin vào sổ."),
        redirect_to=_detail(doc),
        template="documents/incoming/register.html",
        context={"doc": doc, "editing": True},
    )


@require_POST
@login_required
def incoming_accept(request: HttpRequest, pk: int) -> HttpResponse:
    doc = may.access_incoming(request.user, pk)
    return press_button(
        request,
        lambda: services.incoming_accept(doc=doc, actor=request.user),
        success=_("Đã vào sổ văn bản đến."),
        redirect_to=_detail(doc),
    )


# --- one document ---------------------------------------------------------------------------------


@require_safe
@login_required
def incoming_detail(request: HttpRequest, pk: int) -> HttpResponse:
    doc = may.access_incoming(request.user, pk)
    services.incoming_viewed(doc=doc, actor=request.user)
    page = selectors.document_page(request.user, doc)
    return render(request, "documents/incoming/detail.html", {"doc": doc, "page": page})


@login_required
def incoming_route(request: HttpRequest, pk: int) -> HttpResponse:
    """Distribute (registered) or forward (in progress): the same form, one lead."""
    doc = may.access_incoming(request.user, pk)
    step = "distribute" if doc.status == IncomingDocument.Status.REGISTERED else "forward"
    INCOMING_WORKFLOW.require(step, doc, request.user)
    scope, _paths = services.route_reach(doc, request.user)
    choices = selectors.route_choices(scope)
    form = forms.RouteForm(request.POST or None, choices=choices, initial={"urgency": doc.urgency})
    service = services.incoming_distribute if step == "distribute" else services.incoming_forward

    def call(data: dict) -> object:
        return service(
            doc=doc,
            actor=request.user,
            route=form.route(),
            create_work=bool(data.get("create_work")),
            work_title=data.get("work_title") or "",
        )

    return form_page(
        request,
        form,
        call,
        success=_("Đã chuyển văn bản."),
        redirect_to=_detail(doc),
        template="documents/incoming/route.html",
        context={"doc": doc, "step": step},
    )


@login_required
def incoming_close(request: HttpRequest, pk: int) -> HttpResponse:
    doc = may.access_incoming(request.user, pk)
    INCOMING_WORKFLOW.require("close", doc, request.user)
    form = forms.CloseForm(
        request.POST or None,
        dossiers=selectors.fileable_dossiers(request.user, doc),
        units=selectors.own_units(request.user),
    )
    return form_page(
        request,
        form,
        lambda data: services.incoming_close(doc=doc, actor=request.user, **form.call_arguments()),
        success=lambda entry: (
            _("Đã kết thúc xử lý, lưu vào hồ sơ %(d)s (số thứ tự %(n)s).")
            % {"d": entry.dossier.notation, "n": entry.ordinal}
        ),
        redirect_to=_detail(doc),
        template="documents/incoming/close.html",
        context={"doc": doc},
        fallback="dossier",
    )


@login_required
def incoming_share(request: HttpRequest, pk: int) -> HttpResponse:
    doc = may.access_incoming(request.user, pk)
    INCOMING_WORKFLOW.require("share", doc, request.user)
    form = forms.ShareForm(request.POST or None, people=selectors.share_people(doc))
    return form_page(
        request,
        form,
        lambda data: services.incoming_share(
            doc=doc, actor=request.user, people=form.chosen(), note=data.get("note") or ""
        ),
        success=_("Đã chia sẻ văn bản."),
        redirect_to=_detail(doc),
        template="documents/incoming/share.html",
        context={"doc": doc},
        fallback="people",
    )


@require_safe
@login_required
def incoming_slip(request: HttpRequest, pk: int) -> HttpResponse:
    """Phiếu giải quyết văn bản đến (Phụ lục IV), printed from the route (audited)."""
    doc = may.access_incoming(request.user, pk)
    pdf = exports.slip_pdf(doc, printed_by=request.user)
    services.incoming_printed(doc=doc, actor=request.user)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="phieu-giai-quyet-{doc.pk}.pdf"'
    return response


# --- dossiers -------------------------------------------------------------------------------------


@require_safe
@login_required
def incoming_dossiers(request: HttpRequest) -> HttpResponse:
    year = request.GET.get("nam")
    page = selectors.dossier_page(
        request.user,
        year=int(year) if year and year.isdigit() and len(year) == 4 else None,
        text=(request.GET.get("q") or "")[:200],
        after=request.GET.get("sau"),
    )
    return render(
        request, "documents/incoming/dossiers.html", {"page": page, "query": query_without(request, "sau")}
    )


@login_required
def incoming_dossier_create(request: HttpRequest) -> HttpResponse:
    units = selectors.own_units(request.user)
    form = forms.DossierForm(
        request.POST or None,
        units=units,
        initial={"year": timezone.localdate().year, "maintenance": "10 năm"},
    )
    return form_page(
        request,
        form,
        lambda data: services.dossier_create(
            actor=request.user,
            unit=form.units[data["unit"]],
            year=data["year"],
            notation=data["notation"],
            title=data["dossier_title"],
            maintenance=data["maintenance"],
            description=data.get("description") or "",
        ),
        success=_("Đã lập hồ sơ."),
        redirect_to=lambda dossier: reverse("documents:incoming_dossier_detail", args=[dossier.pk]),
        template="documents/incoming/dossier_form.html",
    )


@require_safe
@login_required
def incoming_dossier_detail(request: HttpRequest, pk: int) -> HttpResponse:
    dossier = access_dossier(request.user, pk)
    return render(
        request,
        "documents/incoming/dossier_detail.html",
        {"dossier": dossier, "entries": selectors.dossier_entries(dossier)},
    )


urlpatterns: list[URLPattern] = [
    path("den/", incoming_list, name="incoming_list"),
    path("den/can-xu-ly/", incoming_todo, name="incoming_todo"),
    path("den/vao-so/", incoming_create, name="incoming_create"),
    path("den/<int:pk>/", incoming_detail, name="incoming_detail"),
    path("den/<int:pk>/sua/", incoming_edit, name="incoming_edit"),
    path("den/<int:pk>/vao-so/", incoming_accept, name="incoming_accept"),
    path("den/<int:pk>/chuyen/", incoming_route, name="incoming_route"),
    path("den/<int:pk>/ket-thuc/", incoming_close, name="incoming_close"),
    path("den/<int:pk>/chia-se/", incoming_share, name="incoming_share"),
    path("den/<int:pk>/phieu-giai-quyet.pdf", incoming_slip, name="incoming_slip"),
    path("ho-so/", incoming_dossiers, name="incoming_dossiers"),
    path("ho-so/lap/", incoming_dossier_create, name="incoming_dossier_create"),
    path("ho-so/<int:pk>/", incoming_dossier_detail, name="incoming_dossier_detail"),
]
