"""Closing a reporting period (DIR-6): the office freezes the figures of an agency's period so that
later reports and approvals do not rewrite what was reported.

A period may be closed from its last day on (the office closes it at the end of that day or later);
its figures are those of :func:`congvu.directives.stats.selectors.statistics` as of the day it is
closed, stored as JSON with the ids AND the names of the units and leaders as they were then.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from congvu.core import audit, calendar
from congvu.core.decisions import Refused
from congvu.directives import policies
from congvu.directives.models import PeriodSnapshot
from congvu.directives.stats import selectors
from congvu.org.models import Unit

MAX_RANGE_DAYS = 5 * 366


def _already(start: dt.date, end: dt.date) -> Refused:
    return Refused.wrong_state(
        f"Kỳ báo cáo từ {start:%d/%m/%Y} đến {end:%d/%m/%Y} đã được chốt số liệu trước đó."
    )


@transaction.atomic
def period_close(*, agency: Unit, kind: str, start: dt.date, end: dt.date, actor: Any) -> PeriodSnapshot:
    """The office closes a period: its figures are frozen as of today (see the module's docstring)."""
    decision = policies.is_office_of(actor, agency).require()
    if kind not in PeriodSnapshot.Kind.values:
        raise Refused.invalid("Loại kỳ báo cáo không hợp lệ.", field="kind")
    if start is None or end is None:
        raise Refused.invalid("Vui lòng nhập cả ngày bắt đầu và ngày kết thúc.", field="start")
    calendar.check_in_horizon(start, field="start")
    calendar.check_in_horizon(end, field="end")
    if start > end:
        raise Refused.invalid("Ngày bắt đầu phải trước hoặc bằng ngày kết thúc.", field="end")
    if (end - start).days > MAX_RANGE_DAYS:
        raise Refused.invalid("Khoảng thời gian dài nhất 5 năm.", field="end")
    today = timezone.localdate()
    if end > today:
        raise Refused.wrong_state(
            f"Kỳ báo cáo chưa kết thúc (đến hết ngày {end:%d/%m/%Y}): chưa chốt số liệu được."
        )
    # One closing per period: the row lock keeps two offices from closing it at once.
    Unit.objects.select_for_update().filter(pk=agency.pk).first()
    if PeriodSnapshot.objects.filter(agency=agency, start=start, end=end).exists():
        raise _already(start, end)
    stats = selectors.statistics(agency=agency, start=start, end=end, as_of=today)
    try:
        with transaction.atomic():
            snapshot = PeriodSnapshot.objects.create(
                agency=agency,
                kind=kind,
                start=start,
                end=end,
                figures=stats.as_dict(),
                closed_by=actor,
                closed_at=timezone.now(),
            )
    except IntegrityError:
        raise _already(start, end) from None
    audit.record(
        actor=actor,
        on_behalf_of=decision.on_behalf_of,
        action="directives.period.closed",
        obj=snapshot,
        after={
            "agency": agency.pk,
            "kind": kind,
            "start": start.isoformat(),
            "end": end.isoformat(),
            "total": stats.totals.total,
        },
    )
    return snapshot
