"""``congvu generate_directives --count 20000 [--tasks 200000] [--seed N]``: synthetic directives in the
province built by ``congvu generate_province``, for benchmarks (see congvu.synthetic.directives)."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from congvu.synthetic import directives as generator


class Command(BaseCommand):
    help = (
        "Sinh văn bản chỉ đạo và nhiệm vụ (dữ liệu thử, không ghi nhật ký) vào tỉnh đã sinh, để đo hiệu năng."
    )

    def add_arguments(self, parser):
        parser.add_argument("--count", type=int, default=20_000, help="Số văn bản chỉ đạo (mặc định 20.000).")
        parser.add_argument(
            "--tasks", type=int, default=None, help="Tổng số nhiệm vụ (mặc định gấp 10 lần số văn bản)."
        )
        parser.add_argument("--seed", type=int, default=1, help="Hạt giống ngẫu nhiên (mặc định 1).")

    def handle(self, *args, count: int, tasks: int | None, seed: int, **options):
        if count < 1:
            raise CommandError("--count phải lớn hơn 0.")
        if tasks is not None and tasks < count:
            raise CommandError("--tasks phải ít nhất bằng --count (mỗi văn bản có ít nhất một nhiệm vụ).")
        try:
            result = generator.build(directives=count, tasks=tasks, seed=seed, stdout=self.stdout)
        except generator.NoProvince:
            raise CommandError("Chưa có tỉnh sinh sẵn: chạy `congvu generate_province` trước.") from None
        categories = ", ".join(f"{k}: {v}" for k, v in sorted(result.by_category.items()))
        self.stdout.write(
            f"Đã sinh {result.directives} văn bản chỉ đạo, {result.tasks} nhiệm vụ ({categories}); "
            f"{result.reports} báo cáo ({result.pending_reports} chờ duyệt), {result.events} sự kiện — "
            f"{result.seconds:.1f} giây."
        )
        self.stdout.write(
            f"bench office: {result.office_username} {result.password}  (Văn phòng, theo dõi chỉ đạo)"
        )
