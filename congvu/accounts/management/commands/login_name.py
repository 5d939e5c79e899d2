"""``congvu login_name "Họ và tên" [--dob YYYY-MM-DD] [--unit SHORT] [--scheme a|b]``

Prints the login name the system would give now, against the existing accounts (ORG-4, R-AC-2).
Retired accounts count: their names are never given again.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from congvu.accounts import login_names
from congvu.org.models import Unit


class Command(BaseCommand):
    help = "Đề xuất tên đăng nhập cho một họ tên theo quy ước đặt tên (ORG-4)."

    def add_arguments(self, parser):
        parser.add_argument("full_name", help="Họ và tên, ví dụ “Nguyễn Văn Minh”.")
        parser.add_argument("--dob", help="Ngày sinh YYYY-MM-DD (dùng khi trùng tên).")
        parser.add_argument("--unit", help="Tên viết tắt của đơn vị (bắt buộc với quy ước b).")
        parser.add_argument("--scheme", choices=["a", "b"], help="Quy ước đặt tên (mặc định theo cấu hình).")

    def handle(self, *args, full_name, dob=None, unit=None, scheme=None, **options):
        scheme = scheme or settings.LOGIN_NAME_SCHEME
        date_of_birth = None
        if dob:
            try:
                date_of_birth = dt.date.fromisoformat(dob)
            except ValueError:
                raise CommandError(f"Ngày sinh “{dob}” không đúng dạng YYYY-MM-DD.") from None
        short_name = ""
        if unit:
            found = Unit.objects.filter(short_name__iexact=unit.strip()).first()
            if found is None:
                raise CommandError(f"Không tìm thấy đơn vị có tên viết tắt “{unit}”.")
            short_name = found.short_name
        elif scheme == "b":
            raise CommandError("Quy ước b cần tên viết tắt của đơn vị: thêm --unit.")
        try:
            name = login_names.propose_for_database(
                full_name, date_of_birth=date_of_birth, scheme=scheme, unit_short_name=short_name
            )
        except login_names.LoginNameError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(name)
