"""The organisation screens under /to-chuc/ (ORG-1, ORG-2): the tree, units, members, roles and the
positions catalogue. Views are adapters: access check, form, one service call, response."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.views.decorators.http import require_POST

from congvu.core.screens import form_page, press_button, submit_form
from congvu.org import policies, tree
from congvu.org.models import Position
from congvu.org.units import forms as unit_forms
from congvu.org.units import policies as unit_policies
from congvu.org.units import selectors as unit_selectors
from congvu.org.units import services as services
from congvu.org.units.policies import MANAGE, VIEW

# --- the tree --------------------------------------------------------------------------------------


@login_required
def unit_tree(request: HttpRequest) -> HttpResponse:
    """ "Cơ cấu tổ chức": the subtrees the person administers or leads."""
    unit_policies.can_view_tree(request.user).require()
    nodes = unit_selectors.tree_nodes(unit_policies.viewable_paths(request.user))
    return render(
        request,
        "org/unit_tree.html",
        {
            "nodes": nodes,
            "unit_count": len(nodes),
            "unit_url": reverse("org:unit_tree"),  # + "<id>/" is org:unit_detail, reversed once
            "can_create": bool(unit_policies.can_create_any_unit(request.user)),
            "can_see_positions": bool(unit_policies.can_view_positions(request.user)),
        },
    )


# --- one unit --------------------------------------------------------------------------------------


@login_required
def unit_detail(request: HttpRequest, pk: int) -> HttpResponse:
    unit = unit_policies.access_unit(request.user, pk, VIEW)
    page = unit_selectors.unit_members(unit, after=request.GET.get("sau"))
    return render(
        request,
        "org/unit_detail.html",
        {
            "unit": unit,
            "ancestors": unit_selectors.unit_ancestors(unit),
            "children": unit_selectors.unit_children(unit),
            "page": page,
            "grants": unit_selectors.unit_role_grants(unit),
            "can_manage": bool(unit_policies.can_manage_unit(request.user, unit)),
            "is_first_page": not request.GET.get("sau"),
        },
    )


@login_required
def unit_create(request: HttpRequest) -> HttpResponse:
    unit_policies.can_create_any_unit(request.user).require()
    paths = unit_policies.administered_paths(request.user)
    initial: dict[str, Any] = {}
    parent_id = request.GET.get("cap_tren")
    if parent_id and parent_id.isdigit():
        initial["parent"] = parent_id
    form = unit_forms.UnitForm(
        request.POST or None,
        initial=initial,
        parents=unit_selectors.units_for_choice(paths),
        allow_root=policies.is_system_administrator(request.user),
    )
    return form_page(
        request,
        form,
        lambda data: services.unit_create(
            name=data["name"],
            short_name=data["short_name"],
            agency_code=data["agency_code"],
            parent=data["parent"],
            kind=data["kind"],
            is_office=data["is_office"],
            sort_order=data["sort_order"],
            actor=request.user,
        ),
        success=lambda unit: f"Đã tạo {unit.name}.",
        redirect_to=lambda unit: reverse("org:unit_detail", args=[unit.pk]),
        template="org/unit_form.html",
        context={"unit": None},
    )


@login_required
def unit_edit(request: HttpRequest, pk: int) -> HttpResponse:
    unit = unit_policies.access_unit(request.user, pk, MANAGE)
    paths = unit_policies.administered_paths(request.user)
    form = unit_forms.UnitForm(
        request.POST or None,
        initial={
            "name": unit.name,
            "short_name": unit.short_name,
            "agency_code": unit.agency_code or "",
            "parent": unit.parent_id,
            "kind": unit.kind,
            "is_office": unit.is_office,
            "sort_order": unit.sort_order,
            "is_active": unit.is_active,
        },
        parents=unit_selectors.units_for_choice(paths, include=unit.parent_id),
        allow_root=policies.is_system_administrator(request.user) or unit.parent_id is None,
        editing=unit,
    )
    return form_page(
        request,
        form,
        lambda data: services.unit_update(unit=unit, actor=request.user, **data),
        success="Đã lưu thông tin đơn vị.",
        redirect_to=reverse("org:unit_detail", args=[unit.pk]),
        template="org/unit_form.html",
        context={"unit": unit},
    )


@require_POST
@login_required
def unit_set_active(request: HttpRequest, pk: int) -> HttpResponse:
    unit = unit_policies.access_unit(request.user, pk, MANAGE)
    active = request.POST.get("active") == "1"
    return press_button(
        request,
        lambda: services.unit_set_active(unit=unit, active=active, actor=request.user),
        success=f"{unit.name}: {'đã hoạt động trở lại' if active else 'đã ngừng hoạt động'}.",
        redirect_to=reverse("org:unit_detail", args=[unit.pk]),
    )


# --- members ---------------------------------------------------------------------------------------


def _search(request: HttpRequest) -> tuple[unit_forms.AccountSearchForm, list[Any], str]:
    query = (request.POST.get("q") or request.GET.get("q") or "").strip()
    search = unit_forms.AccountSearchForm({"q": query})
    candidates = unit_selectors.search_accounts(query) if query and search.is_valid() else []
    return search, candidates, query


@login_required
def membership_add(request: HttpRequest, pk: int) -> HttpResponse:
    """Put an existing account into the unit with a position (primary or kiêm nhiệm)."""
    unit = unit_policies.access_unit(request.user, pk, MANAGE)
    search, candidates, query = _search(request)
    form = unit_forms.MembershipAddForm(request.POST or None)
    form.show_candidates(candidates)
    return form_page(
        request,
        form,
        lambda data: services.membership_start(
            user=data["user"],
            unit=unit,
            position=data["position"],
            is_primary=data["is_primary"],
            started_on=data["started_on"],
            actor=request.user,
        ),
        success=lambda post: f"Đã thêm {post.user.full_name} vào {unit.name} ({post.position}).",
        redirect_to=reverse("org:unit_detail", args=[unit.pk]),
        template="org/membership_add.html",
        context={"unit": unit, "search": search, "query": query, "candidates": candidates},
    )


@login_required
def membership_end(request: HttpRequest, pk: int) -> HttpResponse:
    membership = unit_policies.access_membership(request.user, pk, MANAGE)
    form = unit_forms.MembershipEndForm(request.POST or None)
    return form_page(
        request,
        form,
        lambda data: services.membership_end(
            membership=membership, ended_on=data["ended_on"], actor=request.user
        ),
        success=f"Đã kết thúc chức vụ {membership.position} của {membership.user.full_name}.",
        redirect_to=reverse("org:unit_detail", args=[membership.unit_id]),
        template="org/membership_end.html",
        context={"membership": membership},
    )


@login_required
def membership_move(request: HttpRequest, pk: int) -> HttpResponse:
    """Move the person to another unit: the old post ends, the new one starts (ORG-7)."""
    membership = unit_policies.access_membership(request.user, pk, MANAGE)
    destinations = unit_selectors.units_for_choice(unit_policies.administered_paths(request.user))
    form = unit_forms.PersonMoveForm(request.POST or None, destinations=destinations)
    return form_page(
        request,
        form,
        lambda data: services.person_move(
            user=membership.user,
            to_unit=data["to_unit"],
            position=data["position"],
            on=data["on"],
            actor=request.user,
        ),
        success=lambda post: f"Đã chuyển {membership.user.full_name} đến {post.unit.name}.",
        redirect_to=lambda post: reverse("org:unit_detail", args=[post.unit_id]),
        template="org/membership_move.html",
        context={"membership": membership},
    )


@login_required
def membership_in_charge(request: HttpRequest, pk: int) -> HttpResponse:
    """The units a deputy is in charge of (seed 000 Đ7.3)."""
    membership = unit_policies.access_membership(request.user, pk, MANAGE)
    if membership.position.level != Position.Level.DEPUTY:
        messages.error(request, "Chỉ cấp phó mới được giao phụ trách đơn vị.")
        return redirect("org:unit_detail", pk=membership.unit_id)  # a link followed from an old page
    choices = tree.subtree(membership.unit).exclude(pk=membership.unit_id).order_by("path")
    form = unit_forms.InChargeForm(
        request.POST or None, choices=choices, initial={"units": list(membership.in_charge_of.all())}
    )
    return form_page(
        request,
        form,
        lambda data: services.membership_set_in_charge(
            membership=membership, units=list(data["units"]), actor=request.user
        ),
        success=f"Đã giao phụ trách cho {membership.user.full_name}.",
        redirect_to=reverse("org:unit_detail", args=[membership.unit_id]),
        template="org/membership_in_charge.html",
        context={"membership": membership},
    )


# --- functional roles ------------------------------------------------------------------------------


@login_required
def role_grant(request: HttpRequest, pk: int) -> HttpResponse:
    unit = unit_policies.access_unit(request.user, pk, MANAGE)
    search, candidates, query = _search(request)
    form = unit_forms.RoleGrantForm(request.POST or None)
    form.show_candidates(candidates)
    return form_page(
        request,
        form,
        lambda data: services.role_grant(user=data["user"], role=data["role"], unit=unit, actor=request.user),
        success=lambda grant: f"Đã giao vai trò {grant.get_role_display()} cho {grant.user.full_name}.",
        redirect_to=reverse("org:unit_detail", args=[unit.pk]),
        template="org/unit_role_grant.html",
        context={"unit": unit, "search": search, "query": query, "candidates": candidates},
    )


@require_POST
@login_required
def role_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    grant = unit_policies.access_role_grant(request.user, pk)
    return press_button(
        request,
        lambda: services.role_revoke(grant=grant, actor=request.user),
        success=f"Đã thu hồi vai trò {grant.get_role_display()} của {grant.user.full_name}.",
        redirect_to=reverse("org:unit_detail", args=[grant.unit_id]),
    )


# --- positions catalogue ---------------------------------------------------------------------------


@login_required
def position_list(request: HttpRequest) -> HttpResponse:
    unit_policies.can_view_positions(request.user).require()
    can_manage = bool(unit_policies.can_manage_positions(request.user))
    form = unit_forms.PositionForm(request.POST or None) if can_manage else None
    status = 200
    if request.method == "POST":
        unit_policies.can_manage_positions(request.user).require()
        assert form is not None  # offered to those who manage positions
        outcome = submit_form(
            request,
            form,
            lambda data: services.position_create(actor=request.user, **data),
            success=lambda position: f"Đã thêm chức vụ {position.name}.",
            redirect_to=reverse("org:position_list"),
        )
        if outcome.response is not None:
            return outcome.response
        status = outcome.status
    return render(
        request,
        "org/position_list.html",
        {"positions": unit_selectors.positions(), "form": form, "can_manage": can_manage},
        status=status,
    )


@login_required
def position_edit(request: HttpRequest, pk: int) -> HttpResponse:
    unit_policies.can_manage_positions(request.user).require()
    position = unit_selectors.position_or_404(pk)
    form = unit_forms.PositionForm(
        request.POST or None,
        initial={"name": position.name, "level": position.level, "sort_order": position.sort_order},
    )
    return form_page(
        request,
        form,
        lambda data: services.position_update(position=position, actor=request.user, **data),
        success="Đã lưu chức vụ.",
        redirect_to=reverse("org:position_list"),
        template="org/position_form.html",
        context={"position": position},
    )


urlpatterns = [
    path("don-vi/", unit_tree, name="unit_tree"),
    path("don-vi/them/", unit_create, name="unit_create"),
    path("don-vi/<int:pk>/", unit_detail, name="unit_detail"),
    path("don-vi/<int:pk>/sua/", unit_edit, name="unit_edit"),
    path("don-vi/<int:pk>/trang-thai/", unit_set_active, name="unit_set_active"),
    path("don-vi/<int:pk>/them-nguoi/", membership_add, name="membership_add"),
    path("don-vi/<int:pk>/vai-tro/", role_grant, name="role_grant"),
    path("vai-tro/<int:pk>/thu-hoi/", role_revoke, name="role_revoke"),
    path("chuc-vu-dam-nhiem/<int:pk>/ket-thuc/", membership_end, name="membership_end"),
    path("chuc-vu-dam-nhiem/<int:pk>/chuyen-don-vi/", membership_move, name="membership_move"),
    path("chuc-vu-dam-nhiem/<int:pk>/phu-trach/", membership_in_charge, name="membership_in_charge"),
    path("chuc-vu/", position_list, name="position_list"),
    path("chuc-vu/<int:pk>/sua/", position_edit, name="position_edit"),
]
