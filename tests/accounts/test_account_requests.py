"""Account requests (ORG-3; seed 000 Đ8, Phụ lục 1–2): the workflow table, deadlines, processing,
refusals, notifications and the screens."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticDevice

from congvu.accounts.models import AccountRequest, AccountRequestLine, User
from congvu.accounts.requests import selectors as selectors
from congvu.accounts.requests import services as services
from congvu.accounts.requests.workflow import ACCOUNT_REQUEST_WORKFLOW
from congvu.accounts.users import services as user_services
from congvu.core.decisions import Refused
from congvu.core.models import AuditEvent
from congvu.notifications.models import Notification
from congvu.org.models import Delegation, Membership
from tests.conftest import travel_to

S = AccountRequest.Status
K = AccountRequest.Kind
HANOI = ZoneInfo("Asia/Ho_Chi_Minh")
DOC = Path(__file__).resolve().parents[2] / "docs" / "workflows" / "account_requests.md"


# --- building requests --------------------------------------------------------------------------------


def new_person(p, full_name, email, *, unit=None, position=None, dob=None, note=""):
    return services.LineData(
        full_name=full_name,
        unit=unit or p.units.tcbc,
        position=position or p.positions.chuyen_vien,
        email=email,
        date_of_birth=dob,
        note=note,
    )


def account_line(target, reason="Theo quyết định của Giám đốc", **changes):
    return services.LineData(target_user=target, change_reason=reason, **changes)


def file_request(p, *, actor=None, unit=None, kind=K.CREATE, lines=None):
    actor = actor or p.giam_doc
    unit = unit or p.units.snv
    if lines is None:
        lines = [new_person(p, "Phan Thị Ngọc Ánh", "anhptn@binhson.gov.vn")]
    return services.request_create(actor=actor, kind=kind, unit=unit, lines=lines).account_request


def request_in_state(p, state):
    """A create request of Sở Nội vụ, filed by its director, brought to ``state``."""
    r = file_request(p)
    if state == S.DRAFT:
        return r
    r = services.request_submit(account_request=r, actor=p.giam_doc)
    if state == S.DONE:
        r = services.request_process(account_request=r, actor=p.quan_tri).account_request
    elif state == S.REJECTED:
        r = services.request_reject(account_request=r, actor=p.quan_tri, reason="Thiếu ngày sinh")
    elif state == S.WITHDRAWN:
        r = services.request_withdraw(account_request=r, actor=p.giam_doc)
    assert r.status == state
    return AccountRequest.objects.get(pk=r.pk)


# --- the table: transition × persona × state --------------------------------------------------------

PERSONAS = [
    "giam_doc",
    "pho_giam_doc",
    "truong_phong",
    "chuyen_vien",
    "quan_tri",
    "chu_tich",
    "chu_tich_huyen",
]
STATES = [S.DRAFT, S.SUBMITTED, S.DONE, S.REJECTED, S.WITHDRAWN]
# Who may do what, from which states (the request is Sở Nội vụ's, filed by its director).
NOT_THE_HEAD = "Chỉ thủ trưởng Sở Nội vụ mới lập và gửi được đề nghị này."
NOT_AN_ADMINISTRATOR = "Chỉ quản trị hệ thống phụ trách đơn vị này mới xử lý được đề nghị tài khoản."
RULES = {
    "submit": ({"giam_doc"}, {S.DRAFT, S.REJECTED}, NOT_THE_HEAD),
    "withdraw": (
        {"giam_doc"},
        {S.SUBMITTED},
        "Chỉ người lập hoặc thủ trưởng đơn vị mới rút được đề nghị này.",
    ),
    "process": ({"quan_tri"}, {S.SUBMITTED}, NOT_AN_ADMINISTRATOR),
    "reject": ({"quan_tri"}, {S.SUBMITTED}, NOT_AN_ADMINISTRATOR),
    "edit": ({"giam_doc"}, {S.DRAFT, S.REJECTED}, NOT_THE_HEAD),
}
# Outside those states: (what the screen says, what the service says).
WRONG_STATE = "Thao tác này không áp dụng được ở trạng thái hiện tại."
NOT_EDITABLE = "Chỉ sửa được đề nghị đang soạn hoặc bị trả lại."
NOT_IN_THIS_STATE = {
    "submit": (WRONG_STATE, WRONG_STATE),
    "withdraw": (WRONG_STATE, WRONG_STATE),
    "process": (WRONG_STATE, WRONG_STATE),
    "reject": (WRONG_STATE, WRONG_STATE),
    "edit": (NOT_EDITABLE, NOT_EDITABLE),
}
TARGET = {"submit": S.SUBMITTED, "withdraw": S.WITHDRAWN, "process": S.DONE, "reject": S.REJECTED}


def _act(p, action, r, actor):
    if action == "submit":
        return services.request_submit(account_request=r, actor=actor)
    if action == "withdraw":
        return services.request_withdraw(account_request=r, actor=actor)
    if action == "process":
        return services.request_process(account_request=r, actor=actor).account_request
    if action == "reject":
        return services.request_reject(account_request=r, actor=actor, reason="Đề nghị chưa đủ thông tin")
    lines = [
        services.LineData(
            id=line.pk, full_name=line.full_name, unit=line.unit, position=line.position, email=line.email
        )
        for line in r.lines.all()
    ]
    lines.append(new_person(p, "Lò Văn Pá", "palv@binhson.gov.vn"))
    return services.request_update(account_request=r, actor=actor, lines=lines).account_request


def test_the_table_covers_every_transition_of_the_workflow():
    assert {t.name for t in ACCOUNT_REQUEST_WORKFLOW} | {"edit"} == set(RULES)


@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("action", list(RULES))
def test_account_request_workflow_table(province, action, persona, state):
    from congvu.accounts.requests import policies as policies

    who, sources, reason = RULES[action]
    r = request_in_state(province, state)
    actor = getattr(province, persona)
    decision = ACCOUNT_REQUEST_WORKFLOW.check(action, r, actor)
    expected = persona in who and state in sources
    assert bool(decision) is expected, decision.reason
    snapshot = (AuditEvent.objects.count(), User.objects.count(), r.lines.count(), r.status)
    if expected:
        done = _act(province, action, r, actor)
        if action == "edit":
            assert done.lines.count() == snapshot[2] + 1
        else:
            assert done.status == TARGET[action]
        return
    on_screen, from_service = NOT_IN_THIS_STATE[action] if state not in sources else (reason, reason)
    assert decision.reason == on_screen
    with pytest.raises(Refused) as refused:
        _act(province, action, r, actor)
    assert refused.value.message == from_service
    r.refresh_from_db()
    assert (AuditEvent.objects.count(), User.objects.count(), r.lines.count(), r.status) == snapshot


def test_the_workflow_document_names_every_transition():
    text = DOC.read_text(encoding="utf-8")
    for transition in ACCOUNT_REQUEST_WORKFLOW:
        assert f"`{transition.name}`" in text, transition.name


def test_a_deputy_acting_for_the_head_files_and_submits_on_his_behalf(province):
    now = timezone.now()
    Delegation.objects.create(
        principal=province.giam_doc,
        delegate=province.pho_giam_doc,
        starts_at=now - dt.timedelta(hours=1),
        ends_at=now + dt.timedelta(days=3),
        status=Delegation.Status.APPROVED,
        requested_by=province.giam_doc,
    )
    r = file_request(province, actor=province.pho_giam_doc)
    services.request_submit(account_request=r, actor=province.pho_giam_doc)
    event = AuditEvent.objects.filter(action="accounts.accountrequest.submit").get()
    assert event.actor == province.pho_giam_doc
    assert event.on_behalf_of == province.giam_doc
    assert "thay mặt" in event.actor_display


def test_a_division_head_files_for_his_own_division(province):
    r = file_request(province, actor=province.truong_phong, unit=province.units.tcbc)
    r = services.request_submit(account_request=r, actor=province.truong_phong)
    assert r.status == S.SUBMITTED


# --- deadline --------------------------------------------------------------------------------------


def test_submission_sets_the_deadline_two_working_days_later_across_tet(province):
    # Friday 13/02/2026; 14–22/02 are the weekend and Tết Bính Ngọ: day 1 is Mon 23/02, day 2 Tue 24/02.
    with travel_to(dt.datetime(2026, 2, 13, 15, 30, tzinfo=HANOI)):
        r = services.request_submit(account_request=file_request(province), actor=province.giam_doc)
    assert r.due_on == dt.date(2026, 2, 24)
    assert timezone.localdate(r.submitted_at) == dt.date(2026, 2, 13)


def test_the_deadline_skips_the_hung_kings_compensation_day(province):
    with travel_to(dt.datetime(2026, 4, 24, 9, 0, tzinfo=HANOI)):  # Fri; Mon 27/04 is off
        r = services.request_submit(account_request=file_request(province), actor=province.giam_doc)
    assert r.due_on == dt.date(2026, 4, 29)


def test_a_request_past_its_deadline_is_overdue_and_says_so(province):
    with travel_to(dt.datetime(2026, 2, 13, 15, 30, tzinfo=HANOI)):
        r = services.request_submit(account_request=file_request(province), actor=province.giam_doc)
    assert r.is_overdue  # today is after 24/02/2026
    assert selectors.deadline_badge(r, dt.date(2026, 2, 13)).label == "Còn 2 ngày làm việc"
    assert selectors.deadline_badge(r, dt.date(2026, 2, 23)).label == "Còn 1 ngày làm việc"
    assert selectors.deadline_badge(r, dt.date(2026, 2, 24)).label == "Hạn hôm nay"
    late = selectors.deadline_badge(r, dt.date(2026, 2, 26))
    assert late.label == "Quá hạn 2 ngày làm việc" and late.css == "status-bad"


def test_a_request_submitted_today_is_not_overdue(province):
    r = services.request_submit(account_request=file_request(province), actor=province.giam_doc)
    assert not r.is_overdue
    assert r.due_on > timezone.localdate()


# --- processing --------------------------------------------------------------------------------------


def submitted(p, **kwargs):
    r = file_request(p, **kwargs)
    return services.request_submit(account_request=r, actor=kwargs.get("actor") or p.giam_doc)


def test_processing_creates_accounts_with_the_seed_login_names(province):
    r = submitted(
        province,
        lines=[
            new_person(province, "Trương Hoàng Tiến Minh", "minhtht@binhson.gov.vn"),
            new_person(province, "Trần Huỳnh Tấn Minh", "tanminh@binhson.gov.vn", unit=province.units.ccvc),
        ],
    )
    result = services.request_process(account_request=r, actor=province.quan_tri)
    assert [c.username for c in result.created] == ["minhtht", "tanminhth"]
    tien = User.objects.get(username="minhtht")
    assert tien.full_name == "Trương Hoàng Tiến Minh"
    assert tien.must_change_password
    assert tien.check_password(result.created[0].one_time_password)
    assert result.created[0].one_time_password not in tien.password  # stored hashed only
    tan = User.objects.get(username="tanminhth")
    assert tan.memberships.get().unit == province.units.ccvc
    assert result.account_request.status == S.DONE
    assert [line.result_user for line in r.lines.all()] == [tien, tan]


def test_same_full_name_gets_the_date_of_birth(province):
    r = submitted(
        province,
        lines=[new_person(province, "Nguyễn Văn Minh", "minhnv2@binhson.gov.vn", dob=dt.date(1963, 8, 15))],
    )
    result = services.request_process(account_request=r, actor=province.quan_tri)
    assert result.created[0].username == "minhnv1581963"


def test_a_change_line_moves_the_person_and_ends_the_old_post(province):
    minh = province.chuyen_vien
    old = Membership.objects.get(user=minh, is_primary=True)
    r = submitted(
        province,
        kind=K.CHANGE,
        lines=[account_line(minh, unit=province.units.ccvc, email="minh.nv@binhson.gov.vn")],
    )
    line = r.lines.get()
    assert "Chuyển đơn vị: Phòng Tổ chức biên chế → Phòng Công chức viên chức" in line.change_description
    services.request_process(account_request=r, actor=province.quan_tri)
    old.refresh_from_db()
    assert old.ended_on is not None and old.ended_on < timezone.localdate()  # kept, no longer current
    assert old.unit == province.units.tcbc  # past work stays with the old unit (ORG-7)
    new = Membership.objects.current().get(user=minh)
    assert (
        new.is_primary and new.unit == province.units.ccvc and new.position == province.positions.chuyen_vien
    )
    minh.refresh_from_db()
    assert minh.email == "minh.nv@binhson.gov.vn"
    assert minh.status == User.Status.ACTIVE


@pytest.mark.parametrize(
    ("kind", "status"), [(K.SUSPEND, User.Status.SUSPENDED), (K.RETIRE, User.Status.RETIRED)]
)
def test_suspend_and_retire_lines_change_the_account_status(province, kind, status):
    r = submitted(
        province, kind=kind, lines=[account_line(province.chuyen_vien), account_line(province.chuyen_vien_2)]
    )
    assert r.lines.first().change_description  # "Dừng hoạt động tài khoản" / "Hủy bỏ tài khoản"
    services.request_process(account_request=r, actor=province.quan_tri)
    for person in (province.chuyen_vien, province.chuyen_vien_2):
        person.refresh_from_db()
        assert person.status == status
        assert f"số {r.pk}" in person.status_reason


def test_one_refused_line_leaves_everything_unchanged(province):
    r = submitted(
        province,
        kind=K.RETIRE,
        lines=[account_line(province.chuyen_vien), account_line(province.chuyen_vien_2)],
    )
    user_services.user_retire(user=province.chuyen_vien_2, actor=province.quan_tri, reason="Nghỉ hưu")
    before = AuditEvent.objects.count()
    with pytest.raises(Refused, match="Dòng 2 \\(Trần Thị Thu Hà\\)"):
        services.request_process(account_request=r, actor=province.quan_tri)
    province.chuyen_vien.refresh_from_db()
    assert province.chuyen_vien.status == User.Status.ACTIVE
    r.refresh_from_db()
    assert r.status == S.SUBMITTED and r.processed_by is None
    assert AuditEvent.objects.count() == before


def test_a_returned_request_can_be_corrected_and_submitted_again(province):
    r = submitted(province)
    r = services.request_reject(account_request=r, actor=province.quan_tri, reason="Thiếu ngày sinh")
    assert r.response == "Thiếu ngày sinh"
    line = r.lines.get()
    services.request_update(
        account_request=r,
        actor=province.giam_doc,
        lines=[
            services.LineData(
                id=line.pk,
                full_name=line.full_name,
                unit=line.unit,
                position=line.position,
                email=line.email,
                date_of_birth=dt.date(1990, 2, 3),
            )
        ],
    )
    r = services.request_submit(account_request=r, actor=province.giam_doc)
    assert r.status == S.SUBMITTED and r.response == "" and r.processed_by is None
    assert r.lines.get().date_of_birth == dt.date(1990, 2, 3)


def test_rejecting_needs_a_reason(province):
    r = submitted(province)
    with pytest.raises(Refused, match="lý do"):
        services.request_reject(account_request=r, actor=province.quan_tri, reason="  ")
    r.refresh_from_db()
    assert r.status == S.SUBMITTED


# --- refusals ----------------------------------------------------------------------------------------


def _refused(p, match, **kwargs):
    before = (AccountRequest.objects.count(), AuditEvent.objects.count())
    with pytest.raises(Refused, match=match) as caught:
        file_request(p, **kwargs)
    assert (AccountRequest.objects.count(), AuditEvent.objects.count()) == before
    return caught.value


def test_it_refuses_a_new_person_outside_the_filers_subtree(province):
    exc = _refused(
        province,
        "Dòng 1: Phòng Công chức viên chức không thuộc Phòng Tổ chức biên chế",
        actor=province.truong_phong,
        unit=province.units.tcbc,
        lines=[new_person(province, "Lò Văn Pá", "palv@binhson.gov.vn", unit=province.units.ccvc)],
    )
    assert exc.field == "lines.0.unit"


def test_it_refuses_changing_an_account_outside_the_subtree(province):
    _refused(
        province,
        "tài khoản ducdd \\(Đặng Đình Đức\\) không thuộc Phòng Tổ chức biên chế",
        actor=province.truong_phong,
        unit=province.units.tcbc,
        kind=K.SUSPEND,
        lines=[account_line(province.chuyen_vien_khac)],
    )


def test_it_refuses_an_empty_request(province):
    _refused(province, "ít nhất một", lines=[])


def test_it_refuses_an_invalid_email(province):
    exc = _refused(
        province,
        "email “minh@@binhson” không hợp lệ",
        lines=[new_person(province, "Lò Văn Pá", "minh@@binhson")],
    )
    assert exc.field == "lines.0.email"


def test_it_refuses_the_same_email_twice_in_one_request(province):
    _refused(
        province,
        "trùng với dòng 1",
        lines=[
            new_person(province, "Lò Văn Pá", "pa@binhson.gov.vn"),
            new_person(province, "Lò Thị Pá", "PA@binhson.gov.vn"),
        ],
    )


def test_it_refuses_a_request_from_someone_who_heads_no_unit(province):
    _refused(province, "Chỉ thủ trưởng Sở Nội vụ", actor=province.chuyen_vien)
    _refused(province, "Chỉ thủ trưởng Sở Nội vụ", actor=province.pho_giam_doc)
    _refused(province, "Chỉ thủ trưởng Sở Nội vụ", actor=province.chu_tich)


def test_it_refuses_a_change_that_changes_nothing(province):
    _refused(province, "không có thay đổi nào", kind=K.CHANGE, lines=[account_line(province.chuyen_vien)])


def test_it_refuses_a_change_without_a_reason(province):
    _refused(
        province, "lý do thay đổi", kind=K.SUSPEND, lines=[account_line(province.chuyen_vien, reason="")]
    )


def test_it_refuses_to_submit_a_request_whose_lines_were_all_removed(province):
    r = file_request(province)
    with pytest.raises(Refused, match="ít nhất một"):
        services.request_update(account_request=r, actor=province.giam_doc, lines=[])
    assert r.lines.count() == 1


def test_it_warns_when_an_active_account_already_uses_the_email(province):
    saved = services.request_create(
        actor=province.giam_doc,
        kind=K.CREATE,
        unit=province.units.snv,
        lines=[new_person(province, "Nguyễn Văn Minh", "MINHNV@binhson.gov.vn")],
    )
    assert saved.warnings and "minhnv (Nguyễn Văn Minh)" in saved.warnings[0]
    lines = selectors.request_lines(saved.account_request)
    assert selectors.line_warnings(lines, K.CREATE)[lines[0].pk]


# --- notifications -------------------------------------------------------------------------------------


def test_administrators_are_notified_on_submit_and_the_filer_on_the_outcome(province):
    r = submitted(province)
    note = Notification.objects.get(recipient=province.quan_tri, kind="account_request.submitted")
    assert note.url == reverse("accounts:request_detail", args=[r.pk])
    assert not Notification.objects.filter(recipient=province.chuyen_vien).exists()
    services.request_process(account_request=r, actor=province.quan_tri)
    done = Notification.objects.get(recipient=province.giam_doc, kind="account_request.done")
    assert "anhptn" in done.body_text
    assert not re.search(r"[A-Za-z0-9@#%+=!?]{14}", done.body_text.replace("anhptn", ""))  # no password


def test_the_filer_is_told_why_a_request_was_returned(province):
    r = submitted(province)
    services.request_reject(account_request=r, actor=province.quan_tri, reason="Sai chức vụ dòng 1")
    note = Notification.objects.get(recipient=province.giam_doc, kind="account_request.rejected")
    assert "Sai chức vụ dòng 1" in note.body_text


def test_an_administrator_of_another_branch_is_not_notified(province):
    from congvu.org.units import services as unit_services

    unit_services.role_grant(
        user=province.chuyen_vien_khac, role="administrator", unit=province.units.stc, actor=None
    )
    submitted(province)
    assert not Notification.objects.filter(recipient=province.chuyen_vien_khac).exists()


# --- the screens ------------------------------------------------------------------------------------


def test_the_list_shows_the_queue_with_overdue_first(province, signed_in):
    with travel_to(dt.datetime(2026, 2, 13, 9, 0, tzinfo=HANOI)):
        late = submitted(province)
    fresh = submitted(province)
    draft = file_request(province)
    client = signed_in(province.quan_tri)
    body = client.get(reverse("accounts:request_list")).content.decode()
    positions = [body.index(f">#{r.pk}<") for r in (late, fresh, draft)]
    assert positions == sorted(positions)
    assert "Quá hạn" in body and "Còn " in body


def test_the_list_hides_other_units_requests(province, signed_in):
    r = submitted(province)
    assert (
        f">#{r.pk}<"
        not in signed_in(province.chu_tich_huyen).get(reverse("accounts:request_list")).content.decode()
    )


def test_the_list_filters_by_status(province, signed_in):
    sent = submitted(province)
    draft = file_request(province)
    body = (
        signed_in(province.quan_tri)
        .get(reverse("accounts:request_list"), {"status": "draft"})
        .content.decode()
    )
    assert f">#{draft.pk}<" in body and f">#{sent.pk}<" not in body


def test_the_list_pages_with_a_constant_number_of_queries(
    province, signed_in, django_assert_max_num_queries, settings
):
    settings.PAGE_SIZE = 5
    client = signed_in(province.quan_tri)
    url = reverse("accounts:request_list")
    for _ in range(3):
        submitted(province)
    client.get(url)  # warm the calendar cache and the session
    with django_assert_max_num_queries(12):
        first = client.get(url)
    for _ in range(9):
        submitted(province)
        file_request(province)
    with django_assert_max_num_queries(12):
        page = client.get(url)
    assert first.status_code == page.status_code == 200
    cursor = re.search(r"sau=([\w-]+)", page.content.decode()).group(1)
    with django_assert_max_num_queries(12):
        second = client.get(url, {"sau": cursor})
    shown = set(re.findall(r">#(\d+)<", page.content.decode()))
    assert shown and shown.isdisjoint(re.findall(r">#(\d+)<", second.content.decode()))


def _formset_post(kind, unit, lines, **extra):
    data = {
        "unit": unit.pk,
        "note": "",
        "lines-TOTAL_FORMS": str(len(lines)),
        "lines-INITIAL_FORMS": "0",
        "lines-MIN_NUM_FORMS": "0",
        "lines-MAX_NUM_FORMS": "200",
        **extra,
    }
    for i, line in enumerate(lines):
        for key, value in line.items():
            data[f"lines-{i}-{key}"] = value
    return data


def test_a_head_files_and_submits_through_the_form(province, signed_in):
    client = signed_in(province.truong_phong)
    p = province
    data = _formset_post(
        "create",
        p.units.tcbc,
        [
            {
                "full_name": "Trương Hoàng Tiến Minh",
                "unit": p.units.tcbc.pk,
                "position": p.positions.chuyen_vien.pk,
                "email": "minhtht@binhson.gov.vn",
                "date_of_birth": "1973-02-11",
            },
            {
                "full_name": "Trần Huỳnh Tấn Minh",
                "unit": p.units.tcbc.pk,
                "position": p.positions.chuyen_vien.pk,
                "email": "tanminhth@binhson.gov.vn",
            },
            {},  # the blank extra line is ignored
        ],
        submit="1",
    )
    response = client.post(reverse("accounts:request_create", args=["create"]), data)
    r = AccountRequest.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "accounts:request_detail", args=[r.pk]
    )
    assert r.status == S.SUBMITTED and r.lines.count() == 2
    assert r.lines.first().date_of_birth == dt.date(1973, 2, 11)


def _errors(response):
    return re.findall(r'<p class="error" role="alert">([^<]+)<', response.content.decode())


def test_the_form_shows_the_services_refusal_on_the_line_and_saves_nothing(province, signed_in):
    client = signed_in(province.truong_phong)
    p = province
    person = {"unit": p.units.tcbc.pk, "position": p.positions.chuyen_vien.pk, "email": "pa@binhson.gov.vn"}
    data = _formset_post(
        "create", p.units.tcbc, [{"full_name": "Lò Văn Pá", **person}, {"full_name": "Lò Thị Pá", **person}]
    )
    response = client.post(reverse("accounts:request_create", args=["create"]), data)
    assert response.status_code == 200
    assert _errors(response) == ["Dòng 2: email pa@binhson.gov.vn trùng với dòng 1."]
    assert 'id="id_lines-1-email"' in response.content.decode()
    assert not AccountRequest.objects.exists()


def test_the_form_offers_no_unit_outside_the_filers_subtree(province, signed_in):
    client = signed_in(province.truong_phong)
    p = province
    page = client.get(reverse("accounts:request_create", args=["create"])).content.decode()
    assert "Phòng Tổ chức biên chế" in page and "Phòng Công chức viên chức" not in page
    data = _formset_post(
        "create",
        p.units.tcbc,
        [
            {
                "full_name": "Lò Văn Pá",
                "unit": p.units.ccvc.pk,
                "position": p.positions.chuyen_vien.pk,
                "email": "palv@binhson.gov.vn",
            }
        ],
    )
    response = client.post(reverse("accounts:request_create", args=["create"]), data)
    assert response.status_code == 200
    assert any("lựa chọn hợp lệ" in e for e in _errors(response))
    assert not AccountRequest.objects.exists()


def test_the_form_is_closed_to_someone_who_heads_no_unit(province, signed_in):
    client = signed_in(province.chuyen_vien)
    assert client.get(reverse("accounts:request_new")).status_code == 403
    assert client.get(reverse("accounts:request_create", args=["create"])).status_code == 403


def test_the_detail_shows_only_the_actions_the_policy_allows(province, signed_in):
    r = submitted(province)
    filer_page = (
        signed_in(province.giam_doc).get(reverse("accounts:request_detail", args=[r.pk])).content.decode()
    )
    assert (
        "Rút đề nghị" in filer_page and "Xử lý xong" not in filer_page and "Sửa danh sách" not in filer_page
    )
    assert "Gửi đề nghị" in filer_page  # in the timeline
    assert "Còn " in filer_page


def test_the_detail_is_hidden_from_people_who_cannot_see_it(province, signed_in):
    r = submitted(province)
    assert (
        signed_in(province.chuyen_vien).get(reverse("accounts:request_detail", args=[r.pk])).status_code
        == 404
    )


def test_an_administrator_processes_and_sees_the_passwords_once(province, signed_in):
    r = submitted(province)
    client = signed_in(province.quan_tri)
    detail = client.get(reverse("accounts:request_detail", args=[r.pk])).content.decode()
    assert "Xử lý xong" in detail and "Trả lại đơn vị" in detail and "Rút đề nghị" not in detail
    response = client.post(reverse("accounts:request_action", args=[r.pk, "xu-ly"]), {"note": ""})
    result_page = reverse("accounts:request_processed", args=[r.pk])
    assert response.status_code == 302 and response.url == result_page  # POST, redirect, GET
    shown = client.get(result_page)
    assert shown.status_code == 200
    assert "no-store" in shown["Cache-Control"]
    body = shown.content.decode()
    password = re.search(r'class="one-time-password">([^<]+)<', body).group(1)
    assert User.objects.get(username="anhptn").check_password(password)
    assert password in client.get(result_page).content.decode()  # a reload shows them again
    pdf = client.get(reverse("accounts:request_pdf", args=[r.pk]))  # printing the Phụ lục
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert password in client.get(result_page).content.decode()
    again = client.get(reverse("accounts:request_detail", args=[r.pk])).content.decode()
    assert password not in again and "anhptn" in again
    back = client.get(result_page).content.decode()  # once left, gone for good
    assert password not in back and "anhptn" in back
    assert "đã hiển thị xong và không còn hiển thị lại" in back
    assert not AuditEvent.objects.filter(after__icontains=password).exists()
    assert password not in str(list(AccountRequest.objects.values())) + str(
        list(AccountRequestLine.objects.values())
    )


def test_the_result_page_of_a_request_not_yet_processed_leads_to_the_request(province, signed_in):
    r = submitted(province)
    response = signed_in(province.quan_tri).get(reverse("accounts:request_processed", args=[r.pk]))
    assert response.status_code == 302 and response.url == reverse("accounts:request_detail", args=[r.pk])


def test_the_passwords_stay_in_the_session_that_processed_the_request(province, signed_in):
    r = submitted(province)
    signed_in(province.quan_tri).post(reverse("accounts:request_action", args=[r.pk, "xu-ly"]))
    elsewhere = Client()  # the same administrator, on another computer
    elsewhere.force_login(province.quan_tri, backend="congvu.accounts.backends.LocalPasswordBackend")
    session = elsewhere.session
    session["otp_device_id"] = StaticDevice.objects.get(user=province.quan_tri).persistent_id
    session.save()
    page = elsewhere.get(reverse("accounts:request_processed", args=[r.pk])).content.decode()
    assert "one-time-password" not in page and "đã hiển thị xong" in page


def test_returning_from_the_screen_needs_a_reason(province, signed_in):
    r = submitted(province)
    client = signed_in(province.quan_tri)
    response = client.post(reverse("accounts:request_action", args=[r.pk, "tra-lai"]), {"reason": ""})
    assert response.status_code == 400
    assert "Vui lòng nêu lý do trả lại." in response.content.decode()
    r.refresh_from_db()
    assert r.status == S.SUBMITTED


def test_a_forbidden_action_from_the_screen_is_403(province, signed_in):
    r = submitted(province)
    response = signed_in(province.giam_doc).post(reverse("accounts:request_action", args=[r.pk, "xu-ly"]))
    assert response.status_code == 403
    r.refresh_from_db()
    assert r.status == S.SUBMITTED


def test_the_timeline_lists_the_audit_events_of_the_request(province):
    r = submitted(province)
    services.request_reject(account_request=r, actor=province.quan_tri, reason="Thiếu ngày sinh")
    labels = [(e.label, e.actor_name, e.note) for e in selectors.request_timeline(r)]
    assert labels == [
        ("Lập đề nghị", "Hoàng Văn Nam", ""),
        ("Gửi đề nghị", "Hoàng Văn Nam", ""),
        ("Trả lại", "Lý Văn Kiên", "Thiếu ngày sinh"),
    ]


def test_a_draft_is_edited_through_the_form_and_a_line_removed(province, signed_in):
    p = province
    r = file_request(
        p,
        lines=[
            new_person(p, "Lò Văn Pá", "palv@binhson.gov.vn"),
            new_person(p, "Lò Thị Pá", "palt@binhson.gov.vn"),
        ],
    )
    client = signed_in(p.giam_doc)
    url = reverse("accounts:request_edit", args=[r.pk])
    page = client.get(url).content.decode()
    assert "Xóa dòng này" in page and 'value="Lò Thị Pá"' in page
    first, second = r.lines.all()
    data = _formset_post(
        "create",
        p.units.snv,
        [
            {
                "id": first.pk,
                "full_name": "Lò Văn Pá",
                "unit": p.units.ccvc.pk,
                "position": p.positions.chuyen_vien.pk,
                "email": "palv@binhson.gov.vn",
            },
            {
                "id": second.pk,
                "full_name": "Lò Thị Pá",
                "unit": p.units.tcbc.pk,
                "position": p.positions.chuyen_vien.pk,
                "email": "palt@binhson.gov.vn",
                "DELETE": "on",
            },
        ],
        save="1",
    )
    data["lines-INITIAL_FORMS"] = "2"
    response = client.post(url, data)
    assert response.status_code == 302
    assert [(line.pk, line.unit) for line in r.lines.all()] == [(first.pk, p.units.ccvc)]
    event = AuditEvent.objects.filter(action="accounts.accountrequest.updated").get()
    assert event.after == {"added": 0, "changed": 1, "removed": 1}


def test_a_submitted_request_cannot_be_edited(province, signed_in):
    r = submitted(province)
    response = signed_in(province.giam_doc).get(reverse("accounts:request_edit", args=[r.pk]))
    assert response.status_code == 409  # the head may edit it, but not in this state
    assert "Chỉ sửa được đề nghị đang soạn hoặc bị trả lại." in response.content.decode()


def test_one_more_line_comes_with_the_next_index(province, signed_in):
    client = signed_in(province.truong_phong)
    response = client.get(reverse("accounts:request_line_form", args=["create"]), {"lines-TOTAL_FORMS": "3"})
    body = response.content.decode()
    assert 'id="id_lines-3-full_name"' in body and "Người thứ 4" in body
    assert re.search(r'name="lines-TOTAL_FORMS" value="4"[^>]*hx-swap-oob="true"', body)
