"""Who may see and file into work dossiers (hồ sơ công việc, Phụ lục VI F-4a..F-4e), and the rules
of a route's recipients (DOC-2). The rules on incoming documents themselves are the module's
(``congvu.documents.policies``)."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from congvu.core.decisions import Decision, Refused
from congvu.documents.models import Dossier
from congvu.documents.policies import clerk_agency_ids, leader_agency_ids
from congvu.org import policies as org
from congvu.org import tree
from congvu.org.models import Unit

NOT_DOSSIER_UNIT = "Chỉ người thuộc đơn vị lập hồ sơ mới lưu văn bản vào hồ sơ này được."


def _unit_ids(user: Any) -> set[int]:
    return {m.unit_id for m in org.facts(user).memberships}


def visible_dossiers(user: Any) -> QuerySet[Dossier]:
    """The dossiers of the units a person works in or leads (down the tree), those they opened,
    and every dossier of the agencies they keep as clerk or lead."""
    if not getattr(user, "pk", None):
        return Dossier.objects.none()
    q = Q(created_by_id=user.pk) | Q(unit_id__in=sorted(_unit_ids(user)))
    led = org.facts(user).led_unit_paths
    if led:
        q |= tree.subtree_q(tree.outermost(sorted(led)), "unit__")
    agencies = sorted(clerk_agency_ids(user) | leader_agency_ids(user))
    if agencies:
        q |= Q(agency_id__in=agencies)
    return Dossier.objects.filter(q)


def access_dossier(user: Any, pk: int) -> Dossier:
    dossier = visible_dossiers(user).select_related("agency", "unit", "created_by").filter(pk=pk).first()
    if dossier is None:
        raise Refused.not_found("Không tìm thấy hồ sơ.")
    return dossier


def can_file_into(user: Any, dossier: Dossier) -> Decision:
    """A person files into the dossiers of their own unit, or of a unit they lead, or their own."""
    if dossier.status != Dossier.Status.OPEN:
        return Decision.deny("Hồ sơ đã đóng: không thêm văn bản được nữa.")
    if (
        dossier.created_by_id == user.pk
        or dossier.unit_id in _unit_ids(user)
        or org.leads(user, dossier.unit)
    ):
        return Decision.allow()
    return Decision.deny(NOT_DOSSIER_UNIT)


def can_open_dossier_for(user: Any, unit: Unit) -> Decision:
    """A person opens a dossier for the unit they work in or a unit they lead."""
    if unit.pk in _unit_ids(user) or org.leads(user, unit):
        return Decision.allow()
    return Decision.deny("Chỉ lập được hồ sơ của đơn vị mình công tác hoặc phụ trách.")
