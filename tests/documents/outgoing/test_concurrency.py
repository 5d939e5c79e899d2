"""Many clerks numbering at once never repeat nor skip a number (R-NUM-1, R-NUM-4, TV-NUM-5; DOC-5).

``number`` takes the register's next number under the year row's lock (``numbering.take_number``),
so 50 approved documents numbered at the same instant from 50 connections get 1..50, each once.
On PostgreSQL the transactions wait on the row lock; the test needs real concurrent connections.
"""

from __future__ import annotations

import pytest
from django.db import connection

from congvu.core.decisions import Refused
from congvu.documents.models import OutgoingDocument, RegisterYear
from congvu.documents.outgoing import services
from tests.concurrency import race
from tests.documents.cast import build_documents_cast, outgoing

S = OutgoingDocument.Status
CLERKS = 50


@pytest.mark.django_db(transaction=True)
def test_fifty_concurrent_numberings_give_fifty_consecutive_numbers(province):
    if connection.vendor == "sqlite":
        pytest.skip(
            "SQLite has no row locks and one writer at a time; the 50 concurrent numberings run on PostgreSQL"
        )
    cast = build_documents_cast(province)
    docs = [outgoing(cast, status=S.APPROVED, subject=f"Văn bản số {i}") for i in range(CLERKS)]

    def numbering(doc):
        return lambda: services.number(doc=doc, actor=cast.van_thu).number

    results = race(*(numbering(doc) for doc in docs), start_within=30, finish_within=120)
    errors = [r for r in results if isinstance(r, Exception)]
    assert not errors, errors[:3]
    assert sorted(results) == list(range(1, CLERKS + 1))
    numbers = sorted(OutgoingDocument.objects.filter(status=S.NUMBERED).values_list("number", flat=True))
    assert numbers == list(range(1, CLERKS + 1))
    assert RegisterYear.objects.get(register=cast.registers.tinh_out, year=2026).last_number == CLERKS


def test_numbering_the_same_document_twice_is_refused(province):
    cast = build_documents_cast(province)
    doc = outgoing(cast, status=S.APPROVED)
    stale = OutgoingDocument.objects.get(pk=doc.pk)
    services.number(doc=doc, actor=cast.van_thu)
    with pytest.raises(Refused, match="có thể người khác vừa xử lý"):
        services.number(doc=stale, actor=cast.van_thu)
    assert RegisterYear.objects.get(register=cast.registers.tinh_out, year=2026).last_number == 1
