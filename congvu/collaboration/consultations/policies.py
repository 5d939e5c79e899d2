"""Who may see and do what with consultations (COL-5; seed 002 Điều 7.5).

- A **leader of the agency** — the head or a deputy of the agency unit itself (Giám đốc, Phó Giám
  đốc; Chủ tịch, Phó Chủ tịch), or a person acting for one under a delegation, recorded "on behalf
  of" — appoints the drafter of a matter. Only that **drafter** posts the consultation (Đ7.5:
  "người được lãnh đạo ... giao nhiệm vụ soạn thảo mới được phép đưa thông tin lên").
- The **recipients** answer it, each their own row; an answer goes to the drafter, not to the
  other recipients, so a recipient sees their own answer only.
- The drafter, the leader who appointed them and the agency's leaders read the **report**: who
  answered, what, when, and who has not (Đ7.5: silence without a reason is a breach). They also
  close or cancel it; the drafter alone extends the deadline.
- An **administrator** of the agency extends how long it is kept (Đ7.5, last paragraph).

Visible (``visible_consultations``): to the drafter, the appointing leader (and the leader they
acted for), the agency's leaders and administrators, and the recipients once it is posted.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet

from congvu.collaboration.consultations.models import Consultation, ConsultationRecipient
from congvu.core.decisions import Decision, Refused
from congvu.org import policies as org
from congvu.org import tree
from congvu.org.models import Position, RoleGrant, Unit
from congvu.org.tree import AGENCY_KINDS

NOT_LEADER = "Chỉ lãnh đạo cơ quan mới giao được việc soạn thảo để lấy ý kiến."
NOT_DRAFTER = "Chỉ người được lãnh đạo giao soạn thảo mới làm được việc này."
NOT_MANAGER = "Chỉ người soạn thảo, lãnh đạo giao việc hoặc lãnh đạo cơ quan mới làm được việc này."
NOT_RECIPIENT = "Bạn không nằm trong danh sách được lấy ý kiến."
NOT_ADMINISTRATOR = "Chỉ quản trị hệ thống mới gia hạn lưu trữ được."
NOT_FOUND = "Không tìm thấy đợt lấy ý kiến."


def _people(user: Any) -> list[Any]:
    """The person and everyone they act for now (ORG-8)."""
    return [user, *tree.principals(user)] if getattr(user, "pk", None) else []


def _led_agency_ids(person: Any) -> set[int]:
    return {
        m.unit_id
        for m in org.facts(person).memberships
        if m.unit.kind in AGENCY_KINDS and m.position.level in (Position.Level.HEAD, Position.Level.DEPUTY)
    }


def leader_agency_ids(user: Any) -> set[int]:
    """The agencies this person leads, personally or for someone they act for."""
    return {a for p in _people(user) for a in _led_agency_ids(p)}


def leader_agencies(user: Any) -> list[Unit]:
    ids = leader_agency_ids(user)
    return list(Unit.objects.filter(pk__in=sorted(ids)).order_by("path")) if ids else []


def _administered_paths(user: Any) -> list[str] | None:
    """None: the whole tree (a system administrator); else the subtrees granted."""
    if org.is_system_administrator(user):
        return None
    return [g.unit.path for g in org.facts(user).roles if g.role == RoleGrant.Role.ADMINISTRATOR]


def is_agency_leader(user: Any, agency_id: int) -> Decision:
    decision = org.with_delegation(user, lambda person: agency_id in _led_agency_ids(person))
    return decision if decision else Decision.deny(NOT_LEADER)


# --- which rows ----------------------------------------------------------------------------------


def visible_consultations(user: Any) -> QuerySet[Consultation]:
    if not getattr(user, "pk", None):
        return Consultation.objects.none()
    ids = [p.pk for p in _people(user)]
    q = Q(drafter_id__in=ids) | Q(appointed_by_id__in=ids) | Q(appointed_on_behalf_of_id__in=ids)
    q |= Q(Exists(ConsultationRecipient.objects.filter(consultation=OuterRef("pk"), user_id=user.pk)))
    administered = _administered_paths(user)
    if administered is None:
        return Consultation.objects.all()
    if administered:
        q |= tree.subtree_q(tree.outermost(sorted(administered)), "agency__")
    agencies = leader_agency_ids(user)
    if agencies:
        q |= Q(agency_id__in=sorted(agencies))
    return Consultation.objects.filter(q)


def access_consultation(user: Any, pk: int) -> Consultation:
    """The consultation, or 404 when missing or not visible (the screens and API then ask the
    workflow whether the person may act: 403 not allowed, 409 wrong state)."""
    found = (
        visible_consultations(user)
        .select_related("agency", "drafter", "appointed_by", "appointed_on_behalf_of")
        .filter(pk=pk)
        .first()
    )
    if found is None:
        raise Refused.not_found(NOT_FOUND)
    return found


# --- may they? (the workflow's guards) --------------------------------------------------------------


def can_appoint(user: Any, agency: Unit) -> Decision:
    return is_agency_leader(user, agency.pk)


def is_drafter(user: Any, consultation: Consultation) -> Decision:
    decision = org.with_delegation(user, lambda person: person.pk == consultation.drafter_id)
    return decision if decision else Decision.deny(NOT_DRAFTER)


def can_manage(user: Any, consultation: Consultation) -> Decision:
    """Close or cancel: the drafter, the leader who appointed them, or a leader of the agency."""
    ids = {consultation.drafter_id, consultation.appointed_by_id, consultation.appointed_on_behalf_of_id}
    decision = org.with_delegation(
        user,
        lambda person: person.pk in ids or consultation.agency_id in _led_agency_ids(person),
    )
    return decision if decision else Decision.deny(NOT_MANAGER)


can_read_report = can_manage


def is_recipient(user: Any, consultation: Consultation) -> Decision:
    """A recipient answers personally: an answer is their own opinion, not lent by a delegation."""
    if (
        getattr(user, "pk", None)
        and ConsultationRecipient.objects.filter(consultation_id=consultation.pk, user_id=user.pk).exists()
    ):
        return Decision.allow()
    return Decision.deny(NOT_RECIPIENT)


def can_keep(user: Any, consultation: Consultation) -> Decision:
    """Extend how long it is kept: an administrator of the agency (never through a delegation)."""
    if org.is_administrator(user, consultation.agency):
        return Decision.allow()
    return Decision.deny(NOT_ADMINISTRATOR)


def the_clock(user: Any, consultation: Consultation) -> Decision:
    """The deadline passing closes a consultation: no person's act."""
    return Decision.allow()
