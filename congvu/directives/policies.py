"""Who may see and do what with directives (seed 001 Đ5.3, Đ8, Đ9, Đ10.2; MISSION DIR-1..DIR-9).

The office of an agency (Văn phòng UBND) — whoever holds the directive-monitor role on the agency,
and the leaders of the agency's office unit (Chánh, Phó Chánh Văn phòng) — enters directives, reviews
reports, corrects and reassigns tasks, closes reporting periods and grants who may read what
(``is_office``). An assigned agency acts through its leaders (its head, or a deputy in charge of
it: ``leads_exactly``) or the staff member its head appoints (``handler``): they report, and its
leaders return a task assigned wrongly (seed 001 Đ5.3, Đ9.1). Every one of these may be done by
someone acting for that person under a delegation (ORG-8).

Who reads (DIR-8, ``visible_tasks``): the office of the issuing agency; the leader who signed the
directive; the people of the lead agency and of the co-operating agencies who act on it (leaders,
handler); the monitor; and whoever the office granted the agency (``ViewGrant``). Reading is all a
grant gives.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet

from congvu.core.decisions import Decision, Refused
from congvu.directives.models import Directive, DirectiveTask, TaskReport, ViewGrant
from congvu.org import policies as org
from congvu.org import tree
from congvu.org.models import Position, RoleGrant, Unit

NOT_OFFICE = "Chỉ Văn phòng (người theo dõi chỉ đạo) mới làm được việc này."
NOT_REPORTER = "Chỉ lãnh đạo cơ quan chủ trì hoặc người được phân công mới báo cáo được nhiệm vụ này."
NOT_AGENCY_LEADER = "Chỉ lãnh đạo cơ quan chủ trì mới làm được việc này."
STANDING = "Nhiệm vụ thường xuyên được báo cáo theo từng kỳ, không báo cáo trực tiếp."


# --- the office -----------------------------------------------------------------------------------


def _office_agency_ids(person: Any) -> set[int]:
    """The agencies this person works for as office, personally (no delegation)."""
    facts = org.facts(person)
    ids = {g.unit_id for g in facts.roles if g.role == RoleGrant.Role.DIRECTIVE_MONITOR}
    for m in facts.memberships:
        if (
            m.unit.is_office
            and m.unit.parent_id
            and m.position.level in (Position.Level.HEAD, Position.Level.DEPUTY)
        ):
            ids.add(m.unit.parent_id)
    return ids


def office_agencies(user: Any) -> list[Unit]:
    """The agencies whose directives the person keeps, personally or for someone they act for
    (read once per request and kept on the user object, like the organisation's facts)."""
    cached = getattr(user, "_directive_offices", None)
    if cached is not None:
        return cached
    ids = set(_office_agency_ids(user))
    for principal in tree.principals(user):
        ids |= _office_agency_ids(principal)
    key = "directive_offices:" + ",".join(map(str, sorted(ids)))  # the ids come from the facts: no query
    agencies = (
        tree.kept(user, key, lambda now: (list(Unit.objects.filter(pk__in=ids).order_by("path")), None))
        if ids
        else []
    )
    if getattr(user, "pk", None) is not None:
        user._directive_offices = agencies
    return agencies


def granted_paths(user: Any) -> list[str]:
    """DIR-8: the paths of the agencies the office let this account read (once per request)."""
    cached = getattr(user, "_directive_grants", None)
    if cached is not None:
        return cached
    paths = list(ViewGrant.objects.filter(user_id=user.pk).values_list("unit__path", flat=True))
    user._directive_grants = paths
    return paths


def is_office_of(user: Any, agency: Unit | int) -> Decision:
    agency_id = agency if isinstance(agency, int) else agency.pk
    decision = org.with_delegation(user, lambda person: agency_id in _office_agency_ids(person))
    return decision if decision else Decision.deny(NOT_OFFICE)


def is_office(user: Any, obj: Directive | DirectiveTask) -> Decision:
    """Guard: the office of the agency that issued the directive."""
    return is_office_of(user, obj.agency_id)


# --- the assigned agency --------------------------------------------------------------------------


def is_agency_leader(user: Any, task: DirectiveTask) -> Decision:
    """Guard: a leader of the lead agency (returns a wrongly assigned task, appoints the handler)."""
    decision = org.with_delegation(user, lambda person: org.leads_exactly(person, task.lead_path))
    return decision if decision else Decision.deny(NOT_AGENCY_LEADER)


def is_reporter(user: Any, task: DirectiveTask) -> Decision:
    """A leader of the lead agency or the person its head appointed."""
    decision = org.with_delegation(
        user,
        lambda person: (
            (task.handler_id is not None and person.pk == task.handler_id)
            or org.leads_exactly(person, task.lead_path)
        ),
    )
    return decision if decision else Decision.deny(NOT_REPORTER)


def can_report(user: Any, task: DirectiveTask) -> Decision:
    if task.recurrence:
        return Decision.deny(STANDING)
    return is_reporter(user, task)


def can_return(user: Any, task: DirectiveTask) -> Decision:
    """A periodic item goes back with its standing task, never alone."""
    if task.parent_id is not None:
        return Decision.deny("Kỳ báo cáo của nhiệm vụ thường xuyên không trả lại riêng được.")
    return is_agency_leader(user, task)


def can_review(user: Any, report: TaskReport) -> Decision:
    return is_office(user, report.task)


# --- who reads ------------------------------------------------------------------------------------


def _people(user: Any) -> list[Any]:
    return [user, *tree.principals(user)] if getattr(user, "pk", None) else []


def visible_tasks(user: Any) -> QuerySet[DirectiveTask]:
    """DIR-8: the tasks this person may read (see the module's docstring)."""
    people = _people(user)
    if not people:
        return DirectiveTask.objects.none()
    ids = [p.pk for p in people]
    led_paths = sorted({path for p in people for path in org.facts(p).led_unit_paths})
    office_ids = {a for p in people for a in _office_agency_ids(p)}
    granted = granted_paths(user)
    q = Q(handler_id__in=ids) | Q(monitor_id__in=ids) | Q(signer_id__in=ids)
    if office_ids:
        q |= Q(agency_id__in=sorted(office_ids))
    if led_paths:
        cooperating = DirectiveTask.co_units.through.objects.filter(
            directivetask_id=OuterRef("pk"), unit__path__in=led_paths
        )
        q |= Q(lead_path__in=led_paths) | Q(Exists(cooperating))
    if granted:
        q |= tree.subtree_q(tree.outermost(granted), "lead_")
    return DirectiveTask.objects.filter(q)


def visible_directives(user: Any) -> QuerySet[Directive]:
    """The directives with a visible task, the ones the person signed, and — for the office — every
    directive of its agencies, drafts included."""
    people = _people(user)
    if not people:
        return Directive.objects.none()
    office_ids = sorted({a for p in people for a in _office_agency_ids(p)})
    q = Q(signer_id__in=[p.pk for p in people]) | Q(
        status=Directive.Status.PUBLISHED, pk__in=visible_tasks(user).values("directive_id")
    )
    if office_ids:
        q |= Q(agency_id__in=office_ids)
    return Directive.objects.filter(q)


def access_task(user: Any, pk: int) -> DirectiveTask:
    """The task, or 404 alike for missing and invisible (STYLE: access_*)."""
    related = ("directive", "lead_unit", "handler", "monitor", "signer", "agency", "parent")
    task = visible_tasks(user).select_related(*related).filter(pk=pk).first()
    if task is None:
        raise Refused.not_found("Không tìm thấy nhiệm vụ.")
    return task


def access_directive(user: Any, pk: int) -> Directive:
    directive = (
        visible_directives(user)
        .select_related("agency", "signer", "entered_by", "file")
        .filter(pk=pk)
        .first()
    )
    if directive is None:
        raise Refused.not_found("Không tìm thấy văn bản chỉ đạo.")
    return directive


def access_report(user: Any, pk: int) -> TaskReport:
    report = TaskReport.objects.select_related("task", "submitted_by", "file").filter(pk=pk).first()
    if report is None or not visible_tasks(user).filter(pk=report.task_id).exists():
        raise Refused.not_found("Không tìm thấy báo cáo.")
    return report


def can_see_agency_statistics(user: Any, agency: Unit) -> Decision:
    """DIR-6: the office of the agency and its leaders read the agency's statistics."""
    if is_office_of(user, agency):
        return Decision.allow()
    return org.is_leader_of(user, agency)


def leaders_of(agency: Unit) -> list[Any]:
    """Who may sign a directive of the agency: its head and deputies (the directing leaders)."""
    from congvu.accounts.models import User
    from congvu.org.models import Membership

    posts = Membership.objects.current().filter(
        unit_id=agency.pk, position__level__in=(Position.Level.HEAD, Position.Level.DEPUTY)
    )
    people = User.objects.filter(status=User.Status.ACTIVE, memberships__in=posts).distinct()
    return sorted(people, key=tree.person_sort_key)
