"""Who may see and do what with official documents (seed 002 Đ9, Đ10, Đ12–Đ15; MISSION DOC-1..DOC-5;
Phụ lục VI F-3b).

People and their parts, each possibly played by someone acting for them under a delegation (ORG-8):

- the **clerk** (văn thư) of an agency: whoever holds the clerk role granted on the agency itself
  (a clerk of UBND tỉnh is not the clerk of a Sở under it) — registers incoming documents, numbers
  and sends outgoing ones, keeps the registers;
- the agency's **leaders**: the head and deputies of the agency unit itself (Chủ tịch, Phó Chủ tịch;
  Giám đốc, Phó Giám đốc) — receive what the clerk registered and route it (seed 002 Đ9.2);
- the **lead** of an incoming document: the person the last step named as xử lý chính, or — when a
  unit was named — that unit's leaders (its head handles it or passes it on, Đ9.3);
- the **drafter** of an outgoing document, its **reviewer** at the current step, and its **signer**.

Who reads (``visible_incoming`` / ``visible_outgoing``): the clerks and leaders of the agency; the
people on the document's path (``DocumentReader``: recipients, reviewers, the drafter, the signer,
those it was shared with); and the leaders of the units those people worked in, up the tree.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet

from congvu.core.decisions import Decision, Refused
from congvu.documents.models import DocumentReader, DraftReview, IncomingDocument, OutgoingDocument
from congvu.org import policies as org
from congvu.org import tree
from congvu.org.models import Position, RoleGrant, Unit
from congvu.org.tree import AGENCY_KINDS

NOT_CLERK = "Chỉ văn thư của cơ quan mới làm được việc này."
NOT_AGENCY_LEADER = "Chỉ lãnh đạo cơ quan mới phân phối được văn bản đến."
NOT_LEAD = "Chỉ người (hoặc lãnh đạo đơn vị) xử lý chính văn bản mới làm được việc này."
NOT_DRAFTER = "Chỉ người soạn thảo văn bản mới làm được việc này."
NOT_REVIEWER = "Văn bản đang chờ người khác cho ý kiến."
NOT_SIGNER = "Chỉ người ký văn bản mới ký được."
LAST_STEP = "Đây là bước duyệt cuối: lãnh đạo duyệt ban hành văn bản."
NOT_LAST_STEP = "Văn bản còn bước duyệt sau: chuyển tiếp cho bước sau."


def _people(user: Any) -> list[Any]:
    """The person and everyone they act for now (ORG-8)."""
    return [user, *tree.principals(user)] if getattr(user, "pk", None) else []


def _allow_for(user: Any, check: Any, reason: str) -> Decision:
    decision = org.with_delegation(user, check)
    return decision if decision else Decision.deny(reason)


# --- the agency: clerks and leaders ---------------------------------------------------------------


def _clerk_agency_ids(person: Any) -> set[int]:
    return {g.unit_id for g in org.facts(person).roles if g.role == RoleGrant.Role.CLERK}


def _leader_agency_ids(person: Any) -> set[int]:
    return {
        m.unit_id
        for m in org.facts(person).memberships
        if m.unit.kind in AGENCY_KINDS and m.position.level in (Position.Level.HEAD, Position.Level.DEPUTY)
    }


def clerk_agency_ids(user: Any) -> set[int]:
    """The agencies whose documents this person keeps as clerk, personally or for someone."""
    return {a for p in _people(user) for a in _clerk_agency_ids(p)}


def leader_agency_ids(user: Any) -> set[int]:
    """The agencies this person leads (head or deputy of the agency unit), personally or for someone."""
    return {a for p in _people(user) for a in _leader_agency_ids(p)}


def is_clerk(user: Any, agency_id: int) -> Decision:
    return _allow_for(user, lambda p: agency_id in _clerk_agency_ids(p), NOT_CLERK)


def is_agency_leader(user: Any, agency_id: int) -> Decision:
    return _allow_for(user, lambda p: agency_id in _leader_agency_ids(p), NOT_AGENCY_LEADER)


def clerk_agencies(user: Any) -> list[Unit]:
    ids = clerk_agency_ids(user)
    return list(Unit.objects.filter(pk__in=sorted(ids)).order_by("path")) if ids else []


def working_agency(user: Any) -> Unit | None:
    """The agency a person drafts for: the agency of their primary unit."""
    membership = org.primary_membership(user)
    return tree.agency_of(membership.unit) if membership else None


# --- incoming -------------------------------------------------------------------------------------


def _leads_incoming(person: Any, doc: IncomingDocument) -> bool:
    if doc.lead_user_id is not None:
        return person.pk == doc.lead_user_id
    if doc.lead_unit is not None:
        return org.leads(person, doc.lead_unit)
    return False


def can_register(user: Any, doc: IncomingDocument) -> Decision:
    """The clerk registers what arrived (R-REG-2: unregistered documents carry no duty)."""
    return is_clerk(user, doc.agency_id)


def can_distribute(user: Any, doc: IncomingDocument) -> Decision:
    """The agency's leaders route what the clerk presented (seed 002 Đ9.2, Đ9.4)."""
    return is_agency_leader(user, doc.agency_id)


def can_forward(user: Any, doc: IncomingDocument) -> Decision:
    """The lead passes it on (a unit head to an officer, Đ9.3); the agency's leaders may re-route."""
    decision = _allow_for(
        user, lambda p: _leads_incoming(p, doc) or doc.agency_id in _leader_agency_ids(p), NOT_LEAD
    )
    return decision


def can_handle(user: Any, doc: IncomingDocument) -> Decision:
    """Close into a dossier, or reply: the lead only (Đ9.5)."""
    return _allow_for(user, lambda p: _leads_incoming(p, doc), NOT_LEAD)


def can_edit_incoming(user: Any, doc: IncomingDocument) -> Decision:
    """The clerk corrects what they typed until the document is routed (seed 002 Đ14.4)."""
    return is_clerk(user, doc.agency_id)


def can_read(user: Any, doc: Any) -> Decision:
    """Anyone who may see it may share it onward and print it (audited)."""
    return Decision.allow()


# --- outgoing -------------------------------------------------------------------------------------


def is_drafter(user: Any, doc: OutgoingDocument) -> Decision:
    return _allow_for(user, lambda p: p.pk == doc.drafter_id, NOT_DRAFTER)


def _is_reviewer(person: Any, review: DraftReview | None, agency_id: int) -> bool:
    if review is None or review.state != DraftReview.State.PENDING:
        return False
    if review.reviewer_id is not None:
        return person.pk == review.reviewer_id
    if review.role:
        return any(g.role == review.role and g.unit_id == agency_id for g in org.facts(person).roles)
    return False


def current_review(doc: OutgoingDocument) -> DraftReview | None:
    if doc.current_review_id is None:
        return None
    review = getattr(doc, "_current_review", None)
    if review is None or review.pk != doc.current_review_id:
        review = DraftReview.objects.filter(pk=doc.current_review_id).first()
        doc._current_review = review  # type: ignore[attr-defined]
    return review


def _has_later_step(doc: OutgoingDocument, review: DraftReview) -> bool:
    return DraftReview.objects.filter(
        document_id=doc.pk, round=review.round, order__gt=review.order, state=DraftReview.State.WAITING
    ).exists()


def can_review(user: Any, doc: OutgoingDocument) -> Decision:
    """The reviewer of the current step comments, edits, returns (seed 002 Đ10.2–10.4)."""
    review = current_review(doc)
    return _allow_for(user, lambda p: _is_reviewer(p, review, doc.agency_id), NOT_REVIEWER)


def can_pass_on(user: Any, doc: OutgoingDocument) -> Decision:
    """Agree and send it to the next step (a unit head to the agency leader)."""
    decision = can_review(user, doc)
    if decision and not _has_later_step(doc, current_review(doc)):  # type: ignore[arg-type]
        return Decision.deny(LAST_STEP)
    return decision


def can_approve(user: Any, doc: OutgoingDocument) -> Decision:
    """The last step's reviewer approves it for issuing (Đ10.4)."""
    decision = can_review(user, doc)
    if decision and _has_later_step(doc, current_review(doc)):  # type: ignore[arg-type]
        return Decision.deny(NOT_LAST_STEP)
    return decision


def can_number(user: Any, doc: OutgoingDocument) -> Decision:
    return is_clerk(user, doc.agency_id)


def can_sign(user: Any, doc: OutgoingDocument) -> Decision:
    return _allow_for(user, lambda p: p.pk == doc.signer_id, NOT_SIGNER)


def can_edit_draft(user: Any, doc: OutgoingDocument) -> Decision:
    """A new version of the file: the drafter, or the reviewer whose turn it is (their edits are
    kept as their version, shown by author)."""
    if doc.status == OutgoingDocument.Status.IN_REVIEW:
        return can_review(user, doc)
    return is_drafter(user, doc)


def can_comment(user: Any, doc: OutgoingDocument) -> Decision:
    decision = can_review(user, doc)
    return decision if decision else is_drafter(user, doc)


# --- who reads ------------------------------------------------------------------------------------


def _reader_q(user: Any, field: str) -> Q:
    people = _people(user)
    ids = [p.pk for p in people]
    led = sorted({path for p in people for path in org.facts(p).led_unit_paths})
    readers = DocumentReader.objects.filter(**{field: OuterRef("pk")})
    condition = Q(user_id__in=ids)
    if led:
        condition |= tree.subtree_q(tree.outermost(led), "unit_")  # unit_path under a led subtree
    return Q(Exists(readers.filter(condition)))


def visible_incoming(user: Any) -> QuerySet[IncomingDocument]:
    if not getattr(user, "pk", None):
        return IncomingDocument.objects.none()
    agencies = sorted(clerk_agency_ids(user) | leader_agency_ids(user))
    q = _reader_q(user, "incoming")
    if agencies:
        q |= Q(agency_id__in=agencies)
    return IncomingDocument.objects.filter(q)


def visible_outgoing(user: Any) -> QuerySet[OutgoingDocument]:
    if not getattr(user, "pk", None):
        return OutgoingDocument.objects.none()
    ids = [p.pk for p in _people(user)]
    q = _reader_q(user, "outgoing") | Q(drafter_id__in=ids) | Q(signer_id__in=ids)
    clerk = sorted(clerk_agency_ids(user))
    if clerk:  # the clerk sees what reaches the clerk's desk, not other people's drafts
        q |= Q(agency_id__in=clerk) & ~Q(
            status__in=[OutgoingDocument.Status.DRAFT, OutgoingDocument.Status.CANCELLED]
        )
    leaders = sorted(leader_agency_ids(user))
    if leaders:
        q |= Q(agency_id__in=leaders, status=OutgoingDocument.Status.ISSUED)
    return OutgoingDocument.objects.filter(q)


INCOMING_RELATED = (
    "agency",
    "register",
    "document_type",
    "field",
    "sender_agency",
    "file",
    "lead_user",
    "lead_unit",
    "registered_by",
    "presented_to",
)
OUTGOING_RELATED = (
    "agency",
    "document_type",
    "field",
    "drafter",
    "drafting_unit",
    "signer",
    "register",
    "in_reply_to",
)


def access_incoming(user: Any, pk: int) -> IncomingDocument:
    """The document, or 404 alike for missing and not visible (STYLE: access_*)."""
    doc = visible_incoming(user).select_related(*INCOMING_RELATED).filter(pk=pk).first()
    if doc is None:
        raise Refused.not_found("Không tìm thấy văn bản đến.")
    return doc


def access_outgoing(user: Any, pk: int) -> OutgoingDocument:
    doc = visible_outgoing(user).select_related(*OUTGOING_RELATED).filter(pk=pk).first()
    if doc is None:
        raise Refused.not_found("Không tìm thấy văn bản đi.")
    return doc
