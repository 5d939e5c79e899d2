"""``congvu workdays``: the working-day calendar from the command line (standards §4, R-WD-3).

congvu workdays add 2025-01-24 3      → the due date of "3 ngày làm việc" from that day
congvu workdays add 10/02/2026 10 --calendar-days
congvu workdays is 2026-01-02         → working day or not, and why
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from congvu.core import calendar
from congvu.core.models import CalendarOverride

WEEKDAYS = ("Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ nhật")


def parse_date(value: str) -> dt.date:
    """ISO (2026-01-02) or Vietnamese (02/01/2026) date; CommandError in Vietnamese otherwise."""
    text = value.strip()
    for pattern in ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y"):
        try:
            return dt.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise CommandError(f"Ngày “{value}” không hợp lệ; dùng dạng 2026-01-02 hoặc 02/01/2026.")


def describe(day: dt.date) -> str:
    """'2026-01-02 (Thứ Sáu, 02/01/2026)'."""
    return f"{day.isoformat()} ({WEEKDAYS[day.weekday()]}, {day:%d/%m/%Y})"


def explain(day: dt.date) -> tuple[bool, str]:
    """Whether ``day`` counts as a working day for deadlines, and the reason in Vietnamese."""
    working = calendar.is_working_day(day)
    override = CalendarOverride.objects.filter(date=day).first()
    if override is not None:
        source = f" (căn cứ: {override.source})" if override.source else ""
        if override.kind == CalendarOverride.Kind.WORKING_DAY:
            reason = f"làm bù theo lịch của cơ quan: {override.name}{source}"
            if not working:
                reason += "; cấu hình không tính ngày làm bù vào thời hạn"
            return working, reason
        return working, f"theo lịch của cơ quan: {override.name}{source}"
    name = calendar.day_name(day)
    if name:
        return working, f"nghỉ lễ: {name}" if not working else name
    if day.weekday() >= 5:
        return working, "nghỉ hằng tuần"
    if day.month == 11 and day.day == 24 and not settings.VN_CULTURE_DAY_2411:
        return working, "ngày thường (24/11 chưa là ngày nghỉ theo cấu hình CONGVU_VN_CULTURE_DAY_2411)"
    return working, "ngày thường"


class Command(BaseCommand):
    help = "Tính hạn theo ngày làm việc và tra cứu ngày nghỉ, ngày làm bù."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True, parser_class=CommandParser)
        add = sub.add_parser("add", help="Hạn xử lý: N ngày làm việc (hoặc N ngày) kể từ một ngày.")
        add.add_argument("date", help="Ngày bắt đầu (2026-01-02 hoặc 02/01/2026), không tính vào thời hạn.")
        add.add_argument("days", help="Số ngày.")
        add.add_argument(
            "--calendar-days",
            action="store_true",
            help="Tính theo ngày lịch; nếu ngày cuối là ngày nghỉ thì chuyển sang ngày làm việc kế tiếp.",
        )
        check = sub.add_parser("is", help="Một ngày có phải ngày làm việc không, vì sao.")
        check.add_argument("date", help="Ngày cần tra (2026-01-02 hoặc 02/01/2026).")

    def handle(self, *args: Any, action: str, **options: Any) -> None:
        day = parse_date(options["date"])
        if action == "is":
            working, reason = explain(day)
            verdict = "là ngày làm việc" if working else "là ngày nghỉ"
            self.stdout.write(f"{describe(day)} {verdict} — {reason}.")
            return
        try:
            days = int(options["days"])
        except ValueError:
            raise CommandError(
                f"Số ngày “{options['days']}” không hợp lệ; nhập một số nguyên không âm."
            ) from None
        if days < 0:
            raise CommandError("Số ngày không được âm.")
        if options["calendar_days"]:
            due = calendar.add_calendar_days(day, days)
            unit = "ngày"
        else:
            due = calendar.add_working_days(day, days)
            unit = "ngày làm việc"
        self.stdout.write(f"{days} {unit} kể từ {describe(day)}: hạn là {describe(due)}.")
