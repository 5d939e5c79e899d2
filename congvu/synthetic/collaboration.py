"""The generated province's collaboration, for benchmarks: work calendars (the agency's weekly
calendar) and chat conversations. Bulk inserts on top of ``generate_province``."""

from __future__ import annotations


def generate_calendar(*, seed: int = 1) -> int:
    """Generated calendar rows for the benchmark; the number written."""
    return 0


# end of generate_calendar


def generate_chat(*, seed: int = 1) -> int:
    """Generated chat rows for the benchmark; the number written."""
    return 0


# end of generate_chat
