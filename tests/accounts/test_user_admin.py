"""Account administration screens (ORG-3..ORG-7): list, detail, actions, creation."""

from __future__ import annotations

import pytest
from django.test import Client

from congvu.accounts.models import User
from congvu.accounts.users import services as user_services
from congvu.core.models import AuditEvent
from congvu.org.models import RoleGrant
from congvu.org.units import services as unit_services
from tests.conftest import PASSWORD

LIST = "/tai-khoan/quan-tri/"
CREATE = "/tai-khoan/quan-tri/tao-moi/"


def detail(user) -> str:
    return f"/tai-khoan/quan-tri/{user.pk}/"


def names_in(response) -> set[str]:
    return {row["user"].username for row in response.context["rows"]}


# --- the list ------------------------------------------------------------------------------------------


def test_the_list_shows_the_columns_of_each_account(province, signed_in):
    response = signed_in(province.quan_tri).get(LIST)
    assert response.status_code == 200
    body = response.content.decode()
    rows = body.count("<tr>") - 1
    for text in ("Họ và tên", "Tên đăng nhập", "Đơn vị chính", "Chức vụ", "Trạng thái", "Đăng nhập lần cuối"):
        assert text in body
        assert body.count(f'data-label="{text}"') == rows  # each cell names its column on a phone
    assert "Nguyễn Văn Minh" in body and "Phòng Tổ chức biên chế" in body and "Đang hoạt động" in body
    assert names_in(response) >= {"minhnv", "hattt", "ducdd", "kienlv"}


def test_it_searches_names_without_accents(province, signed_in):
    client = signed_in(province.quan_tri)
    assert names_in(client.get(LIST, {"q": "nguyen van"})) == {"minhnv"}
    assert names_in(client.get(LIST, {"q": "ĐẶNG"})) == {"ducdd"}
    assert names_in(client.get(LIST, {"q": "hattt"})) == {"hattt"}


def test_it_filters_by_unit_subtree_and_status(province, signed_in):
    user_services.user_suspend(user=province.chuyen_vien_2, actor=province.quan_tri, reason="Nghỉ phép")
    client = signed_in(province.quan_tri)
    in_snv = names_in(client.get(LIST, {"unit": province.units.snv.pk}))
    assert in_snv == {"namhv", "lanvt", "sonbt", "minhnv", "hattt"}
    assert names_in(client.get(LIST, {"unit": province.units.snv.pk, "status": "suspended"})) == {"hattt"}


def test_it_pages_through_the_accounts(province, signed_in, settings):
    settings.PAGE_SIZE = 5
    client = signed_in(province.quan_tri)
    seen: list[str] = []
    response = client.get(LIST)
    while True:
        seen += [row["user"].username for row in response.context["rows"]]
        page = response.context["page"]
        if not page.has_next:
            break
        response = client.get(LIST, {"cursor": page.next_cursor})
    assert seen == sorted(User.objects.values_list("username", flat=True))


def test_the_list_costs_the_same_queries_for_5_or_50_rows(
    province, signed_in, django_assert_max_num_queries, settings
):
    settings.HOME_CACHE_SECONDS = (
        0  # the list as drawn each time, not as kept (tests/core/test_kept_pages.py)
    )
    client = signed_in(province.quan_tri)
    client.get(LIST)  # the session settles
    with django_assert_max_num_queries(11) as first:
        client.get(LIST)
    few = len(first.captured_queries)  # read now: the connection's log keeps the last 9,000 only
    for i in range(45):
        user_services.user_create(
            full_name=f"Người Thử Số {i}",
            unit=province.units.ccvc,
            position=province.positions.chuyen_vien,
            actor=None,
        )
    client.get(LIST)  # the organisation changed: its facts are read again once
    with django_assert_max_num_queries(few):
        response = client.get(LIST)
    assert len(response.context["rows"]) == 50


def test_an_officer_cannot_open_the_list(province, signed_in):
    assert signed_in(province.chuyen_vien).get(LIST).status_code == 403


def test_a_leader_sees_the_accounts_of_his_subtree_only(province, signed_in):
    response = signed_in(province.giam_doc).get(LIST)
    assert response.status_code == 200
    assert names_in(response) == {"namhv", "lanvt", "sonbt", "minhnv", "hattt"}
    assert "Tạo tài khoản" not in response.content.decode()


# --- the detail and its actions ------------------------------------------------------------------------


def test_the_detail_shows_posts_roles_history_and_allowed_actions(province, signed_in):
    user_services.user_suspend(user=province.chuyen_vien, actor=province.quan_tri, reason="Đi học dài hạn")
    response = signed_in(province.quan_tri).get(detail(province.chuyen_vien))
    body = response.content.decode()
    assert "Phòng Tổ chức biên chế" in body and "Chuyên viên" in body
    assert "Tạm dừng</strong>: Đi học dài hạn" in body
    assert [t["t"].name for t in response.context["transitions"]] == ["reactivate", "retire"]
    assert "Cấp lại mật khẩu một lần" not in body  # only for active accounts


def test_the_detail_of_an_invisible_account_is_not_found(province, signed_in):
    assert signed_in(province.giam_doc).get(detail(province.chuyen_vien_khac)).status_code == 404
    assert signed_in(province.quan_tri).get("/tai-khoan/quan-tri/999999/").status_code == 404


def test_a_leader_sees_his_officer_but_no_actions(province, signed_in):
    response = signed_in(province.giam_doc).get(detail(province.chuyen_vien))
    assert response.status_code == 200
    assert response.context["transitions"] == [] and not response.context["can_edit"]


def test_an_administrator_suspends_with_a_reason_through_the_screen(province, signed_in):
    client = signed_in(province.quan_tri)
    missing = client.post(detail(province.chuyen_vien) + "tam-dung/", {"suspend-reason": ""})
    assert missing.status_code == 400
    assert User.objects.get(pk=province.chuyen_vien.pk).status == User.Status.ACTIVE
    done = client.post(
        detail(province.chuyen_vien) + "tam-dung/", {"suspend-reason": "Đi học dài hạn"}, follow=True
    )
    assert "Đã tạm dừng tài khoản minhnv" in done.content.decode()
    assert User.objects.get(pk=province.chuyen_vien.pk).status == User.Status.SUSPENDED
    client.post(detail(province.chuyen_vien) + "kich-hoat-lai/")
    assert User.objects.get(pk=province.chuyen_vien.pk).status == User.Status.ACTIVE
    client.post(detail(province.chuyen_vien) + "huy-bo/", {"retire-reason": "Nghỉ hưu"})
    assert User.objects.get(pk=province.chuyen_vien.pk).status == User.Status.RETIRED


def test_a_refused_action_changes_nothing_and_says_why(province, signed_in):
    client = signed_in(province.giam_doc)  # sees his officer, may not act
    response = client.post(detail(province.chuyen_vien) + "tam-dung/", {"suspend-reason": "Thử"}, follow=True)
    assert "Chỉ quản trị" in response.content.decode()
    assert User.objects.get(pk=province.chuyen_vien.pk).status == User.Status.ACTIVE
    self_service = signed_in(province.quan_tri).post(
        detail(province.quan_tri) + "tam-dung/", {"suspend-reason": "Thử"}, follow=True
    )
    assert "tự thay đổi" in self_service.content.decode()


def test_an_administrator_issues_a_new_one_time_password(province, signed_in):
    client = signed_in(province.quan_tri)
    posted = client.post(detail(province.chuyen_vien) + "cap-lai-mat-khau/")
    page = detail(province.chuyen_vien) + "mat-khau-mot-lan/"
    assert posted.status_code == 302 and posted.url == page  # POST, redirect, GET
    response = client.get(page)
    assert response.status_code == 200
    password = response.context["password"]
    assert password in response.content.decode() and "Mật khẩu một lần mới" in response.content.decode()
    user = User.objects.get(pk=province.chuyen_vien.pk)
    assert user.check_password(password) and user.must_change_password
    assert AuditEvent.objects.filter(action="accounts.user.password_reset", object_id=str(user.pk)).exists()
    assert "no-store" in response["Cache-Control"]
    assert password in client.get(page).content.decode()  # a reload shows it again
    client.get(detail(province.chuyen_vien))
    gone = client.get(page).content.decode()  # once left, gone for good
    assert password not in gone and "không còn hiển thị lại" in gone


def test_an_administrator_unlocks_a_locked_account(province, signed_in):
    anonymous = Client()
    for _ in range(5):
        anonymous.post("/tai-khoan/dang-nhap/", {"username": "minhnv", "password": "sai"})
    client = signed_in(province.quan_tri)
    page = client.get(detail(province.chuyen_vien))
    assert page.context["locked"] and "Mở khóa đăng nhập" in page.content.decode()
    client.post(detail(province.chuyen_vien) + "mo-khoa/")
    assert not user_services.is_locked(province.chuyen_vien)
    assert (
        anonymous.post("/tai-khoan/dang-nhap/", {"username": "minhnv", "password": PASSWORD}).status_code
        == 302
    )


def test_an_administrator_edits_the_details(province, signed_in):
    client = signed_in(province.quan_tri)
    url = detail(province.chuyen_vien) + "sua/"
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "full_name": "Nguyễn  Văn   Minh",
            "email": "MINH.NV@binhson.gov.vn",
            "phone": "0912 345 678",
            "date_of_birth": "1990-05-04",
        },
    )
    assert response.status_code == 302
    user = User.objects.get(pk=province.chuyen_vien.pk)
    assert (user.full_name, user.email, user.username) == (
        "Nguyễn Văn Minh",
        "minh.nv@binhson.gov.vn",
        "minhnv",
    )
    assert str(user.date_of_birth) == "1990-05-04"
    event = AuditEvent.objects.filter(action="accounts.user.updated", object_id=str(user.pk)).get()
    assert set(event.after) == {"email", "phone", "date_of_birth"}


def test_an_officer_cannot_edit_accounts(province, signed_in):
    assert signed_in(province.chuyen_vien).get(detail(province.chuyen_vien_2) + "sua/").status_code == 404
    assert signed_in(province.giam_doc).get(detail(province.chuyen_vien) + "sua/").status_code == 403


# --- creating an account -------------------------------------------------------------------------------


def test_an_administrator_creates_an_account_with_a_generated_name_and_a_one_time_password(
    province, signed_in
):
    client = signed_in(province.quan_tri)
    assert client.get(CREATE).status_code == 200
    response = client.post(
        CREATE,
        {
            "full_name": "Trương Hoàng Tiến Minh",
            "date_of_birth": "1973-02-11",
            "email": "minhtht@binhson.gov.vn",
            "unit": province.units.tcbc.pk,
            "position": province.positions.chuyen_vien.pk,
        },
        follow=True,
    )
    assert response.status_code == 200
    assert response.redirect_chain[0][0].endswith("/mat-khau-mot-lan/")
    account, password = response.context["account"], response.context["password"]
    assert account.username == "minhtht"
    body = response.content.decode()
    assert "minhtht" in body and password in body
    user = User.objects.get(username="minhtht")
    assert user.must_change_password and user.check_password(password)
    assert user.memberships.get().unit == province.units.tcbc
    assert AuditEvent.objects.filter(
        action="accounts.user.created", object_id=str(user.pk), actor=province.quan_tri
    ).exists()
    # The same name again: identical full name → the date of birth (R-AC-2 step 3).
    again = client.post(
        CREATE,
        {
            "full_name": "Trương Hoàng Tiến Minh",
            "date_of_birth": "1963-08-15",
            "unit": province.units.tcbc.pk,
            "position": province.positions.chuyen_vien.pk,
        },
        follow=True,
    )
    assert again.context["account"].username == "minhtht1581963"


def test_the_creation_form_refuses_a_taken_login_name(province, signed_in):
    response = signed_in(province.quan_tri).post(
        CREATE,
        {
            "full_name": "Ai Đó",
            "username": "minhnv",
            "unit": province.units.tcbc.pk,
            "position": province.positions.chuyen_vien.pk,
        },
    )
    assert response.status_code == 200
    assert "đã được dùng" in response.content.decode()


def test_a_unit_administrator_creates_only_in_the_subtree(province, signed_in):
    unit_services.role_grant(
        user=province.pho_giam_doc, role=RoleGrant.Role.ADMINISTRATOR, unit=province.units.snv, actor=None
    )
    client = signed_in(User.objects.get(pk=province.pho_giam_doc.pk))
    form_units = set(client.get(CREATE).context["form"].fields["unit"].queryset)
    assert form_units == {province.units.snv, province.units.tcbc, province.units.ccvc}
    response = client.post(
        CREATE,
        {
            "full_name": "Ngoài Phạm Vi",
            "unit": province.units.ns.pk,
            "position": province.positions.chuyen_vien.pk,
        },
    )
    assert response.status_code == 200 and response.context["account"] is None
    assert response.context["form"].errors["unit"]
    assert not User.objects.filter(full_name="Ngoài Phạm Vi").exists()


@pytest.mark.parametrize("persona", ["giam_doc", "truong_phong", "chuyen_vien", "van_thu"])
def test_only_administrators_create_accounts(province, signed_in, persona):
    assert signed_in(getattr(province, persona)).get(CREATE).status_code == 403
