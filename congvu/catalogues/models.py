"""Catalogues (ADM-1): settings, not code. Loaded with the legal defaults, edited by administrators."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class DocumentType(models.Model):
    """Loại văn bản with its Nghị định 30/2020 abbreviation (Phụ lục III; standards §2.1).

    "Công văn" and "Thư công" have no abbreviation (R-DT-1); mixed case such as QyĐ, CTr, TTr is
    kept exactly (R-DT-2).
    """

    name = models.CharField(_("tên loại"), max_length=100, unique=True)
    abbreviation = models.CharField(_("viết tắt"), max_length=10, blank=True)
    is_legal_default = models.BooleanField(default=False, editable=False)
    is_active = models.BooleanField(_("đang dùng"), default=True)
    sort_order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["sort_order", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["abbreviation"],
                condition=~models.Q(abbreviation=""),
                name="document_type_abbr_unique",
            )
        ]
        verbose_name = _("loại văn bản")
        verbose_name_plural = _("loại văn bản")

    def __str__(self) -> str:
        return self.name


class Field(models.Model):
    """Lĩnh vực."""

    name = models.CharField(_("tên lĩnh vực"), max_length=150, unique=True)
    code = models.CharField(_("mã"), max_length=20, blank=True)
    is_legal_default = models.BooleanField(default=False, editable=False)
    is_active = models.BooleanField(_("đang dùng"), default=True)
    sort_order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["sort_order", "name"]
        verbose_name = _("lĩnh vực")
        verbose_name_plural = _("lĩnh vực")

    def __str__(self) -> str:
        return self.name


class UrgencyLevel(models.Model):
    """Độ khẩn (standards §2.5): thường, khẩn, thượng khẩn, hỏa tốc; ``edxml_priority`` per §1.4."""

    name = models.CharField(_("tên"), max_length=50, unique=True)
    edxml_priority = models.PositiveSmallIntegerField(_("mã edXML"), unique=True)
    is_legal_default = models.BooleanField(default=False, editable=False)
    is_active = models.BooleanField(_("đang dùng"), default=True)

    class Meta:
        ordering = ["edxml_priority"]
        verbose_name = _("độ khẩn")
        verbose_name_plural = _("độ khẩn")

    def __str__(self) -> str:
        return self.name


class ConfidentialityLevel(models.Model):
    """Độ mật. Only "Thường" is accepted in the system; the secret levels are listed so that
    forms can name them and refuse them (DOC-7)."""

    name = models.CharField(_("tên"), max_length=50, unique=True)
    is_secret = models.BooleanField(_("là bí mật nhà nước"), default=False)
    is_legal_default = models.BooleanField(default=False, editable=False)
    is_active = models.BooleanField(_("đang dùng"), default=True)
    sort_order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["sort_order"]
        verbose_name = _("độ mật")
        verbose_name_plural = _("độ mật")

    def __str__(self) -> str:
        return self.name


class ExternalAgency(models.Model):
    """Cơ quan gửi / nhận bên ngoài, with its national code (standards §1.2)."""

    name = models.CharField(_("tên cơ quan"), max_length=200)
    agency_code = models.CharField(_("mã định danh"), max_length=13, blank=True)
    address = models.CharField(_("địa chỉ"), max_length=500, blank=True)
    email = models.EmailField(_("thư điện tử"), blank=True)
    is_legal_default = models.BooleanField(default=False, editable=False)
    is_active = models.BooleanField(_("đang dùng"), default=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["agency_code"],
                condition=~models.Q(agency_code=""),
                name="external_agency_code_unique",
            )
        ]
        verbose_name = _("cơ quan bên ngoài")
        verbose_name_plural = _("cơ quan bên ngoài")

    def __str__(self) -> str:
        return self.name
