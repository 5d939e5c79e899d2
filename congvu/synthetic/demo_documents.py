"""The documents of the demo province (``congvu load_demo``; seed 002 Đ9, Đ10; DOC-1..DOC-5): what
the clerk, the leaders, the unit heads and the officers of Sở Nội vụ find — incoming documents in
every state and outgoing drafts all along their way, one of them issued to UBND huyện Đức Trọng,
whose clerk finds it waiting to be registered.

Incoming, Sở Nội vụ (registered by its clerk Phạm Thị Vân, ``vanpt``):
- an urgent (khẩn) document of Bộ Nội vụ, registered and waiting for the director to route it;
- a document of UBND tỉnh routed by the director Hoàng Văn Nam to Phòng Tổ chức – Biên chế with an
  instruction and passed by its head Bùi Thanh Sơn to the officer Nguyễn Văn Minh: Minh's to handle;
- a document routed to Phòng Cải cách hành chính, waiting for its head;
- a document handled and filed into a dossier by Minh.

Outgoing, Sở Nội vụ:
- Minh's reply to the UBND tỉnh document, a draft not yet submitted;
- a draft waiting for Sơn's review; a draft Sơn returned to Trần Thị Thu Hà with a reason;
- a draft approved by the director, waiting for Vân to number it;
- a numbered document waiting for Minh's check; one waiting for the director's signature;
- a document signed (the demo certificate of ``congvu signing_demo``) and issued to UBND huyện Đức
  Trọng and Bộ Nội vụ — Đức Trọng's clerk Trần Thị Mỹ Duyên finds it waiting to be registered.

Everything goes through the services, as the person who would do it, on today's date: the documents
are what came in and went out today. Idempotent: the first document's subject (``MARKER``) says the
documents are there. One transaction: a refused step writes nothing, and the caller is told why.
"""

from __future__ import annotations

import time
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils import timezone

from congvu.catalogues.models import DocumentType, ExternalAgency
from congvu.core.decisions import Refused
from congvu.documents.incoming import services as incoming
from congvu.documents.models import IncomingDocument, OutgoingDocument, Urgency
from congvu.documents.outgoing import services as outgoing
from congvu.documents.signing import services as signing
from congvu.org import policies as org
from congvu.org.models import Unit
from congvu.synthetic.demo_work import _people, working_day

MARKER = "Bộ Nội vụ đề nghị báo cáo kết quả tuyển dụng công chức năm {year} trước ngày 20/12/{year}"


@dataclass
class DocumentsResult:
    created: bool  # False: the documents were there already, or a rule refused a step (``refused``)
    refused: str = ""
    incoming: Counter[str] = field(default_factory=Counter)
    outgoing: Counter[str] = field(default_factory=Counter)
    seconds: float = 0.0


def is_loaded() -> bool:
    year = timezone.localdate().year
    return IncomingDocument.objects.filter(subject=MARKER.format(year=year)).exists()


def load_documents(*, units: dict[str, Unit]) -> DocumentsResult:
    """Enter the demo documents once (see the module's docstring). ``units`` maps the demo's unit
    keys to the units (``demo.load_demo().units``)."""
    started = time.monotonic()
    if is_loaded():
        return DocumentsResult(created=False)
    try:
        with transaction.atomic():
            loader = _Loader(units=units)
            loader.run()
    except Refused as refused:
        return DocumentsResult(created=False, refused=refused.message)
    return DocumentsResult(
        created=True,
        incoming=Counter(
            IncomingDocument.objects.filter(pk__in=loader.incoming_ids).values_list("status", flat=True)
        ),
        outgoing=Counter(
            OutgoingDocument.objects.filter(pk__in=loader.outgoing_ids).values_list("status", flat=True)
        ),
        seconds=time.monotonic() - started,
    )


def _pdf(*lines: str) -> bytes:
    import weasyprint

    body = "".join(f"<p>{line}</p>" for line in lines)
    return weasyprint.HTML(
        string=f"<html><body style='font-family: sans-serif'>{body}</body></html>"
    ).write_pdf()


class _Loader:
    def __init__(self, *, units: dict[str, Unit]) -> None:
        self.units = units
        self.today = timezone.localdate()
        self.year = self.today.year
        self.p = _people()
        self.types = {t.name: t for t in DocumentType.objects.filter(name__in=("Công văn", "Kế hoạch"))}
        self.bnv = ExternalAgency.objects.filter(name="Bộ Nội vụ").first() or ExternalAgency.objects.create(
            name="Bộ Nội vụ", agency_code="000.00.00.G22"
        )
        self.incoming_ids: list[int] = []
        self.outgoing_ids: list[int] = []

    def type(self, name: str) -> DocumentType:
        found = self.types.get(name)
        if found is None:
            raise Refused(f"Thiếu loại văn bản “{name}” trong danh mục.")
        return found

    def run(self) -> None:
        for person in self.p.values():
            org.forget(person)
        clerk, director = self.p["vanpt"], self.p["namhv"]
        # 1. Incoming: an urgent document waiting for the director.
        self.register(
            MARKER.format(year=self.year), "125", "BNV-TCBC", urgency=Urgency.URGENT, sender=self.bnv
        )
        # 2. Routed to the division, passed on to the officer.
        provincial = self.register(
            f"Về việc rà soát, bổ sung quy hoạch cán bộ lãnh đạo, quản lý giai đoạn {self.year + 1}–{self.year + 5}",
            "842",
            "UBND-NC",
            sender_name="UBND tỉnh Bình Sơn",
        )
        incoming.incoming_distribute(
            doc=provincial,
            actor=director,
            route=incoming.Route(
                leads=[self.units["snv_tcbc"]],
                informed=[self.p["lanvt"]],
                instruction="Giao Phòng Tổ chức – Biên chế chủ trì tham mưu, báo cáo trước hạn.",
                deadline=working_day(self.today, 5),
            ),
        )
        provincial.refresh_from_db()
        incoming.incoming_forward(
            doc=provincial,
            actor=self.p["sonbt"],
            route=incoming.Route(
                leads=[self.p["minhnv"]], instruction="Đồng chí Minh dự thảo văn bản trả lời."
            ),
        )
        # 3. Routed to another division, waiting for its head.
        reform = self.register(
            f"Về việc hướng dẫn tự đánh giá, chấm điểm chỉ số cải cách hành chính năm {self.year}",
            "57",
            "HD-BNV",
            sender=self.bnv,
        )
        incoming.incoming_distribute(
            doc=reform,
            actor=director,
            route=incoming.Route(
                leads=[self.units["snv_cchc"]],
                instruction="Phòng CCHC nghiên cứu, triển khai.",
                deadline=working_day(self.today, 10),
            ),
        )
        # 4. Handled and filed into a dossier by the officer.
        done = self.register(
            f"Về việc báo cáo số lượng công chức, viên chức năm {self.year}",
            "310",
            "UBND-TH",
            sender_name="UBND tỉnh Bình Sơn",
        )
        incoming.incoming_distribute(
            doc=done,
            actor=director,
            route=incoming.Route(leads=[self.p["minhnv"]], instruction="Đồng chí Minh xử lý."),
        )
        done.refresh_from_db()
        incoming.incoming_close(
            doc=done,
            actor=self.p["minhnv"],
            new_dossier={
                "unit": self.units["snv_tcbc"],
                "notation": f"TCBC-{self.year}-01",
                "title": f"Hồ sơ báo cáo số lượng công chức, viên chức năm {self.year}",
                "maintenance": "10 năm",
            },
            note="Đã báo cáo bằng văn bản số liệu tổng hợp.",
        )
        # Outgoing.
        minh, ha, son = self.p["minhnv"], self.p["hattt"], self.p["sonbt"]
        self.draft(
            minh, f"V/v trả lời về rà soát, bổ sung quy hoạch cán bộ năm {self.year + 1}", reply_to=provincial
        )
        waiting = self.draft(
            minh, f"Kế hoạch thi tuyển công chức tỉnh Bình Sơn năm {self.year + 1}", kind="Kế hoạch"
        )
        waiting = outgoing.submit(doc=waiting, actor=minh)
        returned = self.draft(ha, f"V/v đề nghị bổ sung biên chế công chức năm {self.year + 1}")
        returned = outgoing.submit(doc=returned, actor=ha)
        outgoing.return_draft(
            doc=returned, actor=son, reason="Bổ sung số liệu biên chế được giao của từng đơn vị."
        )
        self.approved(minh, f"V/v hướng dẫn đánh giá, xếp loại công chức năm {self.year}")
        numbered = self.approved(minh, f"V/v tổ chức tập huấn nghiệp vụ văn thư, lưu trữ năm {self.year}")
        numbered = outgoing.number(doc=numbered, actor=clerk)
        to_sign = self.approved(minh, f"V/v triển khai quy định về văn hóa công vụ năm {self.year}")
        to_sign = outgoing.number(doc=to_sign, actor=clerk)
        to_sign = outgoing.check(doc=to_sign, actor=minh)
        issued = self.approved(
            minh,
            f"V/v báo cáo tình hình thực hiện tinh giản biên chế năm {self.year}",
            recipients=[self.units["dt"]],
        )
        issued = outgoing.number(doc=issued, actor=clerk)
        issued = outgoing.check(doc=issued, actor=minh)
        issued = signing.document_sign(doc=issued, actor=director)
        outgoing.send(
            doc=issued, actor=clerk, recipient_units=[self.units["dt"]], recipient_externals=[self.bnv]
        )

    def register(
        self,
        subject: str,
        number: str,
        notation: str,
        *,
        urgency: str = Urgency.NORMAL,
        sender: ExternalAgency | None = None,
        sender_name: str = "",
    ) -> IncomingDocument:
        doc = incoming.incoming_register(
            actor=self.p["vanpt"],
            agency=self.units["snv"],
            details=incoming.Details(
                document_type=self.type("Công văn"),
                subject=subject,
                sender_agency=sender,
                sender_name=sender_name or (sender.name if sender else ""),
                code_number=number,
                code_notation=notation,
                issued_date=working_day(self.today, -2),
                signer_name="Nguyễn Văn Bình",
                signer_position="Thứ trưởng" if sender else "Phó Chủ tịch",
                urgency=urgency,
                page_amount=2,
                due_date=working_day(self.today, 10),
            ),
            uploads=[(f"{number}-{notation}.pdf", _pdf(f"Số: {number}/{notation}", subject))],
            presented_to=self.p["namhv"],
        )
        self.incoming_ids.append(doc.pk)
        return doc

    def draft(
        self,
        drafter: Any,
        subject: str,
        *,
        kind: str = "Công văn",
        reply_to: IncomingDocument | None = None,
        recipients: list[Unit] | None = None,
    ) -> OutgoingDocument:
        if reply_to is not None:
            reply_to.refresh_from_db()  # routed since it was registered
        doc = outgoing.draft_create(
            actor=drafter,
            document_type=self.type(kind),
            subject=subject,
            drafting_unit=self.units["snv_tcbc"],
            agency=self.units["snv"],
            signer=self.p["namhv"],
            recipient_units=recipients or [],
            recipient_externals=[self.bnv],
            due_date=working_day(self.today, 7),
            upload=("du-thao.pdf", _pdf("SỞ NỘI VỤ TỈNH BÌNH SƠN", subject, "Dự thảo")),
            reply_to=reply_to,
        )
        self.outgoing_ids.append(doc.pk)
        return doc

    def approved(
        self, drafter: Any, subject: str, *, recipients: list[Unit] | None = None
    ) -> OutgoingDocument:
        doc = self.draft(drafter, subject, recipients=recipients)
        doc = outgoing.submit(doc=doc, actor=drafter)
        doc = outgoing.pass_on(doc=doc, actor=self.p["sonbt"], note="Đồng ý, kính trình Giám đốc.")
        doc = outgoing.approve(doc=doc, actor=self.p["namhv"])
        return doc
