"""The agency's boards (MISSION COL-3, COL-6; seed 002 Đ7.3, Đ7.6–7.8).

Each agency (cơ quan) has a public board, "Công cộng", where anyone of the agency posts, and one
board per organisation of the agency — the Party cell (Chi bộ), the trade union (Công đoàn) and the
youth union (Chi đoàn) — where only the members of its committee (Chi ủy, Ban Chấp hành) post. A
committee member holds the seat for a term (``started_on``–``ended_on``): a former member posts no
more. A post on the public board has no organisation.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

__all__ = ["Organisation", "CommitteeMember", "BoardPost", "BoardPostAttachment"]

TITLE_MAX = 200
BODY_MAX = 10_000
NAME_MAX = 200


class Organisation(models.Model):
    """A political or mass organisation of one agency: at most one of each kind per agency."""

    class Kind(models.TextChoices):
        PARTY_CELL = "party_cell", _("Chi bộ")
        TRADE_UNION = "trade_union", _("Công đoàn")
        YOUTH_UNION = "youth_union", _("Chi đoàn")

    agency = models.ForeignKey(
        "org.Unit", on_delete=models.PROTECT, related_name="+", verbose_name=_("cơ quan")
    )
    kind = models.CharField(_("loại tổ chức"), max_length=20, choices=Kind.choices)
    name = models.CharField(_("tên tổ chức"), max_length=NAME_MAX)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["agency_id", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "kind"], name="organisation_once_per_agency")
        ]
        verbose_name = _("tổ chức đoàn thể")
        verbose_name_plural = _("tổ chức đoàn thể")

    def __str__(self) -> str:
        return self.name

    @property
    def committee_name(self) -> str:
        """What the committee is called: Chi ủy for the Party cell, Ban Chấp hành for the unions."""
        if self.kind == self.Kind.PARTY_CELL:
            return str(_("Chi ủy"))
        if self.kind == self.Kind.YOUTH_UNION:
            return str(_("Ban Chấp hành Chi đoàn"))
        return str(_("Ban Chấp hành Công đoàn"))


class CommitteeQuerySet(models.QuerySet):
    def current(self, on=None):
        """The seats held on ``on`` (today by default): started, and not ended before that day."""
        day = on or timezone.localdate()
        return self.filter(Q(ended_on__isnull=True) | Q(ended_on__gte=day), started_on__lte=day)


class CommitteeMember(models.Model):
    """A seat on an organisation's committee for a term."""

    class Role(models.TextChoices):
        SECRETARY = "secretary", _("Bí thư / Chủ tịch")
        DEPUTY = "deputy", _("Phó Bí thư / Phó Chủ tịch")
        MEMBER = "member", _("Ủy viên")

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="committee")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    role = models.CharField(_("chức danh"), max_length=20, choices=Role.choices, default=Role.MEMBER)
    started_on = models.DateField(_("từ ngày"))
    ended_on = models.DateField(_("đến ngày"), null=True, blank=True)

    objects = CommitteeQuerySet.as_manager()

    class Meta:
        ordering = ["organisation_id", "role", "started_on", "id"]
        indexes = [models.Index(fields=["user", "ended_on"], name="committee_user_idx")]
        verbose_name = _("ủy viên ban chấp hành")
        verbose_name_plural = _("ủy viên ban chấp hành")

    def __str__(self) -> str:
        return f"{self.get_role_display()} – {self.organisation}"

    @property
    def role_title(self) -> str:
        """The title as the organisation says it: Bí thư Chi bộ, Chủ tịch Công đoàn, Ủy viên …"""
        party_like = self.organisation.kind != Organisation.Kind.TRADE_UNION
        if self.role == self.Role.SECRETARY:
            return str(_("Bí thư")) if party_like else str(_("Chủ tịch"))
        if self.role == self.Role.DEPUTY:
            return str(_("Phó Bí thư")) if party_like else str(_("Phó Chủ tịch"))
        if self.organisation.kind == Organisation.Kind.PARTY_CELL:
            return str(_("Chi ủy viên"))
        return str(_("Ủy viên Ban Chấp hành"))


class BoardPost(models.Model):
    """A post on a board: the agency's public board when ``organisation`` is empty."""

    agency = models.ForeignKey("org.Unit", on_delete=models.PROTECT, related_name="+")
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.CASCADE, related_name="posts"
    )
    title = models.CharField(_("tiêu đề"), max_length=TITLE_MAX)
    body = models.TextField(_("nội dung"), max_length=BODY_MAX)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    posted_at = models.DateTimeField(default=timezone.now)
    edited_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [
            models.Index(fields=["agency", "organisation", "-posted_at", "-id"], name="boardpost_board_idx"),
        ]
        verbose_name = _("bài đăng")
        verbose_name_plural = _("bài đăng")

    def __str__(self) -> str:
        return self.title


class BoardPostAttachment(models.Model):
    post = models.ForeignKey(BoardPost, on_delete=models.CASCADE, related_name="attachments")
    file = models.ForeignKey("core.StoredFile", on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.post_id}: {self.file_id}"
