"""A gateway that records what it is given, in place of an operator (tests only)."""

from __future__ import annotations

from typing import ClassVar

from congvu.collaboration.sms.gateways import SmsGateway, SmsResult


class RecordingGateway(SmsGateway):
    """Records every SMS handed to it; numbers in ``refusing`` are answered ``failed``, and with
    ``broken`` set it raises as an unreachable operator would."""

    sent: ClassVar[list[dict[str, str]]] = []
    refusing: ClassVar[set[str]] = set()
    broken: ClassVar[bool] = False

    def send(self, *, to: str, text: str) -> SmsResult:
        if RecordingGateway.broken:
            raise ConnectionError("Cổng SMS không phản hồi")
        RecordingGateway.sent.append({"to": to, "text": text})
        if to in RecordingGateway.refusing:
            return SmsResult(provider_id="", status="failed", answer="Thuê bao không tồn tại")
        return SmsResult(provider_id=f"rec-{len(RecordingGateway.sent)}", status="sent", answer="Đã nhận")
