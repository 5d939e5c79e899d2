"""The calendar's screens (COL-1): the week and the month, adding and changing an entry (bad input
keeps what was typed), publishing, the printed week (PDF, DOCX, audited), the month's file, the
keepers, the home page's "Lịch hôm nay" — and how many queries each page costs."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.urls import reverse

from congvu.collaboration.calendar import services
from congvu.collaboration.calendar.models import CalendarEntry, CalendarWeek
from congvu.core.models import AuditEvent
from tests.collaboration.calendar.cast import build_calendar_cast, entry
from tests.conftest import TODAY

MONDAY = TODAY - dt.timedelta(days=TODAY.weekday())
WEEK = reverse("collaboration:calendar_week")
MONTH = reverse("collaboration:calendar_month")


@pytest.fixture
def cast(province):
    return build_calendar_cast(province)


def _week(client, calendar, day=TODAY):
    return client.get(f"{WEEK}?lich={calendar.pk}&ngay={day.isoformat()}")


def test_the_agency_week_shows_each_day_morning_and_afternoon(cast, signed_in):
    entry(cast, cast.agency, content="Chủ tịch họp giao ban", start_time=dt.time(8), host=cast.chu_tich,
          place="Phòng họp tầng 3", participants=[cast.pho_chu_tich], participants_text="Giám đốc các sở")  # fmt: skip
    entry(
        cast,
        cast.agency,
        content="Tiếp công dân định kỳ",
        start_time=dt.time(14),
        day=MONDAY + dt.timedelta(days=4),
    )
    services.week_publish(calendar=cast.agency, week_start=MONDAY, actor=cast.chanh_vp)
    body = _week(signed_in(cast.theo_doi), cast.agency).content.decode()
    assert "LỊCH CÔNG TÁC TUẦN" in body
    assert "Tuần thứ 49 (từ ngày 30/11/2026 đến ngày 06/12/2026)" in body
    assert body.count('class="cal-day-head') == 7
    assert "Chủ tịch họp giao ban" in body and "Phòng họp tầng 3" in body and "Giám đốc các sở" in body
    friday_pm = body.index('class="cal-cell pm d5')
    assert body.index("Tiếp công dân định kỳ") > friday_pm
    assert "Thêm lịch" not in body and "Công bố" not in body  # a reader


def test_each_entry_shows_its_time_text_and_edit_link_to_its_keepers_only(cast, signed_in):
    item = entry(
        cast, cast.agency, content="Họp <Ban chỉ đạo>\nchuyển đổi số", start_time=dt.time(8), end_time=dt.time(9, 30),
        host=cast.chu_tich, preparing_unit=cast.units.vp,
    )  # fmt: skip
    all_day = entry(cast, cast.agency, content="Đi cơ sở", start_time=None, day=MONDAY + dt.timedelta(days=1))
    services.week_publish(calendar=cast.agency, week_start=MONDAY, actor=cast.chanh_vp)
    edit = reverse("collaboration:calendar_entry_edit", args=[item.pk])
    keeper = _week(signed_in(cast.chanh_vp), cast.agency).content.decode()
    assert '<span class="cal-time">08h00–09h30</span>' in keeper
    assert "Họp &lt;Ban chỉ đạo&gt;<br>chuyển đổi số" in keeper  # escaped, its line break kept
    assert f'<span class="k">Chủ trì:</span> {cast.chu_tich.full_name}' in keeper
    assert f'<span class="k">Chuẩn bị:</span> {cast.units.vp.name}' in keeper
    assert f'href="{edit}"' in keeper
    assert f'href="{reverse("collaboration:calendar_entry_edit", args=[all_day.pk])}"' in keeper
    assert '<span class="cal-time">Cả ngày</span>' in keeper
    reader = _week(signed_in(cast.theo_doi), cast.agency).content.decode()
    assert "Họp &lt;Ban chỉ đạo&gt;<br>chuyển đổi số" in reader and "cal-edit" not in reader
    assert "Điều chỉnh" not in reader
    moved = services.EntryData(
        day=item.day,
        content=item.content,
        start_time=dt.time(8),
        end_time=dt.time(9, 30),
        place="Phòng họp số 2",
    )
    services.entry_update(entry=item, data=moved, actor=cast.chanh_vp)
    reader = _week(signed_in(cast.theo_doi), cast.agency).content.decode()
    assert '<span class="status status-warn">Điều chỉnh</span>' in reader  # changed after publishing


def test_a_reader_does_not_see_a_draft_week(cast, signed_in):
    entry(cast, cast.agency, content="Dự thảo: làm việc với Bộ Nội vụ")
    body = _week(signed_in(cast.theo_doi), cast.agency).content.decode()
    assert "chưa được Văn phòng công bố" in body and "làm việc với Bộ Nội vụ" not in body
    keeper = _week(signed_in(cast.chanh_vp), cast.agency).content.decode()
    assert "làm việc với Bộ Nội vụ" in keeper and "Công bố lịch tuần" in keeper


def test_navigation_by_week_and_month(cast, signed_in):
    entry(cast, cast.tcbc, content="Họp phòng đầu tháng", day=dt.date(2027, 1, 4))
    client = signed_in(cast.chuyen_vien)
    body = _week(client, cast.tcbc, dt.date(2027, 1, 6)).content.decode()
    assert "Họp phòng đầu tháng" in body and "Tuần thứ 1 (từ ngày 04/01/2027" in body
    assert f"ngay={(dt.date(2027, 1, 4) - dt.timedelta(days=7)).isoformat()}" in body
    month = client.get(f"{MONTH}?lich={cast.tcbc.pk}&ngay=2027-01-15").content.decode()
    assert "tháng 01/2027" in month and "Họp phòng đầu tháng" in month


def test_the_default_calendar_is_the_agency_s(cast, signed_in):
    body = signed_in(cast.theo_doi).get(WEEK).content.decode()
    assert f'<option value="{cast.agency.pk}" selected>' in body


def test_another_agency_s_calendar_is_not_found(cast, signed_in):
    assert _week(signed_in(cast.chuyen_vien_khac), cast.agency).status_code == 404


def test_a_keeper_adds_an_entry_and_bad_input_keeps_what_was_typed(cast, signed_in):
    client = signed_in(cast.chanh_vp)
    url = reverse("collaboration:calendar_entry_create", args=[cast.agency.pk])
    bad = client.post(url, {"day": TODAY.isoformat(), "start_time": "09:00", "end_time": "08:00",
                            "content": "Họp Ban chỉ đạo chuyển đổi số", "place": "Hội trường"})  # fmt: skip
    assert bad.status_code == 400
    page = bad.content.decode()
    assert "Giờ kết thúc phải sau giờ bắt đầu." in page and "Họp Ban chỉ đạo chuyển đổi số" in page
    assert 'value="Hội trường"' in page
    assert not CalendarEntry.objects.exists()
    good = client.post(url, {"day": TODAY.isoformat(), "start_time": "14:00", "end_time": "16:30",
                             "content": "Họp Ban chỉ đạo chuyển đổi số", "place": "Hội trường",
                             "host": str(cast.chu_tich.pk), "participants": [str(cast.pho_chu_tich.pk)],
                             "participant_units": [str(cast.units.snv.pk)]})  # fmt: skip
    assert good.status_code == 302
    saved = CalendarEntry.objects.get()
    assert saved.host == cast.chu_tich and list(saved.participant_units.all()) == [cast.units.snv]


def test_a_reader_cannot_open_the_entry_form(cast, signed_in):
    url = reverse("collaboration:calendar_entry_create", args=[cast.agency.pk])
    assert signed_in(cast.theo_doi).get(url).status_code == 403
    assert signed_in(cast.giam_doc).get(url).status_code == 404


def test_editing_and_deleting_an_entry(cast, signed_in):
    item = entry(cast, cast.chairman, content="Làm việc tại huyện Đức Trọng")
    client = signed_in(cast.chu_tich)
    edit = reverse("collaboration:calendar_entry_edit", args=[item.pk])
    assert "Làm việc tại huyện Đức Trọng" in client.get(edit).content.decode()
    client.post(edit, {"day": TODAY.isoformat(), "start_time": "07:30", "content": "Kiểm tra công trình"})
    item.refresh_from_db()
    assert item.content == "Kiểm tra công trình" and item.start_time == dt.time(7, 30)
    assert (
        signed_in(cast.pho_chu_tich)
        .post(reverse("collaboration:calendar_entry_delete", args=[item.pk]))
        .status_code
        == 403
    )
    client = signed_in(cast.chu_tich)
    client.post(reverse("collaboration:calendar_entry_delete", args=[item.pk]))
    assert not CalendarEntry.objects.exists()


def test_the_office_publishes_the_week_from_the_page(cast, signed_in):
    entry(cast, cast.agency)
    client = signed_in(cast.van_thu)
    response = client.post(
        reverse("collaboration:calendar_publish", args=[cast.agency.pk]), {"tuan": MONDAY.isoformat()}
    )
    assert response.status_code == 302
    assert CalendarWeek.objects.get().status == CalendarWeek.Status.PUBLISHED
    refused = signed_in(cast.theo_doi).post(
        reverse("collaboration:calendar_publish", args=[cast.agency.pk]), {"tuan": MONDAY.isoformat()}
    )
    assert refused.status_code == 403


def test_the_printed_week_as_pdf_and_docx_is_audited(cast, signed_in):
    entry(cast, cast.agency, content="Chủ tịch tiếp công dân", host=cast.chu_tich, place="Trụ sở tiếp dân")
    entry(cast, cast.agency, content="Họp chiều", start_time=dt.time(14))
    services.week_publish(calendar=cast.agency, week_start=MONDAY, actor=cast.chanh_vp)
    client = signed_in(cast.theo_doi)
    pdf = client.get(reverse("collaboration:calendar_week_pdf", args=[cast.agency.pk]) + f"?ngay={TODAY}")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF-")
    from pypdf import PdfReader

    text = PdfReader(io.BytesIO(pdf.content)).pages[0].extract_text()
    assert "LỊCH CÔNG TÁC TUẦN" in text and "Tuần thứ 49" in text and "Chủ tịch tiếp công dân" in text
    docx = client.get(reverse("collaboration:calendar_week_docx", args=[cast.agency.pk]) + f"?ngay={TODAY}")
    assert docx.status_code == 200
    from docx import Document

    document = Document(io.BytesIO(docx.content))
    paragraphs = [p.text for p in document.paragraphs]
    assert "UBND TỈNH BÌNH SƠN" in paragraphs and "LỊCH CÔNG TÁC TUẦN" in paragraphs
    assert "Tuần thứ 49 (từ ngày 30/11/2026 đến ngày 06/12/2026)" in paragraphs
    table = document.tables[0]
    assert [c.text for c in table.rows[0].cells] == [
        "Thứ/Ngày",
        "Buổi",
        "Nội dung",
        "Chủ trì",
        "Thành phần",
        "Địa điểm",
    ]
    cells = [c.text for row in table.rows for c in row.cells]
    assert "08h00: Chủ tịch tiếp công dân" in cells and "Trần Quốc Hùng" in cells and "Chiều" in cells
    assert AuditEvent.objects.filter(action="collaboration.workcalendar.exported").count() == 2


def test_the_month_file_is_attached_and_downloaded(cast, signed_in):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = signed_in(cast.truong_phong)
    url = reverse("collaboration:calendar_file_attach", args=[cast.tcbc.pk])
    upload = SimpleUploadedFile("lich-thang-12.txt", "Lịch công tác tháng 12 của phòng".encode())
    response = client.post(url, {"month": "2026-12", "upload": upload, "note": "Bản chính thức"})
    assert response.status_code == 302
    month = signed_in(cast.chuyen_vien).get(f"{MONTH}?lich={cast.tcbc.pk}&ngay=2026-12-01").content.decode()
    assert "lich-thang-12.txt" in month
    attached = cast.tcbc.files.get()
    download = signed_in(cast.chuyen_vien).get(
        reverse("collaboration:calendar_file_download", args=[attached.pk])
    )
    assert download.status_code == 200
    assert (
        signed_in(cast.chu_tich)
        .get(reverse("collaboration:calendar_file_download", args=[attached.pk]))
        .status_code
        == 404
    )
    bad = signed_in(cast.truong_phong).post(
        url, {"month": "2026-12", "upload": SimpleUploadedFile("a.exe", b"MZ\x90")}
    )
    assert bad.status_code == 400 and cast.tcbc.files.count() == 1


def test_the_leader_names_a_keeper_on_the_keepers_page(cast, signed_in):
    client = signed_in(cast.chu_tich)
    url = reverse("collaboration:calendar_keepers", args=[cast.chairman.pk])
    assert client.post(url, {"keepers": [str(cast.theo_doi.pk)]}).status_code == 302
    assert list(cast.chairman.keepers.all()) == [cast.theo_doi]
    assert signed_in(cast.theo_doi).get(url).status_code == 403


def test_home_shows_today_s_entries(cast, signed_in):
    entry(cast, cast.agency, content="Họp UBND tỉnh thường kỳ", start_time=dt.time(8))
    entry(cast, cast.agency, content="Ngày mai: tiếp khách", day=TODAY + dt.timedelta(days=1))
    services.week_publish(calendar=cast.agency, week_start=MONDAY, actor=cast.chanh_vp)
    entry(cast, cast.tcbc, content="Họp phòng TCBC", start_time=dt.time(15))
    entry(cast, cast.chairman, content="Làm việc với Sở Nội vụ", participants=[cast.giam_doc])
    body = signed_in(cast.theo_doi).get("/").content.decode()
    assert "Lịch hôm nay" in body and "Họp UBND tỉnh thường kỳ" in body and "Ngày mai" not in body
    assert "Họp phòng TCBC" not in body
    minh = signed_in(cast.chuyen_vien).get("/").content.decode()
    assert "Họp phòng TCBC" in minh and "Họp UBND tỉnh" not in minh
    assert "Làm việc với Sở Nội vụ" in signed_in(cast.giam_doc).get("/").content.decode()
    assert "Lịch hôm nay" not in signed_in(cast.chuyen_vien_khac).get("/").content.decode()


def test_the_home_section_costs_two_queries(cast, django_assert_max_num_queries):
    from congvu.collaboration.calendar import selectors
    from congvu.org import policies as org

    entry(cast, cast.tcbc, content="Họp phòng TCBC")
    org.facts(cast.chuyen_vien)  # read once per request by every section
    with django_assert_max_num_queries(2):
        assert selectors.home_section(cast.chuyen_vien)


def test_the_week_page_query_count_does_not_grow_with_entries(cast, signed_in, django_assert_max_num_queries):
    client = signed_in(cast.theo_doi)
    for i in range(3):
        entry(
            cast,
            cast.agency,
            content=f"Việc {i}",
            participants=[cast.chu_tich],
            participant_units=[cast.units.vp],
        )
    services.week_publish(calendar=cast.agency, week_start=MONDAY, actor=cast.chanh_vp)
    _week(client, cast.agency)
    services.calendar_changed()  # the page drawn afresh, not the one kept from the look before
    with django_assert_max_num_queries(22) as few:
        _week(client, cast.agency)
    for i in range(20):
        entry(cast, cast.agency, content=f"Việc thêm {i}", start_time=dt.time(8 + i % 9),
              participants=[cast.chu_tich, cast.pho_chu_tich], participant_units=[cast.units.vp], host=cast.chu_tich,
              preparing_unit=cast.units.hctc, day=MONDAY + dt.timedelta(days=i % 7))  # fmt: skip
    with django_assert_max_num_queries(len(few.captured_queries)):
        _week(client, cast.agency)


def test_the_month_page_query_count_does_not_grow_with_entries(
    cast, signed_in, django_assert_max_num_queries
):
    client = signed_in(cast.chuyen_vien)
    entry(cast, cast.tcbc)
    url = f"{MONTH}?lich={cast.tcbc.pk}"
    client.get(url)
    with django_assert_max_num_queries(22) as few:
        client.get(url)
    for i in range(15):
        entry(
            cast,
            cast.tcbc,
            content=f"Việc {i}",
            day=TODAY.replace(day=1 + i),
            participants=[cast.chuyen_vien],
        )
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(url)


def test_a_leader_opens_his_own_calendar_from_the_page(cast, signed_in):
    from congvu.collaboration.calendar.models import WorkCalendar

    client = signed_in(cast.giam_doc)
    page = client.get(WEEK).content.decode()
    assert "Lập lịch công tác cá nhân của tôi" in page
    response = client.post(reverse("collaboration:calendar_open"), {"kind": "leader"})
    opened = WorkCalendar.objects.get(kind=WorkCalendar.Kind.LEADER, leader=cast.giam_doc)
    assert response.status_code == 302 and f"lich={opened.pk}" in response["Location"]
    assert opened.agency == cast.units.snv and opened.name == "Giám đốc Hoàng Văn Nam"
    assert "Lập lịch công tác cá nhân của tôi" not in client.get(WEEK).content.decode()
    refused = signed_in(cast.chuyen_vien).post(reverse("collaboration:calendar_open"), {"kind": "leader"})
    assert refused.status_code == 302 and not WorkCalendar.objects.filter(leader=cast.chuyen_vien).exists()


def test_the_audit_log_links_a_calendar_to_its_week(cast):
    from congvu.core import registry

    links = registry.audit_object_links([("collaboration.workcalendar", str(cast.agency.pk))])
    assert links[("collaboration.workcalendar", str(cast.agency.pk))] == f"{WEEK}?lich={cast.agency.pk}"
