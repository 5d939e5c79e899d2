"""Directive follow-up — theo dõi thực hiện chỉ đạo (seed 001; MISSION DIR-1..DIR-9).

A directive (văn bản chỉ đạo) is a document the agency's leader signed; the office (Văn phòng)
enters it with its tasks (DIR-1). Each task has one lead agency that reports on it (DIR-2), any
co-operating agencies, a deadline and the office officer who monitors it (DIR-9). The office reviews
each report (DIR-3); an agency assigned wrongly returns the task (DIR-4). A standing task with a
reporting duty (DIR-7) is a container whose periodic items are tasks of their own.

Copies kept on the task (``agency``, ``signer``, ``issued_on``, ``lead_path``) let the statistics of
a province (DIR-6) and each person's lists run as one indexed query over the task table.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Urgency(models.TextChoices):
    """Mức độ khẩn (Nghị định 30/2020): anything above "normal" is entered and reported the same day."""

    NORMAL = "normal", _("Thường")
    URGENT = "urgent", _("Khẩn")
    VERY_URGENT = "very_urgent", _("Thượng khẩn")
    FLASH = "flash", _("Hỏa tốc")


class Directive(models.Model):
    """One directive document and its entry in the system (DIR-1; seed 001 Đ8.1.a–b)."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Đang cập nhật")
        PUBLISHED = "published", _("Đã giao")

    class Kind(models.TextChoices):
        OFFICIAL_LETTER = "cong_van", _("Công văn")
        NOTICE = "thong_bao", _("Thông báo")
        PLAN = "ke_hoach", _("Kế hoạch")
        INSTRUCTION = "chi_thi", _("Chỉ thị")
        DECISION = "quyet_dinh", _("Quyết định")
        PROGRAMME = "chuong_trinh", _("Chương trình công tác")
        CONCLUSION = "ket_luan", _("Thông báo kết luận")

    agency = models.ForeignKey(
        "org.Unit", on_delete=models.PROTECT, related_name="directives", verbose_name=_("cơ quan ban hành")
    )
    number = models.CharField(_("số, ký hiệu"), max_length=60)
    kind = models.CharField(
        _("loại văn bản"), max_length=20, choices=Kind.choices, default=Kind.OFFICIAL_LETTER
    )
    subject = models.CharField(_("trích yếu"), max_length=1000)
    issued_on = models.DateField(_("ngày ban hành"))
    signer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="directives_signed",
        verbose_name=_("người chỉ đạo"),
    )
    urgency = models.CharField(_("độ khẩn"), max_length=20, choices=Urgency.choices, default=Urgency.NORMAL)
    status = models.CharField(_("trạng thái"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    file = models.ForeignKey(
        "core.StoredFile",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("tệp văn bản"),
    )
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="directives_entered"
    )
    entered_on_behalf_of = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    # The entry deadline (seed 001 Đ8.1): 3 working days after the issue, the same day when urgent,
    # and never after the earliest task's deadline. ``published_on`` is the local date the tasks
    # reached the agencies; later than ``entry_due`` is a late entry.
    entry_due = models.DateField(_("hạn cập nhật"))
    published_at = models.DateTimeField(null=True, blank=True)
    published_on = models.DateField(null=True, blank=True)
    search_text = models.TextField(default="", editable=False)

    class Meta:
        ordering = ["-issued_on", "-id"]
        indexes = [
            models.Index(fields=["agency", "status", "entry_due", "id"], name="dir_agency_status_idx"),
            models.Index(fields=["signer", "-issued_on", "-id"], name="dir_signer_idx"),
            models.Index(fields=["agency", "-issued_on", "-id"], name="dir_agency_issued_idx"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["agency", "number", "issued_on"], name="directive_number_once"),
        ]
        verbose_name = _("văn bản chỉ đạo")
        verbose_name_plural = _("văn bản chỉ đạo")

    def __str__(self) -> str:
        return f"{self.number} – {self.subject[:80]}"

    @property
    def is_urgent(self) -> bool:
        return self.urgency != Urgency.NORMAL

    @property
    def entered_late(self) -> bool:
        return self.published_on is not None and self.published_on > self.entry_due


class DirectiveTask(models.Model):
    """One task of a directive (nhiệm vụ), followed until the office approves it as done.

    ``status`` "new" means no report yet: "chưa cập nhật" counts as not done (DIR-5). A task with a
    ``recurrence`` is a standing duty: it is never reported on itself; its periodic items
    (``parent`` = the standing task) are, each with its own deadline (DIR-7).
    """

    class Status(models.TextChoices):
        NEW = "new", _("Chưa cập nhật")
        REPORTED = "reported", _("Chờ duyệt báo cáo")
        IN_PROGRESS = "in_progress", _("Đang thực hiện")
        REJECTED = "rejected", _("Bị từ chối")
        RETURNED = "returned", _("Trả lại Văn phòng")
        DONE = "done", _("Hoàn thành")
        CANCELLED = "cancelled", _("Đã hủy")

    class Recurrence(models.TextChoices):
        NONE = "", _("Không định kỳ")
        WEEKLY = "weekly", _("Hằng tuần")
        MONTHLY = "monthly", _("Hằng tháng")
        QUARTERLY = "quarterly", _("Hằng quý")

    OPEN_STATES = (Status.NEW, Status.REPORTED, Status.IN_PROGRESS, Status.REJECTED, Status.RETURNED)

    directive = models.ForeignKey(Directive, on_delete=models.PROTECT, related_name="tasks")
    position = models.PositiveSmallIntegerField(_("thứ tự"), default=1)
    content = models.TextField(_("nội dung nhiệm vụ"))
    lead_unit = models.ForeignKey(
        "org.Unit",
        on_delete=models.PROTECT,
        related_name="directive_tasks_led",
        verbose_name=_("cơ quan chủ trì"),
    )
    lead_path = models.CharField(max_length=255, editable=False)
    co_units = models.ManyToManyField(
        "org.Unit", blank=True, related_name="directive_tasks_cooperating", verbose_name=_("cơ quan phối hợp")
    )
    handler = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="directive_tasks_handled",
        verbose_name=_("người được giao cập nhật"),
    )
    monitor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="directive_tasks_monitored",
        verbose_name=_("người theo dõi"),
    )
    deadline = models.DateField(_("thời hạn"))
    deadline_working_days = models.PositiveSmallIntegerField(null=True, blank=True)
    status = models.CharField(_("trạng thái"), max_length=20, choices=Status.choices, default=Status.NEW)
    recurrence = models.CharField(
        _("báo cáo định kỳ"), max_length=20, choices=Recurrence.choices, default=Recurrence.NONE, blank=True
    )
    recurrence_until = models.DateField(_("định kỳ đến ngày"), null=True, blank=True)
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="items",
        verbose_name=_("nhiệm vụ thường xuyên"),
    )
    period_start = models.DateField(null=True, blank=True)  # a periodic item: the period it covers
    period_end = models.DateField(null=True, blank=True)
    # Copies of the directive, for one-table statistics and lists (never edited apart from it).
    agency = models.ForeignKey("org.Unit", on_delete=models.PROTECT, related_name="+")
    signer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    issued_on = models.DateField()
    urgency = models.CharField(max_length=20, choices=Urgency.choices, default=Urgency.NORMAL)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    first_reported_at = models.DateTimeField(null=True, blank=True)  # None: never updated (DIR-5)
    last_reported_at = models.DateTimeField(null=True, blank=True)
    completed_on = models.DateField(null=True, blank=True)  # the local date the done report was sent
    approved_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    rejected_count = models.PositiveSmallIntegerField(default=0)
    search_text = models.TextField(default="", editable=False)

    class Meta:
        ordering = ["deadline", "id"]
        indexes = [
            models.Index(fields=["lead_unit", "status", "deadline", "id"], name="dtask_lead_idx"),
            models.Index(fields=["handler", "status", "deadline", "id"], name="dtask_handler_idx"),
            models.Index(fields=["monitor", "status", "deadline", "id"], name="dtask_monitor_idx"),
            models.Index(fields=["agency", "issued_on", "lead_unit"], name="dtask_stats_agency_idx"),
            models.Index(fields=["signer", "status", "deadline", "id"], name="dtask_signer_idx"),
            models.Index(fields=["lead_path", "deadline", "id"], name="dtask_lead_path_idx"),
            models.Index(fields=["directive", "position"], name="dtask_directive_idx"),
            models.Index(fields=["recurrence", "status"], name="dtask_recurrence_idx"),
            # Lists of every visible task in deadline order (the office's "all"): walked in order and
            # stopped at the page's end instead of sorting the agency's whole history.
            models.Index(fields=["deadline", "id"], name="dtask_deadline_id_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(recurrence="") | models.Q(parent__isnull=True),
                name="dtask_item_not_standing",
            ),
            # DIR-7: one periodic item per standing task and period (recurring.services).
            models.UniqueConstraint(
                fields=["parent", "period_start"],
                condition=models.Q(parent__isnull=False),
                name="dtask_item_once",
            ),
        ]
        verbose_name = _("nhiệm vụ chỉ đạo")
        verbose_name_plural = _("nhiệm vụ chỉ đạo")

    def __str__(self) -> str:
        return self.content[:80]

    @property
    def is_standing(self) -> bool:
        return bool(self.recurrence)

    @property
    def is_urgent(self) -> bool:
        return self.urgency != Urgency.NORMAL


class TaskReport(models.Model):
    """What an agency reports on a task (DIR-2; seed 001 Đ8.2): what was done, the report document,
    and whether it proposes the task as done. The office approves or rejects it (DIR-3)."""

    class Proposal(models.TextChoices):
        PROGRESS = "progress", _("Đang thực hiện")
        DONE = "done", _("Đề nghị hoàn thành")

    class Status(models.TextChoices):
        PENDING = "pending", _("Chờ duyệt")
        APPROVED = "approved", _("Đã duyệt")
        REJECTED = "rejected", _("Bị từ chối")

    task = models.ForeignKey(DirectiveTask, on_delete=models.PROTECT, related_name="reports")
    content = models.TextField(_("nội dung thực hiện"))
    document_number = models.CharField(_("số, ký hiệu văn bản báo cáo"), max_length=60, blank=True)
    document_date = models.DateField(_("ngày văn bản báo cáo"), null=True, blank=True)
    file = models.ForeignKey(
        "core.StoredFile",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("tệp văn bản báo cáo"),
    )
    proposal = models.CharField(_("đề xuất"), max_length=20, choices=Proposal.choices)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PENDING)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    submitted_on_behalf_of = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    submitted_at = models.DateTimeField(default=timezone.now)
    # The reporting rule (seed 001 Đ8.2): within 2 working days of the report document's date, the
    # same day when urgent; without a document, the day it is sent.
    due_on = models.DateField(null=True, blank=True)
    submitted_on = models.DateField(null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    review_note = models.TextField(_("ý kiến của Văn phòng"), blank=True)

    class Meta:
        ordering = ["submitted_at", "id"]
        indexes = [
            models.Index(fields=["status", "submitted_at", "id"], name="dreport_queue_idx"),
            models.Index(fields=["task", "-submitted_at"], name="dreport_task_idx"),
        ]
        verbose_name = _("báo cáo thực hiện")
        verbose_name_plural = _("báo cáo thực hiện")

    def __str__(self) -> str:
        return self.content[:80]

    @property
    def reported_late(self) -> bool:
        return self.due_on is not None and self.submitted_on is not None and self.submitted_on > self.due_on


class TaskEvent(models.Model):
    """The task's timeline: who did what, when, to whom, with which reason (DIR-4: "the history
    keeps both" the return and the correction)."""

    class Kind(models.TextChoices):
        ASSIGNED = "assigned", _("Giao nhiệm vụ")
        APPOINTED = "appointed", _("Phân công cập nhật")
        REPORTED = "reported", _("Báo cáo")
        ACCEPTED = "accepted", _("Duyệt báo cáo tiến độ")
        APPROVED = "approved", _("Duyệt hoàn thành")
        REJECTED = "rejected", _("Từ chối báo cáo")
        RETURNED = "returned", _("Trả lại Văn phòng")
        REASSIGNED = "reassigned", _("Giao lại")
        UPDATED = "updated", _("Điều chỉnh")
        CANCELLED = "cancelled", _("Hủy nhiệm vụ")
        DISTRIBUTED = "distributed", _("Giao việc trong cơ quan")

    task = models.ForeignKey(DirectiveTask, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    on_behalf_of = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField(default=timezone.now)
    note = models.TextField(blank=True)
    unit = models.ForeignKey("org.Unit", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    report = models.ForeignKey(TaskReport, null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["task", "at", "id"], name="devent_task_idx")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} – {self.at:%d/%m/%Y %H:%M}"


class ViewGrant(models.Model):
    """DIR-8 (seed 001 Đ10.2): the office lets an account read the directive data of an agency."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="directive_grants"
    )
    unit = models.ForeignKey(
        "org.Unit", on_delete=models.PROTECT, related_name="+", verbose_name=_("cơ quan")
    )
    granted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    granted_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "unit"], name="directive_grant_once")]
        verbose_name = _("quyền xem dữ liệu chỉ đạo")
        verbose_name_plural = _("quyền xem dữ liệu chỉ đạo")

    def __str__(self) -> str:
        return f"{self.user} – {self.unit}"


class PeriodSnapshot(models.Model):
    """A reporting period the office closed (DIR-6): its figures as they were, frozen, so that later
    edits do not rewrite what was reported. ``figures`` holds the rows per agency and per leader."""

    class Kind(models.TextChoices):
        MONTH = "month", _("Tháng")
        QUARTER = "quarter", _("Quý")
        HALF = "half", _("6 tháng")
        YEAR = "year", _("Năm")
        RANGE = "range", _("Khoảng thời gian")

    agency = models.ForeignKey("org.Unit", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    start = models.DateField()
    end = models.DateField()
    figures = models.JSONField(default=dict)
    closed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    closed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-end", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "start", "end"], name="directive_period_once")
        ]

    def __str__(self) -> str:
        return f"{self.start:%d/%m/%Y} – {self.end:%d/%m/%Y}"
