"""SMS notices (COL-9; seed 002 Điều 11): one message an authorised person sends, and its delivery to
each recipient with the gateway's answer."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from congvu.org.models import Unit

__all__ = ["SmsMessage", "SmsDelivery"]

MAX_TEXT = 1600  # characters a person may type; the parts allowed (CONGVU_SMS_MAX_PARTS) bound it first
MAX_LINK = 300


class SmsMessage(models.Model):
    """What was sent, by whom (and on whose behalf), from which agency; ``text`` is exactly what
    left (unaccented when the sender chose so, the link appended)."""

    sender = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("người gửi")
    )
    on_behalf_of = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("thay mặt"),
    )
    # The agency whose log shows it: the agency of the unit the sender's SMS role is granted on.
    agency = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+", verbose_name=_("cơ quan"))
    text = models.TextField(_("nội dung"), max_length=MAX_TEXT)
    link = models.CharField(_("đường dẫn"), max_length=MAX_LINK, blank=True)
    unaccented = models.BooleanField(_("gửi không dấu"), default=False)
    parts = models.PositiveSmallIntegerField(_("số phần"))
    recipient_count = models.PositiveIntegerField(_("số người nhận"))
    created_at = models.DateTimeField(_("gửi lúc"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["sender", "-created_at", "-id"], name="sms_sender_idx"),
            models.Index(fields=["agency", "-created_at", "-id"], name="sms_agency_idx"),
        ]
        verbose_name = _("tin nhắn SMS")
        verbose_name_plural = _("tin nhắn SMS")

    def __str__(self) -> str:
        return self.text[:60]


class SmsDelivery(models.Model):
    """One recipient of a message: the number it went to, and what the gateway answered."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Chờ gửi")
        SENT = "sent", _("Đã gửi")
        FAILED = "failed", _("Gửi lỗi")

    message = models.ForeignKey(SmsMessage, on_delete=models.CASCADE, related_name="deliveries")
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("người nhận")
    )
    phone = models.CharField(_("số điện thoại"), max_length=16)  # E.164, as it was sent
    status = models.CharField(_("trạng thái"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    provider_id = models.CharField(_("mã tin của nhà mạng"), max_length=120, blank=True)
    answer = models.CharField(_("phản hồi của cổng SMS"), max_length=500, blank=True)
    attempted_at = models.DateTimeField(_("gửi đi lúc"), null=True, blank=True)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["message", "recipient"], name="sms_delivery_once"),
        ]
        indexes = [models.Index(fields=["message", "status"], name="sms_delivery_status_idx")]
        verbose_name = _("lượt gửi SMS")
        verbose_name_plural = _("lượt gửi SMS")

    def __str__(self) -> str:
        return f"{self.message_id} → {self.phone}"
