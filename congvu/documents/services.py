"""Writes shared by every documents feature: the default registers of an agency, who is on a
document's path (``DocumentReader``), a document's files and its search text.

Each feature's own writes live in its package (``incoming.services``, ``outgoing.services``,
``signing.services``, ``registers.services``, ``dossiers`` inside ``incoming``); they call these.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.db.models import Model

from congvu.core import audit
from congvu.core.decisions import Refused
from congvu.core.files import Upload, store_upload
from congvu.core.tasks_api import enqueue_on_commit
from congvu.core.text import search_text
from congvu.documents.models import (
    Direction,
    DocumentFile,
    DocumentReader,
    IncomingDocument,
    OutgoingDocument,
    Register,
)
from congvu.org import policies as org
from congvu.org.models import Unit

MAX_FILES = 20  # files a person may attach to one document in one go
DEFAULT_REGISTER_NAMES = {
    Direction.INCOMING: "Sổ văn bản đến",
    Direction.OUTGOING: "Sổ văn bản đi",
}


def default_register(*, agency: Unit, direction: str) -> Register:
    """The agency's default register of a direction, created on first use: every agency can
    register and issue at once; its clerk adds separate series later (R-NUM-2)."""
    register = Register.objects.filter(
        agency=agency, direction=direction, is_default=True, is_active=True
    ).first()
    if register is not None:
        return register
    register, _created = Register.objects.get_or_create(
        agency=agency,
        direction=direction,
        name=DEFAULT_REGISTER_NAMES[Direction(direction)],
        defaults={"is_default": True},
    )
    return register


def _doc_field(doc: Model) -> str:
    return "incoming" if isinstance(doc, IncomingDocument) else "outgoing"


def reader_add(
    *,
    doc: IncomingDocument | OutgoingDocument,
    user: Any = None,
    unit: Unit | None = None,
    shared: bool = False,
) -> None:
    """Put a person (with the unit they work in, so their leaders read it too) or a unit on the
    document's path. Idempotent."""
    field = _doc_field(doc)
    if user is not None:
        membership = org.primary_membership(user)
        path = membership.unit.path if membership else ""
        if not DocumentReader.objects.filter(**{field: doc}, user=user).exists():
            DocumentReader.objects.create(
                **{field: doc}, user=user, unit_path=path, shared=shared, agency_id=doc.agency_id
            )
    if (
        unit is not None
        and not DocumentReader.objects.filter(**{field: doc}, user=None, unit_path=unit.path).exists()
    ):
        DocumentReader.objects.create(
            **{field: doc}, unit_path=unit.path, shared=shared, agency_id=doc.agency_id
        )


def files_attach(
    *,
    doc: IncomingDocument | OutgoingDocument,
    uploads: Iterable[Upload],
    actor: Any,
    kind: str = DocumentFile.Kind.ATTACHMENT,
) -> list[DocumentFile]:
    """Keep each upload through the core file service (DOC-6, DOC-7: format by content, 25 MB,
    no secrecy stamp) and attach it; its text is extracted for search in the background (DOC-10)."""
    uploads = list(uploads)
    if len(uploads) > MAX_FILES:
        raise Refused.invalid(f"Mỗi lần đính kèm tối đa {MAX_FILES} tệp.", field="files")
    field = _doc_field(doc)
    attached = []
    with transaction.atomic():
        for upload in uploads:
            stored = store_upload(uploaded_file=upload, actor=actor)
            attached.append(
                DocumentFile.objects.create(**{field: doc}, file=stored, kind=kind, added_by=actor)
            )
        for item in attached:
            enqueue_on_commit("congvu.documents.search.jobs.extract_text", item.pk)
    return attached


def search_text_refresh(doc: IncomingDocument | OutgoingDocument) -> None:
    """The folded text searched for a document (DOC-10): number and notation ("1234/QĐ-UBND" is
    found by "so 1234"), subject, sender, signer, arrival number and its files' extracted text."""
    parts: list[str | None] = [
        doc.code_number,
        doc.code_notation,
        doc.number_and_notation,
        doc.subject,
        doc.signer_name,
        doc.description,
    ]
    if isinstance(doc, IncomingDocument):
        parts += [doc.sender_name, str(doc.arrival_number or "")]
    texts = DocumentFile.objects.filter(**{_doc_field(doc): doc}).values_list("text", flat=True)
    parts += list(texts)
    text = search_text(*parts)
    type(doc).objects.filter(pk=doc.pk).update(search_text=text)
    doc.search_text = text


def audit_event(
    action: str,
    obj: Model,
    *,
    actor: Any,
    on_behalf_of: Any = None,
    note: str = "",
    after: dict[str, Any] | None = None,
) -> None:
    """An audited act on a document that is not a transition (viewed, downloaded, printed, shared:
    F-5a, F-6l), e.g. ``audit_event("documents.incomingdocument.viewed", doc, actor=user)``."""
    audit.record(action=action, obj=obj, actor=actor, on_behalf_of=on_behalf_of, note=note, after=after)


def file_downloaded(*, doc: IncomingDocument | OutgoingDocument, stored: Any, actor: Any) -> None:
    """Audit a download of one of the document's files (F-6l)."""
    audit_event(
        f"documents.{type(doc).__name__.lower()}.downloaded",
        doc,
        actor=actor,
        after={"file": stored.original_name, "file_id": stored.pk},
    )
