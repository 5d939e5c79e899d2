"""Fixtures of the registers' tests: the documents cast, a client of the API by personal token, and
the five documents of 2026 (and one of 2025) whose figures and rows the tests write by hand."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from congvu.catalogues.models import Field
from congvu.documents.models import IncomingDocument
from tests.conftest import bearer_client
from tests.documents.cast import build_documents_cast, incoming

S = IncomingDocument.Status


@pytest.fixture
def cast(province):
    return build_documents_cast(province)


@pytest.fixture
def api():
    return bearer_client


def _closed(doc, day: dt.date) -> None:
    IncomingDocument.objects.filter(pk=doc.pk).update(
        closed_at=timezone.make_aware(dt.datetime.combine(day, dt.time(16, 30)))
    )


@pytest.fixture
def documents(cast):
    """Five documents of 2026 in the province's incoming register, one of 2025:

    | doc | arrival    | type       | field   | lead            | deadline   | state, closed     | status   |
    | A   | 02/03/2026 | Công văn   | Nội vụ  | Sở Nội vụ       | 10/03/2026 | done, 09/03       | on time  |
    | B   | 15/03/2026 | Công văn   | —       | Minh (TCBC)     | 20/03/2026 | done, 25/03       | late     |
    | C   | 02/11/2026 | Kế hoạch   | —       | Minh (TCBC)     | 30/11/2026 | in progress       | overdue  |
    | D   | 20/11/2026 | Quyết định | —       | Sở Nội vụ       | 15/12/2026 | in progress       | in time  |
    | E   | 01/12/2026 | Công văn   | —       | —               | —          | waiting to route  | in time  |
    """
    field = Field.objects.create(name="Tổ chức bộ máy (thử)")
    a = incoming(
        cast, status=S.DONE, lead_unit=cast.units.snv, arrival_date=dt.date(2026, 3, 2), subject="Văn bản A"
    )
    b = incoming(
        cast,
        status=S.DONE,
        lead_user=cast.chuyen_vien,
        arrival_date=dt.date(2026, 3, 15),
        subject="Văn bản B",
    )
    c = incoming(
        cast,
        status=S.IN_PROGRESS,
        lead_user=cast.chuyen_vien,
        arrival_date=dt.date(2026, 11, 2),
        subject="Văn bản C",
    )
    d = incoming(
        cast,
        status=S.IN_PROGRESS,
        lead_unit=cast.units.snv,
        arrival_date=dt.date(2026, 11, 20),
        subject="Văn bản D",
    )
    e = incoming(cast, arrival_date=dt.date(2026, 12, 1), subject="Văn bản E")
    incoming(
        cast,
        status=S.DONE,
        lead_unit=cast.units.snv,
        arrival_date=dt.date(2025, 6, 1),
        subject="Văn bản năm trước",
    )
    IncomingDocument.objects.filter(pk=a.pk).update(due_date=dt.date(2026, 3, 10), field=field)
    _closed(a, dt.date(2026, 3, 9))
    IncomingDocument.objects.filter(pk=b.pk).update(due_date=dt.date(2026, 3, 20))
    _closed(b, dt.date(2026, 3, 25))
    IncomingDocument.objects.filter(pk=c.pk).update(
        due_date=dt.date(2026, 11, 30), document_type=cast.types.kh
    )
    IncomingDocument.objects.filter(pk=d.pk).update(
        due_date=dt.date(2026, 12, 15), document_type=cast.types.qd
    )
    return {"field": field, "docs": (a, b, c, d, e)}
