"""The work-item API (/api/v1/assignments): the same policies and services as the screens,
by personal token or by the browser session."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from congvu.assignments import services
from congvu.assignments.models import Assignment, Attachment, Extension
from congvu.core.models import AuditEvent
from tests.assignments.workflow_cast import S, build_cast, fresh, give_work
from tests.conftest import bearer_client, working_day


@pytest.fixture
def cast(province):
    return build_cast(province)


URL = "/api/v1/assignments"
TODAY = timezone.localdate


@pytest.fixture
def api():
    """``api(user)`` -> a client calling the API with that person's personal token."""

    def _for(user):
        client = bearer_client(user)

        class Caller:
            def get(self, path, data=None):
                return client.get(path, data or {})

            def post(self, path, data=None):
                return client.post(path, data or {}, content_type="application/json")

            def patch(self, path, data):
                return client.patch(path, data, content_type="application/json")

            def upload(self, path, name, content):
                return client.post(path, {"file": SimpleUploadedFile(name, content)})

        return Caller()

    return _for


def ids(response):
    assert response.status_code == 200, response.content
    return [row["id"] for row in response.json()["items"]]


# --- create and read -------------------------------------------------------------------------------


def test_a_leader_gives_work_through_the_api(cast, api):
    response = api(cast.assigner).post(
        URL,
        {
            "title": "Rà soát biên chế năm 2026",
            "description": "<p>Theo <b>Kế hoạch</b> số 12</p><script>x()</script>",
            "lead_user_id": cast.lead.pk,
            "deadline_working_days": 5,
            "priority": 3,
            "co_assignee_ids": [cast.co_assignee.pk],
            "follower_ids": [cast.follower.pk],
            "checklist": ["Thu thập số liệu", "Dự thảo báo cáo"],
        },
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["status"] == "assigned" and body["status_display"] == "Mới giao"
    assert body["lead"] == {"kind": "user", "id": cast.lead.pk, "name": "Nguyễn Văn Minh"}
    assert body["approver"]["full_name"] == "Bùi Thanh Sơn"
    assert "<script>" not in body["description"]
    assert [p["role"] for p in body["participants"]] == ["coordinate", "follower"]
    assert [c["text"] for c in body["checklist"]] == ["Thu thập số liệu", "Dự thảo báo cáo"]
    assert body["allowed_actions"] == ["reassign", "cancel", "update", "attach"]
    assert AuditEvent.objects.filter(
        action="assignments.assignment.created", object_id=str(body["id"])
    ).exists()


def test_assigning_outside_ones_scope_answers_400_with_the_field(cast, api):
    response = api(cast.lead).post(
        URL, {"title": "Giao ngược", "lead_user_id": cast.assigner.pk, "deadline": str(TODAY())}
    )
    assert response.status_code == 400
    assert response.json() == {
        "detail": "Ông/bà không giữ chức vụ lãnh đạo nên chỉ tự giao việc cho mình (Quy chế, Điều 7 khoản 5).",
        "code": "invalid",
        "field": "lead_user_id",
    }
    assert not Assignment.objects.exists()


@pytest.mark.parametrize(
    ("payload", "field", "detail"),
    [
        ({"title": " "}, "title", "Vui lòng nhập tên công việc."),
        ({"deadline": "2020-01-01"}, "deadline", "Hạn hoàn thành không được trước ngày bắt đầu."),
        ({"lead_user_id": 999999}, "lead_user_id", "Không tìm thấy người được chọn."),
        ({"priority": 9}, "priority", "Mức ưu tiên không hợp lệ."),
    ],
)
def test_bad_input_answers_400_and_creates_nothing(cast, api, payload, field, detail):
    data = {
        "title": "Việc",
        "lead_user_id": cast.lead.pk,
        "deadline": str(working_day(TODAY() + dt.timedelta(days=3))),
        **payload,
    }
    response = api(cast.assigner).post(URL, data)
    assert response.status_code == 400, response.content
    assert response.json() == {"detail": detail, "code": "invalid", "field": field}
    assert not Assignment.objects.exists()


def test_reading_an_item_shows_its_timeline_and_the_allowed_actions(cast, api):
    item = give_work(cast)
    services.progress_report(item=item, actor=cast.lead, percent=40, text="Đã thu thập số liệu")
    body = api(cast.lead).get(f"{URL}/{item.pk}").json()
    assert body["status"] == "in_progress" and body["progress"] == 40
    assert [(r["author"]["full_name"], r["percent"]) for r in body["reports"]] == [("Nguyễn Văn Minh", 40)]
    assert body["allowed_actions"] == ["submit", "progress", "request_extension", "attach", "checklist"]


def test_an_invisible_item_is_not_found_like_a_missing_one(cast, api):
    item = give_work(cast)
    outsider = api(cast.province.chuyen_vien_khac)
    invisible = outsider.get(f"{URL}/{item.pk}")
    missing = outsider.get(f"{URL}/{item.pk + 999}")
    assert invisible.status_code == missing.status_code == 404
    assert invisible.json() == missing.json()
    assert outsider.post(f"{URL}/{item.pk}/cancel", {"reason": "x"}).status_code == 404


# --- transitions ----------------------------------------------------------------------------------


def test_the_whole_journey_through_the_api(cast, api):
    item = give_work(cast)
    lead, leader = api(cast.lead), api(cast.assigner)
    assert leader.post(f"{URL}/{item.pk}/submit").status_code == 403
    response = lead.post(f"{URL}/{item.pk}/progress", {"percent": 70, "text": "Gần xong"})
    assert response.status_code == 201 and response.json()["status"] == "in_progress"
    early = lead.post(f"{URL}/{item.pk}/submit", {"note": "Kính trình"})  # at 70 %: say so
    assert early.status_code == 400 and early.json()["field"] == "incomplete_confirmed"
    sent = lead.post(f"{URL}/{item.pk}/submit", {"note": "Kính trình", "incomplete_confirmed": True})
    assert sent.json()["status"] == "submitted"
    returned = leader.post(f"{URL}/{item.pk}/return", {"reason": ""})
    assert returned.status_code == 400 and returned.json()["field"] == "reason"
    assert leader.post(f"{URL}/{item.pk}/return", {"reason": "Thiếu phụ lục"}).json()["returned_count"] == 1
    lead.post(f"{URL}/{item.pk}/submit", {"note": "Đã bổ sung phụ lục", "incomplete_confirmed": True})
    bad = leader.post(f"{URL}/{item.pk}/approve", {"rating": 6, "comment": ""})
    assert bad.status_code == 400 and bad.json() == {
        "detail": "Vui lòng chọn mức đánh giá từ 1 đến 5.",
        "code": "invalid",
        "field": "rating",
    }
    done = leader.post(f"{URL}/{item.pk}/approve", {"rating": 4, "comment": "Đạt"}).json()
    assert (done["status"], done["rating"], done["evaluation"], done["timing"]) == (
        "done",
        4,
        "Đạt",
        "on_time",
    )
    again = leader.post(f"{URL}/{item.pk}/approve", {"rating": 4})
    assert again.status_code == 409


def test_a_visible_action_not_ones_own_is_403_with_the_reason(cast, api):
    item = give_work(cast, state=S.SUBMITTED)
    response = api(cast.province.giam_doc).post(f"{URL}/{item.pk}/approve", {"rating": 5})
    assert response.status_code == 403
    assert response.json() == {
        "detail": "Chỉ người giao việc (người duyệt) mới duyệt được kết quả.",
        "code": "not_allowed",
        "field": None,
    }
    own = api(cast.lead).post(f"{URL}/{item.pk}/approve", {"rating": 5})
    assert (
        own.status_code == 403
        and own.json()["detail"] == "Không ai tự duyệt kết quả công việc của chính mình."
    )
    assert Assignment.objects.get(pk=item.pk).status == S.SUBMITTED


def test_a_delegates_approval_through_the_api_reads_thay_mat(cast, api):
    item = give_work(cast, state=S.SUBMITTED)
    response = api(cast.approver_delegate).post(f"{URL}/{item.pk}/approve", {"rating": 5, "comment": "Tốt"})
    assert response.status_code == 200, response.content
    event = AuditEvent.objects.get(action="assignments.assignment.approve")
    assert (event.actor_name, event.on_behalf_of_name) == ("Đinh Thị Yến", "Bùi Thanh Sơn")


def test_extension_request_grant_and_refuse(cast, api):
    item = give_work(cast)
    lead, leader = api(cast.lead), api(cast.assigner)
    later = working_day(item.deadline + dt.timedelta(days=4))
    response = lead.post(f"{URL}/{item.pk}/extension", {"new_deadline": str(later), "reason": "Chờ số liệu"})
    assert response.status_code == 201, response.content
    ext_id = response.json()["id"]
    assert response.json()["allowed_actions"] == []  # the lead does not decide
    assert leader.get(f"{URL}/{item.pk}").json()["extensions"][0]["allowed_actions"] == ["grant", "refuse"]
    assert lead.post(f"{URL}/{item.pk}/extensions/{ext_id}/grant").status_code == 403
    granted = leader.post(f"{URL}/{item.pk}/extensions/{ext_id}/grant", {"note": "Đồng ý"})
    assert granted.status_code == 200 and granted.json()["deadline"] == str(later)
    assert leader.post(f"{URL}/{item.pk}/extensions/{ext_id}/refuse", {"reason": "x"}).status_code == 409
    second = lead.post(
        f"{URL}/{item.pk}/extension",
        {"new_deadline": str(working_day(later + dt.timedelta(days=2))), "reason": "Lần 2"},
    )
    refused = leader.post(f"{URL}/{item.pk}/extensions/{second.json()['id']}/refuse", {"reason": ""})
    assert refused.status_code == 400 and refused.json()["field"] == "reason"
    leader.post(f"{URL}/{item.pk}/extensions/{second.json()['id']}/refuse", {"reason": "Đủ thời gian"})
    assert Extension.objects.get(pk=second.json()["id"]).status == Extension.Status.REFUSED
    assert leader.post(f"{URL}/{item.pk}/extensions/999999/grant").status_code == 404


def test_reassign_update_and_cancel(cast, api):
    item = give_work(cast)
    leader = api(cast.assigner)
    moved = leader.post(
        f"{URL}/{item.pk}/reassign", {"lead_user_id": cast.colleague.pk, "reason": "Minh đi học"}
    )
    assert moved.status_code == 200 and moved.json()["lead"]["name"] == "Phan Văn Khoa"
    outside = leader.post(
        f"{URL}/{item.pk}/reassign", {"lead_user_id": cast.province.chuyen_vien_khac.pk, "reason": "x"}
    )
    assert outside.status_code == 400 and outside.json()["field"] == "lead_user_id"
    patched = leader.patch(
        f"{URL}/{item.pk}", {"title": "Rà soát biên chế (bổ sung)", "priority": 4, "follower_ids": []}
    )
    assert patched.status_code == 200 and patched.json()["title"] == "Rà soát biên chế (bổ sung)"
    assert patched.json()["participants"] == [
        {
            "person": {"id": cast.co_assignee.pk, "full_name": "Trần Thị Thu Hà"},
            "role": "coordinate",
            "role_display": "Phối hợp",
        }
    ]
    assert api(cast.lead).patch(f"{URL}/{item.pk}", {"title": "Đổi"}).status_code == 404  # no longer on it
    assert leader.post(f"{URL}/{item.pk}/cancel", {"reason": ""}).status_code == 400
    assert leader.post(f"{URL}/{item.pk}/cancel", {"reason": "Không còn cần"}).json()["status"] == "cancelled"


def test_attachments_go_through_the_file_service(cast, api):
    item = give_work(cast)
    lead = api(cast.lead)
    good = lead.upload(f"{URL}/{item.pk}/attachments", "ke-hoach.txt", "Kế hoạch rà soát".encode())
    assert good.status_code == 201, good.content
    assert good.json()["file"]["name"] == "ke-hoach.txt"
    bad = lead.upload(f"{URL}/{item.pk}/attachments", "cai-dat.exe", b"MZ\x90\x00" + b"\x00" * 100)
    assert bad.status_code == 400 and bad.json()["field"] == "file"
    assert Attachment.objects.count() == 1
    assert api(cast.follower).upload(f"{URL}/{item.pk}/attachments", "a.txt", b"x").status_code == 403


def test_the_lead_ticks_the_checklist_through_the_api(cast, api):
    item = give_work(cast, checklist=["Thu thập số liệu"])
    entry = item.checklist.get()
    response = api(cast.lead).post(f"{URL}/{item.pk}/checklist/{entry.pk}", {"done": True})
    assert response.status_code == 200 and response.json()["done"] is True
    assert (
        api(cast.co_assignee).post(f"{URL}/{item.pk}/checklist/{entry.pk}", {"done": False}).status_code
        == 403
    )


# --- lists ----------------------------------------------------------------------------------------


def test_the_lists_by_scope(cast, api):
    province = cast.province
    mine = give_work(cast)
    submitted = give_work(cast, title="Báo cáo quý", state=S.SUBMITTED)
    own = services.assignment_create(
        actor=fresh(cast.lead), title="Tự học", lead_user=cast.lead, deadline=TODAY()
    )
    unit_work = services.assignment_create(
        actor=fresh(province.giam_doc),
        title="Kiện toàn phòng",
        lead_unit=province.units.tcbc,
        deadline=TODAY(),
    )
    lead, leader = api(cast.lead), api(cast.assigner)
    assert set(ids(lead.get(URL))) == {mine.pk, submitted.pk, own.pk}
    assert set(ids(leader.get(URL, {"scope": "mine"}))) == {unit_work.pk}  # the head leads the unit's work
    assert set(ids(leader.get(URL, {"scope": "to_approve"}))) == {submitted.pk}
    assert set(ids(leader.get(URL, {"scope": "assigned_by_me"}))) == {mine.pk, submitted.pk}
    assert set(ids(leader.get(URL, {"scope": "unit"}))) == {mine.pk, submitted.pk, own.pk, unit_work.pk}
    assert set(ids(api(cast.co_assignee).get(URL))) == {mine.pk, submitted.pk}
    assert ids(api(cast.follower).get(URL)) == []
    director = api(province.giam_doc)
    assert set(ids(director.get(URL, {"scope": "unit", "unit_id": province.units.tcbc.pk}))) == {
        mine.pk, submitted.pk, own.pk, unit_work.pk,
    }  # fmt: skip
    assert ids(director.get(URL, {"scope": "unit", "unit_id": province.units.ccvc.pk})) == []
    forbidden = leader.get(URL, {"scope": "unit", "unit_id": province.units.ccvc.pk})
    assert forbidden.status_code == 403
    assert ids(api(province.chuyen_vien_khac).get(URL, {"scope": "unit"})) == []


def test_the_list_filters(cast, api):
    province = cast.province
    today = TODAY()
    late = give_work(cast, title="Báo cáo tổng kết năm", deadline=working_day(today + dt.timedelta(days=1)))
    Assignment.objects.filter(pk=late.pk).update(
        start_date=today - dt.timedelta(days=10), deadline=today - dt.timedelta(days=2)
    )
    urgent = give_work(
        cast,
        title="Hồ sơ thi đua",
        priority=Assignment.Priority.URGENT,
        deadline=working_day(today + dt.timedelta(days=20)),
    )
    other = services.assignment_create(
        actor=fresh(cast.assigner),
        title="Quyết định nâng lương",
        lead_user=cast.colleague,
        deadline=working_day(today + dt.timedelta(days=5)),
    )
    leader = api(cast.assigner)
    unit = {"scope": "unit"}
    assert ids(leader.get(URL, {**unit, "overdue": "true"})) == [late.pk]
    assert set(ids(leader.get(URL, {**unit, "overdue": "false"}))) == {urgent.pk, other.pk}
    assert ids(leader.get(URL, {**unit, "priority": 4})) == [urgent.pk]
    assert set(ids(leader.get(URL, {**unit, "due_before": str(today + dt.timedelta(days=5))}))) == {
        late.pk,
        other.pk,
    }
    assert ids(leader.get(URL, {**unit, "person_id": cast.colleague.pk})) == [other.pk]
    assert set(ids(leader.get(URL, {**unit, "person_id": cast.co_assignee.pk}))) == {late.pk, urgent.pk}
    assert ids(leader.get(URL, {**unit, "q": "nang luong"})) == [other.pk]  # without accents
    assert ids(leader.get(URL, {**unit, "q": "THI ĐUA"})) == [urgent.pk]
    assert ids(leader.get(URL, {**unit, "status": "cancelled"})) == []
    assert set(ids(leader.get(URL, {**unit, "status": "open"}))) == {late.pk, urgent.pk, other.pk}
    assert leader.get(URL, {**unit, "status": "lost"}).json() == {
        "detail": "Trạng thái không hợp lệ.",
        "code": "invalid",
        "field": "status",
    }
    assert ids(leader.get(URL, {**unit, "sort": "-deadline"})) == [urgent.pk, other.pk, late.pk]
    assert ids(api(province.chuyen_vien_khac).get(URL, {"scope": "unit", "q": "nang luong"})) == []


def test_the_list_pages_by_cursor(cast, api):
    items = [
        give_work(cast, title=f"Việc {n}", deadline=working_day(TODAY() + dt.timedelta(days=n + 1)))
        for n in range(5)
    ]
    leader = api(cast.assigner)
    first = leader.get(URL, {"scope": "assigned_by_me", "limit": 2}).json()
    assert [r["id"] for r in first["items"]] == [items[0].pk, items[1].pk] and first["next_cursor"]
    second = leader.get(URL, {"scope": "assigned_by_me", "limit": 2, "cursor": first["next_cursor"]}).json()
    third = leader.get(URL, {"scope": "assigned_by_me", "limit": 2, "cursor": second["next_cursor"]}).json()
    assert [r["id"] for r in second["items"] + third["items"]] == [i.pk for i in items[2:]]
    assert third["next_cursor"] is None


@pytest.mark.parametrize("count", [5, 100])
def test_the_list_costs_the_same_queries_for_5_or_100_items(cast, api, count, django_assert_max_num_queries):
    from congvu.assignments.models import Participant

    today = TODAY()
    rows = [
        Assignment(
            title=f"Việc số {n}", assigner=cast.assigner, approver=cast.assigner, lead_user=cast.lead,
            unit=cast.province.units.tcbc, unit_path=cast.province.units.tcbc.path, start_date=today,
            deadline=working_day(today + dt.timedelta(days=n % 30)), search_text=f"viec so {n}",
        )
        for n in range(count)
    ]  # fmt: skip
    created = Assignment.objects.bulk_create(rows)
    Participant.objects.bulk_create(
        [Participant(assignment=a, user=cast.co_assignee, role=Participant.Role.COORDINATE) for a in created]
    )
    caller = api(cast.province.giam_doc)
    caller.get(URL)  # the token's first use is written once
    # token, delegations, memberships (+ their units in charge), role grants, the page itself, its
    # people by primary key, and the year's calendar overrides for the deadline labels (the same
    # selector as the screens).
    with django_assert_max_num_queries(7):
        response = caller.get(URL, {"scope": "unit", "limit": 200})
    assert len(response.json()["items"]) == count


def test_the_browser_session_works_too(cast, signed_in):
    item = give_work(cast)
    client = signed_in(cast.lead)
    assert [r["id"] for r in client.get(URL).json()["items"]] == [item.pk]
    response = client.post(
        f"{URL}/{item.pk}/progress", {"percent": 20, "text": "Bắt đầu"}, content_type="application/json"
    )
    assert response.status_code == 201, response.content
    assert Client().get(URL).status_code == 401


def test_acting_through_the_api_settles_the_notices_that_asked_for_it(cast, api):
    """The same services as the screens: the approver's "Chờ duyệt" and "Đề nghị gia hạn" are
    done once approved or decided through the API."""
    from congvu.notifications.models import Notification
    from congvu.notifications.selectors import unread_count

    Notification.objects.update(read_at=timezone.now())  # the cast's own delegation notices
    item = give_work(cast)
    lead, leader = api(cast.lead), api(cast.assigner)
    later = working_day(item.deadline + dt.timedelta(days=4))
    ext_id = lead.post(
        f"{URL}/{item.pk}/extension", {"new_deadline": str(later), "reason": "Chờ số liệu"}
    ).json()["id"]
    assert unread_count(cast.assigner) == 1
    leader.post(f"{URL}/{item.pk}/extensions/{ext_id}/grant", {"note": "Đồng ý"})
    assert unread_count(cast.assigner) == 0
    services.progress_report(item=item, actor=fresh(cast.lead), percent=100, text="Xong")
    assert lead.post(f"{URL}/{item.pk}/submit", {"note": "Kết quả"}).status_code == 200
    assert unread_count(cast.assigner) == 1
    assert leader.post(f"{URL}/{item.pk}/approve", {"rating": 4}).status_code == 200
    assert unread_count(cast.assigner) == 0
    assert (
        not Notification.objects.filter(recipient=cast.assigner, settled_at__isnull=True)
        .exclude(awaits="")
        .exists()
    )
