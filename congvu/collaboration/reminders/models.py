"""Reminders, "Nhắc việc" (COL-7; seed 002 Điều 8: "Giao việc qua chức năng nhắc việc của Hệ thống
được xem như một mệnh lệnh chính thức của cấp trên đối với cấp dưới").

A :class:`Reminder` is sent by a superior (or by someone holding a superior's authority under a
delegation, recorded as ``on_behalf_of``) to one or more subordinates; each recipient's answer is
tracked on their own :class:`ReminderRecipient` row, whose states are in ``workflow.py``.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

__all__ = ["Reminder", "ReminderRecipient"]


class Reminder(models.Model):
    sender = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("người nhắc")
    )
    on_behalf_of = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("thay mặt"),
    )  # fmt: skip
    content = models.TextField(_("nội dung nhắc việc"))
    due_on = models.DateField(_("hạn thực hiện"), null=True, blank=True)
    link = models.CharField(_("liên kết"), max_length=500, blank=True)
    sent_at = models.DateTimeField(_("thời điểm gửi"))
    cancelled_at = models.DateTimeField(null=True, blank=True)
    cancelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("nhắc việc")
        verbose_name_plural = _("nhắc việc")
        indexes = [models.Index(fields=["sender", "-sent_at", "-id"], name="reminder_sent_by")]

    def __str__(self) -> str:
        return self.content[:80]


class ReminderRecipient(models.Model):
    class Status(models.TextChoices):
        SENT = "sent", _("Chưa nhận")
        ACKNOWLEDGED = "acknowledged", _("Đã nhận")
        DONE = "done", _("Đã thực hiện")
        CANCELLED = "cancelled", _("Đã hủy")

    reminder = models.ForeignKey(Reminder, on_delete=models.CASCADE, related_name="recipients")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(_("trạng thái"), max_length=20, choices=Status.choices, default=Status.SENT)
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    done_at = models.DateTimeField(null=True, blank=True)
    report = models.TextField(_("báo cáo kết quả"), blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    due_on = models.DateField(null=True, blank=True)  # the reminder's, kept here for the lists and the job
    sent_at = models.DateTimeField()  # the reminder's, kept here for the recipient's ordered list
    overdue_notified_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("người nhận nhắc việc")
        verbose_name_plural = _("người nhận nhắc việc")
        constraints = [models.UniqueConstraint(fields=["reminder", "user"], name="reminder_recipient_once")]
        indexes = [
            models.Index(fields=["user", "status", "-sent_at", "-id"], name="reminder_for_user"),
            models.Index(fields=["status", "due_on"], name="reminder_open_due"),
        ]

    def __str__(self) -> str:
        return f"{self.reminder_id}: {self.user_id}"
