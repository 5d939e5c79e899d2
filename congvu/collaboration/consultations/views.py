"""Screens of consultations (COL-5; seed 002 Đ7.5): the list (to answer, mine, all visible), the
appointment form (leaders), the post form (the appointed drafter), the page with its answer form,
the drafter's report (printable, XLSX), extending, closing, cancelling, keeping longer.

Adapters only: access first (404 alike for missing and hidden), then the form, then one service;
a refusal lands on its field with what was typed kept. Addresses at the foot.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import URLPattern, path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from congvu.collaboration.consultations import exports, forms, selectors, services
from congvu.collaboration.consultations import policies as may
from congvu.collaboration.consultations.models import Consultation, ConsultationFile, ConsultationRecipient
from congvu.collaboration.consultations.workflow import CONSULTATION_WORKFLOW, access_for
from congvu.core.decisions import Refused
from congvu.core.screens import form_page, press_button, query_without, stored_file_download, submit_form


def _detail(consultation: Consultation | int) -> str:
    pk = consultation if isinstance(consultation, int) else consultation.pk
    return reverse("collaboration:consultations_detail", args=[pk])


@require_safe
@login_required
def consultation_list(request: HttpRequest) -> HttpResponse:
    scope = request.GET.get("xem") or "to_answer"
    if scope not in selectors.SCOPES:
        scope = "to_answer"
    page = selectors.page(request.user, scope=scope, after=request.GET.get("sau"))
    return render(
        request,
        "collaboration/consultations/list.html",
        {
            "page": page,
            "scope": scope,
            "query": query_without(request, "sau"),
            "may_appoint": bool(may.leader_agency_ids(request.user)),
        },
    )


@login_required
def consultation_appoint(request: HttpRequest) -> HttpResponse:
    agencies = may.leader_agencies(request.user)
    if not agencies:
        raise Refused.not_allowed(may.NOT_LEADER)
    chosen = next(
        (a for a in agencies if str(a.pk) == (request.POST.get("agency") or request.GET.get("co_quan"))),
        agencies[0],
    )
    people = selectors.people_of_agency(chosen)
    form = forms.AppointForm(
        request.POST or None, agencies=agencies, people=people, initial={"agency": chosen.pk}
    )

    def call(data: dict) -> Consultation:
        return services.consultation_appoint(
            agency=form.agencies[data["agency"]],
            drafter=form.people.get(data["drafter"]),
            subject=data["subject"],
            note=data.get("note") or "",
            actor=request.user,
        )

    return form_page(
        request,
        form,
        call,
        success=_("Đã giao soạn thảo để lấy ý kiến."),
        redirect_to=_detail,
        template="collaboration/consultations/appoint.html",
        context={"agency": chosen, "agencies": agencies},
    )


@login_required
def consultation_post(request: HttpRequest, pk: int) -> HttpResponse:
    consultation = access_for(request.user, pk, "post")
    form = forms.PostForm(
        request.POST or None,
        request.FILES or None,
        people=[
            p for p in selectors.people_of_agency(consultation.agency) if p.pk != consultation.drafter_id
        ],
        units=selectors.units_of_agency(consultation.agency),
        initial={"title": consultation.subject},
    )

    def call(data: dict) -> Consultation:
        return services.consultation_post(
            consultation=consultation,
            title=data["title"],
            description=data.get("description") or "",
            deadline=data["deadline"],
            audience=data["audience"],
            people=form.chosen_people(),
            units=form.chosen_units(),
            uploads=data.get("files") or [],
            actor=request.user,
        )

    return form_page(
        request,
        form,
        call,
        success=_("Đã đăng lấy ý kiến."),
        redirect_to=_detail,
        template="collaboration/consultations/post.html",
        context={"consultation": consultation},
    )


def _answer_form(request: HttpRequest, page: selectors.ConsultationPage) -> forms.AnswerForm:
    mine = page.mine
    initial: dict[str, Any] = {}
    if mine is not None and mine.answered_at is not None:
        initial = {"answer": mine.answer, "text": mine.text, "keep_attachment": True}
    return forms.AnswerForm(initial=initial)


@login_required
def consultation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The consultation; for a recipient, the answer form (POST here gives or changes the answer)."""
    consultation = may.access_consultation(request.user, pk)
    status = 200
    if request.method == "POST":
        form = forms.AnswerForm(request.POST, request.FILES)

        def call(data: dict) -> ConsultationRecipient:
            return services.consultation_answer(
                consultation=consultation,
                answer=data["answer"],
                text=data.get("text") or "",
                upload=data.get("attachment"),
                keep_attachment=bool(data.get("keep_attachment")),
                actor=request.user,
            )

        outcome = submit_form(
            request,
            form,
            call,
            success=_("Đã gửi ý kiến của bạn."),
            redirect_to=_detail(consultation),
            fallback="text",
        )
        if outcome.response is not None:
            return outcome.response
        status = outcome.status
        page = selectors.detail(request.user, consultation)
    else:
        page = selectors.detail(request.user, consultation)
        form = _answer_form(request, page)
    return render(
        request,
        "collaboration/consultations/detail.html",
        {"page": page, "c": consultation, "form": form},
        status=status,
    )


@require_safe
@login_required
def consultation_report(request: HttpRequest, pk: int) -> HttpResponse:
    consultation = access_for(request.user, pk, "report")
    printing = request.GET.get("in") == "1"
    if printing:
        services.consultation_report_exported(
            consultation=consultation, file_format="print", actor=request.user
        )
    return render(
        request,
        "collaboration/consultations/report.html",
        {
            "c": consultation,
            "report": selectors.report(consultation),
            "printing": printing,
            "actions": CONSULTATION_WORKFLOW.allowed_names(consultation, request.user),
        },
    )


@require_safe
@login_required
def consultation_export(request: HttpRequest, pk: int) -> HttpResponse:
    consultation = access_for(request.user, pk, "report")
    services.consultation_report_exported(consultation=consultation, file_format="xlsx", actor=request.user)
    content = exports.report_xlsx(selectors.report(consultation), exported_by=request.user)
    response = HttpResponse(content, content_type=exports.XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="tong-hop-y-kien-{consultation.pk}.xlsx"'
    return response


@require_safe
@login_required
def consultation_file(request: HttpRequest, pk: int, file_id: int) -> Any:
    """A draft file (anyone who sees the consultation), or an answer's file (its author, and those
    who read the report)."""
    consultation = may.access_consultation(request.user, pk)
    draft = (
        ConsultationFile.objects.filter(consultation=consultation, file_id=file_id)
        .select_related("file")
        .first()
    )
    if draft is not None:
        return stored_file_download(draft.file)
    answer = (
        ConsultationRecipient.objects.filter(consultation=consultation, attachment_id=file_id)
        .select_related("attachment")
        .first()
    )
    if answer is None or answer.attachment is None:
        raise Http404
    if answer.user_id != request.user.pk and not may.can_read_report(request.user, consultation):
        raise Http404
    return stored_file_download(answer.attachment)


@login_required
def consultation_extend(request: HttpRequest, pk: int) -> HttpResponse:
    consultation = access_for(request.user, pk, "extend")
    form = forms.ExtendForm(request.POST or None)
    return form_page(
        request,
        form,
        lambda data: services.consultation_extend(
            consultation=consultation,
            deadline=data["deadline"],
            reason=data.get("reason") or "",
            actor=request.user,
        ),
        success=_("Đã gia hạn góp ý và báo cho người được lấy ý kiến."),
        redirect_to=_detail,
        template="collaboration/consultations/step.html",
        context={"c": consultation, "heading": _("Gia hạn góp ý"), "button": _("Gia hạn")},
    )


@require_POST
@login_required
def consultation_close(request: HttpRequest, pk: int) -> HttpResponse:
    consultation = may.access_consultation(request.user, pk)
    return press_button(
        request,
        lambda: services.consultation_close(consultation=consultation, actor=request.user),
        success=_("Đã kết thúc lấy ý kiến."),
        redirect_to=_detail(consultation),
    )


@login_required
def consultation_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    consultation = access_for(request.user, pk, "cancel")
    form = forms.ReasonForm(request.POST or None)
    return form_page(
        request,
        form,
        lambda data: services.consultation_cancel(
            consultation=consultation, reason=data.get("reason") or "", actor=request.user
        ),
        success=_("Đã hủy lấy ý kiến."),
        redirect_to=_detail,
        template="collaboration/consultations/step.html",
        context={"c": consultation, "heading": _("Hủy lấy ý kiến"), "button": _("Hủy lấy ý kiến")},
    )


@login_required
def consultation_keep(request: HttpRequest, pk: int) -> HttpResponse:
    consultation = access_for(request.user, pk, "keep")
    form = forms.KeepForm(request.POST or None)
    return form_page(
        request,
        form,
        lambda data: services.consultation_keep(
            consultation=consultation,
            keep_until=data["keep_until"],
            reason=data["reason"],
            actor=request.user,
        ),
        success=_("Đã gia hạn lưu trữ."),
        redirect_to=_detail,
        template="collaboration/consultations/step.html",
        context={"c": consultation, "heading": _("Gia hạn lưu trữ"), "button": _("Lưu")},
    )


urlpatterns: list[URLPattern] = [
    path("lay-y-kien/", consultation_list, name="consultations_list"),
    path("lay-y-kien/giao-soan-thao/", consultation_appoint, name="consultations_appoint"),
    path("lay-y-kien/<int:pk>/", consultation_detail, name="consultations_detail"),
    path("lay-y-kien/<int:pk>/dang/", consultation_post, name="consultations_post"),
    path("lay-y-kien/<int:pk>/tong-hop/", consultation_report, name="consultations_report"),
    path("lay-y-kien/<int:pk>/tong-hop.xlsx", consultation_export, name="consultations_export"),
    path("lay-y-kien/<int:pk>/tep/<int:file_id>/", consultation_file, name="consultations_file"),
    path("lay-y-kien/<int:pk>/gia-han/", consultation_extend, name="consultations_extend"),
    path("lay-y-kien/<int:pk>/ket-thuc/", consultation_close, name="consultations_close"),
    path("lay-y-kien/<int:pk>/huy/", consultation_cancel, name="consultations_cancel"),
    path("lay-y-kien/<int:pk>/luu-tru/", consultation_keep, name="consultations_keep"),
]
