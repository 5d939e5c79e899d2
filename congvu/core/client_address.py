"""The client's address, as the audit log and the sessions page record it (ADM-2).

``REMOTE_ADDR`` is the address that opened the connection. Behind a reverse proxy that is the
proxy; the proxy passes the client's own address in ``X-Real-IP`` (or appends it to
``X-Forwarded-For``). Those headers are written by whoever sends the request, so they are read
only when the connection comes from an address listed in ``TRUSTED_PROXIES``
(``CONGVU_TRUSTED_PROXIES``); a value that is not an IP address is ignored. Whatever a client
sends, the address is a valid IP address or None: a header can never fail a write.
"""

from __future__ import annotations

import ipaddress

from django.conf import settings


def valid_ip(value: object) -> str | None:
    """``value`` as a normalised IP address, or None when it is not one."""
    if not isinstance(value, str):
        return None
    text = value.strip()
    if text.startswith("[") and text.endswith("]"):
        text = text[1:-1]
    try:
        address = ipaddress.ip_address(text)
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        return str(address.ipv4_mapped)
    return str(address)


def _trusted_networks() -> list[ipaddress.IPv4Network | ipaddress.IPv6Network]:
    return [ipaddress.ip_network(item, strict=False) for item in settings.TRUSTED_PROXIES]


def is_trusted_proxy(address: str) -> bool:
    ip = ipaddress.ip_address(address)
    return any(ip in network for network in _trusted_networks())


def client_ip(request) -> str | None:
    """The client's address: the forwarded one when a trusted proxy forwarded the request,
    ``REMOTE_ADDR`` otherwise."""
    remote = valid_ip(request.META.get("REMOTE_ADDR"))
    if remote is None or not is_trusted_proxy(remote):
        return remote
    real = valid_ip(request.META.get("HTTP_X_REAL_IP"))
    if real is not None:
        return real
    # X-Forwarded-For: "client, proxy1, proxy2"; each proxy appends the address it saw. Read from the
    # right, skipping our own proxies: the first other address is the client (what lies left of it
    # was written by the client and proves nothing).
    hops = [hop for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if hop.strip()]
    for hop in reversed(hops):
        address = valid_ip(hop)
        if address is None:
            break
        if not is_trusted_proxy(address):
            return address
    return remote
