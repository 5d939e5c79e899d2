"""The benchmark's year of calendar (``generate_calendar``) on a tiny generated province: every
agency's weekly calendar with its 52 weeks published and its leaders' calendars, about 15 entries a
week each; a second run writes nothing."""

from __future__ import annotations

import pytest

from congvu.collaboration.calendar.models import CalendarEntry, CalendarWeek, WorkCalendar
from congvu.synthetic import province
from congvu.synthetic.collaboration import CALENDAR_WEEKS, ENTRIES_PER_WEEK, generate_calendar

pytestmark = pytest.mark.django_db


def test_a_year_of_calendar_for_every_agency():
    province.generate(units=12, users=60, seed=3)
    written = generate_calendar(seed=1)
    calendars = WorkCalendar.objects.count()
    agencies = WorkCalendar.objects.filter(kind=WorkCalendar.Kind.AGENCY).count()
    assert agencies >= 1 and calendars > agencies
    assert written == CalendarEntry.objects.count() == calendars * CALENDAR_WEEKS * ENTRIES_PER_WEEK
    assert (
        CalendarWeek.objects.filter(status=CalendarWeek.Status.PUBLISHED).count() == agencies * CALENDAR_WEEKS
    )
    assert not CalendarEntry.objects.filter(
        calendar__kind=WorkCalendar.Kind.AGENCY, week__isnull=True
    ).exists()
    assert generate_calendar(seed=1) == 0
