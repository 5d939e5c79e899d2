"""The documents' pages lead to each other's actions: the lead of an incoming document answers it
("Trả lời" → a reply draft), the reply names the document it answers, and the signer finds "Ký số"
on a document waiting for their signature — each shown only to the person who may act."""

from __future__ import annotations

from django.urls import reverse

from congvu.documents.models import IncomingDocument, OutgoingDocument
from tests.documents.cast import build_documents_cast, incoming, outgoing


def test_the_lead_answers_an_incoming_document_and_the_reply_names_it(province, signed_in):
    cast = build_documents_cast(province)
    doc = incoming(cast, status=IncomingDocument.Status.IN_PROGRESS, lead_user=cast.chuyen_vien)
    reply = reverse("documents:outgoing_reply", args=[doc.pk])
    assert reply in signed_in(cast.chuyen_vien).get(f"/van-ban/den/{doc.pk}/").content.decode()
    # the chairman routed it and reads it, but does not handle it
    assert reply not in signed_in(cast.chu_tich).get(f"/van-ban/den/{doc.pk}/").content.decode()

    draft = outgoing(cast)
    OutgoingDocument.objects.filter(pk=draft.pk).update(in_reply_to=doc)
    page = signed_in(cast.chuyen_vien).get(f"/van-ban/di/{draft.pk}/").content.decode()
    assert reverse("documents:incoming_detail", args=[doc.pk]) in page


def test_only_the_signer_finds_sign_on_a_document_waiting_for_signature(province, signed_in):
    cast = build_documents_cast(province)
    doc = outgoing(cast, status=OutgoingDocument.Status.TO_SIGN)
    sign = reverse("documents:outgoing_sign", args=[doc.pk])
    assert sign in signed_in(cast.chu_tich).get(f"/van-ban/di/{doc.pk}/").content.decode()
    assert sign not in signed_in(cast.chuyen_vien).get(f"/van-ban/di/{doc.pk}/").content.decode()
