"""``congvu load_demo``: the demo province, with one-time passwords that work (see congvu.synthetic.demo),
its work, directives, scoring period and documents (congvu.synthetic.demo_*), given once; the demo
signing certificates (``congvu signing_demo``) so that its leaders sign out of the box."""

from __future__ import annotations

import io

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction

from congvu.synthetic import (
    demo,
    demo_collaboration,
    demo_directives,
    demo_documents,
    demo_scoring,
    demo_work,
)


class Command(BaseCommand):
    help = (
        "Tạo (nếu chưa có) tỉnh mẫu Bình Sơn và công việc mẫu, in tên đăng nhập, mật khẩu một lần "
        "của các nhân vật."
    )

    def add_arguments(self, parser):
        parser.add_argument("--quiet", action="store_true", help="Không in gì.")

    def handle(self, *args, quiet: bool = False, **options):
        with transaction.atomic():
            result = demo.load_demo()
            work = demo_work.load_work(units=result.units)
            directives = demo_directives.load_directives(units=result.units)
            scoring = demo_scoring.load_scoring(units=result.units)
        signing_out = io.StringIO()
        call_command("signing_demo", stdout=signing_out)
        documents = demo_documents.load_documents(units=result.units)
        collaboration = demo_collaboration.load_collaboration(units=result.units)
        if quiet:
            return
        out = self.stdout
        out.write(
            f"Tỉnh mẫu Bình Sơn: tạo mới {result.units_created} đơn vị, {result.people_created} tài khoản "
            f"({len(demo.UNITS)} đơn vị, {len(demo.PERSONAS)} nhân vật)."
        )
        if work.created:
            out.write(f"Công việc mẫu: đã giao {sum(work.states.values())} việc ({work.seconds:.1f} giây).")
        elif work.refused:
            out.write(self.style.WARNING(f"Không tạo được công việc mẫu: {work.refused}"))
        else:
            out.write("Công việc mẫu: đã có, không tạo thêm.")
        if directives.created:
            out.write(
                f"Chỉ đạo mẫu: đã cập nhật {directives.directives} văn bản chỉ đạo, "
                f"{sum(directives.states.values())} nhiệm vụ ({directives.seconds:.1f} giây)."
            )
        elif directives.refused:
            out.write(self.style.WARNING(f"Không tạo được chỉ đạo mẫu: {directives.refused}"))
        else:
            out.write("Chỉ đạo mẫu: đã có, không tạo thêm.")
        if scoring.created:
            out.write(f"Chấm điểm CCHC mẫu: đã mở kỳ chấm điểm ({scoring.seconds:.1f} giây).")
        elif scoring.refused:
            out.write(self.style.WARNING(f"Không tạo được kỳ chấm điểm mẫu: {scoring.refused}"))
        else:
            out.write("Chấm điểm CCHC mẫu: đã có, không tạo thêm.")
        if documents.created:
            out.write(
                f"Văn bản mẫu: {sum(documents.incoming.values())} văn bản đến, "
                f"{sum(documents.outgoing.values())} văn bản đi ({documents.seconds:.1f} giây)."
            )
        elif documents.refused:
            out.write(self.style.WARNING(f"Không tạo được văn bản mẫu: {documents.refused}"))
        else:
            out.write("Văn bản mẫu: đã có, không tạo thêm.")
        if collaboration.created:
            labels = {
                "calendar": "lịch công tác",
                "messages": "thư",
                "reminders": "nhắc việc",
                "boards": "bảng tin",
                "announcements": "thông báo chung",
                "consultations": "lấy ý kiến",
                "chat": "hội thoại",
                "sms": "SMS",
                "notices": "thông báo hệ thống",
                "feedback": "góp ý",
            }
            parts = ", ".join(
                f"{labels.get(name, name)} {count}" for name, count in collaboration.created.items()
            )
            out.write(f"Phối hợp, trao đổi mẫu: {parts}.")
        # the demo certificates: the summary, not one line per leader
        out.write(
            "\n".join(line for line in signing_out.getvalue().splitlines() if not line.startswith("  "))
        )
        out.write("")
        out.write(demo.format_table(result.rows))
        out.write("")
        out.write("Trang “Hôm nay” của từng nhân vật:")
        for kind, username, found in demo_work.showcase():
            out.write(f"  {kind} ({username}): {found}.")
        out.write("")
        out.write(
            f"Đăng nhập tại {settings.SITE_URL}/tai-khoan/dang-nhap/ — mật khẩu một lần phải đổi ở lần đăng nhập đầu."
        )
        out.write("Tài khoản có vai trò Quản trị phải cài đặt xác thực hai lớp (TOTP) khi đăng nhập.")
        out.write(
            "Mật khẩu một lần được cấp lại ở mỗi lần chạy cho những người chưa đổi mật khẩu; không lưu ở đâu cả."
        )
