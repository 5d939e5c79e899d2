"""Notices written before notifications were settled by the act they asked for: those about work
that no longer waits for it — a result already reviewed, an extension already decided, work already
sent, finished or cancelled — are settled now, so nobody counts them as unread."""

from django.db import migrations
from django.utils import timezone

SUBJECT = "assignments.assignment:"
WORKING = {"assigned", "in_progress", "returned"}


def _still_waits(awaits, status, extension_pending):
    if status is None:
        return False
    if awaits == "review":
        return status == "submitted"
    if awaits == "result":
        return status in WORKING
    if awaits == "extension":
        return extension_pending
    return True


def forwards(apps, schema_editor):
    Notification = apps.get_model("notifications", "Notification")
    Assignment = apps.get_model("assignments", "Assignment")
    Extension = apps.get_model("assignments", "Extension")
    waiting = Notification.objects.filter(subject__startswith=SUBJECT, settled_at__isnull=True).exclude(awaits="")
    pairs = set(waiting.values_list("subject", "awaits").distinct())
    ids = {int(subject.rsplit(":", 1)[1]) for subject, _ in pairs}
    status = dict(Assignment.objects.filter(pk__in=ids).values_list("pk", "status"))
    pending = set(
        Extension.objects.filter(assignment_id__in=ids, status="pending").values_list("assignment_id", flat=True)
    )
    now = timezone.now()
    for subject, awaits in pairs:
        pk = int(subject.rsplit(":", 1)[1])
        if _still_waits(awaits, status.get(pk), pk in pending):
            continue
        rows = waiting.filter(subject=subject, awaits=awaits)
        rows.filter(read_at__isnull=True).update(read_at=now, settled_at=now)
        rows.update(settled_at=now)


class Migration(migrations.Migration):
    dependencies = [
        ("assignments", "0005_deadline_index"),
        ("notifications", "0003_stored_messages"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
