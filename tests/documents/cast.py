"""The cast around official documents (seed 002 Đ9, Đ10, Đ14), on the suite's province.

UBND tỉnh Bình Sơn: clerk Nguyễn Thị Hoa (clerk role on the agency), leaders Trần Quốc Hùng
(Chủ tịch) and Lê Thị Mai (Phó Chủ tịch). Sở Nội vụ: its own clerk Phạm Thị Vân (added here,
``cast.snv_clerk``), Giám đốc Hoàng Văn Nam, Phó Giám đốc Vũ Thị Lan; Phòng TCBC: Trưởng phòng
Bùi Thanh Sơn, officers Nguyễn Văn Minh and Trần Thị Thu Hà. Sở Tài chính's officer Đặng Đình Đức
works elsewhere and sees nothing of these documents.

``build_documents_cast(province)`` adds the clerk of Sở Nội vụ, a sender agency of the catalogue
(Bộ Nội vụ) and each agency's default registers, and returns everything on one namespace:
``cast.types.qd`` / ``.cv`` / ``.kh`` (Quyết định, Công văn, Kế hoạch), ``cast.registers.snv_in``...

``incoming(cast, ...)`` and ``outgoing(cast, ...)`` write a document straight in a given state,
for the workflow tables (the services themselves are tested through their own use cases).
"""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

from django.utils import timezone

from congvu.accounts.models import User
from congvu.catalogues.models import DocumentType, ExternalAgency
from congvu.core.text import search_text
from congvu.documents import services
from congvu.documents.models import (
    Direction,
    DocumentReader,
    DraftReview,
    IncomingDocument,
    OutgoingDocument,
    RouteRecipient,
    RouteStep,
)
from congvu.org.models import Membership, RoleGrant
from tests.conftest import PASSWORD, POSTS_SINCE


def build_documents_cast(province):
    units = province.units
    snv_clerk = User.objects.create_user(
        "vanpt",
        PASSWORD,
        full_name="Phạm Thị Vân",
        email="vanpt@binhson.gov.vn",
        must_change_password=False,
        search_text=search_text("Phạm Thị Vân", "vanpt"),
    )
    Membership.objects.create(
        user=snv_clerk,
        unit=units.snv,
        position=province.positions.van_thu,
        is_primary=True,
        started_on=POSTS_SINCE,
    )
    RoleGrant.objects.create(user=snv_clerk, role=RoleGrant.Role.CLERK, unit=units.snv)
    # The catalogue's legal defaults (a data migration); again when a transactional test before
    # this one emptied the tables.
    types = SimpleNamespace(
        qd=DocumentType.objects.get_or_create(name="Quyết định", defaults={"abbreviation": "QĐ"})[0],
        cv=DocumentType.objects.get_or_create(name="Công văn", defaults={"abbreviation": ""})[0],
        kh=DocumentType.objects.get_or_create(name="Kế hoạch", defaults={"abbreviation": "KH"})[0],
    )
    bnv = ExternalAgency.objects.filter(agency_code="000.00.00.G22").first() or ExternalAgency.objects.create(
        name="Bộ Nội vụ", agency_code="000.00.00.G22"
    )
    registers = SimpleNamespace(
        tinh_in=services.default_register(agency=units.tinh, direction=Direction.INCOMING),
        tinh_out=services.default_register(agency=units.tinh, direction=Direction.OUTGOING),
        snv_in=services.default_register(agency=units.snv, direction=Direction.INCOMING),
        snv_out=services.default_register(agency=units.snv, direction=Direction.OUTGOING),
    )
    return SimpleNamespace(snv_clerk=snv_clerk, types=types, bnv=bnv, registers=registers, **vars(province))


def incoming(
    cast,
    *,
    status=IncomingDocument.Status.REGISTERED,
    agency=None,
    lead_user=None,
    lead_unit=None,
    urgency="normal",
    number=None,
    subject="Bộ Nội vụ đề nghị báo cáo kết quả tuyển dụng công chức năm 2026 trước ngày 15/12/2026",
    arrival_date: dt.date | None = None,
):
    """An incoming document of UBND tỉnh (or ``agency``), from Bộ Nội vụ, in ``status``. In
    progress, it has been routed once by the chairman with ``lead_user`` (or ``lead_unit``) as lead."""
    agency = agency or cast.units.tinh
    register = cast.registers.tinh_in if agency == cast.units.tinh else cast.registers.snv_in
    arrival_date = arrival_date or timezone.localdate()
    last = IncomingDocument.objects.filter(register=register, arrival_year=arrival_date.year).count()
    received = status == IncomingDocument.Status.RECEIVED
    doc = IncomingDocument.objects.create(
        agency=agency,
        document_type=cast.types.cv,
        code_number=str(number or 100 + last),
        code_notation="BNV-TCBC",
        issued_date=arrival_date - dt.timedelta(days=2),
        subject=subject,
        sender_agency=cast.bnv,
        sender_name=cast.bnv.name,
        signer_name="Nguyễn Văn A",
        signer_position="Thứ trưởng",
        urgency=urgency,
        status=status,
        register=None if received else register,
        arrival_year=None if received else arrival_date.year,
        arrival_number=None if received else last + 1,
        arrival_date=None if received else arrival_date,
        registered_by=None if received else cast.van_thu,
        registered_at=None if received else timezone.now(),
        lead_user=lead_user,
        lead_unit=lead_unit,
    )
    if status in (IncomingDocument.Status.IN_PROGRESS, IncomingDocument.Status.DONE):
        step = RouteStep.objects.create(
            document=doc, sender=cast.chu_tich, instruction="Giao Sở Nội vụ xử lý"
        )
        RouteRecipient.objects.create(
            step=step,
            document=doc,
            role=RouteRecipient.Role.LEAD,
            user=lead_user,
            unit=lead_unit,
            state=RouteRecipient.State.DONE
            if status == IncomingDocument.Status.DONE
            else RouteRecipient.State.PENDING,
        )
        services.reader_add(doc=doc, user=lead_user, unit=lead_unit)
    services.search_text_refresh(doc)
    return doc


def outgoing(
    cast,
    *,
    status=OutgoingDocument.Status.DRAFT,
    drafter=None,
    signer=None,
    document_type=None,
    reviewers=None,
    current=0,
    subject="Kế hoạch tuyển dụng công chức tỉnh Bình Sơn năm 2027",
):
    """An outgoing document of UBND tỉnh drafted by ``drafter`` (the officer Minh), in ``status``.
    ``reviewers`` (default: the unit head Sơn, then the chairman) become its review steps; in
    review, the step at index ``current`` is pending and the earlier ones approved."""
    drafter = drafter or cast.chuyen_vien
    signer = signer or cast.chu_tich
    reviewers = reviewers if reviewers is not None else [cast.truong_phong, signer]
    doc = OutgoingDocument.objects.create(
        agency=cast.units.tinh,
        document_type=document_type or cast.types.kh,
        subject=subject,
        drafter=drafter,
        drafting_unit=cast.units.tcbc,
        signer=signer,
        status=status,
    )
    DocumentReader.objects.create(outgoing=doc, user=drafter, unit_path=cast.units.tcbc.path)
    S = OutgoingDocument.Status
    reviewed = status not in (S.DRAFT, S.CANCELLED)
    if reviewed:
        pending = None
        for order, reviewer in enumerate(reviewers, start=1):
            if status == S.IN_REVIEW:
                state = (
                    DraftReview.State.APPROVED
                    if order - 1 < current
                    else DraftReview.State.PENDING
                    if order - 1 == current
                    else DraftReview.State.WAITING
                )
            elif status == S.RETURNED:
                state = DraftReview.State.RETURNED if order == 1 else DraftReview.State.WAITING
            else:
                state = DraftReview.State.APPROVED
            review = DraftReview.objects.create(
                document=doc,
                order=order,
                label=f"Bước {order}",
                reviewer=reviewer,
                state=state,
                started_at=timezone.now(),
                due_date=timezone.localdate() + dt.timedelta(days=3),
            )
            if state == DraftReview.State.PENDING:
                pending = review
            services.reader_add(doc=doc, user=reviewer)
        if pending is not None:
            OutgoingDocument.objects.filter(pk=doc.pk).update(current_review=pending)
            doc.current_review = pending
    if status in (S.NUMBERED, S.TO_SIGN, S.SIGNED, S.ISSUED):
        OutgoingDocument.objects.filter(pk=doc.pk).update(
            register=cast.registers.tinh_out,
            number_year=timezone.localdate().year,
            number=OutgoingDocument.objects.filter(register=cast.registers.tinh_out).count() + 1,
        )
        doc.refresh_from_db()
    return doc


def pdf_bytes(*lines: str) -> bytes:
    """A real PDF (WeasyPrint) with these lines of text; a blank page when none."""
    from tests.core.test_files import make_pdf

    return make_pdf(*lines)


def docx_bytes(*paragraphs: str) -> bytes:
    """A minimal real DOCX with these paragraphs."""
    from tests.core.test_files import make_docx

    return make_docx(*paragraphs)
