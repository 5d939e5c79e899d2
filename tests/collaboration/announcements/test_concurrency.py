"""Opening an announcement twice at the same instant (two tabs, the app and the browser) leaves one
read receipt; removing it twice at once removes it once."""

from __future__ import annotations

import pytest
from django.db import connection

from congvu.collaboration.announcements import services
from congvu.collaboration.announcements.models import Announcement, AnnouncementRead
from congvu.core.decisions import Refused
from tests.concurrency import race


@pytest.mark.django_db(transaction=True)
def test_two_openings_at_once_leave_one_receipt_and_two_removals_remove_once(province):
    if connection.vendor == "sqlite" and connection.settings_dict["NAME"].startswith("file:memorydb"):
        pytest.skip("an in-memory SQLite test database is shared by threads without BEGIN IMMEDIATE locks")
    announcement = services.announcement_post(
        capacity_key=f"unit:{province.units.tcbc.pk}",
        title="Họp phòng",
        body="Chiều thứ Sáu.",
        whole_agency=False,
        units=[province.units.tcbc],
        actor=province.truong_phong,
    )

    def open_it():
        return services.announcement_mark_read(
            announcement=Announcement.objects.get(pk=announcement.pk), actor=province.chuyen_vien
        )

    results = race(open_it, open_it)
    assert sorted(r is True for r in results) == [False, True], results
    assert AnnouncementRead.objects.filter(announcement=announcement).count() == 1

    copies = [Announcement.objects.get(pk=announcement.pk) for _ in range(2)]  # two pages open
    removed = race(
        *(
            lambda copy=copy: services.announcement_remove(announcement=copy, actor=province.truong_phong)
            for copy in copies
        )
    )
    assert sum(r is None for r in removed) == 1, removed
    assert any(isinstance(r, Refused) and r.status == 409 for r in removed), removed
    assert not Announcement.objects.exists()
