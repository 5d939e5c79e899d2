"""Who may see and do what with work items (TASK-1, TASK-4; seed 000 Điều 7).

Scope (TASK-1, Điều 7): work goes *down* the tree, never up or sideways.

- A head (Giám đốc, Trưởng phòng …) gives work inside the unit they head and everything below it:
  to the deputies and staff of their own unit, to any person of a unit below, to a unit below.
- A deputy gives work inside the units they are in charge of (``Membership.in_charge_of``; a deputy
  with no unit named is in general charge of their own unit): to anyone of a unit in charge that is
  not their own unit, and, in their own unit, only to its staff — never to its head or to another
  deputy (Điều 7 khoản 3: "các đơn vị, cá nhân được giao phụ trách").
- Staff give work only to themselves (Điều 7 khoản 5: "tự giao việc").
- Work given to a unit is handled by the head of that unit (``is_lead``), who passes it on as
  subtasks; a unit is given work only by a leader above it, so its head is never the one who gave it.

Who acts on an item:

- The lead (the person, or the head of the lead unit) reports progress, asks for more time and
  submits the result; subtasks must be finished first.
- The approver (the assigner, or — for work a person gave themselves — the head of their unit)
  approves with a rating, or returns with a reason; nobody approves their own work.
- The assigner (the authority in whose name the work was given) reassigns and cancels.
- Every one of these may be done by someone acting for that person under a delegation (ORG-8): the
  decision then carries ``on_behalf_of`` and the audit row reads "B thay mặt A".

Visibility (``visible_assignments``): the people on the item (lead, assigner, approver, co-assignees,
followers), the head of a lead unit, and the leaders of the lead's unit and of the units above it
(``unit_path`` is copied when the work is given, so work stays where it was done when a person
moves on: ORG-7). Administration is a role over accounts, not over work: an administrator sees only
the work they are on.

Following the leaders' work (``followed_agencies``; seed 000 Đ7.2.b, TASK-8): the head of an
agency's office (Chánh Văn phòng — in person or on their behalf) and whoever holds the directive-
monitor role in the agency read all the work the agency's leaders (its head and deputies) gave,
and the subtasks below it, to chase every unit on it. Reading only: no guard lets them act.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from congvu.assignments.models import Assignment, Extension, Participant
from congvu.core import calendar
from congvu.core.decisions import Decision, RefusalKind, Refused
from congvu.org import policies as org
from congvu.org import tree
from congvu.org.models import Membership, Position, RoleGrant, Unit

NOT_LEAD = "Chỉ người chủ trì công việc mới làm được việc này."
NOT_ASSIGNER = "Chỉ người giao việc mới làm được việc này."
NOT_APPROVER = "Chỉ người giao việc (người duyệt) mới duyệt được kết quả."
OWN_WORK = "Không ai tự duyệt kết quả công việc của chính mình."
NOT_REPORTER = "Chỉ người chủ trì hoặc người phối hợp mới báo cáo được tiến độ."


def _as(user: Any, person: Any) -> Decision:
    """Is ``user`` this person, or acting for them now?"""
    if person is None or user is None or getattr(user, "pk", None) is None:
        return Decision.deny("")
    if user.pk == person.pk:
        return Decision.allow()
    if org.acts_for(user, person):
        return Decision.allow(on_behalf_of=person)
    return Decision.deny("")


def authority(item: Assignment) -> Any:
    """The person in whose name the work was given (the principal when a delegate gave it)."""
    return item.assigned_on_behalf_of if item.assigned_on_behalf_of_id else item.assigner


# --- roles on one item ----------------------------------------------------------------------------


def is_lead(user: Any, item: Assignment) -> Decision:
    if item.lead_unit is not None:
        decision = org.is_head_of(user, item.lead_unit)
    else:
        decision = _as(user, item.lead_user)
    return decision if decision else Decision.deny(NOT_LEAD)


def is_assigner(user: Any, item: Assignment) -> Decision:
    decision = _as(user, authority(item))
    return decision if decision else Decision.deny(NOT_ASSIGNER)


def is_approver(user: Any, item: Assignment) -> Decision:
    """The approver, in person or on their behalf; never the lead, even acting for the approver."""
    if is_lead(user, item):
        return Decision.deny(OWN_WORK)
    decision = _as(user, item.approver)
    return decision if decision else Decision.deny(NOT_APPROVER)


def is_coordinator(user: Any, item: Assignment) -> bool:
    return Participant.objects.filter(
        assignment_id=item.pk, user_id=user.pk, role=Participant.Role.COORDINATE
    ).exists()


def can_report_progress(user: Any, item: Assignment) -> Decision:
    """The lead (or their delegate) and the co-assignees report progress (TASK-3)."""
    decision = is_lead(user, item)
    if decision:
        return decision
    if getattr(user, "pk", None) is not None and is_coordinator(user, item):
        return Decision.allow()
    return Decision.deny(NOT_REPORTER)


def can_attach(user: Any, item: Assignment) -> Decision:
    decision = is_lead(user, item)
    if decision:
        return decision
    decision = is_assigner(user, item)
    if decision:
        return decision
    return Decision.deny("Chỉ người giao việc hoặc người chủ trì mới đính kèm được tệp.")


def can_pass_down(user: Any, item: Assignment) -> Decision:
    """The lead passes work on as subtasks (Điều 7 khoản 3) when they lead somebody."""
    decision = is_lead(user, item)
    if not decision:
        return Decision.deny("Chỉ người chủ trì việc cha mới giao tiếp việc con.")
    person = decision.on_behalf_of or user
    if not scopes(person):
        return Decision.deny("Chỉ lãnh đạo mới giao tiếp việc con; hãy chia việc bằng danh sách đầu việc.")
    return decision


STAFF_SELF_ONLY = "Ông/bà không giữ chức vụ lãnh đạo nên chỉ tự giao việc cho mình (Quy chế, Điều 7 khoản 5)."


def can_reassign(user: Any, item: Assignment) -> Decision:
    """The assigner gives the work to another lead — which needs someone they may give it to: a
    staff member's self-given work stays theirs (Điều 7 khoản 5)."""
    decision = is_assigner(user, item)
    if not decision:
        return decision
    if not _leads_anybody(user):
        return Decision.deny(STAFF_SELF_ONLY)
    return decision


def can_submit(user: Any, item: Assignment) -> Decision:
    """The lead submits the result once every subtask is finished (approved or cancelled)."""
    decision = is_lead(user, item)
    if not decision:
        return decision
    open_children = item.children.filter(status__in=Assignment.OPEN_STATES).count()
    if open_children:
        return Decision.deny(
            f"Còn {open_children} việc con chưa hoàn thành: hãy duyệt hoặc hủy trước khi gửi kết quả.",
            kind=RefusalKind.WRONG_STATE,
        )
    return decision


def can_decide_extension(user: Any, extension: Extension) -> Decision:
    """The approver grants or refuses more time while the work is still open."""
    item = extension.assignment
    if item.status not in Assignment.OPEN_STATES:
        return Decision.deny("Công việc đã kết thúc, không gia hạn được.", kind=RefusalKind.WRONG_STATE)
    return is_approver(user, item)


# --- scope: who may give work to whom -------------------------------------------------------------


@dataclass(frozen=True)
class Scope:
    path: str  # the subtree led
    own_unit: Unit  # the unit of the leading post
    rank: int  # 3 head, 2 deputy


def scopes(person: Any) -> list[Scope]:
    """The subtrees a person leads in their own right, with the post that gives each."""
    scopes: list[Scope] = []
    for membership in org.memberships(person):
        level = membership.position.level
        if level == Position.Level.HEAD:
            scopes.append(Scope(membership.unit.path, membership.unit, 3))
        elif level == Position.Level.DEPUTY:
            charged = [u.path for u in membership.in_charge_of.all()] or [membership.unit.path]
            scopes.extend(Scope(path, membership.unit, 2) for path in charged)
    return scopes


def strictly_below(unit: Unit, scope: Scope) -> bool:
    """In the led subtree, and neither the leader's own unit nor one above it."""
    return (
        unit.path.startswith(scope.path)
        and unit.path != scope.own_unit.path
        and not scope.own_unit.path.startswith(unit.path)
    )


def post_below(post: Membership, scope: Scope) -> bool:
    """Does this post stand below the leader of ``scope``: in a unit strictly below, or in the
    leader's own unit at a lower rank (a head above deputies, deputies above staff)?"""
    if strictly_below(post.unit, scope):
        return True
    return post.unit_id == scope.own_unit.pk and tree.RANK[post.position.level] < scope.rank


def _person_below(leader: Any, target: Any) -> bool:
    return any(post_below(post, scope) for scope in scopes(leader) for post in org.memberships(target))


def _unit_below(leader: Any, unit: Unit) -> bool:
    return any(strictly_below(unit, scope) for scope in scopes(leader))


def _leads_anybody(user: Any) -> bool:
    return any(scopes(person) for person in tree.people_acting_as(user))


def can_assign_to_user(actor: Any, target: Any) -> Decision:
    """TASK-1: downward inside one's subtree, or to oneself; never upward or sideways."""
    if target.pk == actor.pk:
        return Decision.allow()
    if not target.is_active:
        return Decision.deny(f"Tài khoản của {target.full_name} không còn hoạt động.")
    decision = org.with_delegation(
        actor, lambda person: person.pk != target.pk and _person_below(person, target)
    )
    if decision:
        return decision
    if not _leads_anybody(actor):
        return Decision.deny(STAFF_SELF_ONLY)
    return Decision.deny(
        f"Ông/bà không có thẩm quyền giao việc cho {target.full_name}: người này không thuộc phạm vi phụ trách."
    )


def can_add_follower(actor: Any, person: Any) -> Decision:
    """Who may follow work one gives (theo dõi), and so be told of it: oneself, anyone one may give
    work to (``can_assign_to_user``), the people of one's own unit — one's head and colleagues —
    and those whose post is to follow the work of the giver's agency (the office head, the
    directive monitor: ``followed_agencies``). Nobody else in the province: a follower is told of
    the work, so a notification reaches only those the giver's scope reaches."""
    if person.pk == actor.pk:
        return Decision.allow()
    if not person.is_active:
        return Decision.deny(
            f"Tài khoản của {person.full_name} không còn hoạt động.", kind=RefusalKind.INVALID
        )
    decision = can_assign_to_user(actor, person)
    if decision:
        return decision
    own_units = {m.unit_id for m in org.memberships(actor)}
    if any(m.unit_id in own_units for m in org.memberships(person)):
        return Decision.allow()
    own_paths = [m.unit.path for m in org.memberships(actor)]
    if any(path.startswith(agency.path) for agency in followed_agencies(person) for path in own_paths):
        return Decision.allow()
    return Decision.deny(
        f"{person.full_name} không thuộc đơn vị của ông/bà hay phạm vi ông/bà giao việc: "
        "không mời theo dõi được.",
        kind=RefusalKind.INVALID,
    )


def can_assign_to_unit(actor: Any, unit: Unit) -> Decision:
    """TASK-1: a unit below the one the actor leads (its head then distributes the work)."""
    if not unit.is_active:
        return Decision.deny(f"{unit.name} không còn hoạt động.")
    decision = org.with_delegation(actor, lambda person: _unit_below(person, unit))
    if decision:
        return decision
    return Decision.deny(
        f"Ông/bà không có thẩm quyền giao việc cho {unit.name}: đơn vị không thuộc phạm vi phụ trách."
    )


def led_paths(user: Any) -> list[str]:
    """The subtrees whose work this user follows: led in person or on someone's behalf (no nesting)."""
    paths = sorted({scope.path for person in tree.people_acting_as(user) for scope in scopes(person)})
    kept: list[str] = []
    for path in paths:
        if not any(path.startswith(parent) for parent in kept):
            kept.append(path)
    return kept


def leads_unit(user: Any, unit: Unit) -> bool:
    return any(unit.path.startswith(path) for path in led_paths(user))


# --- visibility -----------------------------------------------------------------------------------


def visible_assignments(user: Any) -> QuerySet[Assignment]:
    """Every list, search, export and API reads through this: nobody sees work outside their scope."""
    if user is None or getattr(user, "pk", None) is None:
        return Assignment.objects.none()
    people = [p.pk for p in tree.people_acting_as(user)]
    query = (
        Q(lead_user_id__in=people)
        | Q(assigner_id__in=people)
        | Q(approver_id__in=people)
        | Q(assigned_on_behalf_of_id__in=people)
    )
    headed = sorted({u.pk for p in tree.people_acting_as(user) for u in org.headed_units(p)})
    if headed:
        query |= Q(lead_unit_id__in=headed)
    for path in led_paths(user):
        query |= Q(unit_path__startswith=path)
    query |= Q(Exists(Participant.objects.filter(assignment=OuterRef("pk"), user_id__in=people)))
    followed = leaders_work_q(user)
    if followed is not None:
        query |= followed
    return Assignment.objects.filter(query)


def doing_q(user: Any) -> Q:
    """Work this person does: leads (in person, as head of the lead unit, or for someone they act
    for) or co-handles (phối hợp)."""
    people = [p.pk for p in tree.people_acting_as(user)]
    headed = sorted({u.pk for p in tree.people_acting_as(user) for u in org.headed_units(p)})
    co_handles = Participant.objects.filter(
        assignment=OuterRef("pk"), user_id__in=people, role=Participant.Role.COORDINATE
    )
    return Q(lead_user_id__in=people) | Q(lead_unit_id__in=headed) | Q(Exists(co_handles))


def reads_as_part_of(user: Any, pk: int) -> bool:
    """Does this person do a subtask (at any depth) of work ``pk``? Then they may read that work —
    the instruction and the files they need — without acting on it."""
    if user is None or getattr(user, "pk", None) is None:
        return False
    return Assignment.objects.filter(lineage__contains=f"/{int(pk)}/").filter(doing_q(user)).exists()


# --- deadlines a person may give ------------------------------------------------------------------

WEEKDAYS = ("Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ nhật")


def _day_text(day: dt.date) -> str:
    return f"{WEEKDAYS[day.weekday()]} {day:%d/%m/%Y}"


def deadline_allowed(day: dt.date, today: dt.date | None = None) -> Decision:
    """Not in the past, and on a working day — else the next working day is proposed (R-WD-1:
    deadlines fall on working days). Work already overdue stays so; this is for a deadline typed."""
    today = today or timezone.localdate()
    if day < today:
        return Decision.deny(
            f"Hạn {day:%d/%m/%Y} đã qua; vui lòng chọn từ hôm nay ({today:%d/%m/%Y}) trở đi.",
            kind=RefusalKind.INVALID,
        )
    if not calendar.is_working_day(day):
        name = calendar.day_name(day)
        why = f" ({name})" if name else ""
        return Decision.deny(
            f"{_day_text(day)}{why} không phải ngày làm việc. "
            f"Đề xuất: {_day_text(calendar.next_working_day(day))}.",
            kind=RefusalKind.INVALID,
        )
    return Decision.allow()


# --- following the leaders' work (Chánh Văn phòng, theo dõi chỉ đạo) ---------------------------------


def followed_agencies(user: Any) -> list[Unit]:
    """The agencies whose leaders' work this person follows: the parent of an office they head
    (in person or for someone they act for), and the agency of a directive-monitor role."""
    if user is None or getattr(user, "pk", None) is None:
        return []
    cached = getattr(user, "_followed_agencies", None)
    if cached is not None:
        return cached
    ids = {
        unit.parent_id
        for person in tree.people_acting_as(user)
        for unit in org.headed_units(person)
        if unit.is_office and unit.parent_id
    }
    monitored = [g.unit for g in org.roles(user) if g.role == RoleGrant.Role.DIRECTIVE_MONITOR]
    if not ids and not monitored:
        user._followed_agencies = []
        return []

    def load(now: Any) -> tuple[list[Unit], None]:
        found = ids | {tree.agency_of(unit).pk for unit in monitored}
        return list(Unit.objects.filter(pk__in=found).order_by("path")), None

    # Kept between requests under the organisation's version, keyed by what the facts say (no query).
    key = f"followed:{sorted(ids)}:{sorted(u.pk for u in monitored)}"
    agencies = tree.kept(user, key, load)
    user._followed_agencies = agencies
    return agencies


def top_leader_ids(agencies: list[Unit]) -> list[int]:
    """The head and deputies of each agency itself (Chủ tịch, Phó Chủ tịch; Giám đốc, Phó Giám đốc)."""
    if not agencies:
        return []
    return sorted(
        set(
            Membership.objects.current()
            .filter(unit__in=agencies, position__level__in=(Position.Level.HEAD, Position.Level.DEPUTY))
            .values_list("user_id", flat=True)
        )
    )


def leaders_work_q(user: Any) -> Q | None:
    """Work given by (or in the name of) the leaders of the agencies the person follows; None when
    they follow none."""
    if hasattr(user, "_leaders_work_q"):
        cached: Q | None = user._leaders_work_q
        return cached
    leaders = top_leader_ids(followed_agencies(user))
    query = (Q(assigner_id__in=leaders) | Q(assigned_on_behalf_of_id__in=leaders)) if leaders else None
    if user is not None and getattr(user, "pk", None) is not None:
        user._leaders_work_q = query
    return query


def reads_as_follower(user: Any, item: Assignment) -> bool:
    """Is this item the leaders' work the person follows, or below it?"""
    query = leaders_work_q(user)
    if query is None:
        return False
    ids = [int(part) for part in item.lineage.strip("/").split("/") if part.isdigit()] + [item.pk]
    return Assignment.objects.filter(query, pk__in=ids).exists()


def access_assignment(user: Any, pk: int) -> Assignment:
    """The item, or 404 alike for missing and invisible (STYLE: access_*). Whoever does a subtask
    may also read the work above it (what the screens then offer them is read-only: no guard of
    that work allows them anything)."""
    related = ("assigner", "assigned_on_behalf_of", "approver", "lead_user", "lead_unit", "unit", "parent")
    item = visible_assignments(user).select_related(*related).filter(pk=pk).first()
    if item is None:
        found = Assignment.objects.select_related(*related).filter(pk=pk).first()
        if found is not None and (reads_as_part_of(user, pk) or reads_as_follower(user, found)):
            item = found
    if item is None:
        raise Refused.not_found("Không tìm thấy công việc.")
    return item
