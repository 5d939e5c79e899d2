""" "Hôm nay" kept per person between requests (core.personal): a second look reads what is kept;
what the person does, what they are sent, what they open, a post or a role they are given and a
delegation that begins by the clock show on the very next look; what others change without telling
them shows once what is kept expires."""

import datetime as dt
import re

from django.db import transaction
from django.utils import timezone

from congvu.core import audit, personal
from congvu.notifications.models import Notification
from congvu.notifications.services import notification_settle, notify
from congvu.org.models import Delegation, RoleGrant
from tests.assignments.screen_helpers import give
from tests.collaboration.chat.conftest import say
from tests.conftest import acting_now, travel_to

HOME = "/"
# A second look: the session, the person, the account's safeguards and the organisation's version;
# none of the sections' queries, nor the bell's count or the menu's scoring question (kept too).
KEPT_LOOK = 4


def _body(client) -> str:
    return client.get(HOME).content.decode()


def _unread_notes(body: str) -> int:
    return body.count('<li class="unread">')


def test_a_second_look_reads_what_is_kept(province, signed_in, django_assert_max_num_queries):
    client = signed_in(province.chuyen_vien)
    first = client.get(HOME)
    with django_assert_max_num_queries(KEPT_LOOK):
        second = client.get(HOME)
    assert second.context is None  # the whole page, as kept (tests/core/test_kept_pages.py)
    body = second.content.decode()
    assert first.context["body"] in body and "Chào" in body and "Chờ tôi xử lý" in body


def test_work_given_to_me_shows_at_once(province, signed_in):
    client = signed_in(province.chuyen_vien)
    assert "Rà soát biên chế quý IV" not in _body(client)
    give(province.truong_phong, province.chuyen_vien, title="Rà soát biên chế quý IV")
    assert "Rà soát biên chế quý IV" in _body(client)


def test_what_i_do_shows_at_once_audited_or_not(province, signed_in):
    client = signed_in(province.chuyen_vien)
    _body(client)
    # written without the notification service (it would renew the stamp itself): only the act
    Notification.objects.create(recipient=province.chuyen_vien, title="Lịch họp giao ban tuần")
    audit.record(actor=province.chuyen_vien, action="org.profile.updated", obj=province.chuyen_vien)
    assert "Lịch họp giao ban tuần" in _body(client)

    Notification.objects.create(recipient=province.chuyen_vien, title="Giấy mời dự hội nghị")
    client.post(HOME)  # any request that may change something, even one refused (405)
    assert "Giấy mời dự hội nghị" in _body(client)


def test_what_a_delegate_does_for_me_shows_on_my_page_at_once(province, signed_in):
    client = signed_in(province.truong_phong)
    _body(client)
    Notification.objects.create(recipient=province.truong_phong, title="Báo cáo đã ký thay")
    audit.record(
        actor=province.chuyen_vien,
        on_behalf_of=province.truong_phong,
        action="org.profile.updated",
        obj=province.chuyen_vien,
    )
    assert "Báo cáo đã ký thay" in _body(client)


def test_work_sent_to_the_person_i_act_for_shows_on_my_page_at_once(province, signed_in):
    acting_now(province.truong_phong, province.chuyen_vien)
    client = signed_in(province.chuyen_vien)
    assert "Bạn đang được ủy quyền xử lý thay: Bùi Thanh Sơn" in _body(client)
    # the head's stamp is renewed, and the delegate's page is kept under it too
    give(province.giam_doc, province.truong_phong, title="Báo cáo thay trưởng phòng")
    assert "Báo cáo thay trưởng phòng" in _body(client)


def _bell(body: str) -> str:
    return re.search(r'aria-label="(Thông báo[^"]*)"', body)[1]


def test_a_notice_settled_by_another_persons_act_shows_read_at_once(province, signed_in):
    """Both heads were asked to approve; one approves: the other's notice is settled (read), and
    his bell and his page say so on his next look, though he did nothing."""
    client = signed_in(province.truong_phong)
    notify(
        recipients=[province.truong_phong, province.giam_doc],
        title="Báo cáo chờ duyệt",
        subject="assignments.assignment:1",
        awaits="approve",
    )
    body = _body(client)
    assert _bell(body) == "Thông báo: 1 chưa đọc" and _unread_notes(body) == 1
    notification_settle(subject="assignments.assignment:1", awaits="approve")  # the director approved
    body = _body(client)
    assert _bell(body) == "Thông báo" and _unread_notes(body) == 0


def test_opening_a_notification_shows_it_read_at_once(province, signed_in):
    client = signed_in(province.chuyen_vien)
    [note] = notify(recipients=[province.chuyen_vien], title="Có văn bản mới", url="/cong-viec/")
    assert _unread_notes(_body(client)) == 1
    assert client.get(f"/thong-bao/{note.pk}/").status_code == 302
    assert _unread_notes(_body(client)) == 0

    notify(recipients=[province.chuyen_vien], title="Văn bản thứ hai")
    assert _unread_notes(_body(client)) == 1
    client.post("/thong-bao/da-doc/")
    assert _unread_notes(_body(client)) == 0


def test_opening_an_announcement_and_a_conversation_shows_at_once(province, signed_in):
    from congvu.collaboration.announcements import services as announcements
    from congvu.collaboration.chat import services as chat

    direct = chat.conversation_open_direct(actor=province.chuyen_vien, other=province.chuyen_vien_2)
    client = signed_in(province.chuyen_vien_2)
    _body(client)
    posted = announcements.announcement_post(
        capacity_key=f"agency:{province.units.snv.pk}",
        title="Họp toàn Sở chiều thứ Sáu",
        body="Toàn thể công chức Sở.",
        whole_agency=True,
        actor=province.giam_doc,
    )
    say(direct, province.chuyen_vien, "Chị xem giúp em tờ trình")
    body = _body(client)
    assert 'id="h-announcements"' in body and "Tin nhắn hội thoại chưa đọc" in body

    client.get(f"/phoi-hop/thong-bao-chung/{posted.pk}/")
    body = _body(client)
    assert 'id="h-announcements"' not in body and "Tin nhắn hội thoại chưa đọc" in body
    client.get(f"/phoi-hop/hoi-thoai/{direct.pk}/")
    assert "Tin nhắn hội thoại chưa đọc" not in _body(client)


def test_opening_a_message_shows_at_once(province, signed_in):
    from congvu.collaboration.messages import services as messages
    from congvu.collaboration.messages.models import MessageCopy

    client = signed_in(province.chuyen_vien)
    _body(client)
    sent = messages.message_send(
        actor=province.truong_phong,
        draft=messages.Draft(subject="Góp ý dự thảo quy chế", people=[province.chuyen_vien]),
    )
    assert "Thư chưa đọc" in _body(client)
    assert client.get(f"/phoi-hop/thu/{sent.pk}/").status_code == 200
    assert MessageCopy.objects.get(message=sent, owner=province.chuyen_vien).read_at is not None
    assert "Thư chưa đọc" not in _body(client)


def test_a_role_given_to_me_and_a_delegation_beginning_by_the_clock_show_at_once(
    province, signed_in, settings
):
    settings.HOME_CACHE_SECONDS = 3600  # longer than the test waits: nothing expires
    client = signed_in(province.chuyen_vien)
    assert "Bạn đang được ủy quyền" not in _body(client)
    RoleGrant.objects.create(user=province.chuyen_vien, role=RoleGrant.Role.CLERK, unit=province.units.snv)
    assert "Văn thư" in _body(client)  # the organisation's version moved

    starts = timezone.now() + dt.timedelta(minutes=10)  # within the session's idle limit
    Delegation.objects.create(
        principal=province.truong_phong,
        delegate=province.chuyen_vien,
        starts_at=starts,
        ends_at=starts + dt.timedelta(days=2),
        status=Delegation.Status.APPROVED,  # house-rules: allow test fixture
        requested_by=province.truong_phong,
    )
    assert "Bạn đang được ủy quyền" not in _body(client)
    with travel_to(starts + dt.timedelta(minutes=1)):
        assert "Bạn đang được ủy quyền xử lý thay: Bùi Thanh Sơn" in _body(client)


def test_what_others_change_without_telling_me_shows_once_what_is_kept_expires(province, signed_in, settings):
    client = signed_in(province.chuyen_vien)
    _body(client)
    Notification.objects.create(recipient=province.chuyen_vien, title="Sửa lịch không báo")
    assert "Sửa lịch không báo" not in _body(client)
    with travel_to(timezone.now() + dt.timedelta(seconds=settings.HOME_CACHE_SECONDS + 1)):
        assert "Sửa lịch không báo" in _body(client)


def test_another_language_and_a_new_day_are_built_afresh(province, signed_in):
    evening = dt.datetime.combine(
        timezone.localdate(), dt.time(23, 59), tzinfo=timezone.get_current_timezone()
    )
    with travel_to(evening):
        client = signed_in(province.chuyen_vien)
        _body(client)
        Notification.objects.create(recipient=province.chuyen_vien, title="Việc của ngày mai")
        client.cookies["django_language"] = "en"
        assert "Việc của ngày mai" in _body(client)
        client.cookies["django_language"] = "vi"
        assert "Việc của ngày mai" not in _body(client)  # what Vietnamese kept a moment ago
    with travel_to(evening + dt.timedelta(seconds=75)):  # past midnight, before what is kept expires
        assert "Việc của ngày mai" in _body(client)


def test_a_page_built_before_the_commit_does_not_outlive_it(province, django_capture_on_commit_callbacks):
    """A concurrent request reads between the act's renewal and its commit: what it keeps is under a
    stamp the commit replaces."""
    person = province.chuyen_vien
    with django_capture_on_commit_callbacks(execute=True):
        with transaction.atomic():
            notify(recipients=[person], title="Chưa lưu")
            assert personal.kept(person, "home", [], lambda: "trước khi lưu") == "trước khi lưu"
        assert personal.kept(person, "home", [], lambda: "sau khi lưu") == "trước khi lưu"  # still open
    assert personal.kept(person, "home", [], lambda: "sau khi lưu") == "sau khi lưu"


def test_nothing_is_kept_when_turned_off(province, signed_in, settings):
    settings.HOME_CACHE_SECONDS = 0
    client = signed_in(province.chuyen_vien)
    _body(client)
    Notification.objects.create(recipient=province.chuyen_vien, title="Không giữ gì")
    assert "Không giữ gì" in _body(client)
