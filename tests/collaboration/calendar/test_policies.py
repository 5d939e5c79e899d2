"""Who reads and who keeps each calendar (COL-1, TASK-6; seed 002 Đ7.1), persona by persona.

The outcomes are written here by hand from the regulation, never read from ``policies``:

- Đ7.1 "Văn phòng ... là đơn vị chịu trách nhiệm lập và gửi lịch công tác của cơ quan": the agency's
  weekly calendar of UBND tỉnh is kept and published by its office — Chánh Văn phòng Đức and the
  clerk Hoa. A published week is read by everyone who works in UBND tỉnh: its leaders (Hùng, Mai)
  and the office's people (Đức, Hoa, Tuấn, Kiên). People of Sở Nội vụ, Sở Tài chính or the
  district — other agencies — do not read it. A draft week is seen by its keepers only.
- Đ7.1 "lịch công tác của các cá nhân (đối với lãnh đạo)": the chairman's own calendar is kept by
  himself and by the office's head; the vice-chairman does not keep it; the agency reads it.
- Đ7.1 "Lãnh đạo các phòng, đơn vị hoặc người được ... uỷ quyền": the calendar of Phòng TCBC is kept
  by its head Sơn; its officer Minh does not keep it, nor does the director of Sở Nội vụ (he heads
  the department, not the division); everyone of Sở Nội vụ reads it, UBND tỉnh's people do not.
"""

from __future__ import annotations

import datetime as dt

import pytest

from congvu.collaboration.calendar import policies, services
from tests.collaboration.calendar.cast import build_calendar_cast, entry
from tests.conftest import TODAY

MONDAY = TODAY - dt.timedelta(days=TODAY.weekday())
PERSONAS = (
    "chu_tich", "pho_chu_tich", "chanh_vp", "van_thu", "theo_doi", "quan_tri",
    "giam_doc", "pho_giam_doc", "truong_phong", "chuyen_vien", "chuyen_vien_khac", "chu_tich_huyen",
)  # fmt: skip
Y, N = True, False

# persona: (reads the published agency week, reads a draft agency week, keeps the agency calendar,
#           publishes it, reads the chairman's calendar, keeps it, reads TCBC's, keeps TCBC's)
EXPECTED = {
    "chu_tich":         (Y, N, N, N, Y, Y, N, N),
    "pho_chu_tich":     (Y, N, N, N, Y, N, N, N),
    "chanh_vp":         (Y, Y, Y, Y, Y, Y, N, N),
    "van_thu":          (Y, Y, Y, Y, Y, N, N, N),
    "theo_doi":         (Y, N, N, N, Y, N, N, N),
    "quan_tri":         (Y, N, N, N, Y, N, N, N),
    "giam_doc":         (N, N, N, N, N, N, Y, N),
    "pho_giam_doc":     (N, N, N, N, N, N, Y, N),
    "truong_phong":     (N, N, N, N, N, N, Y, Y),
    "chuyen_vien":      (N, N, N, N, N, N, Y, N),
    "chuyen_vien_khac": (N, N, N, N, N, N, N, N),
    "chu_tich_huyen":   (N, N, N, N, N, N, N, N),
}  # fmt: skip


@pytest.fixture
def cast(province):
    cast = build_calendar_cast(province)
    cast.published = entry(cast, cast.agency, content="Họp UBND tỉnh thường kỳ")
    services.week_publish(calendar=cast.agency, week_start=MONDAY, actor=cast.chanh_vp)
    cast.draft = entry(
        cast, cast.agency, day=MONDAY + dt.timedelta(days=7), content="Tiếp đoàn công tác của Bộ"
    )
    cast.chairman_entry = entry(cast, cast.chairman, content="Làm việc tại huyện Đức Trọng")
    cast.tcbc_entry = entry(cast, cast.tcbc, content="Thẩm định biên chế năm 2027")
    return cast


def test_the_table_names_every_persona():
    assert set(EXPECTED) == set(PERSONAS)


@pytest.mark.parametrize("persona", PERSONAS)
def test_who_reads_and_keeps_which_calendar(cast, persona):
    user = getattr(cast, persona)
    visible = set(policies.visible_entries(user).values_list("pk", flat=True))
    actual = (
        cast.published.pk in visible,
        cast.draft.pk in visible,
        bool(policies.can_keep(user, cast.agency)),
        bool(policies.can_publish(user, cast.agency)),
        cast.chairman_entry.pk in visible,
        bool(policies.can_keep(user, cast.chairman)),
        cast.tcbc_entry.pk in visible,
        bool(policies.can_keep(user, cast.tcbc)),
    )
    assert actual == EXPECTED[persona]


@pytest.mark.parametrize("persona", PERSONAS)
def test_the_calendar_list_agrees_with_the_entries(cast, persona):
    user = getattr(cast, persona)
    calendars = set(policies.visible_calendars(user))
    expected = EXPECTED[persona]
    assert (cast.agency in calendars, cast.chairman in calendars, cast.tcbc in calendars) == (
        expected[0],
        expected[4],
        expected[6],
    )


def test_a_person_named_in_an_entry_of_another_agency_reads_that_entry(cast):
    meeting = entry(
        cast, cast.chairman, content="Làm việc với Sở Nội vụ về đề án vị trí việc làm",
        participants=[cast.giam_doc], participant_units=[cast.units.tcbc],
    )  # fmt: skip
    assert meeting in policies.visible_entries(cast.giam_doc)
    assert meeting in policies.visible_entries(cast.chuyen_vien)  # through his unit
    assert cast.chairman_entry not in policies.visible_entries(cast.giam_doc)
    assert meeting not in policies.visible_entries(cast.chuyen_vien_khac)


def test_a_participant_does_not_read_a_draft_week(cast):
    hidden = entry(cast, cast.agency, day=MONDAY + dt.timedelta(days=8), participants=[cast.giam_doc])
    assert hidden not in policies.visible_entries(cast.giam_doc)


def test_access_answers_404_for_an_unreadable_calendar_and_403_for_a_reader_who_keeps_nothing(cast):
    from congvu.core.decisions import RefusalKind, Refused

    with pytest.raises(Refused) as missing:
        policies.access_calendar(cast.giam_doc, cast.agency.pk)
    assert missing.value.kind == RefusalKind.NOT_FOUND
    with pytest.raises(Refused) as forbidden:
        policies.access_calendar(cast.theo_doi, cast.agency.pk, "keep")
    assert forbidden.value.kind == RefusalKind.NOT_ALLOWED
    with pytest.raises(Refused) as entry_missing:
        policies.access_entry(cast.theo_doi, cast.draft.pk)
    assert entry_missing.value.kind == RefusalKind.NOT_FOUND
