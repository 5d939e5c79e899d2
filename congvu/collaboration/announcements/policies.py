"""Who posts, reads, edits, extends announcements, and how long they are kept (MISSION COL-4; seed
002 Đ7.4).

Who posts ("Lãnh đạo Sở, cấp ủy; lãnh đạo các đoàn thể; lãnh đạo phòng, đơn vị"), each in a
*capacity* (``capacities``):

- a leader of the agency (its head or a deputy: Giám đốc, Phó Giám đốc) — to the whole agency or to
  any of its units;
- the secretary or a deputy of an organisation's committee (Bí thư, Phó Bí thư Chi bộ;
  Chủ tịch, Phó Chủ tịch Công đoàn; Bí thư, Phó Bí thư Chi đoàn) — likewise, for the agency;
- a leader of a unit (Trưởng phòng, Phó Trưởng phòng) — to their own unit and the units below it.

Who reads: the audience (the whole agency, or the chosen units each with its subtree), the poster,
and the agency's administrators (who extend the keeping). Only the poster edits, updates and removes
("tự chỉnh sửa, cập nhật"), and sees the read receipts.

How long (``keep_until_for``, ``clearing_cutoff``): see their docstrings.
"""

from __future__ import annotations

import calendar as month_calendar
import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet

from congvu.collaboration.announcements.models import Announcement, AnnouncementRead, AnnouncementUnit
from congvu.collaboration.boards import policies as boards
from congvu.collaboration.boards.models import CommitteeMember
from congvu.core.decisions import Decision, Refused
from congvu.org import policies as org
from congvu.org import tree
from congvu.org.models import Position, Unit

NOT_A_LEADER = (
    "Chỉ lãnh đạo cơ quan, lãnh đạo phòng, đơn vị và lãnh đạo cấp ủy, các đoàn thể mới được đăng thông báo."
)
NOT_POSTER = "Chỉ người đăng thông báo mới sửa, cập nhật hoặc gỡ được thông báo này."
NOT_POSTER_RECEIPTS = "Chỉ người đăng thông báo mới xem được ai đã đọc."
NOT_ADMIN = "Chỉ quản trị của cơ quan mới gia hạn lưu trữ thông báo được."
KEEP_MONTHS = 3  # "01 quý kể từ ngày thông báo"
QUARTER_FIRST_MONTHS = (1, 4, 7, 10)


# --- retention --------------------------------------------------------------------------------------


def keep_until_for(day: dt.date) -> dt.date:
    """The last day an announcement dated ``day`` must be kept: one quarter (three months) from its
    date (seed 002 Đ7.4 "01 quý kể từ ngày thông báo"), counted as the Civil Code counts a term in
    months (Bộ luật Dân sự 2015, Điều 147–148): the term ends on the corresponding day of the third
    month after, or on that month's last day when it has no such day.

    31/03 → 30/06; 01/01 → 01/04; 30/11 → 28/02 (29/02 in a leap year); 31/12 → 31/03.
    """
    month = day.month - 1 + KEEP_MONTHS
    year, month = day.year + month // 12, month % 12 + 1
    return dt.date(year, month, min(day.day, month_calendar.monthrange(year, month)[1]))


def quarter_start(day: dt.date) -> dt.date:
    return dt.date(day.year, (day.month - 1) // 3 * 3 + 1, 1)


def clearing_cutoff(today: dt.date) -> dt.date | None:
    """What the clearing job removes on ``today``: the announcements whose keeping ended before the
    returned day, or nothing (None).

    Seed 002 Đ7.4: "Vào tháng đầu của quý sau, quản trị Hệ thống có trách nhiệm xóa thông tin ... của
    quý trước". The clearing runs only in the first month of a quarter (January, April, July,
    October); it clears every announcement whose keeping (``keep_until``, possibly extended) ended in
    an earlier quarter — i.e. before the first day of the current quarter. So an announcement dated
    31/03 is kept to 30/06 and cleared in July; one dated 31/12 is kept to 31/03 and cleared in April;
    one dated 01/01 is kept to 01/04 and cleared in July. An announcement whose keeping ends during
    a quarter is never removed before that day: the next clearing is in the quarter after.
    """
    if today.month not in QUARTER_FIRST_MONTHS:
        return None
    return quarter_start(today)


# --- capacities -------------------------------------------------------------------------------------


@dataclass
class Capacity:
    """One way a person may post: whom they speak for and whom they may address."""

    key: str  # "agency:<id>", "unit:<id>", "organisation:<id>"
    label: str  # how the announcement is signed: "Giám đốc Sở Nội vụ"
    agency: Unit
    scope: Unit | None = None  # a unit leader addresses this subtree only; None: the whole agency
    organisation_id: int | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def whole_agency_allowed(self) -> bool:
        return self.scope is None


def capacities(user: Any) -> list[Capacity]:
    """Every capacity the person holds today, agency leadership first; kept for the request."""
    if not getattr(user, "pk", None):
        return []
    cached = getattr(user, "_announcement_capacities", None)
    if cached is not None:
        return cached
    found: list[Capacity] = []
    leading = (Position.Level.HEAD, Position.Level.DEPUTY)
    for membership in org.memberships(user):
        if membership.position.level not in leading:
            continue
        unit = membership.unit
        label = f"{membership.position.name} {unit.name}"
        if unit.kind in tree.AGENCY_KINDS:
            found.append(Capacity(f"agency:{unit.pk}", label, unit))
        else:
            found.append(Capacity(f"unit:{unit.pk}", label, tree.agency_of(unit), scope=unit))
    seats = (
        CommitteeMember.objects.current()
        .filter(user_id=user.pk, role__in=[CommitteeMember.Role.SECRETARY, CommitteeMember.Role.DEPUTY])
        .select_related("organisation", "organisation__agency")
    )
    for seat in seats:
        organisation = seat.organisation
        found.append(
            Capacity(
                f"organisation:{organisation.pk}",
                f"{seat.role_title} {organisation.name}",
                organisation.agency,
                organisation_id=organisation.pk,
            )
        )
    found.sort(key=lambda c: ({"agency": 0, "organisation": 1, "unit": 2}[c.key.split(":")[0]], c.label))
    user._announcement_capacities = found
    return found


def capacity(user: Any, key: str) -> Capacity | None:
    return next((c for c in capacities(user) if c.key == key), None)


def can_post(user: Any) -> Decision:
    return Decision.allow() if capacities(user) else Decision.deny(NOT_A_LEADER)


def can_address(user: Any, held: Capacity, *, whole_agency: bool, units: list[Unit]) -> Decision:
    """Whether the capacity reaches the audience: whole agency only for agency and organisation
    leaders; every unit inside the agency (not the agency itself, not a nested agency), and inside
    the unit leader's own subtree."""
    if whole_agency and not held.whole_agency_allowed:
        return Decision.deny(
            f"Với tư cách {held.label}, thông báo chỉ gửi được cho {held.scope.name if held.scope else ''} "
            "và các đơn vị trực thuộc.",
            kind=Refused.Kind.INVALID,
        )
    if not whole_agency and not units:
        return Decision.deny(
            "Vui lòng chọn toàn cơ quan hoặc ít nhất một đơn vị nhận.", kind=Refused.Kind.INVALID
        )
    for unit in units:
        inside = unit.pk != held.agency.pk and unit.path.startswith(held.agency.path)
        if inside and tree.agency_of(unit).pk != held.agency.pk:
            inside = False
        if held.scope is not None and not unit.path.startswith(held.scope.path):
            inside = False
        if not inside:
            return Decision.deny(
                f"{unit.name} không thuộc phạm vi được gửi thông báo.", kind=Refused.Kind.INVALID
            )
    return Decision.allow()


# --- reading ----------------------------------------------------------------------------------------


def _my_unit_ancestor_paths(user: Any) -> list[str]:
    paths: set[str] = set()
    for membership in org.memberships(user):
        paths.update(tree.ancestor_paths(membership.unit.path))
    return sorted(paths)


def addressed_q(user: Any) -> Q:
    """The announcements addressed to the person: their agency as a whole, or a unit above them."""
    if not getattr(user, "pk", None):
        return Q(pk__in=[])
    q = Q(pk__in=[])
    agencies = sorted(boards.agency_ids(user))
    if agencies:
        q |= Q(whole_agency=True, agency_id__in=agencies)
    paths = _my_unit_ancestor_paths(user)
    if paths:
        q |= Q(pk__in=AnnouncementUnit.objects.filter(unit__path__in=paths).values("announcement_id"))
    return q


def addressed_to(user: Any) -> QuerySet[Announcement]:
    return Announcement.objects.filter(addressed_q(user))


def unread_for(user: Any) -> QuerySet[Announcement]:
    """Addressed to the person, posted by someone else, not opened yet."""
    read = AnnouncementRead.objects.filter(announcement_id=OuterRef("pk"), user_id=user.pk)
    return addressed_to(user).exclude(posted_by_id=user.pk).filter(~Exists(read))


def administered_agency_ids(user: Any) -> set[int]:
    return {a.pk for a in boards.managed_agencies(user)} if _may_administer(user) else set()


def _may_administer(user: Any) -> bool:
    return org.is_system_administrator(user) or any(g.role == "administrator" for g in org.roles(user))


def visible_announcements(user: Any) -> QuerySet[Announcement]:
    if not getattr(user, "pk", None):
        return Announcement.objects.none()
    q = addressed_q(user) | Q(posted_by_id=user.pk)
    administered = administered_agency_ids(user)
    if administered:
        q |= Q(agency_id__in=sorted(administered))
    return Announcement.objects.filter(q)


def access_announcement(user: Any, pk: int) -> Announcement:
    found = visible_announcements(user).select_related("agency", "posted_by").filter(pk=pk).first()
    if found is None:
        raise Refused.not_found("Không tìm thấy thông báo.")
    return found


def can_edit(user: Any, announcement: Announcement) -> Decision:
    return Decision.allow() if announcement.posted_by_id == user.pk else Decision.deny(NOT_POSTER)


def can_see_receipts(user: Any, announcement: Announcement) -> Decision:
    return Decision.allow() if announcement.posted_by_id == user.pk else Decision.deny(NOT_POSTER_RECEIPTS)


def can_extend(user: Any, announcement: Announcement) -> Decision:
    return Decision.allow() if boards.administers(user, announcement.agency) else Decision.deny(NOT_ADMIN)
