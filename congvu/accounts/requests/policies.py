"""Who may see and act on account requests (ORG-3). Screens, API and services ask the same rules.

- A request is visible to its filer, to the leaders of the filing unit's subtree (heads and
  deputies in charge, personally or under a delegation) and to its administrators.
- A request is filed for a unit by that unit's head (``is_head_of``, delegation included), and
  its lines stay inside the unit's subtree.
- Administrators (``is_administrator`` on the unit or an ancestor) process or return it.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from congvu.accounts.models import AccountRequest
from congvu.core.decisions import Decision, Refused
from congvu.org import policies as org
from congvu.org import tree
from congvu.org.models import Unit


def visible_account_requests(user: Any) -> QuerySet[AccountRequest]:
    if user is None or not getattr(user, "is_authenticated", False):
        return AccountRequest.objects.none()
    if org.is_system_administrator(user):
        return AccountRequest.objects.all()
    paths = org.managed_unit_paths(user)  # led subtrees (incl. on someone's behalf) and administered ones
    return AccountRequest.objects.filter(Q(filed_by_id=user.pk) | tree.subtree_q(paths, prefix="unit__"))


def fileable_units(user: Any) -> list[Unit]:
    """Units this person may file a request for: those they head, or whose head they act for."""
    if user is None or not getattr(user, "is_authenticated", False):
        return []
    units: dict[int, Unit] = {u.pk: u for u in org.headed_units(user)}
    for principal in tree.principals(user):
        for unit in org.headed_units(principal):
            units.setdefault(unit.pk, unit)
    return sorted(units.values(), key=lambda u: u.path)


def can_file_any(user: Any) -> Decision:
    """May this person file requests at all (the "Lập đề nghị" screens)?"""
    if fileable_units(user):
        return Decision.allow()
    return Decision.deny("Chỉ thủ trưởng đơn vị mới lập được đề nghị tài khoản.")


def can_file(user: Any, unit: Unit) -> Decision:
    decision = org.is_head_of(user, unit)
    if decision:
        return decision
    return Decision.deny(f"Chỉ thủ trưởng {unit.name} mới lập được đề nghị tài khoản cho đơn vị này.")


def access_account_request(user: Any, pk: Any) -> AccountRequest:
    """The request, or 404 alike when it is missing or not visible. What the person may do with
    it is the workflow's answer (``ACCOUNT_REQUEST_WORKFLOW.check``)."""
    found = (
        visible_account_requests(user)
        .select_related("unit", "filed_by", "processed_by")
        .filter(pk=pk)
        .first()
        if str(pk).isdigit()
        else None
    )
    if found is None:
        raise Refused.not_found("Không tìm thấy đề nghị tài khoản.")
    return found


# --- guards of the workflow (``workflow.py``) -----------------------------------------------------


def is_head_of_filing_unit(actor: Any, account_request: AccountRequest) -> Decision:
    """Thủ trưởng đơn vị lập danh sách đề nghị (seed 000 Đ8.1): the unit's head, or whoever holds
    the head's authority through a delegation (ORG-8)."""
    decision = org.is_head_of(actor, account_request.unit)
    if decision:
        return decision
    return Decision.deny(f"Chỉ thủ trưởng {account_request.unit.name} mới lập và gửi được đề nghị này.")


def is_filer_or_head(actor: Any, account_request: AccountRequest) -> Decision:
    if actor is not None and getattr(actor, "pk", None) == account_request.filed_by_id:
        return Decision.allow()
    decision = org.is_head_of(actor, account_request.unit)
    if decision:
        return decision
    return Decision.deny("Chỉ người lập hoặc thủ trưởng đơn vị mới rút được đề nghị này.")


def is_administrator_of_unit(actor: Any, account_request: AccountRequest) -> Decision:
    """Văn phòng … thực hiện cấp mới, thay đổi, dừng hoạt động, hủy bỏ tài khoản (seed 000 Đ8.2):
    an administrator granted on the filing unit or an ancestor, or a system administrator."""
    decision = org.is_administrator(actor, account_request.unit)
    if decision:
        return decision
    return Decision.deny("Chỉ quản trị hệ thống phụ trách đơn vị này mới xử lý được đề nghị tài khoản.")


def is_administrator_for_any(user: Any) -> bool:
    """Does this person administer some unit (so the list shows the processing queue)?"""
    return bool(org.is_administrator(user))  # without a unit: any administrator grant counts
