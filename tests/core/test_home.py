""" "Hôm nay": the person's units, posts, roles, delegations and notifications — nothing fake."""

import datetime as dt
from contextlib import nullcontext

from django.utils import timezone

from congvu.core import personal
from congvu.notifications.models import Notification
from tests.conftest import acting_now, given_before, working_day


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
    acting_now(province.truong_phong, province.chuyen_vien)
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
    personal.touch([province.chuyen_vien])  # as the notification service would: the page is built afresh
    # 12, + 1 the documents waiting for my signature, + 1 the incoming documents' numbers,
    # + 2 the outgoing documents' counts (waiting on me by name, then the rest), + 2 the consultations
    # awaiting my answer and those I draft,
    # + 1 the unread messages, + 1 the reminders' numbers, + 1 today's calendar entries, + 1 the
    # unread announcements, + 1 the unread chat messages (the menu's badge and the count)
    with django_assert_max_num_queries(23):
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


# --- "Chờ tôi xử lý": what waits on the person, from every module ----------------------------------


def _waiting(body: str) -> str:
    """The "Chờ tôi xử lý" card of the page."""
    start = body.index('aria-labelledby="h-waiting"')
    return body[start : body.index("</section>", start)]


def test_waiting_on_me_gathers_results_extensions_delegations_and_account_requests(
    province, signed_in, django_assert_max_num_queries
):
    from congvu.accounts.requests import services as account_requests
    from congvu.assignments import services
    from congvu.assignments.models import Extension
    from congvu.org.delegations import services as delegations

    p = province
    result = services.assignment_create(
        actor=p.truong_phong,
        title="Báo cáo biên chế quý IV",
        lead_user=p.chuyen_vien,
        deadline_working_days=5,
    )
    services.submit(item=result, actor=p.chuyen_vien, note="Gửi anh bản tổng hợp", incomplete_confirmed=True)
    longer = services.assignment_create(
        actor=p.truong_phong,
        title="Rà soát đề án vị trí việc làm",
        lead_user=p.chuyen_vien,
        deadline_working_days=3,
    )
    services.request_extension(
        item=longer, actor=p.chuyen_vien, new_deadline=working_day(longer.deadline + dt.timedelta(days=7)),
        reason="Chờ số liệu của các phòng",
    )  # fmt: skip
    now = timezone.now()
    delegations.delegation_request(
        principal=p.chuyen_vien, delegate=p.chuyen_vien_2, starts_at=now + dt.timedelta(days=1),
        ends_at=now + dt.timedelta(days=5), reason="Đi học bồi dưỡng", actor=p.chuyen_vien,
    )  # fmt: skip
    filed = account_requests.request_create(
        actor=p.giam_doc, kind="create", unit=p.units.snv,
        lines=[account_requests.LineData(full_name="Phan Thị Ngọc Ánh", unit=p.units.tcbc,
                                         position=p.positions.chuyen_vien, email="anhptn@binhson.gov.vn")],
    ).account_request  # fmt: skip
    account_requests.request_submit(account_request=filed, actor=p.giam_doc)

    head = signed_in(p.truong_phong)
    head.get("/")
    # with one query for each scoring block a division head may see (his unit's self-assessments,
    # his appraisal account, the scoring menu), the incoming documents' numbers (one aggregate) and
    # the documents waiting for his signature and the outgoing documents' counts (2), the consultations
    # awaiting his answer and those he drafts (2), the unread messages, the reminders' numbers,
    # today's calendar, the unread announcements and the unread chat messages (the menu's badge and
    # the home count share one query)
    with django_assert_max_num_queries(29):
        card = _waiting(head.get("/").content.decode())
    assert '<span class="badge">3</span>' in card  # one result, one extension, one delegation
    for number, label, url in (
        (1, "Kết quả công việc chờ duyệt", "/cong-viec/?nhom=cho-duyet"),
        (1, "Đề nghị gia hạn chờ quyết định", "/cong-viec/?nhom=gia-han"),
        (1, "Đề nghị ủy quyền chờ duyệt", "/to-chuc/uy-quyen/?tab=to_approve"),
    ):
        assert f'<a href="{url}"><span class="n tone-warn">{number}</span> {label}' in card, label
    assert "Đề nghị cấp tài khoản" not in card  # nothing of the kind waits on him: not listed
    # Each number leads to the list that holds the thing.
    assert "Báo cáo biên chế quý IV" in head.get("/cong-viec/?nhom=cho-duyet").content.decode()
    extensions = head.get("/cong-viec/?nhom=gia-han").content.decode()
    assert "Rà soát đề án vị trí việc làm" in extensions and "Báo cáo biên chế quý IV" not in extensions
    assert "Nguyễn Văn Minh" in head.get("/to-chuc/uy-quyen/?tab=to_approve").content.decode()

    admin_card = _waiting(signed_in(p.quan_tri).get("/").content.decode())
    assert (
        '<a href="/tai-khoan/de-nghi/?status=submitted"><span class="n tone-warn">1</span> Đề nghị cấp tài khoản chờ xử lý'
        in admin_card
    )
    assert "Sở Nội vụ" in signed_in(p.quan_tri).get("/tai-khoan/de-nghi/?status=submitted").content.decode()

    # Decided, it leaves the card.
    services.decide_extension(
        extension=Extension.objects.get(assignment=longer), actor=p.truong_phong, grant=True, note="Đồng ý"
    )
    assert "Đề nghị gia hạn" not in _waiting(signed_in(p.truong_phong).get("/").content.decode())
    assert "Không có việc gì chờ bạn xử lý." in _waiting(signed_in(p.chuyen_vien_2).get("/").content.decode())
