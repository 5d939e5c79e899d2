"""Signing and checking signatures in the API (DOC-5): a second adapter over the same policies,
services and selectors as the screens.

    POST /api/v1/documents/outgoing/{id}/sign     the signer signs the document waiting for them
    POST /api/v1/documents/signatures/verify      multipart "file": every signature of a PDF
                                                   (nothing is kept)

``router`` is mounted on the same prefix as the outgoing documents' router (paths carry integer
ids and verbs of their own, so they never clash); ``signatures`` on ``/documents/signatures``.

Answers (``core.api_errors``): 404 for a document missing or not visible (alike); 403 when it is
visible but the person is not its signer; 409 when it is not waiting for a signature (someone may
just have signed it); 400 when there is no PDF to sign, no certificate, or the file to check is
no PDF or too large.
"""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest
from ninja import File, Router, Schema, UploadedFile

from congvu.core.api_errors import errors
from congvu.core.api_inputs import Id
from congvu.core.client_address import client_ip
from congvu.documents.policies import access_outgoing
from congvu.documents.signing import selectors, services

router = Router(tags=["documents"])
signatures = Router(tags=["documents"])

ACT = (400, 403, 404, 409)


class SignatureOut(Schema):
    field: str
    signer: str
    signed_at: str | None  # ISO 8601 in Vietnam time, "2026-03-05T14:30:00+07:00" (R-SIG-1)
    intact: bool
    unchanged: bool
    valid: bool
    trusted: bool
    ok: bool
    problems: list[str]


class SignedOut(Schema):
    id: int
    status: str
    status_display: str
    signed_at: dt.datetime | None
    signed_file_id: int | None
    signatures: list[SignatureOut]


class VerifyOut(Schema):
    signed: bool
    ok: bool
    signatures: list[SignatureOut]


@router.post(
    "/{int:document_id}/sign",
    response=errors(*ACT, ok=SignedOut),
    operation_id="documents_outgoing_sign",
)
def outgoing_sign(request: HttpRequest, document_id: Id):
    doc = access_outgoing(request.user, document_id)
    signed = services.document_sign(doc=doc, actor=request.user, request_ip=client_ip(request))
    checks = selectors.stored_signatures(signed.signed_file)
    return {
        "id": signed.pk,
        "status": signed.status,
        "status_display": signed.get_status_display(),
        "signed_at": signed.signed_at,
        "signed_file_id": signed.signed_file_id,
        "signatures": [check.as_dict() for check in checks],
    }


@signatures.post("/verify", response=errors(403, ok=VerifyOut), operation_id="documents_signatures_verify")
def signatures_verify(request: HttpRequest, file: File[UploadedFile]):
    checks = selectors.uploaded_signatures(file)
    return {
        "signed": bool(checks),
        "ok": bool(checks) and all(check.ok for check in checks),
        "signatures": [check.as_dict() for check in checks],
    }
