"""Core API: working days for everyone signed in; calendar changes and the audit log for
administrators (session auth through the ``signed_in`` client)."""

import datetime as dt

import pytest

from congvu.core import audit, calendar
from congvu.core.models import AuditEvent, CalendarOverride


@pytest.fixture(autouse=True)
def fresh_calendar():
    calendar.invalidate()


@pytest.mark.parametrize(
    ("start", "days", "due"),
    [
        ("2025-12-31", 1, "2026-01-05"),  # TV-WD-7
        ("2026-01-09", 1, "2026-01-10"),  # TV-WD-8, make-up Saturday
        ("2026-02-13", 3, "2026-02-25"),  # TV-WD-9
        ("2026-04-24", 1, "2026-04-28"),  # TV-WD-11
    ],
)
def test_workdays_add(province, signed_in, start, days, due):
    response = signed_in(province.chuyen_vien).get(f"/api/v1/workdays/add?date={start}&days={days}")
    assert response.status_code == 200
    assert response.json() == {"start": start, "days": days, "due": due}


def test_workdays_add_refuses_negative_days(province, signed_in):
    assert (
        signed_in(province.chuyen_vien).get("/api/v1/workdays/add?date=2026-01-09&days=-1").status_code == 400
    )


def test_workdays_is(province, signed_in):
    client = signed_in(province.chuyen_vien)
    off = client.get("/api/v1/workdays/is?date=2026-01-02").json()
    assert off["is_working_day"] is False and "Tết Dương lịch" in off["name"]
    assert client.get("/api/v1/workdays/is?date=2026-01-10").json()["is_working_day"] is True
    assert client.get("/api/v1/workdays/is?date=2026-03-11").json() == {
        "date": "2026-03-11",
        "is_working_day": True,
        "name": "",
    }


def test_overrides_of_a_year(province, signed_in):
    rows = signed_in(province.chuyen_vien).get("/api/v1/calendar/overrides?year=2026").json()
    assert {"2026-01-02", "2026-01-10", "2026-08-22"} <= {r["date"] for r in rows}
    assert all(r["date"].startswith("2026-") for r in rows)


def test_the_administrator_creates_updates_and_deletes_an_override(province, signed_in):
    client = signed_in(province.quan_tri)
    created = client.post(
        "/api/v1/calendar/overrides",
        {"date": "2026-03-10", "kind": "day_off", "name": "Nghỉ bù", "source": "QĐ 1"},
        content_type="application/json",
    )
    assert created.status_code == 201, created.content
    pk = created.json()["id"]
    assert calendar.is_working_day(dt.date(2026, 3, 10)) is False
    updated = client.put(
        f"/api/v1/calendar/overrides/{pk}",
        {"date": "2026-03-12", "kind": "day_off", "name": "Nghỉ bù", "source": "QĐ 1"},
        content_type="application/json",
    )
    assert updated.status_code == 200 and updated.json()["date"] == "2026-03-12"
    assert calendar.is_working_day(dt.date(2026, 3, 10)) is True
    assert client.delete(f"/api/v1/calendar/overrides/{pk}").status_code == 204
    assert calendar.is_working_day(dt.date(2026, 3, 12)) is True
    actions = list(
        AuditEvent.objects.filter(action__startswith="core.calendar.").values_list("action", flat=True)
    )
    assert sorted(actions) == [
        "core.calendar.override_created",
        "core.calendar.override_deleted",
        "core.calendar.override_updated",
    ]


def test_bad_override_is_refused_with_the_reason(province, signed_in):
    response = signed_in(province.quan_tri).post(
        "/api/v1/calendar/overrides",
        {"date": "2026-03-11", "kind": "working_day", "name": "Làm bù"},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert response.json()["field"] == "kind"
    assert "vốn là ngày làm việc" in response.json()["detail"]
    assert not CalendarOverride.objects.filter(date=dt.date(2026, 3, 11)).exists()


def test_others_cannot_change_the_calendar(province, signed_in):
    client = signed_in(province.giam_doc)
    row = CalendarOverride.objects.get(date=dt.date(2026, 1, 2))
    body = {"date": "2026-03-10", "kind": "day_off", "name": "X"}
    assert client.post("/api/v1/calendar/overrides", body, content_type="application/json").status_code == 403
    assert (
        client.put(f"/api/v1/calendar/overrides/{row.pk}", body, content_type="application/json").status_code
        == 403
    )
    assert client.delete(f"/api/v1/calendar/overrides/{row.pk}").status_code == 403
    assert CalendarOverride.objects.filter(pk=row.pk, date=dt.date(2026, 1, 2)).exists()


def test_audit_events_for_administrators_with_filters_and_cursor(province, signed_in):
    for i in range(7):
        audit.record(
            actor=province.chuyen_vien,
            on_behalf_of=province.truong_phong,
            action="org.unit.updated",
            note=str(i),
        )
    client = signed_in(province.quan_tri)
    seen, cursor = [], ""
    while True:
        data = client.get(f"/api/v1/audit-events?action=org.unit.updated&limit=3&cursor={cursor}").json()
        seen += data["items"]
        cursor = data["next_cursor"]
        if not cursor:
            break
    assert [e["note"] for e in seen] == [str(i) for i in reversed(range(7))]
    first = seen[0]
    assert first["actor_display"] == "Nguyễn Văn Minh thay mặt Bùi Thanh Sơn"
    assert first["action_label"] == "Sửa đơn vị"
    assert first["occurred_at_local"].endswith("+07:00")


def test_audit_events_reject_bad_filters(province, signed_in):
    response = signed_in(province.quan_tri).get("/api/v1/audit-events?date_from=2026-13-01")
    assert response.status_code == 400


@pytest.mark.parametrize("persona", ["chuyen_vien", "giam_doc", "chu_tich"])
def test_audit_events_are_for_administrators_only(province, signed_in, persona):
    assert signed_in(getattr(province, persona)).get("/api/v1/audit-events").status_code == 403


def test_strangers_get_nothing(client, db):
    assert client.get("/api/v1/workdays/is?date=2026-01-02").status_code == 401
    assert client.get("/api/v1/audit-events").status_code == 401
