"""Overdue reviews are flagged once to the reviewer and their leader (seed 002 Đ10.7)."""

from __future__ import annotations

import datetime as dt

from congvu.documents.models import DraftReview, OutgoingDocument
from congvu.documents.outgoing import jobs
from congvu.notifications.models import Notification
from tests.documents.cast import build_documents_cast, outgoing

S = OutgoingDocument.Status


def test_an_overdue_review_is_flagged_once_to_reviewer_and_leader(province):
    cast = build_documents_cast(province)
    doc = outgoing(cast, status=S.IN_REVIEW)  # pending at Sơn, due 5/12 in the cast
    DraftReview.objects.filter(document=doc, order=1).update(due_date=dt.date(2026, 11, 30))
    on_time = outgoing(cast, status=S.IN_REVIEW, subject="Báo cáo đúng hạn")
    assert jobs.flag_overdue_reviews(dt.date(2026, 12, 2)) == 1
    told = set(
        Notification.objects.filter(kind__startswith="documents.outgoing.review_overdue").values_list(
            "recipient", "kind"
        )
    )
    # Sơn heads Phòng TCBC: his leader is the head of Sở Nội vụ (Giám đốc Nam)
    assert told == {
        (cast.truong_phong.pk, "documents.outgoing.review_overdue"),
        (cast.giam_doc.pk, "documents.outgoing.review_overdue_leader"),
    }
    assert jobs.flag_overdue_reviews(dt.date(2026, 12, 3)) == 0
    assert DraftReview.objects.get(document=doc, order=1).overdue_flagged_at is not None
    assert DraftReview.objects.get(document=on_time, order=1).overdue_flagged_at is None


def test_nothing_is_flagged_on_a_day_off(province):
    cast = build_documents_cast(province)
    doc = outgoing(cast, status=S.IN_REVIEW)
    DraftReview.objects.filter(document=doc, order=1).update(due_date=dt.date(2026, 11, 30))
    assert jobs.flag_overdue_reviews(dt.date(2026, 12, 6)) == 0  # a Sunday
