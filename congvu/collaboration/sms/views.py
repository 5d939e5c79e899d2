"""The SMS screens (COL-9) under /phoi-hop/tin-nhan-sms/: my sent SMS with their statuses, the send
form (for holders of the SMS role), one message with each recipient's status, and the agency's log for
administrators. Adapters only: access first, then the form, then one service."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import URLPattern, path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from congvu.collaboration.sms import forms, policies, selectors, services
from congvu.collaboration.sms.gateways import local_phone
from congvu.collaboration.sms.models import SmsMessage
from congvu.core.screens import form_page, query_without


@require_safe
@login_required
def sms_list(request: HttpRequest) -> HttpResponse:
    page = selectors.sent_page(request.user, after=request.GET.get("sau"))
    return render(
        request,
        "collaboration/sms/list.html",
        {
            "page": page,
            "query": query_without(request, "sau"),
            "can_send": policies.can_send_sms(request.user),
            "can_see_log": policies.administers_sms_log(request.user),
        },
    )


@login_required
def sms_send(request: HttpRequest) -> HttpResponse:
    decision = policies.can_send_sms(request.user).require()
    person = decision.on_behalf_of or request.user
    form = forms.SmsForm(request.POST or None, recipients=selectors.recipient_choices(person))

    def call(data: dict) -> SmsMessage:
        return services.sms_send(
            recipients=data["recipients"],
            text=data["text"],
            link=data.get("link") or "",
            unaccented=bool(data.get("unaccented")),
            actor=request.user,
        )

    return form_page(
        request,
        form,
        call,
        success=lambda m: (
            _("Đã gửi tin nhắn SMS tới %(n)s người; trạng thái từng người ở bên dưới.")
            % {"n": m.recipient_count}
        ),
        redirect_to=lambda m: reverse("collaboration:sms_detail", args=[m.pk]),
        template="collaboration/sms/send.html",
        context={"on_behalf_of": decision.on_behalf_of, "site_url": settings.SITE_URL},
    )


@require_safe
@login_required
def sms_detail(request: HttpRequest, pk: int) -> HttpResponse:
    message = policies.access_sms(request.user, pk)
    rows = [(d, local_phone(d.phone)) for d in selectors.deliveries(message)]
    return render(request, "collaboration/sms/detail.html", {"message": message, "rows": rows})


@require_safe
@login_required
def sms_agency_log(request: HttpRequest) -> HttpResponse:
    page = selectors.agency_page(request.user, after=request.GET.get("sau"))
    return render(
        request,
        "collaboration/sms/agency.html",
        {"page": page, "query": query_without(request, "sau")},
    )


urlpatterns: list[URLPattern] = [
    path("tin-nhan-sms/", sms_list, name="sms_list"),
    path("tin-nhan-sms/gui/", sms_send, name="sms_send"),
    path("tin-nhan-sms/co-quan/", sms_agency_log, name="sms_agency_log"),
    path("tin-nhan-sms/<int:pk>/", sms_detail, name="sms_detail"),
]
