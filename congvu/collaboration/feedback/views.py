"""Screens of feedback (ADM-5), under /phoi-hop/gop-y/: the report form reached from every page
(the page's address attached), the reporter's own reports, the administrators' triage."""

from __future__ import annotations

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from congvu.collaboration.feedback import policies, selectors, services
from congvu.collaboration.feedback.forms import AssignForm, FilterForm, ReplyForm, ReportForm, TransitionForm
from congvu.collaboration.feedback.models import FeedbackReport
from congvu.collaboration.feedback.workflow import FEEDBACK_WORKFLOW
from congvu.core.decisions import Refused
from congvu.core.screens import query_without, stored_file_download, submit_form


def _from_page(request) -> str:
    """The page the person came from: ``?trang=`` from the footer's link, else the Referer of this
    site; anything that is not a path of this site is dropped, never stored."""
    raw = request.GET.get("trang", "")
    if not raw:
        referer = urlsplit(request.headers.get("Referer", "")[:2000])
        if referer.netloc == request.get_host():
            raw = referer.path + (f"?{referer.query}" if referer.query else "")
    try:
        return services.clean_page_path(raw)
    except Refused:
        return ""


def _done_message(report: FeedbackReport) -> str:
    if report.kind == FeedbackReport.Kind.LOST_ACCOUNT:
        return _(
            "Đã báo quản trị hệ thống. Mọi phiên đăng nhập khác của tài khoản (%(sessions)s) đã kết "
            "thúc và %(tokens)s mã truy cập API đã bị thu hồi. Hãy đổi mật khẩu ngay."
        ) % {"sessions": report.sessions_ended, "tokens": report.tokens_revoked}
    return _("Đã gửi góp ý #%(number)s. Cảm ơn bạn; quản trị hệ thống sẽ trả lời tại đây.") % {
        "number": report.pk
    }


@login_required
def feedback_create(request):
    form = ReportForm(request.POST or None, request.FILES or None, initial={"page_path": _from_page(request)})
    status = 200
    if request.method == "POST":
        outcome = submit_form(
            request,
            form,
            lambda data: services.report_create(
                actor=request.user,
                kind=data["kind"],
                description=data["description"],
                page_path=data["page_path"],
                upload=data["upload"],
                keep_session_key=request.session.session_key,
            ),
            success=_done_message,
            redirect_to=lambda report: reverse("collaboration:feedback_detail", args=[report.pk]),
        )
        if outcome.response is not None:
            return outcome.response
        status = outcome.status
    return render(request, "collaboration/feedback/form.html", {"form": form}, status=status)


def _list(request, *, mine: bool):
    filters = FilterForm(request.GET or None)
    status = kind = ""
    if filters.is_valid():
        status, kind = filters.cleaned_data["status"], filters.cleaned_data["kind"]
    page = selectors.report_list(
        request.user,
        mine=mine,
        status=status,
        kind=kind,
        after=request.GET.get("sau"),
        size=settings.PAGE_SIZE,
    )
    return render(
        request,
        "collaboration/feedback/list.html",
        {"page": page, "filters": filters, "mine": mine, "query_string": query_without(request, "sau")},
    )


@login_required
def feedback_mine(request):
    return _list(request, mine=True)


@login_required
def feedback_admin_list(request):
    policies.can_triage(request.user).require()
    return _list(request, mine=False)


def _detail(
    request, report: FeedbackReport, *, reply_form=None, transition_form=None, assign_form=None, status=200
):
    user = request.user
    allowed = FEEDBACK_WORKFLOW.allowed_names(report, user)
    candidates = list(selectors.system_administrators()) if "assign" in allowed else []
    return render(
        request,
        "collaboration/feedback/detail.html",
        {
            "report": report,
            "replies": selectors.replies_of(report),
            "transitions": [FEEDBACK_WORKFLOW.get(n) for n in allowed if n in FEEDBACK_WORKFLOW.transitions],
            "can_reply": "reply" in allowed,
            "can_assign": "assign" in allowed,
            "reply_form": reply_form or ReplyForm(),
            "transition_form": transition_form or TransitionForm(),
            "assign_form": assign_form
            or AssignForm(candidates=candidates, initial={"assignee": report.assignee_id}),
            "is_triager": policies.is_triager(user),
        },
        status=status,
    )


@login_required
def feedback_detail(request, pk: int):
    return _detail(request, policies.access_report(request.user, pk))


def _act(request, report, form, call, *, success: str, form_name: str):
    outcome = submit_form(
        request,
        form,
        call,
        success=success,
        redirect_to=reverse("collaboration:feedback_detail", args=[report.pk]),
    )
    if outcome.response is not None:
        return outcome.response
    return _detail(request, report, status=outcome.status, **{form_name: form})


@login_required
@require_POST
def feedback_transition(request, pk: int, name: str):
    report = policies.access_report(request.user, pk)
    if name not in FEEDBACK_WORKFLOW.transitions:
        raise Refused.not_found("Không có thao tác này.")
    step = FEEDBACK_WORKFLOW.transitions[name]
    return _act(
        request,
        report,
        TransitionForm(request.POST),
        lambda data: services.report_transition(
            report=report, name=name, actor=request.user, reason=data["reason"]
        ),
        success=_("Đã ghi: %(step)s.") % {"step": step.label},
        form_name="transition_form",
    )


@login_required
@require_POST
def feedback_assign(request, pk: int):
    report = policies.access_report(request.user, pk)
    FEEDBACK_WORKFLOW.require("assign", report, request.user)
    form = AssignForm(request.POST, candidates=list(selectors.system_administrators()))
    return _act(
        request,
        report,
        form,
        lambda data: services.report_assign(report=report, assignee=data["assignee"], actor=request.user),
        success=_("Đã giao người xử lý."),
        form_name="assign_form",
    )


@login_required
@require_POST
def feedback_reply(request, pk: int):
    report = policies.access_report(request.user, pk)
    return _act(
        request,
        report,
        ReplyForm(request.POST),
        lambda data: services.reply_create(report=report, body=data["body"], actor=request.user),
        success=_("Đã gửi trả lời."),
        form_name="reply_form",
    )


@login_required
def feedback_attachment(request, pk: int):
    report = policies.access_report(request.user, pk)
    if report.attachment is None:
        raise Refused.not_found("Góp ý này không có tệp đính kèm.")
    return stored_file_download(report.attachment)


urlpatterns: list = [
    path("gop-y/", feedback_mine, name="feedback_mine"),
    path("gop-y/gui/", feedback_create, name="feedback_create"),
    path("gop-y/quan-tri/", feedback_admin_list, name="feedback_admin_list"),
    path("gop-y/<int:pk>/", feedback_detail, name="feedback_detail"),
    path("gop-y/<int:pk>/giao/", feedback_assign, name="feedback_assign"),
    path("gop-y/<int:pk>/tra-loi/", feedback_reply, name="feedback_reply"),
    path("gop-y/<int:pk>/tep/", feedback_attachment, name="feedback_attachment"),
    path("gop-y/<int:pk>/<slug:name>/", feedback_transition, name="feedback_transition"),
]
