"""``congvu generate_assignments --count 1000000 [--seed N]``: synthetic work items in the province
built by ``congvu generate_province``, for benchmarks (see congvu.synthetic.assignments)."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from congvu.synthetic import assignments as generator


class Command(BaseCommand):
    help = "Sinh công việc (dữ liệu thử, không ghi nhật ký) vào tỉnh đã sinh bằng generate_province, để đo hiệu năng."

    def add_arguments(self, parser):
        parser.add_argument("--count", type=int, default=1_000_000, help="Số công việc (mặc định 1.000.000).")
        parser.add_argument("--seed", type=int, default=1, help="Hạt giống ngẫu nhiên (mặc định 1).")

    def handle(self, *args, count: int, seed: int, **options):
        if count < 1:
            raise CommandError("--count phải lớn hơn 0.")
        try:
            result = generator.build(count=count, seed=seed, stdout=self.stdout)
        except generator.NoProvince:
            raise CommandError("Chưa có tỉnh sinh sẵn: chạy `congvu generate_province` trước.") from None
        statuses = ", ".join(f"{k}: {v}" for k, v in sorted(result.by_status.items()))
        self.stdout.write(
            f"Đã sinh {result.items} công việc ({statuses}); {result.person_led} do cá nhân chủ trì, "
            f"{result.items - result.person_led} do đơn vị chủ trì; {result.participants} người phối hợp/theo dõi — "
            f"{result.seconds:.1f} giây ({result.method})."
        )
        self.stdout.write(
            f"Hoàn thành đúng hạn {result.on_time}, trễ hạn {result.late}; quá hạn {result.overdue}; "
            f"bị trả lại ít nhất một lần {result.returned}."
        )
        self.stdout.write(
            f"bench busiest officer: {result.busiest_username} {result.password}  ({result.busiest_count} việc chủ trì)"
        )
        self.stdout.write(
            f"bench department head: {result.head_username} {result.password}  "
            f"({result.head_unit}, {result.head_subtree_items} việc trong đơn vị)"
        )
