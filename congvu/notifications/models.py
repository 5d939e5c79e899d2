"""The in-app notification centre; e-mail copies leave through the task queue after commit.

A notification is stored as its Vietnamese message (the msgid of the English catalogue) and the
values that fill it, so each reader sees it in their own language whenever they open it
(``title_text``, ``body_text``). It knows its subject (``subject``: the object it is about) and, when
it asks somebody to act, what it waits for (``awaits``): the service that performs that act settles
it for everyone it was sent to (``notification_settle``), and a repeat that is still unread is folded
into it (``repeats``) instead of adding a row.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


def render_message(text: str, params: dict[str, Any] | None) -> str:
    """``text`` in the active language, filled with ``params``. A value that is itself a message
    (``{"msgid": ..., "params": {...}}``) is translated too. A row written before messages were
    stored this way has no params and is shown as it was written."""
    if not text:
        return ""
    translated = gettext(text)
    if not params:
        return translated
    values = {
        key: render_message(value["msgid"], value.get("params"))
        if isinstance(value, dict) and "msgid" in value
        else value
        for key, value in params.items()
    }
    try:
        return translated % values
    except (KeyError, ValueError, TypeError):
        try:
            return text % values
        except (KeyError, ValueError, TypeError):
            return text


class Notification(models.Model):
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    # Vietnamese msgids with %(name)s placeholders, filled from ``params`` in the reader's language.
    title = models.CharField(_("tiêu đề"), max_length=300)
    body = models.TextField(_("nội dung"), blank=True)
    params = models.JSONField(default=dict, blank=True)
    url = models.CharField(max_length=500, blank=True)
    kind = models.CharField(max_length=60, blank=True)
    # The event this notification is about, e.g. "delegation:12:approved": never sent twice.
    event_key = models.CharField(max_length=200, blank=True)
    # What it is about ("assignments.assignment:12") and, if it asks for an act, which ("review").
    subject = models.CharField(max_length=120, blank=True)
    awaits = models.CharField(max_length=40, blank=True)
    repeats = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)  # when last told: a folded repeat moves it
    read_at = models.DateTimeField(null=True, blank=True)
    # The act it asked for was done (by its recipient or by another who could do it).
    settled_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-id"]
        indexes = [
            models.Index(fields=["recipient", "read_at", "id"], name="notification_inbox_idx"),
            models.Index(fields=["recipient", "-created_at", "-id"], name="notification_recent_idx"),
            models.Index(
                fields=["subject", "awaits"],
                condition=~models.Q(subject=""),
                name="notification_subject_idx",
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "event_key"],
                condition=~models.Q(event_key=""),
                name="notification_event_once",
            )
        ]
        verbose_name = _("thông báo")
        verbose_name_plural = _("thông báo")

    def __str__(self) -> str:
        return self.title_text

    @property
    def title_text(self) -> str:
        return render_message(self.title, self.params)

    @property
    def body_text(self) -> str:
        return render_message(self.body, self.params)


# The feature packages' models, so that Django finds them (congvu.notifications.push).
from congvu.notifications.push.models import *  # noqa: E402, F401, F403
