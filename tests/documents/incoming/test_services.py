"""Registering, routing, closing and sharing incoming documents through their services (DOC-1..DOC-3;
seed 002 Điều 9; Phụ lục VI F-1a..F-1k), and the bad input they refuse with nothing half-saved."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db.models import ProtectedError

from congvu.assignments.models import Assignment, Link
from congvu.core.decisions import RefusalKind, Refused
from congvu.core.models import AuditEvent, StoredFile
from congvu.documents import policies as may
from congvu.documents.incoming import services
from congvu.documents.models import (
    DocumentFile,
    DocumentReader,
    Dossier,
    DossierEntry,
    IncomingDocument,
    OutgoingDocument,
    OutgoingRecipient,
    RegisterYear,
    RouteRecipient,
    Urgency,
)
from congvu.notifications.models import Notification
from tests.conftest import TODAY
from tests.documents.cast import build_documents_cast, incoming, pdf_bytes

SUBJECT = "Đề nghị báo cáo kết quả tuyển dụng công chức năm 2026"
SCAN = pdf_bytes("BỘ NỘI VỤ", "Số: 1234/BNV-TCBC")
PE_EXE = b"MZ\x90\x00\x03" + b"\0" * 55 + b"\x80\0\0\0" + b"\0" * 64 + b"PE\0\0" + b"\0" * 400


@pytest.fixture
def cast(province):
    return build_documents_cast(province)


def details(cast, **overrides):
    values = {
        "document_type": cast.types.cv,
        "subject": SUBJECT,
        "sender_agency": cast.bnv,
        "code_number": "1234",
        "code_notation": "BNV-TCBC",
        "issued_date": TODAY - dt.timedelta(days=2),
        "signer_name": "Nguyễn Văn A",
        "signer_position": "Thứ trưởng",
        "page_amount": 2,
    }
    values.update(overrides)
    return services.Details(**values)


def register(cast, **kwargs):
    kwargs.setdefault("details", details(cast))
    return services.incoming_register(actor=cast.van_thu, agency=cast.units.tinh, **kwargs)


# --- registering ----------------------------------------------------------------------------------


def test_clerk_registers_a_scanned_document_with_the_next_arrival_number(cast):
    first = register(cast, uploads=[("cong-van-1234.pdf", SCAN)])
    second = register(cast, details=details(cast, code_number="1240"))
    assert (first.arrival_number, second.arrival_number) == (1, 2)
    assert first.status == IncomingDocument.Status.REGISTERED
    assert first.arrival_year == TODAY.year and first.arrival_date == TODAY
    assert first.sender_name == cast.bnv.name and first.sender_organ_id == "000.00.00.G09"
    assert first.register == cast.registers.tinh_in and first.registered_by == cast.van_thu
    stored = StoredFile.objects.get(pk=first.file_id)
    assert stored.original_name == "cong-van-1234.pdf"
    from django.core.files.storage import default_storage

    assert default_storage.open(stored.storage_name).read() == SCAN  # kept as it is
    assert DocumentFile.objects.get(incoming=first).kind == DocumentFile.Kind.MAIN
    assert "1234" in first.search_text and "tuyen dung" in first.search_text
    event = AuditEvent.objects.get(action="documents.incomingdocument.registered", object_id=str(first.pk))
    assert event.actor == cast.van_thu and event.after["arrival_number"] == 1
    # the agency's leaders are told a document waits for them
    assert Notification.objects.filter(recipient=cast.chu_tich, url__contains=f"/{first.pk}/").exists()


def test_a_typed_sender_is_kept_when_not_in_the_catalogue(cast):
    doc = register(cast, details=details(cast, sender_agency=None, sender_name="Công ty TNHH Minh Phát"))
    assert doc.sender_name == "Công ty TNHH Minh Phát" and doc.sender_agency is None


def test_a_typed_arrival_number_must_continue_the_series(cast):
    register(cast)
    with pytest.raises(Refused) as excinfo:
        register(cast, details=details(cast, code_number="99"), arrival_number=5)
    assert excinfo.value.field == "arrival_number" and "số tiếp theo là 2" in excinfo.value.message
    assert IncomingDocument.objects.count() == 1
    assert register(cast, details=details(cast, code_number="99"), arrival_number=2).arrival_number == 2


def test_arrival_numbers_restart_in_a_new_year(cast, clock):
    register(cast)
    clock.move_to(dt.datetime(2027, 1, 4, 9, 0, tzinfo=dt.timezone(dt.timedelta(hours=7))))
    doc = register(cast, details=details(cast, code_number="1", issued_date=dt.date(2026, 12, 30)))
    assert (doc.arrival_year, doc.arrival_number) == (2027, 1)
    assert RegisterYear.objects.get(register=cast.registers.tinh_in, year=2026).last_number == 1


def test_a_duplicate_is_flagged_and_saved_only_when_confirmed(cast):
    first = register(cast)
    with pytest.raises(Refused) as excinfo:
        register(cast, details=details(cast, code_notation="bnv-tcbc"))
    assert excinfo.value.field == "confirm_duplicate" and "số đến 1" in excinfo.value.message
    assert IncomingDocument.objects.count() == 1
    assert RegisterYear.objects.get(register=cast.registers.tinh_in).last_number == 1  # no number lost
    doc = register(cast, confirm_duplicate=True)
    assert doc.duplicate_of == first and doc.arrival_number == 2


def test_the_same_number_from_a_typed_sender_of_the_same_name_is_a_duplicate(cast):
    register(cast, details=details(cast, sender_agency=None, sender_name="Sở Y tế tỉnh Lâm Viên"))
    with pytest.raises(Refused) as excinfo:
        register(cast, details=details(cast, sender_agency=None, sender_name="sở y tế tỉnh lâm viên"))
    assert excinfo.value.field == "confirm_duplicate"


@pytest.mark.parametrize("subject", ["V/v", "Công văn", "Về việc báo cáo", "  v/v  "])
def test_a_vague_subject_is_nudged_and_kept_only_when_confirmed(cast, subject):
    with pytest.raises(Refused) as excinfo:
        register(cast, details=details(cast, subject=subject))
    assert excinfo.value.field == "confirm_subject" and "Trích yếu quá chung" in excinfo.value.message
    assert not IncomingDocument.objects.exists()
    assert register(cast, details=details(cast, subject=subject), confirm_subject=True).pk


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"subject": ""}, "subject"),
        ({"subject": "x " * 300}, "subject"),
        ({"code_notation": "A" * 31}, "code_notation"),
        ({"signer_name": "N" * 51}, "signer_name"),
        ({"sender_agency": None, "sender_name": ""}, "sender_name"),
        ({"page_amount": 1000}, "page_amount"),
        ({"urgency": "secret"}, "urgency"),
        ({"issued_date": TODAY + dt.timedelta(days=1)}, "issued_date"),
        ({"issued_date": dt.date(1900, 1, 1)}, "issued_date"),
        ({"due_date": dt.date(2200, 1, 1)}, "due_date"),
        ({"subject": "[Tối mật] Kế hoạch tuyển dụng công chức năm 2026"}, "subject"),
    ],
)
def test_bad_fields_are_refused_on_their_field_and_nothing_is_saved(cast, overrides, field):
    with pytest.raises(Refused) as excinfo:
        register(cast, details=details(cast, **overrides))
    assert excinfo.value.field == field, excinfo.value.message
    assert not IncomingDocument.objects.exists()
    assert not RegisterYear.objects.filter(last_number__gt=0).exists()


def test_an_executable_renamed_pdf_refuses_the_whole_registration(cast):
    with pytest.raises(Refused):
        register(cast, uploads=[("cong-van.pdf", PE_EXE)])
    assert not IncomingDocument.objects.exists() and not StoredFile.objects.exists()


def test_a_26_mb_file_is_refused(cast, settings):
    settings.UPLOAD_MAX_BYTES = 1024
    with pytest.raises(Refused) as excinfo:
        register(cast, uploads=[("scan.pdf", SCAN + b"\0" * 2048)])
    assert "MB" in excinfo.value.message
    assert not IncomingDocument.objects.exists()


def test_only_the_agency_clerk_registers(cast):
    with pytest.raises(Refused) as excinfo:
        services.incoming_register(actor=cast.snv_clerk, agency=cast.units.tinh, details=details(cast))
    assert excinfo.value.kind == RefusalKind.NOT_ALLOWED
    doc = services.incoming_register(actor=cast.snv_clerk, agency=cast.units.snv, details=details(cast))
    assert doc.register == cast.registers.snv_in and doc.arrival_number == 1


def test_clerk_accepts_a_document_sent_by_another_agency_and_the_sender_sees_it_received(cast):
    out = OutgoingDocument.objects.create(
        agency=cast.units.snv, document_type=cast.types.cv, subject=SUBJECT, drafter=cast.chuyen_vien,
        drafting_unit=cast.units.tcbc,
    )  # fmt: skip
    doc = incoming(cast, status=IncomingDocument.Status.RECEIVED)
    delivery = OutgoingRecipient.objects.create(
        document=out,
        unit=cast.units.tinh,
        name="UBND tỉnh",
        state=OutgoingRecipient.State.SENT,
        delivered=doc,
    )
    doc = services.incoming_accept(doc=doc, actor=cast.van_thu)
    assert doc.status == IncomingDocument.Status.REGISTERED and doc.arrival_number == 1
    delivery.refresh_from_db()
    assert delivery.state == OutgoingRecipient.State.RECEIVED and delivery.received_at is not None


def test_clerk_edits_before_routing_but_not_after(cast):
    doc = register(cast)
    doc = services.incoming_edit(
        doc=doc,
        actor=cast.van_thu,
        details=details(cast, subject=SUBJECT + " (bổ sung)", urgency=Urgency.URGENT),
    )
    assert doc.subject.endswith("(bổ sung)") and doc.urgency == Urgency.URGENT and doc.arrival_number == 1
    assert AuditEvent.objects.filter(action="documents.incomingdocument.edited").exists()
    services.incoming_distribute(doc=doc, actor=cast.chu_tich, route=services.Route(leads=[cast.units.snv]))
    with pytest.raises(Refused) as excinfo:
        services.incoming_edit(doc=doc, actor=cast.van_thu, details=details(cast))
    assert excinfo.value.kind == RefusalKind.WRONG_STATE


# --- routing --------------------------------------------------------------------------------------


def test_chairman_distributes_with_one_lead_coordinators_and_informed(cast):
    doc = register(cast)
    step = services.incoming_distribute(
        doc=doc,
        actor=cast.chu_tich,
        route=services.Route(
            leads=[cast.units.snv],
            coordinators=[cast.units.stc],
            informed=[cast.chanh_vp],
            instruction="Giao Sở Nội vụ chủ trì, Sở Tài chính phối hợp, báo cáo trước 15/12",
            deadline=TODAY + dt.timedelta(days=10),
            urgency=Urgency.URGENT,
        ),
    )
    doc.refresh_from_db()
    assert doc.status == IncomingDocument.Status.IN_PROGRESS and doc.lead_unit == cast.units.snv
    assert doc.first_routed_at is not None
    roles = {(r.role, r.unit_id or r.user_id, r.state) for r in step.recipients.all()}
    assert roles == {
        ("lead", cast.units.snv.pk, "pending"),
        ("coordinate", cast.units.stc.pk, "pending"),
        ("inform", cast.chanh_vp.pk, "done"),
    }
    assert step.urgency == Urgency.URGENT and step.instruction.startswith("Giao Sở Nội vụ")
    assert doc.due_date == TODAY + dt.timedelta(days=10)
    # the head of the lead unit is told, and now reads it; the officer of another unit does not
    assert Notification.objects.filter(recipient=cast.giam_doc, kind="documents.incoming.lead").exists()
    assert may.visible_incoming(cast.giam_doc).filter(pk=doc.pk).exists()
    assert may.visible_incoming(cast.chanh_vp).filter(pk=doc.pk).exists()
    assert not may.visible_incoming(cast.chuyen_vien_khac).filter(pk=doc.pk).exists()
    assert AuditEvent.objects.filter(
        action="documents.incomingdocument.distribute", object_id=str(doc.pk)
    ).exists()


@pytest.mark.parametrize("leads", [[], "two"])
def test_a_route_needs_exactly_one_lead(cast, leads):
    doc = register(cast)
    if leads == "two":
        leads = [cast.units.snv, cast.giam_doc]
    with pytest.raises(Refused) as excinfo:
        services.incoming_distribute(doc=doc, actor=cast.chu_tich, route=services.Route(leads=leads))
    assert excinfo.value.field == "lead" and "một người hoặc một đơn vị xử lý chính" in excinfo.value.message
    doc.refresh_from_db()
    assert doc.status == IncomingDocument.Status.REGISTERED and not RouteRecipient.objects.exists()


def test_a_route_stays_inside_the_agency(cast):
    doc = services.incoming_register(actor=cast.snv_clerk, agency=cast.units.snv, details=details(cast))
    with pytest.raises(Refused) as excinfo:
        services.incoming_distribute(
            doc=doc, actor=cast.giam_doc, route=services.Route(leads=[cast.units.stc])
        )
    assert excinfo.value.field == "lead"


def test_a_leaders_instruction_creates_work_linked_to_the_document(cast):
    doc = register(cast)
    step = services.incoming_distribute(
        doc=doc,
        actor=cast.chu_tich,
        route=services.Route(
            leads=[cast.giam_doc],
            instruction="Tham mưu báo cáo Bộ Nội vụ",
            deadline=TODAY + dt.timedelta(days=7),
        ),
        create_work=True,
    )
    item = Assignment.objects.get()
    assert step.assignment == item and item.lead_user == cast.giam_doc and item.assigner == cast.chu_tich
    assert item.title == "Tham mưu báo cáo Bộ Nội vụ"
    link = Link.objects.get(assignment=item)
    assert (link.kind, link.target_id) == ("document", str(doc.pk))


def test_work_with_the_document_needs_a_deadline(cast):
    doc = register(cast)
    with pytest.raises(Refused) as excinfo:
        services.incoming_distribute(
            doc=doc, actor=cast.chu_tich, route=services.Route(leads=[cast.giam_doc]), create_work=True
        )
    assert excinfo.value.field == "deadline"
    assert not Assignment.objects.exists() and not RouteRecipient.objects.exists()


def test_unit_head_forwards_to_an_officer_who_then_closes_into_a_new_dossier(cast):
    doc = incoming(cast, status=IncomingDocument.Status.IN_PROGRESS, lead_unit=cast.units.tcbc)
    services.incoming_forward(
        doc=doc,
        actor=cast.truong_phong,
        route=services.Route(
            leads=[cast.chuyen_vien], coordinators=[cast.chuyen_vien_2], instruction="Minh xử lý"
        ),
    )
    doc.refresh_from_db()
    assert doc.lead_user == cast.chuyen_vien and doc.lead_unit is None
    first_lead = RouteRecipient.objects.filter(document=doc, unit=cast.units.tcbc).get()
    assert first_lead.state == RouteRecipient.State.FORWARDED
    with pytest.raises(Refused):  # the unit head no longer leads it
        services.incoming_close(doc=doc, actor=cast.chuyen_vien_2, new_dossier=_new_dossier(cast))
    entry = services.incoming_close(doc=doc, actor=cast.chuyen_vien, new_dossier=_new_dossier(cast))
    doc.refresh_from_db()
    assert doc.status == IncomingDocument.Status.DONE and doc.closed_by == cast.chuyen_vien
    assert entry.ordinal == 1 and entry.dossier.notation == "01.TCBC"
    assert not RouteRecipient.objects.filter(document=doc, state="pending").exists()
    # a second document goes in as number 2; a filed document never leaves its dossier
    other = incoming(cast, status=IncomingDocument.Status.IN_PROGRESS, lead_user=cast.chuyen_vien, number=777)
    assert services.incoming_close(doc=other, actor=cast.chuyen_vien, dossier=entry.dossier).ordinal == 2
    with pytest.raises(ProtectedError):
        Dossier.objects.filter(pk=entry.dossier.pk).delete()
    assert DossierEntry.objects.filter(dossier=entry.dossier).count() == 2


def _new_dossier(cast, **overrides):
    values = {
        "unit": cast.units.tcbc,
        "notation": "01.TCBC",
        "title": "Hồ sơ tuyển dụng công chức năm 2026",
        "maintenance": "10 năm",
    }
    return {**values, **overrides}


def test_closing_needs_one_dossier_and_refuses_someone_elses(cast):
    doc = incoming(cast, status=IncomingDocument.Status.IN_PROGRESS, lead_user=cast.chuyen_vien)
    with pytest.raises(Refused) as excinfo:
        services.incoming_close(doc=doc, actor=cast.chuyen_vien)
    assert excinfo.value.field == "dossier"
    theirs = services.dossier_create(actor=cast.chuyen_vien_khac, unit=cast.units.ns, notation="NS-1",
                                     title="Hồ sơ ngân sách", maintenance="5 năm")  # fmt: skip
    with pytest.raises(Refused) as excinfo:
        services.incoming_close(doc=doc, actor=cast.chuyen_vien, dossier=theirs)
    assert excinfo.value.field == "dossier"
    doc.refresh_from_db()
    assert doc.status == IncomingDocument.Status.IN_PROGRESS


def test_a_dossier_notation_is_unique_in_the_agency_and_year(cast):
    services.dossier_create(actor=cast.chuyen_vien, **_new_dossier(cast))
    with pytest.raises(Refused) as excinfo:
        services.dossier_create(actor=cast.chuyen_vien_2, **_new_dossier(cast, title="Khác"))
    assert excinfo.value.field == "notation"
    with pytest.raises(Refused) as excinfo:
        services.dossier_create(
            actor=cast.chuyen_vien, **_new_dossier(cast, unit=cast.units.ns, notation="X")
        )
    assert excinfo.value.field == "unit"


def test_a_reader_shares_with_a_colleague(cast):
    doc = incoming(cast, status=IncomingDocument.Status.IN_PROGRESS, lead_user=cast.chuyen_vien)
    assert not may.visible_incoming(cast.chuyen_vien_khac).filter(pk=doc.pk).exists()
    services.incoming_share(
        doc=doc, actor=cast.chuyen_vien, people=[cast.chuyen_vien_khac], note="Để tham khảo"
    )
    assert may.visible_incoming(cast.chuyen_vien_khac).filter(pk=doc.pk).exists()
    assert DocumentReader.objects.get(incoming=doc, user=cast.chuyen_vien_khac).shared
    assert AuditEvent.objects.filter(action="documents.incomingdocument.shared").exists()


def test_a_delegate_forwards_on_behalf_of_the_unit_head_and_both_are_recorded(cast):
    from tests.assignments.workflow_cast import fresh, lend

    lend(fresh(cast.truong_phong), fresh(cast.chuyen_vien_2), fresh(cast.giam_doc))
    doc = incoming(cast, status=IncomingDocument.Status.IN_PROGRESS, lead_unit=cast.units.tcbc)
    delegate = fresh(cast.chuyen_vien_2)
    step = services.incoming_forward(doc=doc, actor=delegate, route=services.Route(leads=[cast.chuyen_vien]))
    assert step.sender == delegate and step.on_behalf_of == cast.truong_phong
    event = AuditEvent.objects.get(action="documents.incomingdocument.forward", object_id=str(doc.pk))
    assert event.actor == delegate and event.on_behalf_of == cast.truong_phong


def test_a_unit_head_passes_it_on_inside_the_unit_only(cast):
    doc = incoming(cast, status=IncomingDocument.Status.IN_PROGRESS, lead_unit=cast.units.tcbc)
    with pytest.raises(Refused) as excinfo:
        services.incoming_forward(
            doc=doc, actor=cast.truong_phong, route=services.Route(leads=[cast.chuyen_vien_khac])
        )
    assert excinfo.value.field == "lead" and "Phòng Tổ chức biên chế" in excinfo.value.message
    # the chairman re-routes anywhere in the agency
    services.incoming_forward(
        doc=doc, actor=cast.chu_tich, route=services.Route(leads=[cast.chuyen_vien_khac])
    )
    doc.refresh_from_db()
    assert doc.lead_user == cast.chuyen_vien_khac
