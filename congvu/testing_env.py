"""Test-run environment, loaded by pytest as a plugin (`-p congvu.testing_env`) before Django
reads its settings.

``CONGVU_TEST_CLOCK_SHIFT_DAYS=400`` moves the process's clock that many days ahead from here on, so
that what runs outside a test's own frozen "today" (imports, collection, parametrize values,
session fixtures) sees the future: a test that silently depends on the wall clock fails now rather
than the day it expires. Each test still stands on the suite's fixed day (``tests/conftest.py``).
"""

import datetime as dt
import os
import tempfile

os.environ.setdefault("CONGVU_TESTING", "1")
os.environ.setdefault("CONGVU_EMAIL", "memory")
os.environ.setdefault("CONGVU_DATA_DIR", os.path.join(tempfile.gettempdir(), f"congvu-test-{os.getpid()}"))

SHIFT_DAYS_VARIABLE = "CONGVU_TEST_CLOCK_SHIFT_DAYS"
try:
    _shift_days = int(os.environ.get(SHIFT_DAYS_VARIABLE) or 0)
except ValueError:
    raise ValueError(f"{SHIFT_DAYS_VARIABLE}: expected a whole number of days.") from None
if _shift_days:
    import time_machine  # a test dependency, needed only for this run

    time_machine.travel(dt.datetime.now(dt.UTC) + dt.timedelta(days=_shift_days), tick=True).start()


def pytest_report_header(config):
    if _shift_days:
        return f"clock: shifted {_shift_days} days ahead ({SHIFT_DAYS_VARIABLE}); now {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC"
    return None
