"""Work calendars (COL-1, TASK-6; seed 002 Đ7.1): a calendar per leader, per unit and the agency's
weekly calendar ("lịch công tác tuần"), their entries, the monthly files attached in place of
entries, and the weeks of the agency's calendar that its office publishes."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

__all__ = ["WorkCalendar", "CalendarWeek", "CalendarEntry", "CalendarFile"]


class WorkCalendar(models.Model):
    """One calendar: of a leader (``leader``), of a unit (``unit``), or of an agency (``unit`` is the
    agency; its office keeps and publishes it week by week). ``agency`` is the cơ quan whose people
    read it. ``keepers`` are the people the leader or the unit head authorised to keep it."""

    class Kind(models.TextChoices):
        AGENCY = "agency", _("Lịch công tác của cơ quan")
        LEADER = "leader", _("Lịch công tác của lãnh đạo")
        UNIT = "unit", _("Lịch công tác của đơn vị")

    kind = models.CharField(_("loại lịch"), max_length=10, choices=Kind.choices)
    agency = models.ForeignKey("org.Unit", on_delete=models.PROTECT, related_name="+")
    unit = models.ForeignKey("org.Unit", on_delete=models.PROTECT, related_name="+")
    leader = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField(_("tên lịch"), max_length=255)
    keepers = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["agency_id", "kind", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit"], condition=~Q(kind="leader"), name="calendar_one_per_unit_kind"
            ),
            models.UniqueConstraint(
                fields=["leader", "agency"], condition=Q(kind="leader"), name="calendar_one_per_leader"
            ),
        ]
        indexes = [models.Index(fields=["agency", "kind"], name="calendar_agency_idx")]
        verbose_name = _("lịch công tác")
        verbose_name_plural = _("lịch công tác")

    def __str__(self) -> str:
        return self.name


class CalendarWeek(models.Model):
    """A week (Monday) of an agency's calendar: a draft its office keeps, then published to the
    whole agency; an entry changed after publishing marks it updated until published again."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Dự thảo")
        PUBLISHED = "published", _("Đã công bố")
        UPDATED = "updated", _("Đã công bố, có điều chỉnh")

    calendar = models.ForeignKey(WorkCalendar, on_delete=models.CASCADE, related_name="weeks")
    week_start = models.DateField(_("từ thứ Hai"))
    status = models.CharField(_("trạng thái"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    published_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["calendar", "week_start"], name="calendar_week_once"),
        ]
        verbose_name = _("tuần lịch công tác")
        verbose_name_plural = _("tuần lịch công tác")

    def __str__(self) -> str:
        return f"{self.calendar} – {self.week_start:%d/%m/%Y}"

    @property
    def is_visible(self) -> bool:
        return self.status in VISIBLE_WEEK


VISIBLE_WEEK = (CalendarWeek.Status.PUBLISHED, CalendarWeek.Status.UPDATED)


class CalendarEntry(models.Model):
    """One line of a calendar: a day, a time (none: all day), content, place, host (chủ trì), the
    unit that prepares it, and who takes part — people, units, and outsiders as free text."""

    calendar = models.ForeignKey(WorkCalendar, on_delete=models.CASCADE, related_name="entries")
    week = models.ForeignKey(
        CalendarWeek, null=True, blank=True, on_delete=models.CASCADE, related_name="entries"
    )  # the agency calendar's week; None on a leader's or a unit's calendar
    day = models.DateField(_("ngày"))
    start_time = models.TimeField(_("từ giờ"), null=True, blank=True)
    end_time = models.TimeField(_("đến giờ"), null=True, blank=True)
    content = models.TextField(_("nội dung"), max_length=2000)
    place = models.CharField(_("địa điểm"), max_length=255, blank=True)
    host = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("chủ trì"),
    )
    host_text = models.CharField(_("chủ trì (ghi rõ)"), max_length=255, blank=True)
    preparing_unit = models.ForeignKey(
        "org.Unit",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("đơn vị chuẩn bị"),
    )
    participants = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="+")
    participant_units = models.ManyToManyField("org.Unit", blank=True, related_name="+")
    participants_text = models.CharField(_("thành phần khác"), max_length=1000, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["day", "start_time", "id"]
        indexes = [
            models.Index(fields=["calendar", "day", "start_time"], name="calendar_entry_day_idx"),
            models.Index(fields=["day"], name="calendar_entry_retention_idx"),
        ]
        verbose_name = _("mục lịch công tác")
        verbose_name_plural = _("mục lịch công tác")

    def __str__(self) -> str:
        return f"{self.day:%d/%m/%Y} {self.content[:80]}"

    @property
    def all_day(self) -> bool:
        return self.start_time is None

    @property
    def is_afternoon(self) -> bool:
        """The row of the printed week: "Sáng" before noon (and all day), "Chiều" from noon."""
        return self.start_time is not None and self.start_time.hour >= 12


class CalendarFile(models.Model):
    """A month's calendar attached as a file (seed 002 Đ7.1: "dưới dạng tin hoặc file đính kèm")."""

    calendar = models.ForeignKey(WorkCalendar, on_delete=models.CASCADE, related_name="files")
    month = models.DateField(_("tháng"))  # the first day of the month
    stored_file = models.ForeignKey("core.StoredFile", on_delete=models.PROTECT, related_name="+")
    note = models.CharField(_("ghi chú"), max_length=255, blank=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-month", "-id"]
        indexes = [models.Index(fields=["calendar", "month"], name="calendar_file_month_idx")]
        verbose_name = _("tệp lịch công tác")
        verbose_name_plural = _("tệp lịch công tác")

    def __str__(self) -> str:
        return f"{self.calendar} – {self.month:%m/%Y}"
