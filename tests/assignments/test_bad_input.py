"""Bad input gets a clear Vietnamese message and changes nothing (issue #3, "Bad input")."""

from __future__ import annotations

import datetime as dt
import unicodedata

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


# --- dates and counts within the horizon (issue "Hardening": far-future dates) ---------------------


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"deadline": dt.date(9999, 12, 31)}, "deadline"),
        ({"deadline": dt.date(2200, 1, 2)}, "deadline"),
        ({"start_date": dt.date(1, 1, 1)}, "start_date"),
        ({"start_date": dt.date(9999, 12, 30)}, "start_date"),
        ({"deadline": None, "deadline_working_days": 1_000_000}, "deadline_working_days"),
        ({"deadline": None, "deadline_working_days": 3_000_000}, "deadline_working_days"),
    ],
)
def test_a_date_or_count_beyond_the_horizon_is_refused(cast, changes, field):
    error = refused(services.assignment_create, **create(cast, **changes))
    assert error.field == field
    assert error.message.startswith(("Ngày ", "Số ngày làm việc từ 1 đến 3650"))


def test_the_horizon_is_a_setting(cast, settings):
    far = working_day(TODAY() + dt.timedelta(days=3 * 366))
    settings.DATE_HORIZON_YEARS = 2
    error = refused(services.assignment_create, **create(cast, deadline=far))
    assert error.message == (f"Ngày {far:%d/%m/%Y} nằm ngoài khoảng cho phép (từ 02/12/2024 đến 02/12/2028).")
    settings.DATE_HORIZON_YEARS = 5
    assert services.assignment_create(**create(cast, deadline=far)).deadline == far


def test_an_extension_beyond_the_horizon_is_refused(cast):
    item = give_work(cast)
    error = refused(
        services.request_extension,
        item=item,
        actor=fresh(cast.lead),
        new_deadline=dt.date(9999, 12, 31),
        reason="Cần thêm thời gian",
    )
    assert error.field == "new_deadline" and "nằm ngoài khoảng cho phép" in error.message


# --- followers within the giver's reach (issue "Hardening": followers are unscoped) -----------------


def test_a_follower_outside_ones_reach_is_refused_and_nobody_is_told(cast):
    """An officer's self-given work cannot bring the province's leaders in as followers."""
    province = cast.province
    officer = fresh(province.chuyen_vien)
    before = Notification.objects.count()
    for outsider in (province.chu_tich, province.giam_doc, province.chuyen_vien_khac):
        error = refused(
            services.assignment_create,
            actor=officer,
            title="Khẩn: xác nhận lại mật khẩu tại http://evil.example",
            lead_user=officer,
            deadline=working_day(TODAY() + dt.timedelta(days=5)),
            followers=[outsider],
        )
        assert error.field == "followers"
        assert error.message.startswith(f"{outsider.full_name} không thuộc đơn vị của ông/bà")
    assert Notification.objects.count() == before


def test_a_colleague_or_a_person_one_leads_may_follow(cast):
    province = cast.province
    own = services.assignment_create(
        actor=fresh(province.chuyen_vien),
        title="Tự học quy chế",
        lead_user=province.chuyen_vien,
        deadline=working_day(TODAY() + dt.timedelta(days=5)),
        followers=[province.chuyen_vien_2, province.truong_phong],
    )
    assert set(own.participants.values_list("user_id", flat=True)) == {
        province.chuyen_vien_2.pk,
        province.truong_phong.pk,
    }
    assert Notification.objects.filter(recipient=province.truong_phong, kind="assignment.follow").exists()


def test_an_edit_cannot_add_a_follower_outside_ones_reach(cast):
    item = give_work(cast)
    error = refused(
        services.assignment_update,
        item=item,
        actor=fresh(cast.assigner),
        followers=[cast.province.chuyen_vien_khac],
    )
    assert error.field == "followers"


# --- what is typed is stored as NFC, never with NUL, never with a secrecy marking -------------------


def test_descriptions_notes_and_reasons_are_stored_as_nfc(cast):
    nfd = unicodedata.normalize("NFD", "Báo cáo tiến độ quý IV, đề nghị phối hợp")
    assert nfd != unicodedata.normalize("NFC", nfd)
    nfc = unicodedata.normalize("NFC", nfd)
    item = services.assignment_create(**create(cast, description=f"<p>{nfd}</p>", checklist=[nfd]))
    assert item.description == f"<p>{nfc}</p>"
    assert item.checklist.get().text == nfc
    report = services.progress_report(item=item, actor=fresh(cast.lead), percent=40, text=nfd)
    assert report.text == nfc
    extension = services.request_extension(
        item=item,
        actor=fresh(cast.lead),
        new_deadline=working_day(item.deadline + dt.timedelta(days=7)),
        reason=nfd,
    )
    assert extension.reason == nfc
    services.cancel(item=fresh_item(item), actor=fresh(cast.assigner), reason=nfd)
    assert AuditEvent.objects.filter(action="assignments.assignment.cancel").get().note == nfc


def fresh_item(item):
    return Assignment.objects.get(pk=item.pk)


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"title": "Rà soát\x00biên chế"}, "title"),
        ({"description": "<p>Nội dung\x00</p>"}, "description"),
        ({"checklist": ["Đầu việc\x00"]}, "checklist"),
        ({"title": "Rà soát \ud800"}, "title"),
    ],
)
def test_a_nul_character_is_refused_with_the_field(cast, changes, field):
    error = refused(services.assignment_create, **create(cast, **changes))
    assert error.field == field
    assert error.message.startswith("Nội dung chứa ký tự không hợp lệ")


def test_a_reason_with_a_nul_character_is_refused(cast):
    item = give_work(cast)
    error = refused(services.cancel, item=item, actor=fresh(cast.assigner), reason="Không cần\x00nữa")
    assert error.field == "reason"


@pytest.mark.parametrize(
    ("changes", "field", "stamp"),
    [
        ({"title": "MẬT: Kế hoạch phòng thủ"}, "title", "MẬT"),
        ({"title": "[Tối mật] Phương án nhân sự"}, "title", "TỐI MẬT"),
        ({"description": "<p>TUYỆT MẬT</p><p>Nội dung kèm theo</p>"}, "description", "TUYỆT MẬT"),
        ({"description": "Độ mật: Mật"}, "description", "MẬT"),
        ({"checklist": ["(MẬT) Danh sách"]}, "checklist", "MẬT"),
    ],
)
def test_a_secrecy_marking_in_what_is_typed_is_refused_with_the_article(cast, changes, field, stamp):
    error = refused(services.assignment_create, **create(cast, **changes))
    assert error.field == field
    assert f"mang dấu chỉ độ mật “{stamp}”" in error.message
    assert error.message.endswith("(Quy chế, Điều 5 khoản 5).")


def test_a_note_with_a_secrecy_stamp_is_refused(cast):
    item = give_work(cast)
    error = refused(
        services.progress_report, item=item, actor=fresh(cast.lead), percent=50, text="TỐI MẬT\nSố liệu"
    )
    assert error.field == "text" and "“TỐI MẬT”" in error.message


@pytest.mark.parametrize(
    "title",
    [
        "Giữ bí mật thông tin cá nhân của người dân",
        "Khẩn: đổi mật khẩu hộp thư công vụ",
        "MẬT KHẨU MỚI CHO HỆ THỐNG",
        "Tăng cường bảo mật",
        "Mật độ dân cư phường Hòa Khánh",
    ],
)
def test_the_word_in_ordinary_prose_is_no_marking(cast, title):
    assert services.assignment_create(**create(cast, title=title)).title == title
