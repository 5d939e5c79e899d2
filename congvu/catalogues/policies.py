"""Who may read and who may change the catalogues (ADM-1).

Every signed-in person reads them (forms of every module offer their entries); only administrators
change them. Administration is a role and is never lent through a delegation (org policies).
"""

from __future__ import annotations

from typing import Any

from django.db.models import Model

from congvu.core.decisions import Decision, Refused
from congvu.org import policies as org_policies


def can_read_catalogues(user: Any) -> Decision:
    if user is None or not getattr(user, "is_authenticated", False):
        return Decision.deny("Vui lòng đăng nhập.")
    return Decision.allow()


def can_edit_catalogues(user: Any) -> Decision:
    decision = org_policies.is_administrator(user)
    if decision:
        return decision
    return Decision.deny("Chỉ quản trị hệ thống mới sửa được danh mục.")


def access_entry(user: Any, model: type[Model], pk: Any, action: str = "view") -> Any:
    """The catalogue entry, 404 when missing, 403 when the user may not ``action`` ("view" or "edit")."""
    can_read_catalogues(user).require()
    entry = model._default_manager.filter(pk=pk).first() if str(pk).isdigit() else None
    if entry is None:
        raise Refused.not_found("Không tìm thấy mục danh mục.")
    if action != "view":
        can_edit_catalogues(user).require()
    return entry
