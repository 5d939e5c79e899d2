"""A clerk's search reads each agency's documents apart and merges them (``selectors._walk``,
``policies.clerk_parts``): it must find exactly what one query over everything the clerk may see
finds, in the same order, whether the walk stops early, reads the whole agency or hands the older
documents to the full-text index."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.models import F

from congvu.documents.models import IncomingDocument, OutgoingDocument
from congvu.documents.search import policies, selectors
from congvu.documents.search.selectors import Filters, document_search
from congvu.org.models import RoleGrant

QUERIES = ["", "ke hoach", "bao cao ket qua", "chuyen doi so", "quyet dinh", "cong van"]


@pytest.fixture
def clerk(db):
    call_command("generate_province", units=40, users=300, seed=5, items=0, quiet=True, stdout=StringIO())
    out = StringIO()
    call_command("generate_documents", count=1200, seed=5, stdout=out)
    username = out.getvalue().split("bench clerk: ")[1].split()[0]
    return (
        RoleGrant.objects.select_related("user").get(user__username=username, role=RoleGrant.Role.CLERK).user
    )


def reference(model, visible, date_field, query, filters, wanted, urgency=""):
    """The newest ``wanted`` matches of everything the person may see, by one plain query."""
    qs = model.objects.filter(visible)
    if urgency:
        qs = qs.filter(urgency=urgency)
    if filters.year:
        qs = qs.filter(**{f"{date_field}__year": filters.year})
    words = selectors._tokens(query)
    if words:
        qs = selectors.full_text(qs, words)
    order = (F(date_field).desc(nulls_last=True), "-id")
    return list(qs.order_by(*order).values_list("id", flat=True)[:wanted])


@pytest.mark.parametrize("budget", [7, 60, 100_000])
@pytest.mark.parametrize("query", QUERIES)
def test_the_clerks_parts_find_what_one_query_over_everything_finds(clerk, monkeypatch, budget, query):
    monkeypatch.setattr(selectors, "WALK_BUDGET", budget)
    filters = Filters()
    for wanted in (5, 40):
        got_in = [row["id"] for row in selectors._rows(clerk, query, filters, wanted, "incoming")]
        got_out = [row["id"] for row in selectors._rows(clerk, query, filters, wanted, "outgoing")]
        assert got_in == reference(
            IncomingDocument, policies.incoming_q(clerk), "arrival_date", query, filters, wanted
        )
        assert got_out == reference(
            OutgoingDocument, policies.outgoing_q(clerk), "issued_date", query, filters, wanted
        )


def _leader_of(agency_id):
    from congvu.org.models import Membership, Position

    head = Membership.objects.current().filter(unit_id=agency_id, position__level=Position.Level.HEAD)
    return head.select_related("user").first().user


@pytest.mark.parametrize("query", QUERIES)
def test_a_leaders_search_walks_back_in_time_and_finds_what_one_query_finds(clerk, query):
    leader = _leader_of(next(iter(policies.documents.clerk_agency_ids(clerk))))
    assert policies.sees_agencies(leader) and policies.clerk_parts(leader, "incoming") is None
    newest = IncomingDocument.objects.filter(policies.incoming_q(leader)).latest("arrival_date")
    for filters in (Filters(), Filters(year=newest.arrival_date.year), Filters(urgency="normal")):
        for wanted in (5, 40):
            for direction, model, visible, day in (
                ("incoming", IncomingDocument, policies.incoming_q(leader), "arrival_date"),
                ("outgoing", OutgoingDocument, policies.outgoing_q(leader), "issued_date"),
            ):
                got = [row["id"] for row in selectors._rows(leader, query, filters, wanted, direction)]
                expected = reference(model, visible, day, query, filters, wanted, urgency=filters.urgency)
                assert got == expected, (direction, filters, wanted)


def test_the_walk_is_taken_on_postgresql_and_a_year_filter_is_kept(clerk, monkeypatch):
    monkeypatch.setattr(selectors, "WALK_BUDGET", 9)
    on_postgresql = connection.vendor == "postgresql"
    assert (selectors._clerk_parts(clerk, "incoming") is not None) == on_postgresql
    year = (
        IncomingDocument.objects.filter(policies.incoming_q(clerk)).latest("arrival_date").arrival_date.year
    )
    filters = Filters(year=year)
    got = [row["id"] for row in selectors._rows(clerk, "bao cao", filters, 30, "incoming")]
    assert got == reference(
        IncomingDocument, policies.incoming_q(clerk), "arrival_date", "bao cao", filters, 30
    )


def test_pages_of_the_clerks_search_follow_each_other(clerk, monkeypatch):
    monkeypatch.setattr(selectors, "WALK_BUDGET", 11)
    whole = [(h.direction, h.pk) for h in document_search(clerk, "ke hoach", order="date", size=30).hits]
    paged = [
        (h.direction, h.pk)
        for page in (1, 2, 3)
        for h in document_search(clerk, "ke hoach", order="date", page=page, size=10).hits
    ]
    assert paged == whole and len(whole) == 30


def test_the_agencys_own_word_in_the_index_is_never_found_by_typing(clerk):
    agency = next(iter(policies.documents.clerk_agency_ids(clerk)))
    assert IncomingDocument.objects.filter(agency_id=agency).exists()
    # "@" is not a letter: what is typed becomes "a<id>", a word no document holds.
    assert selectors._tokens(f"@a{agency}") == [f"a{agency}"]
    assert not document_search(clerk, f"@a{agency}").hits
    assert not document_search(clerk, f"a{agency}", order="date").hits


def _on_the_clerks_path_elsewhere(clerk):
    """An incoming document of another agency shared with the clerk, and a draft of her own
    agency that she wrote: neither is in an agency part."""
    from congvu.documents import services

    kept = policies.documents.clerk_agency_ids(clerk)
    elsewhere = IncomingDocument.objects.exclude(agency_id__in=kept).first()
    draft = OutgoingDocument.objects.filter(agency_id__in=kept).first()
    draft.status, draft.drafter = OutgoingDocument.Status.DRAFT, clerk
    draft.save(update_fields=["status", "drafter"])
    services.reader_add(doc=elsewhere, user=clerk, shared=True)
    return elsewhere, draft


def test_a_clerks_parts_are_exactly_what_they_may_see(clerk):
    elsewhere, draft = _on_the_clerks_path_elsewhere(clerk)
    for direction, model, visible, own in (
        ("incoming", IncomingDocument, policies.incoming_q(clerk), elsewhere),
        ("outgoing", OutgoingDocument, policies.outgoing_q(clerk), draft),
    ):
        parts = policies.clerk_parts(clerk, direction)
        assert parts is not None and parts.agencies
        listed = set(model.objects.filter(parts.listed).values_list("pk", flat=True))
        in_agencies = set()
        for condition in parts.agencies.values():
            in_agencies |= set(model.objects.filter(condition).values_list("pk", flat=True))
        assert listed | in_agencies == set(model.objects.filter(visible).values_list("pk", flat=True))
        # What an agency part holds is not listed again: the listed part is what is left.
        assert own.pk in listed and not listed & in_agencies


def test_the_clerk_finds_what_is_on_her_path_outside_the_agencies_she_keeps(clerk, monkeypatch):
    monkeypatch.setattr(selectors, "WALK_BUDGET", 7)
    elsewhere, draft = _on_the_clerks_path_elsewhere(clerk)
    found = {
        (h.direction, h.pk) for h in document_search(clerk, elsewhere.subject, order="date", size=60).hits
    }
    assert ("incoming", elsewhere.pk) in found
    found = {(h.direction, h.pk) for h in document_search(clerk, draft.subject, order="date", size=60).hits}
    assert ("outgoing", draft.pk) in found


def test_a_path_row_keeps_its_documents_agency(clerk):
    elsewhere, _draft = _on_the_clerks_path_elsewhere(clerk)
    row = elsewhere.readers.get(user=clerk)
    assert row.agency_id == elsewhere.agency_id != next(iter(policies.documents.clerk_agency_ids(clerk)))
