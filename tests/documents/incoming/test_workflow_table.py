"""The incoming-document workflow (DOC-1..DOC-3; seed 002 Điều 9; Nghị định 30/2020 Điều 20–24;
docs/workflows/documents.md): step × persona × state → done, or refused with its kind.

The expected outcomes are written here by hand from the regulation — never read from
``congvu.documents.workflow`` or ``policies``. What the regulation says, in short:

- the clerk (văn thư) of the agency registers what arrives (Đ9.1, Điều 22) and may correct the
  registration until the document is routed (Đ14.4); nobody else registers;
- the agency's leaders (Chủ tịch, Phó Chủ tịch) route a registered document (Đ9.2, Đ9.4) and may
  re-route it while it is being handled;
- the lead of the step (here the unit Phòng TCBC, so its head Trưởng phòng Sơn) handles it or passes
  it to an officer (Đ9.3), and ends processing by filing it into a dossier (Đ9.5); the leaders above
  the unit lead it too (the chairman heads the whole tree);
- an officer who is not the lead and someone off the path do none of it;
- anyone who may read it shares it (the outsider cannot read it: the screens answer 404 before).

Outcomes: "ok", "forbidden" (not allowed: 403), "state" (wrong state: 409).
"""

from __future__ import annotations

import pytest

from congvu.core.decisions import RefusalKind, Refused
from congvu.documents.incoming import services
from congvu.documents.models import Dossier, IncomingDocument
from congvu.documents.workflow import INCOMING_WORKFLOW
from tests.documents.cast import build_documents_cast, incoming

S = IncomingDocument.Status
PERSONAS = ("clerk", "chairman", "unit_head", "officer", "outsider")
STATES = (S.RECEIVED, S.REGISTERED, S.IN_PROGRESS, S.DONE)

OK, NO, STATE = "ok", "forbidden", "state"

# step: {state: (clerk, chairman, unit_head, officer, outsider)}
EXPECTED = {
    "register": {
        S.RECEIVED: (OK, NO, NO, NO, NO),
        S.REGISTERED: (STATE,) * 5,
        S.IN_PROGRESS: (STATE,) * 5,
        S.DONE: (STATE,) * 5,
    },
    "distribute": {
        S.RECEIVED: (STATE,) * 5,
        S.REGISTERED: (NO, OK, NO, NO, NO),
        S.IN_PROGRESS: (STATE,) * 5,
        S.DONE: (STATE,) * 5,
    },
    "forward": {
        S.RECEIVED: (STATE,) * 5,
        S.REGISTERED: (STATE,) * 5,
        S.IN_PROGRESS: (NO, OK, OK, NO, NO),
        S.DONE: (STATE,) * 5,
    },
    "close": {
        S.RECEIVED: (STATE,) * 5,
        S.REGISTERED: (STATE,) * 5,
        S.IN_PROGRESS: (NO, OK, OK, NO, NO),
        S.DONE: (STATE,) * 5,
    },
    "edit": {
        S.RECEIVED: (OK, NO, NO, NO, NO),
        S.REGISTERED: (OK, NO, NO, NO, NO),
        S.IN_PROGRESS: (STATE,) * 5,
        S.DONE: (STATE,) * 5,
    },
    "reply": {
        S.RECEIVED: (STATE,) * 5,
        S.REGISTERED: (STATE,) * 5,
        S.IN_PROGRESS: (NO, OK, OK, NO, NO),
        S.DONE: (NO, OK, OK, NO, NO),
    },
    "share": {
        S.RECEIVED: (STATE,) * 5,
        S.REGISTERED: (OK, OK, OK, OK, OK),
        S.IN_PROGRESS: (OK, OK, OK, OK, OK),
        S.DONE: (OK, OK, OK, OK, OK),
    },
}
SERVICE_STEPS = {"register", "distribute", "forward", "close"}


def _persona(cast, name):
    return {
        "clerk": cast.van_thu,
        "chairman": cast.chu_tich,
        "unit_head": cast.truong_phong,
        "officer": cast.chuyen_vien_2,
        "outsider": cast.chuyen_vien_khac,
    }[name]


def _act(step, doc, actor, cast):
    """The step through its service (the state changes), or the workflow's question (actions)."""
    if step == "register":
        return services.incoming_accept(doc=doc, actor=actor)
    if step in ("distribute", "forward"):
        route = services.Route(leads=[cast.chuyen_vien], instruction="Đề nghị xử lý, báo cáo trước 10/12")
        call = services.incoming_distribute if step == "distribute" else services.incoming_forward
        return call(doc=doc, actor=actor, route=route)
    if step == "close":
        dossier = Dossier.objects.create(
            agency=doc.agency,
            unit=cast.units.tcbc,
            year=2026,
            notation="HS-01",
            title="Tuyển dụng công chức năm 2026",
            maintenance="10 năm",
            created_by=actor,
        )
        return services.incoming_close(doc=doc, actor=actor, dossier=dossier)
    return INCOMING_WORKFLOW.require(step, doc, actor)


def test_the_table_covers_every_step_and_state():
    assert set(EXPECTED) == set(INCOMING_WORKFLOW.steps)
    for step, by_state in EXPECTED.items():
        assert set(by_state) == set(INCOMING_WORKFLOW.states()), step


CASES = [
    (step, state, persona, outcome)
    for step, by_state in EXPECTED.items()
    for state, outcomes in by_state.items()
    for persona, outcome in zip(PERSONAS, outcomes, strict=True)
]


@pytest.mark.parametrize(("step", "state", "persona", "expected"), CASES)
def test_incoming_workflow(province, step, state, persona, expected):
    cast = build_documents_cast(province)
    lead = {"lead_unit": cast.units.tcbc} if state in (S.IN_PROGRESS, S.DONE) else {}
    doc = incoming(cast, status=state, **lead)
    actor = _persona(cast, persona)
    if expected == OK:
        _act(step, doc, actor, cast)
        if step in SERVICE_STEPS:
            doc.refresh_from_db()
            assert (
                doc.status
                == {
                    "register": S.REGISTERED,
                    "distribute": S.IN_PROGRESS,
                    "forward": S.IN_PROGRESS,
                    "close": S.DONE,
                }[step]
            )
        return
    with pytest.raises(Refused) as excinfo:
        _act(step, doc, actor, cast)
    kind = RefusalKind.NOT_ALLOWED if expected == NO else RefusalKind.WRONG_STATE
    assert excinfo.value.kind == kind, excinfo.value.message
    doc.refresh_from_db()
    assert doc.status == state
