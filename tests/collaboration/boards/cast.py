"""The organisations of Sở Nội vụ in the cast (seed 002 Đ7.6–7.8), built directly (the services that
keep them are tested in test_services):

- Chi bộ Sở Nội vụ — Chi ủy: Bí thư Hoàng Văn Nam (giam_doc), Chi ủy viên Bùi Thanh Sơn
  (truong_phong); Trần Thị Thu Hà (chuyen_vien_2) was a Chi ủy viên until 30/06/2026.
- Công đoàn Sở Nội vụ — Ban Chấp hành: Chủ tịch Vũ Thị Lan (pho_giam_doc), Ủy viên Nguyễn Văn Minh
  (chuyen_vien).
- Chi đoàn Sở Nội vụ — Ban Chấp hành: Bí thư Nguyễn Văn Minh (chuyen_vien).
"""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

from congvu.collaboration.boards.models import CommitteeMember, Organisation
from tests.conftest import POSTS_SINCE

TERM_ENDED = dt.date(2026, 6, 30)


def build_organisations(province) -> SimpleNamespace:
    snv = province.units.snv
    party = Organisation.objects.create(
        agency=snv, kind=Organisation.Kind.PARTY_CELL, name="Chi bộ Sở Nội vụ"
    )
    union = Organisation.objects.create(
        agency=snv, kind=Organisation.Kind.TRADE_UNION, name="Công đoàn Sở Nội vụ"
    )
    youth = Organisation.objects.create(
        agency=snv, kind=Organisation.Kind.YOUTH_UNION, name="Chi đoàn Sở Nội vụ"
    )
    R = CommitteeMember.Role
    seats = [
        (party, province.giam_doc, R.SECRETARY, None),
        (party, province.truong_phong, R.MEMBER, None),
        (party, province.chuyen_vien_2, R.MEMBER, TERM_ENDED),
        (union, province.pho_giam_doc, R.SECRETARY, None),
        (union, province.chuyen_vien, R.MEMBER, None),
        (youth, province.chuyen_vien, R.SECRETARY, None),
    ]
    CommitteeMember.objects.bulk_create(
        [
            CommitteeMember(organisation=o, user=u, role=r, started_on=POSTS_SINCE, ended_on=e)
            for o, u, r, e in seats
        ]
    )
    return SimpleNamespace(party=party, union=union, youth=youth, snv=snv)
