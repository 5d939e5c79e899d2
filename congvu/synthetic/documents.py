"""Synthetic official documents at scale, for benchmarks (``congvu generate_documents``; issue #9).

Fills incoming and outgoing documents into the province built by ``congvu generate_province``
(``congvu.synthetic.province``). The data is SYNTHETIC: no audit rows, no files, no notifications.

What it looks like:

- Agencies: every unit of an agency kind (UBND tỉnh, the Sở, districts, communes), weighted
  (the province and its departments receive and issue far more than a commune). Each agency gets
  its default registers and, when it has none, a clerk (the clerk role granted to one of its staff,
  so the benchmark has a clerk to ask for).
- ≈60 % incoming: from a catalogue-like list of senders (ministries, the province's own agencies,
  districts), arrival numbers consecutive in the register and the year, arrival dates spread over
  the year (the numbers follow the dates). Status: ≈8 % waiting to be routed, ≈30 % in progress,
  the rest done; a routed document has one step from the agency head with one lead (a unit under
  the agency, or a person in it) and sometimes a coordinating unit; readers as the services write
  them (``DocumentReader``).
- ≈40 % outgoing: drafted in a unit of the agency, signed by its head; ≈85 % issued (numbered
  consecutively per register and year, ``05/QĐ-UBND``-style notations), the rest in draft or review.
- Subjects: templates × topics × places × periods, realistic Vietnamese ("Về việc triển khai kế
  hoạch chuyển đổi số trên địa bàn huyện …"). The folded search text is computed as the services do.

Speed: the organisation is read once; rows are built in memory and written with ``bulk_create``
in batches of ``BATCH`` inside one transaction; then ANALYZE (and VACUUM of the documents' tables,
when not inside a transaction) on PostgreSQL.
"""

from __future__ import annotations

import datetime as dt
import random
import time
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.core.management.color import no_style
from django.db import connection, transaction
from django.utils import timezone

from congvu.catalogues.models import DocumentType
from congvu.catalogues.models import Field as DocumentField
from congvu.core.text import search_text
from congvu.documents import services as documents
from congvu.documents.models import (
    Direction,
    DocumentReader,
    IncomingDocument,
    OutgoingDocument,
    Register,
    RegisterYear,
    RouteRecipient,
    RouteStep,
    Urgency,
)
from congvu.org.models import PATH_STEP, Membership, Position, RoleGrant, Unit
from congvu.org.tree import AGENCY_KINDS
from congvu.synthetic import province

BATCH = 5000
INCOMING_SHARE = 0.6
KIND_WEIGHT: dict[str, float] = {
    Unit.Kind.AGENCY: 40.0,
    Unit.Kind.DEPARTMENT: 8.0,
    Unit.Kind.DISTRICT: 5.0,
    Unit.Kind.COMMUNE: 0.6,
}
URGENCY_MIX = (
    (Urgency.NORMAL, 0.86),
    (Urgency.URGENT, 0.09),
    (Urgency.VERY_URGENT, 0.03),
    (Urgency.FLASH, 0.02),
)
TYPE_MIX = (
    ("Công văn", 0.45), ("Quyết định", 0.15), ("Kế hoạch", 0.08), ("Báo cáo", 0.12), ("Thông báo", 0.07),
    ("Tờ trình", 0.05), ("Giấy mời", 0.05), ("Hướng dẫn", 0.03),
)  # fmt: skip
SENDERS = (
    ("Bộ Nội vụ", "BNV"), ("Bộ Tài chính", "BTC"), ("Bộ Kế hoạch và Đầu tư", "BKHĐT"),
    ("Bộ Thông tin và Truyền thông", "BTTTT"), ("Bộ Tài nguyên và Môi trường", "BTNMT"),
    ("Bộ Giáo dục và Đào tạo", "BGDĐT"), ("Bộ Y tế", "BYT"), ("Văn phòng Chính phủ", "VPCP"),
    ("Thanh tra Chính phủ", "TTCP"), ("Bảo hiểm xã hội Việt Nam", "BHXH"),
    ("Kho bạc Nhà nước", "KBNN"), ("Ngân hàng Nhà nước Việt Nam", "NHNN"),
    ("Ban Thường vụ Tỉnh ủy", "TU"), ("Hội đồng nhân dân tỉnh", "HĐND"),
    ("Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh", "MTTQ"), ("Công an tỉnh", "CAT"),
    ("Bộ Chỉ huy Quân sự tỉnh", "BCHQS"), ("Cục Thuế tỉnh", "CT"),
)  # fmt: skip
TOPICS = (
    "cải cách hành chính", "chuyển đổi số", "dự toán ngân sách nhà nước", "công tác cán bộ",
    "phòng, chống tham nhũng, tiêu cực", "thi đua, khen thưởng", "quản lý đất đai", "xây dựng nông thôn mới",
    "bảo đảm an toàn thông tin mạng", "giải ngân vốn đầu tư công", "chỉ số cải cách hành chính PAR INDEX",
    "dịch vụ công trực tuyến toàn trình", "đào tạo, bồi dưỡng cán bộ, công chức", "sắp xếp đơn vị hành chính cấp xã",
    "phòng, chống thiên tai và tìm kiếm cứu nạn", "an toàn thực phẩm", "bảo vệ môi trường", "thu ngân sách nhà nước",
    "giảm nghèo bền vững", "Đề án 06 về dữ liệu dân cư", "tiếp công dân, giải quyết khiếu nại, tố cáo",
    "kiểm soát thủ tục hành chính", "quy hoạch tỉnh thời kỳ 2021–2030", "trật tự xây dựng đô thị",
    "bảo hiểm xã hội, bảo hiểm y tế", "tuyển dụng công chức", "nâng bậc lương thường xuyên",
    "phòng cháy, chữa cháy", "đường giao thông nông thôn", "chương trình mục tiêu quốc gia",
    "tinh giản biên chế", "phổ biến, giáo dục pháp luật", "kiểm tra văn bản quy phạm pháp luật",
)  # fmt: skip
TEMPLATES = {
    "Công văn": (
        "Về việc triển khai {topic} trên địa bàn {place}",
        "Về việc báo cáo tình hình thực hiện {topic} {period}",
        "Về việc góp ý dự thảo kế hoạch {topic}",
        "Về việc đôn đốc thực hiện {topic} {period}",
        "Về việc đề nghị cung cấp số liệu {topic} {period}",
        "Về việc tăng cường công tác {topic}",
        "Về việc trả lời kiến nghị của cử tri {place} về {topic}",
    ),
    "Quyết định": (
        "Quyết định phê duyệt kế hoạch {topic} {period}",
        "Quyết định thành lập Tổ công tác {topic}",
        "Quyết định ban hành quy chế {topic}",
        "Quyết định phân bổ kinh phí {topic} {period}",
    ),
    "Kế hoạch": (
        "Kế hoạch thực hiện {topic} {period}",
        "Kế hoạch kiểm tra công tác {topic} tại {place} {period}",
        "Kế hoạch tuyên truyền {topic} {period}",
    ),
    "Báo cáo": (
        "Báo cáo kết quả thực hiện {topic} {period}",
        "Báo cáo sơ kết {topic} {period}",
        "Báo cáo tổng kết công tác {topic} {period}",
    ),
    "Thông báo": (
        "Thông báo kết luận của Chủ tịch UBND tỉnh về {topic}",
        "Thông báo kết quả kiểm tra {topic} tại {place}",
    ),
    "Tờ trình": ("Tờ trình đề nghị phê duyệt đề án {topic} {period}",),
    "Giấy mời": ("Giấy mời dự hội nghị triển khai {topic} {period}",),
    "Hướng dẫn": ("Hướng dẫn thực hiện {topic} {period}",),
}
PLACES = (
    "huyện Phú Bình", "huyện Lâm Hà", "thành phố Phú Lâm", "thị xã Đồng Xoài", "xã Tân Lập", "xã Hòa An",
    "phường Trung Tâm", "huyện Đức Linh", "khu công nghiệp Bắc Phú Lâm", "tỉnh Phú Lâm",
)  # fmt: skip
SIGNERS = (
    "Nguyễn Văn Thắng", "Trần Thị Hồng", "Lê Quang Minh", "Phạm Đức Anh", "Hoàng Thị Lan",
    "Vũ Đình Trọng", "Đặng Văn Hải", "Bùi Thị Thu", "Đỗ Mạnh Hùng", "Ngô Thị Phương",
)  # fmt: skip
SIGNER_POSITIONS = ("Bộ trưởng", "Thứ trưởng", "Giám đốc", "Phó Giám đốc", "Chủ tịch", "Phó Chủ tịch")


@dataclass
class _Agency:
    unit: Unit
    head: int  # a head's (or failing that, anyone's) user id
    clerk: int
    children: list[Unit]  # units under it that are not agencies themselves (leads, drafting units)
    staff: dict[int, list[int]]  # unit id -> user ids (primary posts)
    reg_in: Register | None = None
    reg_out: Register | None = None


@dataclass
class DocumentsResult:
    incoming: int
    outgoing: int
    routes: int
    readers: int
    agencies: int
    seconds: float
    by_status: dict[str, int] = field(default_factory=dict)
    clerk_username: str = ""
    clerk_agency: str = ""
    officer_username: str = ""
    officer_pending: int = 0
    password: str = ""


class NoProvince(Exception):
    pass


def _pick(pairs: tuple[tuple[Any, float], ...], rng: random.Random) -> Any:
    return rng.choices([v for v, _w in pairs], weights=[w for _v, w in pairs])[0]


def _period(day: dt.date, rng: random.Random) -> str:
    roll = rng.random()
    if roll < 0.4:
        return f"năm {day.year}"
    if roll < 0.75:
        return f"quý {('I', 'II', 'III', 'IV')[(day.month - 1) // 3]} năm {day.year}"
    return f"tháng {day.month}/{day.year}"


def _subject(type_name: str, day: dt.date, rng: random.Random) -> str:
    return rng.choice(TEMPLATES[type_name]).format(
        topic=rng.choice(TOPICS), place=rng.choice(PLACES), period=_period(day, rng)
    )


def _read_agencies(root: Unit, rng: random.Random) -> list[_Agency]:
    units = list(Unit.objects.filter(path__startswith=root.path, is_active=True).order_by("path"))
    agencies = {u.pk: u for u in units if u.kind in AGENCY_KINDS}
    posts = (
        Membership.objects.current()
        .filter(unit_id__in=[u.pk for u in units], is_primary=True)
        .order_by("id")
        .values_list("user_id", "unit_id", "position__level")
    )
    staff: dict[int, list[int]] = defaultdict(list)
    heads: dict[int, int] = {}
    for user_id, unit_id, level in posts:
        staff[unit_id].append(user_id)
        if level == Position.Level.HEAD:
            heads.setdefault(unit_id, user_id)
    clerks = dict(
        RoleGrant.objects.filter(role=RoleGrant.Role.CLERK, unit_id__in=agencies).values_list(
            "unit_id", "user_id"
        )
    )
    by_agency: dict[int, list[Unit]] = defaultdict(list)
    by_path = {u.path: u for u in units}
    for unit in units:
        if unit.pk in agencies:
            continue
        # the nearest agency above it
        path = unit.path
        while path:
            path = path[:-PATH_STEP]
            owner = by_path.get(path)
            if owner is not None and owner.pk in agencies:
                by_agency[owner.pk].append(unit)
                break
    result = []
    new_clerks = []
    for unit in agencies.values():
        people = staff.get(unit.pk) or [u for c in by_agency[unit.pk] for u in staff.get(c.pk, [])]
        if not people:
            continue
        head = heads.get(unit.pk, people[0])
        clerk = clerks.get(unit.pk)
        if clerk is None:
            others = [p for p in people if p != head] or people
            clerk = others[-1]
            new_clerks.append(RoleGrant(user_id=clerk, role=RoleGrant.Role.CLERK, unit=unit))
        result.append(_Agency(unit, head, clerk, by_agency[unit.pk], {k: v for k, v in staff.items()}))
    RoleGrant.objects.bulk_create(new_clerks, batch_size=BATCH)
    return result


def _columns(model: Any) -> dict[str, Any]:
    return {f.attname: f.get_default() for f in model._meta.concrete_fields if f.attname != "id"}


def _next_id(model: Any) -> int:
    last = model.objects.order_by("-pk").values_list("pk", flat=True).first()
    return (last or 0) + 1


def generated_documents_q(root: Unit) -> dict[str, Any]:
    return {"agency__path__startswith": root.path}


def delete_generated() -> None:
    """Remove the documents of a previously generated province (benchmark data only)."""
    root = province.generated_root()
    if root is None:
        return
    with transaction.atomic():
        incoming = IncomingDocument.objects.filter(**generated_documents_q(root))
        outgoing = OutgoingDocument.objects.filter(**generated_documents_q(root))
        DocumentReader.objects.filter(incoming__in=incoming)._raw_delete(DocumentReader.objects.db)
        DocumentReader.objects.filter(outgoing__in=outgoing)._raw_delete(DocumentReader.objects.db)
        RouteRecipient.objects.filter(document__in=incoming)._raw_delete(RouteRecipient.objects.db)
        RouteStep.objects.filter(document__in=incoming)._raw_delete(RouteStep.objects.db)
        incoming._raw_delete(IncomingDocument.objects.db)
        outgoing._raw_delete(OutgoingDocument.objects.db)
        registers = Register.objects.filter(agency__path__startswith=root.path)
        RegisterYear.objects.filter(register__in=registers).delete()
        registers.delete()


def build(*, count: int, seed: int = 1, stdout: Any = None) -> DocumentsResult:
    """Add ``count`` documents to the generated province, spread over this year up to today."""
    root = province.generated_root()
    if root is None:
        raise NoProvince
    started = time.perf_counter()
    rng = random.Random(seed)
    say = (lambda m: stdout.write(m)) if stdout is not None else (lambda m: None)
    today = timezone.localdate()
    year = today.year
    first = dt.date(year, 1, 1)
    span = (today - first).days + 1
    tz = timezone.get_current_timezone()
    types = {t.name: t for t in DocumentType.objects.filter(name__in=[n for n, _w in TYPE_MIX])}
    type_mix = tuple((n, w) for n, w in TYPE_MIX if n in types)
    fields: list[int | None] = [*DocumentField.objects.values_list("pk", flat=True)[:40]] or [None]
    by_status: dict[str, int] = defaultdict(int)
    with transaction.atomic():
        agencies = _read_agencies(root, rng)
        if not agencies:
            raise NoProvince
        for agency in agencies:
            agency.reg_in = documents.default_register(agency=agency.unit, direction=Direction.INCOMING)
            agency.reg_out = documents.default_register(agency=agency.unit, direction=Direction.OUTGOING)
        weights = [KIND_WEIGHT.get(a.unit.kind, 1.0) for a in agencies]
        # Plan: which agency, which direction, which day; then numbers follow the days.
        plan = [
            (rng.choices(range(len(agencies)), weights=weights)[0], rng.random() < INCOMING_SHARE,
             first + dt.timedelta(days=min(span - 1, int(span * rng.random() ** 0.8))))
            for _ in range(count)
        ]  # fmt: skip
        plan.sort(key=lambda p: p[2])
        say(
            f"Kế hoạch {count} văn bản cho {len(agencies)} cơ quan — {time.perf_counter() - started:.1f} giây."
        )
        in_defaults, out_defaults = _columns(IncomingDocument), _columns(OutgoingDocument)
        next_in, next_out = _next_id(IncomingDocument), _next_id(OutgoingDocument)
        next_step = _next_id(RouteStep)
        numbers_in: dict[int, int] = defaultdict(int)
        numbers_out: dict[int, int] = defaultdict(int)
        batch_in: list[IncomingDocument] = []
        batch_out: list[OutgoingDocument] = []
        steps: list[RouteStep] = []
        recipients: list[RouteRecipient] = []
        readers: list[DocumentReader] = []
        totals: dict[str, int] = defaultdict(int)
        pending_of: dict[int, int] = defaultdict(int)
        folded: dict[str, str] = {}

        def flush() -> None:
            IncomingDocument.objects.bulk_create(batch_in, batch_size=BATCH)
            OutgoingDocument.objects.bulk_create(batch_out, batch_size=BATCH)
            RouteStep.objects.bulk_create(steps, batch_size=BATCH)
            RouteRecipient.objects.bulk_create(recipients, batch_size=BATCH)
            DocumentReader.objects.bulk_create(readers, batch_size=BATCH)
            totals["routes"] += len(steps)
            totals["readers"] += len(readers)
            for rows in (batch_in, batch_out, steps, recipients, readers):
                rows.clear()

        def fold_cached(text: str) -> str:
            value = folded.get(text)
            if value is None:
                value = folded[text] = search_text(text)
            return value

        for index, (agency_index, is_incoming, day) in enumerate(plan):
            agency = agencies[agency_index]
            type_name = _pick(type_mix, rng)
            doc_type = types[type_name]
            subject = _subject(type_name, day, rng)
            urgency = _pick(URGENCY_MIX, rng)
            at = dt.datetime(day.year, day.month, day.day, rng.randint(7, 16), rng.randrange(60), tzinfo=tz)
            age = (today - day).days
            if is_incoming:
                assert agency.reg_in is not None
                numbers_in[agency.reg_in.pk] += 1
                sender, sender_abbr = rng.choice(SENDERS)
                code_number = str(rng.randint(1, 3500))
                notation = (
                    f"{doc_type.abbreviation}-{sender_abbr}" if type_name != "Công văn" else sender_abbr
                )
                signer = rng.choice(SIGNERS)
                roll = rng.random()
                if age <= 2 and roll < 0.6 or roll < 0.08:
                    status = IncomingDocument.Status.REGISTERED
                elif age <= 45 and roll < 0.75 or roll < 0.3:
                    status = IncomingDocument.Status.IN_PROGRESS
                else:
                    status = IncomingDocument.Status.DONE
                lead_user = lead_unit = None
                routed = status != IncomingDocument.Status.REGISTERED
                pool = agency.children or [agency.unit]
                child = rng.choice(pool)
                if routed:
                    members = agency.staff.get(child.pk, [])
                    if members and (rng.random() < 0.5 or child is agency.unit):
                        lead_user = rng.choice(members)
                    elif child is not agency.unit:
                        lead_unit = child.pk
                    else:
                        lead_user = agency.head
                doc_id = next_in
                next_in += 1
                number_text = f"{code_number}/{notation}"
                text = " ".join(
                    filter(None, [code_number, fold_cached(notation), fold_cached(number_text),
                                  fold_cached(subject), fold_cached(signer), fold_cached(sender),
                                  str(numbers_in[agency.reg_in.pk])])
                )  # fmt: skip
                batch_in.append(
                    IncomingDocument(
                        **{**in_defaults, "id": doc_id, "agency_id": agency.unit.pk, "document_type_id": doc_type.pk,
                           "code_number": code_number, "code_notation": notation,
                           "issued_date": day - dt.timedelta(days=rng.randint(1, 7)), "subject": subject,
                           "signer_name": signer, "signer_position": rng.choice(SIGNER_POSITIONS),
                           "urgency": urgency, "field_id": rng.choice(fields),
                           "due_date": day + dt.timedelta(days=rng.choice((5, 7, 10, 15, 30))) if rng.random() < 0.4 else None,
                           "search_text": text, "created_at": at, "status": status, "register_id": agency.reg_in.pk,
                           "arrival_year": day.year, "arrival_number": numbers_in[agency.reg_in.pk],
                           "arrival_date": day, "sender_name": sender, "registered_by_id": agency.clerk,
                           "registered_at": at, "presented_to_id": agency.head,
                           "lead_user_id": lead_user, "lead_unit_id": lead_unit,
                           "first_routed_at": at + dt.timedelta(hours=2) if routed else None,
                           "closed_at": at + dt.timedelta(days=3) if status == IncomingDocument.Status.DONE else None}
                    )
                )  # fmt: skip
                by_status[f"incoming.{status}"] += 1
                if routed:
                    step_id = next_step
                    next_step += 1
                    steps.append(
                        RouteStep(id=step_id, document_id=doc_id, sender_id=agency.head,
                                  sent_at=at + dt.timedelta(hours=2), instruction="Giao chủ trì, tham mưu xử lý",
                                  urgency=urgency)
                    )  # fmt: skip
                    state = (
                        RouteRecipient.State.PENDING
                        if status == IncomingDocument.Status.IN_PROGRESS
                        else RouteRecipient.State.DONE
                    )
                    recipients.append(
                        RouteRecipient(step_id=step_id, document_id=doc_id, role=RouteRecipient.Role.LEAD,
                                       user_id=lead_user, unit_id=lead_unit, state=state)
                    )  # fmt: skip
                    if state == RouteRecipient.State.PENDING and lead_user:
                        pending_of[lead_user] += 1
                    readers.append(
                        DocumentReader(
                            incoming_id=doc_id,
                            user_id=lead_user,
                            unit_path=child.path,
                            agency_id=agency.unit.pk,
                        )
                    )
                    if len(agency.children) > 1 and rng.random() < 0.25:
                        other = rng.choice([c for c in agency.children if c.pk != child.pk])
                        recipients.append(
                            RouteRecipient(step_id=step_id, document_id=doc_id, role=RouteRecipient.Role.COORDINATE,
                                           unit_id=other.pk, state=state)
                        )  # fmt: skip
                        readers.append(
                            DocumentReader(incoming_id=doc_id, unit_path=other.path, agency_id=agency.unit.pk)
                        )
            else:
                assert agency.reg_out is not None
                drafting = rng.choice(agency.children) if agency.children else agency.unit
                drafters = agency.staff.get(drafting.pk) or [agency.head]
                drafter = rng.choice(drafters)
                roll = rng.random()
                out_status: OutgoingDocument.Status = OutgoingDocument.Status.ISSUED
                if age <= 10 and roll >= 0.85:
                    out_status = rng.choice(
                        (OutgoingDocument.Status.DRAFT, OutgoingDocument.Status.IN_REVIEW,
                         OutgoingDocument.Status.APPROVED)
                    )  # fmt: skip
                issued = out_status == OutgoingDocument.Status.ISSUED
                code_number = notation = ""
                number = None
                if issued:
                    numbers_out[agency.reg_out.pk] += 1
                    number = numbers_out[agency.reg_out.pk]
                    code_number = f"{number:02d}"
                    own = agency.unit.short_name or "UBND"
                    notation = (
                        f"{own}-{drafting.short_name}" if type_name == "Công văn" and drafting.short_name
                        else f"{doc_type.abbreviation}-{own}"
                    )[:30]  # fmt: skip
                signer_name = ""
                doc_id = next_out
                next_out += 1
                text = " ".join(
                    filter(None, [code_number, fold_cached(notation),
                                  fold_cached(f"{code_number}/{notation}") if issued else "",
                                  fold_cached(subject), fold_cached(signer_name)])
                )  # fmt: skip
                batch_out.append(
                    OutgoingDocument(
                        **{**out_defaults, "id": doc_id, "agency_id": agency.unit.pk, "document_type_id": doc_type.pk,
                           "code_number": code_number, "code_notation": notation,
                           "issued_date": day if issued else None, "subject": subject, "urgency": urgency,
                           "field_id": rng.choice(fields), "search_text": text, "created_at": at, "status": out_status,
                           "drafter_id": drafter, "drafting_unit_id": drafting.pk, "signer_id": agency.head,
                           "register_id": agency.reg_out.pk if issued else None,
                           "number_year": day.year if issued else None, "number": number,
                           "numbered_by_id": agency.clerk if issued else None,
                           "issued_at": at + dt.timedelta(hours=4) if issued else None,
                           "issued_by_id": agency.clerk if issued else None}
                    )
                )  # fmt: skip
                by_status[f"outgoing.{out_status}"] += 1
                readers.append(
                    DocumentReader(
                        outgoing_id=doc_id, user_id=drafter, unit_path=drafting.path, agency_id=agency.unit.pk
                    )
                )
            if len(batch_in) + len(batch_out) >= BATCH:
                flush()
            if (index + 1) % 50_000 == 0:
                say(f"  {index + 1} văn bản — {time.perf_counter() - started:.1f} giây")
        flush()
        for agency in agencies:
            for register, numbers in ((agency.reg_in, numbers_in), (agency.reg_out, numbers_out)):
                assert register is not None
                if numbers.get(register.pk):
                    RegisterYear.objects.update_or_create(
                        register=register, year=year, defaults={"last_number": numbers[register.pk]}
                    )
        statements = connection.ops.sequence_reset_sql(
            no_style(), [IncomingDocument, OutgoingDocument, RouteStep, RouteRecipient, DocumentReader]
        )
        with connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
            if not connection.in_atomic_block:
                # As autovacuum would leave them after a while: the visibility map set, so that
                # index-only scans (search's walk through an agency's dates) skip the table.
                for model in (IncomingDocument, OutgoingDocument, DocumentReader):
                    cursor.execute(f"VACUUM {model._meta.db_table}")
    from congvu.accounts.models import User

    busiest = max(agencies, key=lambda a: numbers_in.get(a.reg_in.pk if a.reg_in else 0, 0))
    officer = max(pending_of, key=lambda u: pending_of[u]) if pending_of else busiest.head
    usernames = dict(User.objects.filter(pk__in=[busiest.clerk, officer]).values_list("pk", "username"))
    return DocumentsResult(
        incoming=sum(v for k, v in by_status.items() if k.startswith("incoming.")),
        outgoing=sum(v for k, v in by_status.items() if k.startswith("outgoing.")),
        routes=totals["routes"],
        readers=totals["readers"],
        agencies=len(agencies),
        seconds=time.perf_counter() - started,
        by_status=dict(by_status),
        clerk_username=usernames.get(busiest.clerk, ""),
        clerk_agency=busiest.unit.name,
        officer_username=usernames.get(officer, ""),
        officer_pending=pending_of.get(officer, 0),
        password=province.BENCH_PASSWORD,
    )
