"""The files of a document a person may read: the main file, the attachments, the draft versions
and the signed copy — found through the document's own access check (F-3b)."""

from __future__ import annotations

from typing import Any

from congvu.core.decisions import Refused
from congvu.documents import policies
from congvu.documents.models import DocumentFile, DraftVersion, IncomingDocument, OutgoingDocument

KINDS = ("den", "di")  # the address segment: văn bản đến, văn bản đi


def document_of(user: Any, kind: str, doc_id: int) -> IncomingDocument | OutgoingDocument:
    """The document, or 404 alike for missing and not visible."""
    if kind == "den":
        return policies.access_incoming(user, doc_id)
    if kind == "di":
        return policies.access_outgoing(user, doc_id)
    raise Refused.not_found("Không tìm thấy văn bản.")


def file_of(doc: IncomingDocument | OutgoingDocument, file_id: int) -> Any:
    """The ``core.StoredFile`` ``file_id`` when it belongs to ``doc``, else 404."""
    if isinstance(doc, IncomingDocument):
        if doc.file_id == file_id:
            return doc.file
        found = DocumentFile.objects.filter(incoming=doc, file_id=file_id).select_related("file").first()
    else:
        if doc.signed_file_id == file_id:
            return doc.signed_file
        found = DocumentFile.objects.filter(outgoing=doc, file_id=file_id).select_related("file").first()
        if found is None:
            version = (
                DraftVersion.objects.filter(document=doc, file_id=file_id).select_related("file").first()
            )
            if version is not None:
                return version.file
    if found is None:
        raise Refused.not_found("Không tìm thấy tệp của văn bản.")
    return found.file
