"""Announcements, "Thông báo" (MISSION COL-4; seed 002 Đ7.4).

An announcement is posted by a leader of the agency, of one of its units, or of one of its
organisations (Chi bộ, Công đoàn, Chi đoàn), in that capacity (``capacity`` keeps how it was
signed, e.g. "Trưởng phòng Tổ chức biên chế"). Its audience is the whole agency or chosen units
(each with its subtree). Who read it and when is kept (``AnnouncementRead``). It is kept until
``keep_until`` — one quarter from its date, or later when an administrator extends it — and cleared
by the quarterly job (``jobs.py``; the rule is ``retention.keep_until_for``).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

__all__ = ["Announcement", "AnnouncementUnit", "AnnouncementRead"]

TITLE_MAX = 200
BODY_MAX = 10_000
CAPACITY_MAX = 300


class Announcement(models.Model):
    agency = models.ForeignKey(
        "org.Unit", on_delete=models.PROTECT, related_name="+", verbose_name=_("cơ quan")
    )
    title = models.CharField(_("tiêu đề"), max_length=TITLE_MAX)
    body = models.TextField(_("nội dung"), max_length=BODY_MAX)
    posted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    capacity = models.CharField(_("tư cách đăng"), max_length=CAPACITY_MAX)
    # The capacity's key ("agency:<id>", "unit:<id>", "organisation:<id>"): whom the poster speaks for.
    capacity_key = models.CharField(max_length=40)
    whole_agency = models.BooleanField(_("toàn cơ quan"), default=False)
    units: models.ManyToManyField = models.ManyToManyField(
        "org.Unit", through="AnnouncementUnit", related_name="+", verbose_name=_("đơn vị nhận")
    )
    posted_at = models.DateTimeField(default=timezone.now)
    edited_at = models.DateTimeField(null=True, blank=True)
    keep_until = models.DateField(_("lưu đến ngày"))
    extended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    extended_at = models.DateTimeField(null=True, blank=True)
    extension_reason = models.CharField(_("lý do gia hạn"), max_length=500, blank=True)

    class Meta:
        indexes = [
            models.Index(fields=["agency", "-posted_at", "-id"], name="announcement_agency_idx"),
            models.Index(fields=["keep_until"], name="announcement_keep_idx"),
        ]
        verbose_name = _("thông báo")
        verbose_name_plural = _("thông báo")

    def __str__(self) -> str:
        return self.title


class AnnouncementUnit(models.Model):
    """A unit an announcement is addressed to; its whole subtree reads it."""

    announcement = models.ForeignKey(Announcement, on_delete=models.CASCADE, related_name="audience")
    unit = models.ForeignKey("org.Unit", on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["announcement", "unit"], name="announcement_unit_once")
        ]

    def __str__(self) -> str:
        return f"{self.announcement_id} → {self.unit_id}"


class AnnouncementRead(models.Model):
    """A read receipt: who opened the announcement, first, when."""

    announcement = models.ForeignKey(Announcement, on_delete=models.CASCADE, related_name="reads")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    read_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["announcement", "user"], name="announcement_read_once")
        ]
        indexes = [models.Index(fields=["user", "announcement"], name="announcement_read_user_idx")]

    def __str__(self) -> str:
        return f"{self.user_id} đọc {self.announcement_id}"
