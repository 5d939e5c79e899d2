"""The audit log screens (ADM-2, R-SEC-2): administrators read, filter and export; nobody edits."""

import csv
import datetime as dt
import io

import openpyxl
import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from congvu.core import audit
from congvu.core.models import AuditEvent
from tests.conftest import travel_to

UTC = dt.UTC


def record_at(when: dt.datetime, **kwargs):
    with travel_to(when, tick=False):
        return audit.record(**kwargs)


@pytest.fixture
def events(province):
    """A small log: a sign-in, a failed sign-in, an act on someone's behalf, a unit change."""
    p = province
    return {
        "sign_in": record_at(
            dt.datetime(2026, 3, 10, 1, 0, tzinfo=UTC), actor=p.chuyen_vien, action="accounts.sign_in", obj=p.chuyen_vien, ip="10.0.5.7"
        ),
        "failed": record_at(
            dt.datetime(2026, 3, 10, 16, 30, tzinfo=UTC),  # 23:30 local on 10/03
            actor=None, action="accounts.sign_in_failed", object_type="accounts.user", object_repr="minhnv",
            ip="203.113.1.9", result="failed",
        ),
        "behalf": record_at(
            dt.datetime(2026, 3, 10, 17, 30, tzinfo=UTC),  # 00:30 local on 11/03
            actor=p.pho_giam_doc, on_behalf_of=p.giam_doc, action="org.unit.updated", obj=p.units.tcbc,
            before={"name": "Phòng TCBC", "short_name": "TCBC"}, after={"name": "Phòng Tổ chức biên chế", "short_name": "TCBC"},
            note="Sửa tên đầy đủ",
        ),
    }  # fmt: skip


def _listed(client, query=""):
    response = client.get(f"/quan-tri/nhat-ky/{query}")
    assert response.status_code == 200
    return [row.event.pk for row in response.context["rows"]]


@pytest.fixture
def admin_client(province, signed_in):
    return signed_in(province.quan_tri)


def test_the_list_shows_newest_first_with_local_time_delegation_and_labels(events, admin_client):
    response = admin_client.get("/quan-tri/nhat-ky/?action=org.unit.updated")
    body = response.content.decode()
    assert [row.event.pk for row in response.context["rows"]] == [events["behalf"].pk]
    assert "11/03/2026 00:30:00" in body  # Asia/Ho_Chi_Minh
    assert "Vũ Thị Lan thay mặt Hoàng Văn Nam" in body
    assert "Sửa đơn vị" in body and "org.unit.updated" in body
    assert "Sửa tên đầy đủ" in body


def test_every_event_is_listed_newest_first(events, admin_client):
    ids = _listed(admin_client)
    assert ids == sorted(ids, reverse=True)
    assert {e.pk for e in events.values()} <= set(ids)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("?actor=Nguyễn Văn Minh", {"sign_in"}),
        ("?actor=nguyen van minh", {"sign_in"}),
        ("?actor=minhnv", {"sign_in", "failed"}),
        ("?actor=Hoàng Văn Nam", {"behalf"}),
        ("?action=accounts.", {"sign_in", "failed"}),
        ("?action=accounts.sign_in_failed", {"failed"}),
        ("?object_type=org.unit&date_from=2026-03-01", {"behalf"}),
        ("?date_from=2026-03-10&date_to=2026-03-10", {"sign_in", "failed"}),
        ("?date_from=2026-03-11", {"behalf"}),
        ("?ip=203.113.1.9", {"failed"}),
        ("?ip=10.0.", {"sign_in"}),
        ("?result=failed", {"failed"}),
    ],
)
def test_filters(events, admin_client, query, expected):
    ids = set(_listed(admin_client, query))
    known = {name for name, event in events.items() if event.pk in ids}
    assert known == expected


def test_an_invalid_filter_is_reported_and_ignored(events, admin_client):
    response = admin_client.get("/quan-tri/nhat-ky/?ip=10.0.x&action=accounts.")
    assert "ip" in response.context["form"].errors
    assert {row.event.pk for row in response.context["rows"]} >= {events["sign_in"].pk, events["failed"].pk}


def test_the_detail_shows_the_change_field_by_field(events, admin_client):
    response = admin_client.get(f"/quan-tri/nhat-ky/{events['behalf'].pk}/")
    assert response.status_code == 200
    diff = {row.field: row for row in response.context["diff"]}
    assert diff["name"].before == "Phòng TCBC" and diff["name"].after == "Phòng Tổ chức biên chế"
    assert diff["name"].changed and not diff["short_name"].changed
    assert response.context["intact"] is True
    body = response.content.decode()
    assert "11/03/2026 00:30:00" in body and "UTC 2026-03-10 17:30:00" in body


def test_export_csv_has_vietnamese_headers_both_times_and_is_itself_recorded(province, events, admin_client):
    response = admin_client.post("/quan-tri/nhat-ky/xuat/", {"format": "csv", "action": "accounts."})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    text = response.content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    header = rows[0]
    assert header[:4] == ["Số thứ tự bản ghi", "Thời điểm (UTC)", "Thời điểm (+07:00)", "Người thực hiện"]
    by_id = {row[0]: dict(zip(header, row, strict=True)) for row in rows[1:]}
    assert set(by_id) == {str(events["sign_in"].pk), str(events["failed"].pk)}
    failed = by_id[str(events["failed"].pk)]
    assert failed["Thời điểm (UTC)"] == "2026-03-10T16:30:00Z"
    assert failed["Thời điểm (+07:00)"] == "10/03/2026 23:30:00"
    assert failed["Địa chỉ IP"] == "203.113.1.9" and failed["Kết quả"] == "Không thành công"
    assert by_id[str(events["sign_in"].pk)]["Tài khoản"] == "minhnv"
    exported = AuditEvent.objects.get(action="core.audit.exported")
    assert exported.actor == province.quan_tri
    assert exported.after == {"filters": {"action": "accounts."}, "format": "csv", "rows": 2}


def test_export_xlsx_opens_with_the_same_rows(events, admin_client):
    response = admin_client.post("/quan-tri/nhat-ky/xuat/", {"format": "xlsx", "actor": "Hoàng Văn Nam"})
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][1:3] == ("Thời điểm (UTC)", "Thời điểm (+07:00)")
    assert [r[0] for r in rows[1:]] == [events["behalf"].pk]
    assert rows[1][3] == "Vũ Thị Lan thay mặt Hoàng Văn Nam"
    assert AuditEvent.objects.filter(action="core.audit.exported").count() == 1


def test_export_is_post_only(admin_client, events):
    opened = admin_client.get("/quan-tri/nhat-ky/xuat/?format=csv")  # opened as a page: to the list
    assert opened.status_code == 302 and opened.url == "/quan-tri/nhat-ky/"
    assert not AuditEvent.objects.filter(action="core.audit.exported").exists()


@pytest.mark.parametrize("persona", ["chuyen_vien", "giam_doc", "chu_tich", "theo_doi", "van_thu"])
def test_only_administrators_read_or_export_the_log(province, signed_in, events, persona):
    client = signed_in(getattr(province, persona))
    assert client.get("/quan-tri/nhat-ky/").status_code == 403
    assert client.get(f"/quan-tri/nhat-ky/{events['failed'].pk}/").status_code == 403
    assert client.post("/quan-tri/nhat-ky/xuat/", {"format": "csv"}).status_code == 403
    assert not AuditEvent.objects.filter(action="core.audit.exported").exists()


def _audit_urls():
    def walk(patterns, prefix=""):
        for p in patterns:
            if isinstance(p, URLResolver):
                yield from walk(p.url_patterns, prefix + str(p.pattern))
            elif isinstance(p, URLPattern):
                yield prefix + str(p.pattern)

    return sorted(u for u in walk(get_resolver().url_patterns) if u.startswith("quan-tri/nhat-ky/"))


def _log_as_it_is():
    return list(AuditEvent.objects.order_by("id").values())


def test_the_log_has_three_screens_and_no_method_on_them_writes_an_event(events, admin_client):
    # Read the list, read one event, export: nothing else.
    assert _audit_urls() == ["quan-tri/nhat-ky/", "quan-tri/nhat-ky/<int:pk>/", "quan-tri/nhat-ky/xuat/"]
    before = _log_as_it_is()
    event = events["behalf"].pk
    for url in ("/quan-tri/nhat-ky/", f"/quan-tri/nhat-ky/{event}/"):
        for method in ("post", "put", "patch", "delete"):  # the two screens only read, whatever is sent
            getattr(admin_client, method)(url, {"action": "x", "note": "Đã sửa"})
    assert admin_client.get("/quan-tri/nhat-ky/xuat/").url == "/quan-tri/nhat-ky/"
    for method in ("put", "patch", "delete"):
        assert getattr(admin_client, method)("/quan-tri/nhat-ky/xuat/").status_code == 405
    assert _log_as_it_is() == before
    assert list(audit.verify()) == []


def test_the_django_admin_shows_the_log_read_only(province, events, signed_in):
    boss = province.quan_tri
    boss.is_superuser = boss.is_staff = True
    boss.save(update_fields=["is_superuser", "is_staff"])
    client = signed_in(boss)
    before = _log_as_it_is()
    event = events["behalf"].pk
    base = "/django-admin/core/auditevent/"

    listing = client.get(base)
    assert listing.status_code == 200
    assert {e.pk for e in listing.context["cl"].result_list} == {e.pk for e in events.values()}
    page = client.get(f"{base}{event}/change/")
    assert page.status_code == 200 and page.context["has_change_permission"] is False
    body = page.content.decode()
    assert 'name="_save"' not in body and f"{base}{event}/delete/" not in body
    assert "Vũ Thị Lan" in body  # shown, not editable
    assert client.post(f"{base}{event}/change/", {"note": "Đã sửa"}).status_code == 403
    assert client.get(f"{base}add/").status_code == 403
    assert client.post(f"{base}{event}/delete/", {"post": "yes"}).status_code == 403
    assert client.post(base, {"action": "delete_selected", "_selected_action": [event]}).status_code == 200
    assert _log_as_it_is() == before
    assert list(audit.verify()) == []


@pytest.mark.parametrize("count", [10, 200])
def test_the_list_query_count_does_not_grow_with_events(
    province, admin_client, django_assert_max_num_queries, count
):
    for i in range(count):
        audit.record(
            actor=province.chuyen_vien,
            on_behalf_of=province.truong_phong,
            action="org.unit.updated",
            note=str(i),
        )
    admin_client.get("/quan-tri/nhat-ky/")  # warm the session and per-user caches
    with django_assert_max_num_queries(10):
        response = admin_client.get("/quan-tri/nhat-ky/?actor=minh&action=org.")
    assert len(response.context["rows"]) == min(count, 50)


def test_the_cursor_pages_through_the_log(province, admin_client, settings):
    settings.PAGE_SIZE = 5
    for i in range(12):
        audit.record(actor=province.chuyen_vien, action="org.unit.updated", note=str(i))
    seen, url = [], "/quan-tri/nhat-ky/?action=org.unit.updated"
    while url:
        response = admin_client.get(url)
        seen += [row.event.pk for row in response.context["rows"]]
        page = response.context["page"]
        url = f"/quan-tri/nhat-ky/?action=org.unit.updated&sau={page.next_cursor}" if page.has_next else None
    assert len(seen) == 12 == len(set(seen)) and seen == sorted(seen, reverse=True)
