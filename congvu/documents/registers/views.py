"""Screens of the registers feature (DOC-9, R-REG-1): an agency's registers and their keeping, one
register of one year with the Phụ lục IV columns, its XLSX and PDF, the statistics whose every
figure links to the rows it counts, and the agency's review chains."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from congvu.core.decisions import Refused
from congvu.core.forms import bind_refusal
from congvu.core.pagination import keyset_page
from congvu.core.screens import press_button, query_without, submit_form
from congvu.documents.models import Direction, Register, ReviewChain
from congvu.documents.registers import exports, policies, selectors, services
from congvu.documents.registers.forms import (
    ChainForm,
    RegisterForm,
    RowFilterForm,
    filter_query,
    step_forms,
    steps_from,
)
from congvu.org.models import Unit


def _agency_id(request: HttpRequest) -> int | None:
    raw = request.GET.get("co_quan", "")
    return int(raw) if raw.isdigit() and len(raw) < 10 else None


def _agencies(user: Any) -> list[Unit]:
    ids = policies.reader_agency_ids(user) | policies.keeper_agency_ids(user)
    return list(Unit.objects.filter(pk__in=sorted(ids)).order_by("path")) if ids else []


# --- registers ------------------------------------------------------------------------------------


@login_required
@require_GET
def register_list(request: HttpRequest) -> HttpResponse:
    """ "Sổ văn bản": the registers of one of the person's agencies."""
    agencies = _agencies(request.user)
    if not agencies:
        raise Refused.not_allowed(policies.NOT_READER)
    wanted = _agency_id(request)
    agency = next((a for a in agencies if a.pk == wanted), agencies[0])
    if wanted is not None and agency.pk != wanted:
        raise Refused.not_found("Không tìm thấy cơ quan.")
    registers = selectors.registers_of(agency)
    return render(
        request,
        "documents/registers/list.html",
        {
            "agency": agency,
            "agencies": agencies,
            "incoming": [r for r in registers if r.direction == Direction.INCOMING],
            "outgoing": [r for r in registers if r.direction == Direction.OUTGOING],
            "can_keep": bool(policies.can_keep(request.user, agency.pk)),
            "can_read": bool(policies.can_read(request.user, agency.pk)),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def register_create(request: HttpRequest) -> HttpResponse:
    agency = policies.access_agency(request.user, _agency_id(request), keep=True)
    form = RegisterForm(request.POST or None, initial={"is_active": True})
    status = 200
    if request.method == "POST":
        outcome = submit_form(
            request,
            form,
            lambda data: services.register_create(
                agency=agency,
                name=data["name"],
                direction=data["direction"],
                document_types=list(data["document_types"]),
                is_default=data["is_default"],
                is_active=data["is_active"],
                actor=request.user,
            ),
            success=lambda r: f"Đã thêm sổ “{r.name}”.",
            redirect_to=f"{reverse('documents:registers_list')}?co_quan={agency.pk}",
        )
        if outcome.response is not None:
            return outcome.response
        status = outcome.status
    return render(
        request,
        "documents/registers/form.html",
        {"form": form, "agency": agency, "register": None},
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def register_edit(request: HttpRequest, pk: int) -> HttpResponse:
    register = policies.access_register(request.user, pk, "keep")
    form = RegisterForm(request.POST or None, register=register)
    status = 200
    if request.method == "POST":
        outcome = submit_form(
            request,
            form,
            lambda data: services.register_update(
                register=register,
                name=data["name"],
                direction=data["direction"],
                document_types=list(data["document_types"]),
                is_default=data["is_default"],
                is_active=data["is_active"],
                actor=request.user,
            ),
            success=lambda r: f"Đã lưu sổ “{r.name}”.",
            redirect_to=f"{reverse('documents:registers_list')}?co_quan={register.agency_id}",
        )
        if outcome.response is not None:
            return outcome.response
        status = outcome.status
    return render(
        request,
        "documents/registers/form.html",
        {"form": form, "agency": register.agency, "register": register},
        status=status,
    )


def _filters(request: HttpRequest, register: Register) -> tuple[RowFilterForm, int, selectors.RowFilter]:
    form = RowFilterForm(request.GET, incoming=register.direction == Direction.INCOMING)
    return form, form.year(), form.row_filter()


def _books(request: HttpRequest, register: Register, book: str) -> list[tuple[str, str, bool]]:
    """The tabs of an incoming register (its register, its follow-up register): label, address
    (the same filters), current."""
    if register.direction != Direction.INCOMING:
        return []
    others = query_without(request, "sau", "mau")
    return [
        (
            label,
            "?" + "&".join(filter(None, [others, f"mau={key}" if key != selectors.REGISTRATION else ""])),
            key == book,
        )
        for key, label in selectors.BOOKS.items()
    ]


@login_required
@require_GET
def register_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One register of one year on screen, in number order, with the model register's columns."""
    register = policies.access_register(request.user, pk)
    form, year, filters = _filters(request, register)
    book = form.book()  # an outgoing register's form has no such field: its register
    status = 200 if form.is_valid() else 400
    page = keyset_page(
        selectors.register_rows(register, year, filters, book=book),
        order=selectors.row_order(register),
        after=request.GET.get("sau") or None,
        size=selectors.PAGE_SIZE,
    )
    cols = selectors.columns(register, book)
    rows = [(doc, selectors.row_cells(register, doc, book)) for doc in page.items]
    narrowed = selectors.filter_words(filters)
    names = [name for name, _label in cols]
    return render(
        request,
        "documents/registers/detail.html",
        {
            "register": register,
            "year": year,
            "years": selectors.year_range(),
            "books": _books(request, register, book),
            "form": form,
            "headers": [label for _name, label in cols],
            "rows": [(doc, [selectors.printed(n, cells[n]) for n in names]) for doc, cells in rows],
            "page": page,
            "query_string": query_without(request, "sau"),
            "export_query": query_without(request, "sau"),
            "incoming": register.direction == Direction.INCOMING,
            "max_pdf_rows": exports.MAX_PDF_ROWS,
            "narrowed": narrowed,
            "unnarrowed_query": query_without(request, "sau", "don_vi", "nguoi"),
        },
        status=status,
    )


@login_required
@require_GET
def register_export(request: HttpRequest, pk: int, file_format: str) -> HttpResponse | FileResponse:
    """The register (of the year, month or range filtered) as XLSX or PDF; audited (F-6l)."""
    if file_format not in ("xlsx", "pdf"):
        raise Refused.not_found("Không có định dạng tệp này.")
    register = policies.access_register(request.user, pk)
    form, year, filters = _filters(request, register)
    book = form.book()  # an outgoing register's form has no such field: its register
    back = f"{reverse('documents:registers_detail', args=[register.pk])}?{query_without(request, 'sau')}"
    if not form.is_valid():
        messages.error(request, "Bộ lọc không hợp lệ: vui lòng sửa lại trước khi tải sổ.")
        return redirect(back)
    try:
        services.register_export(
            register=register,
            year=year,
            filters=filters,
            file_format=file_format,
            actor=request.user,
            book=book,
        )
    except Refused as refused:
        messages.error(request, refused.message)
        return redirect(back)
    return exports.download(register, year, filters, file_format, actor=request.user, book=book)


# --- statistics -----------------------------------------------------------------------------------


@login_required
@require_GET
def statistics(request: HttpRequest) -> HttpResponse:
    """ "Thống kê văn bản": one register of one year (or a month, a range of days), counted by
    month, type, field and unit; incoming: processing status per unit and per person. Each figure
    links to the register screen listing exactly what it counts."""
    agencies = policies.reader_agencies(request.user)
    if not agencies:
        raise Refused.not_allowed(policies.NOT_READER)
    registers = list(
        Register.objects.filter(agency__in=agencies)
        .select_related("agency")
        .order_by("agency__path", "direction", "-is_default", "sort_order", "name", "pk")
    )
    raw = request.GET.get("so", "")
    register = next((r for r in registers if str(r.pk) == raw), None)
    if register is None and raw:
        raise Refused.not_found("Không tìm thấy sổ văn bản.")
    register = register or next(iter(registers), None)
    context: dict[str, Any] = {"registers": registers, "register": register, "years": selectors.year_range()}
    status = 200
    if register is not None:
        form, year, filters = _filters(request, register)
        status = 200 if form.is_valid() else 400
        stats = selectors.statistics(register, year, filters)
        base = reverse("documents:registers_detail", args=[register.pk])
        period = filter_query(year, stats.filters)

        def link(**extra: Any) -> str:
            return f"{base}?{urlencode({**period, **extra})}"

        for group in (stats.by_month, stats.by_type, stats.by_field, stats.by_unit, stats.by_person):
            for figure in group:
                figure.link = link(**figure.query)  # type: ignore[attr-defined]
                figure.links = {kind: link(**figure.query, tinh_trang=kind) for kind in selectors.PROCESSING}  # type: ignore[attr-defined]
        for figure in stats.by_month:
            figure.link = f"{base}?{urlencode({'nam': year, 'thang': figure.query['thang']})}"  # type: ignore[attr-defined]
        context.update(
            form=form,
            year=year,
            stats=stats,
            total_link=link(),
            processing_links={kind: link(tinh_trang=kind) for kind in selectors.PROCESSING},
            processing_labels=selectors.PROCESSING,
            incoming=register.direction == Direction.INCOMING,
        )
    return render(request, "documents/registers/statistics.html", context, status=status)


# --- review chains --------------------------------------------------------------------------------


@login_required
@require_GET
def chain_list(request: HttpRequest) -> HttpResponse:
    agency = policies.access_agency(request.user, _agency_id(request), keep=True)
    return render(
        request,
        "documents/registers/chains.html",
        {
            "agency": agency,
            "agencies": policies.keeper_agencies(request.user),
            "chains": selectors.chains_of(agency),
        },
    )


def _chain_page(
    request: HttpRequest, agency: Unit, chain: ReviewChain | None, call: Any, success: str
) -> HttpResponse:
    people = services.chain_people(agency)
    initial_steps = (
        [
            {"label": s.label, "kind": s.kind, "person": s.person_id, "role": s.role, "position": s.order}
            for s in chain.steps.order_by("order")
        ]
        if chain is not None
        else [
            {"label": "Lãnh đạo đơn vị soạn thảo", "kind": "unit_head", "position": 1},
            {"label": "Lãnh đạo ký văn bản", "kind": "signer", "position": 2},
        ]
    )
    data = request.POST if request.method == "POST" else None
    form = ChainForm(
        data,
        initial={"name": chain.name, "is_default": chain.is_default, "is_active": chain.is_active}
        if chain
        else {"is_active": True},
    )
    steps = step_forms(data, people=people, initial=initial_steps)
    status = 200
    if request.method == "POST":
        if form.is_valid() and all(s.is_valid() for s in steps):
            try:
                with transaction.atomic():
                    result = call(form.cleaned_data, steps_from(steps))
            except Refused as refused:
                bind_refusal(form, refused, nested={"steps": steps})
                status = refused.status
            else:
                messages.success(request, success.format(name=result.name))
                return redirect(f"{reverse('documents:registers_chains')}?co_quan={agency.pk}")
        else:
            status = 400
    return render(
        request,
        "documents/registers/chain_form.html",
        {"form": form, "steps": steps, "agency": agency, "chain": chain},
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def chain_create(request: HttpRequest) -> HttpResponse:
    agency = policies.access_agency(request.user, _agency_id(request), keep=True)
    return _chain_page(
        request,
        agency,
        None,
        lambda data, steps: services.chain_create(
            agency=agency,
            name=data["name"],
            steps=steps,
            is_default=data["is_default"],
            is_active=data["is_active"],
            actor=request.user,
        ),
        "Đã thêm quy trình duyệt “{name}”.",
    )


@login_required
@require_http_methods(["GET", "POST"])
def chain_edit(request: HttpRequest, pk: int) -> HttpResponse:
    chain = policies.access_chain(request.user, pk)
    return _chain_page(
        request,
        chain.agency,
        chain,
        lambda data, steps: services.chain_update(
            chain=chain,
            name=data["name"],
            steps=steps,
            is_default=data["is_default"],
            is_active=data["is_active"],
            actor=request.user,
        ),
        "Đã lưu quy trình duyệt “{name}”.",
    )


@login_required
@require_POST
def chain_move(request: HttpRequest, pk: int, order: int, direction: str) -> HttpResponse:
    chain = policies.access_chain(request.user, pk)
    if direction not in ("len", "xuong"):
        raise Refused.not_found("Không tìm thấy thao tác.")
    return press_button(
        request,
        lambda: services.chain_step_move(chain=chain, order=order, up=direction == "len", actor=request.user),
        success="Đã đổi thứ tự bước duyệt.",
        redirect_to=f"{reverse('documents:registers_chains')}?co_quan={chain.agency_id}",
    )


urlpatterns: list[URLPattern] = [
    path("so/", register_list, name="registers_list"),
    path("so/them/", register_create, name="registers_create"),
    path("so/<int:pk>/", register_detail, name="registers_detail"),
    path("so/<int:pk>/sua/", register_edit, name="registers_edit"),
    path("so/<int:pk>/tai/<str:file_format>/", register_export, name="registers_export"),
    path("thong-ke/", statistics, name="registers_statistics"),
    path("quy-trinh-duyet/", chain_list, name="registers_chains"),
    path("quy-trinh-duyet/them/", chain_create, name="registers_chain_create"),
    path("quy-trinh-duyet/<int:pk>/sua/", chain_edit, name="registers_chain_edit"),
    path(
        "quy-trinh-duyet/<int:pk>/buoc/<int:order>/<str:direction>/",
        chain_move,
        name="registers_chain_move",
    ),
]
