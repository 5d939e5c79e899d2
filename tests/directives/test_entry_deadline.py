"""The entry deadline (seed 001 Đ8.1): "không quá 03 ngày làm việc" after the issue date, the same day
when urgent, and never after the earliest task's deadline; a directive given after it is a late entry.

The expected dates are counted by hand from the 2027 calendar (standards §4.2, estimated: Tết Đinh
Mùi, LNY Sat 06/02/2027; days off Thu 04/02 – Wed 10/02): from Wed 03/02 the 1st working day is
Thu 11/02, the 2nd Fri 12/02, the 3rd Mon 15/02.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from congvu.directives.entry import selectors
from congvu.directives.models import Directive
from tests.conftest import travel_to
from tests.directives.cast import enter, task_input

WED_BEFORE_TET = dt.date(2027, 2, 3)
TUE_BEFORE_TET = dt.date(2027, 2, 2)


def _tasks(province, **kwargs):
    return [task_input(province, province.units.snv, **kwargs)]


def test_three_working_days_skip_the_tet_holidays(province, signed_in):
    with travel_to(WED_BEFORE_TET):
        client = signed_in(province.theo_doi)
        u = province.units
        response = client.post(
            "/chi-dao/them-moi/",
            {
                "agency": u.tinh.pk, "number": "15/UBND-VP", "kind": "cong_van", "subject": "Về việc trực Tết",
                "issued_on": "2027-02-03", "signer": province.chu_tich.pk, "urgency": "normal", "publish": "1",
                "tasks-TOTAL_FORMS": "1", "tasks-INITIAL_FORMS": "0",
                "tasks-0-content": "Bố trí trực Tết", "tasks-0-lead_unit": u.snv.pk,
                "tasks-0-monitor": province.theo_doi.pk, "tasks-0-deadline_working_days": "20",
            },
        )  # fmt: skip
        assert response.status_code == 302
        directive = Directive.objects.get(number="15/UBND-VP")
        assert directive.entry_due == dt.date(2027, 2, 15)  # Mon: Thu 11, Fri 12, Mon 15
        assert "15/02/2027" in client.get(response["Location"]).content.decode()


def test_issued_on_the_tuesday_before_tet_is_due_the_friday_after(province):
    with travel_to(TUE_BEFORE_TET):
        directive = enter(province, issued_on=TUE_BEFORE_TET, tasks=_tasks(province, working_days=20))
    assert directive.entry_due == dt.date(2027, 2, 12)  # Wed 03, Thu 11, Fri 12


def test_an_urgent_directive_is_due_the_same_day_even_before_tet(province):
    with travel_to(WED_BEFORE_TET):
        for number, urgency in (
            ("16/UBND-VP", "urgent"),
            ("17/UBND-VP", "very_urgent"),
            ("18/UBND-VP", "flash"),
        ):
            directive = enter(
                province, number=number, urgency=urgency, tasks=_tasks(province, working_days=20)
            )
            assert directive.entry_due == WED_BEFORE_TET


def test_the_earliest_task_deadline_caps_the_entry_deadline(province):
    with travel_to(WED_BEFORE_TET):
        tasks = [
            task_input(province, province.units.snv, deadline=dt.date(2027, 2, 11)),
            task_input(province, province.units.stc, deadline=dt.date(2027, 3, 1)),
        ]
        directive = enter(province, issued_on=WED_BEFORE_TET, tasks=tasks)
    assert directive.entry_due == dt.date(2027, 2, 11)  # before Mon 15/02


def test_a_draft_given_after_its_deadline_is_a_late_entry(province, signed_in):
    with travel_to(TUE_BEFORE_TET):
        draft = enter(
            province, issued_on=TUE_BEFORE_TET, tasks=_tasks(province, working_days=20), publish=False
        )
        on_time = enter(
            province, number="20/UBND-VP", issued_on=TUE_BEFORE_TET, tasks=_tasks(province, working_days=20)
        )
    assert draft.entry_due == dt.date(2027, 2, 12)
    with travel_to(dt.date(2027, 2, 12)):
        assert selectors.late_entry_count(province.theo_doi) == 0
    with travel_to(dt.date(2027, 2, 15)):
        assert selectors.late_entry_count(province.theo_doi) == 1
        assert selectors.late_entry_count(province.giam_doc) == 0
        assert list(selectors.late_entries(province.theo_doi)) == [draft]
        client = signed_in(province.theo_doi)
        late_page = client.get("/chi-dao/tre-han/").content.decode()
        assert draft.number in late_page and on_time.number not in late_page
        assert client.post(f"/chi-dao/{draft.pk}/giao/").status_code == 302
        draft.refresh_from_db()
        assert draft.published_on == timezone.localdate() == dt.date(2027, 2, 15)
        assert draft.entered_late
        assert selectors.late_entry_count(province.theo_doi) == 0
        assert list(selectors.late_entries(province.theo_doi)) == [draft]
        body = client.get("/chi-dao/", {"tre_han": "on"}).content.decode()
        assert draft.number in body and on_time.number not in body
        assert "Cập nhật trễ hạn" in client.get(f"/chi-dao/{draft.pk}/").content.decode()
        assert client.get("/chi-dao/tre-han/").status_code == 200
    assert signed_in(province.giam_doc).get("/chi-dao/tre-han/").status_code == 403


def test_the_home_page_tells_the_office_of_drafts_past_their_deadline(province, signed_in):
    with travel_to(TUE_BEFORE_TET):
        enter(province, issued_on=TUE_BEFORE_TET, tasks=_tasks(province, working_days=20), publish=False)
        assert (
            "Văn bản chỉ đạo quá hạn cập nhật" not in signed_in(province.theo_doi).get("/").content.decode()
        )
    with travel_to(dt.date(2027, 2, 15)):
        body = signed_in(province.theo_doi).get("/").content.decode()
        assert "Văn bản chỉ đạo quá hạn cập nhật" in body and "/chi-dao/tre-han/" in body
        assert (
            "Văn bản chỉ đạo quá hạn cập nhật" not in signed_in(province.giam_doc).get("/").content.decode()
        )
