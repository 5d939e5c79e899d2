"""Official documents — văn bản đến and văn bản đi (seed 002 Đ9, Đ10, Đ14; seed 004 Đ4, Đ6, Đ7, Đ10;
MISSION DOC-1..DOC-7, DOC-9, DOC-10; standards §2 Nghị định 30/2020, §3 Phụ lục VI).

An agency (``org.Unit`` of an agency kind: UBND tỉnh, a Sở, a district) keeps its own registers
(``Register``: sổ văn bản đến / đi), numbered per calendar year (``RegisterYear``, R-NUM-1, R-NUM-5).

Incoming (``IncomingDocument``): the clerk registers what arrived (or what another agency of this
installation sent, which waits "received" until the clerk registers it); the agency's leaders route
it (``RouteStep`` with its ``RouteRecipient`` rows: exactly one lead, any co-handlers and informed
readers); a unit head handles it or passes it on; the lead person ends processing by filing it into
a dossier (``Dossier`` / ``DossierEntry``).

Outgoing (``OutgoingDocument``): an officer drafts (new, or as the reply to an incoming document),
keeps every version of the file (``DraftVersion``), submits it through the agency's review chain
(``ReviewChain`` → ``ReviewStep``, copied onto the draft as ``DraftReview`` rows), the clerk numbers
it from an outgoing register, the drafter checks the numbered document, the signer signs it (PAdES)
and the clerk sends it (``OutgoingRecipient``): internal recipients receive it as an incoming
document of their own agency.

``DocumentReader`` rows say who is on a document's path (a person and the unit they were in, or a
whole unit): with the agency's clerks and leaders, they are who may read it (``policies``).
Phụ lục VI field lengths are the column lengths here (TV-MD-1).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Urgency(models.TextChoices):
    """Mức độ khẩn (Nghị định 30/2020, Phụ lục I §II.2): urgent ones are presented at once (R-URG-2)."""

    NORMAL = "normal", _("Thường")
    URGENT = "urgent", _("Khẩn")
    VERY_URGENT = "very_urgent", _("Thượng khẩn")
    FLASH = "flash", _("Hỏa tốc")


URGENT_LEVELS = (Urgency.URGENT, Urgency.VERY_URGENT, Urgency.FLASH)
# Lists put the most urgent first (R-URG-2): a sortable rank per level.
URGENCY_RANK = {Urgency.FLASH: 3, Urgency.VERY_URGENT: 2, Urgency.URGENT: 1, Urgency.NORMAL: 0}


class Direction(models.TextChoices):
    INCOMING = "incoming", _("Văn bản đến")
    OUTGOING = "outgoing", _("Văn bản đi")


class Register(models.Model):
    """A register (sổ văn bản) of one agency: incoming or outgoing. Each register is its own number
    series, restarting at 1 every calendar year (R-NUM-1, R-NUM-2: the head of the agency decides
    the scheme — one administrative series, or one per type or per advisory body). An outgoing
    register limited to ``document_types`` is offered for those types only."""

    agency = models.ForeignKey(
        "org.Unit", on_delete=models.PROTECT, related_name="document_registers", verbose_name=_("cơ quan")
    )
    direction = models.CharField(_("loại sổ"), max_length=10, choices=Direction.choices)
    name = models.CharField(_("tên sổ"), max_length=200)
    document_types = models.ManyToManyField(
        "catalogues.DocumentType", blank=True, related_name="+", verbose_name=_("loại văn bản của sổ")
    )
    is_default = models.BooleanField(_("sổ mặc định"), default=False)
    is_active = models.BooleanField(_("đang dùng"), default=True)
    sort_order = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["agency_id", "direction", "sort_order", "name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "direction", "name"], name="doc_register_name_once"),
        ]
        verbose_name = _("sổ văn bản")
        verbose_name_plural = _("sổ văn bản")

    def __str__(self) -> str:
        return self.name


class RegisterYear(models.Model):
    """The last number given in a register in one year: the row locked while a number is taken,
    so numbers never repeat nor skip, even when many clerks issue at once (TV-NUM-5)."""

    register = models.ForeignKey(Register, on_delete=models.CASCADE, related_name="years")
    year = models.PositiveSmallIntegerField()
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["register", "year"], name="doc_register_year_once"),
        ]

    def __str__(self) -> str:
        return f"{self.register_id}/{self.year}: {self.last_number}"


class Dossier(models.Model):
    """A work dossier (hồ sơ công việc, Phụ lục VI case-file fields): the documents of one matter,
    numbered in order (F-4b). A document filed here cannot be taken out (seed 002 Đ9.5)."""

    class Status(models.TextChoices):
        OPEN = "open", _("Đang mở")
        CLOSED = "closed", _("Đã đóng")

    agency = models.ForeignKey("org.Unit", on_delete=models.PROTECT, related_name="dossiers")
    unit = models.ForeignKey(
        "org.Unit", on_delete=models.PROTECT, related_name="+", verbose_name=_("đơn vị lập hồ sơ")
    )
    year = models.PositiveSmallIntegerField(_("năm hình thành"))  # FileCatalog, Number 4
    notation = models.CharField(_("số và ký hiệu hồ sơ"), max_length=20)  # FileNotation
    title = models.CharField(_("tiêu đề hồ sơ"), max_length=500)
    maintenance = models.CharField(_("thời hạn bảo quản"), max_length=30)
    rights = models.CharField(_("chế độ sử dụng"), max_length=30, blank=True)
    language = models.CharField(_("ngôn ngữ"), max_length=50, default="Tiếng Việt")
    description = models.CharField(_("ghi chú"), max_length=500, blank=True)
    status = models.CharField(_("trạng thái"), max_length=10, choices=Status.choices, default=Status.OPEN)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    search_text = models.TextField(default="", editable=False)

    class Meta:
        ordering = ["-year", "notation", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "year", "notation"], name="doc_dossier_notation_once"),
        ]
        indexes = [models.Index(fields=["unit", "-year", "id"], name="doc_dossier_unit_idx")]
        verbose_name = _("hồ sơ công việc")
        verbose_name_plural = _("hồ sơ công việc")

    def __str__(self) -> str:
        return f"{self.notation} – {self.title}"


class DocumentFields(models.Model):
    """The Phụ lục VI fields shared by incoming and outgoing documents (lengths as the decree's)."""

    agency = models.ForeignKey(
        "org.Unit", on_delete=models.PROTECT, related_name="+", verbose_name=_("cơ quan")
    )
    document_type = models.ForeignKey(
        "catalogues.DocumentType", on_delete=models.PROTECT, related_name="+", verbose_name=_("loại văn bản")
    )
    code_number = models.CharField(_("số"), max_length=11, blank=True)  # CodeNumber
    code_notation = models.CharField(_("ký hiệu"), max_length=30, blank=True)  # CodeNotation
    issued_date = models.DateField(_("ngày văn bản"), null=True, blank=True)  # IssuedDate
    subject = models.CharField(_("trích yếu"), max_length=500)  # Subject
    language = models.CharField(_("ngôn ngữ"), max_length=30, default="Tiếng Việt")
    page_amount = models.PositiveSmallIntegerField(_("số trang"), null=True, blank=True)  # ≤ 999
    description = models.CharField(_("ghi chú"), max_length=500, blank=True)
    signer_name = models.CharField(_("người ký"), max_length=50, blank=True)
    signer_position = models.CharField(_("chức vụ người ký"), max_length=100, blank=True)
    urgency = models.CharField(_("độ khẩn"), max_length=12, choices=Urgency.choices, default=Urgency.NORMAL)
    is_priority = models.BooleanField(_("văn bản ưu tiên"), default=False)
    field = models.ForeignKey(
        "catalogues.Field",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("lĩnh vực"),
    )
    due_date = models.DateField(_("hạn xử lý"), null=True, blank=True)  # DueDate
    search_text = models.TextField(
        default="", editable=False
    )  # number, notation, subject, sender, signer, files
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        abstract = True

    @property
    def is_urgent(self) -> bool:
        return self.urgency != Urgency.NORMAL

    @property
    def number_and_notation(self) -> str:
        """ "12/UBND-VX": the number and notation as printed (Phụ lục I §3)."""
        if self.code_number and self.code_notation:
            return f"{self.code_number}/{self.code_notation}"
        return self.code_number or self.code_notation


class IncomingDocument(DocumentFields):
    """A document received by an agency (DOC-1..DOC-3; Nghị định 30/2020 Điều 20–24)."""

    class Status(models.TextChoices):
        RECEIVED = "received", _("Chờ vào sổ")  # sent by another agency of this installation (or edXML)
        REGISTERED = "registered", _("Chờ phân phối")  # registered, presented to the agency's leaders
        IN_PROGRESS = "in_progress", _("Đang xử lý")
        DONE = "done", _("Đã kết thúc")

    OPEN_STATES = (Status.REGISTERED, Status.IN_PROGRESS)

    status = models.CharField(
        _("trạng thái"), max_length=12, choices=Status.choices, default=Status.REGISTERED
    )
    register = models.ForeignKey(
        Register,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="incoming",
        verbose_name=_("sổ văn bản đến"),
    )
    arrival_year = models.PositiveSmallIntegerField(null=True, blank=True)
    arrival_number = models.PositiveIntegerField(_("số đến"), null=True, blank=True)  # ArrivalNumber
    arrival_date = models.DateField(_("ngày đến"), null=True, blank=True)  # ArrivalDate
    # The sender (OrganName): an agency of the catalogue, an agency of this installation, or typed.
    sender_agency = models.ForeignKey(
        "catalogues.ExternalAgency",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("cơ quan gửi"),
    )
    sender_unit = models.ForeignKey(
        "org.Unit", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    sender_name = models.CharField(_("cơ quan ban hành"), max_length=200)
    sender_organ_id = models.CharField(_("mã định danh cơ quan gửi"), max_length=13, blank=True)
    source = models.ForeignKey(
        "documents.OutgoingDocument",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="deliveries",
        verbose_name=_("văn bản đi gốc"),
    )
    presented_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("trình lãnh đạo"),
    )
    file = models.ForeignKey(
        "core.StoredFile",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("tệp văn bản"),
    )
    # Who leads it now (the last step's lead): a person, or a unit whose leaders act for it.
    lead_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    lead_unit = models.ForeignKey(
        "org.Unit", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    registered_at = models.DateTimeField(null=True, blank=True)
    first_routed_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    duplicate_of = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("trùng với"),
    )

    class Meta:
        ordering = ["-arrival_date", "-arrival_number", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["register", "arrival_year", "arrival_number"], name="doc_arrival_number_once"
            ),
        ]
        indexes = [
            models.Index(fields=["agency", "-id"], name="doc_in_agency_idx"),
            models.Index(fields=["agency", "status", "-id"], name="doc_in_agency_status_idx"),
            models.Index(fields=["register", "arrival_year", "arrival_number"], name="doc_in_register_idx"),
            models.Index(fields=["lead_user", "status", "-id"], name="doc_in_lead_user_idx"),
            models.Index(fields=["lead_unit", "status", "-id"], name="doc_in_lead_unit_idx"),
            models.Index(fields=["agency", "code_number", "code_notation"], name="doc_in_number_idx"),
        ]
        verbose_name = _("văn bản đến")
        verbose_name_plural = _("văn bản đến")

    def __str__(self) -> str:
        return f"{self.number_and_notation} – {self.subject[:80]}"


class RouteStep(models.Model):
    """One hand-over of an incoming document (DOC-2): who sent it to whom, when, with which
    instruction (bút phê), deadline and urgency. Its recipients have exactly one lead."""

    document = models.ForeignKey(IncomingDocument, on_delete=models.CASCADE, related_name="route")
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    sender = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    on_behalf_of = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    sent_at = models.DateTimeField(default=timezone.now)
    instruction = models.TextField(_("ý kiến chỉ đạo"), max_length=2000, blank=True)
    deadline = models.DateField(_("hạn xử lý"), null=True, blank=True)
    urgency = models.CharField(_("độ khẩn"), max_length=12, choices=Urgency.choices, default=Urgency.NORMAL)
    assignment = models.ForeignKey(
        "assignments.Assignment",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("công việc giao kèm"),
    )

    class Meta:
        ordering = ["sent_at", "id"]

    def __str__(self) -> str:
        return f"{self.document_id} @ {self.sent_at:%d/%m/%Y %H:%M}"


class RouteRecipient(models.Model):
    """A person or unit a step sent the document to, with their part in it."""

    class Role(models.TextChoices):
        LEAD = "lead", _("Xử lý chính")
        COORDINATE = "coordinate", _("Phối hợp")
        INFORM = "inform", _("Để biết")

    class State(models.TextChoices):
        PENDING = "pending", _("Chưa xử lý")
        FORWARDED = "forwarded", _("Đã chuyển")
        DONE = "done", _("Đã xử lý")

    step = models.ForeignKey(RouteStep, on_delete=models.CASCADE, related_name="recipients")
    document = models.ForeignKey(IncomingDocument, on_delete=models.CASCADE, related_name="recipients")
    role = models.CharField(_("vai trò"), max_length=12, choices=Role.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    unit = models.ForeignKey("org.Unit", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    deadline = models.DateField(_("hạn xử lý"), null=True, blank=True)
    state = models.CharField(max_length=10, choices=State.choices, default=State.PENDING)
    seen_at = models.DateTimeField(null=True, blank=True)
    done_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["step_id", "role", "id"]
        indexes = [
            models.Index(fields=["user", "state", "-document"], name="doc_recipient_user_idx"),
            models.Index(fields=["unit", "state", "-document"], name="doc_recipient_unit_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(user__isnull=False) | models.Q(unit__isnull=False),
                name="doc_recipient_someone",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_role_display()}: {self.user_id or self.unit_id}"


class ReviewChain(models.Model):
    """Who reviews an agency's drafts, in order (DOC-4: as data per agency, like Wagtail's
    workflows): the drafting unit's head, then the agency leader, with a legal check or a deputy
    where the agency adds one. The default chain is used when none is chosen."""

    agency = models.ForeignKey("org.Unit", on_delete=models.PROTECT, related_name="review_chains")
    name = models.CharField(_("tên quy trình"), max_length=200)
    is_default = models.BooleanField(_("mặc định"), default=False)
    is_active = models.BooleanField(_("đang dùng"), default=True)

    class Meta:
        ordering = ["agency_id", "-is_default", "name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "name"], name="doc_chain_name_once"),
        ]

    def __str__(self) -> str:
        return self.name


class ReviewStep(models.Model):
    """One ordered step of a chain: who reviews at that step."""

    class Kind(models.TextChoices):
        UNIT_HEAD = "unit_head", _("Lãnh đạo đơn vị soạn thảo")
        SIGNER = "signer", _("Lãnh đạo ký văn bản")  # the agency leader who approves and signs
        PERSON = "person", _("Người được chỉ định")
        ROLE = "role", _("Vai trò")  # anyone with the role on the agency (e.g. legal check)

    chain = models.ForeignKey(ReviewChain, on_delete=models.CASCADE, related_name="steps")
    order = models.PositiveSmallIntegerField()
    label = models.CharField(_("tên bước"), max_length=100)
    kind = models.CharField(max_length=12, choices=Kind.choices)
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    role = models.CharField(max_length=30, blank=True)

    class Meta:
        ordering = ["chain_id", "order"]
        constraints = [
            models.UniqueConstraint(fields=["chain", "order"], name="doc_chain_step_once"),
        ]

    def __str__(self) -> str:
        return f"{self.order}. {self.label}"


class OutgoingDocument(DocumentFields):
    """A document the agency issues (DOC-4, DOC-5; seed 002 Đ10; Nghị định 30/2020 Điều 14–19)."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Đang soạn")
        IN_REVIEW = "in_review", _("Đang trình duyệt")
        RETURNED = "returned", _("Bị trả lại")
        APPROVED = "approved", _("Chờ cấp số")
        NUMBERED = "numbered", _("Chờ kiểm tra")  # the drafter checks the numbered document (Đ10.6)
        TO_SIGN = "to_sign", _("Chờ ký")
        SIGNED = "signed", _("Chờ phát hành")
        ISSUED = "issued", _("Đã phát hành")
        CANCELLED = "cancelled", _("Đã hủy")

    status = models.CharField(_("trạng thái"), max_length=12, choices=Status.choices, default=Status.DRAFT)
    drafter = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    drafting_unit = models.ForeignKey(
        "org.Unit", on_delete=models.PROTECT, related_name="+", verbose_name=_("đơn vị soạn thảo")
    )
    signer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("người ký"),
    )
    chain = models.ForeignKey(ReviewChain, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    in_reply_to = models.ForeignKey(
        IncomingDocument,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="replies",
        verbose_name=_("trả lời văn bản đến"),
    )
    related_incoming = models.ManyToManyField(IncomingDocument, blank=True, related_name="+")
    register = models.ForeignKey(
        Register,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="outgoing",
        verbose_name=_("sổ văn bản đi"),
    )
    number_year = models.PositiveSmallIntegerField(null=True, blank=True)
    number = models.PositiveIntegerField(null=True, blank=True)
    issued_amount = models.PositiveSmallIntegerField(_("số lượng bản"), null=True, blank=True)
    current_review = models.ForeignKey(
        "documents.DraftReview", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    numbered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    numbered_at = models.DateTimeField(null=True, blank=True)
    approved_at = models.DateTimeField(null=True, blank=True)
    signed_at = models.DateTimeField(null=True, blank=True)
    signed_file = models.ForeignKey(
        "core.StoredFile", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    issued_at = models.DateTimeField(null=True, blank=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-id"]
        constraints = [
            models.UniqueConstraint(fields=["register", "number_year", "number"], name="doc_out_number_once"),
        ]
        indexes = [
            models.Index(fields=["agency", "status", "-id"], name="doc_out_agency_status_idx"),
            # With the agency: a clerk's own drafts outside the agencies they keep, from the index.
            models.Index(fields=["drafter", "status", "-id"], include=["agency"], name="doc_out_drafter_idx"),
            models.Index(fields=["signer", "status", "-id"], include=["agency"], name="doc_out_signer_idx"),
            models.Index(fields=["register", "number_year", "number"], name="doc_out_register_idx"),
        ]
        verbose_name = _("văn bản đi")
        verbose_name_plural = _("văn bản đi")

    def __str__(self) -> str:
        return f"{self.number_and_notation or _('Dự thảo')} – {self.subject[:80]}"


class DraftVersion(models.Model):
    """One version of the draft file, with its author and time (DOC-4). ``text`` is the file's
    text (DOCX, ODT, PDF) for comparing two versions."""

    document = models.ForeignKey(OutgoingDocument, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveSmallIntegerField()
    file = models.ForeignKey("core.StoredFile", on_delete=models.PROTECT, related_name="+")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    note = models.CharField(_("ghi chú"), max_length=500, blank=True)
    text = models.TextField(default="", editable=False)

    class Meta:
        ordering = ["document_id", "number"]
        constraints = [
            models.UniqueConstraint(fields=["document", "number"], name="doc_version_once"),
        ]

    def __str__(self) -> str:
        return f"v{self.number}"


class DraftReview(models.Model):
    """A review step as it happened on one draft: its reviewer, due date (3 working days, seed 002
    Đ10.7), decision, and any disagreement recorded for the top leader (Đ10.8)."""

    class State(models.TextChoices):
        WAITING = "waiting", _("Chưa đến lượt")
        PENDING = "pending", _("Đang chờ duyệt")
        APPROVED = "approved", _("Đã đồng ý")
        RETURNED = "returned", _("Đã trả lại")
        SKIPPED = "skipped", _("Không áp dụng")

    document = models.ForeignKey(OutgoingDocument, on_delete=models.CASCADE, related_name="reviews")
    round = models.PositiveSmallIntegerField(default=1)  # each submission is a round
    order = models.PositiveSmallIntegerField()
    label = models.CharField(max_length=100)
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    role = models.CharField(max_length=30, blank=True)  # a role step: anyone holding it on the agency
    state = models.CharField(max_length=10, choices=State.choices, default=State.WAITING)
    started_at = models.DateTimeField(null=True, blank=True)
    due_date = models.DateField(null=True, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    version = models.ForeignKey(
        DraftVersion, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    disagreement = models.TextField(_("ý kiến khác nhau"), max_length=2000, blank=True)
    overdue_flagged_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["document_id", "round", "order"]
        indexes = [
            models.Index(fields=["reviewer", "state", "due_date"], name="doc_review_reviewer_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.order}. {self.label} ({self.get_state_display()})"


class ReviewComment(models.Model):
    """A reviewer's (or the drafter's) comment, kept with the version it was made on (DOC-4)."""

    document = models.ForeignKey(OutgoingDocument, on_delete=models.CASCADE, related_name="comments")
    version = models.ForeignKey(
        DraftVersion, null=True, blank=True, on_delete=models.PROTECT, related_name="comments"
    )
    review = models.ForeignKey(
        DraftReview, null=True, blank=True, on_delete=models.SET_NULL, related_name="comments"
    )
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    on_behalf_of = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    text = models.TextField(_("ý kiến"), max_length=2000)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.text[:80]


class OutgoingRecipient(models.Model):
    """Nơi nhận (To): an agency of this installation (delivered as its incoming document), an
    agency of the catalogue, or a name typed; with the delivery's state (F-1e, F-1k)."""

    class State(models.TextChoices):
        WAITING = "waiting", _("Chưa gửi")
        SENT = "sent", _("Đã gửi")
        RECEIVED = "received", _("Đã nhận")  # the receiving clerk registered it
        FAILED = "failed", _("Gửi lỗi")

    document = models.ForeignKey(OutgoingDocument, on_delete=models.CASCADE, related_name="recipients")
    unit = models.ForeignKey("org.Unit", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    external = models.ForeignKey(
        "catalogues.ExternalAgency", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField(_("nơi nhận"), max_length=200)  # OrganName
    organ_id = models.CharField(max_length=13, blank=True)  # OrganId
    state = models.CharField(max_length=10, choices=State.choices, default=State.WAITING)
    sent_at = models.DateTimeField(null=True, blank=True)
    received_at = models.DateTimeField(null=True, blank=True)
    delivered = models.ForeignKey(
        IncomingDocument, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    error = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["document_id", "id"]

    def __str__(self) -> str:
        return self.name


class DocumentFile(models.Model):
    """A file of a document beyond its main one: attachments (F-1b), with their extracted text for
    search (DOC-10; filled by a background job, OCR for scans without a text layer)."""

    class Kind(models.TextChoices):
        MAIN = "main", _("Văn bản")
        ATTACHMENT = "attachment", _("Tệp đính kèm")

    incoming = models.ForeignKey(
        IncomingDocument, null=True, blank=True, on_delete=models.CASCADE, related_name="files"
    )
    outgoing = models.ForeignKey(
        OutgoingDocument, null=True, blank=True, on_delete=models.CASCADE, related_name="files"
    )
    file = models.ForeignKey("core.StoredFile", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=12, choices=Kind.choices, default=Kind.ATTACHMENT)
    text = models.TextField(default="", editable=False)
    text_state = models.CharField(max_length=10, default="pending")  # pending, done, none, ocr, failed
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    added_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return str(self.file_id)


class DossierEntry(models.Model):
    """A document filed in a dossier, numbered in order (DocOrdinal, F-4b). One document may sit in
    several dossiers of different people without being copied (F-4e)."""

    dossier = models.ForeignKey(Dossier, on_delete=models.PROTECT, related_name="entries")
    ordinal = models.PositiveSmallIntegerField()  # ≤ 999 (Number 3)
    incoming = models.ForeignKey(
        IncomingDocument, null=True, blank=True, on_delete=models.PROTECT, related_name="dossier_entries"
    )
    outgoing = models.ForeignKey(
        OutgoingDocument, null=True, blank=True, on_delete=models.PROTECT, related_name="dossier_entries"
    )
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    added_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["dossier_id", "ordinal"]
        constraints = [
            models.UniqueConstraint(fields=["dossier", "ordinal"], name="doc_dossier_ordinal_once"),
            models.UniqueConstraint(fields=["dossier", "incoming"], name="doc_dossier_incoming_once"),
            models.UniqueConstraint(fields=["dossier", "outgoing"], name="doc_dossier_outgoing_once"),
        ]

    def __str__(self) -> str:
        return f"{self.dossier_id}#{self.ordinal}"


class DocumentReader(models.Model):
    """Who is on a document's path (F-3b): a person (with the unit they worked in then, so their
    leaders up the tree read it too), or a unit (its leaders read it). Written by the services that
    route, review, share and deliver; read by ``policies.visible_*``."""

    incoming = models.ForeignKey(
        IncomingDocument, null=True, blank=True, on_delete=models.CASCADE, related_name="readers"
    )
    outgoing = models.ForeignKey(
        OutgoingDocument, null=True, blank=True, on_delete=models.CASCADE, related_name="readers"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    unit_path = models.CharField(max_length=255, blank=True)
    shared = models.BooleanField(default=False)  # shared explicitly by someone who may read it
    # The document's agency, copied (it never changes): a clerk's search leaves out, from the ids
    # on their path, those of the agencies they keep, without reading the documents
    # (``search.policies.clerk_parts``).
    agency = models.ForeignKey(
        "org.Unit", null=True, blank=True, on_delete=models.CASCADE, related_name="+", db_index=False
    )

    class Meta:
        indexes = [
            models.Index(fields=["user", "incoming"], include=["agency"], name="doc_reader_user_in_idx"),
            models.Index(fields=["user", "outgoing"], include=["agency"], name="doc_reader_user_out_idx"),
            models.Index(fields=["unit_path"], name="doc_reader_path_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.user_id or self.unit_path}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.agency_id is None:  # whoever writes a path row without it: copied from the document
            document = self.incoming if self.incoming_id else self.outgoing
            self.agency_id = document.agency_id if document is not None else None
        super().save(*args, **kwargs)
