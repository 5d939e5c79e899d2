"""Background delivery of notification e-mails."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.utils import timezone, translation

from congvu.core.tasks_api import task
from congvu.notifications.models import Notification


@task(queue_name="mail")
def send_notification_emails(notification_ids: list[int]) -> int:
    sent = 0
    for note in Notification.objects.filter(pk__in=notification_ids, emailed_at__isnull=True).select_related(
        "recipient"
    ):
        address = note.recipient.email
        if not address:
            continue
        link = f"{settings.SITE_URL}{note.url}" if note.url.startswith("/") else note.url
        with translation.override(settings.LANGUAGE_CODE):  # e-mail speaks the agency's language
            title, body = note.title_text, note.body_text
        body = body + (f"\n\n{link}" if link else "")
        send_mail(f"[Công Vụ] {title}", body, settings.DEFAULT_FROM_EMAIL, [address])
        Notification.objects.filter(pk=note.pk).update(emailed_at=timezone.now())
        sent += 1
    return sent
