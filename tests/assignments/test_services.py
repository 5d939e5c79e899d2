"""The use cases of the work items (TASK-1..TASK-4; seed 000 Điều 7): whole journeys through the services."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from congvu.assignments import policies, services
from congvu.assignments.models import Assignment, Participant, ProgressReport
from congvu.assignments.workflow import ASSIGNMENT_WORKFLOW
from congvu.core.decisions import Refused
from congvu.core.models import AuditEvent
from congvu.notifications.models import Notification
from tests.assignments.workflow_cast import S, build_cast, fresh, give_work, lend
from tests.conftest import travel_to, working_day


@pytest.fixture
def cast(province):
    return build_cast(province)


TODAY = timezone.localdate


def in_days(n):
    return working_day(TODAY() + dt.timedelta(days=n))


def test_work_from_above_goes_down_as_subtasks_and_climbs_back(province):
    """Điều 7 khoản 3: the deputy receives, passes down, approves the part, then submits upward."""
    director, deputy, head, officer = (
        fresh(p)
        for p in (province.giam_doc, province.pho_giam_doc, province.truong_phong, province.chuyen_vien)
    )
    parent = services.assignment_create(
        actor=director, title="Đề án vị trí việc làm", lead_user=deputy, deadline=in_days(20)
    )
    assert (parent.assigner, parent.approver, parent.unit) == (director, director, province.units.snv)
    assert "subtask" in ASSIGNMENT_WORKFLOW.allowed_names(parent, deputy)

    child = services.assignment_create(
        actor=deputy, title="Phần của phòng TCBC", lead_user=head, deadline=in_days(15), parent=parent
    )
    assert (child.parent_id, child.approver, child.unit) == (parent.pk, deputy, province.units.tcbc)
    grandchild = services.assignment_create(
        actor=head, title="Tổng hợp số liệu biên chế", lead_user=officer, deadline=in_days(10), parent=child
    )
    assert grandchild.approver == head

    services.submit(
        item=grandchild, actor=officer, note="Đã hoàn thành, gửi kết quả", incomplete_confirmed=True
    )
    with pytest.raises(Refused, match="Còn 1 việc con chưa hoàn thành"):
        services.submit(
            item=parent, actor=deputy, note="Đã hoàn thành, gửi kết quả", incomplete_confirmed=True
        )
    with pytest.raises(Refused, match="Còn 1 việc con chưa hoàn thành"):
        services.submit(item=child, actor=head, note="Đã hoàn thành, gửi kết quả", incomplete_confirmed=True)
    services.approve(item=grandchild, actor=head, rating=5)
    services.submit(item=child, actor=head, note="Đã hoàn thành, gửi kết quả", incomplete_confirmed=True)
    with pytest.raises(Refused, match=r"^Chỉ người giao việc \(người duyệt\) mới duyệt được kết quả\.$"):
        services.approve(item=child, actor=director, rating=5)  # not the director's to approve: the deputy's
    services.approve(item=child, actor=deputy, rating=4, comment="Đạt yêu cầu")
    services.submit(item=parent, actor=deputy, note="Đã hoàn thành, gửi kết quả", incomplete_confirmed=True)
    services.approve(item=parent, actor=director, rating=5)
    assert [Assignment.objects.get(pk=i.pk).status for i in (parent, child, grandchild)] == [S.DONE] * 3


def test_a_cancelled_subtask_lets_the_parent_be_submitted(province):
    director, deputy, head = (
        fresh(p) for p in (province.giam_doc, province.pho_giam_doc, province.truong_phong)
    )
    parent = services.assignment_create(
        actor=director, title="Báo cáo quý", lead_user=deputy, deadline=in_days(20)
    )
    child = services.assignment_create(
        actor=deputy, title="Số liệu TCBC", lead_user=head, deadline=in_days(5), parent=parent
    )
    services.cancel(item=child, actor=deputy, reason="Đã có số liệu từ nguồn khác")
    assert (
        services.submit(
            item=parent, actor=deputy, note="Đã hoàn thành, gửi kết quả", incomplete_confirmed=True
        ).status
        == S.SUBMITTED
    )


def test_work_given_to_a_unit_is_led_by_its_head_who_passes_it_to_staff(province):
    director, head, officer = (
        fresh(p) for p in (province.giam_doc, province.truong_phong, province.chuyen_vien)
    )
    item = services.assignment_create(
        actor=director, title="Kiện toàn tổ chức phòng", lead_unit=province.units.tcbc, deadline=in_days(10)
    )
    assert Notification.objects.filter(recipient=head, event_key=f"assignment:{item.pk}:new").exists()
    with pytest.raises(Refused, match="chủ trì"):
        services.submit(
            item=item, actor=officer, note="Đã hoàn thành, gửi kết quả", incomplete_confirmed=True
        )
    child = services.assignment_create(
        actor=head, title="Dự thảo quyết định", lead_user=officer, deadline=in_days(7), parent=item
    )
    services.progress_report(item=item, actor=head, percent=30, text="Đã phân công")
    assert Assignment.objects.get(pk=item.pk).status == S.IN_PROGRESS
    services.submit(item=child, actor=officer, note="Đã hoàn thành, gửi kết quả", incomplete_confirmed=True)
    services.approve(item=child, actor=head, rating=4)
    services.submit(item=item, actor=head, note="Đã hoàn thành, gửi kết quả", incomplete_confirmed=True)
    services.approve(item=item, actor=director, rating=5)
    assert Assignment.objects.get(pk=item.pk).status == S.DONE


def test_self_given_work_is_approved_by_the_head_of_ones_unit(province):
    officer, head = fresh(province.chuyen_vien), fresh(province.truong_phong)
    item = services.assignment_create(
        actor=officer, title="Tự học quy chế mới", lead_user=officer, deadline=in_days(3)
    )
    assert (item.assigner, item.approver, item.lead_user) == (officer, head, officer)
    services.submit(item=item, actor=officer, note="Đã hoàn thành, gửi kết quả", incomplete_confirmed=True)
    assert Notification.objects.filter(recipient=head, kind="assignment.submitted").exists()
    services.approve(item=item, actor=head, rating=5)
    # … and a head's own self-given work goes to the head of the unit above.
    own = services.assignment_create(
        actor=head, title="Chuẩn bị họp giao ban", lead_user=head, deadline=in_days(2)
    )
    assert own.approver == province.giam_doc


def test_a_delegate_gives_work_in_the_principals_name(province):
    """ORG-8: the deputy acts for the director: the director approves and may cancel it."""
    from tests.assignments.workflow_cast import person

    ccvc_officer = person("linhnt", "Ngô Thùy Linh", province.units.ccvc, province.positions.chuyen_vien)
    lend(fresh(province.giam_doc), fresh(province.pho_giam_doc), fresh(province.chu_tich))
    deputy = fresh(province.pho_giam_doc)
    item = services.assignment_create(
        actor=deputy, title="Hồ sơ viên chức", lead_user=ccvc_officer, deadline=in_days(5)
    )
    assert (item.assigner, item.assigned_on_behalf_of, item.approver) == (
        deputy,
        province.giam_doc,
        province.giam_doc,
    )
    event = AuditEvent.objects.get(action="assignments.assignment.created", object_id=str(item.pk))
    assert (event.actor_name, event.on_behalf_of_name) == ("Vũ Thị Lan", "Hoàng Văn Nam")
    note = Notification.objects.get(recipient=ccvc_officer, event_key=f"assignment:{item.pk}:new")
    assert note.body_text.startswith("Vũ Thị Lan (thay mặt Hoàng Văn Nam) giao việc")
    assert policies.is_assigner(fresh(province.giam_doc), item)
    services.cancel(item=item, actor=fresh(province.giam_doc), reason="Đã giao nhầm")
    assert Assignment.objects.get(pk=item.pk).status == S.CANCELLED


def test_a_delegates_progress_report_is_recorded_on_the_leads_behalf(cast):
    item = give_work(cast)
    report = services.progress_report(
        item=item, actor=cast.lead_delegate, percent=50, text="Thay anh Minh báo cáo"
    )
    assert (report.author, report.on_behalf_of) == (cast.lead_delegate, cast.lead)
    after = Assignment.objects.get(pk=item.pk)
    assert (after.status, after.progress) == (S.IN_PROGRESS, 50)
    event = AuditEvent.objects.filter(action="assignments.assignment.progress", object_id=str(item.pk)).get()
    assert event.on_behalf_of_id == cast.lead.pk


def test_a_co_assignees_report_stays_in_the_timeline_but_does_not_set_the_progress(cast):
    item = give_work(cast)
    services.progress_report(item=item, actor=cast.lead, percent=60, text="Phần chính")
    services.progress_report(item=item, actor=cast.co_assignee, percent=90, text="Phần phối hợp")
    assert Assignment.objects.get(pk=item.pk).progress == 60
    assert list(
        ProgressReport.objects.filter(assignment=item).values_list("author__full_name", "percent")
    ) == [
        ("Trần Thị Thu Hà", 90),
        ("Nguyễn Văn Minh", 60),
    ]


def test_new_work_notifies_the_lead_and_co_assignees_and_followers_in_the_app(cast):
    item = give_work(cast)
    notes = Notification.objects.filter(url=f"/cong-viec/{item.pk}/")
    assert set(notes.filter(kind="assignment.new").values_list("recipient__username", flat=True)) == {
        "minhnv",
        "hattt",
    }
    assert set(notes.filter(kind="assignment.follow").values_list("recipient__username", flat=True)) == {
        "tuandm"
    }


def test_a_deadline_in_working_days_skips_the_weekend(cast):
    friday = dt.date(2026, 3, 13)
    with travel_to(friday):
        item = services.assignment_create(
            actor=fresh(cast.assigner),
            title="Báo cáo nhanh",
            lead_user=cast.lead,
            start_date=friday,
            deadline_working_days=3,
        )
    assert item.deadline == dt.date(2026, 3, 18)  # Mon, Tue, Wed
    assert item.deadline_working_days == 3


def test_the_description_is_sanitised_and_searchable(cast):
    item = give_work(
        cast,
        description='<p>Rà soát <b>định biên</b><script>alert(1)</script><a href="javascript:x()">x</a></p>',
    )
    assert "<script" not in item.description and "javascript:" not in item.description
    assert "<b>định biên</b>" in item.description
    assert "dinh bien" in item.search_text and "ra soat bien che" in item.search_text


def test_a_granted_extension_moves_the_deadline_and_is_audited(cast):
    item = give_work(cast)
    extension = services.request_extension(
        item=item,
        actor=cast.lead,
        new_deadline=working_day(item.deadline + dt.timedelta(days=5)),
        reason="Chờ số liệu của huyện",
    )
    assert Notification.objects.filter(recipient=cast.assigner, kind="assignment.extension").exists()
    services.decide_extension(extension=extension, actor=cast.assigner, grant=True, note="Đồng ý")
    assert Assignment.objects.get(pk=item.pk).deadline == working_day(item.deadline + dt.timedelta(days=5))
    actions = set(
        AuditEvent.objects.filter(object_id__in=[str(item.pk), str(extension.pk)]).values_list(
            "action", flat=True
        )
    )
    assert {
        "assignments.extension.requested",
        "assignments.extension.grant",
        "assignments.assignment.extend",
    } <= actions


def test_a_reassignment_moves_the_work_and_tells_both_leads(cast):
    item = give_work(cast)
    services.reassign(item=item, actor=cast.assigner, reason="Minh đi học", lead_user=cast.colleague)
    after = Assignment.objects.get(pk=item.pk)
    assert after.lead_user == cast.colleague and after.unit == cast.province.units.tcbc
    assert Notification.objects.filter(recipient=cast.colleague, kind="assignment.new").exists()
    assert Notification.objects.filter(recipient=cast.lead, kind="assignment.reassigned").exists()
    with pytest.raises(Refused, match="chủ trì"):
        services.progress_report(item=after, actor=fresh(cast.lead), percent=10)


def test_reassigning_to_a_co_assignee_makes_them_the_lead_only(cast):
    item = give_work(cast)
    services.reassign(item=item, actor=cast.assigner, reason="Hà nắm rõ hơn", lead_user=cast.co_assignee)
    after = Assignment.objects.get(pk=item.pk)
    assert (after.lead_user, after.lead_unit, after.unit) == (
        cast.co_assignee,
        None,
        cast.province.units.tcbc,
    )
    # Hà leads now and is no longer a co-assignee; Minh is off the item; Tuấn still follows.
    people = Participant.objects.filter(assignment=item).values_list("user__full_name", "role")
    assert list(people) == [("Đỗ Minh Tuấn", Participant.Role.FOLLOWER)]
    event = AuditEvent.objects.get(action="assignments.assignment.reassign", object_id=str(item.pk))
    assert (event.before["lead_user"]["id"], event.after["lead_user"]["id"]) == (
        cast.lead.pk,
        cast.co_assignee.pk,
    )
    assert event.note == "Hà nắm rõ hơn"
    assert services.lead_people(after) == [cast.co_assignee]
    told = Notification.objects.filter(recipient=cast.co_assignee, kind="assignment.new").order_by("id")
    assert [n.title_text for n in told][-1] == "Việc được giao cho bạn: Rà soát biên chế năm 2026"


def test_the_assigner_edits_title_priority_and_followers(cast):
    item = give_work(cast)
    services.assignment_update(
        item=item,
        actor=cast.assigner,
        title="Rà soát biên chế 2026 (bổ sung)",
        priority=Assignment.Priority.HIGH,
        followers=[],
    )
    after = Assignment.objects.get(pk=item.pk)
    assert (after.title, after.priority) == ("Rà soát biên chế 2026 (bổ sung)", Assignment.Priority.HIGH)
    assert "bo sung" in after.search_text
    assert not Participant.objects.filter(assignment=item, role=Participant.Role.FOLLOWER).exists()
    event = AuditEvent.objects.get(action="assignments.assignment.updated", object_id=str(item.pk))
    assert event.before["title"] == "Rà soát biên chế năm 2026"


def test_the_lead_ticks_the_checklist(cast):
    item = give_work(cast, checklist=["Thu thập số liệu", "Dự thảo báo cáo"])
    entry = item.checklist.get(text="Thu thập số liệu")
    services.checklist_toggle(item=item, actor=cast.lead, checklist_id=entry.pk, done=True)
    assert item.checklist.get(pk=entry.pk).done
    with pytest.raises(Refused, match="Không tìm thấy đầu việc"):
        services.checklist_toggle(item=item, actor=cast.lead, checklist_id=entry.pk + 100, done=True)


# --- around the workflow table -------------------------------------------------------------------


def test_the_screens_offer_what_the_services_allow_in_table_order(cast):
    item = give_work(cast)
    allowed_actions = ASSIGNMENT_WORKFLOW.allowed_names
    assert allowed_actions(item, cast.lead) == [
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
    with pytest.raises(Refused) as refused:
        services.approve(item=item, actor=fresh(cast.approver_delegate), rating=5)
    assert refused.value.message == "Chỉ người giao việc (người duyệt) mới duyệt được kết quả."
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
    with pytest.raises(Refused) as refused:
        services.approve(item=item, actor=cast.assigner, rating=11)
    assert (refused.value.message, refused.value.field) == (
        "Vui lòng chọn mức đánh giá từ 1 đến 10.",
        "rating",
    )
    services.approve(item=item, actor=cast.assigner, rating=9)
    assert Assignment.objects.get(pk=item.pk).rating == 9


def test_a_refused_extension_keeps_the_deadline_and_needs_a_reason(cast):
    from congvu.assignments.models import Extension

    item = give_work(cast)
    extension = services.request_extension(
        item=item, actor=cast.lead, new_deadline=item.deadline + dt.timedelta(days=3), reason="Chờ số liệu"
    )
    with pytest.raises(Refused) as refused:
        services.decide_extension(extension=extension, actor=cast.assigner, grant=False, note=" ")
    assert (refused.value.message, refused.value.field) == ("Vui lòng nêu lý do không gia hạn.", "reason")
    services.decide_extension(extension=extension, actor=cast.assigner, grant=False, note="Không có căn cứ")
    assert Extension.objects.get(pk=extension.pk).status == Extension.Status.REFUSED
    assert Assignment.objects.get(pk=item.pk).deadline == item.deadline


def test_a_returned_item_climbs_again_and_counts_its_returns(cast):
    item = give_work(cast)
    services.progress_report(item=item, actor=cast.lead, percent=80, text="Gần xong")
    services.submit(item=item, actor=cast.lead, note="Đã hoàn thành, gửi kết quả", incomplete_confirmed=True)
    services.return_result(item=item, actor=cast.assigner, reason="Thiếu phụ lục")
    services.submit(item=item, actor=cast.lead, note="Đã hoàn thành, gửi kết quả", incomplete_confirmed=True)
    services.approve(item=item, actor=cast.assigner, rating=3)
    done = Assignment.objects.get(pk=item.pk)
    assert (done.status, done.returned_count, done.progress) == (S.DONE, 1, 100)
    assert done.completed_on is not None and done.timing == "on_time"
