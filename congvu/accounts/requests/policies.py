"""Who may see and act on account requests (ORG-3). Screens, API and services ask the same rules.

- A request is visible to its filer, to the leaders of the filing unit's subtree (heads and
  deputies in charge, personally or under a delegation) and to its administrators.
- A request is filed for a unit by that unit's head (``is_head_of``, delegation included), and
  its lines stay inside the unit's subtree.
- Administrators (``is_administrator`` on the unit or an ancestor) process or return it.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from congvu.accounts.models import AccountRequest
from congvu.accounts.requests.workflow import (
    ACCOUNT_REQUEST_WORKFLOW,
    EDITABLE_STATES,
    is_head_of_filing_unit,
)
from congvu.core.decisions import Decision
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


def can_file(user: Any, unit: Unit) -> Decision:
    decision = org.is_head_of(user, unit)
    if decision:
        return decision
    return Decision.deny(f"Chỉ thủ trưởng {unit.name} mới lập được đề nghị tài khoản cho đơn vị này.")


def can_edit(user: Any, account_request: AccountRequest) -> Decision:
    """Lines may be added, changed or removed while the request is a draft or was returned."""
    if account_request.status not in EDITABLE_STATES:
        return Decision.deny("Chỉ sửa được đề nghị đang soạn hoặc bị trả lại.")
    return is_head_of_filing_unit(user, account_request)


def can(user: Any, action: str, account_request: AccountRequest) -> Decision:
    """One question for every action: ``view``, ``edit``, ``pdf`` or a workflow transition."""
    if action in {"view", "pdf"}:
        return Decision.allow()  # visibility was checked when the row was fetched
    if action == "edit":
        return can_edit(user, account_request)
    return ACCOUNT_REQUEST_WORKFLOW.check(action, account_request, user)


def access_account_request(user: Any, pk: Any, action: str = "view") -> AccountRequest:
    """The request, or 404 when it is missing or not visible, 403 when visible but not allowed."""
    try:
        account_request = (
            visible_account_requests(user).select_related("unit", "filed_by", "processed_by").get(pk=pk)
        )
    except (AccountRequest.DoesNotExist, ValueError, TypeError):
        raise Http404("Không tìm thấy đề nghị tài khoản.") from None
    decision = can(user, action, account_request)
    if not decision:
        raise PermissionDenied(decision.reason)
    return account_request


def is_administrator_for_any(user: Any) -> bool:
    """Does this person administer some unit (so the list shows the processing queue)?"""
    return bool(org.is_administrator(user))  # without a unit: any administrator grant counts
