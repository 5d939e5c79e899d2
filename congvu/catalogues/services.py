"""Writes to the catalogues (ADM-1): one service per catalogue, each audited in its transaction.

The rules that come from law are enforced here, so the web screens, the API and any later import
share them:

- document type abbreviations follow Nghị định 30/2020 Phụ lục III: unique, letters only, never "CV",
  none for Công văn and Thư công (R-DT-1), case kept exactly (R-DT-2);
- legal defaults (the decree's types, urgency and confidentiality levels) keep their name and code;
  they can be deactivated, never deleted;
- a confidentiality level that is secret never becomes non-secret (DOC-7);
- an external agency's code has the national format (standards §1.2, R-ID-1) and is unique.
"""

from __future__ import annotations

import re
from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, models, transaction

from congvu.catalogues.models import ConfidentialityLevel, DocumentType, ExternalAgency, Field, UrgencyLevel
from congvu.catalogues.policies import can_edit_catalogues
from congvu.core import audit
from congvu.core.decisions import Refused
from congvu.core.text import clean_text, fold, nfc

M = TypeVar("M", bound=models.Model)

AGENCY_CODE = re.compile(r"^[0-9]{3}\.[0-9]{2}\.[0-9]{2}\.[A-Z][0-9]{2}$")  # R-ID-1
_LETTERS = re.compile(r"^[^\W\d_]+$")
_CODE = re.compile(r"^[^\W_]+$")
NO_ABBREVIATION = {"cong van", "thu cong"}  # R-DT-1
CV_REFUSED = (
    "Không dùng “CV” làm chữ viết tắt: theo Nghị định 30/2020 (Phụ lục III), công văn không có chữ viết "
    "tắt tên loại. Ký hiệu công văn gồm chữ viết tắt tên cơ quan và đơn vị soạn thảo, ví dụ 05/BNV-VP."
)
LEGAL_DEFAULT_LOCKED = "Mục này theo quy định của pháp luật (Nghị định 30/2020) nên không sửa được {what}."
MAX_EDXML_PRIORITY = 3


def _check_actor(actor: Any) -> None:
    if actor is None:  # the system itself (data loading)
        return
    can_edit_catalogues(actor).require()


def _required_name(value: str, *, label: str = "tên", max_length: int = 200) -> str:
    name = clean_text(value)
    if not name:
        raise Refused(f"Vui lòng nhập {label}.", field="name")
    if len(name) > max_length:
        raise Refused(f"{label.capitalize()} dài quá {max_length} ký tự.", field="name")
    return name


def _refuse_duplicate(model: type[models.Model], field: str, value: str, entry: Any, message: str) -> None:
    """Case-insensitive (but not accent-insensitive: 'DA' ≠ 'ĐA') uniqueness, compared in Python
    because SQLite folds case for ASCII letters only. Catalogues are small."""
    if not value:
        return
    wanted = value.casefold()
    rows = model._default_manager.exclude(pk=getattr(entry, "pk", None)).values_list(field, flat=True)
    if any((other or "").casefold() == wanted for other in rows):
        raise Refused(message, field=field)


def _locked(entry: Any, values: dict[str, Any], fields: dict[str, str]) -> None:
    """Legal defaults keep the listed fields exactly."""
    if entry is None or not getattr(entry, "is_legal_default", False):
        return
    for field, what in fields.items():
        if field in values and values[field] != getattr(entry, field):
            raise Refused(LEGAL_DEFAULT_LOCKED.format(what=what), field=field)


def _snapshot(entry: models.Model, fields: list[str]) -> dict[str, Any]:
    return {name: getattr(entry, name) for name in fields}


def _save(
    model: type[M], entry: M | None, values: dict[str, Any], *, actor: Any, field_for_conflict: str
) -> M:
    """Create or update one row with ``values`` and record the change, in one transaction."""
    label = f"catalogues.{model._meta.model_name}"
    try:
        with transaction.atomic():
            if entry is None:
                obj = model(**values)
                obj.save(force_insert=True)
                audit.record(actor=actor, action=f"{label}.created", obj=obj, after=values)
                return obj
            locked = model._default_manager.select_for_update().get(pk=entry.pk)
            before = _snapshot(locked, list(values))
            changed = {k: v for k, v in values.items() if before[k] != v}
            if not changed:
                return locked
            for key, value in changed.items():
                setattr(locked, key, value)
            locked.save(update_fields=list(changed))
            audit.record(
                actor=actor,
                action=f"{label}.updated",
                obj=locked,
                before={k: before[k] for k in changed},
                after=changed,
            )
            return locked
    except IntegrityError:  # a concurrent write took the same name or code
        raise Refused(
            "Đã có mục khác trùng tên hoặc mã. Vui lòng kiểm tra lại.", field=field_for_conflict
        ) from None


# --- document types --------------------------------------------------------------------------------


def clean_abbreviation(*, name: str, abbreviation: str) -> str:
    """The abbreviation as it will be stored, or Refused with the rule it breaks (R-DT-1, R-DT-2)."""
    abbr = nfc(abbreviation).strip()
    if fold(name) in NO_ABBREVIATION:
        if abbr:
            raise Refused(
                f"{name} không có chữ viết tắt tên loại (Nghị định 30/2020, Phụ lục III). "
                "Hãy để trống ô chữ viết tắt.",
                field="abbreviation",
            )
        return ""
    if not abbr:
        return ""
    if abbr.casefold() == "cv":
        raise Refused(CV_REFUSED, field="abbreviation")
    if len(abbr) > 10:
        raise Refused("Chữ viết tắt dài tối đa 10 ký tự.", field="abbreviation")
    if not _LETTERS.match(abbr):
        raise Refused(
            "Chữ viết tắt chỉ gồm chữ cái, không có dấu cách, chữ số hay ký tự “/”, “-” (ví dụ QĐ, QyĐ, TTr).",
            field="abbreviation",
        )
    return abbr


def document_type_save(
    *, entry: DocumentType | None, name: str, abbreviation: str = "", sort_order: int = 0, actor: Any
) -> DocumentType:
    """Create (``entry=None``) or change a document type."""
    _check_actor(actor)
    name = _required_name(name, label="tên loại văn bản", max_length=100)
    abbr = clean_abbreviation(name=name, abbreviation=abbreviation)
    values = {"name": name, "abbreviation": abbr, "sort_order": int(sort_order or 0)}
    _locked(entry, values, {"name": "tên loại", "abbreviation": "chữ viết tắt"})
    _refuse_duplicate(DocumentType, "name", name, entry, "Đã có loại văn bản cùng tên.")
    _refuse_duplicate(
        DocumentType,
        "abbreviation",
        abbr,
        entry,
        f"Chữ viết tắt “{abbr}” đã được dùng cho loại văn bản khác.",
    )
    return _save(DocumentType, entry, values, actor=actor, field_for_conflict="abbreviation")


# --- fields ----------------------------------------------------------------------------------------


def field_save(*, entry: Field | None, name: str, code: str = "", sort_order: int = 0, actor: Any) -> Field:
    """Create or change a field (lĩnh vực)."""
    _check_actor(actor)
    name = _required_name(name, label="tên lĩnh vực", max_length=150)
    code = nfc(code).strip()
    if code and (len(code) > 20 or not _CODE.match(code)):
        raise Refused("Mã lĩnh vực gồm chữ cái và chữ số, tối đa 20 ký tự, không có dấu cách.", field="code")
    values = {"name": name, "code": code, "sort_order": int(sort_order or 0)}
    _refuse_duplicate(Field, "name", name, entry, "Đã có lĩnh vực cùng tên.")
    _refuse_duplicate(Field, "code", code, entry, f"Mã “{code}” đã được dùng cho lĩnh vực khác.")
    return _save(Field, entry, values, actor=actor, field_for_conflict="name")


# --- urgency levels --------------------------------------------------------------------------------


def urgency_level_save(
    *, entry: UrgencyLevel | None, name: str, edxml_priority: int, actor: Any
) -> UrgencyLevel:
    """Create or change an urgency level; ``edxml_priority`` is the edXML Priority code (standards §1.4)."""
    _check_actor(actor)
    name = _required_name(name, label="tên độ khẩn", max_length=50)
    if edxml_priority is None or not 0 <= int(edxml_priority) <= MAX_EDXML_PRIORITY:
        raise Refused(
            "Mã edXML của độ khẩn là 0 (thường), 1 (khẩn), 2 (thượng khẩn) hoặc 3 (hỏa tốc). "
            "Mã 4 (hỏa tốc hẹn giờ) là mã cũ, Nghị định 30/2020 không còn mức này.",
            field="edxml_priority",
        )
    priority = int(edxml_priority)
    values = {"name": name, "edxml_priority": priority}
    _locked(entry, values, {"name": "tên", "edxml_priority": "mã edXML"})
    _refuse_duplicate(UrgencyLevel, "name", name, entry, "Đã có độ khẩn cùng tên.")
    taken = UrgencyLevel.objects.filter(edxml_priority=priority)
    if entry is not None:
        taken = taken.exclude(pk=entry.pk)
    if taken.exists():
        raise Refused("Mã edXML này đã được dùng cho độ khẩn khác.", field="edxml_priority")
    return _save(UrgencyLevel, entry, values, actor=actor, field_for_conflict="edxml_priority")


# --- confidentiality levels ------------------------------------------------------------------------


def confidentiality_level_save(
    *, entry: ConfidentialityLevel | None, name: str, is_secret: bool, sort_order: int = 0, actor: Any
) -> ConfidentialityLevel:
    """Create or change a confidentiality level. A secret level stays secret (DOC-7): making it
    non-secret would let state secrets into the system."""
    _check_actor(actor)
    name = _required_name(name, label="tên độ mật", max_length=50)
    if entry is not None and entry.is_secret and not is_secret:
        raise Refused(
            "Không thể bỏ đánh dấu bí mật nhà nước của một độ mật: hệ thống không tiếp nhận văn bản mật.",
            field="is_secret",
        )
    values = {"name": name, "is_secret": bool(is_secret), "sort_order": int(sort_order or 0)}
    _locked(entry, values, {"name": "tên", "is_secret": "tính chất bí mật"})
    _refuse_duplicate(ConfidentialityLevel, "name", name, entry, "Đã có độ mật cùng tên.")
    return _save(ConfidentialityLevel, entry, values, actor=actor, field_for_conflict="name")


# --- external agencies -----------------------------------------------------------------------------


def external_agency_save(
    *,
    entry: ExternalAgency | None,
    name: str,
    agency_code: str = "",
    address: str = "",
    email: str = "",
    actor: Any,
) -> ExternalAgency:
    """Create or change an external agency; its code is stored as given, never reformatted (R-ID-1)."""
    _check_actor(actor)
    name = _required_name(name, label="tên cơ quan", max_length=200)
    code = (agency_code or "").strip()
    if code and not AGENCY_CODE.match(code):
        raise Refused(
            "Mã định danh không đúng định dạng: ba nhóm số và một chữ hoa với hai chữ số, "
            "ví dụ 000.00.00.G22 (QCVN 102:2016/BTTTT).",
            field="agency_code",
        )
    email = (email or "").strip()
    if email:
        try:
            validate_email(email)
        except ValidationError:
            raise Refused("Địa chỉ thư điện tử không hợp lệ.", field="email") from None
    values = {"name": name, "agency_code": code, "address": clean_text(address)[:500], "email": email}
    if code:
        taken = ExternalAgency.objects.filter(agency_code=code)
        if entry is not None:
            taken = taken.exclude(pk=entry.pk)
        other = taken.first()
        if other is not None:
            raise Refused(f"Mã định danh {code} đã được dùng cho {other.name}.", field="agency_code")
    return _save(ExternalAgency, entry, values, actor=actor, field_for_conflict="agency_code")


# --- any catalogue ---------------------------------------------------------------------------------


def entry_set_active(*, entry: Any, active: bool, actor: Any) -> Any:
    """Put an entry in or out of use. Entries out of use stay on the documents that name them."""
    _check_actor(actor)
    model = type(entry)
    with transaction.atomic():
        locked = model._default_manager.select_for_update().get(pk=entry.pk)
        if locked.is_active == active:
            return locked
        locked.is_active = active
        locked.save(update_fields=["is_active"])
        label = f"catalogues.{model._meta.model_name}"
        audit.record(
            actor=actor,
            action=f"{label}.{'activated' if active else 'deactivated'}",
            obj=locked,
            before={"is_active": not active},
            after={"is_active": active},
        )
    return locked


def entry_delete(*, entry: models.Model, actor: Any) -> None:
    """Delete an entry made by mistake. Legal defaults and entries in use are only deactivated."""
    _check_actor(actor)
    if getattr(entry, "is_legal_default", False):
        raise Refused("Mục này theo quy định của pháp luật nên không xóa được; có thể ngừng sử dụng.")
    model = type(entry)
    fields = [f.name for f in model._meta.concrete_fields if f.name != "id"]
    try:
        with transaction.atomic():
            locked = model._default_manager.select_for_update().get(pk=entry.pk)
            before = _snapshot(locked, fields)
            audit.record(
                actor=actor, action=f"catalogues.{model._meta.model_name}.deleted", obj=locked, before=before
            )
            locked.delete()
    except (models.ProtectedError, models.RestrictedError, IntegrityError):
        raise Refused("Mục này đang được sử dụng nên không xóa được; hãy ngừng sử dụng.") from None
