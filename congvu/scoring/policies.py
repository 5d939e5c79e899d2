"""Who may see and do what in scoring (seed 003 Đ3.2, Đ6, Đ8–Đ11; MISSION SCORE-2..SCORE-6).

Three kinds of account (seed 003 Đ3.2), each a functional role of the platform:

* **management** (tài khoản quản lý) — Home Affairs: whoever holds the scoring-management role.
  They keep the criteria sets, open and publish periods, appoint the appraisers, enter the survey
  scores, reopen a submitted assessment or an appraisal with a reason and approve account requests.
* **data entry** (tài khoản nhập liệu) — the scoring-entry role on the assessed unit, or on one of
  its sub-units (the extra accounts of Đ6.1, approved by Home Affairs). The unit's own leaders (its
  head, or a deputy in charge of it — not the leaders above it) may enter too; only they approve
  the report (Đ9.2). Entry accounts or leaders submit it (Đ9.3).
* **appraisal** (tài khoản thẩm định) — an ``Appraisal`` of the period: the council member scores
  the criteria they cover for every unit, then sends the results and the account locks (Đ10.3).

Every act may be done by someone acting for that person under a delegation (ORG-8). Deadlines are
part of the answer: after the self-assessment deadline a unit no longer edits, approves or submits;
after the appraisal deadline an appraiser no longer scores.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from congvu.core.decisions import Decision, RefusalKind
from congvu.org import policies as org
from congvu.org import tree
from congvu.org.models import RoleGrant
from congvu.scoring.models import Appraisal, Assessment, EntryRequest, Period

NOT_MANAGER = "Chỉ Sở Nội vụ (tài khoản quản lý chấm điểm) mới làm được việc này."
NOT_LEADER = "Chỉ lãnh đạo đơn vị mới duyệt được báo cáo tự đánh giá."
NOT_ENTRY = "Chỉ tài khoản nhập liệu hoặc lãnh đạo của đơn vị mới tự đánh giá được."
NOT_APPRAISER = "Chỉ thành viên thẩm định được phân công mới thẩm định được."
NOT_OPEN = "Kỳ chấm điểm không còn mở."
NOT_REQUESTER = "Chỉ lãnh đạo đơn vị mới đề nghị cấp tài khoản nhập liệu được."


def today() -> Any:
    return timezone.localdate()


def self_deadline_passed(assessment: Assessment) -> bool:
    return today() > assessment.due_on


def self_deadline_message(assessment: Assessment) -> str:
    return f"Đã hết hạn tự đánh giá ({assessment.due_on:%d/%m/%Y})."


def appraisal_deadline_passed(period: Period) -> bool:
    return today() > period.appraisal_deadline


# --- the three kinds of account -------------------------------------------------------------------


def _manages(person: Any) -> bool:
    return any(g.role == RoleGrant.Role.SCORING_MANAGEMENT for g in org.facts(person).roles)


def is_manager(user: Any, obj: Any = None) -> Decision:
    """Guard: Home Affairs (a management account), personally or for someone it acts for."""
    decision = org.with_delegation(user, _manages)
    return decision if decision else Decision.deny(NOT_MANAGER)


def manages(user: Any) -> bool:
    return bool(is_manager(user))


def _entry_paths(person: Any) -> list[str]:
    return [g.unit.path for g in org.facts(person).roles if g.role == RoleGrant.Role.SCORING_ENTRY]


def _enters_for(person: Any, unit_path: str) -> bool:
    """A data-entry account on the unit, on a unit above it, or on one of its sub-units (Đ6.1)."""
    return any(unit_path.startswith(p) or p.startswith(unit_path) for p in _entry_paths(person))


def is_unit_leader(user: Any, assessment: Assessment) -> Decision:
    decision = org.with_delegation(user, lambda person: org.leads_exactly(person, assessment.unit_path))
    return decision if decision else Decision.deny(NOT_LEADER)


def is_unit_entry(user: Any, assessment: Assessment) -> Decision:
    """A data-entry account of the unit, or its leader."""
    path = assessment.unit_path
    decision = org.with_delegation(
        user, lambda person: _enters_for(person, path) or org.leads_exactly(person, path)
    )
    return decision if decision else Decision.deny(NOT_ENTRY)


def is_appraiser(user: Any, appraisal: Appraisal) -> Decision:
    decision = org.with_delegation(user, lambda person: person.pk == appraisal.appraiser_id)
    return decision if decision else Decision.deny(NOT_APPRAISER)


# --- the guards of the tables in workflow.py ------------------------------------------------------


def _period_open(period: Period) -> Decision:
    return Decision.allow() if period.status == Period.Status.OPEN else Decision.deny(NOT_OPEN)


def _in_self_time(assessment: Assessment) -> Decision:
    opened = _period_open(assessment.period)
    if not opened:
        return opened
    if self_deadline_passed(assessment):
        return Decision.deny(self_deadline_message(assessment))
    return Decision.allow()


def can_enter(user: Any, assessment: Assessment) -> Decision:
    """Save scores, explanations, evidence and survey answers (a draft)."""
    return _in_self_time(assessment) and is_unit_entry(user, assessment)


def can_approve(user: Any, assessment: Assessment) -> Decision:
    return _in_self_time(assessment) and is_unit_leader(user, assessment)


def can_send_back(user: Any, assessment: Assessment) -> Decision:
    return _period_open(assessment.period) and is_unit_leader(user, assessment)


def can_submit(user: Any, assessment: Assessment) -> Decision:
    return _in_self_time(assessment) and is_unit_entry(user, assessment)


def can_reopen(user: Any, assessment: Assessment) -> Decision:
    return _period_open(assessment.period) and is_manager(user)


def can_appraise(user: Any, appraisal: Appraisal) -> Decision:
    """Score (and send) the criteria one covers: the period open and its appraisal deadline ahead."""
    period = appraisal.period
    opened = _period_open(period)
    if not opened:
        return opened
    if appraisal_deadline_passed(period):
        return Decision.deny(f"Đã hết hạn thẩm định ({period.appraisal_deadline:%d/%m/%Y}).")
    return is_appraiser(user, appraisal)


def can_unlock(user: Any, appraisal: Appraisal) -> Decision:
    return _period_open(appraisal.period) and is_manager(user)


def can_manage_period(user: Any, period: Period) -> Decision:
    return is_manager(user)


def can_request_account(user: Any, unit: Any) -> Decision:
    """A leader of the unit or of a unit above it asks for an entry account (Đ8.2 bước 2)."""
    decision = org.with_delegation(user, lambda person: org.leads(person, unit))
    return decision if decision else Decision.deny(NOT_REQUESTER)


def can_decide_request(user: Any, request: EntryRequest) -> Decision:
    return is_manager(user)


# --- what a person may read -----------------------------------------------------------------------


def unit_paths(user: Any) -> tuple[set[str], set[str]]:
    """(exact paths, subtree roots) of the units whose assessments the person works on: the units
    they lead exactly, their entry units and those units' ancestors (a sub-unit's account enters
    for its parent) and subtrees — personally or for someone they act for (once per request)."""
    cached = getattr(user, "_scoring_paths", None)
    if cached is not None:
        return cached
    exact: set[str] = set()
    roots: set[str] = set()
    people = [user, *tree.principals(user)] if getattr(user, "pk", None) else []
    for person in people:
        for path in _entry_paths(person):
            exact.update(tree.ancestor_paths(path))
            roots.add(path)
        exact.update(p for p in org.facts(person).led_unit_paths)
    result = (exact, roots)
    if getattr(user, "pk", None) is not None:
        user._scoring_paths = result
    return result


def own_assessments_q(user: Any) -> Q:
    exact, roots = unit_paths(user)
    q = Q(unit_path__in=sorted(exact)) if exact else Q(pk__in=[])
    for root in sorted(roots):
        q |= Q(unit_path__startswith=root)
    return q


def visible_assessments(user: Any) -> QuerySet[Assessment]:
    """Home Affairs reads every assessment; a unit its own; an appraiser the submitted assessments
    of their periods; after publication the members of an assessed unit read their unit's."""
    qs = Assessment.objects.all()
    if manages(user):
        return qs
    q = own_assessments_q(user)
    q |= Q(
        status=Assessment.Status.SUBMITTED,
        period__appraisals__appraiser__in=[user.pk, *(p.pk for p in tree.principals(user))],
    )
    member_paths = [m.unit.path for m in org.facts(user).memberships]
    if member_paths:
        q |= Q(period__status=Period.Status.PUBLISHED, unit_path__in=_member_units(member_paths))
    return qs.filter(q).distinct()


def _member_units(member_paths: list[str]) -> list[str]:
    """A member of a division belongs to the department assessed above it too."""
    found: set[str] = set()
    for path in member_paths:
        found.update(tree.ancestor_paths(path))
    return sorted(found)


def may_read_assessment(user: Any, assessment: Assessment) -> Decision:
    if visible_assessments(user).filter(pk=assessment.pk).exists():
        return Decision.allow()
    return Decision.deny("Bạn không có quyền xem bản tự đánh giá này.")


def may_read_results(user: Any, period: Period) -> Decision:
    """Home Affairs and the period's appraisers at any time; after publication, the people of the
    assessed units (the ranking is public to them)."""
    if manages(user):
        return Decision.allow()
    principals = [user.pk, *(p.pk for p in tree.principals(user))]
    if period.appraisals.filter(appraiser_id__in=principals).exists():
        return Decision.allow()
    if period.status == Period.Status.PUBLISHED:
        paths = _member_units([m.unit.path for m in org.facts(user).memberships])
        exact, roots = unit_paths(user)
        paths = sorted(set(paths) | exact)
        q = Q(unit_path__in=paths)
        for root in roots:
            q |= Q(unit_path__startswith=root)
        if period.assessments.filter(q).exists():
            return Decision.allow()
    return Decision.deny("Kết quả chấm điểm chưa được công bố.")


def may_read_unit_result(user: Any, assessment: Assessment) -> Decision:
    """One unit's detailed result: Home Affairs and the period's appraisers at any time; after
    publication, the people of that unit (not of the others). A unit person before publication is
    refused (403); anyone else does not see that the result exists (404)."""
    period = assessment.period
    if manages(user):
        return Decision.allow()
    principals = [user.pk, *(p.pk for p in tree.principals(user))]
    if period.appraisals.filter(appraiser_id__in=principals).exists():
        return Decision.allow()
    own = _is_own_unit(user, assessment)
    if own and period.status == Period.Status.PUBLISHED:
        return Decision.allow()
    if own:
        return Decision.deny("Kết quả chấm điểm chưa được công bố.")
    return Decision.deny("Không tìm thấy kết quả của đơn vị.", kind=RefusalKind.NOT_FOUND)


def _is_own_unit(user: Any, assessment: Assessment) -> bool:
    """The assessment is of a unit the person works on or belongs to (published or not)."""
    paths = set(_member_units([m.unit.path for m in org.facts(user).memberships]))
    exact, roots = unit_paths(user)
    path = assessment.unit_path
    return path in paths or path in exact or any(path.startswith(r) for r in roots)


def may_open_results(user: Any, period: Period) -> Decision:
    """``may_read_results`` told the way a page answers: the people of an assessed unit before
    publication are refused (403, "not published yet"); anyone else unrelated gets 404."""
    decision = may_read_results(user, period)
    if decision:
        return decision
    paths = period.assessments.values_list("unit_path", flat=True)
    probe = Assessment(period=period)
    for path in paths:
        probe.unit_path = path
        if _is_own_unit(user, probe):
            return decision
    return Decision.deny("Không tìm thấy kết quả chấm điểm.", kind=RefusalKind.NOT_FOUND)


def may_export_results(user: Any, period: Period) -> Decision:
    """The council report (Đ11.2): Home Affairs and the period's appraisers, published or not."""
    if manages(user):
        return Decision.allow()
    principals = [user.pk, *(p.pk for p in tree.principals(user))]
    if period.appraisals.filter(appraiser_id__in=principals).exists():
        return Decision.allow()
    return Decision.deny("Chỉ Sở Nội vụ và thành viên thẩm định mới tải được báo cáo kết quả.")
