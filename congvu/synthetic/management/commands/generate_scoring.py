"""``congvu generate_scoring --units 120 --criteria 100 [--seed N]``: a published scoring period in
the province built by ``congvu generate_province``, for benchmarks (see congvu.synthetic.scoring)."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from congvu.synthetic import scoring as generator


class Command(BaseCommand):
    help = "Sinh một kỳ chấm điểm CCHC đã công bố (dữ liệu thử, không ghi nhật ký) vào tỉnh đã sinh, để đo hiệu năng."

    def add_arguments(self, parser):
        parser.add_argument("--units", type=int, default=120, help="Số đơn vị được chấm (mặc định 120).")
        parser.add_argument("--criteria", type=int, default=100, help="Số tiêu chí lá (mặc định 100).")
        parser.add_argument("--seed", type=int, default=1, help="Hạt giống ngẫu nhiên (mặc định 1).")

    def handle(self, *args, units: int, criteria: int, seed: int, **options):
        if not 1 <= units <= 5000:
            raise CommandError("--units phải từ 1 đến 5.000.")
        if not 16 <= criteria <= 1500:
            raise CommandError("--criteria phải từ 16 đến 1.500.")
        try:
            result = generator.build(units=units, criteria=criteria, seed=seed)
        except generator.NoProvince:
            raise CommandError("Chưa có tỉnh sinh sẵn: chạy `congvu generate_province` trước.") from None
        self.stdout.write(
            f"Đã sinh kỳ chấm điểm “{result.period.title}” (mã {result.period.pk}): {result.units} đơn vị "
            f"({result.created_units} đơn vị tạo mới), {result.leaves} tiêu chí lá, {result.scores} điểm — "
            f"{result.seconds:.1f} giây."
        )
        self.stdout.write(
            f"bench scoring: {result.manager_username} {result.password}  (Sở Nội vụ, quản lý chấm điểm)"
        )
