"""``congvu generate_province --units 2000 --users 50000 [--seed N] [--replace]``: a large province
for load tests and benchmarks (see congvu.synthetic.province)."""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand, CommandError

from congvu.org import tree
from congvu.synthetic import province as generator


class Command(BaseCommand):
    help = "Sinh một tỉnh lớn (dữ liệu thử) để đo hiệu năng: đơn vị, tài khoản, chức vụ."

    def add_arguments(self, parser):
        parser.add_argument("--units", type=int, default=2000, help="Số đơn vị (mặc định 2000).")
        parser.add_argument("--users", type=int, default=50000, help="Số tài khoản (mặc định 50000).")
        parser.add_argument("--seed", type=int, default=1, help="Hạt giống ngẫu nhiên (mặc định 1).")
        parser.add_argument(
            "--replace",
            action="store_true",
            help="Xóa tỉnh đã sinh trước đó (đơn vị, tài khoản của nó) rồi sinh lại. Chỉ dùng cho cơ sở dữ liệu thử.",
        )
        parser.add_argument(
            "--items",
            type=int,
            default=1_000_000,
            help="Số công việc (giao việc) sinh thêm (mặc định 1.000.000; 0: không sinh).",
        )
        parser.add_argument(
            "--directives",
            type=int,
            default=None,
            help=(
                "Số văn bản chỉ đạo sinh thêm, mỗi văn bản trung bình 10 nhiệm vụ "
                "(mặc định: số công việc / 50, tức 20.000 cho 1.000.000 công việc; 0: không sinh)."
            ),
        )
        parser.add_argument(
            "--documents",
            type=int,
            default=None,
            help=(
                "Số văn bản đến/đi sinh thêm (mặc định: số công việc × 0,3, tức 300.000 cho 1.000.000 "
                "công việc; 0: không sinh)."
            ),
        )
        parser.add_argument("--quiet", action="store_true", help="Chỉ in tài khoản mẫu.")

    def handle(
        self,
        *args,
        units: int,
        users: int,
        seed: int,
        replace: bool,
        quiet: bool,
        items: int,
        directives: int | None = None,
        documents: int | None = None,
        **options,
    ):
        if units < 1:
            raise CommandError("--units phải lớn hơn 0.")
        if users < units:
            raise CommandError("--users phải ít nhất bằng --units (mỗi đơn vị có một thủ trưởng).")
        if items < 0:
            raise CommandError("--items không được âm.")
        if directives is None:
            directives = items // 50  # the same scale: 20,000 directives for 1,000,000 work items
        if directives < 0:
            raise CommandError("--directives không được âm.")
        if documents is None:
            documents = items * 3 // 10  # the same scale: 300,000 documents for 1,000,000 work items
        if documents < 0:
            raise CommandError("--documents không được âm.")
        started = time.perf_counter()
        say = (lambda _m: None) if quiet else (lambda m: self.stdout.write(m))
        if replace:
            _delete_generated_work()
        try:
            result = generator.generate(units=units, users=users, seed=seed, replace=replace, progress=say)
        except generator.AlreadyGenerated:
            raise CommandError(
                f"Đã có tỉnh sinh sẵn ({generator.ROOT_NAME}, mã {generator.ROOT_CODE}) hoặc tài khoản "
                f"{generator.BENCH_USERNAME}. Thêm --replace để xóa và sinh lại."
            ) from None
        elapsed = time.perf_counter() - started
        if not quiet:
            kinds = ", ".join(f"{kind}: {count}" for kind, count in sorted(result.by_kind.items()))
            self.stdout.write(
                f"Đã sinh {result.root.name}: {result.units} đơn vị ({kinds}), độ sâu {result.depth}, "
                f"{result.users} tài khoản, {result.memberships} chức vụ đảm nhiệm — {elapsed:.1f} giây."
            )
            self.stdout.write(
                f"Thủ trưởng phòng đông người nhất: {result.busy_head_username} — {result.busy_head_unit}"
            )
            self.stdout.write(f"Mật khẩu chung của mọi tài khoản sinh ra: {result.password}")
        self.stdout.write(
            f"bench user: {result.bench_username} {result.password}  ({result.bench_unit}, thủ trưởng)"
        )
        if items:
            # Later modules add their synthetic data to the same province (issue: 1,000,000 work items).
            from django.core.management import call_command

            call_command("generate_assignments", count=items, seed=seed, stdout=self.stdout)
        if directives:
            from django.core.management import call_command

            call_command("generate_directives", count=directives, seed=seed, stdout=self.stdout)
        if documents:
            from django.core.management import call_command

            call_command("generate_documents", count=documents, seed=seed, stdout=self.stdout)


def _delete_generated_work() -> None:
    """Work items of a previously generated province go first: they protect its units and people."""
    from congvu.assignments.models import (
        Assignment,
        Attachment,
        ChecklistItem,
        Extension,
        Link,
        Participant,
        ProgressReport,
    )
    from congvu.synthetic import directives, documents

    root = generator.generated_root()
    if root is None:
        return
    documents.delete_generated()
    directives.delete_generated()
    items = Assignment.objects.filter(tree.subtree_q([root.path], "unit_"))
    for model in (Participant, ProgressReport, Attachment, ChecklistItem, Link, Extension):
        model.objects.filter(assignment__in=items)._raw_delete(model.objects.db)
    items.update(parent=None)
    items._raw_delete(Assignment.objects.db)
