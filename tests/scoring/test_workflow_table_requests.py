"""The entry-account request workflow (seed 003 Đ6.1, Đ8.2 bước 2; docs/workflows/scoring.md):
action × persona × state → allowed (the state after, the audit row naming who and for whom, the
entry role granted on approval) or refused (the Vietnamese reason, and nothing changed).

The expected outcomes are written here by hand from the regulation — never read from
``congvu.scoring.workflow`` or ``policies``. What seed 003 says, in short:

- a unit's leader asks Sở Nội vụ for a data-entry account for someone of the unit (Đ8.2 bước 2);
- only Home Affairs (the management account, Đ3.2) decides: it issues the account — the entry role
  on the unit — or refuses with the reason; a request decided is not decided again;
- the requesting leader, the entry accounts, the appraisers and the province's chairman do not
  decide; someone acting for Home Affairs under an approved delegation does, and the audit row
  names both (ORG-8).
"""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from congvu.core.decisions import Refused
from congvu.core.models import AuditEvent
from congvu.notifications.models import Notification
from congvu.org.models import RoleGrant
from congvu.scoring import services
from congvu.scoring.models import EntryRequest
from congvu.scoring.workflow import ENTRY_REQUEST_WORKFLOW
from tests.assignments.workflow_cast import fresh, lend, person
from tests.conftest import build_province, built_once
from tests.scoring.cast import build_scoring_cast

PENDING, APPROVED, REJECTED = "pending", "approved", "rejected"
STATES = (PENDING, APPROVED, REJECTED)

DECIDED = "Đề nghị này đã được xử lý."
NOT_MANAGER = "Chỉ Sở Nội vụ (tài khoản quản lý chấm điểm) mới làm được việc này."

PERSONAS = (
    "home_affairs",  # Hồ Thị Bích Ngọc, holds the scoring-management role
    "delegate",  # Vũ Thị Lan Hương, acting for Ngọc under a delegation
    "giam_doc",  # Hoàng Văn Nam, Giám đốc Sở Nội vụ — who made the request
    "chuyen_vien",  # Nguyễn Văn Minh, the entry account of Sở Nội vụ
    "appraiser_a",  # Võ Thị Kim Anh, council member
    "chu_tich",  # Trần Quốc Hùng, Chủ tịch UBND tỉnh
)
MANAGERS = ("home_affairs", "delegate")
PRINCIPAL = {"delegate": "home_affairs"}


def each(personas, state):
    return {p: state for p in personas}


NOBODY: dict[str, str] = {}

TABLE = {
    ("approve", PENDING): (each(MANAGERS, APPROVED), NOT_MANAGER),
    ("approve", APPROVED): (NOBODY, DECIDED),
    ("approve", REJECTED): (NOBODY, DECIDED),
    ("reject", PENDING): (each(MANAGERS, REJECTED), NOT_MANAGER),
    ("reject", APPROVED): (NOBODY, DECIDED),
    ("reject", REJECTED): (NOBODY, DECIDED),
}
ROWS = {"approve": ["scoring.entryrequest.approve"], "reject": ["scoring.entryrequest.reject"]}


def expected(action, state, persona):
    allowed, others = TABLE[(action, state)]
    if persona in allowed:
        return True, allowed[persona]
    return False, others


CASES = [(a, s, p) for (a, s) in TABLE for p in PERSONAS]


def build_scene():
    province = build_province()
    cast = build_scoring_cast(province, open_period=False)
    p = province
    delegate = person("huongvtl", "Vũ Thị Lan Hương", p.units.ccvc, p.positions.chuyen_vien)
    lend(fresh(cast.home_affairs), delegate, fresh(cast.appraiser_b))  # her head of division approves
    request = services.entry_request_create(
        unit=p.units.snv, person=p.truong_phong, reason="Thêm người nhập liệu", actor=fresh(p.giam_doc)
    )
    people = {
        "home_affairs": cast.home_affairs,
        "delegate": delegate,
        "giam_doc": p.giam_doc,
        "chuyen_vien": p.chuyen_vien,
        "appraiser_a": cast.appraiser_a,
        "chu_tich": p.chu_tich,
    }
    return SimpleNamespace(request=request, people=people, person=p.truong_phong, unit=p.units.snv)


@pytest.fixture(scope="module")
def scene(django_db_setup, django_db_blocker):
    with built_once(django_db_blocker, build_scene) as built:
        yield built


ACT = {
    "approve": lambda request, actor: services.entry_request_approve(request=request, actor=actor),
    "reject": lambda request, actor: services.entry_request_reject(
        request=request, actor=actor, reason="Đơn vị đã đủ tài khoản nhập liệu"
    ),
}


def _granted(scene):
    return RoleGrant.objects.filter(
        user=scene.person, role=RoleGrant.Role.SCORING_ENTRY, unit=scene.unit
    ).exists()


def _snapshot(request, scene):
    return (
        EntryRequest.objects.filter(pk=request.pk).values("status", "decided_by_id", "decided_at").get(),
        _granted(scene),
        AuditEvent.objects.count(),
        Notification.objects.count(),
    )


def test_the_table_has_every_action_in_every_state():
    assert set(TABLE) == {(a, s) for a in ENTRY_REQUEST_WORKFLOW.steps for s in EntryRequest.Status.values}
    assert set(STATES) == set(EntryRequest.Status.values)


@pytest.mark.parametrize(("action", "state", "persona"), CASES)
def test_entry_request_table(scene, db, action, state, persona):
    EntryRequest.objects.filter(pk=scene.request.pk).update(status=state)
    request = EntryRequest.objects.get(pk=scene.request.pk)
    actor = fresh(scene.people[persona])
    allowed, outcome = expected(action, state, persona)
    principal_name = PRINCIPAL.get(persona)
    principal = scene.people[principal_name].pk if principal_name else None
    decision = ENTRY_REQUEST_WORKFLOW.check(action, request, actor)
    if allowed:
        assert decision, decision.reason
        last = AuditEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0
        ACT[action](request, actor)
        after = EntryRequest.objects.get(pk=request.pk)
        assert (after.status, after.decided_by_id) == (outcome, actor.pk)
        rows = list(AuditEvent.objects.filter(id__gt=last).order_by("id"))
        assert [r.action for r in rows] == ROWS[action]
        for row in rows:
            assert (row.actor_id, row.on_behalf_of_id) == (actor.pk, principal)
            assert (row.object_id, row.before["status"], row.after["status"]) == (
                str(request.pk),
                state,
                outcome,
            )
        assert _granted(scene) == (action == "approve")
    else:
        assert (bool(decision), decision.reason) == (False, outcome)
        before = _snapshot(request, scene)
        with pytest.raises(Refused) as refused:
            ACT[action](request, actor)
        assert refused.value.message == outcome
        assert _snapshot(request, scene) == before
