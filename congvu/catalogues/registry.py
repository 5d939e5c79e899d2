"""The five catalogues, described once: one set of views, templates and API endpoints serves them
all, while each keeps its own typed form and its own service (ADM-1)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import Model, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from congvu.catalogues import forms, services
from congvu.catalogues.models import ConfidentialityLevel, DocumentType, ExternalAgency, Field, UrgencyLevel


@dataclass(frozen=True)
class Column:
    label: Any
    attr: str
    code: bool = False  # shown in a monospace <code>, exactly as stored (R-DT-2)


@dataclass(frozen=True)
class Catalogue:
    slug: str  # the URL segment under /danh-muc/
    api_name: str  # the URL segment under /api/v1/catalogues/
    model: type[Model]
    title: Any
    item: Any  # one entry, for "Thêm …"
    description: Any
    form: type[forms.CatalogueForm]
    service: Callable[..., Any]  # creates or changes: service(entry=..., actor=..., **cleaned_data)
    columns: tuple[Column, ...]
    order: tuple[str, ...]  # keyset order, ending with id
    search_fields: tuple[str, ...] = ("name",)

    def search(self, qs: QuerySet, query: str) -> QuerySet:
        query = (query or "").strip()
        if not query:
            return qs
        condition = Q()
        for name in self.search_fields:
            condition |= Q(**{f"{name}__icontains": query})
        return qs.filter(condition)

    def cells(self, entry: Any) -> list[tuple[Any, Any, bool]]:
        """(label, value, is_code) for each column of one row."""
        result = []
        for column in self.columns:
            value = getattr(entry, column.attr)
            if isinstance(value, bool):
                value = _("Có") if value else _("Không")
            result.append((column.label, value, column.code))
        return result


CATALOGUES: tuple[Catalogue, ...] = (
    Catalogue(
        slug="loai-van-ban",
        api_name="document-types",
        model=DocumentType,
        title=_("Loại văn bản"),
        item=_("loại văn bản"),
        description=_("29 loại văn bản hành chính và các bản sao theo Nghị định 30/2020, với chữ viết tắt."),
        form=forms.DocumentTypeForm,
        service=services.document_type_save,
        columns=(
            Column(_("Tên loại"), "name"),
            Column(_("Chữ viết tắt"), "abbreviation", code=True),
            Column(_("Thứ tự"), "sort_order"),
        ),
        order=("sort_order", "name", "id"),
        search_fields=("name", "abbreviation"),
    ),
    Catalogue(
        slug="linh-vuc",
        api_name="fields",
        model=Field,
        title=_("Lĩnh vực"),
        item=_("lĩnh vực"),
        description=_("Lĩnh vực của văn bản, công việc, dùng để phân loại và thống kê."),
        form=forms.FieldForm,
        service=services.field_save,
        columns=(
            Column(_("Tên lĩnh vực"), "name"),
            Column(_("Mã"), "code", code=True),
            Column(_("Thứ tự"), "sort_order"),
        ),
        order=("sort_order", "name", "id"),
        search_fields=("name", "code"),
    ),
    Catalogue(
        slug="do-khan",
        api_name="urgency-levels",
        model=UrgencyLevel,
        title=_("Độ khẩn"),
        item=_("độ khẩn"),
        description=_("Thường, khẩn, thượng khẩn, hỏa tốc, với mã Priority của gói tin edXML."),
        form=forms.UrgencyLevelForm,
        service=services.urgency_level_save,
        columns=(Column(_("Tên"), "name"), Column(_("Mã edXML"), "edxml_priority", code=True)),
        order=("edxml_priority", "id"),
    ),
    Catalogue(
        slug="do-mat",
        api_name="confidentiality-levels",
        model=ConfidentialityLevel,
        title=_("Độ mật"),
        item=_("độ mật"),
        description=_("Hệ thống chỉ tiếp nhận văn bản thường; văn bản mật, tối mật, tuyệt mật bị từ chối."),
        form=forms.ConfidentialityLevelForm,
        service=services.confidentiality_level_save,
        columns=(
            Column(_("Tên"), "name"),
            Column(_("Bí mật nhà nước"), "is_secret"),
            Column(_("Thứ tự"), "sort_order"),
        ),
        order=("sort_order", "id"),
    ),
    Catalogue(
        slug="co-quan-ngoai",
        api_name="external-agencies",
        model=ExternalAgency,
        title=_("Cơ quan bên ngoài"),
        item=_("cơ quan"),
        description=_("Cơ quan gửi, nhận văn bản bên ngoài, với mã định danh theo QCVN 102:2016/BTTTT."),
        form=forms.ExternalAgencyForm,
        service=services.external_agency_save,
        columns=(
            Column(_("Tên cơ quan"), "name"),
            Column(_("Mã định danh"), "agency_code", code=True),
            Column(_("Thư điện tử"), "email"),
        ),
        order=("name", "id"),
        search_fields=("name", "agency_code", "email"),
    ),
)

BY_SLUG = {c.slug: c for c in CATALOGUES}
BY_API_NAME = {c.api_name: c for c in CATALOGUES}
