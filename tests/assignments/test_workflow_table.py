"""The work-item workflow (TASK-3, TASK-4; seed 000 Điều 7): action × persona × state → allowed or refused.

Each case gives the same piece of work (Sơn → Minh, Hà co-assignee, Tuấn following) and puts it in
each source state in turn, inside a savepoint that is rolled back, then lets the persona try the
action through the service. Allowed: the new state and the audit row (with "thay mặt" for a
delegate). Refused: the Vietnamese reason, and nothing changed — state, deadline, lead, reports,
extensions, audit log.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import transaction

from congvu.assignments import policies, services
from congvu.assignments.models import Assignment, Extension, ProgressReport
from congvu.assignments.workflow import ASSIGNMENT_WORKFLOW, EXTENSION_WORKFLOW, WORKING
from congvu.core.decisions import Refused
from congvu.core.models import AuditEvent
from tests.assignments.workflow_cast import ALL_STATES, PERSONAS, S, build_cast, fresh, give_work


@pytest.fixture
def cast(province):
    return build_cast(province)


LEAD = {"lead", "lead_delegate"}
APPROVER = {"assigner", "approver_delegate"}
OPEN = {S.ASSIGNED, S.IN_PROGRESS, S.RETURNED, S.SUBMITTED}
STATE_REASON = "không áp dụng được ở trạng thái hiện tại"

# action: (who may, from which states, the reason given to anybody else, state after, audit action)
TABLE = {
    "start": (
        LEAD,
        {S.ASSIGNED, S.RETURNED},
        policies.NOT_LEAD,
        S.IN_PROGRESS,
        "assignments.assignment.start",
    ),
    "submit": (LEAD, WORKING, policies.NOT_LEAD, S.SUBMITTED, "assignments.assignment.submit"),
    "approve": (APPROVER, {S.SUBMITTED}, policies.NOT_APPROVER, S.DONE, "assignments.assignment.approve"),
    "return": (APPROVER, {S.SUBMITTED}, policies.NOT_APPROVER, S.RETURNED, "assignments.assignment.return"),
    "reassign": (APPROVER, WORKING, policies.NOT_ASSIGNER, None, "assignments.assignment.reassign"),
    "extend": (APPROVER, OPEN, policies.NOT_APPROVER, None, "assignments.assignment.extend"),
    "cancel": (APPROVER, OPEN, policies.NOT_ASSIGNER, S.CANCELLED, "assignments.assignment.cancel"),
    "progress": (
        LEAD | {"co_assignee"},
        WORKING,
        policies.NOT_REPORTER,
        None,
        "assignments.assignment.progress",
    ),
    "request_extension": (LEAD, WORKING, policies.NOT_LEAD, None, "assignments.extension.requested"),
}
PRINCIPAL_OF = {"lead_delegate": "lead", "approver_delegate": "assigner"}


def _do(action, item, actor, cast):
    if action == "start":
        return ASSIGNMENT_WORKFLOW.apply("start", item, actor=actor)
    if action == "submit":
        return services.submit(item=item, actor=actor, note="Đã hoàn thành báo cáo")
    if action == "approve":
        return services.approve(item=item, actor=actor, rating=4, comment="Tốt")
    if action == "return":
        return services.return_result(item=item, actor=actor, reason="Thiếu số liệu quý IV")
    if action == "reassign":
        return services.reassign(item=item, actor=actor, reason="Minh đi học", lead_user=cast.colleague)
    if action == "extend":
        extension = item.extensions.get(status=Extension.Status.PENDING)
        return services.decide_extension(extension=extension, actor=actor, grant=True, note="Đồng ý")
    if action == "cancel":
        return services.cancel(item=item, actor=actor, reason="Không còn cần thiết")
    if action == "progress":
        return services.progress_report(item=item, actor=actor, percent=40, text="Đã thu thập số liệu")
    if action == "request_extension":
        return services.request_extension(
            item=item, actor=actor, new_deadline=item.deadline + dt.timedelta(days=7), reason="Chờ số liệu"
        )
    raise AssertionError(action)


def _snapshot(item):
    row = Assignment.objects.get(pk=item.pk)
    return {
        "status": row.status,
        "deadline": row.deadline,
        "lead": row.lead_user_id,
        "progress": row.progress,
        "reports": ProgressReport.objects.filter(assignment=item).count(),
        "extensions": sorted(Extension.objects.filter(assignment=item).values_list("id", "status")),
        "audit": AuditEvent.objects.count(),
    }


def _setup(cast, state, action):
    item = give_work(cast)
    if action == "extend":
        Extension.objects.create(
            assignment=item,
            requested_by=cast.lead,
            old_deadline=item.deadline,
            new_deadline=item.deadline + dt.timedelta(days=5),
            reason="Chờ số liệu của các huyện",
        )
    Assignment.objects.filter(pk=item.pk).update(status=state)
    return Assignment.objects.get(pk=item.pk)


def _expected_after(action, state, item, expected_target):
    if expected_target is not None:
        return expected_target
    if action == "progress" and state in {S.ASSIGNED, S.RETURNED}:
        return S.IN_PROGRESS if item.lead_user_id else state
    return state


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("action", list(TABLE))
def test_work_item_transition_table(cast, action, persona):
    allowed_people, sources, not_allowed_reason, target, audit_action = TABLE[action]
    actor = fresh(getattr(cast, persona))
    for state in ALL_STATES:
        with transaction.atomic():
            item = _setup(cast, state, action)
            expected = persona in allowed_people and state in sources
            before = _snapshot(item)
            if action == "extend":  # what the screens offer on the pending request
                offered = EXTENSION_WORKFLOW.check("grant", item.extensions.get(), actor)
            else:
                offered = ASSIGNMENT_WORKFLOW.check(action, item, actor)
            assert bool(offered) is expected, (action, persona, state, offered)
            if expected:
                _do(action, item, actor, cast)
                after = Assignment.objects.get(pk=item.pk)
                wanted = _expected_after(action, state, item, target)
                if action == "progress" and persona == "co_assignee":
                    wanted = state  # a co-assignee's report is kept beside the lead's, it starts nothing
                assert after.status == wanted, (action, persona, state)
                event = AuditEvent.objects.filter(action=audit_action, object_id=str(item.pk)).latest("id")
                assert event.actor_id == actor.pk
                principal = PRINCIPAL_OF.get(persona)
                expected_behalf = getattr(cast, principal).pk if principal else None
                assert event.on_behalf_of_id == expected_behalf, (action, persona, state)
                if action == "extend":
                    assert after.deadline == before["deadline"] + dt.timedelta(days=5)
                if action == "reassign":
                    assert after.lead_user_id == cast.colleague.pk
            else:
                with pytest.raises(Refused) as refused:
                    _do(action, item, actor, cast)
                if state not in sources:
                    closed = "Công việc đã kết thúc, không gia hạn được."
                    assert STATE_REASON in refused.value.message or refused.value.message == closed, (
                        action,
                        persona,
                        state,
                        refused.value.message,
                    )
                else:
                    reason = not_allowed_reason
                    if not_allowed_reason == policies.NOT_APPROVER and persona in LEAD:
                        reason = policies.OWN_WORK  # the lead, or someone acting for the lead
                    assert refused.value.message == reason, (action, persona, state, refused.value.message)
                assert _snapshot(item) == before, (action, persona, state)
            transaction.set_rollback(True)


def test_the_screens_offer_exactly_what_the_services_allow(cast):
    item = give_work(cast)
    allowed_actions = ASSIGNMENT_WORKFLOW.allowed_names

    assert allowed_actions(item, cast.lead) == [
        "start",
        "submit",
        "progress",
        "request_extension",
        "attach",
        "checklist",
    ]
    assert allowed_actions(item, cast.assigner) == ["reassign", "cancel", "update", "attach"]
    assert allowed_actions(item, cast.co_assignee) == ["progress"]
    assert allowed_actions(item, cast.follower) == []
    assert allowed_actions(item, cast.superior) == []


def test_a_delegate_acts_only_inside_the_window(cast):
    from congvu.org.delegations import services as delegations
    from congvu.org.models import Delegation

    item = give_work(cast, state=S.SUBMITTED)
    delegation = Delegation.objects.get(delegate=cast.approver_delegate)
    delegations.delegation_revoke(delegation=delegation, actor=fresh(cast.assigner), reason="")
    with pytest.raises(Refused, match="người duyệt"):
        services.approve(item=item, actor=fresh(cast.approver_delegate), rating=5)
    assert Assignment.objects.get(pk=item.pk).status == S.SUBMITTED


def test_the_audit_row_says_thay_mat_for_a_delegates_approval(cast):
    item = give_work(cast, state=S.SUBMITTED)
    services.approve(item=item, actor=cast.approver_delegate, rating=5, comment="Rất tốt")
    event = AuditEvent.objects.get(action="assignments.assignment.approve", object_id=str(item.pk))
    assert (event.actor_name, event.on_behalf_of_name) == ("Đinh Thị Yến", "Bùi Thanh Sơn")
    done = Assignment.objects.get(pk=item.pk)
    assert (done.rating, done.evaluation, done.progress) == (5, "Rất tốt", 100)


def test_the_rating_scale_is_the_one_the_agency_configures(cast, settings):
    settings.ASSIGNMENT_RATING_MAX = 10
    item = give_work(cast, state=S.SUBMITTED)
    with pytest.raises(Refused, match="từ 1 đến 10"):
        services.approve(item=item, actor=cast.assigner, rating=11)
    services.approve(item=item, actor=cast.assigner, rating=9)
    assert Assignment.objects.get(pk=item.pk).rating == 9


def test_a_refused_extension_keeps_the_deadline_and_needs_a_reason(cast):
    item = give_work(cast)
    extension = services.request_extension(
        item=item, actor=cast.lead, new_deadline=item.deadline + dt.timedelta(days=3), reason="Chờ số liệu"
    )
    with pytest.raises(Refused, match="lý do"):
        services.decide_extension(extension=extension, actor=cast.assigner, grant=False, note=" ")
    services.decide_extension(extension=extension, actor=cast.assigner, grant=False, note="Không có căn cứ")
    assert Extension.objects.get(pk=extension.pk).status == Extension.Status.REFUSED
    assert Assignment.objects.get(pk=item.pk).deadline == item.deadline


def test_a_returned_item_climbs_again_and_counts_its_returns(cast):
    item = give_work(cast)
    services.progress_report(item=item, actor=cast.lead, percent=80, text="Gần xong")
    services.submit(item=item, actor=cast.lead)
    services.return_result(item=item, actor=cast.assigner, reason="Thiếu phụ lục")
    services.submit(item=item, actor=cast.lead)
    services.approve(item=item, actor=cast.assigner, rating=3)
    done = Assignment.objects.get(pk=item.pk)
    assert (done.status, done.returned_count, done.progress) == (S.DONE, 1, 100)
    assert done.completed_on is not None and done.timing == "on_time"
