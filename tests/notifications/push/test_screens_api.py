"""The PWA files, the device screen and the subscription API."""

from __future__ import annotations

import json

from congvu.notifications.push import services
from congvu.notifications.push.models import PushSubscription
from tests.notifications.push.conftest import browser_keys

API = "/api/v1/push/subscriptions"
ENDPOINT = "https://fcm.googleapis.com/fcm/send/device-1"


def _body(endpoint=ENDPOINT):
    p256dh, auth = browser_keys()
    return {
        "endpoint": endpoint,
        "expirationTime": None,
        "keys": {"p256dh": p256dh, "auth": auth},
        "user_agent": "Mozilla/5.0 (iPhone) Safari/605.1",
    }


def test_the_manifest_names_the_app_and_its_icons(client):
    response = client.get("/manifest.webmanifest")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/manifest+json"
    data = json.loads(response.content)
    assert data["name"] == "Công Vụ" and data["start_url"] == "/" and data["display"] == "standalone"
    assert [i["sizes"] for i in data["icons"]] == ["192x192", "512x512"]
    for icon in data["icons"]:
        assert client.get(icon["src"]).status_code == 200


def test_the_service_worker_is_served_from_the_root(client):
    response = client.get("/sw.js")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/javascript")
    assert response["Service-Worker-Allowed"] == "/"
    body = response.content.decode()
    assert 'addEventListener("push"' in body and "notificationclick" in body and "openWindow" in body


def test_every_page_links_the_manifest_and_the_registering_script(province, signed_in):
    body = signed_in(province.chuyen_vien).get("/thong-bao/").content.decode()
    assert '<link rel="manifest" href="/manifest.webmanifest">' in body
    assert 'data-service-worker="/sw.js"' in body
    assert "/thong-bao/thiet-bi/" in body


def test_the_device_screen_offers_this_device(province, vapid, signed_in):
    services.push_subscribe(
        user=province.chuyen_vien,
        endpoint=ENDPOINT,
        p256dh=_body()["keys"]["p256dh"],
        auth=_body()["keys"]["auth"],
        user_agent="Mozilla/5.0 (Linux; Android 14) Chrome/130.0",
        actor=province.chuyen_vien,
    )
    client = signed_in(province.chuyen_vien)
    body = client.get("/thong-bao/thiet-bi/").content.decode()
    assert "Nhận thông báo trên thiết bị này" in body
    assert f'data-public-key="{vapid.public_key}"' in body
    assert "Chrome trên Android" in body
    device = PushSubscription.objects.get()
    response = client.post(f"/thong-bao/thiet-bi/{device.pk}/xoa/")
    assert response.status_code == 302 and not PushSubscription.objects.exists()


def test_the_device_screen_without_a_key_pair_says_so(province, signed_in, settings, tmp_path):
    settings.VAPID_PUBLIC_KEY = settings.VAPID_PRIVATE_KEY = ""
    settings.VAPID_KEY_FILE = tmp_path / "none.json"
    body = signed_in(province.chuyen_vien).get("/thong-bao/thiet-bi/").content.decode()
    assert "congvu push_keys" in body and "push-subscribe" not in body


def test_subscribing_and_unsubscribing_through_the_api(province, vapid, signed_in):
    client = signed_in(province.chuyen_vien)
    assert client.get("/api/v1/push/key").json() == {"public_key": vapid.public_key, "enabled": True}
    response = client.post(API, _body(), content_type="application/json")
    assert response.status_code == 201, response.content
    assert response.json()["device"] == "Safari trên iPhone"
    assert [d["endpoint"] for d in client.get(API).json()] == [ENDPOINT]
    response = client.post(f"{API}/unsubscribe", {"endpoint": ENDPOINT}, content_type="application/json")
    assert response.json() == {"removed": 1}
    assert not PushSubscription.objects.exists()


def test_the_api_refuses_a_bad_subscription_and_another_persons_device(province, vapid, signed_in):
    client = signed_in(province.chuyen_vien)
    body = _body()
    body["keys"]["p256dh"] = "AAAA"
    response = client.post(API, body, content_type="application/json")
    assert response.status_code == 400 and response.json()["field"] == "p256dh"
    mine = client.post(API, _body(), content_type="application/json").json()
    other = signed_in(province.chuyen_vien_2)
    assert other.delete(f"{API}/{mine['id']}").status_code == 404
    assert other.get(API).json() == []
    assert signed_in(province.chuyen_vien).delete(f"{API}/{mine['id']}").json() == {"removed": 1}


def test_the_device_screen_is_a_fixed_number_of_queries(
    province, vapid, signed_in, django_assert_max_num_queries
):
    for i in range(5):
        body = _body(f"{ENDPOINT}-{i}")
        services.push_subscribe(
            user=province.chuyen_vien,
            endpoint=body["endpoint"],
            p256dh=body["keys"]["p256dh"],
            auth=body["keys"]["auth"],
            actor=province.chuyen_vien,
        )
    client = signed_in(province.chuyen_vien)
    client.get("/thong-bao/thiet-bi/")
    with django_assert_max_num_queries(8):
        response = client.get("/thong-bao/thiet-bi/")
    assert response.content.decode().count("Ngừng nhận</button>") == 5
