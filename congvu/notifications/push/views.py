"""The PWA and the device screen (seed 000 Điều 9.1), mounted at the site's root
(``registry.urls("", ...)``, namespace ``push``):

- ``/manifest.webmanifest``: the web app manifest, so that a phone installs the site ("Công Vụ");
- ``/sw.js``: the service worker, served from the root so that its scope is the whole site: it shows
  the notifications pushed to the device and opens a notification's address when it is tapped;
- ``/thong-bao/thiet-bi/``: the person's devices, with "Nhận thông báo trên thiết bị này" (the
  browser subscribes with the site's public VAPID key, then tells ``/api/v1/push/subscriptions``)
  and a button to stop each device.
"""

from __future__ import annotations

import json

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.templatetags.static import static
from django.urls import URLPattern, path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_POST, require_safe

from congvu.core.screens import press_button
from congvu.notifications.push import selectors, services

app_name = "push"


@require_safe
@cache_control(max_age=3600)
def manifest(request: HttpRequest) -> HttpResponse:
    data = {
        "name": _("Công Vụ"),
        "short_name": _("Công Vụ"),
        "description": _("Công Vụ — phần mềm văn phòng điện tử mã nguồn mở"),
        "lang": request.LANGUAGE_CODE,
        "start_url": "/",
        "scope": "/",
        "display": "standalone",
        "background_color": "#ffffff",
        "theme_color": "#a3161a",
        "icons": [
            {
                "src": static(f"notifications/icon-{size}.png"),
                "sizes": f"{size}x{size}",
                "type": "image/png",
                "purpose": "any maskable",
            }
            for size in (192, 512)
        ],
    }
    return HttpResponse(json.dumps(data, ensure_ascii=False), content_type="application/manifest+json")


@require_safe
@cache_control(no_cache=True)
def service_worker(request: HttpRequest) -> HttpResponse:
    response = render(
        request,
        "notifications/push/sw.js",
        {"icon": static("notifications/icon-192.png")},
        content_type="text/javascript; charset=utf-8",
    )
    response["Service-Worker-Allowed"] = "/"
    return response


@require_safe
@login_required
def devices(request: HttpRequest) -> HttpResponse:
    keys = services.vapid_keys()
    return render(
        request,
        "notifications/push/devices.html",
        {
            "devices": selectors.devices(request.user),
            "public_key": keys.public_key if keys else "",
            "max_devices": services.MAX_DEVICES,
        },
    )


@require_POST
@login_required
def device_remove(request: HttpRequest, pk: int) -> HttpResponse:
    return press_button(
        request,
        lambda: services.push_unsubscribe(user=request.user, pk=pk, actor=request.user),
        success=_("Thiết bị sẽ không nhận thông báo nữa."),
        redirect_to=reverse("push:devices"),
    )


urlpatterns: list[URLPattern] = [
    path("manifest.webmanifest", manifest, name="manifest"),
    path("sw.js", service_worker, name="service_worker"),
    path("thong-bao/thiet-bi/", devices, name="devices"),
    path("thong-bao/thiet-bi/<int:pk>/xoa/", device_remove, name="device_remove"),
]
