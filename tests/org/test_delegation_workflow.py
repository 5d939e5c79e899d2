"""The delegation workflow (ORG-8): requests and their rules, the transition table, notifications,
"B thay mặt A" in the audit log, and the screens."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone

from congvu.core.decisions import Refused
from congvu.core.models import AuditEvent
from congvu.notifications.models import Notification
from congvu.org import tree
from congvu.org.delegations import selectors
from congvu.org.delegations import services as services
from congvu.org.delegations.jobs import notify_agency_of_delegation, notify_expired_delegations
from congvu.org.delegations.workflow import DELEGATION_WORKFLOW
from congvu.org.models import Delegation
from tests.org.delegation_helpers import DAY, HOUR, approved, fresh, request

S = Delegation.Status
PERSONAS = (
    "chuyen_vien",
    "chuyen_vien_2",
    "truong_phong",
    "pho_giam_doc",
    "giam_doc",
    "chu_tich",
    "quan_tri",
    "chuyen_vien_khac",
)


def suspend(user):
    from congvu.accounts.users.workflow import ACCOUNT_WORKFLOW

    return ACCOUNT_WORKFLOW.apply("suspend", user, actor=None, reason="Nghỉ hưu")


# --- the transition table -------------------------------------------------------------------------

# The scene: the head of TCBC (truong_phong) lends his authority to an officer of his division
# (chuyen_vien); his leader is the director of the department (giam_doc).
ALLOWED = {
    ("approve", S.REQUESTED): {"giam_doc"},
    ("reject", S.REQUESTED): {"giam_doc"},
    ("cancel", S.REQUESTED): {"truong_phong"},
    ("revoke", S.APPROVED): {"truong_phong", "giam_doc", "quan_tri"},
}
# Why everybody else is refused where the action applies (seed 002 Đ4.5: the principal's leader
# decides; nobody decides a delegation they give or receive).
DECIDE = {
    "truong_phong": "Bạn không thể tự duyệt ủy quyền của mình.",
    "chuyen_vien": "Người được ủy quyền không thể tự duyệt ủy quyền cho mình.",
    "*": "Chỉ thủ trưởng Sở Nội vụ (lãnh đạo của người ủy quyền) mới duyệt được.",
}
REFUSED = {
    ("approve", S.REQUESTED): DECIDE,
    ("reject", S.REQUESTED): DECIDE,
    ("cancel", S.REQUESTED): {"*": "Chỉ người ủy quyền mới làm được việc này."},
    ("revoke", S.APPROVED): {
        "*": "Chỉ người ủy quyền, người đã duyệt hoặc quản trị mới chấm dứt được ủy quyền."
    },
}
# Anywhere else the action does not apply: the screens and the services say so alike.
WRONG_STATE = "Thao tác này không áp dụng được ở trạng thái hiện tại."
TARGET = {"approve": S.APPROVED, "reject": S.REJECTED, "cancel": S.CANCELLED, "revoke": S.REVOKED}
TABLE = [
    (action, state, persona, persona in ALLOWED.get((action, state), set()))
    for action in ("approve", "reject", "cancel", "revoke")
    for state in (S.REQUESTED, S.APPROVED, S.REJECTED, S.CANCELLED, S.REVOKED)
    for persona in PERSONAS
]


def _refusal(action, state, persona):
    """(what the screen says, what the service says)."""
    reasons = REFUSED.get((action, state))
    if reasons is None:
        return WRONG_STATE, WRONG_STATE
    reason = reasons.get(persona, reasons["*"])
    return reason, reason


def _in_state(province, state):
    delegation = request(province.truong_phong, province.chuyen_vien)
    if state == S.APPROVED:
        delegation = services.delegation_approve(delegation=delegation, actor=province.giam_doc)
    elif state == S.REJECTED:
        delegation = services.delegation_reject(
            delegation=delegation, actor=province.giam_doc, reason="Không cần"
        )
    elif state == S.CANCELLED:
        delegation = services.delegation_cancel(delegation=delegation, actor=province.truong_phong)
    elif state == S.REVOKED:
        delegation = services.delegation_approve(delegation=delegation, actor=province.giam_doc)
        delegation = services.delegation_revoke(delegation=delegation, actor=province.truong_phong)
    assert delegation.status == state
    return delegation


@pytest.mark.parametrize(("action", "state", "persona", "allowed"), TABLE)
def test_transition_table(province, action, state, persona, allowed):
    delegation = _in_state(province, state)
    actor = fresh(getattr(province, persona))
    decision = DELEGATION_WORKFLOW.check(action, delegation, actor)
    assert bool(decision) is allowed, decision.reason
    if allowed:
        done = services.delegation_act(
            delegation=delegation, action=action, actor=actor, reason="Có việc đột xuất"
        )
        assert done.status == TARGET[action]
        event = AuditEvent.objects.filter(action=f"org.delegation.{action}").latest("id")
        assert (event.actor_id, event.on_behalf_of_id, event.object_id) == (
            actor.pk,
            None,
            str(delegation.pk),
        )
        assert (event.before["status"], event.after["status"]) == (state, TARGET[action])
    else:
        on_screen, from_service = _refusal(action, state, persona)
        assert decision.reason == on_screen
        audit_rows = AuditEvent.objects.count()
        with pytest.raises(Refused) as refused:
            services.delegation_act(
                delegation=delegation, action=action, actor=actor, reason="Có việc đột xuất"
            )
        assert refused.value.message == from_service
        delegation.refresh_from_db()
        assert (delegation.status, AuditEvent.objects.count()) == (state, audit_rows)


@pytest.mark.parametrize(
    ("persona", "reason_fragment"),
    [
        ("truong_phong", "tự duyệt"),
        ("chuyen_vien", "Người được ủy quyền không thể tự duyệt"),
        ("pho_giam_doc", "Chỉ thủ trưởng Sở Nội vụ"),
        ("chu_tich", "Chỉ thủ trưởng Sở Nội vụ"),
    ],
)
def test_it_says_why_an_approval_is_refused(province, persona, reason_fragment):
    delegation = request(province.truong_phong, province.chuyen_vien)
    decision = DELEGATION_WORKFLOW.check("approve", delegation, fresh(getattr(province, persona)))
    assert not decision and reason_fragment in decision.reason


def test_a_staff_request_is_decided_by_the_head_of_their_own_unit(province):
    delegation = request(province.chuyen_vien, province.chuyen_vien_2, reason="Nghỉ phép")
    assert not DELEGATION_WORKFLOW.check("approve", delegation, province.giam_doc)
    assert DELEGATION_WORKFLOW.check("approve", delegation, province.truong_phong)
    done = services.delegation_approve(delegation=delegation, actor=province.truong_phong)
    assert done.status == S.APPROVED and done.decided_by == province.truong_phong and done.decided_at


def test_the_head_of_the_top_unit_is_approved_at_once_and_the_audit_says_so(province):
    delegation = request(province.chu_tich, province.pho_chu_tich)
    assert delegation.status == S.APPROVED
    event = AuditEvent.objects.filter(
        action="org.delegation.auto_approve", object_id=str(delegation.pk)
    ).get()
    assert "Tự động duyệt" in event.note and event.actor_id == province.chu_tich.pk


def test_nobody_auto_approves_a_request_that_has_a_leader(province):
    delegation = request(province.truong_phong, province.chuyen_vien)
    assert delegation.status == S.REQUESTED
    decision = DELEGATION_WORKFLOW.check("auto_approve", delegation, province.truong_phong)
    assert not decision and "cần lãnh đạo cấp trên duyệt" in decision.reason


def test_it_refuses_to_approve_once_the_window_is_over(province, clock):
    delegation = request(province.chuyen_vien, province.chuyen_vien_2)
    clock.move_to(delegation.ends_at + HOUR)
    decision = DELEGATION_WORKFLOW.check("approve", delegation, fresh(province.truong_phong))
    assert not decision and "đã qua" in decision.reason


def test_revoking_someone_elses_delegation_needs_a_reason(province):
    delegation = approved(province.truong_phong, province.chuyen_vien, province.giam_doc)
    with pytest.raises(Refused) as refused:
        services.delegation_revoke(delegation=delegation, actor=province.giam_doc, reason="  ")
    assert refused.value.field == "reason"
    done = services.delegation_revoke(delegation=delegation, actor=province.giam_doc, reason="Đã về cơ quan")
    assert done.status == S.REVOKED and done.ended_at is not None


def test_the_principal_revokes_without_a_reason_and_it_ends_now(province):
    delegation = approved(
        province.truong_phong, province.chuyen_vien, province.giam_doc, starts_at=timezone.now() - HOUR
    )
    done = services.delegation_revoke(delegation=delegation, actor=province.truong_phong)
    assert done.status == S.REVOKED and done.ended_at <= timezone.now()
    assert done.display_status == "Đã chấm dứt"


def test_an_expired_delegation_cannot_be_revoked(province, clock):
    delegation = approved(province.truong_phong, province.chuyen_vien, province.giam_doc)
    clock.move_to(delegation.ends_at + HOUR)
    decision = DELEGATION_WORKFLOW.check("revoke", delegation, province.truong_phong)
    assert not decision and "hết hạn" in decision.reason


def test_rejecting_needs_a_reason(province):
    delegation = request(province.truong_phong, province.chuyen_vien)
    with pytest.raises(Refused) as refused:
        services.delegation_reject(delegation=delegation, actor=province.giam_doc, reason="")
    assert refused.value.field == "reason"


# --- the rules of a request -----------------------------------------------------------------------


def test_a_head_may_delegate_to_anyone_of_their_unit_subtree(province):
    delegation = request(province.giam_doc, province.chuyen_vien)  # an officer two levels down
    assert delegation.status == S.REQUESTED
    assert DELEGATION_WORKFLOW.check("approve", delegation, fresh(province.chu_tich))  # the director's leader


def test_it_refuses_a_delegate_outside_the_principals_unit(province):
    with pytest.raises(Refused) as refused:
        request(province.truong_phong, province.chuyen_vien_khac)
    assert refused.value.field == "delegate" and "không thuộc đơn vị của bạn" in refused.value.message
    with pytest.raises(Refused) as refused:
        request(province.chuyen_vien, province.giam_doc)  # the leader is above, not inside, the division
    assert (refused.value.field, refused.value.message) == (
        "delegate",
        "Hoàng Văn Nam không thuộc đơn vị của bạn. "
        "Chỉ được ủy quyền cho người trong đơn vị mình (Quy chế, Điều 13 khoản 3).",
    )


def test_it_refuses_an_inactive_delegate(province):
    suspend(province.chuyen_vien_2)
    with pytest.raises(Refused) as refused:
        request(province.truong_phong, fresh(province.chuyen_vien_2))
    assert refused.value.field == "delegate" and "không còn hoạt động" in refused.value.message


def test_it_refuses_oneself(province):
    with pytest.raises(Refused) as refused:
        request(province.truong_phong, province.truong_phong)
    assert refused.value.field == "delegate"


def test_it_refuses_to_lend_someone_elses_authority(province):
    with pytest.raises(Refused) as refused:
        services.delegation_request(
            principal=province.truong_phong,
            delegate=province.chuyen_vien,
            starts_at=timezone.now() + DAY,
            ends_at=timezone.now() + 2 * DAY,
            reason="Đi công tác",
            actor=province.giam_doc,
        )
    assert refused.value.message == "Bạn chỉ có thể ủy quyền quyền xử lý của chính mình."
    assert not Delegation.objects.exists()


@pytest.mark.parametrize(
    ("start", "end", "field"),
    [
        (DAY, DAY - HOUR, "ends_at"),  # ends before it starts
        (DAY, DAY, "ends_at"),  # empty window
        (-3 * DAY, -DAY, "ends_at"),  # already over
    ],
)
def test_it_refuses_a_bad_window(province, start, end, field):
    now = timezone.now()
    with pytest.raises(Refused) as refused:
        request(province.truong_phong, province.chuyen_vien, starts_at=now + start, ends_at=now + end)
    assert refused.value.field == field
    assert not Delegation.objects.exists()


def test_it_refuses_a_request_without_a_reason(province):
    with pytest.raises(Refused) as refused:
        request(province.truong_phong, province.chuyen_vien, reason="   ")
    assert refused.value.field == "reason"


def test_a_window_typed_without_a_zone_is_read_in_vietnam_time(province):
    local_start = (timezone.localtime() + 2 * DAY).replace(
        hour=8, minute=0, second=0, microsecond=0, tzinfo=None
    )
    delegation = request(
        province.truong_phong, province.chuyen_vien, starts_at=local_start, ends_at=local_start + 9 * HOUR
    )
    assert timezone.localtime(delegation.starts_at).hour == 8
    assert delegation.starts_at.astimezone(dt.UTC).hour == 1  # 08:00 at UTC+7


@pytest.mark.parametrize("existing", [S.REQUESTED, S.APPROVED])
def test_it_refuses_an_overlap_with_a_requested_or_approved_delegation(province, existing):
    first = request(province.truong_phong, province.chuyen_vien)
    if existing == S.APPROVED:
        services.delegation_approve(delegation=first, actor=province.giam_doc)
    with pytest.raises(Refused) as refused:
        request(
            province.truong_phong,
            province.chuyen_vien_2,
            starts_at=first.starts_at + HOUR,
            ends_at=first.ends_at + DAY,
        )
    assert refused.value.field == "starts_at" and "trùng thời gian" in refused.value.message


@pytest.mark.parametrize("ended_by", ["reject", "cancel", "revoke"])
def test_a_delegation_that_ended_does_not_block_a_new_one(province, ended_by):
    first = request(province.truong_phong, province.chuyen_vien)
    if ended_by == "reject":
        services.delegation_reject(delegation=first, actor=province.giam_doc, reason="Không cần")
    elif ended_by == "cancel":
        services.delegation_cancel(delegation=first, actor=province.truong_phong)
    else:
        first = services.delegation_approve(delegation=first, actor=province.giam_doc)
        services.delegation_revoke(delegation=first, actor=province.truong_phong)
    second = request(
        province.truong_phong, province.chuyen_vien_2, starts_at=first.starts_at, ends_at=first.ends_at
    )
    assert second.status == S.REQUESTED


def test_back_to_back_windows_do_not_overlap(province):
    first = request(province.truong_phong, province.chuyen_vien)
    second = request(province.truong_phong, province.chuyen_vien_2, starts_at=first.ends_at)
    assert second.pk != first.pk


def test_the_delegate_choices_are_the_principals_unit_sorted_by_vietnamese_name(province):
    names = [p.full_name for p in selectors.delegate_candidates(province.truong_phong)]
    assert names == ["Trần Thị Thu Hà", "Nguyễn Văn Minh"]  # Hà before Minh: sorted by given name
    director = [p.full_name for p in selectors.delegate_candidates(province.giam_doc)]
    # By given name: Hà, Lan, Minh, Sơn.
    assert director == ["Trần Thị Thu Hà", "Vũ Thị Lan", "Nguyễn Văn Minh", "Bùi Thanh Sơn"]


def test_the_delegate_choices_leave_out_inactive_accounts(province):
    suspend(province.chuyen_vien_2)
    names = [p.full_name for p in selectors.delegate_candidates(fresh(province.truong_phong))]
    assert names == ["Nguyễn Văn Minh"]


# --- the agency ---------------------------------------------------------------------------------


def test_agency_of_is_the_nearest_unit_that_is_a_co_quan(province):
    u = province.units
    assert tree.agency_of(u.tcbc) == u.snv
    assert tree.agency_of(u.snv) == u.snv
    assert tree.agency_of(u.hctc) == u.vp
    assert tree.agency_of(u.xa) == u.xa
    assert tree.agency_of(u.tinh) == u.tinh


def test_the_agency_members_leave_out_nested_agencies(province):
    p = province
    assert set(tree.agency_member_ids(p.units.snv)) == {
        p.giam_doc.pk,
        p.pho_giam_doc.pk,
        p.truong_phong.pk,
        p.chuyen_vien.pk,
        p.chuyen_vien_2.pk,
    }
    # The province office is the chairman and vice-chairman; departments and districts are agencies of their own.
    assert set(tree.agency_member_ids(p.units.tinh)) == {p.chu_tich.pk, p.pho_chu_tich.pk}


# --- notifications ------------------------------------------------------------------------------


def _about(delegation):
    return Notification.objects.filter(event_key__startswith=f"delegation:{delegation.pk}:")


def test_the_leader_is_told_of_a_request(province):
    delegation = request(province.truong_phong, province.chuyen_vien)
    note = _about(delegation).get(kind="delegation.requested")
    assert note.recipient == province.giam_doc
    assert note.url == reverse("org:delegation_detail", args=[delegation.pk])


def test_every_active_member_of_the_agency_is_told_of_an_approval_exactly_once(
    province, django_capture_on_commit_callbacks
):
    p = province
    suspend(p.chuyen_vien_2)  # an inactive member is not told
    delegation = request(p.truong_phong, p.chuyen_vien)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        services.delegation_approve(delegation=delegation, actor=p.giam_doc)
    assert callbacks  # the agency notice left after commit
    notes = _about(delegation).exclude(kind="delegation.requested")
    per_person: dict[int, int] = {}
    for note in notes:
        per_person[note.recipient_id] = per_person.get(note.recipient_id, 0) + 1
    agency = {p.giam_doc.pk, p.pho_giam_doc.pk, p.truong_phong.pk, p.chuyen_vien.pk}
    assert per_person == {pk: 1 for pk in agency}
    agency_notes = notes.filter(kind="delegation.agency")
    assert {n.recipient_id for n in agency_notes} == {p.giam_doc.pk, p.pho_giam_doc.pk}
    title = agency_notes.first().title_text
    assert "Nguyễn Văn Minh" in title and "Bùi Thanh Sơn" in title
    assert timezone.localtime(delegation.starts_at).strftime("%H:%M %d/%m/%Y") in title
    assert {n.recipient_id for n in notes.filter(kind="delegation.approved")} == {
        p.truong_phong.pk,
        p.chuyen_vien.pk,
    }

    # Running the task again (a retry) tells nobody twice.
    notify_agency_of_delegation.call(delegation.pk)
    assert _about(delegation).filter(kind="delegation.agency").count() == 2


def test_the_agency_is_told_only_after_the_approval_commits(province, django_capture_on_commit_callbacks):
    delegation = request(province.truong_phong, province.chuyen_vien)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.delegation_approve(delegation=delegation, actor=province.giam_doc)
    assert not _about(delegation).filter(kind="delegation.agency").exists()
    for callback in callbacks:
        callback()
    told = _about(delegation).filter(kind="delegation.agency").values_list("recipient_id", flat=True)
    assert sorted(told) == sorted([province.giam_doc.pk, province.pho_giam_doc.pk, province.chuyen_vien_2.pk])


def test_the_agency_is_told_of_an_automatic_approval(province, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        delegation = request(province.chu_tich, province.pho_chu_tich)
    assert not _about(delegation).filter(kind="delegation.agency").exists()  # nobody else in the office
    assert _about(delegation).filter(kind="delegation.approved").count() == 2


def test_a_rejected_request_tells_nobody_in_the_agency(province, django_capture_on_commit_callbacks):
    delegation = request(province.truong_phong, province.chuyen_vien)
    with django_capture_on_commit_callbacks(execute=True):
        services.delegation_reject(delegation=delegation, actor=province.giam_doc, reason="Không cần thiết")
    assert not _about(delegation).filter(kind="delegation.agency").exists()
    assert notify_agency_of_delegation.call(delegation.pk) == 0
    note = _about(delegation).get(kind="delegation.rejected")
    assert note.recipient == province.truong_phong and "Không cần thiết" in note.body_text


def test_the_delegate_is_told_of_a_revocation(province):
    delegation = approved(province.truong_phong, province.chuyen_vien, province.giam_doc)
    services.delegation_revoke(delegation=delegation, actor=province.truong_phong)
    note = _about(delegation).get(kind="delegation.revoked")
    assert note.recipient == province.chuyen_vien


def test_delegate_and_principal_are_told_once_when_it_expires(province, clock):
    delegation = approved(province.truong_phong, province.chuyen_vien, province.giam_doc)
    assert notify_expired_delegations.call() == 0
    clock.move_to(delegation.ends_at + HOUR)
    assert notify_expired_delegations.call() == 1
    clock.shift(HOUR)
    assert notify_expired_delegations.call() == 0
    notes = _about(delegation).filter(kind="delegation.expired")
    assert sorted(n.recipient_id for n in notes) == sorted(
        [province.truong_phong.pk, province.chuyen_vien.pk]
    )


def test_the_expiry_job_runs_every_hour():
    from congvu.core import scheduler

    job = scheduler.autodiscover()["org.delegations_expiring"]
    assert job.task is notify_expired_delegations and job.every == scheduler.HOUR


def test_a_revoked_delegation_is_not_reported_as_expired(province, clock):
    delegation = approved(province.truong_phong, province.chuyen_vien, province.giam_doc)
    services.delegation_revoke(delegation=delegation, actor=province.truong_phong)
    clock.move_to(delegation.ends_at + DAY)
    assert notify_expired_delegations.call() == 0


# --- "B thay mặt A" -----------------------------------------------------------------------------


@pytest.fixture
def deputy_acting_for_head(province):
    """A deputy head of TCBC who holds the head's authority right now."""
    from congvu.accounts.models import User
    from congvu.org.units import services as units

    deputy = User.objects.create_user("khoapd", "x", full_name="Phan Đăng Khoa", must_change_password=False)
    units.membership_start(
        user=deputy, unit=province.units.tcbc, position=province.positions.pho_truong_phong, actor=None
    )
    approved(
        province.truong_phong,
        deputy,
        province.giam_doc,
        starts_at=timezone.now() - HOUR,
        ends_at=timezone.now() + 3 * DAY,
        reason="Đi công tác Hà Nội",
    )
    return fresh(deputy)


def test_an_approval_done_on_the_heads_behalf_is_recorded_as_such(
    province, deputy_acting_for_head, signed_in
):
    deputy = deputy_acting_for_head
    staff_request = request(province.chuyen_vien, province.chuyen_vien_2, reason="Nghỉ phép")
    decision = DELEGATION_WORKFLOW.check("approve", staff_request, deputy)
    assert decision and decision.on_behalf_of == province.truong_phong

    services.delegation_approve(delegation=staff_request, actor=deputy)

    event = AuditEvent.objects.get(action="org.delegation.approve", object_id=str(staff_request.pk))
    assert event.actor_id == deputy.pk and event.on_behalf_of_id == province.truong_phong.pk
    assert event.actor_display == "Phan Đăng Khoa thay mặt Bùi Thanh Sơn"
    body = (
        signed_in(province.chuyen_vien).get(reverse("org:delegation_detail", args=[staff_request.pk])).content
    )
    assert "Phan Đăng Khoa thay mặt Bùi Thanh Sơn" in body.decode()


def test_the_deputy_sees_the_request_waiting_for_the_head(province, deputy_acting_for_head):
    staff_request = request(province.chuyen_vien, province.chuyen_vien_2, reason="Nghỉ phép")
    waiting = selectors.delegations_for(deputy_acting_for_head, selectors.ROLE_TO_APPROVE)
    assert list(waiting) == [staff_request]
    assert list(selectors.delegations_for(fresh(province.chuyen_vien_2), selectors.ROLE_TO_APPROVE)) == []


def test_the_delegate_cannot_approve_their_own_principals_other_requests_for_themselves(
    province, deputy_acting_for_head
):
    # The deputy acts for the head; the head's staff member asks to lend *to the deputy*: the deputy
    # would decide a delegation they receive.
    staff_request = request(province.chuyen_vien, deputy_acting_for_head, reason="Nghỉ phép")
    decision = DELEGATION_WORKFLOW.check("approve", staff_request, deputy_acting_for_head)
    assert decision.reason == "Người được ủy quyền không thể tự duyệt ủy quyền cho mình."


# --- the screens --------------------------------------------------------------------------------


def _form(delegate, *, start_in=DAY, length=2 * DAY, reason="Đi công tác"):
    start = timezone.localtime() + start_in
    return {
        "delegate": str(delegate.pk),
        "starts_at": start.strftime("%Y-%m-%dT%H:%M"),
        "ends_at": (start + length).strftime("%Y-%m-%dT%H:%M"),
        "reason": reason,
    }


def test_the_form_offers_only_people_of_ones_unit(province, signed_in):
    body = signed_in(province.truong_phong).get(reverse("org:delegation_create")).content.decode()
    assert "Nguyễn Văn Minh — Chuyên viên, Phòng Tổ chức biên chế" in body
    assert "Đặng Đình Đức" not in body


def test_a_person_requests_a_delegation_from_the_form(province, signed_in):
    client = signed_in(province.truong_phong)
    response = client.post(reverse("org:delegation_create"), _form(province.chuyen_vien))
    delegation = Delegation.objects.get()
    assert response.status_code == 302 and response.url == reverse(
        "org:delegation_detail", args=[delegation.pk]
    )
    assert delegation.status == S.REQUESTED and delegation.principal == province.truong_phong


def test_the_form_shows_the_services_refusal_and_saves_nothing(province, signed_in):
    client = signed_in(province.truong_phong)
    response = client.post(
        reverse("org:delegation_create"), _form(province.chuyen_vien, start_in=-3 * DAY, length=DAY)
    )
    assert response.status_code == 200
    assert "Thời điểm kết thúc đã qua." in response.content.decode()
    assert not Delegation.objects.exists()


def test_the_form_refuses_a_person_outside_the_unit_even_if_posted(province, signed_in):
    client = signed_in(province.truong_phong)
    response = client.post(reverse("org:delegation_create"), _form(province.chuyen_vien_khac))
    assert response.status_code == 200 and not Delegation.objects.exists()


def test_the_leader_approves_from_the_detail_page(province, signed_in):
    delegation = request(province.truong_phong, province.chuyen_vien)
    client = signed_in(province.giam_doc)
    page = client.get(reverse("org:delegation_detail", args=[delegation.pk])).content.decode()
    assert 'value="approve"' in page and 'value="reject"' in page and 'value="revoke"' not in page
    response = client.post(
        reverse("org:delegation_act", args=[delegation.pk]), {"action": "approve", "reason": ""}
    )
    assert response.status_code == 302
    delegation.refresh_from_db()
    assert delegation.status == S.APPROVED


def test_the_detail_page_refuses_an_action_not_allowed(province, signed_in):
    delegation = request(province.truong_phong, province.chuyen_vien)
    client = signed_in(province.chuyen_vien)
    page = client.get(reverse("org:delegation_detail", args=[delegation.pk])).content.decode()
    assert 'name="action"' not in page
    response = client.post(reverse("org:delegation_act", args=[delegation.pk]), {"action": "approve"})
    assert response.status_code == 403  # not theirs to decide: forbidden, with the reason
    assert "không thể tự duyệt" in response.content.decode()
    delegation.refresh_from_db()
    assert delegation.status == S.REQUESTED


def test_a_rejection_without_a_reason_is_refused_on_the_page(province, signed_in):
    delegation = request(province.truong_phong, province.chuyen_vien)
    response = signed_in(province.giam_doc).post(
        reverse("org:delegation_act", args=[delegation.pk]), {"action": "reject", "reason": ""}
    )
    assert response.status_code == 400 and "Vui lòng nêu lý do." in response.content.decode()


def test_it_hides_delegations_from_people_outside(province, signed_in):
    delegation = request(province.truong_phong, province.chuyen_vien)
    assert (
        signed_in(province.chuyen_vien_khac)
        .get(reverse("org:delegation_detail", args=[delegation.pk]))
        .status_code
        == 404
    )


@pytest.mark.parametrize(
    ("persona", "visible"),
    [
        ("truong_phong", True),
        ("chuyen_vien", True),
        ("giam_doc", True),
        ("pho_giam_doc", True),  # leads the division
        ("chu_tich", True),
        ("quan_tri", True),
        ("chuyen_vien_2", False),
        ("chuyen_vien_khac", False),
    ],
)
def test_who_sees_a_delegation(province, persona, visible):
    from congvu.org.delegations.policies import visible_delegations

    delegation = request(province.truong_phong, province.chuyen_vien)
    assert visible_delegations(fresh(getattr(province, persona))).filter(pk=delegation.pk).exists() is visible


def test_the_list_has_a_tab_per_role_with_status_badges(province, signed_in):
    mine = request(province.truong_phong, province.chuyen_vien)
    client = signed_in(province.giam_doc)
    page = client.get(reverse("org:delegations") + "?tab=to_approve").content.decode()
    assert "Chờ tôi duyệt" in page and "Bùi Thanh Sơn" in page and "Chờ duyệt" in page
    services.delegation_approve(delegation=mine, actor=province.giam_doc)
    officer = (
        signed_in(province.chuyen_vien).get(reverse("org:delegations") + "?tab=received").content.decode()
    )
    assert "Đã duyệt, chưa đến hạn" in officer
    assert "Chờ tôi duyệt" not in officer  # not a head: no such tab


@pytest.mark.parametrize("rows", [3, 30])
def test_the_list_costs_the_same_queries_whatever_its_length(
    province, signed_in, rows, django_assert_max_num_queries
):
    p = province
    base = timezone.now() + DAY
    for i in range(rows):
        Delegation.objects.create(
            principal=p.truong_phong,
            delegate=p.chuyen_vien if i % 2 else p.chuyen_vien_2,
            starts_at=base + i * 3 * DAY,
            ends_at=base + i * 3 * DAY + DAY,
            reason=f"Đi công tác lần {i}",
            requested_by=p.truong_phong,
            decided_by=p.giam_doc if i % 3 == 0 else None,
        )
    client = signed_in(p.truong_phong)
    client.get(reverse("org:delegations"))  # warm the session
    with django_assert_max_num_queries(11):
        response = client.get(reverse("org:delegations"))
    assert response.status_code == 200
    assert response.content.decode().count("Đi công tác lần") == rows


def test_the_list_pages_by_cursor(province, signed_in, settings):
    settings.PAGE_SIZE = 5
    p = province
    base = timezone.now() + DAY
    for i in range(7):
        Delegation.objects.create(
            principal=p.truong_phong,
            delegate=p.chuyen_vien,
            starts_at=base + i * 3 * DAY,
            ends_at=base + i * 3 * DAY + DAY,
            reason=f"Chuyến {i:02d}",
            requested_by=p.truong_phong,
        )
    client = signed_in(p.truong_phong)
    first = client.get(reverse("org:delegations")).content.decode()
    assert first.count("Chuyến ") == 5 and "Chuyến 06" in first
    cursor = re.search(r"sau=([\w-]+)", first).group(1)
    second = client.get(reverse("org:delegations") + f"?tab=given&sau={cursor}").content.decode()
    assert second.count("Chuyến ") == 2 and "Chuyến 00" in second and "Chuyến 06" not in second


# --- the plain-words description ----------------------------------------------------------------


def test_the_workflow_document_lists_every_transition():
    text = (Path(__file__).resolve().parents[2] / "docs" / "workflows" / "delegation.md").read_text(
        encoding="utf-8"
    )
    for transition in DELEGATION_WORKFLOW:
        assert f"`{transition.name}`" in text, transition.name
    assert "`request`" in text
    for badge in (
        "Chờ duyệt",
        "Đang hiệu lực",
        "Đã duyệt, chưa đến hạn",
        "Hết hạn",
        "Không duyệt",
        "Đã chấm dứt",
        "Đã hủy",
    ):
        assert badge in text
