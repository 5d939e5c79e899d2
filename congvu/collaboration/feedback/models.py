"""Feedback: faults, misuse, feature requests and lost accounts reported from inside the system
(ADM-5; seed 000 Đ9.3, Đ9.4, Đ9.5, Đ10.1.f). The state moves only in ``workflow.py``."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

__all__ = ["FeedbackReport", "FeedbackReply"]


class FeedbackReport(models.Model):
    class Kind(models.TextChoices):
        FAULT = "fault", _("Lỗi, sự cố của phần mềm")
        MISUSE = "misuse", _("Sử dụng không đúng mục đích, tệp có virus")
        FEATURE = "feature", _("Đề xuất tính năng")
        LOST_ACCOUNT = "lost_account", _("Mất quyền kiểm soát tài khoản")

    class Status(models.TextChoices):
        NEW = "new", _("Mới")
        IN_PROGRESS = "in_progress", _("Đang xử lý")
        RESOLVED = "resolved", _("Đã xử lý")
        REJECTED = "rejected", _("Không xử lý")

    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="feedback_reports",
        verbose_name=_("người báo"),
    )
    kind = models.CharField(_("loại"), max_length=20, choices=Kind.choices, default=Kind.FAULT)
    description = models.TextField(_("mô tả"), max_length=4000)
    page_path = models.CharField(_("trang đang xem"), max_length=500, blank=True)
    attachment = models.ForeignKey(
        "core.StoredFile", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    status = models.CharField(_("trạng thái"), max_length=20, choices=Status.choices, default=Status.NEW)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("người xử lý"),
    )
    sessions_ended = models.PositiveIntegerField(default=0)
    tokens_revoked = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("góp ý, báo lỗi")
        verbose_name_plural = _("góp ý, báo lỗi")
        indexes = [
            models.Index(fields=["-created_at", "-id"], name="collab_feedback_recent"),
            models.Index(fields=["status", "-created_at", "-id"], name="collab_feedback_status"),
            models.Index(fields=["reporter", "-created_at", "-id"], name="collab_feedback_mine"),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.get_kind_display()}"

    @property
    def is_open(self) -> bool:
        return self.status in (self.Status.NEW, self.Status.IN_PROGRESS)


class FeedbackReply(models.Model):
    report = models.ForeignKey(FeedbackReport, on_delete=models.CASCADE, related_name="replies")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    body = models.TextField(_("nội dung"), max_length=4000)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("trả lời góp ý")
        verbose_name_plural = _("trả lời góp ý")

    def __str__(self) -> str:
        return f"#{self.report_id}: {self.body[:50]}"
