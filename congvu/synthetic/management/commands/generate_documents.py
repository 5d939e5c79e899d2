"""``congvu generate_documents --count 300000 [--seed N]``: synthetic incoming and outgoing documents
in the province built by ``congvu generate_province``, for benchmarks (see congvu.synthetic.documents)."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from congvu.synthetic import documents as generator


class Command(BaseCommand):
    help = "Sinh văn bản đến, văn bản đi (dữ liệu thử, không ghi nhật ký) vào tỉnh đã sinh, để đo hiệu năng."

    def add_arguments(self, parser):
        parser.add_argument("--count", type=int, default=300_000, help="Số văn bản (mặc định 300.000).")
        parser.add_argument("--seed", type=int, default=1, help="Hạt giống ngẫu nhiên (mặc định 1).")
        parser.add_argument(
            "--replace",
            action="store_true",
            help="Xóa văn bản đã sinh trước đó rồi sinh lại (chỉ cơ sở dữ liệu thử).",
        )

    def handle(self, *args, count: int, seed: int, replace: bool = False, **options):
        if count < 1:
            raise CommandError("--count phải lớn hơn 0.")
        if count > 5_000_000:
            raise CommandError("--count tối đa 5.000.000.")
        if replace:
            generator.delete_generated()
        try:
            result = generator.build(count=count, seed=seed, stdout=self.stdout)
        except generator.NoProvince:
            raise CommandError("Chưa có tỉnh sinh sẵn: chạy `congvu generate_province` trước.") from None
        statuses = ", ".join(f"{k}: {v}" for k, v in sorted(result.by_status.items()))
        self.stdout.write(
            f"Đã sinh {result.incoming} văn bản đến, {result.outgoing} văn bản đi của {result.agencies} cơ quan "
            f"({statuses}); {result.routes} lượt chuyển, {result.readers} người/đơn vị được đọc — "
            f"{result.seconds:.1f} giây."
        )
        self.stdout.write(f"bench clerk: {result.clerk_username} {result.password}  ({result.clerk_agency})")
        self.stdout.write(
            f"bench officer: {result.officer_username} {result.password}  ({result.officer_pending} văn bản chờ xử lý)"
        )
