"""The address the audit log records (ADM-2): a forwarded header is believed only from a configured
proxy, and only when it is an IP address; no header can fail an audited write (on PostgreSQL an
address column refuses anything else)."""

from __future__ import annotations

import pytest
from django.test import Client

from congvu.core import audit
from congvu.core.client_address import valid_ip
from congvu.core.models import AuditEvent
from tests.accounts.test_sign_in import LOGIN

CLIENT = "203.0.113.7"
PROXY = "10.0.0.2"


def wrong_password(client: Client, **headers):
    return client.post(LOGIN, {"username": "minhnv", "password": "sai-mat-khau"}, **headers)


def failure_ips() -> list[str | None]:
    return list(
        AuditEvent.objects.filter(action="accounts.sign_in_failed")
        .order_by("id")
        .values_list("ip", flat=True)
    )


def test_without_a_configured_proxy_a_forwarded_address_is_not_believed(province, settings):
    settings.TRUSTED_PROXIES = []
    client = Client(REMOTE_ADDR=CLIENT)
    wrong_password(client, HTTP_X_REAL_IP="198.51.100.9", HTTP_X_FORWARDED_FOR="198.51.100.10")
    assert failure_ips() == [CLIENT]


def test_a_configured_proxy_passes_the_clients_address(province, settings):
    settings.TRUSTED_PROXIES = ["10.0.0.0/24"]
    client = Client(REMOTE_ADDR=PROXY)
    wrong_password(client, HTTP_X_REAL_IP="198.51.100.9")
    # Without X-Real-IP: the right-most address of X-Forwarded-For that is not one of our proxies
    # (what the client wrote to the left of it proves nothing).
    wrong_password(client, HTTP_X_FORWARDED_FOR="6.6.6.6, 198.51.100.10, 10.0.0.3")
    assert failure_ips() == ["198.51.100.9", "198.51.100.10"]


def test_a_request_from_elsewhere_is_not_believed_even_with_a_proxy_configured(province, settings):
    settings.TRUSTED_PROXIES = ["10.0.0.0/24"]
    wrong_password(Client(REMOTE_ADDR=CLIENT), HTTP_X_REAL_IP="198.51.100.9")
    assert failure_ips() == [CLIENT]


@pytest.mark.parametrize("proxies", [[], ["10.0.0.0/24"]], ids=["no-proxy", "behind-proxy"])
def test_a_header_that_is_no_address_never_fails_a_write(province, settings, proxies):
    """Six wrong passwords with ``X-Real-IP: not-an-ip``: four refusals, the lockout, and six rows."""
    settings.TRUSTED_PROXIES = proxies
    remote = PROXY if proxies else CLIENT
    client = Client(REMOTE_ADDR=remote)
    statuses = [
        wrong_password(client, HTTP_X_REAL_IP="not-an-ip", HTTP_X_FORWARDED_FOR="also not, one").status_code
        for _ in range(6)
    ]
    assert statuses == [200, 200, 200, 200, 403, 403]
    assert failure_ips() == [remote] * 6


def test_the_audit_log_keeps_no_value_that_is_not_an_address(db):
    event = audit.record(actor=None, action="accounts.sign_in_failed", ip="not-an-ip")
    event.refresh_from_db()
    assert event.ip is None
    token = audit.current_ip.set("1.2.3.4.5")
    try:
        assert audit.record(actor=None, action="accounts.sign_in_failed").ip is None
    finally:
        audit.current_ip.reset(token)
    assert list(audit.verify()) == []


def test_addresses_are_normalised():
    assert valid_ip(" 198.51.100.9 ") == "198.51.100.9"
    assert valid_ip("::ffff:10.0.0.1") == "10.0.0.1"
    assert valid_ip("[2001:db8::1]") == "2001:db8::1"
    assert valid_ip("not-an-ip") is None
    assert valid_ip("") is None
    assert valid_ip(None) is None
