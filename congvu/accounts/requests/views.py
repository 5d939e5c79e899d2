"""Screens of the account requests (ORG-3): the list / queue, the form, the detail with its
actions, the printed Phụ lục. Views only adapt: policies decide, services write."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from congvu.accounts.middleware import show_once, shown_once
from congvu.accounts.models import AccountRequest
from congvu.accounts.requests import forms as rforms
from congvu.accounts.requests import policies as policies
from congvu.accounts.requests import selectors as selectors
from congvu.accounts.requests import services as services
from congvu.accounts.requests.workflow import ACCOUNT_REQUEST_WORKFLOW
from congvu.core.decisions import Refused
from congvu.core.forms import bind_refusal
from congvu.core.screens import press_button

K = AccountRequest.Kind
ACTION_SLUGS = {"gui": "submit", "rut": "withdraw", "xu-ly": "process", "tra-lai": "reject"}
KIND_CHOICES = [
    (K.CREATE, K.CREATE.label, _("Phụ lục 1"), _("Cấp tài khoản cho người mới về đơn vị.")),
    (
        K.CHANGE,
        K.CHANGE.label,
        _("Phụ lục 2"),
        _("Đổi họ tên, email, đơn vị công tác hoặc chức vụ của tài khoản đã có."),
    ),
    (K.SUSPEND, K.SUSPEND.label, _("Phụ lục 2"), _("Tạm dừng tài khoản (nghỉ dài hạn, đi học, biệt phái…).")),
    (
        K.RETIRE,
        K.RETIRE.label,
        _("Phụ lục 2"),
        _("Hủy bỏ tài khoản của người đã nghỉ hưu, chuyển công tác; lịch sử làm việc vẫn được giữ."),
    ),
]


def _kind_or_404(kind: str) -> str:
    if kind not in K.values:
        raise Refused.not_found("Loại đề nghị không hợp lệ.")
    return kind


# --- list -----------------------------------------------------------------------------------------


@login_required
@require_GET
def request_list(request):
    user = request.user
    units = selectors.filter_units(user)
    form = rforms.FilterForm(request.GET or None, units=units)
    status, unit, overdue = "", None, False
    if form.is_valid():
        status = form.cleaned_data["status"] or ""
        unit = form.cleaned_data["unit"]
        overdue = form.cleaned_data["overdue"]
    page = selectors.request_queue_page(
        user, status=status, unit=unit, overdue_only=overdue, after=request.GET.get("sau") or None
    )
    query = request.GET.copy()
    query.pop("sau", None)
    return render(
        request,
        "accounts/request_list.html",
        {
            "page": page,
            "filter_form": form,
            "is_admin": policies.is_administrator_for_any(user),
            "can_file": bool(policies.fileable_units(user)),
            "query": query.urlencode(),
        },
    )


# --- filing and editing -----------------------------------------------------------------------------


@login_required
def request_new(request):
    """Choose what to ask for: the kind decides the appendix and the columns."""
    policies.can_file_any(request.user).require()
    return render(request, "accounts/request_new.html", {"kinds": KIND_CHOICES})


def _line_choices(units):
    """What a line may name: units and accounts of the filing units' subtrees."""
    return selectors.units_in_subtrees(units), selectors.accounts_in_units(units)


def _base_depth(units) -> int:
    return min((u.depth for u in units), default=0)


def _after_save(request, account_request, *, default: str):
    """After saving the lines: send at once ("Gửi đề nghị"), show one more blank line ("Thêm
    người" without JavaScript), or go on to the request."""
    if "submit" in request.POST:
        try:
            services.request_submit(account_request=account_request, actor=request.user)
        except Refused as exc:
            messages.error(request, exc.message)
            return redirect("accounts:request_edit", pk=account_request.pk)
        messages.success(request, "Đã gửi đề nghị tới quản trị hệ thống.")
        return redirect("accounts:request_detail", pk=account_request.pk)
    messages.success(request, "Đã lưu nháp đề nghị.")
    if "add_line" in request.POST:
        return redirect("accounts:request_edit", pk=account_request.pk)
    return redirect(default, pk=account_request.pk)


def _warn(request, warnings: list[str]) -> None:
    for warning in warnings:
        messages.warning(request, warning)


@login_required
def request_create(request, kind: str):
    kind = _kind_or_404(kind)
    user = request.user
    units = policies.fileable_units(user)
    if not units:
        policies.can_file_any(request.user).require()
    line_units, accounts = _line_choices(units)
    data = request.POST if request.method == "POST" else None
    form = rforms.RequestForm(data, units=units)
    formset = rforms.line_formset(
        kind=kind, units=line_units, accounts=accounts, base_depth=_base_depth(units), data=data, extra=2
    )
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        lines, line_forms = formset.lines()
        try:
            saved = services.request_create(
                actor=user,
                kind=kind,
                unit=form.cleaned_data["unit"],
                lines=lines,
                note=form.cleaned_data["note"],
            )
        except Refused as exc:
            bind_refusal(form, exc, nested={"lines": line_forms})
        else:
            _warn(request, saved.warnings)
            return _after_save(request, saved.account_request, default="accounts:request_detail")
    return render(
        request,
        "accounts/request_form.html",
        {
            "form": form,
            "formset": formset,
            "kind": kind,
            "kind_label": K(kind).label,
            "account_request": None,
        },
    )


@login_required
def request_edit(request, pk: int):
    account_request = policies.access_account_request(request.user, pk)
    ACCOUNT_REQUEST_WORKFLOW.require("edit", account_request, request.user)
    user = request.user
    line_units, accounts = _line_choices([account_request.unit])
    data = request.POST if request.method == "POST" else None
    form = rforms.RequestForm(
        data,
        units=[account_request.unit],
        initial={"unit": account_request.unit_id, "note": account_request.note},
    )
    form.fields["unit"].disabled = True
    formset = rforms.line_formset(
        kind=account_request.kind,
        units=line_units,
        accounts=accounts,
        base_depth=account_request.unit.depth,
        data=data,
        lines=selectors.request_lines(account_request),
    )
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        lines, line_forms = formset.lines()
        try:
            saved = services.request_update(
                account_request=account_request, actor=user, lines=lines, note=form.cleaned_data["note"]
            )
        except Refused as exc:
            bind_refusal(form, exc, nested={"lines": line_forms})
        else:
            _warn(request, saved.warnings)
            return _after_save(request, saved.account_request, default="accounts:request_detail")
    return render(
        request,
        "accounts/request_form.html",
        {
            "form": form,
            "formset": formset,
            "kind": account_request.kind,
            "kind_label": account_request.get_kind_display(),
            "account_request": account_request,
        },
    )


@login_required
@require_GET
def request_line_form(request, kind: str):
    """One more empty line for the form (htmx): the index is the formset's current total."""
    kind = _kind_or_404(kind)
    units = policies.fileable_units(request.user)
    if not units:
        policies.can_file_any(request.user).require()
    try:
        index = int(request.GET.get(f"{rforms.LINES_PREFIX}-TOTAL_FORMS", "0"))
    except ValueError:
        index = 0
    index = max(0, min(index, 199))
    line_units, accounts = _line_choices(units)
    line_form = rforms.LineForm(
        prefix=f"{rforms.LINES_PREFIX}-{index}",
        kind=kind,
        units=line_units,
        accounts=accounts,
        base_depth=_base_depth(units),
        use_required_attribute=False,
    )
    return render(
        request,
        "accounts/request_line_added.html",
        {"line": line_form, "number": index + 1, "total": index + 1, "prefix": rforms.LINES_PREFIX},
    )


# --- detail and actions -----------------------------------------------------------------------------


def _detail_context(request, account_request, **extra):
    user = request.user
    lines = selectors.request_lines(account_request)
    allowed = set(ACCOUNT_REQUEST_WORKFLOW.allowed_names(account_request, user))
    warnings = (
        selectors.line_warnings(lines, account_request.kind) if account_request.status != "done" else {}
    )
    for line in lines:
        line.warnings = warnings.get(line.pk, [])
    return {
        "r": account_request,
        "lines": lines,
        "timeline": selectors.request_timeline(account_request),
        "deadline": selectors.deadline_badge(account_request),
        "status_css": selectors.STATUS_CSS.get(account_request.status, "status-muted"),
        "allowed": allowed,
        "can_edit": "edit" in allowed,
        "process_form": rforms.ProcessForm(),
        "reject_form": rforms.ReasonForm(),
        "withdraw_form": rforms.WithdrawForm(),
        "appendix": 1 if account_request.kind == K.CREATE else 2,
        **extra,
    }


@login_required
@require_GET
def request_detail(request, pk: int):
    account_request = policies.access_account_request(request.user, pk)
    return render(request, "accounts/request_detail.html", _detail_context(request, account_request))


@login_required
@require_POST
def request_action(request, pk: int, action: str):
    name = ACTION_SLUGS.get(action)
    if name is None:
        raise Refused.not_found("Thao tác không hợp lệ.")
    user = request.user
    account_request = policies.access_account_request(user, pk)
    ACCOUNT_REQUEST_WORKFLOW.require(name, account_request, user)
    forms_by_action = {
        "process": rforms.ProcessForm,
        "reject": rforms.ReasonForm,
        "withdraw": rforms.WithdrawForm,
    }
    form = forms_by_action[name](request.POST) if name in forms_by_action else None
    if form is not None and not form.is_valid():
        context = _detail_context(request, account_request, **{f"{name}_form": form})
        return render(request, "accounts/request_detail.html", context, status=400)
    if name == "process":
        assert form is not None
        try:
            result = services.request_process(
                account_request=account_request, actor=user, note=form.cleaned_data["note"]
            )
        except Refused as refused:
            messages.error(request, refused.message)
            return redirect("accounts:request_detail", pk=account_request.pk)
        page = reverse("accounts:request_processed", args=[account_request.pk])
        created = [
            {"full_name": c.line.full_name, "unit": c.line.unit.name, "username": c.username,
             "password": c.one_time_password}
            for c in result.created
        ]  # fmt: skip
        show_once(request, page=page, data={"created": created})
        return redirect(page)
    reason = form.cleaned_data["reason"] if form is not None else ""
    acts = {
        "submit": (lambda: services.request_submit(account_request=account_request, actor=user),
                   "Đã gửi đề nghị tới quản trị hệ thống."),
        "withdraw": (lambda: services.request_withdraw(account_request=account_request, actor=user, reason=reason),
                     "Đã rút đề nghị."),
        "reject": (lambda: services.request_reject(account_request=account_request, actor=user, reason=reason),
                   "Đã trả lại đề nghị cho đơn vị."),
    }  # fmt: skip
    call, done = acts[name]
    return press_button(
        request, call, success=done, redirect_to=reverse("accounts:request_detail", args=[account_request.pk])
    )


@never_cache
@login_required
@require_GET
def request_processed(request, pk: int):
    """The result of "Xử lý xong": the new accounts with their one-time passwords, while the
    processor stays on this page (a reload shows them again); once they open another page, the
    passwords are gone for good — an administrator then issues a new one to whoever needs it."""
    account_request = policies.access_account_request(request.user, pk)
    if account_request.status != AccountRequest.Status.DONE:
        return redirect("accounts:request_detail", pk=account_request.pk)
    shown = shown_once(request, page=request.path)
    return render(
        request,
        "accounts/request_processed.html",
        {
            "r": account_request,
            "created": shown["created"] if shown else [],
            "passwords_gone": shown is None and account_request.kind == K.CREATE,
            "lines": selectors.request_lines(account_request),
            "appendix": 1 if account_request.kind == K.CREATE else 2,
        },
    )


@login_required
@require_GET
def request_pdf(request, pk: int):
    from congvu.accounts.requests.exports import pdf_filename, render_request_pdf

    account_request = policies.access_account_request(request.user, pk)
    response = HttpResponse(render_request_pdf(account_request), content_type="application/pdf")
    disposition = "attachment" if request.GET.get("tai") else "inline"
    response["Content-Disposition"] = f'{disposition}; filename="{pdf_filename(account_request)}"'
    return response


urlpatterns = [
    path("de-nghi/", request_list, name="request_list"),
    path("de-nghi/moi/", request_new, name="request_new"),
    path("de-nghi/moi/<slug:kind>/", request_create, name="request_create"),
    path("de-nghi/dong-moi/<slug:kind>/", request_line_form, name="request_line_form"),
    path("de-nghi/<int:pk>/", request_detail, name="request_detail"),
    path("de-nghi/<int:pk>/sua/", request_edit, name="request_edit"),
    path("de-nghi/<int:pk>/ban-in.pdf", request_pdf, name="request_pdf"),
    path("de-nghi/<int:pk>/ket-qua/", request_processed, name="request_processed"),
    path("de-nghi/<int:pk>/<slug:action>/", request_action, name="request_action"),
]
