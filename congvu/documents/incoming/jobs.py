"""Alerts for urgent incoming documents (R-URG-2: hỏa tốc, thượng khẩn, khẩn are presented the same
day), found by ``congvu.core.scheduler.autodiscover``.

``documents.urgent_incoming_alerts`` (every 30 minutes): an urgent document still waiting — received
from another agency and not registered, or registered and not yet routed — alerts the agency's
clerks (to register it) and leaders (to route it), in the app and by e-mail. Once a day per person
and document (``event_key`` ``incoming:{id}:urgent:{day}``): a document left waiting overnight
alerts again the next day.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_noop

from congvu.core.scheduler import periodic
from congvu.core.tasks_api import task
from congvu.documents.incoming import selectors
from congvu.documents.models import URGENT_LEVELS, IncomingDocument
from congvu.notifications.services import notify, subject_of

WAITING = (IncomingDocument.Status.RECEIVED, IncomingDocument.Status.REGISTERED)
LIMIT = 2000  # urgent documents waiting at once across the installation: far more than ever happens


def _clerks(agency_ids: list[int]) -> dict[int, list[Any]]:
    from congvu.accounts.models import User
    from congvu.org.models import RoleGrant

    grants = RoleGrant.objects.filter(role=RoleGrant.Role.CLERK, unit_id__in=agency_ids).values_list(
        "unit_id", "user_id"
    )
    users = {u.pk: u for u in User.objects.filter(pk__in={g[1] for g in grants}, status=User.Status.ACTIVE)}
    by_agency: dict[int, list[Any]] = defaultdict(list)
    for unit_id, user_id in grants:
        if user_id in users:
            by_agency[unit_id].append(users[user_id])
    return by_agency


def alert_urgent(now: dt.datetime | None = None) -> int:
    """Alert for every urgent document waiting; returns the notices written."""
    now = now or timezone.now()
    day = timezone.localtime(now).date()
    docs = list(
        IncomingDocument.objects.filter(status__in=WAITING, urgency__in=URGENT_LEVELS).order_by("id")[:LIMIT]
    )
    if not docs:
        return 0
    agency_ids = sorted({d.agency_id for d in docs})
    clerks = _clerks(agency_ids)
    leaders = {a: selectors.agency_leaders(a) for a in agency_ids}
    sent = 0
    for doc in docs:
        waiting_clerk = doc.status == IncomingDocument.Status.RECEIVED
        people = clerks.get(doc.agency_id, []) + ([] if waiting_clerk else leaders[doc.agency_id])
        sent += len(
            notify(
                recipients=people,
                title=gettext_noop("%(urgency)s: văn bản đến chưa được %(what)s"),
                body=gettext_noop("%(subject)s — %(sender)s. Văn bản khẩn phải trình trong ngày."),
                params={
                    "urgency": doc.get_urgency_display(),
                    "what": "vào sổ" if waiting_clerk else "phân phối",
                    "subject": doc.subject[:200],
                    "sender": doc.sender_name,
                },
                url=reverse("documents:incoming_detail", args=[doc.pk]),
                kind="documents.incoming.urgent",
                event_key=f"incoming:{doc.pk}:urgent:{day.isoformat()}",
                subject=subject_of(doc),
            )
        )
    return sent


@periodic("documents.urgent_incoming_alerts", every=dt.timedelta(minutes=30))
@task()
def urgent_incoming_alerts() -> int:
    return alert_urgent()
