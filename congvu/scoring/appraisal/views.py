"""The council members' screens (SCORE-5; seed 003 Đ10): "Thẩm định chấm điểm" — the appraisal
accounts with their units and what is left — and the scoring form of one unit beside its
self-assessment and evidence; sending the results locks the account (Đ10.3).

Adapters only: access (404 alike for missing and not one's own), a form, one service call, a
redirect with a message; a refusal lands on its row and what was typed stays."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from congvu.core.decisions import Refused
from congvu.core.forms import bind_refusal
from congvu.core.screens import press_button
from congvu.scoring import rules, services
from congvu.scoring.appraisal import selectors
from congvu.scoring.appraisal.forms import AppraisalForm
from congvu.scoring.workflow import APPRAISAL_WORKFLOW


@require_safe
@login_required
def appraisal_queue(request: HttpRequest) -> HttpResponse:
    """ "Thẩm định chấm điểm": the person's accounts, each with its units and what is left."""
    return render(request, "scoring/appraisal/queue.html", {"accounts": selectors.queue(request.user)})


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def appraisal_unit(request: HttpRequest, appraisal_pk: int, assessment_pk: int) -> HttpResponse:
    """One unit's covered criteria: the self-score, explanation and evidence beside the appraised
    score and the reason. Read-only once the account is sent or the deadline has passed."""
    appraisal = selectors.access_appraisal(request.user, appraisal_pk)
    assessment = selectors.access_assessment(appraisal, assessment_pk)
    page = selectors.unit_page(appraisal, assessment)
    decision = APPRAISAL_WORKFLOW.check("score", appraisal, request.user)
    here = reverse("scoring:appraisal_unit", args=[appraisal.pk, assessment.pk])
    form = AppraisalForm(request.POST if request.method == "POST" else None, rows=page.rows)
    status = 200
    if request.method == "POST":
        if not decision:
            messages.error(request, decision.reason)
            return redirect(here)
        status = 400
        if form.is_valid():
            try:
                with transaction.atomic():
                    changed = services.appraisal_score(
                        appraisal=appraisal, assessment=assessment, entries=form.entries(), actor=request.user
                    )
            except Refused as refused:
                bind_refusal(form, refused)
                status = refused.status
            else:
                if changed:
                    messages.success(request, _("Đã lưu điểm thẩm định."))
                else:
                    messages.info(request, _("Không có thay đổi nào."))
                target = here
                if request.POST.get("next") and page.next_id:
                    target = reverse("scoring:appraisal_unit", args=[appraisal.pk, page.next_id])
                return redirect(target)
    left = services.appraisal_left(appraisal).get(assessment.pk, 0)
    return render(
        request,
        "scoring/appraisal/unit.html",
        {
            "page": page,
            "appraisal": appraisal,
            "assessment": assessment,
            "form": form,
            "rows": form.bound_rows(),
            "surveys": [r for r in page.rows if r.survey],
            "editable": bool(decision),
            "reason": "" if decision else decision.reason,
            "left": left,
            "show": rules.show,
        },
        status=status,
    )


@require_POST
@login_required
def appraisal_submit(request: HttpRequest, appraisal_pk: int) -> HttpResponse:
    """Send the results (Đ10.3): the account locks."""
    appraisal = selectors.access_appraisal(request.user, appraisal_pk)
    return press_button(
        request,
        lambda: services.appraisal_submit(appraisal=appraisal, actor=request.user),
        success=_("Đã gửi kết quả thẩm định. Tài khoản thẩm định đã khóa."),
        redirect_to=reverse("scoring:appraisal_queue"),
    )


urlpatterns = [
    path("tham-dinh/", appraisal_queue, name="appraisal_queue"),
    path("tham-dinh/<int:appraisal_pk>/don-vi/<int:assessment_pk>/", appraisal_unit, name="appraisal_unit"),
    path("tham-dinh/<int:appraisal_pk>/gui/", appraisal_submit, name="appraisal_submit"),
]
