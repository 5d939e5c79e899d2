"""Maintenance and incident notices (ADM-4; seed 004 Đ8, Đ11.2.b): who posts them, the banner every
signed-in person sees before and during the window, dismissal, ending early, the history, the API."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from congvu.collaboration.notices import services
from congvu.collaboration.notices.models import Notice
from congvu.core.decisions import Refused
from congvu.core.models import AuditEvent
from tests.conftest import bearer_client

HOUR = dt.timedelta(hours=1)
DAY = dt.timedelta(days=1)
BANNER = 'id="sys-notices"'


@pytest.fixture
def api():
    return bearer_client


def _maintenance(p, *, starts_in=dt.timedelta(days=2), hours=4, show_before_hours=72, **extra):
    now = timezone.now()
    fields = {
        "kind": Notice.Kind.MAINTENANCE,
        "title": "Nâng cấp phần mềm quản lý văn bản",
        "message": "Hệ thống tạm dừng để nâng cấp phiên bản mới.",
        "starts_at": now + starts_in,
        "ends_at": now + starts_in + hours * HOUR,
        "show_before_hours": show_before_hours,
        **extra,
    }
    return services.notice_create(actor=p.quan_tri, **fields)


# --- who may post: by persona, written from the rule (a notice speaks to the whole system) -----------

POSTING = {
    "quan_tri": True,  # administrator granted on the province (seed 004 Đ11.2: the operator)
    "chu_tich": False,
    "chanh_vp": False,
    "van_thu": False,
    "giam_doc": False,
    "truong_phong": False,
    "chuyen_vien": False,
    "chu_tich_huyen": False,
}


@pytest.mark.parametrize(("persona", "allowed"), POSTING.items())
def test_only_a_system_wide_administrator_posts_a_notice(province, persona, allowed):
    person = getattr(province, persona)
    if allowed:
        assert _maintenance(province).pk
    else:
        with pytest.raises(Refused) as refused:
            services.notice_create(
                actor=person,
                kind="maintenance",
                title="T",
                message="M",
                starts_at=timezone.now() + DAY,
                ends_at=timezone.now() + 2 * DAY,
            )
        assert refused.value.kind == Refused.Kind.NOT_ALLOWED
        assert Notice.objects.count() == 0


def test_an_administrator_of_one_department_may_not_speak_to_all(province):
    from congvu.org.models import RoleGrant

    RoleGrant.objects.create(
        user=province.giam_doc, role=RoleGrant.Role.ADMINISTRATOR, unit=province.units.snv
    )
    with pytest.raises(Refused):
        _maintenance(province) if False else services.notice_create(
            actor=province.giam_doc, kind="other", title="T", message="M", ends_at=timezone.now() + DAY
        )


def test_a_system_administrator_account_posts(province):
    province.chuyen_vien.is_staff = True
    province.chuyen_vien.save()
    notice = services.notice_create(
        actor=province.chuyen_vien,
        kind="incident",
        title="Mất kết nối",
        message="Đang khắc phục.",
        ends_at=timezone.now() + HOUR,
    )
    assert notice.phase() == Notice.Phase.ACTIVE


# --- bounded input ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"title": ""}, "title"),
        ({"title": "x" * 201}, "title"),
        ({"message": ""}, "message"),
        ({"message": "x" * 2001}, "message"),
        ({"starts_in": -HOUR}, "starts_at"),
        ({"starts_in": dt.timedelta(days=400)}, "starts_at"),
        ({"hours": 0}, "ends_at"),
        ({"hours": 24 * 40}, "ends_at"),
        ({"show_before_hours": -1}, "show_before_hours"),
        ({"show_before_hours": 24 * 31}, "show_before_hours"),
        ({"kind": "party"}, "kind"),
        ({"severity": "apocalyptic"}, "severity"),
    ],
)
def test_bad_input_is_refused_on_its_field_and_nothing_is_saved(province, change, field):
    with pytest.raises(Refused) as refused:
        _maintenance(province, **change)
    assert refused.value.kind == Refused.Kind.INVALID
    assert refused.value.field == field
    assert Notice.objects.count() == 0


def test_a_start_typed_a_moment_ago_is_accepted(province):
    notice = _maintenance(province, starts_in=-dt.timedelta(minutes=3))
    assert notice.phase() == Notice.Phase.ACTIVE


# --- the banner -------------------------------------------------------------------------------------


def test_the_banner_shows_before_and_during_the_window_and_goes_after(province, signed_in, clock):
    notice = _maintenance(province, starts_in=5 * DAY, hours=4, show_before_hours=72)
    client = signed_in(province.chuyen_vien)
    assert BANNER not in client.get("/").content.decode()  # five days ahead: not yet announced
    clock.shift(2 * DAY + HOUR)  # within three days of the start
    client = signed_in(province.chuyen_vien)  # (a new day, a new session)
    body = client.get("/").content.decode()
    assert BANNER in body and "Sắp bảo trì hệ thống" in body and notice.title in body
    clock.shift(3 * DAY)  # in the window
    client = signed_in(province.chuyen_vien)
    body = client.get("/").content.decode()
    assert "Đang bảo trì" in body
    clock.shift(4 * HOUR)  # after the end
    client = signed_in(province.chuyen_vien)
    assert BANNER not in client.get("/").content.decode()


def test_the_banner_is_on_every_page_for_every_signed_in_person(province, signed_in):
    _maintenance(province, starts_in=DAY)
    for person, page in [
        (province.van_thu, "/phoi-hop/gop-y/"),
        (province.chu_tich_huyen, "/tai-khoan/ho-so/"),
    ]:
        body = signed_in(person).get(page).content.decode()
        assert BANNER in body, (person, page)


def test_the_administrators_own_change_shows_at_once_despite_the_cache(province, signed_in):
    admin = signed_in(province.quan_tri)
    assert BANNER not in admin.get("/").content.decode()  # the empty list is now kept in the cache
    notice = _maintenance(province, starts_in=DAY)
    assert notice.title in admin.get("/").content.decode()
    services.notice_update(
        notice=notice,
        actor=province.quan_tri,
        kind=notice.kind,
        title="Nâng cấp dời sang tuần sau",
        message=notice.message,
        starts_at=notice.starts_at,
        ends_at=notice.ends_at,
        severity=notice.severity,
        show_before_hours=72,
    )
    assert "Nâng cấp dời sang tuần sau" in admin.get("/").content.decode()
    services.notice_end(notice=notice, actor=province.quan_tri, resolution="Hủy đợt nâng cấp")
    assert BANNER not in admin.get("/").content.decode()


def test_the_banner_costs_no_query_once_kept(province, signed_in, django_assert_num_queries):
    _maintenance(province, starts_in=DAY)
    client = signed_in(province.chuyen_vien)
    client.get("/phoi-hop/thong-bao-he-thong/")
    from congvu.collaboration.notices.selectors import banner_notices

    with django_assert_num_queries(0):
        assert len(banner_notices({})) == 1


def test_a_dismissed_banner_returns_when_the_window_starts_and_for_a_new_notice(province, signed_in, clock):
    notice = _maintenance(province, starts_in=dt.timedelta(minutes=10), hours=2)
    client = signed_in(province.chuyen_vien)
    response = client.post(f"/phoi-hop/thong-bao-he-thong/{notice.pk}/an/", {"next": "/phoi-hop/gop-y/"})
    assert response.status_code == 302 and response["Location"] == "/phoi-hop/gop-y/"
    assert BANNER not in client.get("/").content.decode()
    other = services.notice_create(
        actor=province.quan_tri,
        kind="incident",
        title="Chậm gửi thư",
        message="Đang xử lý.",
        ends_at=timezone.now() + HOUR,
    )
    body = client.get("/").content.decode()
    assert other.title in body and notice.title not in body
    clock.shift(dt.timedelta(minutes=11))
    assert notice.title in client.get("/").content.decode()  # the window started: shown again


def test_dismissing_with_htmx_answers_an_empty_fragment_and_leaves_others(province, signed_in):
    notice = _maintenance(province, starts_in=DAY)
    mine = signed_in(province.chuyen_vien)
    response = mine.post(f"/phoi-hop/thong-bao-he-thong/{notice.pk}/an/", headers={"HX-Request": "true"})
    assert response.status_code == 200 and response.content == b""


def test_a_dismissal_goes_back_only_to_a_page_of_this_site(province, signed_in):
    notice = _maintenance(province, starts_in=DAY)
    response = signed_in(province.chuyen_vien).post(
        f"/phoi-hop/thong-bao-he-thong/{notice.pk}/an/", {"next": "https://evil.example/"}
    )
    assert response["Location"] == "/"


def test_an_incident_posted_now_and_ended_early_is_audited_and_kept_in_history(province, signed_in):
    incident = services.notice_create(
        actor=province.quan_tri,
        kind="incident",
        severity="critical",
        title="Không gửi được văn bản liên thông",
        message="Trục liên thông mất kết nối.",
        ends_at=timezone.now() + 4 * HOUR,
    )
    client = signed_in(province.chuyen_vien)
    assert "Sự cố đang diễn ra" in client.get("/").content.decode()
    services.notice_end(notice=incident, actor=province.quan_tri, resolution="Đã khôi phục kết nối")
    incident.refresh_from_db()
    assert incident.phase() == Notice.Phase.RESOLVED
    assert BANNER not in client.get("/").content.decode()
    actions = list(
        AuditEvent.objects.filter(object_type="collaboration.notice")
        .order_by("id")
        .values_list("action", flat=True)
    )
    assert actions == ["collaboration.notice.created", "collaboration.notice.ended"]
    history = client.get("/phoi-hop/thong-bao-he-thong/").content.decode()
    assert "Không gửi được văn bản liên thông" in history and "Đã khắc phục" in history
    with pytest.raises(Refused) as refused:
        services.notice_end(notice=incident, actor=province.quan_tri)
    assert refused.value.kind == Refused.Kind.WRONG_STATE


# --- screens ----------------------------------------------------------------------------------------


def test_an_administrator_schedules_a_notice_on_the_screen(province, signed_in):
    client = signed_in(province.quan_tri)
    assert client.get("/phoi-hop/thong-bao-he-thong/them/").status_code == 200
    response = client.post(
        "/phoi-hop/thong-bao-he-thong/them/",
        {
            "kind": "maintenance",
            "severity": "warning",
            "title": "Bảo trì máy chủ",
            "message": "Tạm dừng 2 giờ.",
            "starts_at": "2026-12-05T20:00",
            "ends_at": "2026-12-05T22:00",
            "show_before_hours": "72",
        },
    )
    assert response.status_code == 302
    notice = Notice.objects.get()
    assert timezone.localtime(notice.starts_at).hour == 20
    assert "Bảo trì máy chủ" in client.get("/phoi-hop/thong-bao-he-thong/quan-tri/").content.decode()


def test_a_bad_window_keeps_what_was_typed(province, signed_in):
    client = signed_in(province.quan_tri)
    response = client.post(
        "/phoi-hop/thong-bao-he-thong/them/",
        {
            "kind": "maintenance",
            "severity": "warning",
            "title": "Bảo trì máy chủ ABC",
            "message": "Tạm dừng.",
            "starts_at": "2026-12-05T20:00",
            "ends_at": "2026-12-05T19:00",
            "show_before_hours": "72",
        },
    )
    body = response.content.decode()
    assert response.status_code == 400
    assert "Thời điểm kết thúc phải sau thời điểm bắt đầu." in body and "Bảo trì máy chủ ABC" in body
    assert Notice.objects.count() == 0


def test_others_may_not_open_the_administrators_screens(province, signed_in):
    notice = _maintenance(province)
    client = signed_in(province.chuyen_vien)
    for url in (
        "/phoi-hop/thong-bao-he-thong/quan-tri/",
        "/phoi-hop/thong-bao-he-thong/them/",
        f"/phoi-hop/thong-bao-he-thong/{notice.pk}/sua/",
        f"/phoi-hop/thong-bao-he-thong/{notice.pk}/ket-thuc/",
    ):
        assert client.get(url).status_code == 403, url
    assert client.get("/phoi-hop/thong-bao-he-thong/999999/sua/").status_code == 404
    assert client.get("/phoi-hop/thong-bao-he-thong/").status_code == 200


def test_ending_on_the_screen(province, signed_in):
    notice = _maintenance(province, starts_in=-dt.timedelta(minutes=1))
    client = signed_in(province.quan_tri)
    response = client.post(f"/phoi-hop/thong-bao-he-thong/{notice.pk}/ket-thuc/", {"resolution": "Xong sớm"})
    assert response.status_code == 302
    notice.refresh_from_db()
    assert notice.ended_at is not None and notice.resolution == "Xong sớm"


def test_the_history_list_query_count_does_not_grow(province, signed_in, django_assert_max_num_queries):
    for i in range(12):
        _maintenance(province, starts_in=(i + 1) * DAY, title=f"Đợt {i}")
    client = signed_in(province.quan_tri)
    client.get("/phoi-hop/thong-bao-he-thong/quan-tri/")
    with django_assert_max_num_queries(12):
        response = client.get("/phoi-hop/thong-bao-he-thong/quan-tri/")
    assert response.status_code == 200


# --- API --------------------------------------------------------------------------------------------


def test_the_api_posts_lists_shows_current_and_ends(province, api):
    admin, officer = api(province.quan_tri), api(province.chuyen_vien)
    start = timezone.now() + DAY
    created = admin.post(
        "/api/v1/notices",
        {
            "kind": "maintenance",
            "title": "Bảo trì",
            "message": "Tạm dừng.",
            "starts_at": start.isoformat(),
            "ends_at": (start + HOUR).isoformat(),
        },
        content_type="application/json",
    )
    assert created.status_code == 201, created.content
    pk = created.json()["id"]
    assert [n["id"] for n in officer.get("/api/v1/notices/current").json()] == [pk]
    assert officer.get("/api/v1/notices").json()["items"][0]["phase"] == "announced"
    assert officer.get(f"/api/v1/notices/{pk}").status_code == 200
    ended = admin.post(f"/api/v1/notices/{pk}/end", {"resolution": "Hủy"}, content_type="application/json")
    assert ended.status_code == 200 and ended.json()["phase"] == "resolved"
    assert officer.get("/api/v1/notices/current").json() == []


def test_the_api_answers_each_kind_of_error(province, api):
    admin, officer = api(province.quan_tri), api(province.chuyen_vien)
    body = {
        "kind": "maintenance",
        "title": "B",
        "message": "M",
        "ends_at": (timezone.now() + HOUR).isoformat(),
    }
    assert officer.post("/api/v1/notices", body, content_type="application/json").status_code == 403
    bad = admin.post("/api/v1/notices", {**body, "title": ""}, content_type="application/json")
    assert bad.status_code == 400 and bad.json()["field"] == "title"
    assert admin.get("/api/v1/notices/424242").status_code == 404
    pk = admin.post("/api/v1/notices", body, content_type="application/json").json()["id"]
    assert admin.post(f"/api/v1/notices/{pk}/end", {}, content_type="application/json").status_code == 200
    assert admin.post(f"/api/v1/notices/{pk}/end", {}, content_type="application/json").status_code == 409
    assert Client().get("/api/v1/notices/current").status_code == 401


def test_editing_on_the_screen_and_not_after_the_end(province, signed_in):
    notice = _maintenance(province, starts_in=DAY)
    client = signed_in(province.quan_tri)
    form = client.get(f"/phoi-hop/thong-bao-he-thong/{notice.pk}/sua/").content.decode()
    assert notice.title in form and 'value="72"' in form
    start = timezone.localtime(notice.starts_at)
    response = client.post(
        f"/phoi-hop/thong-bao-he-thong/{notice.pk}/sua/",
        {
            "kind": "maintenance",
            "severity": "critical",
            "title": "Nâng cấp (dời giờ)",
            "message": notice.message,
            "starts_at": start.strftime("%Y-%m-%dT%H:%M"),
            "ends_at": (start + 2 * HOUR).strftime("%Y-%m-%dT%H:%M"),
            "show_before_hours": "24",
        },
    )
    assert response.status_code == 302
    notice.refresh_from_db()
    assert (notice.title, notice.severity, notice.show_before) == ("Nâng cấp (dời giờ)", "critical", DAY)
    services.notice_end(notice=notice, actor=province.quan_tri)
    assert client.get(f"/phoi-hop/thong-bao-he-thong/{notice.pk}/sua/").status_code == 409


def test_the_api_edits_a_notice(province, api):
    notice = _maintenance(province, starts_in=DAY)
    admin = api(province.quan_tri)
    body = {
        "kind": "maintenance",
        "title": "Đổi tiêu đề",
        "message": notice.message,
        "starts_at": notice.starts_at.isoformat(),
        "ends_at": notice.ends_at.isoformat(),
    }
    response = admin.put(f"/api/v1/notices/{notice.pk}", body, content_type="application/json")
    assert response.status_code == 200 and response.json()["title"] == "Đổi tiêu đề"
    assert (
        api(province.chuyen_vien)
        .put(f"/api/v1/notices/{notice.pk}", body, content_type="application/json")
        .status_code
        == 403
    )


def test_the_administration_page_links_notices_and_feedback_for_administrators_only(province, signed_in):
    body = signed_in(province.quan_tri).get("/quan-tri/").content.decode()
    assert "/phoi-hop/thong-bao-he-thong/quan-tri/" in body and "/phoi-hop/gop-y/quan-tri/" in body


def test_the_audit_log_names_notice_actions(province, signed_in):
    _maintenance(province)
    body = signed_in(province.quan_tri).get("/quan-tri/nhat-ky/?action=collaboration.").content.decode()
    assert "Đăng thông báo hệ thống" in body
