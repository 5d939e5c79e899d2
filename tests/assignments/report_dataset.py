"""A small, hand-countable set of work items for the report tests (TASK-5).

Sở Nội vụ, period = the year ``year``; the figures below are counted by hand in the tests.

    #   lead                 unit  deadline  status       completed  rating  returned
    1   Minh (TCBC)          TCBC  10/02     done         08/02      5       0        on time
    2   Minh                 TCBC  15/03     done         15/03      4       1        on time (on the day)
    3   Minh                 TCBC  20/04     done         25/04      3       0        late
    4   Minh                 TCBC  05/05     in_progress                             overdue
    5   Minh                 TCBC  30/09     in_progress                             open (before 01/07)
    6   Minh                 TCBC  30/06     returned                         2      overdue on 01/07
    7   Minh                 TCBC  01/03     cancelled                               never counted
    8   Hà (TCBC)            TCBC  31/01     done         03/02      2       1        late
    9   Hà                   TCBC  15/08     submitted                               open
    10  Hà                   TCBC  01/07     assigned                                open on 01/07 (deadline = today)
    11  Hà                   TCBC  31/12 of the year before, done on time            outside the period
    12  Hà                   TCBC  20/11     done         15/06      5       0        on time (early)
    13  unit CCVC            CCVC  01/06     done         10/06      4       0        late
    14  unit CCVC            CCVC  28/02     assigned                                overdue
    15  unit CCVC            CCVC  31/12     done         20/06      3       1        on time
    16  Đức (NS, Sở Tài chính) NS  05/05     done         05/05      1       0        another department
"""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

from congvu.assignments.models import Assignment

S = Assignment.Status


def _make(
    *,
    title,
    assigner,
    unit,
    deadline,
    status,
    lead_user=None,
    lead_unit=None,
    completed_on=None,
    rating=None,
    returned=0,
):
    return Assignment.objects.create(
        title=title,
        assigner=assigner,
        approver=assigner,
        lead_user=lead_user,
        lead_unit=lead_unit,
        unit=unit,
        unit_path=unit.path,
        start_date=deadline - dt.timedelta(days=60),
        deadline=deadline,
        status=status,
        progress=100 if status == S.DONE else 40,
        completed_on=completed_on,
        rating=rating,
        returned_count=returned,
    )


def build(province, year: int = 2025) -> SimpleNamespace:
    p, u = province, province.units

    def d(month: int, day: int, y: int | None = None) -> dt.date:
        return dt.date(y or year, month, day)

    minh = dict(assigner=p.truong_phong, lead_user=p.chuyen_vien, unit=u.tcbc)
    ha = dict(assigner=p.truong_phong, lead_user=p.chuyen_vien_2, unit=u.tcbc)
    ccvc = dict(assigner=p.giam_doc, lead_unit=u.ccvc, unit=u.ccvc)
    items = [
        _make(
            title="Việc 1 – Minh đúng hạn",
            **minh,
            deadline=d(2, 10),
            status=S.DONE,
            completed_on=d(2, 8),
            rating=5,
        ),
        _make(
            title="Việc 2 – Minh đúng ngày hạn",
            **minh,
            deadline=d(3, 15),
            status=S.DONE,
            completed_on=d(3, 15),
            rating=4,
            returned=1,
        ),
        _make(
            title="Việc 3 – Minh trễ hạn",
            **minh,
            deadline=d(4, 20),
            status=S.DONE,
            completed_on=d(4, 25),
            rating=3,
        ),
        _make(title="Việc 4 – Minh quá hạn", **minh, deadline=d(5, 5), status=S.IN_PROGRESS),
        _make(title="Việc 5 – Minh còn hạn", **minh, deadline=d(9, 30), status=S.IN_PROGRESS),
        _make(title="Việc 6 – Minh bị trả lại", **minh, deadline=d(6, 30), status=S.RETURNED, returned=2),
        _make(title="Việc 7 – Minh đã hủy", **minh, deadline=d(3, 1), status=S.CANCELLED),
        _make(
            title="Việc 8 – Hà trễ hạn",
            **ha,
            deadline=d(1, 31),
            status=S.DONE,
            completed_on=d(2, 3),
            rating=2,
            returned=1,
        ),
        _make(title="Việc 9 – Hà chờ duyệt", **ha, deadline=d(8, 15), status=S.SUBMITTED),
        _make(title="Việc 10 – Hà mới giao", **ha, deadline=d(7, 1), status=S.ASSIGNED),
        _make(
            title="Việc 11 – Hà năm trước",
            **ha,
            deadline=d(12, 31, year - 1),
            status=S.DONE,
            completed_on=d(12, 30, year - 1),
            rating=5,
        ),
        _make(
            title="Việc 12 – Hà xong sớm",
            **ha,
            deadline=d(11, 20),
            status=S.DONE,
            completed_on=d(6, 15),
            rating=5,
        ),
        _make(
            title="Việc 13 – CCVC trễ hạn",
            **ccvc,
            deadline=d(6, 1),
            status=S.DONE,
            completed_on=d(6, 10),
            rating=4,
        ),
        _make(title="Việc 14 – CCVC quá hạn", **ccvc, deadline=d(2, 28), status=S.ASSIGNED),
        _make(
            title="Việc 15 – CCVC đúng hạn",
            **ccvc,
            deadline=d(12, 31),
            status=S.DONE,
            completed_on=d(6, 20),
            rating=3,
            returned=1,
        ),
        _make(
            title="Việc 16 – Sở Tài chính",
            assigner=p.chuyen_vien_khac,
            lead_user=p.chuyen_vien_khac,
            unit=u.ns,
            deadline=d(5, 5),
            status=S.DONE,
            completed_on=d(5, 5),
            rating=1,
        ),
    ]
    return SimpleNamespace(items=items, year=year, mid_year=d(7, 1))
