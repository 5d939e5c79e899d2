"""The demo province's calendar (congvu load_demo): this week of UBND tỉnh published by its office, the
chairman's calendar kept by the person he authorised, Phòng TCBC's calendar; loaded once."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from congvu.collaboration.calendar.models import CalendarEntry, CalendarWeek, WorkCalendar
from congvu.synthetic import demo, demo_collaboration

pytestmark = pytest.mark.django_db


def test_the_demo_has_a_published_week_and_loads_once():
    call_command("load_demo", stdout=StringIO())
    assert set(WorkCalendar.objects.values_list("kind", flat=True)) == {"agency", "leader", "unit"}
    week = CalendarWeek.objects.get()
    assert week.status == CalendarWeek.Status.PUBLISHED
    assert CalendarEntry.objects.filter(week=week).count() == 10
    chairman = WorkCalendar.objects.get(kind=WorkCalendar.Kind.LEADER)
    assert chairman.keepers.get().email.startswith("tuandm@")
    before = CalendarEntry.objects.count()
    assert "calendar" not in demo_collaboration.load_collaboration(units=demo.load_demo().units).created
    assert CalendarEntry.objects.count() == before
