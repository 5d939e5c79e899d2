"""Who may sign, in which state: written by hand from seed 002 Đ10 and Nghị định 30/2020 Điều 14
(the person named as signer signs the document once the drafter checked the numbered copy; nobody
else, and in no other state) — never read from the workflow under test. Someone acting for the
signer under an approved delegation signs with their own certificate, recorded on the signer's
behalf (ORG-8)."""

import pytest

from congvu.core.models import AuditEvent
from congvu.documents.models import OutgoingDocument
from congvu.documents.signing import selectors, services
from congvu.documents.signing.signers import verify_pdf
from congvu.documents.workflow import OUTGOING_WORKFLOW
from tests.documents.cast import build_documents_cast
from tests.documents.signing.helpers import to_sign
from tests.documents.signing.pki import PASSPHRASE, make_pkcs12
from tests.org.delegation_helpers import HOUR, approved, fresh

S = OutgoingDocument.Status
PERSONAS = ("chu_tich", "pho_chu_tich", "chuyen_vien", "truong_phong", "van_thu", "chuyen_vien_khac")
STATES = (
    S.DRAFT,
    S.IN_REVIEW,
    S.RETURNED,
    S.APPROVED,
    S.NUMBERED,
    S.TO_SIGN,
    S.SIGNED,
    S.ISSUED,
    S.CANCELLED,
)
# (persona, state) -> may sign. The chairman is the document's signer.
MAY_SIGN = {("chu_tich", S.TO_SIGN)}


@pytest.mark.parametrize("state", STATES)
def test_only_the_signer_signs_and_only_when_it_waits_for_signature(province, state):
    cast = build_documents_cast(province)
    doc = to_sign(cast, data=None)
    doc.status = state
    for persona in PERSONAS:
        decision = OUTGOING_WORKFLOW.check("sign", doc, getattr(cast, persona))
        assert bool(decision) == ((persona, state) in MAY_SIGN), (persona, state)


def test_the_table_covers_every_state():
    assert set(STATES) == set(S.values)


def test_who_acts_for_the_signer_signs_on_their_behalf(province, pki, settings, clock):
    cast = build_documents_cast(province)
    settings.SIGNING_PKCS12 = ""
    settings.SIGNING_DEMO_DIR = pki.dir
    deputy = cast.pho_giam_doc
    make_pkcs12(pki.ca, pki.dir, deputy.full_name, f"{deputy.username}.p12")
    settings.SIGNING_PASSPHRASE = PASSPHRASE
    doc = to_sign(cast, signer=cast.giam_doc)
    delegation = approved(cast.giam_doc, deputy, cast.chu_tich)
    clock.move_to(delegation.starts_at + HOUR)
    signed = services.document_sign(doc=doc, actor=fresh(deputy))
    event = AuditEvent.objects.get(action="documents.outgoingdocument.sign")
    assert event.actor == deputy and event.on_behalf_of == cast.giam_doc
    assert signed.signer_name == deputy.full_name
    [check] = verify_pdf(selectors.file_bytes(signed.signed_file))
    assert check.ok and check.signer == deputy.full_name
