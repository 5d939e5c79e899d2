"""Administrative-reform scoring — chấm điểm chỉ số CCHC and mức độ hoàn thành nhiệm vụ (seed 003;
MISSION SCORE-1..SCORE-6; standards §6).

Home Affairs (Sở Nội vụ, the management accounts) keeps a criteria set per year and kind: a tree
of areas, criteria and sub-criteria whose maxima add up (R-PAR-1). A scoring period puts a set to
work for a list of assessed units: each unit scores itself (``Assessment`` and its ``Score`` rows,
one per leaf criterion), its leader approves and submits it; council members appraise the criteria
they cover (``Appraisal``, the appraisal account of seed 003 Đ10), and Home Affairs publishes the
totals and the ranking. A criteria set in use is frozen; scores from different sets never mix
(R-PAR-4).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    PAR_INDEX = "par_index", _("Chỉ số cải cách hành chính")
    TASK_COMPLETION = "task_completion", _("Mức độ hoàn thành nhiệm vụ")


class CriteriaSet(models.Model):
    """One year's tree of criteria for one kind of scoring (SCORE-1)."""

    year = models.PositiveSmallIntegerField(_("năm"))
    kind = models.CharField(_("loại"), max_length=20, choices=Kind.choices)
    name = models.CharField(_("tên bộ tiêu chí"), max_length=300)
    copied_from = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("sao chép từ"),
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("-year", "kind", "name", "pk")
        constraints = [
            models.UniqueConstraint(fields=("year", "kind", "name"), name="scoring_set_unique_name")
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.year})"


class Criterion(models.Model):
    """A node of the tree: an area (lĩnh vực), a criterion (tiêu chí) or a sub-criterion (tiêu chí
    thành phần). Only leaves are scored; a node's maximum is the sum of its children's (R-PAR-1).

    ``sort_key`` is the code with each part zero-padded ("001.001.003"), so the tree reads in order
    and a node's subtree is a prefix; ``area`` is the top-level ancestor (itself for an area)."""

    class Level(models.IntegerChoices):
        AREA = 1, _("Lĩnh vực")
        CRITERION = 2, _("Tiêu chí")
        SUB_CRITERION = 3, _("Tiêu chí thành phần")

    class Method(models.TextChoices):
        MANUAL = "manual", _("Chấm theo hướng dẫn")
        BINARY = "binary", _("Đạt / không đạt")
        TIERED = "tiered", _("Theo mức")
        PROPORTIONAL = "proportional", _("Theo tỷ lệ")
        DEDUCTION = "deduction", _("Trừ điểm")
        SURVEY = "survey", _("Điều tra xã hội học")

    criteria_set = models.ForeignKey(CriteriaSet, on_delete=models.CASCADE, related_name="criteria")
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="children"
    )
    area = models.ForeignKey("self", null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    code = models.CharField(_("mã"), max_length=20)
    name = models.CharField(_("tên"), max_length=500)
    level = models.PositiveSmallIntegerField(_("cấp"), choices=Level.choices)
    max_points = models.DecimalField(_("điểm tối đa"), max_digits=6, decimal_places=2)
    method = models.CharField(
        _("phương pháp chấm"), max_length=20, choices=Method.choices, default=Method.MANUAL
    )
    tiers = models.JSONField(_("các mức điểm"), default=list, blank=True)  # ["1.00", "0.50", "0"]
    deduction_step = models.DecimalField(
        _("điểm trừ mỗi lần"), max_digits=6, decimal_places=2, null=True, blank=True
    )
    guidance = models.TextField(_("hướng dẫn chấm"), blank=True)
    evidence_required = models.BooleanField(_("yêu cầu tài liệu kiểm chứng"), default=False)
    is_leaf = models.BooleanField(default=True)
    sort_key = models.CharField(max_length=80)

    class Meta:
        ordering = ("criteria_set", "sort_key")
        constraints = [
            models.UniqueConstraint(fields=("criteria_set", "code"), name="scoring_criterion_code")
        ]
        indexes = [models.Index(fields=("criteria_set", "sort_key"), name="scoring_criterion_order")]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    @property
    def is_survey(self) -> bool:
        return self.method == self.Method.SURVEY


class Period(models.Model):
    """A scoring round (kỳ chấm điểm): a set put to work for some units, with two deadlines."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Đang chuẩn bị")
        OPEN = "open", _("Đang chấm điểm")
        PUBLISHED = "published", _("Đã công bố")

    criteria_set = models.ForeignKey(
        CriteriaSet, on_delete=models.PROTECT, related_name="periods", verbose_name=_("bộ tiêu chí")
    )
    year = models.PositiveSmallIntegerField(_("năm"))
    kind = models.CharField(_("loại"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("tên kỳ chấm điểm"), max_length=300)
    self_deadline = models.DateField(_("hạn tự đánh giá"))
    appraisal_deadline = models.DateField(_("hạn thẩm định"))
    with_survey = models.BooleanField(_("có điều tra xã hội học"), default=True)
    survey_questions = models.JSONField(_("phiếu khảo sát"), default=list, blank=True)
    status = models.CharField(_("trạng thái"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    opened_at = models.DateTimeField(null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("-year", "kind", "-pk")

    def __str__(self) -> str:
        return self.title


class Assessment(models.Model):
    """One unit's self-assessment in a period (SCORE-3, SCORE-4), and the home of its scores."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Đang tự đánh giá")
        APPROVED = "approved", _("Lãnh đạo đã duyệt")
        SUBMITTED = "submitted", _("Đã gửi")

    period = models.ForeignKey(Period, on_delete=models.CASCADE, related_name="assessments")
    unit = models.ForeignKey(
        "org.Unit", on_delete=models.PROTECT, related_name="scoring_assessments", verbose_name=_("đơn vị")
    )
    unit_path = models.CharField(max_length=255)  # a copy of the unit's path: the lists' one index
    status = models.CharField(_("trạng thái"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    deadline = models.DateField(_("hạn riêng"), null=True, blank=True)  # set when Home Affairs reopens
    self_total = models.DecimalField(max_digits=8, decimal_places=2, default=0)
    survey_answers = models.JSONField(default=dict, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ("period", "unit__path")
        constraints = [models.UniqueConstraint(fields=("period", "unit"), name="scoring_assessment_unit")]
        indexes = [models.Index(fields=("status", "period"), name="scoring_assessment_state")]

    def __str__(self) -> str:
        return f"{self.unit} — {self.period}"

    @property
    def due_on(self):  # noqa: ANN201 - a date
        return self.deadline or self.period.self_deadline


class Score(models.Model):
    """One leaf criterion of one assessment: the self-score and its explanation and evidence, the
    survey score (survey leaves, entered by Home Affairs) and the appraised score with its reason."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(Criterion, on_delete=models.PROTECT, related_name="+")
    self_score = models.DecimalField(_("điểm tự đánh giá"), max_digits=6, decimal_places=2, null=True)
    explanation = models.TextField(_("giải trình"), blank=True)
    achieved = models.DecimalField(_("số đạt được"), max_digits=12, decimal_places=2, null=True)
    planned = models.DecimalField(_("số kế hoạch"), max_digits=12, decimal_places=2, null=True)
    deductions = models.PositiveSmallIntegerField(_("số lần bị trừ"), null=True)
    survey_score = models.DecimalField(_("điểm điều tra"), max_digits=6, decimal_places=2, null=True)
    appraised_score = models.DecimalField(_("điểm thẩm định"), max_digits=6, decimal_places=2, null=True)
    appraisal_reason = models.TextField(_("lý do điều chỉnh"), blank=True)
    appraised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    appraised_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ("assessment", "criterion__sort_key")
        constraints = [models.UniqueConstraint(fields=("assessment", "criterion"), name="scoring_score_leaf")]
        indexes = [models.Index(fields=("criterion", "assessment"), name="scoring_score_criterion")]

    def __str__(self) -> str:
        return f"{self.assessment_id}:{self.criterion_id}"


class Evidence(models.Model):
    """A piece of evidence (tài liệu kiểm chứng) for a self-score: a file, or a link to a page of
    Công Vụ that already holds it."""

    score = models.ForeignKey(Score, on_delete=models.CASCADE, related_name="evidence")
    file = models.ForeignKey(
        "core.StoredFile", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    link = models.CharField(_("đường dẫn"), max_length=500, blank=True)
    title = models.CharField(_("tên tài liệu"), max_length=300)
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("score", "pk")

    def __str__(self) -> str:
        return self.title


class Appraisal(models.Model):
    """A council member's appraisal account in a period (seed 003 Đ10): the criteria they cover;
    locked once they send their results."""

    class Status(models.TextChoices):
        OPEN = "open", _("Đang thẩm định")
        SUBMITTED = "submitted", _("Đã gửi kết quả")

    period = models.ForeignKey(Period, on_delete=models.CASCADE, related_name="appraisals")
    appraiser = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="scoring_appraisals",
        verbose_name=_("thành viên thẩm định"),
    )  # fmt: skip
    criteria = models.ManyToManyField(Criterion, related_name="+", verbose_name=_("tiêu chí phụ trách"))
    status = models.CharField(_("trạng thái"), max_length=20, choices=Status.choices, default=Status.OPEN)
    submitted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ("period", "pk")
        constraints = [
            models.UniqueConstraint(fields=("period", "appraiser"), name="scoring_appraisal_person")
        ]

    def __str__(self) -> str:
        return f"{self.appraiser} — {self.period}"


class EntryRequest(models.Model):
    """A unit asks Home Affairs for a data-entry account for someone of one of its sub-units
    (seed 003 Đ6.1, Đ8.2 bước 2)."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Chờ Sở Nội vụ duyệt")
        APPROVED = "approved", _("Đã cấp")
        REJECTED = "rejected", _("Không cấp")

    unit = models.ForeignKey("org.Unit", on_delete=models.PROTECT, related_name="+", verbose_name=_("đơn vị"))
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("người được cấp")
    )
    reason = models.CharField(_("lý do"), max_length=1000)
    status = models.CharField(_("trạng thái"), max_length=20, choices=Status.choices, default=Status.PENDING)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ("-requested_at", "-pk")
        indexes = [models.Index(fields=("status", "requested_at"), name="scoring_request_state")]

    def __str__(self) -> str:
        return f"{self.person} — {self.unit}"
