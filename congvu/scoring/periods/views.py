"""Screens of the scoring periods (SCORE-2): the module's entry page, a period's preparation and
follow-up (units, appraisers, survey scores), reopening and unlocking, and the entry accounts.

Adapters only: each view checks access (``selectors.access_period``: 404 alike for a period
missing or not readable; Home Affairs' acts refused with 403), parses a form, calls one service and
redirects with a message. A refusal from a service lands on the field it names and nothing changes.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from congvu.core.decisions import Refused
from congvu.core.screens import form_page, press_button, submit_form
from congvu.org.units import selectors as org_unit_selectors
from congvu.scoring import policies, rules, services
from congvu.scoring.models import Appraisal, Assessment, Period
from congvu.scoring.periods import selectors
from congvu.scoring.periods.forms import (
    AccountSearchForm,
    AppointForm,
    GrantForm,
    PeriodEditForm,
    PeriodForm,
    RejectForm,
    ReopenForm,
    RequestForm,
    UnlockForm,
    survey_entries,
)

# --- the module's entry page ----------------------------------------------------------------------


@require_safe
@login_required
def index(request: HttpRequest) -> HttpResponse:
    """ "Chấm điểm CCHC": Home Affairs sees the periods; a unit its assessments; an appraiser their
    appraisal accounts; everyone involved the published results."""
    user = request.user
    manager = policies.manages(user)
    context: dict[str, Any] = {"manager": manager, "today": timezone.localdate()}
    if manager:
        context["periods"] = selectors.period_rows()
        context["pending_requests"] = selectors.pending_requests().count()
        context["sets_url"] = selectors.url_or_blank("scoring:sets")
    else:
        assessments = selectors.my_assessments(user)
        for a in assessments:
            a.detail_url = selectors.url_or_blank("scoring:assessment_detail", a.pk)  # type: ignore[attr-defined]
        context["assessments"] = assessments
        context["appraisals"] = selectors.my_appraisals(user)
        context["queue_url"] = selectors.url_or_blank("scoring:appraisal_queue")
        context["may_request"] = bool(selectors.requestable_units(user))
    published = selectors.published_periods(user)
    for p in published:
        p.results_url = selectors.url_or_blank("scoring:results", p.pk)  # type: ignore[attr-defined]
    context["published"] = published
    return render(request, "scoring/periods/index.html", context)


# --- a new period, a period's page, its correction ------------------------------------------------


def _period_url(period: Period) -> str:
    return reverse("scoring:period_detail", args=[period.pk])


@login_required
def period_create(request: HttpRequest) -> HttpResponse:
    """ "Tạo kỳ chấm điểm": set, title, deadlines, units, survey (Home Affairs)."""
    user = request.user
    selectors.manager_or_refuse(user)
    form = PeriodForm(
        request.POST if request.method == "POST" else None,
        sets=selectors.criteria_sets(),
        units=selectors.assessable_units(),
    )
    return form_page(
        request,
        form,
        lambda data: services.period_create(
            criteria_set=data["criteria_set"],
            title=data["title"],
            self_deadline=data["self_deadline"],
            appraisal_deadline=data["appraisal_deadline"],
            unit_ids=[u.pk for u in data["units"]],
            with_survey=data["with_survey"],
            survey_questions=form.questions(),
            actor=user,
        ),
        success=_("Đã tạo kỳ chấm điểm."),
        redirect_to=_period_url,
        template="scoring/periods/form.html",
        context={"creating": True},
        fallback="title",
    )


def _detail_context(request: HttpRequest, period: Period) -> dict[str, Any]:
    user = request.user
    units = selectors.period_units(period)
    for a in units:
        a.may_reopen = selectors.may_reopen(user, a)  # type: ignore[attr-defined]
        a.total_shown = rules.show(a.self_total)  # type: ignore[attr-defined]
        a.past_due = policies.self_deadline_passed(a)  # type: ignore[attr-defined]
    appraisals = selectors.period_appraisals(period)
    for ap in appraisals:
        ap.may_unlock = selectors.may_unlock(user, ap)  # type: ignore[attr-defined]
    return {
        "period": period,
        "units": units,
        "appraisals": appraisals,
        "steps": selectors.offered(user, period),
        "manager": policies.manages(user),
        "today": timezone.localdate(),
        "results_url": selectors.url_or_blank("scoring:results", period.pk),
        "submitted_count": sum(1 for a in units if a.status == Assessment.Status.SUBMITTED),
    }


@require_safe
@login_required
def period_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The period: state, deadlines, each unit's assessment, each appraiser's account, the buttons
    the table offers (Home Affairs; the period's appraisers read it)."""
    period = selectors.access_period(request.user, pk)
    return render(request, "scoring/periods/detail.html", _detail_context(request, period))


@require_POST
@login_required
def period_open(request: HttpRequest, pk: int) -> HttpResponse:
    period = selectors.access_period(request.user, pk)
    return press_button(
        request,
        lambda: services.period_open(period=period, actor=request.user),
        success=_("Đã mở kỳ chấm điểm: các đơn vị bắt đầu tự đánh giá."),
        redirect_to=_period_url(period),
    )


@require_POST
@login_required
def period_publish(request: HttpRequest, pk: int) -> HttpResponse:
    period = selectors.access_period(request.user, pk)
    return press_button(
        request,
        lambda: services.period_publish(period=period, actor=request.user),
        success=_("Đã công bố kết quả chấm điểm."),
        redirect_to=_period_url(period),
    )


@login_required
def period_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """ "Sửa kỳ chấm điểm": title and deadlines; units and survey questions while a draft."""
    user = request.user
    period = selectors.access_period(user, pk)
    policies.is_manager(user).require()
    draft = period.status == Period.Status.DRAFT
    units = selectors.assessable_units() if draft else []
    initial = {
        "title": period.title,
        "self_deadline": period.self_deadline,
        "appraisal_deadline": period.appraisal_deadline,
        "units": list(period.assessments.values_list("unit_id", flat=True)) if draft else [],
        "survey_questions": "\n".join(period.survey_questions or []),
    }
    form = PeriodEditForm(
        request.POST if request.method == "POST" else None, initial=initial, draft=draft, units=units
    )

    def call(data: dict[str, Any]) -> Period:
        return services.period_update(
            period=period,
            actor=user,
            title=data["title"],
            self_deadline=data["self_deadline"],
            appraisal_deadline=data["appraisal_deadline"],
            unit_ids=[u.pk for u in data["units"]] if draft else None,
            survey_questions=form.questions() if draft else None,
        )

    return form_page(
        request,
        form,
        call,
        success=_("Đã sửa kỳ chấm điểm."),
        redirect_to=_period_url(period),
        template="scoring/periods/form.html",
        context={"creating": False, "period": period},
        fallback="title",
    )


# --- reopen an assessment, unlock an appraisal ----------------------------------------------------


def _row_refused(request: HttpRequest, refused: Refused) -> None:
    if refused.kind == Refused.Kind.NOT_FOUND:
        raise refused
    messages.error(request, refused.message)


@require_POST
@login_required
def assessment_reopen(request: HttpRequest, pk: int) -> HttpResponse:
    """ "Mở lại": Home Affairs gives a submitted report back, with the reason (and a new deadline
    when the period's has passed)."""
    user = request.user
    assessment = Assessment.objects.select_related("period", "unit").filter(pk=pk).first()
    if assessment is None:
        raise Refused.not_found("Không tìm thấy bản tự đánh giá.")
    selectors.access_period(user, assessment.period_id)
    policies.is_manager(user).require()
    form = ReopenForm(request.POST, prefix=f"r{pk}")
    outcome = submit_form(
        request,
        form,
        lambda data: services.assessment_reopen(
            assessment=assessment, actor=user, reason=data["reason"], deadline=data["deadline"]
        ),
        success=_("Đã mở lại báo cáo tự đánh giá của %(unit)s.") % {"unit": assessment.unit.name},
        redirect_to=_period_url(assessment.period),
        fallback="reason",
    )
    if outcome.response is not None:
        return outcome.response
    if outcome.status == 403:
        raise Refused.not_allowed(policies.NOT_MANAGER)
    for errors in form.errors.values():
        for error in errors:
            messages.error(request, str(error))
    return redirect(_period_url(assessment.period) + f"#dv-{assessment.pk}")


@require_POST
@login_required
def appraisal_unlock(request: HttpRequest, pk: int) -> HttpResponse:
    """ "Mở khóa": Home Affairs opens a sent appraisal account again, with the reason."""
    user = request.user
    appraisal = Appraisal.objects.select_related("period", "appraiser").filter(pk=pk).first()
    if appraisal is None:
        raise Refused.not_found("Không tìm thấy tài khoản thẩm định.")
    selectors.access_period(user, appraisal.period_id)
    policies.is_manager(user).require()
    form = UnlockForm(request.POST, prefix=f"u{pk}")
    outcome = submit_form(
        request,
        form,
        lambda data: services.appraisal_unlock(appraisal=appraisal, actor=user, reason=data["reason"]),
        success=_("Đã mở khóa tài khoản thẩm định của %(who)s.") % {"who": appraisal.appraiser.full_name},
        redirect_to=_period_url(appraisal.period),
        fallback="reason",
    )
    if outcome.response is not None:
        return outcome.response
    if outcome.status == 403:
        raise Refused.not_allowed(policies.NOT_MANAGER)
    for errors in form.errors.values():
        for error in errors:
            messages.error(request, str(error))
    return redirect(_period_url(appraisal.period))


# --- appraisers -----------------------------------------------------------------------------------


@login_required
def period_appraisers(request: HttpRequest, pk: int) -> HttpResponse:
    """ "Phân công thẩm định": find a council member, tick the areas or criteria they cover."""
    user = request.user
    period = selectors.access_period(user, pk)
    policies.is_manager(user).require()
    query = (request.POST.get("q") or request.GET.get("q") or "").strip()
    search = AccountSearchForm({"q": query})
    candidates = org_unit_selectors.search_accounts(query) if query and search.is_valid() else []
    form = AppointForm(
        request.POST if request.method == "POST" else None,
        nodes=selectors.coverable(period),
        candidates=candidates,
    )
    return form_page(
        request,
        form,
        lambda data: services.appraisal_appoint(
            period=period,
            appraiser=data["appraiser"],
            criteria_ids=[c.pk for c in data["criteria"]],
            actor=user,
        ),
        success=lambda a: _("Đã phân công %(who)s thẩm định.") % {"who": a.appraiser.full_name},
        redirect_to=reverse("scoring:period_appraisers", args=[pk]),
        template="scoring/periods/appraisers.html",
        context={
            "period": period,
            "appraisals": selectors.period_appraisals(period),
            "search": search,
            "query": query,
            "candidates": candidates,
            "may_appoint": bool(selectors.offered(user, period)["appoint"]),
        },
        fallback="criteria",
    )


@require_POST
@login_required
def appraiser_remove(request: HttpRequest, pk: int, appraisal_pk: int) -> HttpResponse:
    period = selectors.access_period(request.user, pk)
    appraisal = (
        Appraisal.objects.select_related("appraiser", "period").filter(pk=appraisal_pk, period=period).first()
    )
    if appraisal is None:
        raise Refused.not_found("Không tìm thấy tài khoản thẩm định.")
    return press_button(
        request,
        lambda: services.appraisal_remove(appraisal=appraisal, actor=request.user),
        success=_("Đã bỏ phân công %(who)s.") % {"who": appraisal.appraiser.full_name},
        redirect_to=reverse("scoring:period_appraisers", args=[pk]),
    )


# --- survey scores --------------------------------------------------------------------------------


@login_required
def period_survey(request: HttpRequest, pk: int) -> HttpResponse:
    """ "Điểm điều tra xã hội học": units × survey leaves; "1,5" and "1.5" alike."""
    user = request.user
    period = selectors.access_period(user, pk)
    policies.is_manager(user).require()
    leaves, rows = selectors.survey_grid(period)
    typed: dict[tuple[int, int], str] = {}
    error = ""
    status = 200
    if request.method == "POST":
        keys = [(a.pk, leaf.pk) for a, _cells in rows for leaf, _s in _cells]
        typed = survey_entries(request.POST, keys)
        try:
            with transaction.atomic():
                changed = services.survey_scores_save(period=period, scores=typed, actor=user)
        except Refused as refused:
            if refused.kind == Refused.Kind.NOT_FOUND:
                raise
            error, status = refused.message, refused.status
        else:
            messages.success(request, _("Đã lưu %(n)s điểm điều tra.") % {"n": changed})
            return redirect(reverse("scoring:period_survey", args=[pk]))
    grid = [
        (
            a,
            [
                (
                    leaf,
                    f"s-{a.pk}-{leaf.pk}",
                    typed.get(
                        (a.pk, leaf.pk),
                        "" if s is None or s.survey_score is None else rules.show(s.survey_score),
                    ),
                )
                for leaf, s in cells
            ],
        )
        for a, cells in rows
    ]
    return render(
        request,
        "scoring/periods/survey.html",
        {
            "period": period,
            "leaves": leaves,
            "grid": grid,
            "error": error,
            "may_survey": selectors.offered(user, period)["survey"],
        },
        status=status,
    )


# --- entry accounts -------------------------------------------------------------------------------


@login_required
def entry_accounts(request: HttpRequest) -> HttpResponse:
    """ "Tài khoản nhập liệu": Home Affairs grants and revokes the entry role and decides the
    requests; a unit's leader asks for an account for someone of the unit."""
    user = request.user
    manager = policies.manages(user)
    units = selectors.entry_units() if manager else selectors.requestable_units(user)
    if not manager and not units:
        raise Refused.not_allowed(policies.NOT_REQUESTER)
    query = (request.POST.get("q") or request.GET.get("q") or "").strip()
    search = AccountSearchForm({"q": query})
    candidates = org_unit_selectors.search_accounts(query) if query and search.is_valid() else []
    data = request.POST if request.method == "POST" else None
    context = {
        "manager": manager,
        "search": search,
        "query": query,
        "candidates": candidates,
        "requests": selectors.request_rows(user, manager=manager),
        "reject_form": RejectForm(),
    }
    if manager:
        context["grants"] = selectors.entry_grants()
        form: Any = GrantForm(data, units=units, candidates=candidates)
        return form_page(
            request,
            form,
            lambda d: services.entry_grant(unit=d["unit"], person=d["person"], actor=user),
            success=lambda g: (
                _("Đã cấp tài khoản nhập liệu cho %(who)s (%(unit)s).")
                % {"who": g.user.full_name, "unit": g.unit.name}
            ),
            redirect_to=reverse("scoring:entry_accounts"),
            template="scoring/periods/entry_accounts.html",
            context=context,
            fallback="person",
        )
    form = RequestForm(data, units=units, candidates=candidates)
    return form_page(
        request,
        form,
        lambda d: services.entry_request_create(
            unit=d["unit"], person=d["person"], reason=d["reason"], actor=user
        ),
        success=_("Đã gửi đề nghị cấp tài khoản nhập liệu tới Sở Nội vụ."),
        redirect_to=reverse("scoring:entry_accounts"),
        template="scoring/periods/entry_accounts.html",
        context=context,
        fallback="person",
    )


@require_POST
@login_required
def entry_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    policies.is_manager(request.user).require()
    grant = selectors.access_grant(pk)
    return press_button(
        request,
        lambda: services.entry_revoke(grant=grant, actor=request.user),
        success=_("Đã thu hồi tài khoản nhập liệu."),
        redirect_to=reverse("scoring:entry_accounts"),
    )


@require_POST
@login_required
def request_approve(request: HttpRequest, pk: int) -> HttpResponse:
    policies.is_manager(request.user).require()
    entry_request = selectors.access_request(pk)
    return press_button(
        request,
        lambda: services.entry_request_approve(request=entry_request, actor=request.user),
        success=_("Đã cấp tài khoản nhập liệu cho %(who)s.") % {"who": entry_request.person.full_name},
        redirect_to=reverse("scoring:entry_accounts"),
    )


@require_POST
@login_required
def request_reject(request: HttpRequest, pk: int) -> HttpResponse:
    policies.is_manager(request.user).require()
    entry_request = selectors.access_request(pk)
    form = RejectForm(request.POST)
    try:
        with transaction.atomic():
            if not form.is_valid():
                raise Refused.invalid(str(form.errors["reason"][0]), field="reason")
            services.entry_request_reject(
                request=entry_request, actor=request.user, reason=form.cleaned_data["reason"]
            )
    except Refused as refused:
        if refused.kind == Refused.Kind.NOT_FOUND:
            raise
        messages.error(request, refused.message)
    else:
        messages.success(request, _("Đã từ chối đề nghị."))
    return redirect(reverse("scoring:entry_accounts"))


urlpatterns = [
    path("", index, name="index"),
    path("ky/them-moi/", period_create, name="period_create"),
    path("ky/<int:pk>/", period_detail, name="period_detail"),
    path("ky/<int:pk>/sua/", period_edit, name="period_edit"),
    path("ky/<int:pk>/mo/", period_open, name="period_open"),
    path("ky/<int:pk>/cong-bo/", period_publish, name="period_publish"),
    path("ky/<int:pk>/tham-dinh/", period_appraisers, name="period_appraisers"),
    path("ky/<int:pk>/tham-dinh/<int:appraisal_pk>/bo/", appraiser_remove, name="appraiser_remove"),
    path("ky/<int:pk>/dieu-tra/", period_survey, name="period_survey"),
    path("ky/mo-lai/<int:pk>/", assessment_reopen, name="assessment_reopen"),
    path("ky/mo-khoa/<int:pk>/", appraisal_unlock, name="appraisal_unlock"),
    path("tai-khoan-nhap-lieu/", entry_accounts, name="entry_accounts"),
    path("tai-khoan-nhap-lieu/<int:pk>/thu-hoi/", entry_revoke, name="entry_revoke"),
    path("tai-khoan-nhap-lieu/de-nghi/<int:pk>/duyet/", request_approve, name="request_approve"),
    path("tai-khoan-nhap-lieu/de-nghi/<int:pk>/tu-choi/", request_reject, name="request_reject"),
]
