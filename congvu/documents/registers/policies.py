"""Who keeps and who reads an agency's registers, statistics and review chains (DOC-9, R-REG-1;
seed 002 Đ14.1; seed 004 Đ2.5).

- **Keep** the registers (create, rename, limit to types, stop using) and the review chains: the
  agency's clerk (văn thư, personally or for someone under a delegation) or an administrator of the
  agency (quản trị: "thiết lập ... quy trình xử lý văn bản", seed 004 Đ2.5).
- **Read** a register on screen, print it, export it, and read the statistics: the agency's clerks
  and leaders (head and deputies of the agency unit) — the register lists every document the agency
  received or issued, so it is theirs, not every officer's.
"""

from __future__ import annotations

from typing import Any

from congvu.core.decisions import Decision, Refused
from congvu.documents import policies as documents
from congvu.documents.models import Register, ReviewChain
from congvu.org import policies as org
from congvu.org.models import RoleGrant, Unit
from congvu.org.tree import AGENCY_KINDS

NOT_KEEPER = "Chỉ văn thư hoặc quản trị của cơ quan mới quản lý được sổ văn bản và quy trình duyệt."
NOT_READER = "Chỉ văn thư và lãnh đạo cơ quan mới xem được sổ văn bản và thống kê."


def _administered_agency_ids(user: Any) -> set[int]:
    if org.is_system_administrator(user):
        return set(Unit.objects.filter(kind__in=AGENCY_KINDS).values_list("pk", flat=True))
    paths = [g.unit.path for g in org.roles(user) if g.role == RoleGrant.Role.ADMINISTRATOR]
    if not paths:
        return set()
    from congvu.org.tree import subtree_q

    return set(Unit.objects.filter(subtree_q(paths), kind__in=AGENCY_KINDS).values_list("pk", flat=True))


def keeper_agency_ids(user: Any) -> set[int]:
    """The agencies whose registers and review chains this person keeps."""
    if not getattr(user, "pk", None):
        return set()
    return documents.clerk_agency_ids(user) | _administered_agency_ids(user)


def reader_agency_ids(user: Any) -> set[int]:
    """The agencies whose registers and statistics this person reads."""
    if not getattr(user, "pk", None):
        return set()
    return documents.clerk_agency_ids(user) | documents.leader_agency_ids(user)


def keeper_agencies(user: Any) -> list[Unit]:
    ids = keeper_agency_ids(user)
    return list(Unit.objects.filter(pk__in=sorted(ids)).order_by("path")) if ids else []


def reader_agencies(user: Any) -> list[Unit]:
    ids = reader_agency_ids(user)
    return list(Unit.objects.filter(pk__in=sorted(ids)).order_by("path")) if ids else []


def can_keep(user: Any, agency_id: int) -> Decision:
    """The clerk (maybe for someone: the answer then names them) or an administrator of the agency."""
    decision = documents.is_clerk(user, agency_id)
    if decision:
        return decision
    if agency_id in _administered_agency_ids(user):
        return Decision.allow()
    return Decision.deny(NOT_KEEPER)


def can_read(user: Any, agency_id: int) -> Decision:
    decision = documents.is_clerk(user, agency_id)
    if decision:
        return decision
    decision = documents.is_agency_leader(user, agency_id)
    return decision if decision else Decision.deny(NOT_READER)


def may_keep_any(user: Any) -> bool:
    return bool(keeper_agency_ids(user))


def may_read_any(user: Any) -> bool:
    return bool(reader_agency_ids(user))


def access_register(user: Any, pk: int, action: str = "read") -> Register:
    """The register, or 404 alike for missing and not the person's; 403 when they read it but
    may not keep it (``action="keep"``)."""
    register = Register.objects.select_related("agency").filter(pk=pk).first()
    readable = reader_agency_ids(user) | keeper_agency_ids(user)
    if register is None or register.agency_id not in readable:
        raise Refused.not_found("Không tìm thấy sổ văn bản.")
    decision = can_keep(user, register.agency_id) if action == "keep" else can_read(user, register.agency_id)
    if not decision:
        raise Refused.not_allowed(decision.reason)
    return register


def access_chain(user: Any, pk: int) -> ReviewChain:
    """A review chain its keeper edits; 404 alike for missing and another agency's."""
    chain = ReviewChain.objects.select_related("agency").filter(pk=pk).first()
    if chain is None or chain.agency_id not in keeper_agency_ids(user):
        raise Refused.not_found("Không tìm thấy quy trình duyệt.")
    return chain


def access_agency(user: Any, pk: int | None, *, keep: bool = False) -> Unit:
    """One of the person's agencies (to keep, or to read); the first when none is named."""
    agencies = keeper_agencies(user) if keep else reader_agencies(user)
    if not agencies:
        raise Refused.not_allowed(NOT_KEEPER if keep else NOT_READER)
    if pk is None:
        return agencies[0]
    for agency in agencies:
        if agency.pk == pk:
            return agency
    raise Refused.not_found("Không tìm thấy cơ quan.")
