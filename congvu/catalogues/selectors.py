"""Reads of the catalogues, for the screens of every module and for the API (ADM-1, DOC-7)."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from congvu.catalogues.models import ConfidentialityLevel, DocumentType, ExternalAgency, Field, UrgencyLevel
from congvu.core.decisions import Refused
from congvu.core.text import fold

CLASSIFIED_REFUSED = (
    "Hệ thống không tiếp nhận văn bản, tài liệu có độ mật (mật, tối mật, tuyệt mật). Văn bản mật được "
    "xử lý ngoài hệ thống, theo quy định về bảo vệ bí mật nhà nước."
)
# The three levels of the law on state secrets, whatever the catalogue says (standards §2.5).
_SECRET_NAMES = {"mat", "toi mat", "tuyet mat"}


def is_secret_level(level: Any) -> bool:
    """Whether a confidentiality level (an object, its name or its id) marks a state secret."""
    if level is None or level == "":
        return False
    if isinstance(level, ConfidentialityLevel):
        return level.is_secret
    if isinstance(level, int):
        found = ConfidentialityLevel.objects.filter(pk=level).values_list("is_secret", flat=True).first()
        return bool(found)
    name = fold(str(level)).strip()
    if name in _SECRET_NAMES:
        return True
    for other, secret in ConfidentialityLevel.objects.values_list("name", "is_secret"):
        if fold(other) == name:
            return secret
    return False


def refuse_if_secret(level_name_or_obj: Any) -> None:
    """Raise ``Refused`` when the item is marked mật, tối mật or tuyệt mật (DOC-7).

    Modules that take in documents call this before anything is stored.
    """
    if is_secret_level(level_name_or_obj):
        raise Refused(CLASSIFIED_REFUSED, field="confidentiality")


def document_types(*, active_only: bool = True) -> QuerySet[DocumentType]:
    qs = DocumentType.objects.all()
    return qs.filter(is_active=True) if active_only else qs


def fields(*, active_only: bool = True) -> QuerySet[Field]:
    qs = Field.objects.all()
    return qs.filter(is_active=True) if active_only else qs


def urgency_levels(*, active_only: bool = True) -> QuerySet[UrgencyLevel]:
    qs = UrgencyLevel.objects.all()
    return qs.filter(is_active=True) if active_only else qs


def confidentiality_levels(
    *, active_only: bool = True, accepted_only: bool = False
) -> QuerySet[ConfidentialityLevel]:
    """``accepted_only``: only the levels the system may hold (not secret)."""
    qs = ConfidentialityLevel.objects.all()
    if active_only:
        qs = qs.filter(is_active=True)
    if accepted_only:
        qs = qs.filter(is_secret=False)
    return qs


def external_agencies(*, active_only: bool = True, query: str = "") -> QuerySet[ExternalAgency]:
    qs = ExternalAgency.objects.all()
    if active_only:
        qs = qs.filter(is_active=True)
    if query:
        qs = qs.filter(Q(name__icontains=query.strip()) | Q(agency_code__startswith=query.strip()))
    return qs


def document_type_by_abbreviation(abbreviation: str) -> DocumentType | None:
    """Exact match: 'QĐ' and 'QyĐ' are different types (R-DT-2)."""
    if not abbreviation:
        return None
    return DocumentType.objects.filter(abbreviation=abbreviation).first()
