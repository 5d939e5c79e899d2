"""Clerks registering at the same instant get consecutive arrival numbers, never a repeat or a gap
(R-NUM-5, TV-NUM-5); two leaders routing the same document at once: exactly one wins."""

from __future__ import annotations

import pytest
from django.db import connection

from congvu.catalogues.models import DocumentType
from congvu.core.decisions import Refused
from congvu.documents.incoming import services
from congvu.documents.models import IncomingDocument, RouteStep
from tests.concurrency import race
from tests.documents.cast import build_documents_cast

SUBJECT = "Đề nghị báo cáo kết quả tuyển dụng công chức năm 2026"


def _cast(province):
    if connection.vendor == "sqlite" and connection.settings_dict["NAME"].startswith("file:memorydb"):
        pytest.skip("an in-memory SQLite test database is shared by threads without BEGIN IMMEDIATE locks")
    for name, abbreviation in (("Quyết định", "QĐ"), ("Công văn", ""), ("Kế hoạch", "KH")):
        DocumentType.objects.get_or_create(name=name, defaults={"abbreviation": abbreviation})
    return build_documents_cast(province)


def _register(cast, number):
    return lambda: services.incoming_register(
        actor=cast.van_thu,
        agency=cast.units.tinh,
        details=services.Details(
            document_type=cast.types.cv,
            subject=SUBJECT,
            sender_agency=cast.bnv,
            code_number=str(number),
            code_notation="BNV-TCBC",
        ),  # fmt: skip
    )


@pytest.mark.django_db(transaction=True)
def test_clerks_registering_at_once_get_consecutive_numbers(province):
    cast = _cast(province)
    results = race(*(_register(cast, 100 + i) for i in range(6)))
    assert all(isinstance(r, IncomingDocument) for r in results), results
    assert sorted(r.arrival_number for r in results) == [1, 2, 3, 4, 5, 6]


@pytest.mark.django_db(transaction=True)
def test_two_leaders_distributing_at_once_exactly_one_wins(province):
    cast = _cast(province)
    doc = _register(cast, 1)()

    def distribute(actor, unit):
        return lambda: services.incoming_distribute(
            doc=IncomingDocument.objects.get(pk=doc.pk), actor=actor, route=services.Route(leads=[unit])
        )

    results = race(distribute(cast.chu_tich, cast.units.snv), distribute(cast.pho_chu_tich, cast.units.stc))
    winners = [r for r in results if isinstance(r, RouteStep)]
    losers = [r for r in results if isinstance(r, Refused)]
    assert len(winners) == 1 and len(losers) == 1, results
    assert RouteStep.objects.filter(document=doc).count() == 1
