""" "Hôm nay": the person's units, posts, roles, delegations and notifications — nothing fake."""

import datetime as dt
from contextlib import nullcontext

from django.utils import timezone

from congvu.notifications.models import Notification
from congvu.org.models import Delegation
from tests.conftest import given_before, working_day


def test_home_shows_persons_unit_post_and_role(province, signed_in):
    body = signed_in(province.van_thu).get("/").content.decode()
    assert "Văn phòng UBND tỉnh" in body
    assert "Văn thư" in body  # the post and the clerk role
    assert "UBND tỉnh Bình Sơn" in body  # where the role applies


def test_home_lists_my_latest_notifications_only(province, signed_in):
    Notification.objects.create(recipient=province.chuyen_vien, title="Họp giao ban sáng thứ Hai")
    Notification.objects.create(recipient=province.truong_phong, title="Thư của trưởng phòng")
    body = signed_in(province.chuyen_vien).get("/").content.decode()
    assert "Họp giao ban sáng thứ Hai" in body
    assert "Thư của trưởng phòng" not in body


def test_home_says_on_whose_behalf_i_act_during_a_delegation(province, signed_in):
    now = timezone.now()
    Delegation.objects.create(
        principal=province.truong_phong,
        delegate=province.chuyen_vien,
        starts_at=now - dt.timedelta(hours=1),
        ends_at=now + dt.timedelta(days=2),
        status=Delegation.Status.APPROVED,  # house-rules: allow test fixture
        requested_by=province.truong_phong,
    )
    body = signed_in(province.chuyen_vien).get("/").content.decode()
    assert "Bạn đang được ủy quyền xử lý thay: Bùi Thanh Sơn" in body


def test_anonymous_visitors_are_sent_to_the_sign_in_page(client, db):
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith("/tai-khoan/dang-nhap/")


def test_the_sign_in_page_is_vietnamese(client, db):
    body = client.get("/tai-khoan/dang-nhap/").content.decode()
    assert "Đăng nhập Công Vụ" in body and 'lang="vi"' in body


def test_health_check_answers(client, db):
    assert client.get("/healthz").json() == {"status": "ok"}


def test_home_page_query_count_does_not_grow_with_notifications(
    province, signed_in, django_assert_max_num_queries
):
    client = signed_in(province.chuyen_vien)
    client.get("/")
    Notification.objects.bulk_create(
        [Notification(recipient=province.chuyen_vien, title=f"n{i}") for i in range(60)]
    )
    with django_assert_max_num_queries(12):
        assert client.get("/").status_code == 200


def test_home_shows_my_real_work_overdue_first(province, signed_in):
    from congvu.assignments import services

    today = timezone.localdate()
    for title, due in (("Việc còn lâu", 20), ("Việc đã quá hạn", -2), ("Việc hạn hôm nay", 0)):
        deadline = working_day(today + dt.timedelta(days=due))
        with given_before(deadline) if due < 0 else nullcontext():
            services.assignment_create(
                actor=province.truong_phong, title=title, lead_user=province.chuyen_vien,
                start_date=min(today, deadline - dt.timedelta(days=3)), deadline=deadline,
            )  # fmt: skip
    body = signed_in(province.chuyen_vien).get("/").content.decode()
    assert body.index("Việc đã quá hạn") < body.index("Việc hạn hôm nay") < body.index("Việc còn lâu")
    assert '<span class="n">3</span><span class="l">Cần làm</span>' in body
    assert '<span class="n">1</span><span class="l">Quá hạn</span>' in body
    assert "quá hạn 2 ngày" in body
    # The existing sections stay.
    assert "Đơn vị và chức vụ" in body and "Thông báo mới" in body


def test_home_lists_results_waiting_for_my_approval(province, signed_in):
    from congvu.assignments import services

    item = services.assignment_create(
        actor=province.truong_phong,
        title="Báo cáo chờ duyệt",
        lead_user=province.chuyen_vien,
        deadline_working_days=3,
    )
    services.submit(
        item=item, actor=province.chuyen_vien, note="Đã hoàn thành, gửi kết quả", incomplete_confirmed=True
    )
    body = signed_in(province.truong_phong).get("/").content.decode()
    assert "Báo cáo chờ duyệt" in body and "Chủ trì: Nguyễn Văn Minh" in body
    assert "Báo cáo chờ duyệt" not in signed_in(province.chuyen_vien_2).get("/").content.decode()
