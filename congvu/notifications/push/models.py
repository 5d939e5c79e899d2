"""Web Push subscriptions (seed 000 Điều 9.1: staff receive notifications on their phones): a browser
or an installed PWA that agreed to receive this person's notifications."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

__all__ = ["PushSubscription"]

MAX_ENDPOINT = 1000


class PushSubscription(models.Model):
    """One device (a browser profile) and the push service's address for it. ``endpoint`` is unique:
    a device that another person signs in on and subscribes becomes theirs."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="push_subscriptions"
    )
    endpoint = models.URLField(_("địa chỉ dịch vụ đẩy"), max_length=MAX_ENDPOINT, unique=True)
    p256dh = models.CharField(max_length=200)  # the browser's public key (base64url)
    auth = models.CharField(max_length=100)  # the shared authentication secret (base64url)
    user_agent = models.CharField(_("trình duyệt"), max_length=300, blank=True)
    language = models.CharField(_("ngôn ngữ"), max_length=8, default="vi")  # notifications read in it
    created_at = models.DateTimeField(_("đăng ký lúc"), auto_now_add=True)
    last_success_at = models.DateTimeField(_("gửi được lần cuối"), null=True, blank=True)
    failures = models.PositiveIntegerField(_("số lần gửi lỗi liên tiếp"), default=0)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["user", "-created_at"], name="push_subscription_user_idx")]
        verbose_name = _("thiết bị nhận thông báo")
        verbose_name_plural = _("thiết bị nhận thông báo")

    def __str__(self) -> str:
        return f"{self.user_id}: {self.endpoint[:60]}"
