"""Screens of directive follow-up: the agencies' tasks ("Nhiệm vụ chỉ đạo"), the task page with one
small form per action, and the office's review queue ("Duyệt báo cáo").

Adapters only: each view checks access (``policies.access_task``: 404 alike for missing and
invisible), parses a form, calls the service and redirects back with a message. A refusal from a
service is shown on the form and nothing changes.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from congvu.core.decisions import Refused
from congvu.core.screens import query_without, stored_file_download, submit_form
from congvu.directives import policies, services
from congvu.directives.models import DirectiveTask, TaskReport
from congvu.directives.tasks import selectors
from congvu.directives.tasks.forms import (
    AppointForm,
    DistributeForm,
    FilterForm,
    NoteForm,
    ReasonForm,
    ReassignForm,
    ReportForm,
    UpdateForm,
)
from congvu.directives.workflow import TASK_WORKFLOW

# --- the list -------------------------------------------------------------------------------------


@require_safe
@login_required
def tasks(request: HttpRequest) -> HttpResponse:
    """ "Nhiệm vụ chỉ đạo": the tasks the person may read, by tab, filtered, nearest deadline first."""
    user = request.user
    tab = request.GET.get("tab") or selectors.TAB_ALL
    if tab not in dict(selectors.TABS):
        tab = selectors.TAB_ALL
    form = FilterForm(request.GET, agencies=selectors.lead_agencies(user), signers=selectors.signers(user))
    status = 200
    try:
        page = selectors.task_page(user, filters=form.filters(tab), after=request.GET.get("sau"))
    except Refused as refused:
        messages.error(request, refused.message)
        page, status = None, refused.status
    keep = [("tab", tab)]
    return render(
        request,
        "directives/tasks/list.html",
        {
            "page": page,
            "form": form,
            "tab": tab,
            "tabs": selectors.TABS,
            "keep": keep,
            "query": query_without(request, "sau"),
            "tab_query": query_without(request, "sau", "tab"),
        },
        status=status,
    )


# --- the task page --------------------------------------------------------------------------------


def _forms(
    request: HttpRequest, page: selectors.TaskPageData, actions: selectors.TaskActions
) -> dict[str, Any]:
    task = page.task
    forms: dict[str, Any] = {}
    if "report" in actions:
        forms["report"] = ReportForm(prefix="report")
    if "return" in actions:
        forms["return"] = ReasonForm(prefix="return")
    if "appoint" in actions:
        forms["appoint"] = AppointForm(
            prefix="appoint",
            people=selectors.lead_people(task),
            initial={"handler": str(task.handler_id or "")},
        )
    if "reassign" in actions:
        forms["reassign"] = ReassignForm(prefix="reassign", units=selectors.assignable_units(task.agency_id))
    if "update" in actions:
        forms["update"] = UpdateForm(
            prefix="update",
            task=task,
            units=selectors.assignable_units(task.agency_id),
            monitors=selectors.office_people(task.agency_id),
        )
    if "cancel" in actions:
        forms["cancel"] = ReasonForm(prefix="cancel")
    if "distribute" in actions:
        forms["distribute"] = DistributeForm(
            prefix="distribute", choices=selectors.distribute_choices(request.user, task)
        )
    if actions.review:
        forms["approve"] = NoteForm(prefix="approve")
        forms["reject"] = ReasonForm(prefix="reject")
    return forms


def _render_detail(
    request: HttpRequest, task: DirectiveTask, *, bound: dict[str, Any] | None = None, status: int = 200
) -> HttpResponse:
    page = selectors.task_detail(task)
    actions = selectors.task_actions(request.user, page)
    forms = _forms(request, page, actions)
    forms.update(bound or {})
    return render(
        request,
        "directives/tasks/detail.html",
        {
            "task": task,
            "directive": task.directive,
            "page": page,
            "actions": actions,
            "forms": forms,
            "open_form": next(iter(bound), "") if bound else "",
            "report_days": services.REPORT_WORKING_DAYS,
            "today": timezone.localdate(),
        },
        status=status,
    )


@require_safe
@login_required
def task_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _render_detail(request, policies.access_task(request.user, pk))


def _act(
    request: HttpRequest,
    pk: int,
    *,
    key: str,
    form_class: type,
    call: Callable[[DirectiveTask, dict[str, Any]], Any],
    done: str,
    fallback: str | None = None,
    form_kwargs: Callable[[DirectiveTask], dict[str, Any]] | None = None,
) -> HttpResponse:
    """One action of the task page: parse its form, call its service, redirect or show why not."""
    task = policies.access_task(request.user, pk)
    extra = form_kwargs(task) if form_kwargs else {}
    form = form_class(request.POST, request.FILES, prefix=key, **extra)
    outcome = submit_form(
        request,
        form,
        lambda data: call(task, data),
        success=done,
        redirect_to=reverse("directives:task_detail", args=[pk]),
        fallback=fallback,
    )
    if outcome.response is not None:
        return outcome.response
    return _render_detail(
        request, policies.access_task(request.user, pk), bound={key: form}, status=outcome.status
    )


@require_POST
@login_required
def task_report(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(
        request, pk, key="report", form_class=ReportForm, done=_("Đã gửi báo cáo; đang chờ Văn phòng duyệt."),
        call=lambda task, data: services.task_report(
            task=task, actor=request.user, content=data["content"], proposal=data["proposal"],
            document_number=data["document_number"], document_date=data["document_date"], upload=data["file"],
        ),
        fallback="content",
    )  # fmt: skip


@require_POST
@login_required
def task_return(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(
        request, pk, key="return", form_class=ReasonForm, done=_("Đã trả lại nhiệm vụ cho Văn phòng."),
        call=lambda task, data: services.task_return(task=task, actor=request.user, reason=data["reason"]),
        fallback="reason",
    )  # fmt: skip


@require_POST
@login_required
def task_appoint(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(
        request, pk, key="appoint", form_class=AppointForm, done=_("Đã phân công người cập nhật nhiệm vụ."),
        call=lambda task, data: services.task_appoint(task=task, actor=request.user, handler=data["handler"]),
        form_kwargs=lambda task: {"people": selectors.lead_people(task)}, fallback="handler",
    )  # fmt: skip


@require_POST
@login_required
def task_reassign(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(
        request, pk, key="reassign", form_class=ReassignForm, done=_("Đã giao lại nhiệm vụ."),
        call=lambda task, data: services.task_reassign(
            task=task, actor=request.user, lead_unit=data["lead_unit"], reason=data["reason"]
        ),
        form_kwargs=lambda task: {"units": selectors.assignable_units(task.agency_id)}, fallback="reason",
    )  # fmt: skip


@require_POST
@login_required
def task_update(request: HttpRequest, pk: int) -> HttpResponse:
    def form_kwargs(task: DirectiveTask) -> dict[str, Any]:
        return {
            "task": task,
            "units": selectors.assignable_units(task.agency_id),
            "monitors": selectors.office_people(task.agency_id),
        }

    return _act(
        request, pk, key="update", form_class=UpdateForm, done=_("Đã điều chỉnh nhiệm vụ."),
        call=lambda task, data: services.task_update(
            task=task, actor=request.user, content=data["content"], deadline=data["deadline"],
            monitor=data["monitor"], co_units=data["co_units"],
        ),
        form_kwargs=form_kwargs, fallback="content",
    )  # fmt: skip


@require_POST
@login_required
def task_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(
        request, pk, key="cancel", form_class=ReasonForm, done=_("Đã hủy nhiệm vụ."),
        call=lambda task, data: services.task_cancel(task=task, actor=request.user, reason=data["reason"]),
        fallback="reason",
    )  # fmt: skip


@require_POST
@login_required
def task_distribute(request: HttpRequest, pk: int) -> HttpResponse:
    """Giao việc trong cơ quan (issue #10): the work is given, linked to the task, and the task page
    lists it under "Công việc đã giao"."""

    def call(task: DirectiveTask, data: dict[str, Any]) -> Any:
        return services.task_distribute(
            task=task, actor=request.user, **data["lead"], title=data["title"], deadline=data["deadline"],
            deadline_working_days=data["deadline_working_days"],
        )  # fmt: skip

    def form_kwargs(task: DirectiveTask) -> dict[str, Any]:
        # Who may, before what they typed: the choices are the leader's, nobody else has any.
        TASK_WORKFLOW.require("distribute", task, request.user)
        return {"choices": selectors.distribute_choices(request.user, task)}

    return _act(
        request, pk, key="distribute", form_class=DistributeForm, call=call,
        done=_("Đã giao việc trong cơ quan từ nhiệm vụ chỉ đạo."), form_kwargs=form_kwargs, fallback="lead",
    )  # fmt: skip


def _review(request: HttpRequest, report_id: int, *, key: str, form_class: type, done: str) -> HttpResponse:
    """Approve or reject a report, from the task page or from the queue (``from_queue``): the queue
    goes back to the queue, saying what was done or why not; the task page shows the form again."""
    report = policies.access_report(request.user, report_id)
    form = form_class(request.POST, prefix=key)

    def call(data: dict[str, Any]) -> Any:
        if key == "approve":
            return services.report_approve(report=report, actor=request.user, note=data["note"])
        return services.report_reject(report=report, actor=request.user, reason=data["reason"])

    from_queue = request.POST.get("from_queue") == "1"
    target = (
        reverse("directives:review_queue")
        if from_queue
        else reverse("directives:task_detail", args=[report.task_id])
    )
    fallback = "note" if key == "approve" else "reason"
    outcome = submit_form(request, form, call, success=done, redirect_to=target, fallback=fallback)
    if outcome.response is not None:
        return outcome.response
    if from_queue:
        problems = [str(e) for errors in form.errors.values() for e in errors]
        messages.error(request, " ".join(problems) or _("Không xử lý được báo cáo."))
        return redirect(target)
    task = policies.access_task(request.user, report.task_id)
    return _render_detail(request, task, bound={key: form}, status=outcome.status)


@require_POST
@login_required
def report_approve(request: HttpRequest, report_id: int) -> HttpResponse:
    return _review(request, report_id, key="approve", form_class=NoteForm, done=_("Đã duyệt báo cáo."))


@require_POST
@login_required
def report_reject(request: HttpRequest, report_id: int) -> HttpResponse:
    return _review(
        request,
        report_id,
        key="reject",
        form_class=ReasonForm,
        done=_("Đã từ chối báo cáo; cơ quan sẽ báo cáo lại."),
    )


@require_safe
@login_required
def report_file(request: HttpRequest, pk: int, report_id: int) -> FileResponse:
    """The report document's file, for those who may read the task."""
    task = policies.access_task(request.user, pk)
    stored = selectors.report_of(task, report_id).file
    assert stored is not None
    return stored_file_download(stored)


# --- the review queue -----------------------------------------------------------------------------


@require_safe
@login_required
def review_queue(request: HttpRequest) -> HttpResponse:
    """ "Duyệt báo cáo": the reports waiting for the office, oldest first, each with its two forms."""
    user = request.user
    if not selectors.is_office_anywhere(user):
        return render(request, "directives/tasks/queue.html", {"no_scope": True}, status=403)
    page = selectors.review_queue(user, after=request.GET.get("sau"))
    return render(
        request,
        "directives/tasks/queue.html",
        {
            "page": page,
            "query": query_without(request, "sau"),
            "approve_form": NoteForm(prefix="approve"),
            "reject_form": ReasonForm(prefix="reject"),
            "pending": TaskReport.Status.PENDING,
        },
    )


urlpatterns = [
    path("nhiem-vu/", tasks, name="tasks"),
    path("nhiem-vu/<int:pk>/", task_detail, name="task_detail"),
    path("nhiem-vu/<int:pk>/bao-cao/", task_report, name="task_report"),
    path("nhiem-vu/<int:pk>/tra-lai/", task_return, name="task_return"),
    path("nhiem-vu/<int:pk>/phan-cong/", task_appoint, name="task_appoint"),
    path("nhiem-vu/<int:pk>/giao-lai/", task_reassign, name="task_reassign"),
    path("nhiem-vu/<int:pk>/dieu-chinh/", task_update, name="task_update"),
    path("nhiem-vu/<int:pk>/huy/", task_cancel, name="task_cancel"),
    path("nhiem-vu/<int:pk>/giao-viec/", task_distribute, name="task_distribute"),
    path("nhiem-vu/<int:pk>/tep/<int:report_id>/", report_file, name="task_report_file"),
    path("duyet-bao-cao/", review_queue, name="review_queue"),
    path("bao-cao/<int:report_id>/duyet/", report_approve, name="report_approve"),
    path("bao-cao/<int:report_id>/tu-choi/", report_reject, name="report_reject"),
]
