"""Web Push in the API: the site's public key and the caller's devices.

    GET  /api/v1/push/key                            {public_key, enabled}
    GET  /api/v1/push/subscriptions                  the caller's devices
    POST /api/v1/push/subscriptions                  {endpoint, keys: {p256dh, auth}, user_agent}
    POST /api/v1/push/subscriptions/unsubscribe      {endpoint}   (this device, from its browser)
    DELETE /api/v1/push/subscriptions/{id}

A subscription is the browser's ``PushSubscription.toJSON()``; a bad endpoint or key answers 400.
"""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest
from django.utils import timezone, translation
from ninja import Field, Router, Schema, Status

from congvu.core.api_errors import errors
from congvu.core.api_inputs import Id
from congvu.core.decisions import Refused
from congvu.notifications.push import selectors, services
from congvu.notifications.push.models import MAX_ENDPOINT

router = Router(tags=["push"])


class KeyOut(Schema):
    public_key: str
    enabled: bool


class KeysIn(Schema):
    p256dh: str = Field(..., max_length=200)
    auth: str = Field(..., max_length=100)


class SubscriptionIn(Schema):
    endpoint: str = Field(..., max_length=MAX_ENDPOINT)
    keys: KeysIn
    user_agent: str = Field("", max_length=1000)


class EndpointIn(Schema):
    endpoint: str = Field(..., max_length=MAX_ENDPOINT)


class SubscriptionOut(Schema):
    id: int
    endpoint: str
    device: str
    language: str
    created_at: dt.datetime
    last_success_at: dt.datetime | None = None
    failures: int


class RemovedOut(Schema):
    removed: int


def _out(subscription, device: str) -> dict:
    return {
        "id": subscription.pk,
        "endpoint": subscription.endpoint,
        "device": device,
        "language": subscription.language,
        "created_at": timezone.localtime(subscription.created_at),
        "last_success_at": timezone.localtime(subscription.last_success_at)
        if subscription.last_success_at
        else None,
        "failures": subscription.failures,
    }


@router.get("/key", response=errors(ok=KeyOut), operation_id="push_key")
def push_key(request: HttpRequest):
    keys = services.vapid_keys()
    return {"public_key": keys.public_key if keys else "", "enabled": keys is not None}


@router.get("/subscriptions", response=errors(ok=list[SubscriptionOut]), operation_id="push_subscriptions")
def subscription_list(request: HttpRequest):
    return [_out(row, device) for row, device in selectors.devices(request.user)]


@router.post(
    "/subscriptions",
    response=errors(400, 403, ok=SubscriptionOut, ok_status=201),
    operation_id="push_subscribe",
    url_name="push_subscribe",
)
def subscribe(request: HttpRequest, payload: SubscriptionIn):
    subscription = services.push_subscribe(
        user=request.user,
        endpoint=payload.endpoint,
        p256dh=payload.keys.p256dh,
        auth=payload.keys.auth,
        user_agent=payload.user_agent or request.headers.get("User-Agent", ""),
        language=translation.get_language() or "",
        actor=request.user,
    )
    device = dict((row.pk, name) for row, name in selectors.devices(request.user)).get(subscription.pk, "")
    return Status(201, _out(subscription, device))


@router.post(
    "/subscriptions/unsubscribe",
    response=errors(400, 403, ok=RemovedOut),
    operation_id="push_unsubscribe",
    url_name="push_unsubscribe",
)
def unsubscribe(request: HttpRequest, payload: EndpointIn):
    return {
        "removed": services.push_unsubscribe(user=request.user, endpoint=payload.endpoint, actor=request.user)
    }


@router.delete(
    "/subscriptions/{subscription_id}", response=errors(403, 404, ok=RemovedOut), operation_id="push_remove"
)
def remove(request: HttpRequest, subscription_id: Id):
    removed = services.push_unsubscribe(user=request.user, pk=subscription_id, actor=request.user)
    if not removed:
        raise Refused.not_found("Không tìm thấy thiết bị.")
    return {"removed": removed}
