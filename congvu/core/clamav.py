"""Virus scan through a ClamAV daemon, INSTREAM protocol (DOC-6: scan when a scanner is configured).

``CONGVU_CLAMAV`` = ``unix:/run/clamav/clamd.ctl`` or ``tcp:host:3310``. The file is sent in
chunks (4-byte big-endian length, then the bytes; a zero length ends it) and clamd answers
``stream: OK`` or ``stream: <signature> FOUND``. Anything else fails closed: the caller refuses the
file rather than let an unscanned one in.
"""

from __future__ import annotations

import socket
import struct

CHUNK = 64 * 1024


class ScannerUnavailable(Exception):
    """The scanner could not be reached or gave an answer that is not a verdict."""


def _connect(address: str, timeout: float) -> socket.socket:
    if address.startswith("unix:"):
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        target: str | tuple[str, int] = address.removeprefix("unix:")
    elif address.startswith("tcp:"):
        host, _, port = address.removeprefix("tcp:").rpartition(":")
        sock = socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET, socket.SOCK_STREAM)
        target = (host.strip("[]"), int(port))
    else:
        raise ScannerUnavailable(f"địa chỉ máy quét không hợp lệ: {address!r}")
    sock.settimeout(timeout)
    sock.connect(target)
    return sock


def scan(data: bytes, *, address: str, timeout: float = 60.0) -> str | None:
    """The signature name when clamd finds a virus, ``None`` when the data is clean."""
    try:
        with _connect(address, timeout) as sock:
            sock.sendall(b"zINSTREAM\0")
            for start in range(0, len(data), CHUNK):
                chunk = data[start : start + CHUNK]
                sock.sendall(struct.pack("!L", len(chunk)) + chunk)
            sock.sendall(struct.pack("!L", 0))
            reply = b""
            while not reply.endswith(b"\0") and len(reply) < 4096:
                part = sock.recv(4096)
                if not part:
                    break
                reply += part
    except (OSError, ValueError) as exc:
        raise ScannerUnavailable(str(exc)) from exc
    answer = reply.rstrip(b"\0").decode("utf-8", "replace").strip()
    verdict = answer.removeprefix("stream:").strip()
    if verdict == "OK":
        return None
    if verdict.endswith(" FOUND"):
        return verdict.removesuffix(" FOUND").strip() or "không rõ tên"
    raise ScannerUnavailable(answer or "máy quét không trả lời")
