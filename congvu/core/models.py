"""Core tables: no domain, only what every module stands on."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditEvent(models.Model):
    """One append-only row per state change, sign-in and sign-out (ADM-2, R-SEC-2).

    Rows are hash-chained: ``hash`` covers the row's content and ``prev_hash``, so editing or
    removing any row breaks the chain (``congvu audit verify``); ``hash_scheme`` says how the hash
    was made (``congvu.core.audit``: 1 plain SHA-256 for rows written before the key, 2 HMAC with a
    key kept outside the database). On PostgreSQL a trigger refuses UPDATE and DELETE to every
    role but the retention purge's own (migration 0005).
    """

    occurred_at = models.DateTimeField(db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    actor_name = models.CharField(max_length=200, blank=True)
    on_behalf_of = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    on_behalf_of_name = models.CharField(max_length=200, blank=True)
    action = models.CharField(max_length=100, db_index=True)
    object_type = models.CharField(max_length=100, blank=True)
    object_id = models.CharField(max_length=64, blank=True)
    object_repr = models.CharField(max_length=300, blank=True)
    before = models.JSONField(default=dict, blank=True)
    after = models.JSONField(default=dict, blank=True)
    note = models.TextField(blank=True)
    ip = models.GenericIPAddressField(null=True, blank=True)
    result = models.CharField(max_length=20, default="ok")
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)
    # Rows written before the scheme was recorded were plain SHA-256 (scheme 1).
    hash_scheme = models.PositiveSmallIntegerField(default=1)

    class Meta:
        ordering = ["-id"]
        indexes = [
            models.Index(fields=["object_type", "object_id", "id"], name="audit_object_idx"),
            models.Index(fields=["actor", "id"], name="audit_actor_idx"),
        ]
        verbose_name = _("sự kiện nhật ký")
        verbose_name_plural = _("nhật ký hệ thống")

    def __str__(self) -> str:
        return f"{self.occurred_at:%Y-%m-%d %H:%M} {self.actor_name} {self.action}"

    @property
    def actor_display(self) -> str:
        """'B thay mặt A' when the act was done under a delegation (ORG-8)."""
        if self.on_behalf_of_name:
            return _("%(delegate)s thay mặt %(principal)s") % {
                "delegate": self.actor_name,
                "principal": self.on_behalf_of_name,
            }
        return self.actor_name or str(_("Hệ thống"))


class AuditChainHead(models.Model):
    """A single row holding the last hash; locked while a new event is chained on."""

    last_hash = models.CharField(max_length=64)
    last_event_id = models.BigIntegerField(default=0)
    # Where the chain starts: the genesis value, or the hash before the oldest kept row after a
    # retention purge.
    anchor_hash = models.CharField(max_length=64, default="0" * 64)

    def __str__(self) -> str:
        return f"audit chain head @{self.last_event_id}"


class CalendarOverride(models.Model):
    """An agency's correction of the national baseline (standards §4, R-WD-1).

    A weekday declared off (nghỉ bù, hoán đổi) or a Saturday declared a working day (làm bù),
    with the official document that decided it.
    """

    class Kind(models.TextChoices):
        DAY_OFF = "day_off", _("Ngày nghỉ")
        WORKING_DAY = "working_day", _("Ngày làm việc (làm bù)")

    date = models.DateField(unique=True)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    name = models.CharField(_("tên ngày"), max_length=200)
    source = models.CharField(_("căn cứ"), max_length=200, blank=True)

    class Meta:
        ordering = ["date"]
        verbose_name = _("ngày điều chỉnh lịch")
        verbose_name_plural = _("lịch ngày nghỉ, ngày làm bù")

    def __str__(self) -> str:
        return f"{self.date:%d/%m/%Y} {self.get_kind_display()} – {self.name}"


class StoredFile(models.Model):
    """A file accepted by the upload service (DOC-6); every module points here."""

    storage_name = models.CharField(max_length=500)
    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.BigIntegerField()
    sha256 = models.CharField(max_length=64, db_index=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("tệp")
        verbose_name_plural = _("tệp")

    def __str__(self) -> str:
        return self.original_name


class ScheduledRun(models.Model):
    """A periodic job's slot, taken once: two schedulers never enqueue the same run twice."""

    job = models.CharField(max_length=100)
    slot = models.CharField(max_length=40)
    enqueued_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["job", "slot"], name="scheduled_run_once")]

    def __str__(self) -> str:
        return f"{self.job}@{self.slot}"


class WorkerHeartbeat(models.Model):
    """When a task worker last ran the heartbeat job: ``/readyz`` reads its age (ADM-6)."""

    name = models.CharField(max_length=50, unique=True)
    beat_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.name} @ {self.beat_at:%Y-%m-%d %H:%M:%S}"
