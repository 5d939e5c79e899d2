"""``congvu generate_documents`` (and ``generate_province --documents``): realistic documents at
scale for the benchmark, numbered consecutively, visible and searchable like real ones."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db.models import Count, Max, Min

from congvu.documents.models import DocumentReader, IncomingDocument, OutgoingDocument, RouteRecipient
from congvu.documents.search.selectors import document_search
from congvu.org.models import RoleGrant
from congvu.synthetic import province


@pytest.fixture
def generated(db):
    call_command("generate_province", units=40, users=300, seed=3, items=0, quiet=True, stdout=StringIO())
    out = StringIO()
    call_command("generate_documents", count=1500, seed=3, stdout=out)
    return out.getvalue()


def test_documents_are_generated_numbered_and_routed(generated):
    assert "Đã sinh" in generated and "bench clerk:" in generated
    incoming, outgoing = IncomingDocument.objects.count(), OutgoingDocument.objects.count()
    assert incoming + outgoing == 1500 and 0.5 < incoming / 1500 < 0.7
    # Arrival numbers run 1..n in each register and year, following the dates.
    for row in IncomingDocument.objects.values("register_id", "arrival_year").annotate(
        n=Count("id"), low=Min("arrival_number"), high=Max("arrival_number")
    ):
        assert (row["low"], row["high"]) == (1, row["n"])
    issued = OutgoingDocument.objects.filter(status=OutgoingDocument.Status.ISSUED)
    for row in issued.values("register_id", "number_year").annotate(n=Count("id"), high=Max("number")):
        assert row["high"] == row["n"]
    assert (
        RouteRecipient.objects.filter(role=RouteRecipient.Role.LEAD).count()
        == IncomingDocument.objects.exclude(status=IncomingDocument.Status.REGISTERED).count()
    )
    assert DocumentReader.objects.count() >= outgoing
    assert IncomingDocument.objects.filter(subject__contains="Về việc").exists()


def test_the_clerk_of_an_agency_finds_its_documents_by_words_without_accents(generated):
    clerk_username = generated.split("bench clerk: ")[1].split()[0]
    grant = RoleGrant.objects.select_related("user").get(
        user__username=clerk_username, role=RoleGrant.Role.CLERK
    )
    results = document_search(grant.user, "chuyen doi so", order="date")
    assert results.hits and all("chuyển đổi số" in h.subject.lower() or h.direction for h in results.hits)
    assert {h.direction for h in document_search(grant.user, "", order="date").hits} <= {
        "incoming",
        "outgoing",
    }


def test_replace_removes_the_generated_documents_first(generated):
    call_command(
        "generate_province", units=40, users=300, seed=3, items=0, replace=True, quiet=True, stdout=StringIO()
    )
    assert IncomingDocument.objects.count() == OutgoingDocument.objects.count() == 0
    assert province.generated_root() is not None


def test_a_count_out_of_bounds_is_refused(db):
    with pytest.raises(CommandError):
        call_command("generate_documents", count=0, stdout=StringIO())
    with pytest.raises(CommandError, match="generate_province"):
        call_command("generate_documents", count=10, stdout=StringIO())
