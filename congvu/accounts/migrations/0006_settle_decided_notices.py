"""Notices written before notifications were settled by the act they asked for: an account request
already processed, returned or withdrawn no longer waits for an administrator."""

from django.db import migrations
from django.utils import timezone

SUBJECT = "accounts.accountrequest:"


def forwards(apps, schema_editor):
    Notification = apps.get_model("notifications", "Notification")
    AccountRequest = apps.get_model("accounts", "AccountRequest")
    waiting = Notification.objects.filter(
        subject__startswith=SUBJECT, awaits="processing", settled_at__isnull=True
    )
    ids = {int(subject.rsplit(":", 1)[1]) for subject in waiting.values_list("subject", flat=True).distinct()}
    submitted = set(AccountRequest.objects.filter(pk__in=ids, status="submitted").values_list("pk", flat=True))
    decided = [f"{SUBJECT}{pk}" for pk in ids - submitted]
    now = timezone.now()
    rows = waiting.filter(subject__in=decided)
    rows.filter(read_at__isnull=True).update(read_at=now, settled_at=now)
    rows.update(settled_at=now)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0005_apitoken_expires_at"),
        ("notifications", "0003_stored_messages"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
