"""Work assignment and tracking — giao việc (seed 000; MISSION TASK-1..TASK-7)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Assignment(models.Model):
    """One work item (công việc, TASK-2).

    Exactly one lead: a person (``lead_user``) or a unit (``lead_unit``, whose head distributes it).
    ``approver`` is who approves the result: the assigner, or — for work a person gave themselves —
    the head of their unit (nobody approves their own work). ``unit``/``unit_path`` are the lead's
    unit when the work was given, copied so that a leader's subtree list is one indexed prefix query
    and so that moving a person later keeps their past work where it was (ORG-7).
    """

    class Status(models.TextChoices):
        ASSIGNED = "assigned", _("Mới giao")
        IN_PROGRESS = "in_progress", _("Đang thực hiện")
        SUBMITTED = "submitted", _("Chờ duyệt")
        RETURNED = "returned", _("Bị trả lại")
        DONE = "done", _("Hoàn thành")
        CANCELLED = "cancelled", _("Đã hủy")

    class Priority(models.IntegerChoices):
        LOW = 1, _("Thấp")
        NORMAL = 2, _("Bình thường")
        HIGH = 3, _("Cao")
        URGENT = 4, _("Khẩn")

    OPEN_STATES = (Status.ASSIGNED, Status.IN_PROGRESS, Status.RETURNED, Status.SUBMITTED)

    title = models.CharField(_("tên công việc"), max_length=500)
    description = models.TextField(_("nội dung"), blank=True)  # sanitised HTML (nh3)
    assigner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="assignments_given",
        verbose_name=_("người giao"),
    )
    assigned_on_behalf_of = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    approver = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="assignments_to_approve",
        verbose_name=_("người duyệt"),
    )
    lead_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="assignments_led",
        verbose_name=_("người chủ trì"),
    )
    lead_unit = models.ForeignKey(
        "org.Unit",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="assignments_led",
        verbose_name=_("đơn vị chủ trì"),
    )
    unit = models.ForeignKey(
        "org.Unit", on_delete=models.PROTECT, related_name="assignments", verbose_name=_("đơn vị")
    )
    unit_path = models.CharField(max_length=255, editable=False)
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        verbose_name=_("việc cha"),
    )
    # The ids of the work above, from the top: "/12/40/" for a subtask of 40, itself a subtask of
    # 12. Who does a subtask may read the work it is part of (not act on it).
    lineage = models.CharField(max_length=255, default="/", editable=False)
    plan_item = models.ForeignKey(
        "assignments.PlanItem", null=True, blank=True, on_delete=models.SET_NULL, related_name="assignments"
    )
    start_date = models.DateField(_("ngày bắt đầu"), default=timezone.localdate)
    deadline = models.DateField(_("hạn hoàn thành"))
    deadline_working_days = models.PositiveSmallIntegerField(null=True, blank=True)
    priority = models.PositiveSmallIntegerField(
        _("mức ưu tiên"), choices=Priority.choices, default=Priority.NORMAL
    )
    status = models.CharField(_("trạng thái"), max_length=20, choices=Status.choices, default=Status.ASSIGNED)
    progress = models.PositiveSmallIntegerField(_("tiến độ (%)"), default=0)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    submitted_at = models.DateTimeField(null=True, blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    completed_on = models.DateField(null=True, blank=True)  # local date of approval: on time or late
    cancelled_at = models.DateTimeField(null=True, blank=True)
    returned_count = models.PositiveSmallIntegerField(default=0)
    rating = models.PositiveSmallIntegerField(_("đánh giá"), null=True, blank=True)
    evaluation = models.TextField(_("nhận xét"), blank=True)
    search_text = models.TextField(default="", editable=False)

    class Meta:
        ordering = ["deadline", "id"]
        indexes = [
            models.Index(fields=["lead_user", "status", "deadline", "id"], name="asg_lead_user_idx"),
            models.Index(fields=["lead_unit", "status", "deadline", "id"], name="asg_lead_unit_idx"),
            models.Index(fields=["approver", "status", "deadline", "id"], name="asg_approver_idx"),
            models.Index(fields=["assigner", "status", "deadline", "id"], name="asg_assigner_idx"),
            # "Việc tôi giao" of every state in deadline order (the API's default): the giver's own
            # rows in order, read apart from those given in their name (selectors.scope_parts).
            models.Index(fields=["assigner", "deadline", "id"], name="asg_given_idx"),
            # "Việc của tôi" of every state in deadline order (the API's default), read the same way:
            # what I lead in person, then what a unit I head leads.
            models.Index(fields=["lead_user", "deadline", "id"], name="asg_led_idx"),
            models.Index(fields=["lead_unit", "deadline", "id"], name="asg_unit_led_idx"),
            models.Index(fields=["unit_path", "deadline", "id"], name="asg_unit_path_idx"),
            models.Index(fields=["status", "deadline"], name="asg_status_deadline_idx"),
            models.Index(fields=["completed_on"], name="asg_completed_idx"),
            # Lists of every state in deadline order (the API's default): a department's list walks
            # this index and stops at the page's end instead of sorting the department's whole history.
            models.Index(fields=["deadline", "id"], name="asg_deadline_id_idx"),
            # Benchmark of issue #3 (bench/assignments_bench.py): "Việc của tôi" and "Việc của đơn vị"
            # read open work in deadline order; these partial indexes give that order without a sort.
            models.Index(
                fields=["lead_user", "deadline", "id"],
                condition=Q(status__in=["assigned", "in_progress", "returned"]),
                name="asg_todo_lead_user_idx",
            ),
            models.Index(
                fields=["lead_unit", "deadline", "id"],
                condition=Q(status__in=["assigned", "in_progress", "returned"]),
                name="asg_todo_lead_unit_idx",
            ),
            models.Index(
                fields=["deadline", "id", "unit_path"],
                condition=Q(status__in=["assigned", "in_progress", "returned", "submitted"]),
                name="asg_open_deadline_idx",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=(Q(lead_user__isnull=False) & Q(lead_unit__isnull=True))
                | (Q(lead_user__isnull=True) & Q(lead_unit__isnull=False)),
                name="assignment_exactly_one_lead",
            ),
            models.CheckConstraint(
                condition=Q(deadline__gte=models.F("start_date")), name="assignment_deadline_after_start"
            ),
            models.CheckConstraint(condition=Q(progress__lte=100), name="assignment_progress_percent"),
            models.CheckConstraint(
                condition=Q(rating__isnull=True) | Q(rating__gte=1), name="assignment_rating_positive"
            ),
        ]
        verbose_name = _("công việc")
        verbose_name_plural = _("công việc")

    def __str__(self) -> str:
        return self.title

    @property
    def lead_display(self) -> str:
        return str(self.lead_user or self.lead_unit)

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN_STATES

    def is_overdue(self, today=None) -> bool:
        today = today or timezone.localdate()
        return self.is_open and self.deadline < today

    @property
    def timing(self) -> str:
        """on_time / late for finished work; overdue / open for the rest (GLOSSARY)."""
        return self.timing_when(overdue=self.is_overdue())

    def timing_when(self, *, overdue: bool) -> str:
        """``timing`` with "is it overdue?" already answered (a list's rows know it)."""
        if self.status == self.Status.DONE and self.completed_on:
            return "on_time" if self.completed_on <= self.deadline else "late"
        return "overdue" if overdue else "open"


class Participant(models.Model):
    """A co-assignee (phối hợp) or a follower (theo dõi) of a work item."""

    class Role(models.TextChoices):
        COORDINATE = "coordinate", _("Phối hợp")
        FOLLOWER = "follower", _("Theo dõi")

    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="participants")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="assignment_participations"
    )
    role = models.CharField(max_length=12, choices=Role.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["assignment", "user", "role"], name="participant_once")
        ]
        indexes = [models.Index(fields=["user", "role", "assignment"], name="participant_user_idx")]

    def __str__(self) -> str:
        return f"{self.get_role_display()}: {self.user}"


class ProgressReport(models.Model):
    """A progress report (TASK-3): percent, text and files; the history stays."""

    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="reports")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    on_behalf_of = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    percent = models.PositiveSmallIntegerField(_("tiến độ (%)"))
    text = models.TextField(_("nội dung báo cáo"), blank=True)
    # The result sent for approval (TASK-4): its note and files, kept with the other reports.
    is_result = models.BooleanField(default=False)
    files = models.ManyToManyField("core.StoredFile", blank=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-id"]
        constraints = [models.CheckConstraint(condition=Q(percent__lte=100), name="report_percent_max_100")]

    def __str__(self) -> str:
        return f"{self.percent}% – {self.author}"


class Attachment(models.Model):
    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="attachments")
    file = models.ForeignKey("core.StoredFile", on_delete=models.PROTECT, related_name="+")
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    added_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return str(self.file)


class ChecklistItem(models.Model):
    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="checklist")
    text = models.CharField(_("đầu việc"), max_length=300)
    done = models.BooleanField(default=False)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.text


class Link(models.Model):
    """A link from a work item to a document or directive (filled as those modules arrive)."""

    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="links")
    kind = models.CharField(max_length=30)  # "document", "directive", "url"
    target_id = models.CharField(max_length=64, blank=True)
    label = models.CharField(max_length=300)

    def __str__(self) -> str:
        return self.label


class Extension(models.Model):
    """A deadline extension requested by the lead and granted or refused by the approver (TASK-4)."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Chờ quyết định")
        GRANTED = "granted", _("Đã gia hạn")
        REFUSED = "refused", _("Không gia hạn")

    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="extensions")
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField(default=timezone.now)
    old_deadline = models.DateField()
    new_deadline = models.DateField(_("hạn mới đề nghị"))
    reason = models.TextField(_("lý do"))
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.TextField(blank=True)

    class Meta:
        ordering = ["-id"]

    def __str__(self) -> str:
        return f"{self.old_deadline:%d/%m/%Y} → {self.new_deadline:%d/%m/%Y}"


class WorkPlan(models.Model):
    """The agency's annual work plan (kế hoạch công tác năm, TASK-6; seed 000 Đ10.1.f)."""

    unit = models.ForeignKey("org.Unit", on_delete=models.PROTECT, related_name="work_plans")
    year = models.PositiveSmallIntegerField(_("năm"))
    title = models.CharField(_("tên kế hoạch"), max_length=300)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-year", "id"]
        constraints = [models.UniqueConstraint(fields=["unit", "year"], name="work_plan_once_a_year")]

    def __str__(self) -> str:
        return self.title


class PlanItem(models.Model):
    plan = models.ForeignKey(WorkPlan, on_delete=models.CASCADE, related_name="items")
    title = models.CharField(_("nội dung công việc"), max_length=500)
    owner_unit = models.ForeignKey(
        "org.Unit", on_delete=models.PROTECT, related_name="+", verbose_name=_("đơn vị chủ trì")
    )
    quarter = models.PositiveSmallIntegerField(_("quý"), choices=[(1, "I"), (2, "II"), (3, "III"), (4, "IV")])
    note = models.CharField(_("ghi chú"), max_length=300, blank=True)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["quarter", "position", "id"]

    def __str__(self) -> str:
        return self.title
