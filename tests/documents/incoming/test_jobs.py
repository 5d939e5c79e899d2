"""Urgent incoming documents alert the clerk and the leaders until routed, once a day (R-URG-2)."""

from __future__ import annotations

import datetime as dt

from congvu.core.scheduler import autodiscover
from congvu.documents.incoming import jobs, services
from congvu.documents.models import IncomingDocument
from congvu.notifications.models import Notification
from tests.documents.cast import build_documents_cast, incoming


def test_the_job_is_scheduled():
    assert "documents.urgent_incoming_alerts" in autodiscover()


def test_urgent_documents_not_yet_routed_alert_the_clerk_and_leaders_once_a_day(province, clock):
    cast = build_documents_cast(province)
    flash = incoming(cast, urgency="flash")
    incoming(cast, number=400)  # not urgent: no alert
    received = incoming(cast, urgency="urgent", status=IncomingDocument.Status.RECEIVED, number=401)
    routed = incoming(cast, urgency="very_urgent", number=402)
    services.incoming_distribute(
        doc=routed, actor=cast.chu_tich, route=services.Route(leads=[cast.units.snv])
    )
    Notification.objects.all().delete()

    assert jobs.alert_urgent() == 4  # flash: the clerk, both leaders; received: the clerk
    alerts = Notification.objects.filter(kind="documents.incoming.urgent")
    assert {(n.recipient_id, n.url) for n in alerts} == {
        (cast.van_thu.pk, f"/van-ban/den/{flash.pk}/"),
        (cast.chu_tich.pk, f"/van-ban/den/{flash.pk}/"),
        (cast.pho_chu_tich.pk, f"/van-ban/den/{flash.pk}/"),
        (cast.van_thu.pk, f"/van-ban/den/{received.pk}/"),
    }
    assert jobs.alert_urgent() == 0  # not twice the same day
    services.incoming_distribute(doc=flash, actor=cast.chu_tich, route=services.Route(leads=[cast.units.snv]))
    clock.shift(dt.timedelta(days=1))
    assert jobs.alert_urgent() == 1  # the received one still waits: alerted again the next day
    assert not Notification.objects.filter(url=f"/van-ban/den/{flash.pk}/", created_at__date__gt=dt.date(2026, 12, 2),
                                           kind="documents.incoming.urgent").exists()  # fmt: skip
