"""Writes of documents search (DOC-10): the text extracted from a file, kept where the search
index reads it."""

from __future__ import annotations

from django.db import transaction

from congvu.documents import services as shared
from congvu.documents.models import DocumentFile

TEXT_STATES = ("pending", "done", "ocr", "none", "failed")


def file_text_record(item: DocumentFile, *, text: str, state: str) -> str:
    """Store a file's extracted text and refresh its document's search text; returns ``state``."""
    if state not in TEXT_STATES:
        raise ValueError(f"unknown text state: {state}")
    with transaction.atomic():
        DocumentFile.objects.filter(pk=item.pk).update(text=text, text_state=state)
        item.text, item.text_state = text, state
        doc = item.incoming if item.incoming_id else item.outgoing
        if doc is not None:
            shared.search_text_refresh(doc)
    return state
