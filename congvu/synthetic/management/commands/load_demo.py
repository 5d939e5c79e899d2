"""``congvu load_demo``: the demo province, with one-time passwords that work (see congvu.synthetic.demo)."""

from __future__ import annotations

from django.conf import settings
from django.core.management.base import BaseCommand

from congvu.synthetic import demo


class Command(BaseCommand):
    help = "Tạo (nếu chưa có) tỉnh mẫu Bình Sơn và in tên đăng nhập, mật khẩu một lần của các nhân vật."

    def add_arguments(self, parser):
        parser.add_argument("--quiet", action="store_true", help="Không in gì.")

    def handle(self, *args, quiet: bool = False, **options):
        result = demo.load_demo()
        if quiet:
            return
        out = self.stdout
        out.write(
            f"Tỉnh mẫu Bình Sơn: tạo mới {result.units_created} đơn vị, {result.people_created} tài khoản "
            f"({len(demo.UNITS)} đơn vị, {len(demo.PERSONAS)} nhân vật)."
        )
        out.write("")
        out.write(demo.format_table(result.rows))
        out.write("")
        out.write(
            f"Đăng nhập tại {settings.SITE_URL}/tai-khoan/dang-nhap/ — mật khẩu một lần phải đổi ở lần đăng nhập đầu."
        )
        out.write("Tài khoản có vai trò Quản trị phải cài đặt xác thực hai lớp (TOTP) khi đăng nhập.")
        out.write(
            "Mật khẩu một lần được cấp lại ở mỗi lần chạy cho những người chưa đổi mật khẩu; không lưu ở đâu cả."
        )
