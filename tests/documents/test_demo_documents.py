"""The demo province's documents (congvu load_demo): incoming and outgoing documents in every state
of their way, entered through the services as the people who would, loaded once; what each
documents persona finds waiting on their home page."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from congvu.accounts.models import User
from congvu.core import registry
from congvu.documents.models import IncomingDocument, OutgoingDocument
from congvu.synthetic import demo

pytestmark = pytest.mark.django_db

I = IncomingDocument.Status  # noqa: E741
O = OutgoingDocument.Status  # noqa: E741


def _load() -> str:
    out = StringIO()
    call_command("load_demo", stdout=out)
    return out.getvalue()


def _person(key: str) -> User:
    return User.objects.get(email=f"{key}@{demo.EMAIL_DOMAIN}")


def _waiting(key: str) -> dict[str, int]:
    user = _person(key)
    return {str(c.label): c.value for counter in registry.counters() for c in counter.counts(user)}


def test_the_demo_has_documents_in_every_state_once():
    out = _load()
    line = next(text for text in out.splitlines() if "văn bản mẫu" in text.lower())
    assert line.startswith("Văn bản mẫu: 4 văn bản đến, 7 văn bản đi"), line
    assert "Chứng thư số của lãnh đạo" in out and "congvu-demo" in out
    incoming = sorted(IncomingDocument.objects.values_list("status", flat=True))
    assert incoming == sorted([I.REGISTERED, I.IN_PROGRESS, I.IN_PROGRESS, I.DONE, I.RECEIVED])
    outgoing = sorted(OutgoingDocument.objects.values_list("status", flat=True))
    assert outgoing == sorted([O.DRAFT, O.IN_REVIEW, O.RETURNED, O.APPROVED, O.NUMBERED, O.TO_SIGN, O.ISSUED])
    issued = OutgoingDocument.objects.get(status=O.ISSUED)
    assert issued.signed_file_id is not None
    assert OutgoingDocument.objects.filter(number__isnull=False).count() == 3  # numbered, to sign, issued
    assert issued.recipients.count() == 2  # UBND huyện Đức Trọng and Bộ Nội vụ
    # the internal recipient, UBND huyện Đức Trọng, has it waiting to be registered, without retyping
    received = IncomingDocument.objects.get(status=I.RECEIVED)
    assert received.agency.name == "UBND huyện Đức Trọng" and received.subject == issued.subject
    assert IncomingDocument.objects.filter(urgency="urgent", status=I.REGISTERED).count() == 1

    assert "Văn bản mẫu: đã có, không tạo thêm." in _load()
    assert OutgoingDocument.objects.count() == 7 and IncomingDocument.objects.count() == 5


def test_each_documents_persona_finds_their_part_on_the_home_page():
    _load()
    assert _waiting("vanpt")["Văn bản chờ cấp số"] == 1
    assert _waiting("namhv")["Văn bản chờ phân phối"] == 1
    assert _waiting("sonbt")["Dự thảo chờ tôi duyệt"] == 1
    assert _waiting("hattt")["Dự thảo bị trả lại"] == 1
    assert _waiting("minhnv")["Văn bản cần xử lý"] == 1
    assert _waiting("minhnv")["Văn bản chờ kiểm tra"] == 1
    assert _waiting("duyenttm")["Văn bản chờ vào sổ"] == 1
