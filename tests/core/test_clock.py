"""The suite's clock (STYLE: Tests): every test stands on one frozen day, whatever the wall clock says."""

import datetime as dt
import threading

from django.utils import timezone

from tests.conftest import FROZEN_NOW, TODAY, VN, travel_to


def test_every_test_stands_on_the_frozen_day_and_time_goes_on():
    assert timezone.localdate() == TODAY == dt.date(2026, 12, 2)
    assert TODAY.weekday() == 2  # a Wednesday, a working day
    first = timezone.now()
    assert FROZEN_NOW <= first < FROZEN_NOW + dt.timedelta(minutes=5)
    assert timezone.now() > first


def test_another_thread_reads_the_same_clock():
    """The live server of the browser tests answers from a thread of the same process."""
    seen = []
    thread = threading.Thread(target=lambda: seen.append(timezone.localdate()))
    thread.start()
    thread.join()
    assert seen == [TODAY]


def test_travel_to_a_date_stands_at_nine_in_vietnam_then_comes_back():
    with travel_to(dt.date(2026, 3, 11), tick=False):
        assert timezone.now() == dt.datetime(2026, 3, 11, 9, 0, tzinfo=VN)
    assert timezone.localdate() == TODAY


def test_the_clock_fixture_moves_for_the_rest_of_the_test(clock):
    clock.move_to(dt.datetime(2027, 1, 4, 8, 0, tzinfo=VN))
    assert timezone.localdate() == dt.date(2027, 1, 4)
    clock.shift(dt.timedelta(days=1))
    assert timezone.localdate() == dt.date(2027, 1, 5)
