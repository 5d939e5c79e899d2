"""Screens of the annual work plan (TASK-6): the plans of a year, one plan by quarter with the work
each item became, and the actions its keepers and leaders may take."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.views.decorators.http import require_GET, require_POST

from congvu.assignments.models import Assignment, WorkPlan
from congvu.assignments.plans import policies as plan_policies
from congvu.assignments.plans import services as plan_services
from congvu.assignments.reports.forms import PlanCreateForm, PlanItemForm
from congvu.assignments.reports.selectors import QUARTER_NAMES
from congvu.core.decisions import Refused
from congvu.core.forms import bind_refusal
from congvu.core.pagination import keyset_page
from congvu.core.screens import press_button
from congvu.org.models import Unit
from congvu.org.tree import subtree_q

S = Assignment.Status
PLANS_PAGE_SIZE = 50
STATUS_TONES: dict[str, str] = {
    S.ASSIGNED: "status-info",
    S.IN_PROGRESS: "status-info",
    S.SUBMITTED: "status-warn",
    S.RETURNED: "status-bad",
    S.DONE: "status-ok",
    S.CANCELLED: "status-muted",
}


def _year(request: HttpRequest) -> int:
    raw = request.GET.get("nam", "")
    year = int(raw) if raw.isdigit() else timezone.localdate().year
    return year if plan_services.MIN_YEAR <= year <= plan_services.MAX_YEAR else timezone.localdate().year


def _list_context(
    request: HttpRequest, year: int, create_form: PlanCreateForm | None = None
) -> dict[str, Any]:
    user = request.user
    page = keyset_page(
        plan_services.plans_of_year(user, year),
        order=("unit__path", "id"),
        after=request.GET.get("sau") or None,
        size=PLANS_PAGE_SIZE,
    )
    keepable = plan_policies.keepable_units(user)
    taken = plan_services.units_with_plan(keepable, year) if keepable else set()
    units = [u for u in keepable if u.pk not in taken]
    if create_form is None and units:
        create_form = PlanCreateForm(units=units, year=year)
    this_year = timezone.localdate().year
    return {
        "year": year,
        "page": page,
        "plans": page.items,
        "create_form": create_form if units else None,
        "years": sorted({*range(this_year - 5, this_year + 2), year}, reverse=True),
    }


@login_required
@require_GET
def plan_list(request: HttpRequest) -> HttpResponse:
    """The plans of a year ("Kế hoạch công tác") the person may read; a keeper starts one."""
    return render(request, "assignments/plan_list.html", _list_context(request, _year(request)))


@login_required
@require_POST
def plan_create(request: HttpRequest) -> HttpResponse:
    units = plan_policies.keepable_units(request.user)
    year = _year(request)
    form = PlanCreateForm(request.POST, units=units, year=year)
    if form.is_valid():
        unit = next(u for u in units if u.pk == form.cleaned_data["unit"])
        try:
            plan = plan_services.plan_create(
                actor=request.user,
                unit=unit,
                year=form.cleaned_data["year"],
                title=form.cleaned_data["title"],
            )
        except Refused as refused:
            bind_refusal(form, refused)
        else:
            messages.success(request, f"Đã lập {plan.title}.")
            return redirect("assignments:plan_detail", pk=plan.pk)
    year = getattr(form, "cleaned_data", {}).get("year") or year
    return render(request, "assignments/plan_list.html", _list_context(request, year, form), status=400)


def _owner_units(plan: WorkPlan) -> list[Unit]:
    """The plan's unit and the units down to two levels below it: who may lead an item."""
    query = subtree_q([plan.unit.path]) & Q(depth__lte=plan.unit.depth + 2, is_active=True)
    return list(Unit.objects.filter(query).order_by("path"))


def _detail_context(
    request: HttpRequest, plan: WorkPlan, item_form: PlanItemForm | None = None
) -> dict[str, Any]:
    user = request.user
    today = timezone.localdate()
    can_keep = plan_policies.can_keep_plan(user, plan.unit)
    items = plan_services.plan_items(plan)
    quarters: dict[int, list[Any]] = {q: [] for q in QUARTER_NAMES}
    for item in items:
        work = list(item.assignments.all())
        for given in work:
            vars(given).update(
                tone=STATUS_TONES.get(str(given.status), "status-muted"),
                overdue=given.status in Assignment.OPEN_STATES and given.deadline < today,
            )
        has_work = any(w.status != S.CANCELLED for w in work)
        vars(item).update(  # what the plan page shows beside each item
            work=work,
            can_create=not has_work and bool(plan_policies.can_create_work(user, item)),
            can_remove=bool(can_keep) and not work,
            deadline=plan_services.last_working_day_of_quarter(plan.year, item.quarter),
        )
        quarters[item.quarter].append(item)
    if item_form is None and can_keep:
        item_form = PlanItemForm(units=_owner_units(plan))
    return {
        "plan": plan,
        "quarters": [(q, QUARTER_NAMES[q], quarters[q]) for q in QUARTER_NAMES],
        "item_count": len(items),
        "can_keep": bool(can_keep),
        "item_form": item_form if can_keep else None,
        "today": today,
    }


@login_required
@require_GET
def plan_detail(request: HttpRequest, pk: int) -> HttpResponse:
    plan = plan_policies.access_plan(request.user, pk)
    return render(request, "assignments/plan_detail.html", _detail_context(request, plan))


@login_required
@require_POST
def plan_item_add(request: HttpRequest, pk: int) -> HttpResponse:
    plan = plan_policies.access_plan(request.user, pk)
    decision = plan_policies.can_keep_plan(request.user, plan.unit)
    if not decision:
        messages.error(request, decision.reason)
        return redirect("assignments:plan_detail", pk=plan.pk)
    units = _owner_units(plan)
    form = PlanItemForm(request.POST, units=units)
    if form.is_valid():
        data = form.cleaned_data
        owner = next((u for u in units if u.pk == data["owner_unit"]), None)
        assert owner is not None  # the form offers these units only
        try:
            plan_services.plan_item_add(
                actor=request.user,
                plan=plan,
                title=data["title"],
                owner_unit=owner,
                quarter=data["quarter"],
                note=data["note"],
            )
        except Refused as refused:
            bind_refusal(form, refused)
        else:
            messages.success(request, "Đã thêm mục kế hoạch.")
            return redirect(f"{reverse('assignments:plan_detail', args=[plan.pk])}#quy-{data['quarter']}")
    return render(request, "assignments/plan_detail.html", _detail_context(request, plan, form), status=400)


@login_required
@require_POST
def plan_item_create_work(request: HttpRequest, pk: int) -> HttpResponse:
    item = plan_policies.access_plan_item(request.user, pk)
    return press_button(
        request,
        lambda: plan_services.plan_item_create_work(actor=request.user, item=item),
        success=lambda work: format_html(
            'Đã giao <a href="{}">{}</a> cho {}, hạn {}.',
            reverse("assignments:detail", args=[work.pk]),
            work.title,
            item.owner_unit.name,
            work.deadline.strftime("%d/%m/%Y"),
        ),
        redirect_to=f"{reverse('assignments:plan_detail', args=[item.plan_id])}#quy-{item.quarter}",
    )


@login_required
@require_POST
def plan_item_remove(request: HttpRequest, pk: int) -> HttpResponse:
    item = plan_policies.access_plan_item(request.user, pk)
    return press_button(
        request,
        lambda: plan_services.plan_item_remove(actor=request.user, item=item),
        success="Đã xóa mục kế hoạch.",
        redirect_to=f"{reverse('assignments:plan_detail', args=[item.plan_id])}#quy-{item.quarter}",
    )


urlpatterns = [
    path("ke-hoach/", plan_list, name="plan"),
    path("ke-hoach/lap/", plan_create, name="plan_create"),
    path("ke-hoach/<int:pk>/", plan_detail, name="plan_detail"),
    path("ke-hoach/<int:pk>/muc/", plan_item_add, name="plan_item_add"),
    path("ke-hoach/muc/<int:pk>/tao-cong-viec/", plan_item_create_work, name="plan_item_create_work"),
    path("ke-hoach/muc/<int:pk>/xoa/", plan_item_remove, name="plan_item_remove"),
]
