"""Bad input gets a clear Vietnamese message and changes nothing (issue #3, "Bad input")."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from congvu.assignments import services
from congvu.assignments.models import (
    Assignment,
    Attachment,
    ChecklistItem,
    Extension,
    Participant,
    ProgressReport,
)
from congvu.core.decisions import Refused
from congvu.core.models import AuditEvent, StoredFile
from congvu.notifications.models import Notification
from tests.assignments.workflow_cast import S, build_cast, fresh, give_work, lend
from tests.conftest import working_day


@pytest.fixture
def cast(province):
    return build_cast(province)


TODAY = timezone.localdate
MODELS = (
    Assignment,
    Participant,
    ChecklistItem,
    ProgressReport,
    Attachment,
    Extension,
    StoredFile,
    AuditEvent,
    Notification,
)


def counts():
    return {model.__name__: model.objects.count() for model in MODELS}


def refused(call, **kwargs):
    """Run ``call``; it must be refused and leave every table and the item as they were."""
    item = kwargs.get("item")
    before = counts()
    row_before = Assignment.objects.filter(pk=item.pk).values().get() if item is not None else None
    with pytest.raises(Refused) as raised:
        call(**kwargs)
    assert counts() == before
    if item is not None:
        assert Assignment.objects.filter(pk=item.pk).values().get() == row_before
    return raised.value


def create(cast, **changes):
    data = {
        "actor": fresh(cast.assigner),
        "title": "Rà soát biên chế năm 2026",
        "lead_user": cast.lead,
        "start_date": TODAY(),
        "deadline": working_day(TODAY() + dt.timedelta(days=10)),
    }
    data.update(changes)
    return data


def test_assigning_outside_ones_scope_is_refused(cast):
    province = cast.province
    error = refused(services.assignment_create, **create(cast, lead_user=province.chuyen_vien_khac))
    assert error.message == (
        "Ông/bà không có thẩm quyền giao việc cho Đặng Đình Đức: người này không thuộc phạm vi phụ trách."
    )
    assert error.field == "lead"
    upward = refused(services.assignment_create, **create(cast, lead_user=province.giam_doc))
    assert "không có thẩm quyền giao việc cho Hoàng Văn Nam" in upward.message
    staff = refused(
        services.assignment_create, **create(cast, actor=fresh(cast.lead), lead_user=cast.co_assignee)
    )
    assert "chỉ tự giao việc cho mình" in staff.message
    unit = refused(services.assignment_create, **create(cast, lead_user=None, lead_unit=province.units.ccvc))
    assert unit.message == (
        "Ông/bà không có thẩm quyền giao việc cho Phòng Công chức viên chức: đơn vị không thuộc phạm vi phụ trách."
    )


def test_a_co_assignee_outside_ones_scope_is_refused(cast):
    error = refused(services.assignment_create, **create(cast, co_assignees=[cast.province.chuyen_vien_khac]))
    assert error.field == "co_assignees" and "Đặng Đình Đức" in error.message


def test_approving_ones_own_work_is_refused(cast):
    """The lead holds the approver's authority for a while: still not their own work."""
    from congvu.org.delegations import services as delegations
    from congvu.org.models import Delegation

    item = give_work(cast, state=S.SUBMITTED)
    lent_before = Delegation.objects.get(principal=cast.assigner)
    delegations.delegation_revoke(delegation=lent_before, actor=fresh(cast.assigner), reason="")
    lend(fresh(cast.assigner), fresh(cast.lead), fresh(cast.province.giam_doc))
    error = refused(services.approve, item=item, actor=fresh(cast.lead), rating=5, comment="Tự duyệt")
    assert error.message == "Không ai tự duyệt kết quả công việc của chính mình."


def test_approving_ones_own_self_given_work_is_refused(cast):
    item = services.assignment_create(
        actor=fresh(cast.lead),
        title="Tự học quy chế",
        lead_user=cast.lead,
        deadline=working_day(TODAY() + dt.timedelta(days=3)),
    )
    services.submit(
        item=item, actor=fresh(cast.lead), note="Đã hoàn thành, gửi kết quả", incomplete_confirmed=True
    )
    error = refused(services.approve, item=item, actor=fresh(cast.lead), rating=5)
    assert error.message == "Không ai tự duyệt kết quả công việc của chính mình."


def test_a_deadline_before_the_start_is_refused(cast):
    error = refused(
        services.assignment_create,
        **create(cast, start_date=TODAY(), deadline=TODAY() - dt.timedelta(days=1)),
    )
    assert (error.message, error.field) == ("Hạn hoàn thành không được trước ngày bắt đầu.", "deadline")


def test_a_missing_deadline_is_refused(cast):
    error = refused(services.assignment_create, **create(cast, deadline=None))
    assert (error.message, error.field) == (
        "Vui lòng nhập hạn hoàn thành (ngày, hoặc số ngày làm việc).",
        "deadline",
    )


@pytest.mark.parametrize("reason", ["", "   "])
def test_a_return_without_a_reason_is_refused(cast, reason):
    item = give_work(cast, state=S.SUBMITTED)
    error = refused(services.return_result, item=item, actor=fresh(cast.assigner), reason=reason)
    assert (error.message, error.field) == ("Vui lòng nêu lý do trả lại.", "reason")


@pytest.mark.parametrize("percent", [101, 150, -1, True, "50"])
def test_progress_outside_0_to_100_percent_is_refused(cast, percent):
    item = give_work(cast)
    error = refused(services.progress_report, item=item, actor=fresh(cast.lead), percent=percent, text="Xong")
    assert (error.message, error.field) == ("Tiến độ phải từ 0 đến 100%.", "percent")


def test_an_attachment_the_file_service_refuses_is_not_attached(cast):
    item = give_work(cast)
    program = ("bao-cao.pdf.exe", b"MZ\x90\x00" + b"\x00" * 200)
    error = refused(services.add_attachment, item=item, actor=fresh(cast.lead), upload=program)
    assert error.message == "Hệ thống không tiếp nhận tệp thực thi hoặc chứa macro (.exe): “bao-cao.pdf.exe”."
    disguised = ("bao-cao.pdf", b"MZ\x90\x00" + b"\x00" * 200)
    error = refused(services.add_attachment, item=item, actor=fresh(cast.lead), upload=disguised)
    assert error.message == (
        "Tệp “bao-cao.pdf” thực chất là chương trình Windows dù mang tên .pdf; "
        "hệ thống không tiếp nhận tệp thực thi."
    )


def test_a_progress_report_with_a_refused_file_is_not_kept(cast):
    item = give_work(cast)
    bad = ("ghi-chu.txt", b"TUY\xe1\xbb\x86T M\xe1\xba\xacT\nN\xe1\xbb\x99i dung")  # "TUYỆT MẬT" stamp
    error = refused(
        services.progress_report, item=item, actor=fresh(cast.lead), percent=30, text="Kèm tệp", uploads=[bad]
    )
    assert error.message.startswith(
        "Hệ thống không tiếp nhận tài liệu mật (mật, tối mật, tuyệt mật): "
        "tài liệu mang dấu chỉ độ mật “TUYỆT MẬT”."
    )


def test_an_accepted_attachment_is_kept_and_audited(cast):
    item = give_work(cast)
    attachment = services.add_attachment(
        item=item, actor=fresh(cast.lead), upload=("ke-hoach.txt", "Kế hoạch".encode())
    )
    assert attachment.file.original_name == "ke-hoach.txt"
    assert AuditEvent.objects.filter(action="assignments.attachment.added", object_id=str(item.pk)).exists()


@pytest.mark.parametrize("title", ["", "   ", "\n\t"])
def test_an_empty_title_is_refused(cast, title):
    error = refused(services.assignment_create, **create(cast, title=title))
    assert (error.message, error.field) == ("Vui lòng nhập tên công việc.", "title")


def test_an_empty_title_is_refused_on_edit_too(cast):
    item = give_work(cast)
    error = refused(services.assignment_update, item=item, actor=fresh(cast.assigner), title=" ")
    assert error.message == "Vui lòng nhập tên công việc."


def test_a_title_too_long_is_refused(cast):
    error = refused(services.assignment_create, **create(cast, title="x" * 501))
    assert error.field == "title" and "500" in error.message


def test_a_rating_off_the_scale_is_refused(cast):
    item = give_work(cast, state=S.SUBMITTED)
    for rating in (0, 6, None, "5"):
        error = refused(services.approve, item=item, actor=fresh(cast.assigner), rating=rating)
        assert (error.message, error.field) == ("Vui lòng chọn mức đánh giá từ 1 đến 5.", "rating")


def test_an_extension_must_move_the_deadline_later_and_say_why(cast):
    item = give_work(cast)
    earlier = refused(
        services.request_extension,
        item=item,
        actor=fresh(cast.lead),
        new_deadline=item.deadline,
        reason="Chờ số liệu",
    )
    assert earlier.field == "new_deadline" and "sau hạn hiện tại" in earlier.message
    no_reason = refused(
        services.request_extension,
        item=item,
        actor=fresh(cast.lead),
        new_deadline=item.deadline + dt.timedelta(days=2),
        reason=" ",
    )
    assert no_reason.message == "Vui lòng nêu lý do đề nghị gia hạn."


def test_a_second_pending_extension_is_refused(cast):
    item = give_work(cast)
    later = item.deadline + dt.timedelta(days=2)
    services.request_extension(item=item, actor=fresh(cast.lead), new_deadline=later, reason="Chờ số liệu")
    error = refused(
        services.request_extension, item=item, actor=fresh(cast.lead), new_deadline=later, reason="Lần nữa"
    )
    assert error.message == "Đã có một đề nghị gia hạn đang chờ quyết định."


def test_a_reassignment_without_a_reason_or_to_the_approver_is_refused(cast):
    item = give_work(cast)
    no_reason = refused(
        services.reassign, item=item, actor=fresh(cast.assigner), reason="", lead_user=cast.colleague
    )
    assert no_reason.message == "Vui lòng nêu lý do giao lại."
    to_self = refused(
        services.reassign, item=item, actor=fresh(cast.assigner), reason="Tự làm", lead_user=cast.assigner
    )
    assert to_self.message == "Người duyệt kết quả không thể đồng thời chủ trì công việc."
    same = refused(
        services.reassign, item=item, actor=fresh(cast.assigner), reason="Giữ nguyên", lead_user=cast.lead
    )
    assert same.message == "Người (đơn vị) này đang chủ trì công việc."


def test_a_cancellation_without_a_reason_is_refused(cast):
    item = give_work(cast)
    error = refused(services.cancel, item=item, actor=fresh(cast.assigner), reason="")
    assert error.message == "Vui lòng nêu lý do."


def test_a_subtask_after_its_parents_deadline_or_for_oneself_is_refused(cast):
    province = cast.province
    parent = services.assignment_create(
        actor=fresh(province.giam_doc), title="Đề án vị trí việc làm", lead_user=province.pho_giam_doc,
        deadline=working_day(TODAY() + dt.timedelta(days=10)),
    )  # fmt: skip
    late = refused(
        services.assignment_create,
        actor=fresh(province.pho_giam_doc), title="Phần của phòng TCBC", lead_user=province.truong_phong,
        deadline=working_day(TODAY() + dt.timedelta(days=14)), parent=parent,
    )  # fmt: skip
    assert late.field == "deadline" and "việc cha" in late.message
    mine = refused(
        services.assignment_create,
        actor=fresh(province.pho_giam_doc), title="Tự làm một phần", lead_user=province.pho_giam_doc,
        deadline=working_day(TODAY() + dt.timedelta(days=5)), parent=parent,
    )  # fmt: skip
    assert "người khác" in mine.message
    stranger = refused(
        services.assignment_create,
        actor=fresh(province.truong_phong), title="Không phải việc của tôi", lead_user=province.chuyen_vien,
        deadline=working_day(TODAY() + dt.timedelta(days=5)), parent=parent,
    )  # fmt: skip
    assert stranger.message == "Chỉ người chủ trì việc cha mới giao tiếp việc con."


def test_self_given_work_needs_a_leader_to_approve_it(province):
    error = refused(
        services.assignment_create,
        actor=fresh(province.chu_tich), title="Việc riêng", lead_user=province.chu_tich,
        deadline=working_day(TODAY() + dt.timedelta(days=3)),
    )  # fmt: skip
    assert "Không có lãnh đạo cấp trên" in error.message


def test_unknown_fields_and_bad_priority_are_refused_on_edit(cast):
    item = give_work(cast)
    assert (
        "deadline"
        in refused(
            services.assignment_update, item=item, actor=fresh(cast.assigner), deadline=TODAY()
        ).message
    )
    assert (
        refused(services.assignment_update, item=item, actor=fresh(cast.assigner), priority=9).field
        == "priority"
    )
    assert refused(
        services.assignment_update, item=item, actor=fresh(cast.lead), title="Đổi tên"
    ).message == ("Chỉ người giao việc mới làm được việc này.")
