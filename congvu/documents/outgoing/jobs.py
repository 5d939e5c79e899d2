"""Overdue reviews of drafts (seed 002 Đ10.7: each reviewer answers within 3 working days; DOC-4),
found by ``congvu.core.scheduler.autodiscover``.

``documents.outgoing.overdue_reviews`` (daily, 07:10, working days only): every review step whose
turn has come (pending), whose document is still in review and whose due date has passed is
flagged once (``DraftReview.overdue_flagged_at``) to its reviewer (the person, or those holding its
role on the agency) and to their leader (``org.superiors``: the head of their unit, or of the unit
above for a head). Never twice: the flag, and the notices' ``event_key`` naming the step.
"""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_noop

from congvu.core.calendar import is_working_day
from congvu.core.scheduler import periodic
from congvu.core.tasks_api import task
from congvu.documents.models import DraftReview, OutgoingDocument
from congvu.notifications.services import notify, subject_of
from congvu.org import policies as org

BATCH = 500


def overdue_reviews(today: dt.date):
    return DraftReview.objects.filter(
        state=DraftReview.State.PENDING,
        due_date__lt=today,
        overdue_flagged_at__isnull=True,
        document__status=OutgoingDocument.Status.IN_REVIEW,
    )


def flag_overdue_reviews(today: dt.date | None = None) -> int:
    """Flag each overdue review once; returns the number of review steps flagged."""
    from congvu.documents.outgoing.services import reviewers_of

    today = today or timezone.localdate()
    if not is_working_day(today):
        return 0
    flagged = 0
    while True:
        rows = list(
            overdue_reviews(today).select_related("document", "reviewer").order_by("due_date", "id")[:BATCH]
        )
        for review in rows:
            doc = review.document
            reviewers = reviewers_of(doc, review)
            leaders = {p.pk: p for person in reviewers for p in org.superiors(person)}
            params = {
                "subject": doc.subject[:200],
                "due": f"{review.due_date:%d/%m/%Y}",
                "step": review.label,
            }
            url = reverse("documents:outgoing_detail", args=[doc.pk])
            notify(
                recipients=reviewers,
                title=gettext_noop("Quá hạn cho ý kiến dự thảo (hạn %(due)s): %(subject)s"),
                params=params,
                url=url,
                kind="documents.outgoing.review_overdue",
                event_key=f"documents.outgoing:{doc.pk}:review_overdue:{review.pk}",
                subject=subject_of(doc),
                awaits="review",
            )
            notify(
                recipients=[p for p in leaders.values() if p.pk not in {r.pk for r in reviewers}],
                title=gettext_noop("Dự thảo quá hạn cho ý kiến ở bước “%(step)s” (hạn %(due)s): %(subject)s"),
                params=params,
                url=url,
                kind="documents.outgoing.review_overdue_leader",
                event_key=f"documents.outgoing:{doc.pk}:review_overdue_leader:{review.pk}",
            )
        DraftReview.objects.filter(pk__in=[r.pk for r in rows]).update(overdue_flagged_at=timezone.now())
        flagged += len(rows)
        if len(rows) < BATCH:
            return flagged


@periodic("documents.outgoing.overdue_reviews", every="day", at="07:10")
@task()
def overdue_review_flags() -> int:
    return flag_overdue_reviews()
