"""The calendars of the suite's province (COL-1; seed 002 Đ7.1).

- ``agency``: the weekly calendar of UBND tỉnh Bình Sơn, kept by its office (Văn phòng UBND tỉnh):
  Chánh Văn phòng Phạm Văn Đức and the clerk Nguyễn Thị Hoa (clerk role on the agency).
- ``chairman``: the personal calendar of Chủ tịch Trần Quốc Hùng, kept by him and the office's head.
- ``tcbc``: the calendar of Phòng Tổ chức biên chế (Sở Nội vụ), kept by its head Bùi Thanh Sơn.

``entry(cast, calendar, **fields)`` writes one entry through the service, as a keeper of it.
"""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

from django.utils import timezone

from congvu.collaboration.calendar import services
from congvu.collaboration.calendar.models import WorkCalendar


def build_calendar_cast(province):
    p = province
    agency = services.calendar_open(kind=WorkCalendar.Kind.AGENCY, unit=p.units.tinh, actor=p.chanh_vp)
    chairman = services.calendar_open(kind=WorkCalendar.Kind.LEADER, leader=p.chu_tich, actor=p.chu_tich)
    tcbc = services.calendar_open(kind=WorkCalendar.Kind.UNIT, unit=p.units.tcbc, actor=p.truong_phong)
    keepers = {agency.pk: p.chanh_vp, chairman.pk: p.chu_tich, tcbc.pk: p.truong_phong}
    return SimpleNamespace(
        province=p, agency=agency, chairman=chairman, tcbc=tcbc, keepers=keepers, **vars(p)
    )


def entry(cast, calendar, *, day=None, actor=None, **fields):
    data = services.EntryData(
        day=day or timezone.localdate(),
        content=fields.pop("content", "Họp giao ban lãnh đạo tỉnh"),
        start_time=fields.pop("start_time", dt.time(8, 0)),
        **fields,
    )
    return services.entry_create(calendar=calendar, data=data, actor=actor or cast.keepers[calendar.pk])
