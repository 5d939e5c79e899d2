"""Who may write to whom, and who sees a message (COL-2; seed 002 Điều 7.2).

- Only the sender and the people a message reached see it, each through their own copy; nobody
  else — not a leader, not an administrator (a message is personal correspondence).
- Anyone signed in who holds a post writes to the people and units **of their own agency**
  (cơ quan: the nearest unit of the kind agency, department, district or commune above their
  primary post). The seed regulates the internal mail of one Sở: "giữa các cá nhân, phòng, đơn vị
  và lãnh đạo Sở". Between agencies (a Sở and the provincial office, a district) the official
  channel is the document (văn bản đi/đến), so a message to another agency's person or unit is
  refused with that reason.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from congvu.collaboration.messages.models import MessageCopy, MessageFolder
from congvu.core.decisions import Decision, Refused
from congvu.org import policies as org
from congvu.org import tree
from congvu.org.models import Unit

NO_POST = "Bạn chưa thuộc đơn vị nào nên chưa gửi thư được; vui lòng liên hệ quản trị hệ thống."
OTHER_AGENCY = (
    "Chỉ gửi thư được cho người, đơn vị trong cơ quan mình ({agency}); trao đổi với cơ quan khác "
    "đi bằng văn bản."
)
NOT_FOUND = "Không tìm thấy thư."
FOLDER_NOT_FOUND = "Không tìm thấy thư mục."


def sender_agency(user: Any) -> Unit | None:
    """The agency a person writes from: that of their primary post (None without a post)."""
    membership = org.primary_membership(user)
    if membership is None:
        return None
    cached = getattr(user, "_message_agency", None)
    if cached is not None and cached[0] == membership.unit_id:
        return cached[1]
    agency = tree.agency_of(membership.unit)
    user._message_agency = (membership.unit_id, agency)
    return agency


def agency_units(agency: Unit) -> QuerySet[Unit]:
    """The agency and its units, without the agencies nested below it (a district is not part of
    the provincial office)."""
    nested = Unit.objects.filter(tree.subtree_q([agency.path]), kind__in=tree.AGENCY_KINDS).exclude(
        pk=agency.pk
    )
    units = Unit.objects.filter(tree.subtree_q([agency.path]), is_active=True)
    for path in tree.outermost(nested.values_list("path", flat=True)):
        units = units.exclude(tree.subtree_q([path]))
    return units


def can_send(user: Any) -> Decision:
    if not getattr(user, "pk", None) or sender_agency(user) is None:
        return Decision.deny(NO_POST)
    return Decision.allow()


def can_write_to(user: Any, *, people: list[Any], units: list[Unit]) -> Decision:
    """Every person and unit addressed is of the sender's agency."""
    agency = sender_agency(user)
    if agency is None:
        return Decision.deny(NO_POST)
    refusal = Decision.deny(OTHER_AGENCY.format(agency=agency.name), kind=Refused.Kind.INVALID)
    if units:
        allowed_units = set(
            agency_units(agency).filter(pk__in=[u.pk for u in units]).values_list("pk", flat=True)
        )
        if any(u.pk not in allowed_units for u in units):
            return refusal
    if people:
        members = set(tree.agency_member_ids(agency))
        if any(p.pk not in members for p in people):
            return refusal
    return Decision.allow()


def visible_copies(user: Any) -> QuerySet[MessageCopy]:
    """The person's own copies, except those they deleted for good."""
    if not getattr(user, "pk", None):
        return MessageCopy.objects.none()
    return MessageCopy.objects.filter(owner_id=user.pk, purged_at__isnull=True)


def access_copy(user: Any, message_pk: int) -> MessageCopy:
    """The person's copy of message ``message_pk``; 404 alike for a missing message and another's."""
    copy = (
        visible_copies(user)
        .select_related("message", "message__sender", "folder", "via_unit")
        .filter(message_id=message_pk)
        .order_by("is_sender")
        .first()
    )
    if copy is None:
        raise Refused.not_found(NOT_FOUND)
    return copy


def access_folder(user: Any, pk: int) -> MessageFolder:
    folder = MessageFolder.objects.filter(owner_id=getattr(user, "pk", None), pk=pk).first()
    if folder is None:
        raise Refused.not_found(FOLDER_NOT_FOUND)
    return folder
