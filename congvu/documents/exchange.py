"""Delivering an issued document to its recipients, behind one interface (issue #9; DOC-5, DOC-8 later).

A ``Transport`` takes the recipients it knows how to reach and delivers the document to each:

- ``InternalTransport``: an agency of this installation receives it as its own incoming document,
  waiting "received" in its clerk's list — every field and file copied, nothing retyped;
- ``RecordedTransport``: any other recipient (an agency of the catalogue, a name typed): the
  clerk sends it outside the system (post, official e-mail) and the sending is recorded.

``settings.DOCUMENTS_TRANSPORTS`` names the transports in the order they are asked (dotted paths);
an edXML transport (Nghị định 30/2020 Điều 9, Phụ lục VI; the national document exchange) plugs in
by joining that list before ``RecordedTransport``. A transport writes only through the delivery's
workflow helpers and the incoming services' shapes; it raises to mark one recipient failed.
"""

from __future__ import annotations

from typing import Any, Protocol

from django.conf import settings
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext_noop

from congvu.core import audit
from congvu.documents.models import (
    DocumentFile,
    IncomingDocument,
    OutgoingDocument,
    OutgoingRecipient,
)
from congvu.documents.services import search_text_refresh
from congvu.documents.workflow import set_delivery_state
from congvu.org import tree

DEFAULT_TRANSPORTS = (
    "congvu.documents.exchange.InternalTransport",
    "congvu.documents.exchange.RecordedTransport",
)


class Transport(Protocol):
    """One way of reaching recipients."""

    name: str

    def accepts(self, recipient: OutgoingRecipient) -> bool:
        """Whether this transport reaches ``recipient``."""
        ...

    def deliver(self, *, document: OutgoingDocument, recipient: OutgoingRecipient, actor: Any) -> None:
        """Deliver ``document`` to ``recipient`` (its state moves to sent); raise to fail it."""
        ...


def main_file(document: OutgoingDocument) -> Any:
    """What leaves: the signed PDF, else the last version of the draft file."""
    if document.signed_file_id:
        return document.signed_file
    last = document.versions.order_by("-number").select_related("file").first()
    return last.file if last else None


class InternalTransport:
    """To an agency of this installation: a new incoming document of that agency, "received"."""

    name = "internal"

    def accepts(self, recipient: OutgoingRecipient) -> bool:
        return recipient.unit_id is not None

    def deliver(self, *, document: OutgoingDocument, recipient: OutgoingRecipient, actor: Any) -> None:
        assert recipient.unit is not None
        agency = tree.agency_of(recipient.unit)
        sender = document.agency
        incoming = IncomingDocument.objects.create(
            agency=agency,
            status=IncomingDocument.Status.RECEIVED,
            document_type=document.document_type,
            code_number=document.code_number,
            code_notation=document.code_notation,
            issued_date=document.issued_date,
            subject=document.subject,
            language=document.language,
            page_amount=document.page_amount,
            signer_name=document.signer_name,
            signer_position=document.signer_position,
            urgency=document.urgency,
            is_priority=document.is_priority,
            field=document.field,
            due_date=document.due_date,
            sender_unit=sender,
            sender_name=sender.name[:200],
            sender_organ_id=sender.agency_code or "",
            source=document,
            file=main_file(document),
        )
        files = DocumentFile.objects.filter(outgoing=document, kind=DocumentFile.Kind.ATTACHMENT)
        # The main file is listed among the document's files too, as a registered one's is: the
        # receiving agency reads and checks the signed PDF from the document's page.
        main = (
            []
            if incoming.file_id is None
            else [
                DocumentFile.objects.filter(outgoing=document, file_id=incoming.file_id).first()
                or DocumentFile(file_id=incoming.file_id, kind=DocumentFile.Kind.MAIN)
            ]
        )
        DocumentFile.objects.bulk_create(
            [
                DocumentFile(
                    incoming=incoming,
                    file_id=item.file_id,
                    kind=DocumentFile.Kind.MAIN if item in main else item.kind,
                    text=item.text,
                    text_state=item.text_state,
                    added_by=actor,
                )
                for item in [*main, *files]
            ]
        )
        search_text_refresh(incoming)
        audit.record(
            actor=actor,
            action="documents.incomingdocument.received",
            obj=incoming,
            after={"from": sender.name, "outgoing_id": document.pk},
        )
        set_delivery_state(
            recipient, OutgoingRecipient.State.SENT, sent_at=timezone.now(), delivered=incoming
        )
        _tell_clerks(agency, incoming)


def _tell_clerks(agency: Any, incoming: IncomingDocument) -> None:
    """The receiving agency's clerks: a document waits to be registered (seed 002 Đ9.1)."""
    from congvu.accounts.models import User
    from congvu.notifications.services import notify, subject_of
    from congvu.org.models import RoleGrant

    clerks = User.objects.filter(
        status=User.Status.ACTIVE, role_grants__role=RoleGrant.Role.CLERK, role_grants__unit=agency
    ).distinct()
    notify(
        recipients=clerks,
        title=gettext_noop("Văn bản đến chờ vào sổ: %(subject)s"),
        params={"subject": incoming.subject[:200], "sender": incoming.sender_name},
        kind="documents.incoming.received",
        event_key=f"documents.incoming:{incoming.pk}:received",
        subject=subject_of(incoming),
        awaits="register",
    )


class RecordedTransport:
    """Any other recipient: sent outside the system by the clerk; the sending is recorded."""

    name = "recorded"

    def accepts(self, recipient: OutgoingRecipient) -> bool:
        return True

    def deliver(self, *, document: OutgoingDocument, recipient: OutgoingRecipient, actor: Any) -> None:
        set_delivery_state(recipient, OutgoingRecipient.State.SENT, sent_at=timezone.now())


def transports() -> list[Transport]:
    names = getattr(settings, "DOCUMENTS_TRANSPORTS", None) or DEFAULT_TRANSPORTS
    return [import_string(name)() for name in names]


def transport_for(recipient: OutgoingRecipient, available: list[Transport] | None = None) -> Transport | None:
    for transport in available if available is not None else transports():
        if transport.accepts(recipient):
            return transport
    return None


def delivery_failed(recipient: OutgoingRecipient, error: str) -> None:
    """A delivery that did not go through: marked failed with its error, to be sent again."""
    set_delivery_state(recipient, OutgoingRecipient.State.FAILED, error=error[:500])
