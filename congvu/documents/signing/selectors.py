"""What the signing screens and API read: the documents waiting for a person's signature, the file
to sign, the stamp it will carry, and the home page's "Văn bản chờ ký" (DOC-5)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.core.files.storage import default_storage
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from congvu.core import registry
from congvu.core.decisions import Refused
from congvu.core.pagination import KeysetPage, keyset_page
from congvu.documents.models import DocumentFile, DraftVersion, OutgoingDocument
from congvu.documents.signing.signers import SignatureCheck, Stamp, verify_pdf
from congvu.documents.workflow import OUTGOING_WORKFLOW
from congvu.org import policies as org
from congvu.org import tree

QUEUE_ORDER = ("-id",)
HOME_ITEMS = 5

NO_FILE = "Văn bản chưa có tệp để ký: người soạn thảo đính kèm bản PDF của văn bản."
DOCX_ONLY = (
    "Tệp văn bản là {name} (không phải PDF): người soạn thảo đính kèm bản PDF của văn bản để ký số. "
    "Hệ thống không tự chuyển DOCX sang PDF."
)
PDF = "application/pdf"


def is_pdf(stored: Any) -> bool:
    return stored.content_type == PDF or stored.original_name.lower().endswith(".pdf")


def waiting_for_signature(user: Any) -> QuerySet[OutgoingDocument]:
    """Documents in "chờ ký" whose signer is this person, or someone they act for now (ORG-8)."""
    if not getattr(user, "pk", None):
        return OutgoingDocument.objects.none()
    people = [user.pk, *(p.pk for p in tree.principals(user))]
    return OutgoingDocument.objects.filter(status=OutgoingDocument.Status.TO_SIGN, signer_id__in=people)


def queue_page(user: Any, *, after: str | None, size: int | None = None) -> KeysetPage:
    """The signing queue, newest first, one query per page."""
    queryset = waiting_for_signature(user).select_related(
        "document_type", "drafter", "drafting_unit", "signer"
    )
    return keyset_page(queryset, order=QUEUE_ORDER, after=after, size=size or settings.PAGE_SIZE)


def file_to_sign(doc: OutgoingDocument) -> Any:
    """The ``core.StoredFile`` the signer signs: the newest PDF among the document's main files,
    else the newest draft version when it is a PDF. A DOCX is refused with what to do (the system
    does not convert it)."""
    mains = list(
        DocumentFile.objects.filter(outgoing=doc, kind=DocumentFile.Kind.MAIN)
        .select_related("file")
        .order_by("-id")
    )
    for item in mains:
        if is_pdf(item.file):
            return item.file
    version = DraftVersion.objects.filter(document=doc).select_related("file").order_by("-number").first()
    if version is not None and is_pdf(version.file):
        return version.file
    other = mains[0].file if mains else version.file if version is not None else None
    if other is None:
        raise Refused.invalid(NO_FILE)
    raise Refused.invalid(DOCX_ONLY.format(name=other.original_name))


def file_bytes(stored: Any) -> bytes:
    with default_storage.open(stored.storage_name, "rb") as handle:
        data: bytes = handle.read()
    return data


def stamp_for(doc: OutgoingDocument, person: Any, *, at: dt.datetime | None = None) -> Stamp:
    """The visible signature of ``person`` on ``doc`` (standards §2.7): their name, the position
    the document names for its signer (else their own post), the agency, and the time."""
    membership = org.primary_membership(person)
    position = doc.signer_position or (membership.position.name if membership else "")
    return Stamp(
        name=getattr(person, "full_name", "") or person.get_username(),
        position=position,
        agency=doc.agency.name,
        signed_at=at or timezone.now(),
    )


def home_section(user: Any) -> dict[str, Any] | None:
    """ "Văn bản chờ ký" on the home page, and its number among "Chờ tôi xử lý": shown only to
    someone with documents waiting for their signature (one query, two when there are many)."""
    items = list(
        waiting_for_signature(user)
        .select_related("document_type", "drafter")
        .order_by("-id")[: HOME_ITEMS + 1]
    )
    if not items:
        return None
    total = len(items) if len(items) <= HOME_ITEMS else waiting_for_signature(user).count()
    url = reverse("documents:signing_queue")
    return {
        "items": items[:HOME_ITEMS],
        "total": total,
        "url": url,
        "counts": [registry.Count(_("Văn bản chờ ký"), total, url, "warn", waiting=True)],
    }


def can_sign(user: Any, doc: OutgoingDocument) -> bool:
    """Does the screen offer "Ký số" (state and signer, as the workflow decides)?"""
    return bool(OUTGOING_WORKFLOW.check("sign", doc, user))


TOO_BIG = "Tệp quá lớn để kiểm tra: tối đa {mb} MB."
NOT_PDF_UPLOAD = "Chọn một tệp PDF để kiểm tra chữ ký số."


def read_pdf_upload(uploaded: Any, *, field: str = "file") -> bytes:
    """The bytes of a PDF a person uploads to check (nothing is kept): at most the upload limit
    (``UPLOAD_MAX_BYTES``), read in chunks so a larger one is refused without reading it all."""
    limit = settings.UPLOAD_MAX_BYTES
    too_big = Refused.invalid(TOO_BIG.format(mb=limit // (1024 * 1024)), field=field)
    if uploaded is None:
        raise Refused.invalid(NOT_PDF_UPLOAD, field=field)
    if uploaded.size is not None and uploaded.size > limit:
        raise too_big
    chunks, total = [], 0
    for chunk in uploaded.chunks():
        total += len(chunk)
        if total > limit:
            raise too_big
        chunks.append(chunk)
    data = b"".join(chunks)
    if not data.lstrip()[:5] == b"%PDF-":
        raise Refused.invalid(NOT_PDF_UPLOAD, field=field)
    return data


def uploaded_signatures(uploaded: Any, *, field: str = "file") -> list[SignatureCheck]:
    """Every signature of an uploaded PDF, checked against the configured roots (F: kiểm tra chữ ký số)."""
    try:
        return verify_pdf(read_pdf_upload(uploaded, field=field))
    except Refused as refused:
        raise refused.on_field(field) from None


def stored_signatures(stored: Any) -> list[SignatureCheck]:
    """Every signature of one of a document's kept files; a file that is not a PDF has none."""
    if not is_pdf(stored):
        return []
    return verify_pdf(file_bytes(stored))


def source_of(doc: OutgoingDocument) -> tuple[Any, str]:
    """The file the signer would sign and "", or None and why there is none to sign."""
    try:
        return file_to_sign(doc), ""
    except Refused as refused:
        return None, refused.message


def sign_refusal(user: Any, doc: OutgoingDocument) -> str:
    """Why this person may not sign this document now, in the workflow's words."""
    return OUTGOING_WORKFLOW.check("sign", doc, user).reason or ""
