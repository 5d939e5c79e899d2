"""Drafts waiting on me ("Dự thảo chờ tôi duyệt"): a step named for me, or a step held by a role I
hold on the draft's agency (the clerk's check of form, Nghị định 30 Điều 13) — each draft once, in
the list and in the home page's count, and nobody else's.

The expected drafts are written by hand from the rule, for each person."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from congvu.documents.models import DraftReview, OutgoingDocument
from congvu.documents.outgoing import selectors
from congvu.org.models import RoleGrant
from tests.documents.cast import build_documents_cast, outgoing

S = OutgoingDocument.Status


@pytest.fixture
def drafts(province):
    cast = build_documents_cast(province)

    def in_review(subject, *, agency=None, role="", late=False):
        doc = outgoing(cast, status=S.IN_REVIEW, reviewers=[cast.truong_phong], subject=subject)
        change = {}
        if role:
            change.update(reviewer=None, role=role)
        if late:
            change["due_date"] = timezone.localdate() - dt.timedelta(days=1)
        DraftReview.objects.filter(pk=doc.current_review_id).update(**change)
        if agency is not None:
            OutgoingDocument.objects.filter(pk=doc.pk).update(agency=agency)
        return doc

    named = in_review("Tờ trình kiện toàn Hội đồng thi đua", late=True)
    checked = in_review("Quyết định ban hành quy chế văn thư", role=RoleGrant.Role.CLERK)
    checked_elsewhere = in_review("Công văn của Sở Nội vụ", role=RoleGrant.Role.CLERK, agency=cast.units.snv)
    # A step named for the clerk and held by her role as well: one draft, counted once.
    both = in_review("Kế hoạch cải cách hành chính", role=RoleGrant.Role.CLERK)
    DraftReview.objects.filter(pk=both.current_review_id).update(reviewer=cast.van_thu)
    # Past steps and drafts no longer in review wait on nobody.
    done = outgoing(cast, status=S.APPROVED, reviewers=[cast.truong_phong])
    return cast, {
        "named": named,
        "checked": checked,
        "elsewhere": checked_elsewhere,
        "both": both,
        "done": done,
    }


def _listed(user):
    return {doc.pk for doc in selectors.to_review_qs(user)}


@pytest.mark.django_db
def test_each_person_sees_the_drafts_waiting_on_them_once(drafts):
    cast, doc = drafts
    expected = {
        # person: (drafts waiting on them, of which late)
        cast.truong_phong: ({"named"}, {"named"}),
        cast.van_thu: ({"checked", "both"}, set()),  # UBND tỉnh's clerk: the two on its agency
        cast.snv_clerk: ({"elsewhere"}, set()),  # Sở Nội vụ's clerk: only Sở Nội vụ's
        cast.chuyen_vien: (set(), set()),  # the drafter waits on others
        cast.chu_tich: (set(), set()),  # his step comes later
    }
    for person, (waiting, late) in expected.items():
        assert _listed(person) == {doc[k].pk for k in waiting}, person.username
        numbers = selectors.counts(type(person).objects.get(pk=person.pk))
        assert (numbers["to_review"], numbers["to_review_late"]) == (len(waiting), len(late)), person.username
