"""The outgoing workflow (DOC-4, DOC-5; seed 002 Điều 10; Nghị định 30/2020 Điều 14–19):
transition × persona × state → allowed (the state after, an audit row) or refused (nothing changed).

The expected outcomes are written here by hand from the regulation — never read from
``congvu.documents.workflow`` or ``policies``. What the regulation says, in short:

- the officer who drafts (người soạn thảo) submits the draft to the head of the drafting unit
  (Đ10.2), may take it back before a decision, may abandon it before review, and checks the
  numbered document before it is released (Đ10.6);
- the unit head gives an opinion: returns it to the drafter (with a reason) or agrees and sends it on
  to the agency leader (Đ10.3); the agency leader who signs approves it for issue or returns it
  (Đ10.4) — each only at their own step, in the order of the chain;
- the clerk (văn thư) of the issuing agency numbers the approved document from the register (Đ10.5,
  Điều 15) and releases the signed document (Điều 16);
- someone off the document's path (an officer of another Sở) does none of it.

A document here is UBND tỉnh's, drafted by Minh (Phòng TCBC), reviewed by Sơn (Trưởng phòng)
then Hùng (Chủ tịch, the signer); the clerk is Hoa. The scene is built once for the module; each
case puts one document into one state inside its own savepoint and is rolled back.
"""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from congvu.core.decisions import Refused
from congvu.core.models import AuditEvent
from congvu.documents.models import OutgoingDocument
from congvu.documents.outgoing import services
from tests.conftest import build_province, built_once
from tests.documents.cast import build_documents_cast, docx_bytes, outgoing

S = OutgoingDocument.Status

ACT = {
    "submit": lambda doc, actor: services.submit(doc=doc, actor=actor),
    "pass_on": lambda doc, actor: services.pass_on(doc=doc, actor=actor),
    "approve": lambda doc, actor: services.approve(doc=doc, actor=actor),
    "return": lambda doc, actor: services.return_draft(doc=doc, actor=actor, reason="Chưa nêu rõ chỉ tiêu"),
    "withdraw": lambda doc, actor: services.withdraw(doc=doc, actor=actor),
    "number": lambda doc, actor: services.number(doc=doc, actor=actor),
    "check": lambda doc, actor: services.check(doc=doc, actor=actor),
    "send": lambda doc, actor: services.send(doc=doc, actor=actor, recipient_names=["Báo Bình Sơn"]),
    "cancel": lambda doc, actor: services.cancel(doc=doc, actor=actor, reason="Không ban hành nữa"),
}

PERSONAS = ("drafter", "unit_head", "signer", "clerk", "outsider")
# The states a person can find a document in; "in review" twice: at the unit head's step, at the signer's.
STATES = (
    "draft",
    "in_review@unit_head",
    "in_review@signer",
    "returned",
    "approved",
    "numbered",
    "to_sign",
    "signed",
    "issued",
    "cancelled",
)

# (transition, state) → {persona: state after}; every persona not named is refused.
ALLOWED: dict[tuple[str, str], dict[str, str]] = {
    ("submit", "draft"): {"drafter": S.IN_REVIEW},
    ("submit", "returned"): {"drafter": S.IN_REVIEW},
    ("pass_on", "in_review@unit_head"): {"unit_head": S.IN_REVIEW},
    ("approve", "in_review@signer"): {"signer": S.APPROVED},
    ("return", "in_review@unit_head"): {"unit_head": S.RETURNED},
    ("return", "in_review@signer"): {"signer": S.RETURNED},
    ("withdraw", "in_review@unit_head"): {"drafter": S.DRAFT},
    ("withdraw", "in_review@signer"): {"drafter": S.DRAFT},
    ("number", "approved"): {"clerk": S.NUMBERED},
    ("check", "numbered"): {"drafter": S.TO_SIGN},
    ("send", "signed"): {"clerk": S.ISSUED},
    ("cancel", "draft"): {"drafter": S.CANCELLED},
    ("cancel", "returned"): {"drafter": S.CANCELLED},
}

CASES = [(t, state, persona) for t in ACT for state in STATES for persona in PERSONAS]


def build_scene():
    cast = build_documents_cast(build_province())
    people = {
        "drafter": cast.chuyen_vien,
        "unit_head": cast.truong_phong,
        "signer": cast.chu_tich,
        "clerk": cast.van_thu,
        "outsider": cast.chuyen_vien_khac,
    }
    return SimpleNamespace(cast=cast, people=people)


@pytest.fixture(scope="module")
def scene(django_db_setup, django_db_blocker):
    with built_once(django_db_blocker, build_scene) as built:
        yield built


def _put(cast, state):
    status, _at, step = state.partition("@")
    return outgoing(cast, status=status, current=1 if step == "signer" else 0)


def test_the_table_names_only_real_transitions_and_states():
    from congvu.documents.workflow import OUTGOING_WORKFLOW

    product = set(OUTGOING_WORKFLOW.transitions) - {"sign"}  # sign: the signing part's table
    assert set(ACT) == product
    assert {s.partition("@")[0] for s in STATES} == set(S.values)
    assert {key[1] for key in ALLOWED} <= set(STATES)


@pytest.mark.parametrize(("transition", "state", "persona"), CASES)
def test_outgoing_table(scene, db, transition, state, persona):
    doc = _put(scene.cast, state)
    actor = scene.people[persona]
    expected = ALLOWED.get((transition, state), {}).get(persona)
    before = OutgoingDocument.objects.get(pk=doc.pk).status
    if expected is None:
        with pytest.raises(Refused) as refused:
            ACT[transition](doc, actor)
        assert refused.value.kind in (Refused.Kind.NOT_ALLOWED, Refused.Kind.WRONG_STATE)
        assert OutgoingDocument.objects.get(pk=doc.pk).status == before
        assert not AuditEvent.objects.filter(
            action=f"documents.outgoingdocument.{transition}", object_id=str(doc.pk)
        ).exists()
    else:
        ACT[transition](doc, actor)
        assert OutgoingDocument.objects.get(pk=doc.pk).status == expected
        event = AuditEvent.objects.get(
            action=f"documents.outgoingdocument.{transition}", object_id=str(doc.pk)
        )
        assert event.actor == actor


# --- the actions that keep the state: edit the details, add a version of the file, comment ---------------
# The drafter edits the details only before review (after a return too); the draft file is the
# drafter's, and during review the reviewer whose turn it is may correct it directly (seed 002
# Đ10.3–10.4: "cho ý kiến, chỉnh sửa"); the drafter corrects the numbered document when checking it
# (Đ10.6). Comments: the reviewer whose turn it is, and the drafter, until the document is signed.
ACTIONS = {
    "edit": lambda doc, actor: services.draft_edit(doc=doc, actor=actor, subject="Kế hoạch (sửa)"),
    "add_version": lambda doc, actor: services.version_add(
        doc=doc, actor=actor, upload=("v2.docx", docx_bytes("Bản sửa"))
    ),
    "comment": lambda doc, actor: services.comment(doc=doc, actor=actor, text="Ý kiến"),
}
ACTION_ALLOWED: dict[tuple[str, str], set[str]] = {
    ("edit", "draft"): {"drafter"},
    ("edit", "returned"): {"drafter"},
    ("add_version", "draft"): {"drafter"},
    ("add_version", "returned"): {"drafter"},
    ("add_version", "in_review@unit_head"): {"unit_head"},
    ("add_version", "in_review@signer"): {"signer"},
    ("add_version", "numbered"): {"drafter"},
    ("comment", "draft"): {"drafter"},
    ("comment", "returned"): {"drafter"},
    ("comment", "in_review@unit_head"): {"unit_head", "drafter"},
    ("comment", "in_review@signer"): {"signer", "drafter"},
    ("comment", "approved"): {"drafter"},
    ("comment", "numbered"): {"drafter"},
}
ACTION_CASES = [(a, state, persona) for a in ACTIONS for state in STATES for persona in PERSONAS]


def test_the_action_table_names_only_real_actions():
    from congvu.documents.workflow import OUTGOING_WORKFLOW

    assert set(ACTIONS) == set(OUTGOING_WORKFLOW.actions)


@pytest.mark.parametrize(("action", "state", "persona"), ACTION_CASES)
def test_outgoing_action_table(scene, db, action, state, persona):
    doc = _put(scene.cast, state)
    actor = scene.people[persona]
    before = OutgoingDocument.objects.get(pk=doc.pk)
    if persona in ACTION_ALLOWED.get((action, state), set()):
        ACTIONS[action](doc, actor)
        assert OutgoingDocument.objects.get(pk=doc.pk).status == before.status
    else:
        with pytest.raises(Refused) as refused:
            ACTIONS[action](doc, actor)
        assert refused.value.kind in (Refused.Kind.NOT_ALLOWED, Refused.Kind.WRONG_STATE)
        after = OutgoingDocument.objects.get(pk=doc.pk)
        assert (after.subject, after.versions.count(), after.comments.count()) == (
            before.subject,
            before.versions.count(),
            before.comments.count(),
        )
