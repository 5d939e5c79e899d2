"""Benchmark of the yearly register export (DOC-9, R-REG-1; goal: 20,000 rows as XLSX ≤ 5 s).

    python bench/documents_register_export.py [--database-url postgres://postgres@127.0.0.1:5432/congvu_bench_registers]
        [--rows 20000] [--runs 3] [--reuse]

1. (Re)creates the database (a temporary SQLite file when no URL is given; unless --reuse), migrates
   it, and writes one agency with an incoming and an outgoing register holding ``--rows`` documents
   each for this year (bulk inserts, realistic Vietnamese subjects, a third routed to a unit, every
   outgoing document with two recipients).
2. Times ``exports.register_xlsx`` for each register of the whole year, and for the incoming one's
   follow-up register (``--runs`` times: best and median), reads the file back to count its rows, and times the PDF of 18 days (about 1,000 rows,
   the most one PDF holds).
3. Prints a table against the goal. Always exits 0 once it has measured.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

GOAL_SECONDS = 5.0
SUBJECTS = (
    "Về việc báo cáo kết quả tuyển dụng công chức năm {y}",
    "Về việc triển khai kế hoạch cải cách hành chính giai đoạn {y}–{z}",
    "Về việc thẩm định đề án vị trí việc làm của các cơ quan, đơn vị",
    "Về việc tăng cường kỷ luật, kỷ cương hành chính trong cơ quan nhà nước",
    "Về việc góp ý dự thảo quyết định phân cấp quản lý công chức, viên chức",
    "Về việc đôn đốc thực hiện chế độ báo cáo thống kê ngành Nội vụ",
)


def _setup(args: argparse.Namespace) -> None:
    if args.database_url:
        os.environ["DATABASE_URL"] = args.database_url
    else:
        path = Path(tempfile.gettempdir()) / "congvu_bench_registers.sqlite3"
        if not args.reuse and path.exists():
            path.unlink()
        os.environ["DATABASE_URL"] = f"sqlite:///{path}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "congvu.settings")
    if args.database_url and not args.reuse:
        import psycopg

        base, _slash, name = args.database_url.rpartition("/")
        with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
            conn.execute(f'CREATE DATABASE "{name}"')
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", "--noinput", verbosity=0)


def _generate(rows: int) -> tuple[object, object]:
    from django.utils import timezone

    from congvu.accounts.models import User
    from congvu.catalogues.models import DocumentType
    from congvu.documents import services
    from congvu.documents.models import (
        Direction,
        IncomingDocument,
        OutgoingDocument,
        OutgoingRecipient,
        Register,
    )
    from congvu.org.models import Unit

    agency = Unit.objects.filter(name="UBND tỉnh Thử nghiệm").first()
    if agency is not None:
        return (
            Register.objects.get(agency=agency, direction=Direction.INCOMING, is_default=True),
            Register.objects.get(agency=agency, direction=Direction.OUTGOING, is_default=True),
        )
    agency = Unit.objects.create(
        name="UBND tỉnh Thử nghiệm", short_name="UBND", kind=Unit.Kind.AGENCY, depth=0
    )
    agency.path = agency.path_for_self()
    Unit.objects.filter(pk=agency.pk).update(path=agency.path)
    unit = Unit.objects.create(
        name="Sở Nội vụ", short_name="SNV", parent=agency, kind=Unit.Kind.DEPARTMENT, depth=1
    )
    unit.path = unit.path_for_self()
    Unit.objects.filter(pk=unit.pk).update(path=unit.path)
    clerk = User.objects.create_user("bench-clerk", "x", full_name="Nguyễn Thị Văn Thư")
    types = list(DocumentType.objects.filter(is_active=True)[:6])
    reg_in = services.default_register(agency=agency, direction=Direction.INCOMING)
    reg_out = services.default_register(agency=agency, direction=Direction.OUTGOING)
    year = timezone.localdate().year
    start = dt.date(year, 1, 2)
    batch_in, batch_out = [], []
    for i in range(rows):
        day = start + dt.timedelta(days=(i * 360) // rows)
        subject = SUBJECTS[i % len(SUBJECTS)].format(y=year, z=year + 4)
        batch_in.append(
            IncomingDocument(
                agency=agency,
                document_type=types[i % len(types)],
                code_number=str(100 + i),
                code_notation="BNV-TCBC",
                issued_date=day - dt.timedelta(days=2),
                subject=subject,
                sender_name="Bộ Nội vụ",
                status=IncomingDocument.Status.IN_PROGRESS,
                register=reg_in,
                arrival_year=year,
                arrival_number=i + 1,
                arrival_date=day,
                lead_unit=unit if i % 3 == 0 else None,
                lead_user=clerk if i % 3 == 1 else None,
                due_date=day + dt.timedelta(days=10),
            )
        )
        batch_out.append(
            OutgoingDocument(
                agency=agency,
                document_type=types[i % len(types)],
                code_number=f"{i + 1:02d}",
                code_notation="UBND-NC",
                issued_date=day,
                subject=subject,
                signer_name="Trần Văn Ký",
                status=OutgoingDocument.Status.ISSUED,
                drafter=clerk,
                drafting_unit=unit,
                register=reg_out,
                number_year=year,
                number=i + 1,
                issued_amount=5,
            )
        )
    IncomingDocument.objects.bulk_create(batch_in, batch_size=2000)
    OutgoingDocument.objects.bulk_create(batch_out, batch_size=2000)
    ids = list(OutgoingDocument.objects.filter(register=reg_out).values_list("pk", flat=True))
    OutgoingRecipient.objects.bulk_create(
        [
            OutgoingRecipient(document_id=pk, name=name)
            for pk in ids
            for name in ("Bộ Nội vụ", "Sở Tài chính")
        ],
        batch_size=4000,
    )
    return reg_in, reg_out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default="")
    parser.add_argument("--rows", type=int, default=20_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--reuse", action="store_true")
    args = parser.parse_args()
    _setup(args)

    from django.db import connection
    from django.utils import timezone
    from openpyxl import load_workbook

    from congvu.documents.registers import exports
    from congvu.documents.registers.selectors import FOLLOW_UP, REGISTRATION, RowFilter

    began = time.perf_counter()
    registers = _generate(args.rows)
    print(
        f"data: {args.rows:,} incoming + {args.rows:,} outgoing rows on {connection.vendor} "
        f"({time.perf_counter() - began:.1f} s to write)"
    )
    year = timezone.localdate().year
    lines = []
    reg_in, reg_out = registers
    for register, book in ((reg_in, REGISTRATION), (reg_in, FOLLOW_UP), (reg_out, REGISTRATION)):
        times = []
        size = 0
        for _ in range(max(1, args.runs)):
            t0 = time.perf_counter()
            out = exports.register_xlsx(register, year, RowFilter(), book=book)
            times.append(time.perf_counter() - t0)
            size = len(out.read())
            out.seek(0)
            written = sum(1 for _row in load_workbook(out, read_only=True).active.iter_rows()) - 5
        lines.append(
            (
                f"XLSX {register.get_direction_display()}{', theo dõi' if book == FOLLOW_UP else ''} (year)",
                written,
                min(times),
                statistics.median(times),
                size,
            )
        )
    t0 = time.perf_counter()
    # the largest PDF one file may hold (exports.MAX_PDF_ROWS): about 18 days of this register
    span = RowFilter(date_from=dt.date(year, 6, 1), date_to=dt.date(year, 6, 18))
    rows = exports.count_rows(registers[0], year, span)
    pdf = exports.register_pdf(registers[0], year, span)
    lines.append(
        ("PDF văn bản đến (1–18 June)", rows, time.perf_counter() - t0, time.perf_counter() - t0, len(pdf))
    )
    print(f"{'export':34} {'rows':>7} {'best s':>8} {'median s':>9} {'bytes':>10}")
    for name, count, best, median, size in lines:
        print(f"{name:34} {count:>7,} {best:>8.2f} {median:>9.2f} {size:>10,}")
    worst = max(line[3] for line in lines[:2])
    verdict = "met" if worst <= GOAL_SECONDS else "MISSED"
    print(
        f"goal: yearly XLSX of {args.rows:,} rows ≤ {GOAL_SECONDS:.0f} s — {verdict} (median {worst:.2f} s)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
