"""The calendar of days off (R-WD-1, R-WD-5): year view, audited overrides, deadline calculator."""

import datetime as dt

import pytest

from congvu.core import calendar
from congvu.core.decisions import Refused
from congvu.core.models import AuditEvent, CalendarOverride
from congvu.portal.calendar import services

D = dt.date


@pytest.fixture
def admin_client(province, signed_in):
    calendar.invalidate()
    return signed_in(province.quan_tri)


def test_the_year_view_shows_baseline_overrides_and_counts(admin_client):
    response = admin_client.get("/quan-tri/lich/?nam=2026")
    assert response.status_code == 200
    cal = response.context["cal"]
    assert cal.total == 250  # TV-WD-17
    assert sum(m.working_days for m in cal.months) == 250
    assert cal.months[1].working_days == 15  # February 2026: Tết
    assert D(2026, 1, 2) in {o.override.date for o in cal.overrides}
    baseline = {b.date: b for b in cal.baseline}
    assert baseline[D(2026, 11, 24)].counted is False  # 24/11 not applied until enacted (TV-WD-18)
    body = response.content.decode()
    assert "02/01/2026" in body and "Tết Nguyên Đán" in body


def test_an_override_created_on_the_screen_changes_deadlines_at_once(province, admin_client):
    assert calendar.add_working_days(D(2026, 3, 9), 1) == D(2026, 3, 10)
    response = admin_client.post(
        "/quan-tri/lich/?nam=2026",
        {"date": "2026-03-10", "kind": "day_off", "name": "Nghỉ bù bầu cử", "source": "QĐ 12/QĐ-UBND"},
    )
    assert response.status_code == 302
    assert calendar.add_working_days(D(2026, 3, 9), 1) == D(2026, 3, 11)
    event = AuditEvent.objects.get(action="core.calendar.override_created")
    assert event.actor == province.quan_tri
    assert event.after == {
        "date": "2026-03-10",
        "kind": "day_off",
        "name": "Nghỉ bù bầu cử",
        "source": "QĐ 12/QĐ-UBND",
    }


def test_a_make_up_saturday_counts_for_deadlines(admin_client):
    admin_client.post("/quan-tri/lich/", {"date": "2026-03-14", "kind": "working_day", "name": "Làm bù"})
    assert calendar.add_working_days(D(2026, 3, 13), 1) == D(2026, 3, 14)


@pytest.mark.parametrize(
    ("data", "errors"),
    [
        (
            {"date": "2026-01-02", "kind": "day_off", "name": "Trùng"},
            {"date": ["Ngày 02/01/2026 đã có trong lịch điều chỉnh; hãy sửa dòng đó."]},
        ),
        (
            {"date": "2026-03-11", "kind": "working_day", "name": "Làm bù"},
            {
                "kind": [
                    "Ngày 11/03/2026 (thứ Tư) vốn là ngày làm việc: chỉ khai báo ngày làm bù cho thứ Bảy, "
                    "Chủ nhật hoặc ngày lễ."
                ]
            },
        ),
        (
            {"date": "2026-03-10", "kind": "day_off", "name": "   "},
            {"name": ["Vui lòng nhập tên ngày (ví dụ: Nghỉ bù Tết Dương lịch)."]},
        ),
        ({"date": "", "kind": "day_off", "name": "Không ngày"}, {"date": ["Trường này là bắt buộc."]}),
        (
            {"date": "2026-03-10", "kind": "holiday", "name": "Sai loại"},
            {"kind": ["Hãy chọn một lựa chọn hợp lệ. holiday không phải là một trong các lựa chọn khả thi."]},
        ),
    ],
)
def test_bad_input_is_refused_with_a_message_and_changes_nothing(admin_client, data, errors):
    before = list(CalendarOverride.objects.values_list("date", "kind", "name"))
    response = admin_client.post("/quan-tri/lich/?nam=2026", data)
    assert response.status_code == 400
    assert response.context["form"].errors == errors  # beside the field it is about
    for message in errors.values():
        assert message[0] in response.content.decode()
    assert list(CalendarOverride.objects.values_list("date", "kind", "name")) == before
    assert not AuditEvent.objects.filter(action__startswith="core.calendar.").exists()


def test_editing_an_override_moves_the_day_and_records_before_and_after(province, admin_client):
    row = CalendarOverride.objects.get(date=D(2026, 1, 2))
    response = admin_client.post(
        f"/quan-tri/lich/{row.pk}/sua/",
        {"date": "2026-01-05", "kind": "day_off", "name": row.name, "source": row.source},
    )
    assert response.status_code == 302
    assert calendar.is_working_day(D(2026, 1, 2)) is True
    assert calendar.is_working_day(D(2026, 1, 5)) is False
    event = AuditEvent.objects.get(action="core.calendar.override_updated")
    assert event.before == {"date": "2026-01-02"} and event.after == {"date": "2026-01-05"}


def test_deleting_an_override_returns_the_day_to_the_baseline(province, admin_client):
    row = CalendarOverride.objects.get(date=D(2026, 1, 2))
    assert admin_client.get(f"/quan-tri/lich/{row.pk}/xoa/").status_code == 200
    response = admin_client.post(f"/quan-tri/lich/{row.pk}/xoa/")
    assert response.status_code == 302
    assert not CalendarOverride.objects.filter(date=D(2026, 1, 2)).exists()
    assert calendar.add_working_days(D(2025, 12, 31), 1) == D(2026, 1, 2)
    event = AuditEvent.objects.get(action="core.calendar.override_deleted")
    assert event.before["date"] == "2026-01-02" and event.object_id == str(row.pk)


def test_the_deadline_calculator_counts_working_days(admin_client):
    response = admin_client.get("/quan-tri/lich/?nam=2026&start=2026-02-13&days=3")
    assert response.context["due"] == D(2026, 2, 25)  # TV-WD-9
    assert "25/02/2026" in response.content.decode()


@pytest.mark.parametrize("persona", ["chuyen_vien", "giam_doc", "van_thu", "chu_tich"])
def test_only_administrators_reach_the_calendar_screens(province, signed_in, persona):
    client = signed_in(getattr(province, persona))
    row = CalendarOverride.objects.get(date=D(2026, 1, 2))
    assert client.get("/quan-tri/lich/").status_code == 403
    assert (
        client.post("/quan-tri/lich/", {"date": "2026-03-10", "kind": "day_off", "name": "X"}).status_code
        == 403
    )
    assert client.get(f"/quan-tri/lich/{row.pk}/sua/").status_code == 403
    assert client.post(f"/quan-tri/lich/{row.pk}/xoa/").status_code == 403
    assert CalendarOverride.objects.filter(date=D(2026, 1, 2)).exists()
    assert not CalendarOverride.objects.filter(date=D(2026, 3, 10)).exists()


def test_the_service_checks_the_actor_again(province):
    with pytest.raises(Refused) as refused:
        services.calendar_override_create(
            date=D(2026, 3, 10), kind="day_off", name="X", actor=province.chuyen_vien
        )
    assert refused.value.message == "Chỉ quản trị hệ thống mới sửa được lịch ngày nghỉ."
    assert not CalendarOverride.objects.filter(date=D(2026, 3, 10)).exists()


def test_the_cache_is_dropped_again_when_the_transaction_commits(
    province, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as callbacks:
        services.calendar_override_create(
            date=D(2026, 3, 10), kind="day_off", name="X", actor=province.quan_tri
        )
    assert calendar.invalidate in callbacks
