"""DOC-7 on every workflow step (seed 001 Đ6.1: no secret content in the system): a reason, comment
or note that carries a secrecy marking is refused on its field — by the engine itself, whichever
service calls it — and nothing is saved; the words in ordinary prose pass."""

from __future__ import annotations

from contextlib import contextmanager

import pytest

from congvu.accounts.models import AccountRequest, AccountRequestLine, User
from congvu.accounts.requests import services as requests
from congvu.accounts.users import services as users
from congvu.accounts.users.workflow import ACCOUNT_WORKFLOW
from congvu.assignments import services as assignments
from congvu.assignments.models import Assignment, Extension, ProgressReport
from congvu.assignments.workflow import ASSIGNMENT_WORKFLOW
from congvu.core.decisions import RefusalKind, Refused
from congvu.core.models import AuditEvent
from congvu.core.workflow import clean_reason
from congvu.notifications.models import Notification
from congvu.org.delegations import services as delegations
from congvu.org.models import Delegation
from tests.assignments.workflow_cast import build_cast, give_work
from tests.assignments.workflow_cast import fresh as fresh_person
from tests.org.delegation_helpers import approved, fresh, request

# What a person might type, and the stamp the refusal names.
MARKED = [
    ("Độ mật: Tối mật", "TỐI MẬT"),
    ("MẬT", "MẬT"),
    ("[Tối mật] Nội dung nêu tại công văn kèm theo", "TỐI MẬT"),
    ("TUYỆT MẬT: phương án nhân sự", "TUYỆT MẬT"),
    ("Trả lại để bổ sung.\n  TỐI MẬT  \nXem phụ lục", "TỐI MẬT"),
]
ORDINARY = [
    "Đề nghị giữ bí mật thông tin cá nhân của người dân",
    "Chưa đổi mật khẩu hộp thư công vụ theo quy định",
    "MẬT KHẨU MỚI CHƯA ĐƯỢC GỬI",
    "Tăng cường bảo mật; mật độ dân cư cao",
]
REFUSAL = "Hệ thống không tiếp nhận tài liệu mật (mật, tối mật, tuyệt mật): "
TABLES = (
    AuditEvent,
    Notification,
    User,
    Delegation,
    AccountRequest,
    AccountRequestLine,
    Assignment,
    ProgressReport,
    Extension,
)


def _snapshot(rows):
    counts = {model.__name__: model.objects.count() for model in TABLES}
    values = [type(row).objects.filter(pk=row.pk).values().get() for row in rows]
    return counts, values


@contextmanager
def refused_on(field, stamp, *rows, what="lý do"):
    """The block must be refused as invalid input (400) on ``field``, naming ``stamp``, and leave
    every table, and each of ``rows``, as it was. ``what`` is how the refusal names the text."""
    before = _snapshot(rows)
    with pytest.raises(Refused) as raised:
        yield
    error = raised.value
    assert (error.kind, error.status, error.field) == (RefusalKind.INVALID, 400, field)
    assert error.message.startswith(REFUSAL)
    assert f"mang dấu chỉ độ mật “{stamp}”" in error.message
    if what is not None:
        assert f": {what} mang dấu chỉ độ mật" in error.message
    assert error.message.endswith("(Quy chế, Điều 5 khoản 5).")
    assert _snapshot(rows) == before


# --- the engine -----------------------------------------------------------------------------------


@pytest.mark.parametrize(("reason", "stamp"), MARKED)
def test_the_engine_refuses_a_marked_reason_and_saves_nothing(province, reason, stamp):
    minh = province.chuyen_vien
    with refused_on("reason", stamp, minh):
        ACCOUNT_WORKFLOW.apply("suspend", minh, actor=province.quan_tri, reason=reason)
    assert User.objects.get(pk=minh.pk).status == User.Status.ACTIVE


def test_a_person_who_may_not_act_hears_that_first(province):
    with pytest.raises(Refused) as raised:
        ACCOUNT_WORKFLOW.apply("suspend", province.chuyen_vien, actor=province.truong_phong, reason="MẬT")
    assert raised.value.kind == RefusalKind.NOT_ALLOWED


@pytest.mark.parametrize("reason", ORDINARY)
def test_the_engine_keeps_an_ordinary_reason(province, reason):
    user = users.user_suspend(user=province.chuyen_vien, actor=province.quan_tri, reason=reason)
    assert user.status == User.Status.SUSPENDED and user.status_reason == reason
    assert AuditEvent.objects.get(action="accounts.user.suspend").note == reason


def test_clean_reason_names_the_field_and_the_text():
    with pytest.raises(Refused) as raised:
        clean_reason("Độ mật: Mật", field="comment", what="nhận xét")
    assert raised.value.field == "comment" and "nhận xét mang dấu chỉ độ mật “MẬT”" in raised.value.message
    assert clean_reason("  Giữ bí mật\r\nmật khẩu  ") == "Giữ bí mật\nmật khẩu"


# --- accounts: suspension and retirement ------------------------------------------------------------


@pytest.mark.parametrize("act", [users.user_suspend, users.user_retire])
def test_suspending_or_retiring_with_a_marked_reason_is_refused(province, act):
    minh = province.chuyen_vien
    with refused_on("reason", "TỐI MẬT", minh):
        act(user=minh, actor=province.quan_tri, reason="Độ mật: Tối mật")


# --- delegations ------------------------------------------------------------------------------------


@pytest.mark.parametrize(("reason", "stamp"), MARKED)
def test_a_delegation_rejected_with_a_marked_reason_stays_requested(province, reason, stamp):
    delegation = request(province.truong_phong, province.chuyen_vien)
    with refused_on("reason", stamp, delegation, what="lý do không duyệt"):
        delegations.delegation_reject(delegation=delegation, actor=fresh(province.giam_doc), reason=reason)
    assert Delegation.objects.get(pk=delegation.pk).status == Delegation.Status.REQUESTED


@pytest.mark.parametrize(("action", "actor", "state"), [
    ("approve", "giam_doc", Delegation.Status.REQUESTED),
    ("reject", "giam_doc", Delegation.Status.REQUESTED),
    ("cancel", "truong_phong", Delegation.Status.REQUESTED),
    ("revoke", "giam_doc", Delegation.Status.APPROVED),
    ("revoke", "truong_phong", Delegation.Status.APPROVED),
])  # fmt: skip
def test_every_delegation_step_refuses_a_marked_reason(province, action, actor, state):
    if state == Delegation.Status.APPROVED:
        delegation = approved(province.truong_phong, province.chuyen_vien, fresh(province.giam_doc))
    else:
        delegation = request(province.truong_phong, province.chuyen_vien)
    with refused_on("reason", "MẬT", delegation, what=None):
        delegations.delegation_act(
            delegation=delegation,
            action=action,
            actor=fresh(getattr(province, actor)),
            reason="[MẬT] Xem công văn",
        )
    assert Delegation.objects.get(pk=delegation.pk).status == state


def test_a_delegation_requested_with_a_marked_reason_is_not_kept(province):
    with refused_on("reason", "TỐI MẬT", what="lý do ủy quyền"):
        request(province.truong_phong, province.chuyen_vien, reason="Độ mật: Tối mật")
    assert not Delegation.objects.exists()


@pytest.mark.parametrize("reason", ORDINARY)
def test_a_delegation_rejected_with_an_ordinary_reason_is_rejected(province, reason):
    delegation = request(province.truong_phong, province.chuyen_vien)
    done = delegations.delegation_reject(delegation=delegation, actor=fresh(province.giam_doc), reason=reason)
    assert done.status == Delegation.Status.REJECTED
    assert AuditEvent.objects.get(action="org.delegation.reject").note == reason
    assert Notification.objects.filter(kind="delegation.rejected").exists()


# --- account requests -------------------------------------------------------------------------------


def _submitted(p, **filed):
    lines = [
        requests.LineData(
            full_name="Phan Thị Ngọc Ánh",
            unit=p.units.tcbc,
            position=p.positions.chuyen_vien,
            email="anhptn@binhson.gov.vn",
        )
    ]
    r = requests.request_create(
        actor=p.giam_doc, kind=AccountRequest.Kind.CREATE, unit=p.units.snv, lines=lines
    )
    return requests.request_submit(account_request=r.account_request, actor=p.giam_doc)


@pytest.mark.parametrize(("reason", "stamp"), MARKED)
def test_an_account_request_returned_with_a_marked_reason_stays_submitted(province, reason, stamp):
    r = _submitted(province)
    with refused_on("reason", stamp, r, what="lý do trả lại"):
        requests.request_reject(account_request=r, actor=province.quan_tri, reason=reason)
    r.refresh_from_db()
    assert (r.status, r.response, r.processed_by) == (AccountRequest.Status.SUBMITTED, "", None)


def test_an_account_request_withdrawn_with_a_marked_reason_stays_submitted(province):
    r = _submitted(province)
    with refused_on("reason", "MẬT", r):
        requests.request_withdraw(account_request=r, actor=province.giam_doc, reason="Độ mật: Mật")
    assert AccountRequest.objects.get(pk=r.pk).status == AccountRequest.Status.SUBMITTED


def test_processing_with_a_marked_note_creates_no_account(province):
    r = _submitted(province)
    with refused_on("note", "MẬT", r, what="ghi chú"):
        requests.request_process(account_request=r, actor=province.quan_tri, note="MẬT\nĐã tạo tài khoản")
    assert not User.objects.filter(email="anhptn@binhson.gov.vn").exists()


def test_a_line_whose_change_reason_is_marked_is_not_filed(province):
    line = requests.LineData(target_user=province.chuyen_vien, change_reason="Theo công văn (Tối mật) số 12")
    with refused_on("lines.0.change_reason", "TỐI MẬT", what="lý do thay đổi ở dòng 1"):
        requests.request_create(
            actor=province.giam_doc, kind=AccountRequest.Kind.SUSPEND, unit=province.units.snv, lines=[line]
        )


def test_a_request_note_that_is_marked_is_not_kept(province):
    r = _submitted(province)
    returned = requests.request_reject(account_request=r, actor=province.quan_tri, reason="Thiếu ngày sinh")
    with refused_on("note", "TUYỆT MẬT", returned, what="ghi chú"):
        requests.request_update(account_request=returned, actor=province.giam_doc, lines=[], note="TUYỆT MẬT")


@pytest.mark.parametrize("reason", ORDINARY)
def test_an_account_request_returned_with_an_ordinary_reason_is_returned(province, reason):
    r = _submitted(province)
    done = requests.request_reject(account_request=r, actor=province.quan_tri, reason=reason)
    assert (done.status, done.response) == (AccountRequest.Status.REJECTED, reason)


# --- assignments ------------------------------------------------------------------------------------


@pytest.fixture
def cast(province):
    return build_cast(province)


@pytest.mark.parametrize(("reason", "stamp"), MARKED)
def test_an_assignment_returned_with_a_marked_reason_stays_submitted(cast, reason, stamp):
    item = give_work(cast, state=Assignment.Status.SUBMITTED)
    with refused_on("reason", stamp, item, what="lý do trả lại"):
        assignments.return_result(item=item, actor=fresh_person(cast.assigner), reason=reason)
    assert Assignment.objects.get(pk=item.pk).status == Assignment.Status.SUBMITTED


@pytest.mark.parametrize(("reason", "stamp"), MARKED)
def test_an_assignment_cancelled_with_a_marked_reason_stays_open(cast, reason, stamp):
    item = give_work(cast)
    status = item.status
    with refused_on("reason", stamp, item, what="lý do hủy"):
        assignments.cancel(item=item, actor=fresh_person(cast.assigner), reason=reason)
    assert Assignment.objects.get(pk=item.pk).status == status


@pytest.mark.parametrize("name", ["cancel", "return"])
def test_an_assignment_step_applied_straight_through_the_engine_is_refused_too(cast, name):
    item = give_work(cast, state=Assignment.Status.SUBMITTED)
    with refused_on("reason", "TỐI MẬT", item):
        ASSIGNMENT_WORKFLOW.apply(name, item, actor=fresh_person(cast.assigner), reason="Độ mật: Tối mật")


@pytest.mark.parametrize("reason", ORDINARY)
def test_an_assignment_returned_or_cancelled_with_an_ordinary_reason_goes_through(cast, reason):
    item = give_work(cast, state=Assignment.Status.SUBMITTED)
    returned = assignments.return_result(item=item, actor=fresh_person(cast.assigner), reason=reason)
    assert returned.status == Assignment.Status.RETURNED
    cancelled = assignments.cancel(item=returned, actor=fresh_person(cast.assigner), reason=reason)
    assert cancelled.status == Assignment.Status.CANCELLED
    notes = AuditEvent.objects.filter(
        action__in=["assignments.assignment.return", "assignments.assignment.cancel"]
    )
    assert list(notes.values_list("note", flat=True)) == [reason, reason]
