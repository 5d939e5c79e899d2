"""Signing an outgoing document, and the audited print of a document's file (DOC-5; Phụ lục VI
F-6k, F-6l; Nghị định 30/2020 Điều 14.3: the e-document carries the digital signature).

``document_sign`` is the ``sign`` transition of the outgoing workflow (chờ ký → chờ phát hành): only
the document's signer (or who acts for them) signs. The slow work — reading the PDF, signing it,
checking the new signature — happens before the transaction opens; a signature that does not
check out is refused and nothing is saved.
"""

from __future__ import annotations

from pathlib import PurePosixPath
from typing import Any

from django.db import transaction
from django.utils import timezone

from congvu.core.decisions import Refused
from congvu.core.files import inspect_upload
from congvu.documents import services as documents
from congvu.documents.models import DocumentFile, IncomingDocument, OutgoingDocument
from congvu.documents.signing import exports, selectors, signers
from congvu.documents.workflow import OUTGOING_WORKFLOW

NOT_VERIFIED = (
    "Chữ ký số vừa tạo không kiểm tra được ({problems}): văn bản chưa được ký, không có gì được lưu."
)
NOT_PDF_TO_PRINT = "Chỉ in được tệp PDF."


def _signed_name(original: str) -> str:
    stem = PurePosixPath(original).stem or "van-ban"
    return f"{stem[:200]}-da-ky-so.pdf"


def document_sign(*, doc: OutgoingDocument, actor: Any, request_ip: str | None = None) -> OutgoingDocument:
    """Sign the document's PDF with the signer's certificate and a visible stamp (standards §2.7),
    keep the signed PDF as the document's main file and move it to "chờ phát hành"; audited as
    ``documents.outgoingdocument.sign`` (with whom the signer acted for)."""
    OUTGOING_WORKFLOW.require("sign", doc, actor)  # who and when, before the slow work
    source = selectors.file_to_sign(doc)
    stamp = selectors.stamp_for(doc, actor)
    signed = signers.configured_signer(actor).sign(selectors.file_bytes(source), stamp=stamp)
    checks = signers.verify_pdf(signed)
    if not checks or not checks[-1].ok:
        problems = " ".join(checks[-1].problems) if checks else "không thấy chữ ký"
        raise Refused.invalid(NOT_VERIFIED.format(problems=problems.rstrip(".")))
    checked = inspect_upload((_signed_name(source.original_name), signed))
    with transaction.atomic():
        [attached] = documents.files_attach(
            doc=doc, uploads=[checked], actor=actor, kind=DocumentFile.Kind.MAIN
        )
        return OUTGOING_WORKFLOW.apply(
            "sign",
            doc,
            actor=actor,
            changes={
                "signed_file_id": attached.file_id,
                "signer_name": stamp.name[:50],
                "signer_position": stamp.position[:100],
            },
            request_ip=request_ip,
        )


def file_printed(*, doc: IncomingDocument | OutgoingDocument, stored: Any, actor: Any) -> bytes:
    """The PDF of one of the document's files with "In bởi <người> lúc <thời gian>" at the foot of
    each page (F-6k), audited as printed (F-6l). The kept file is not changed."""
    if not selectors.is_pdf(stored):
        raise Refused.invalid(NOT_PDF_TO_PRINT)
    name = getattr(actor, "full_name", "") or actor.get_username()
    marked = exports.print_copy(selectors.file_bytes(stored), printed_by=name, at=timezone.now())
    documents.audit_event(
        f"documents.{type(doc).__name__.lower()}.printed",
        doc,
        actor=actor,
        after={"file": stored.original_name, "file_id": stored.pk},
    )
    return marked
