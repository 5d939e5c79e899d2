"""The organisation: units in a tree, positions, memberships, functional roles, delegations."""

from __future__ import annotations

import re
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from congvu.core.text import search_text

# standards §1.2, R-ID-1: NNN.NN.NN.XNN, digits in the first three groups.
AGENCY_CODE_RE = re.compile(r"^[0-9]{3}\.[0-9]{2}\.[0-9]{2}\.[A-Z][0-9]{2}$")
PATH_STEP = 8  # digits per level in Unit.path


def unit_search_text(name: str, short_name: str, agency_code: str | None) -> str:
    """The unit's shadow search column (``congvu.core.text.search_text``)."""
    return search_text(name, short_name, agency_code)


def validate_agency_code(value: str) -> None:
    if not AGENCY_CODE_RE.match(value or ""):
        raise ValidationError(
            _("Mã định danh “%(value)s” không đúng cấu trúc NNN.NN.NN.XNN (ví dụ 000.00.00.H29)."),
            params={"value": value},
            code="agency_code",
        )


def _code_groups(code: str) -> list[str]:
    if not AGENCY_CODE_RE.match(code or ""):
        raise ValueError(f"not an agency code (NNN.NN.NN.XNN): {code!r}")
    return code.split(".")


def agency_code_level(code: str) -> int:
    """1 for 000.00.00.XNN, 2 for 000.00.NN.XNN, and so on (groups read right to left).

    Raises ValueError for a string that is not a code (R-ID-1)."""
    groups = _code_groups(code)
    level = 1
    for depth, group in enumerate(reversed(groups[:3]), start=2):
        if int(group):
            level = depth
    return level


def agency_code_parent(code: str) -> str | None:
    """Zero the left-most non-zero group (R-ID-2); None for a level-1 code.

    Raises ValueError for a string that is not a code (R-ID-1)."""
    groups = _code_groups(code)
    for i in range(3):
        if int(groups[i]):
            groups[i] = "0" * len(groups[i])
            return ".".join(groups)
    return None


class Unit(models.Model):
    """Any node of the org tree (ORG-1): agency, department, division, commune.

    ``path`` is a materialised path of zero-padded ids ("00000001" + "00000007" + ...), so a
    subtree is one indexed prefix query on SQLite and PostgreSQL alike.
    """

    class Kind(models.TextChoices):
        AGENCY = "agency", _("Cơ quan")
        DEPARTMENT = "department", _("Sở, ban, ngành")
        DIVISION = "division", _("Phòng, ban")
        DISTRICT = "district", _("UBND cấp huyện")
        COMMUNE = "commune", _("UBND cấp xã")

    name = models.CharField(_("tên đơn vị"), max_length=255)
    short_name = models.CharField(
        _("tên viết tắt"),
        max_length=30,
        help_text=_("Dùng trong ký hiệu văn bản và tên đăng nhập, ví dụ STTTT, VP."),
    )
    agency_code = models.CharField(
        _("mã định danh"),
        max_length=13,
        null=True,
        blank=True,
        unique=True,
        validators=[validate_agency_code],
    )
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    kind = models.CharField(_("loại"), max_length=20, choices=Kind.choices, default=Kind.DIVISION)
    is_active = models.BooleanField(_("đang hoạt động"), default=True)
    is_office = models.BooleanField(
        _("là văn phòng của cơ quan cấp trên"),
        default=False,
        help_text=_(
            "Văn phòng tham mưu, tổng hợp (ví dụ Văn phòng UBND tỉnh): Chánh Văn phòng theo dõi, "
            "đôn đốc các đơn vị thực hiện công việc lãnh đạo cơ quan giao."
        ),
    )
    sort_order = models.PositiveIntegerField(_("thứ tự"), default=0)
    path = models.CharField(max_length=255, db_index=True, editable=False, default="")
    depth = models.PositiveSmallIntegerField(default=0, editable=False)
    search_text = models.TextField(default="", editable=False)  # folded name, short name and code

    class Meta:
        ordering = ["path"]
        verbose_name = _("đơn vị")
        verbose_name_plural = _("đơn vị")

    def __str__(self) -> str:
        return self.name

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.search_text = unit_search_text(self.name, self.short_name, self.agency_code)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and ({"name", "short_name", "agency_code"} & set(update_fields)):
            kwargs["update_fields"] = {*update_fields, "search_text"}
        super().save(*args, **kwargs)

    def path_for_self(self) -> str:
        parent_path = self.parent.path if self.parent is not None else ""
        return parent_path + f"{self.pk:0{PATH_STEP}d}"

    @property
    def ancestor_ids(self) -> list[int]:
        """Ids from the root down to and including this unit, read off the path."""
        return [int(self.path[i : i + PATH_STEP]) for i in range(0, len(self.path), PATH_STEP)]

    def is_in_subtree_of(self, root: Unit) -> bool:
        return self.path.startswith(root.path)


class Position(models.Model):
    """A post (chức vụ) with its level: head, deputy or staff (ORG-2)."""

    class Level(models.TextChoices):
        HEAD = "head", _("Cấp trưởng")
        DEPUTY = "deputy", _("Cấp phó")
        STAFF = "staff", _("Công chức, viên chức")

    name = models.CharField(_("chức vụ"), max_length=120, unique=True)
    level = models.CharField(_("cấp"), max_length=10, choices=Level.choices)
    sort_order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["sort_order", "name"]
        verbose_name = _("chức vụ")
        verbose_name_plural = _("chức vụ")

    def __str__(self) -> str:
        return self.name

    @property
    def is_leader(self) -> bool:
        return self.level in {self.Level.HEAD, self.Level.DEPUTY}


class CurrentMembershipQuerySet(models.QuerySet):
    def current(self, at=None):
        today = timezone.localdate(at) if at else timezone.localdate()
        return self.filter(Q(ended_on__isnull=True) | Q(ended_on__gte=today), started_on__lte=today)


class Membership(models.Model):
    """A person's post in a unit; a person may hold posts in several units (ORG-2).

    Moving a person ends one membership and starts another: work done under the old one keeps
    pointing at the old unit (ORG-7).
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="memberships")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="memberships")
    position = models.ForeignKey(Position, on_delete=models.PROTECT, related_name="memberships")
    is_primary = models.BooleanField(_("đơn vị chính"), default=True)
    in_charge_of = models.ManyToManyField(
        Unit,
        blank=True,
        related_name="deputies_in_charge",
        verbose_name=_("phụ trách"),
        help_text=_("Với cấp phó: các đơn vị được giao phụ trách; để trống là phụ trách chung."),
    )
    started_on = models.DateField(_("từ ngày"), default=timezone.localdate)
    ended_on = models.DateField(_("đến ngày"), null=True, blank=True)

    objects = CurrentMembershipQuerySet.as_manager()

    class Meta:
        ordering = ["unit__path", "position__sort_order"]
        indexes = [models.Index(fields=["unit", "ended_on"], name="membership_unit_idx")]
        verbose_name = _("chức vụ đảm nhiệm")
        verbose_name_plural = _("chức vụ đảm nhiệm")

    def __str__(self) -> str:
        return f"{self.position} – {self.unit}"


class RoleGrant(models.Model):
    """A functional role held in a unit (ORG-2): clerk, administrator, directive monitor, scoring,
    legal check (pháp chế: a step of an agency's review chain for outgoing documents)."""

    class Role(models.TextChoices):
        CLERK = "clerk", _("Văn thư")
        ADMINISTRATOR = "administrator", _("Quản trị")
        DIRECTIVE_MONITOR = "directive_monitor", _("Theo dõi chỉ đạo")
        SCORING_ENTRY = "scoring_entry", _("Nhập liệu chấm điểm")
        SCORING_APPRAISAL = "scoring_appraisal", _("Thẩm định chấm điểm")
        SCORING_MANAGEMENT = "scoring_management", _("Quản lý chấm điểm")
        SMS_SENDER = "sms_sender", _("Gửi tin nhắn SMS")
        LEGAL = "legal", _("Pháp chế")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="role_grants")
    role = models.CharField(_("vai trò"), max_length=30, choices=Role.choices)
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="role_grants")
    granted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "role", "unit"], name="role_grant_once")]
        verbose_name = _("vai trò")
        verbose_name_plural = _("vai trò")

    def __str__(self) -> str:
        return f"{self.get_role_display()} – {self.unit}"


class Delegation(models.Model):
    """Processing authority lent for a time window (ORG-8; seed 002 Đ4.5, Đ11, Đ13.3).

    Effective only once approved by the principal's leader and only inside [starts_at, ends_at);
    ending it early (revoke) or letting it expire takes back exactly what it gave, because
    ``acts_for`` reads the window every time.
    """

    class Status(models.TextChoices):
        REQUESTED = "requested", _("Chờ duyệt")
        APPROVED = "approved", _("Đã duyệt")
        REJECTED = "rejected", _("Không duyệt")
        REVOKED = "revoked", _("Đã chấm dứt")
        CANCELLED = "cancelled", _("Đã hủy")

    principal = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="delegations_given",
        verbose_name=_("người ủy quyền"),
    )
    delegate = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="delegations_received",
        verbose_name=_("người được ủy quyền"),
    )
    starts_at = models.DateTimeField(_("từ"))
    ends_at = models.DateTimeField(_("đến"))
    reason = models.TextField(_("lý do"), blank=True)
    status = models.CharField(
        _("trạng thái"), max_length=20, choices=Status.choices, default=Status.REQUESTED
    )
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    ended_at = models.DateTimeField(null=True, blank=True)
    # Set by the hourly job once delegate and principal were told that the window has passed.
    expiry_notified_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-starts_at"]
        indexes = [
            models.Index(fields=["delegate", "status", "starts_at"], name="delegation_delegate_idx"),
            models.Index(fields=["principal", "status", "starts_at"], name="delegation_principal_idx"),
            models.Index(fields=["status", "ends_at"], name="delegation_expiry_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="delegation_window_positive"
            ),
            models.CheckConstraint(
                condition=~Q(principal=models.F("delegate")), name="delegation_not_to_self"
            ),
        ]
        verbose_name = _("ủy quyền")
        verbose_name_plural = _("ủy quyền")

    def __str__(self) -> str:
        return f"{self.principal} → {self.delegate}"

    def is_in_effect(self, at=None) -> bool:
        at = at or timezone.now()
        return self.status == self.Status.APPROVED and self.starts_at <= at < self.ends_at

    @property
    def display_status(self) -> str:
        """'Đang hiệu lực' / 'Hết hạn' are read from the window, never stored."""
        now = timezone.now()
        if self.status == self.Status.APPROVED:
            if now >= self.ends_at:
                return str(_("Hết hạn"))
            if now >= self.starts_at:
                return str(_("Đang hiệu lực"))
            return str(_("Đã duyệt, chưa đến hạn"))
        return self.get_status_display()

    @property
    def display_tone(self) -> str:
        """The badge colour of ``display_status`` (status-ok, -warn, -bad, -info, -muted)."""
        now = timezone.now()
        if self.status == self.Status.APPROVED:
            if now >= self.ends_at:
                return "muted"
            return "ok" if now >= self.starts_at else "info"
        tones: dict[str, str] = {
            self.Status.REQUESTED: "warn",
            self.Status.REJECTED: "bad",
            self.Status.REVOKED: "bad",
        }
        return tones.get(self.status, "muted")


class OrgVersion(models.Model):
    """One row, bumped whenever posts, roles, units or delegations change (``tree.org_changed``).

    Every web process keeps each person's organisation facts between requests under this number
    (``tree.kept``): a change is seen at once by every process, on one machine or several."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    version = models.BigIntegerField(default=0)

    def __str__(self) -> str:
        return str(self.version)
