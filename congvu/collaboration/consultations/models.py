"""Models of consultations (lấy ý kiến, COL-5; seed 002 Điều 7.5).

A :class:`Consultation` is born when a leader of the agency appoints the person who drafts the matter
(state ``appointed``): the appointment and the consultation are one row, so the regulation's rule —
only the person a leader appointed may post — is the row's own ``drafter``, and the appointment
cannot be lost or point at another subject. The drafter then posts the draft (``open``): its text,
its files (``ConsultationFile``, kept by the core file service), a deadline and the audience, which is
written out at once as one :class:`ConsultationRecipient` per person (the whole agency, or the
chosen people and units), so that who has not answered is a plain query and a person who joins the
agency later is not counted as silent.

Each recipient's row holds their answer: a comment (with an optional file), "không có ý kiến"
(agreed, nothing to add), or the reason why they give no opinion (lý do không góp ý).
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

__all__ = ["Consultation", "ConsultationFile", "ConsultationRecipient"]


def add_one_month(day: dt.date) -> dt.date:
    """The same day of the next month (the last day of that month when it is shorter)."""
    year, month = (day.year + 1, 1) if day.month == 12 else (day.year, day.month + 1)
    for candidate in (day.day, 30, 29, 28):
        try:
            return day.replace(year=year, month=month, day=candidate)
        except ValueError:
            continue
    raise ValueError(day)  # pragma: no cover


class Consultation(models.Model):
    class Status(models.TextChoices):
        APPOINTED = "appointed", _("Đã giao soạn thảo")
        OPEN = "open", _("Đang lấy ý kiến")
        CLOSED = "closed", _("Đã kết thúc")
        CANCELLED = "cancelled", _("Đã hủy")

    class Audience(models.TextChoices):
        AGENCY = "agency", _("Toàn cơ quan")
        CHOSEN = "chosen", _("Người, đơn vị được chọn")

    agency = models.ForeignKey("org.Unit", on_delete=models.PROTECT, related_name="+")
    subject = models.CharField(_("nội dung cần lấy ý kiến"), max_length=300)
    title = models.CharField(_("tiêu đề"), max_length=300, blank=True)
    description = models.TextField(_("mô tả"), max_length=5000, blank=True)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.APPOINTED)
    appointed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    appointed_on_behalf_of = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    appointment_note = models.TextField(max_length=2000, blank=True)
    drafter = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    appointed_at = models.DateTimeField()
    posted_at = models.DateTimeField(null=True, blank=True)
    deadline = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    audience = models.CharField(max_length=10, choices=Audience.choices, blank=True)
    # The consultation's date (ngày lấy ý kiến): the day it was posted, or appointed while never
    # posted. Kept one month from it (Đ7.5), or until ``keep_until`` when an administrator extends it.
    dated_on = models.DateField()
    keep_until = models.DateField(null=True, blank=True)
    keep_reason = models.CharField(max_length=500, blank=True)

    class Meta:
        verbose_name = _("lấy ý kiến")
        verbose_name_plural = _("lấy ý kiến")
        indexes = [
            models.Index(fields=["agency", "-dated_on", "-id"], name="consult_agency_date"),
            models.Index(fields=["drafter", "-dated_on", "-id"], name="consult_drafter_date"),
            models.Index(fields=["status", "deadline"], name="consult_status_deadline"),
        ]

    def __str__(self) -> str:
        return self.title or self.subject

    @property
    def kept_until(self) -> dt.date:
        """The last day the consultation is kept: one month from its date, or the extension."""
        return self.keep_until or add_one_month(self.dated_on)


class ConsultationFile(models.Model):
    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="files")
    file = models.ForeignKey("core.StoredFile", on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("tệp dự thảo")
        verbose_name_plural = _("tệp dự thảo")

    def __str__(self) -> str:
        return f"{self.consultation_id}:{self.file_id}"


class ConsultationRecipient(models.Model):
    class Answer(models.TextChoices):
        COMMENT = "comment", _("Góp ý")
        NO_COMMENT = "no_comment", _("Không có ý kiến (nhất trí)")
        EXCUSED = "excused", _("Không góp ý, có lý do")

    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="recipients")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    answer = models.CharField(max_length=12, choices=Answer.choices, blank=True)
    text = models.TextField(max_length=5000, blank=True)  # the comment, or the reason for none
    attachment = models.ForeignKey(
        "core.StoredFile", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    answered_at = models.DateTimeField(null=True, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("người được lấy ý kiến")
        verbose_name_plural = _("người được lấy ý kiến")
        constraints = [
            models.UniqueConstraint(fields=["consultation", "user"], name="consult_recipient_once")
        ]
        indexes = [models.Index(fields=["user", "answered_at"], name="consult_recipient_user")]

    def __str__(self) -> str:
        return f"{self.consultation_id}:{self.user_id}"
