"""Maintenance and incident notices (ADM-4; seed 004 Đ8, Đ11.2.b).

A notice has no status column: where it stands (upcoming, under way, over) follows from the clock
and its window, and "ended early" (an incident fixed, "Đã khắc phục") is the time ``ended_at``.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

__all__ = ["Notice"]


class Notice(models.Model):
    class Kind(models.TextChoices):
        MAINTENANCE = "maintenance", _("Bảo trì theo kế hoạch")
        INCIDENT = "incident", _("Sự cố")
        OTHER = "other", _("Khác")

    class Severity(models.TextChoices):
        INFO = "info", _("Thông tin")
        WARNING = "warning", _("Cần lưu ý")
        CRITICAL = "critical", _("Nghiêm trọng")

    class Phase(models.TextChoices):
        UPCOMING = "upcoming", _("Sắp diễn ra")
        ANNOUNCED = "announced", _("Đang báo trước")
        ACTIVE = "active", _("Đang diễn ra")
        OVER = "over", _("Đã kết thúc")
        RESOLVED = "resolved", _("Đã khắc phục")

    kind = models.CharField(_("loại"), max_length=20, choices=Kind.choices, default=Kind.MAINTENANCE)
    severity = models.CharField(
        _("mức độ"), max_length=20, choices=Severity.choices, default=Severity.WARNING
    )
    title = models.CharField(_("tiêu đề"), max_length=200)
    message = models.TextField(_("nội dung"), max_length=2000)
    starts_at = models.DateTimeField(_("bắt đầu"))
    ends_at = models.DateTimeField(_("kết thúc dự kiến"))
    shows_from = models.DateTimeField(_("hiện thông báo từ"), db_index=True)
    ended_at = models.DateTimeField(_("kết thúc thực tế"), null=True, blank=True)
    resolution = models.CharField(_("ghi chú khắc phục"), max_length=1000, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("người đăng")
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("thông báo hệ thống")
        verbose_name_plural = _("thông báo hệ thống")
        indexes = [
            models.Index(fields=["-starts_at", "-id"], name="collab_notice_history"),
            models.Index(fields=["ends_at"], name="collab_notice_ends"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def show_before(self) -> dt.timedelta:
        return self.starts_at - self.shows_from

    @property
    def finishes_at(self) -> dt.datetime:
        """When the notice stops being shown: its planned end, or the moment it was ended early."""
        if self.ended_at is not None and self.ended_at < self.ends_at:
            return self.ended_at
        return self.ends_at

    def phase(self, now: dt.datetime | None = None) -> str:
        now = now or timezone.now()
        if self.ended_at is not None and self.ended_at <= now and self.ended_at < self.ends_at:
            return self.Phase.RESOLVED
        if now >= self.ends_at:
            return self.Phase.OVER
        if now >= self.starts_at:
            return self.Phase.ACTIVE
        if now >= self.shows_from:
            return self.Phase.ANNOUNCED
        return self.Phase.UPCOMING

    def phase_label(self, now: dt.datetime | None = None) -> str:
        phase = self.phase(now)
        if phase == self.Phase.RESOLVED and self.kind != self.Kind.INCIDENT:
            return str(_("Kết thúc sớm"))  # a maintenance over early or called off
        return str(self.Phase(phase).label)

    def is_shown(self, now: dt.datetime | None = None) -> bool:
        return self.phase(now) in (self.Phase.ANNOUNCED, self.Phase.ACTIVE)
