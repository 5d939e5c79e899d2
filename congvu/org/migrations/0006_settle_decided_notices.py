"""Notices written before notifications were settled by the act they asked for: a delegation request
already approved, refused or withdrawn no longer waits for a leader's decision."""

from django.db import migrations
from django.utils import timezone

SUBJECT = "org.delegation:"


def forwards(apps, schema_editor):
    Notification = apps.get_model("notifications", "Notification")
    Delegation = apps.get_model("org", "Delegation")
    waiting = Notification.objects.filter(
        subject__startswith=SUBJECT, awaits="decision", settled_at__isnull=True
    )
    ids = {int(subject.rsplit(":", 1)[1]) for subject in waiting.values_list("subject", flat=True).distinct()}
    requested = set(Delegation.objects.filter(pk__in=ids, status="requested").values_list("pk", flat=True))
    decided = [f"{SUBJECT}{pk}" for pk in ids - requested]
    now = timezone.now()
    rows = waiting.filter(subject__in=decided)
    rows.filter(read_at__isnull=True).update(read_at=now, settled_at=now)
    rows.update(settled_at=now)


class Migration(migrations.Migration):
    dependencies = [
        ("org", "0005_org_version"),
        ("notifications", "0003_stored_messages"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
