"""The work-item workflow (TASK-1..TASK-4; seed 000 Điều 7; docs/workflows/assignments.md):
action × persona × state → allowed (the state after, the audit row) or refused (the reason, and
nothing changed), for the three kinds of work item.

The expected outcomes are written here by hand from the regulation and the workflow document —
never read from ``congvu.assignments.workflow`` or ``policies``, or the table would agree with
any bug. What the regulation says, in short:

- the lead (người chủ trì: the person, or the head of the lead unit) does the work, reports
  progress, ticks the checklist, asks for more time and sends the result up (Đ7, Đ9 khoản 1);
  co-assignees report progress beside the lead; followers only watch;
- the one who gave the work approves or returns it, and may reassign, edit or cancel it while it
  is open; for work a person gave themselves, their unit head approves (Đ7 khoản 5: "gửi lãnh
  đạo cấp trên phê duyệt") and nobody approves their own work;
- only a leader passes work further down (Đ7 khoản 3, khoản 4); staff give work only to
  themselves (Đ7 khoản 5);
- whatever a person may do, someone acting for them under an approved delegation may do, and the
  audit row names both (ORG-8); an administrator administers accounts, not work.

The scene is built once for the module (``built_once``); each case puts one item into one state
inside its own savepoint, lets one persona try one action through the services, and is rolled back.
"""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest
from django.db.models import Count, Q
from django.utils import timezone

from congvu.assignments import services
from congvu.assignments.models import Assignment, Attachment, Extension, ProgressReport
from congvu.assignments.workflow import ASSIGNMENT_WORKFLOW, EXTENSION_WORKFLOW
from congvu.core.decisions import Refused
from congvu.core.files import store_upload
from congvu.core.models import AuditEvent
from congvu.notifications.models import Notification
from tests.assignments.workflow_cast import build_cast, fresh, lend, person
from tests.conftest import build_province, built_once, working_day

# --- the one place this module calls the product ---------------------------------------------------

NEW_DEADLINE_DAYS = 5  # the pending extension request of the "extend" cases


def _extend(item, actor, scene):
    pending = item.extensions.get(status=Extension.Status.PENDING)
    return services.decide_extension(extension=pending, actor=actor, grant=True, note="Đồng ý")


ACT = {
    "start": lambda item, actor, scene: ASSIGNMENT_WORKFLOW.apply("start", item, actor=actor),
    "submit": lambda item, actor, scene: services.submit(
        item=item, actor=actor, note="Đã hoàn thành", incomplete_confirmed=True
    ),
    "approve": lambda item, actor, scene: services.approve(item=item, actor=actor, rating=4, comment="Tốt"),
    "return": lambda item, actor, scene: services.return_result(
        item=item, actor=actor, reason="Thiếu số liệu quý IV"
    ),
    "reassign": lambda item, actor, scene: services.reassign(
        item=item, actor=actor, reason="Người chủ trì đi học", lead_user=scene.newcomer
    ),
    "extend": _extend,
    "cancel": lambda item, actor, scene: services.cancel(
        item=item, actor=actor, reason="Không còn cần thiết"
    ),
    "progress": lambda item, actor, scene: services.progress_report(
        item=item, actor=actor, percent=40, text="Đã thu thập số liệu"
    ),
    "request_extension": lambda item, actor, scene: services.request_extension(
        item=item, actor=actor, new_deadline=item.deadline + dt.timedelta(days=7), reason="Chờ số liệu"
    ),
    "update": lambda item, actor, scene: services.assignment_update(
        item=item, actor=actor, title="Rà soát biên chế năm 2026 (bổ sung)"
    ),
    "attach": lambda item, actor, scene: services.add_attachment(
        item=item, actor=actor, stored_file=scene.file
    ),
    "checklist": lambda item, actor, scene: services.checklist_toggle(
        item=item, actor=actor, checklist_id=item.checklist.get().pk, done=True
    ),
    "subtask": lambda item, actor, scene: services.assignment_create(
        actor=actor,
        title="Tổng hợp số liệu của phòng",
        lead_user=scene.newcomer,
        parent=item,
        deadline=item.deadline,
    ),
}


def offered(action, item, actor):
    """What the screens and the API offer this person on this item."""
    if action == "extend":  # offered on the pending request
        return EXTENSION_WORKFLOW.check("grant", item.extensions.get(status=Extension.Status.PENDING), actor)
    return ASSIGNMENT_WORKFLOW.check(action, item, actor)


def actions_of_the_product():
    """The names of every action on a work item (read for completeness only, never for the answers)."""
    return list(ASSIGNMENT_WORKFLOW.steps)


def states_of_the_product():
    return list(Assignment.Status.values)


def assert_refused(excinfo, reason):
    """The one check of a refusal: the Vietnamese reason, exactly as the person reads it."""
    assert excinfo.value.message == reason, excinfo.value.message


def build_scene():
    """The cast of ``workflow_cast`` and one item of each kind, each with one checklist entry.

    Besides the cast: Vũ Thị Lan (Phó Giám đốc, in charge of TCBC) holds the authority of Hoàng
    Văn Nam, approved by the chairman; Lò Văn Bình, a new officer of TCBC, is the one work is
    reassigned or passed down to; one stored text file is what gets attached.
    """
    province = build_province()
    cast = build_cast(province)
    p = SimpleNamespace(**{k: fresh(v) for k, v in vars(province).items() if hasattr(v, "full_name")})
    lend(p.giam_doc, p.pho_giam_doc, p.chu_tich)
    newcomer = person("binhlv", "Lò Văn Bình", province.units.tcbc, province.positions.chuyen_vien)
    stored = store_upload(uploaded_file=("ke-hoach.txt", "Kế hoạch rà soát".encode()), actor=p.truong_phong)
    today = timezone.localdate()
    common = {
        "start_date": today,
        "deadline": working_day(today + dt.timedelta(days=10)),
        "checklist": ["Thu thập số liệu"],
    }
    items = {
        "person": services.assignment_create(
            actor=fresh(p.truong_phong), title="Rà soát biên chế năm 2026", lead_user=p.chuyen_vien,
            co_assignees=[p.chuyen_vien_2], followers=[p.theo_doi], **common,
        ),
        "unit": services.assignment_create(
            actor=fresh(p.giam_doc), title="Kiện toàn tổ chức phòng", lead_unit=province.units.tcbc,
            co_assignees=[p.chuyen_vien_2], followers=[p.theo_doi], **common,
        ),
        "self": services.assignment_create(
            actor=fresh(p.chuyen_vien), title="Tự học quy chế mới", lead_user=p.chuyen_vien,
            followers=[p.theo_doi], **common,
        ),
    }  # fmt: skip
    people = {
        # Bùi Thanh Sơn (Trưởng phòng TCBC) gives Nguyễn Văn Minh the work.
        "person": {
            "assigner": p.truong_phong,  # and approver, and head of the lead's unit
            "approver_delegate": cast.approver_delegate,  # Đinh Thị Yến, for Sơn
            "lead": p.chuyen_vien,
            "lead_delegate": cast.lead_delegate,  # Lê Minh Tâm, for Minh
            "co_assignee": p.chuyen_vien_2,  # Trần Thị Thu Hà
            "follower": p.theo_doi,  # Đỗ Minh Tuấn, Văn phòng UBND tỉnh
            "colleague": cast.colleague,  # Phan Văn Khoa, TCBC, not on the item
            "superior": p.giam_doc,  # Hoàng Văn Nam, the director above Sơn
            "other_so": p.chuyen_vien_khac,  # Đặng Đình Đức, Sở Tài chính
            "administrator": p.quan_tri,  # Lý Văn Kiên
        },
        # Hoàng Văn Nam (Giám đốc Sở Nội vụ) gives the work to Phòng TCBC: its head Sơn leads it.
        "unit": {
            "assigner": p.giam_doc,  # and approver
            "assigner_delegate": p.pho_giam_doc,  # Vũ Thị Lan, for Nam
            "lead_head": p.truong_phong,  # Bùi Thanh Sơn, head of the lead unit
            "lead_delegate": cast.approver_delegate,  # Đinh Thị Yến, for Sơn
            "unit_member": p.chuyen_vien,  # Nguyễn Văn Minh, officer of TCBC, not on the item
            "co_assignee": p.chuyen_vien_2,
            "follower": p.theo_doi,
            "superior": p.chu_tich,  # Trần Quốc Hùng, above Nam
            "other_so": p.chuyen_vien_khac,
            "administrator": p.quan_tri,
        },
        # Nguyễn Văn Minh gives himself work; Sơn, the head of his unit, approves it.
        "self": {
            "lead": p.chuyen_vien,  # and assigner
            "lead_delegate": cast.lead_delegate,
            "approver": p.truong_phong,
            "approver_delegate": cast.approver_delegate,
            "colleague": cast.colleague,
            "follower": p.theo_doi,
            "superior": p.giam_doc,
            "other_so": p.chuyen_vien_khac,
            "administrator": p.quan_tri,
        },
    }
    return SimpleNamespace(items=items, people=people, newcomer=newcomer, file=stored)


@pytest.fixture(scope="module")
def scene(django_db_setup, django_db_blocker):
    with built_once(django_db_blocker, build_scene) as built:
        yield built


# --- the table, by hand ---------------------------------------------------------------------------

ASSIGNED, IN_PROGRESS, SUBMITTED = "assigned", "in_progress", "submitted"
RETURNED, DONE, CANCELLED = "returned", "done", "cancelled"

# The reasons, as the person reads them.
NOT_NOW = "Thao tác này không áp dụng được ở trạng thái hiện tại."
WRONG_STATE = "Thao tác này không áp dụng được ở trạng thái hiện tại."
FINISHED = "Công việc đã kết thúc, không gia hạn được."
NOT_LEAD = "Chỉ người chủ trì công việc mới làm được việc này."
NOT_ASSIGNER = "Chỉ người giao việc mới làm được việc này."
NOT_APPROVER = "Chỉ người giao việc (người duyệt) mới duyệt được kết quả."
OWN_WORK = "Không ai tự duyệt kết quả công việc của chính mình."
NOT_REPORTER = "Chỉ người chủ trì hoặc người phối hợp mới báo cáo được tiến độ."
NOT_ATTACHER = "Chỉ người giao việc hoặc người chủ trì mới đính kèm được tệp."
NOT_PARENT_LEAD = "Chỉ người chủ trì việc cha mới giao tiếp việc con."
NO_SUBTASK_FOR_STAFF = "Chỉ lãnh đạo mới giao tiếp việc con; hãy chia việc bằng danh sách đầu việc."
STAFF_GIVE_ONLY_TO_THEMSELVES = (
    "Ông/bà không giữ chức vụ lãnh đạo nên chỉ tự giao việc cho mình (Quy chế, Điều 7 khoản 5)."
)


def each(personas, state):
    """Every one of ``personas`` may, and the item is then in ``state``."""
    return {persona: state for persona in personas}


NOBODY: dict[str, str] = {}

# ---- person-led: Sơn → Minh ----
PERSON_PERSONAS = (
    "assigner", "approver_delegate", "lead", "lead_delegate", "co_assignee",
    "follower", "colleague", "superior", "other_so", "administrator",
)  # fmt: skip
P_LEAD = ("lead", "lead_delegate")
P_GIVER = ("assigner", "approver_delegate")  # gave the work, approves it
# A subtask: the parent's state first, then its lead — Minh leads nobody, so he splits his work
# with the checklist instead (Điều 7 khoản 5).
P_SUBTASK = {"lead": NO_SUBTASK_FOR_STAFF, "lead_delegate": NO_SUBTASK_FOR_STAFF, "*": NOT_PARENT_LEAD}
P_DECIDER = {"lead": OWN_WORK, "lead_delegate": OWN_WORK, "*": NOT_APPROVER}

PERSON_LED = {
    # (action, state): (who may → the state after, why the others may not)
    ("start", ASSIGNED): (each(P_LEAD, IN_PROGRESS), NOT_LEAD),
    ("start", IN_PROGRESS): (NOBODY, NOT_NOW),
    ("start", SUBMITTED): (NOBODY, NOT_NOW),
    ("start", RETURNED): (each(P_LEAD, IN_PROGRESS), NOT_LEAD),
    ("start", DONE): (NOBODY, NOT_NOW),
    ("start", CANCELLED): (NOBODY, NOT_NOW),
    ("submit", ASSIGNED): (each(P_LEAD, SUBMITTED), NOT_LEAD),
    ("submit", IN_PROGRESS): (each(P_LEAD, SUBMITTED), NOT_LEAD),
    ("submit", SUBMITTED): (NOBODY, NOT_NOW),
    ("submit", RETURNED): (each(P_LEAD, SUBMITTED), NOT_LEAD),
    ("submit", DONE): (NOBODY, NOT_NOW),
    ("submit", CANCELLED): (NOBODY, NOT_NOW),
    ("approve", ASSIGNED): (NOBODY, NOT_NOW),
    ("approve", IN_PROGRESS): (NOBODY, NOT_NOW),
    ("approve", SUBMITTED): (each(P_GIVER, DONE), P_DECIDER),
    ("approve", RETURNED): (NOBODY, NOT_NOW),
    ("approve", DONE): (NOBODY, NOT_NOW),
    ("approve", CANCELLED): (NOBODY, NOT_NOW),
    ("return", ASSIGNED): (NOBODY, NOT_NOW),
    ("return", IN_PROGRESS): (NOBODY, NOT_NOW),
    ("return", SUBMITTED): (each(P_GIVER, RETURNED), P_DECIDER),
    ("return", RETURNED): (NOBODY, NOT_NOW),
    ("return", DONE): (NOBODY, NOT_NOW),
    ("return", CANCELLED): (NOBODY, NOT_NOW),
    ("reassign", ASSIGNED): (each(P_GIVER, ASSIGNED), NOT_ASSIGNER),
    ("reassign", IN_PROGRESS): (each(P_GIVER, IN_PROGRESS), NOT_ASSIGNER),
    ("reassign", SUBMITTED): (NOBODY, WRONG_STATE),  # the result is waiting: decide it first
    ("reassign", RETURNED): (each(P_GIVER, RETURNED), NOT_ASSIGNER),
    ("reassign", DONE): (NOBODY, WRONG_STATE),
    ("reassign", CANCELLED): (NOBODY, WRONG_STATE),
    ("extend", ASSIGNED): (each(P_GIVER, ASSIGNED), P_DECIDER),
    ("extend", IN_PROGRESS): (each(P_GIVER, IN_PROGRESS), P_DECIDER),
    ("extend", SUBMITTED): (each(P_GIVER, SUBMITTED), P_DECIDER),
    ("extend", RETURNED): (each(P_GIVER, RETURNED), P_DECIDER),
    ("extend", DONE): (NOBODY, FINISHED),
    ("extend", CANCELLED): (NOBODY, FINISHED),
    ("cancel", ASSIGNED): (each(P_GIVER, CANCELLED), NOT_ASSIGNER),
    ("cancel", IN_PROGRESS): (each(P_GIVER, CANCELLED), NOT_ASSIGNER),
    ("cancel", SUBMITTED): (each(P_GIVER, CANCELLED), NOT_ASSIGNER),
    ("cancel", RETURNED): (each(P_GIVER, CANCELLED), NOT_ASSIGNER),
    ("cancel", DONE): (NOBODY, NOT_NOW),
    ("cancel", CANCELLED): (NOBODY, NOT_NOW),
    # The lead's first report starts the work; a co-assignee's report is kept beside it.
    ("progress", ASSIGNED): ({**each(P_LEAD, IN_PROGRESS), "co_assignee": ASSIGNED}, NOT_REPORTER),
    ("progress", IN_PROGRESS): (each((*P_LEAD, "co_assignee"), IN_PROGRESS), NOT_REPORTER),
    ("progress", SUBMITTED): (NOBODY, WRONG_STATE),
    ("progress", RETURNED): ({**each(P_LEAD, IN_PROGRESS), "co_assignee": RETURNED}, NOT_REPORTER),
    ("progress", DONE): (NOBODY, WRONG_STATE),
    ("progress", CANCELLED): (NOBODY, WRONG_STATE),
    ("request_extension", ASSIGNED): (each(P_LEAD, ASSIGNED), NOT_LEAD),
    ("request_extension", IN_PROGRESS): (each(P_LEAD, IN_PROGRESS), NOT_LEAD),
    ("request_extension", SUBMITTED): (NOBODY, WRONG_STATE),
    ("request_extension", RETURNED): (each(P_LEAD, RETURNED), NOT_LEAD),
    ("request_extension", DONE): (NOBODY, WRONG_STATE),
    ("request_extension", CANCELLED): (NOBODY, WRONG_STATE),
    ("update", ASSIGNED): (each(P_GIVER, ASSIGNED), NOT_ASSIGNER),
    ("update", IN_PROGRESS): (each(P_GIVER, IN_PROGRESS), NOT_ASSIGNER),
    ("update", SUBMITTED): (each(P_GIVER, SUBMITTED), NOT_ASSIGNER),
    ("update", RETURNED): (each(P_GIVER, RETURNED), NOT_ASSIGNER),
    ("update", DONE): (NOBODY, WRONG_STATE),
    ("update", CANCELLED): (NOBODY, WRONG_STATE),
    ("attach", ASSIGNED): (each((*P_LEAD, *P_GIVER), ASSIGNED), NOT_ATTACHER),
    ("attach", IN_PROGRESS): (each((*P_LEAD, *P_GIVER), IN_PROGRESS), NOT_ATTACHER),
    ("attach", SUBMITTED): (each((*P_LEAD, *P_GIVER), SUBMITTED), NOT_ATTACHER),
    ("attach", RETURNED): (each((*P_LEAD, *P_GIVER), RETURNED), NOT_ATTACHER),
    ("attach", DONE): (NOBODY, WRONG_STATE),
    ("attach", CANCELLED): (NOBODY, WRONG_STATE),
    ("checklist", ASSIGNED): (each(P_LEAD, ASSIGNED), NOT_LEAD),
    ("checklist", IN_PROGRESS): (each(P_LEAD, IN_PROGRESS), NOT_LEAD),
    ("checklist", SUBMITTED): (NOBODY, WRONG_STATE),
    ("checklist", RETURNED): (each(P_LEAD, RETURNED), NOT_LEAD),
    ("checklist", DONE): (NOBODY, WRONG_STATE),
    ("checklist", CANCELLED): (NOBODY, WRONG_STATE),
    # Minh leads nobody: the work is split with the checklist, not passed down (Đ7 khoản 5).
    ("subtask", ASSIGNED): (NOBODY, P_SUBTASK),
    ("subtask", IN_PROGRESS): (NOBODY, P_SUBTASK),
    ("subtask", SUBMITTED): (NOBODY, WRONG_STATE),
    ("subtask", RETURNED): (NOBODY, P_SUBTASK),
    ("subtask", DONE): (NOBODY, WRONG_STATE),
    ("subtask", CANCELLED): (NOBODY, WRONG_STATE),
}

# ---- unit-led: Nam → Phòng TCBC, led by its head Sơn ----
UNIT_PERSONAS = (
    "assigner", "assigner_delegate", "lead_head", "lead_delegate", "unit_member",
    "co_assignee", "follower", "superior", "other_so", "administrator",
)  # fmt: skip
U_LEAD = ("lead_head", "lead_delegate")
U_GIVER = ("assigner", "assigner_delegate")
U_DECIDER = {"lead_head": OWN_WORK, "lead_delegate": OWN_WORK, "*": NOT_APPROVER}


UNIT_LED = {
    ("start", ASSIGNED): (each(U_LEAD, IN_PROGRESS), NOT_LEAD),
    ("start", IN_PROGRESS): (NOBODY, NOT_NOW),
    ("start", SUBMITTED): (NOBODY, NOT_NOW),
    ("start", RETURNED): (each(U_LEAD, IN_PROGRESS), NOT_LEAD),
    ("start", DONE): (NOBODY, NOT_NOW),
    ("start", CANCELLED): (NOBODY, NOT_NOW),
    ("submit", ASSIGNED): (each(U_LEAD, SUBMITTED), NOT_LEAD),
    ("submit", IN_PROGRESS): (each(U_LEAD, SUBMITTED), NOT_LEAD),
    ("submit", SUBMITTED): (NOBODY, NOT_NOW),
    ("submit", RETURNED): (each(U_LEAD, SUBMITTED), NOT_LEAD),
    ("submit", DONE): (NOBODY, NOT_NOW),
    ("submit", CANCELLED): (NOBODY, NOT_NOW),
    ("approve", ASSIGNED): (NOBODY, NOT_NOW),
    ("approve", IN_PROGRESS): (NOBODY, NOT_NOW),
    ("approve", SUBMITTED): (each(U_GIVER, DONE), U_DECIDER),
    ("approve", RETURNED): (NOBODY, NOT_NOW),
    ("approve", DONE): (NOBODY, NOT_NOW),
    ("approve", CANCELLED): (NOBODY, NOT_NOW),
    ("return", ASSIGNED): (NOBODY, NOT_NOW),
    ("return", IN_PROGRESS): (NOBODY, NOT_NOW),
    ("return", SUBMITTED): (each(U_GIVER, RETURNED), U_DECIDER),
    ("return", RETURNED): (NOBODY, NOT_NOW),
    ("return", DONE): (NOBODY, NOT_NOW),
    ("return", CANCELLED): (NOBODY, NOT_NOW),
    ("reassign", ASSIGNED): (each(U_GIVER, ASSIGNED), NOT_ASSIGNER),
    ("reassign", IN_PROGRESS): (each(U_GIVER, IN_PROGRESS), NOT_ASSIGNER),
    ("reassign", SUBMITTED): (NOBODY, WRONG_STATE),
    ("reassign", RETURNED): (each(U_GIVER, RETURNED), NOT_ASSIGNER),
    ("reassign", DONE): (NOBODY, WRONG_STATE),
    ("reassign", CANCELLED): (NOBODY, WRONG_STATE),
    ("extend", ASSIGNED): (each(U_GIVER, ASSIGNED), U_DECIDER),
    ("extend", IN_PROGRESS): (each(U_GIVER, IN_PROGRESS), U_DECIDER),
    ("extend", SUBMITTED): (each(U_GIVER, SUBMITTED), U_DECIDER),
    ("extend", RETURNED): (each(U_GIVER, RETURNED), U_DECIDER),
    ("extend", DONE): (NOBODY, FINISHED),
    ("extend", CANCELLED): (NOBODY, FINISHED),
    ("cancel", ASSIGNED): (each(U_GIVER, CANCELLED), NOT_ASSIGNER),
    ("cancel", IN_PROGRESS): (each(U_GIVER, CANCELLED), NOT_ASSIGNER),
    ("cancel", SUBMITTED): (each(U_GIVER, CANCELLED), NOT_ASSIGNER),
    ("cancel", RETURNED): (each(U_GIVER, CANCELLED), NOT_ASSIGNER),
    ("cancel", DONE): (NOBODY, NOT_NOW),
    ("cancel", CANCELLED): (NOBODY, NOT_NOW),
    ("progress", ASSIGNED): ({**each(U_LEAD, IN_PROGRESS), "co_assignee": ASSIGNED}, NOT_REPORTER),
    ("progress", IN_PROGRESS): (each((*U_LEAD, "co_assignee"), IN_PROGRESS), NOT_REPORTER),
    ("progress", SUBMITTED): (NOBODY, WRONG_STATE),
    ("progress", RETURNED): ({**each(U_LEAD, IN_PROGRESS), "co_assignee": RETURNED}, NOT_REPORTER),
    ("progress", DONE): (NOBODY, WRONG_STATE),
    ("progress", CANCELLED): (NOBODY, WRONG_STATE),
    ("request_extension", ASSIGNED): (each(U_LEAD, ASSIGNED), NOT_LEAD),
    ("request_extension", IN_PROGRESS): (each(U_LEAD, IN_PROGRESS), NOT_LEAD),
    ("request_extension", SUBMITTED): (NOBODY, WRONG_STATE),
    ("request_extension", RETURNED): (each(U_LEAD, RETURNED), NOT_LEAD),
    ("request_extension", DONE): (NOBODY, WRONG_STATE),
    ("request_extension", CANCELLED): (NOBODY, WRONG_STATE),
    ("update", ASSIGNED): (each(U_GIVER, ASSIGNED), NOT_ASSIGNER),
    ("update", IN_PROGRESS): (each(U_GIVER, IN_PROGRESS), NOT_ASSIGNER),
    ("update", SUBMITTED): (each(U_GIVER, SUBMITTED), NOT_ASSIGNER),
    ("update", RETURNED): (each(U_GIVER, RETURNED), NOT_ASSIGNER),
    ("update", DONE): (NOBODY, WRONG_STATE),
    ("update", CANCELLED): (NOBODY, WRONG_STATE),
    ("attach", ASSIGNED): (each((*U_LEAD, *U_GIVER), ASSIGNED), NOT_ATTACHER),
    ("attach", IN_PROGRESS): (each((*U_LEAD, *U_GIVER), IN_PROGRESS), NOT_ATTACHER),
    ("attach", SUBMITTED): (each((*U_LEAD, *U_GIVER), SUBMITTED), NOT_ATTACHER),
    ("attach", RETURNED): (each((*U_LEAD, *U_GIVER), RETURNED), NOT_ATTACHER),
    ("attach", DONE): (NOBODY, WRONG_STATE),
    ("attach", CANCELLED): (NOBODY, WRONG_STATE),
    ("checklist", ASSIGNED): (each(U_LEAD, ASSIGNED), NOT_LEAD),
    ("checklist", IN_PROGRESS): (each(U_LEAD, IN_PROGRESS), NOT_LEAD),
    ("checklist", SUBMITTED): (NOBODY, WRONG_STATE),
    ("checklist", RETURNED): (each(U_LEAD, RETURNED), NOT_LEAD),
    ("checklist", DONE): (NOBODY, WRONG_STATE),
    ("checklist", CANCELLED): (NOBODY, WRONG_STATE),
    # The head of the lead unit passes the work on to his staff (Đ7 khoản 4).
    ("subtask", ASSIGNED): (each(U_LEAD, ASSIGNED), NOT_PARENT_LEAD),
    ("subtask", IN_PROGRESS): (each(U_LEAD, IN_PROGRESS), NOT_PARENT_LEAD),
    ("subtask", SUBMITTED): (NOBODY, WRONG_STATE),
    ("subtask", RETURNED): (each(U_LEAD, RETURNED), NOT_PARENT_LEAD),
    ("subtask", DONE): (NOBODY, WRONG_STATE),
    ("subtask", CANCELLED): (NOBODY, WRONG_STATE),
}

# ---- self-given: Minh → Minh, approved by Sơn (Đ7 khoản 5) ----
SELF_PERSONAS = (
    "lead", "lead_delegate", "approver", "approver_delegate", "colleague",
    "follower", "superior", "other_so", "administrator",
)  # fmt: skip
S_LEAD = ("lead", "lead_delegate")  # also the one who gave the work
S_APPROVER = ("approver", "approver_delegate")
S_DECIDER = {"lead": OWN_WORK, "lead_delegate": OWN_WORK, "*": NOT_APPROVER}
# Minh may reassign the work he gave himself, but to nobody else: he leads nobody.
S_REASSIGN = {
    "lead": STAFF_GIVE_ONLY_TO_THEMSELVES,
    "lead_delegate": STAFF_GIVE_ONLY_TO_THEMSELVES,
    "*": NOT_ASSIGNER,
}
S_SUBTASK = {"lead": NO_SUBTASK_FOR_STAFF, "lead_delegate": NO_SUBTASK_FOR_STAFF, "*": NOT_PARENT_LEAD}

SELF_GIVEN = {
    ("start", ASSIGNED): (each(S_LEAD, IN_PROGRESS), NOT_LEAD),
    ("start", IN_PROGRESS): (NOBODY, NOT_NOW),
    ("start", SUBMITTED): (NOBODY, NOT_NOW),
    ("start", RETURNED): (each(S_LEAD, IN_PROGRESS), NOT_LEAD),
    ("start", DONE): (NOBODY, NOT_NOW),
    ("start", CANCELLED): (NOBODY, NOT_NOW),
    ("submit", ASSIGNED): (each(S_LEAD, SUBMITTED), NOT_LEAD),
    ("submit", IN_PROGRESS): (each(S_LEAD, SUBMITTED), NOT_LEAD),
    ("submit", SUBMITTED): (NOBODY, NOT_NOW),
    ("submit", RETURNED): (each(S_LEAD, SUBMITTED), NOT_LEAD),
    ("submit", DONE): (NOBODY, NOT_NOW),
    ("submit", CANCELLED): (NOBODY, NOT_NOW),
    ("approve", ASSIGNED): (NOBODY, NOT_NOW),
    ("approve", IN_PROGRESS): (NOBODY, NOT_NOW),
    ("approve", SUBMITTED): (each(S_APPROVER, DONE), S_DECIDER),
    ("approve", RETURNED): (NOBODY, NOT_NOW),
    ("approve", DONE): (NOBODY, NOT_NOW),
    ("approve", CANCELLED): (NOBODY, NOT_NOW),
    ("return", ASSIGNED): (NOBODY, NOT_NOW),
    ("return", IN_PROGRESS): (NOBODY, NOT_NOW),
    ("return", SUBMITTED): (each(S_APPROVER, RETURNED), S_DECIDER),
    ("return", RETURNED): (NOBODY, NOT_NOW),
    ("return", DONE): (NOBODY, NOT_NOW),
    ("return", CANCELLED): (NOBODY, NOT_NOW),
    ("reassign", ASSIGNED): (NOBODY, S_REASSIGN),
    ("reassign", IN_PROGRESS): (NOBODY, S_REASSIGN),
    ("reassign", SUBMITTED): (NOBODY, WRONG_STATE),
    ("reassign", RETURNED): (NOBODY, S_REASSIGN),
    ("reassign", DONE): (NOBODY, WRONG_STATE),
    ("reassign", CANCELLED): (NOBODY, WRONG_STATE),
    ("extend", ASSIGNED): (each(S_APPROVER, ASSIGNED), S_DECIDER),
    ("extend", IN_PROGRESS): (each(S_APPROVER, IN_PROGRESS), S_DECIDER),
    ("extend", SUBMITTED): (each(S_APPROVER, SUBMITTED), S_DECIDER),
    ("extend", RETURNED): (each(S_APPROVER, RETURNED), S_DECIDER),
    ("extend", DONE): (NOBODY, FINISHED),
    ("extend", CANCELLED): (NOBODY, FINISHED),
    ("cancel", ASSIGNED): (each(S_LEAD, CANCELLED), NOT_ASSIGNER),
    ("cancel", IN_PROGRESS): (each(S_LEAD, CANCELLED), NOT_ASSIGNER),
    ("cancel", SUBMITTED): (each(S_LEAD, CANCELLED), NOT_ASSIGNER),
    ("cancel", RETURNED): (each(S_LEAD, CANCELLED), NOT_ASSIGNER),
    ("cancel", DONE): (NOBODY, NOT_NOW),
    ("cancel", CANCELLED): (NOBODY, NOT_NOW),
    ("progress", ASSIGNED): (each(S_LEAD, IN_PROGRESS), NOT_REPORTER),
    ("progress", IN_PROGRESS): (each(S_LEAD, IN_PROGRESS), NOT_REPORTER),
    ("progress", SUBMITTED): (NOBODY, WRONG_STATE),
    ("progress", RETURNED): (each(S_LEAD, IN_PROGRESS), NOT_REPORTER),
    ("progress", DONE): (NOBODY, WRONG_STATE),
    ("progress", CANCELLED): (NOBODY, WRONG_STATE),
    ("request_extension", ASSIGNED): (each(S_LEAD, ASSIGNED), NOT_LEAD),
    ("request_extension", IN_PROGRESS): (each(S_LEAD, IN_PROGRESS), NOT_LEAD),
    ("request_extension", SUBMITTED): (NOBODY, WRONG_STATE),
    ("request_extension", RETURNED): (each(S_LEAD, RETURNED), NOT_LEAD),
    ("request_extension", DONE): (NOBODY, WRONG_STATE),
    ("request_extension", CANCELLED): (NOBODY, WRONG_STATE),
    ("update", ASSIGNED): (each(S_LEAD, ASSIGNED), NOT_ASSIGNER),
    ("update", IN_PROGRESS): (each(S_LEAD, IN_PROGRESS), NOT_ASSIGNER),
    ("update", SUBMITTED): (each(S_LEAD, SUBMITTED), NOT_ASSIGNER),
    ("update", RETURNED): (each(S_LEAD, RETURNED), NOT_ASSIGNER),
    ("update", DONE): (NOBODY, WRONG_STATE),
    ("update", CANCELLED): (NOBODY, WRONG_STATE),
    ("attach", ASSIGNED): (each(S_LEAD, ASSIGNED), NOT_ATTACHER),
    ("attach", IN_PROGRESS): (each(S_LEAD, IN_PROGRESS), NOT_ATTACHER),
    ("attach", SUBMITTED): (each(S_LEAD, SUBMITTED), NOT_ATTACHER),
    ("attach", RETURNED): (each(S_LEAD, RETURNED), NOT_ATTACHER),
    ("attach", DONE): (NOBODY, WRONG_STATE),
    ("attach", CANCELLED): (NOBODY, WRONG_STATE),
    ("checklist", ASSIGNED): (each(S_LEAD, ASSIGNED), NOT_LEAD),
    ("checklist", IN_PROGRESS): (each(S_LEAD, IN_PROGRESS), NOT_LEAD),
    ("checklist", SUBMITTED): (NOBODY, WRONG_STATE),
    ("checklist", RETURNED): (each(S_LEAD, RETURNED), NOT_LEAD),
    ("checklist", DONE): (NOBODY, WRONG_STATE),
    ("checklist", CANCELLED): (NOBODY, WRONG_STATE),
    ("subtask", ASSIGNED): (NOBODY, S_SUBTASK),
    ("subtask", IN_PROGRESS): (NOBODY, S_SUBTASK),
    ("subtask", SUBMITTED): (NOBODY, WRONG_STATE),
    ("subtask", RETURNED): (NOBODY, S_SUBTASK),
    ("subtask", DONE): (NOBODY, WRONG_STATE),
    ("subtask", CANCELLED): (NOBODY, WRONG_STATE),
}

TABLES = {"person": PERSON_LED, "unit": UNIT_LED, "self": SELF_GIVEN}
PERSONAS = {"person": PERSON_PERSONAS, "unit": UNIT_PERSONAS, "self": SELF_PERSONAS}
# Who a delegate acts for: the audit row then names the principal ("B thay mặt A").
PRINCIPAL = {
    "person": {"lead_delegate": "lead", "approver_delegate": "assigner"},
    "unit": {"lead_delegate": "lead_head", "assigner_delegate": "assigner"},
    "self": {"lead_delegate": "lead", "approver_delegate": "approver"},
}
# The audit rows an allowed action writes, in order.
ROWS = {
    "start": ["assignments.assignment.start"],
    "submit": ["assignments.assignment.submit"],
    "approve": ["assignments.assignment.approve"],
    "return": ["assignments.assignment.return"],
    "reassign": ["assignments.assignment.reassign"],
    "extend": ["assignments.extension.grant", "assignments.assignment.extend"],
    "cancel": ["assignments.assignment.cancel"],
    "progress": ["assignments.assignment.progress"],
    "request_extension": ["assignments.extension.requested"],
    "update": ["assignments.assignment.updated"],
    "attach": ["assignments.attachment.added"],
    "checklist": ["assignments.checklist.toggled"],
    "subtask": ["assignments.assignment.created"],
}
STARTED_BY_THE_REPORT = ["assignments.assignment.start", "assignments.assignment.progress"]
TRANSITIONS = {"start", "submit", "approve", "return", "cancel"}


def expected(kind, action, state, persona):
    """(allowed, the state after or the reason refused)."""
    allowed, others = TABLES[kind][(action, state)]
    if persona in allowed:
        return True, allowed[persona]
    if isinstance(others, dict):
        return False, others.get(persona, others.get("*"))
    return False, others


CASES = [
    pytest.param(kind, action, state, persona, id=f"{kind}-{action}-{state}-{persona}")
    for kind, table in TABLES.items()
    for (action, state) in table
    for persona in PERSONAS[kind]
]


# --- completeness ---------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", list(TABLES))
def test_the_table_has_every_action_in_every_state(kind):
    pairs = {(action, state) for action in actions_of_the_product() for state in states_of_the_product()}
    assert set(TABLES[kind]) == pairs
    named = set()
    for allowed, others in TABLES[kind].values():
        named |= set(allowed) | (set(others) - {"*"} if isinstance(others, dict) else set())
    assert named <= set(PERSONAS[kind])
    assert set(PRINCIPAL[kind]) | set(PRINCIPAL[kind].values()) <= set(PERSONAS[kind])
    for action, state in TABLES[kind]:
        for persona in PERSONAS[kind]:
            assert expected(kind, action, state, persona)[1], (kind, action, state, persona)
    assert set(ROWS) == set(actions_of_the_product())


# --- the table ------------------------------------------------------------------------------------


def _snapshot(item):
    """Everything a refused action must leave as it was, in three queries."""
    counted = {
        name: Count(relation, distinct=True, **({"filter": condition} if condition else {}))
        for name, relation, condition in (
            ("n_reports", "reports", None),
            ("n_extensions", "extensions", None),
            ("n_pending", "extensions", Q(extensions__status="pending")),
            ("n_attachments", "attachments", None),
            ("n_ticked", "checklist", Q(checklist__done=True)),
            ("n_subtasks", "children", None),
            ("n_participants", "participants", None),
        )
    }
    fields = (
        "status",
        "lead_user_id",
        "lead_unit_id",
        "deadline",
        "progress",
        "title",
        "returned_count",
        "rating",
    )
    row = Assignment.objects.filter(pk=item.pk).annotate(**counted).values(*fields, *counted).get()
    return row, AuditEvent.objects.count(), Notification.objects.count()


def _put(scene, kind, state, action):
    item = scene.items[kind]
    Assignment.objects.filter(pk=item.pk).update(status=state)
    if action == "extend":
        Extension.objects.create(
            assignment=item,
            requested_by=item.lead_user or scene.people["unit"]["lead_head"],
            old_deadline=item.deadline,
            new_deadline=item.deadline + dt.timedelta(days=NEW_DEADLINE_DAYS),
            reason="Chờ số liệu của các huyện",
        )
    return Assignment.objects.get(pk=item.pk)


def _assert_the_effect(action, before, actor, principal, rows, scene):
    """What each allowed action leaves behind, besides the state and the status in the audit row."""
    item = before
    after = Assignment.objects.get(pk=item.pk)
    if action == "approve":
        assert (after.rating, after.progress) == (4, 100)
    elif action == "return":
        assert after.returned_count == before.returned_count + 1
    elif action == "reassign":
        assert (after.lead_user_id, after.lead_unit_id) == (scene.newcomer.pk, None)
        assert rows[-1].after["lead_user"]["id"] == scene.newcomer.pk
    elif action == "extend":
        assert after.deadline == before.deadline + dt.timedelta(days=NEW_DEADLINE_DAYS)
        assert (rows[-1].before["deadline"], rows[-1].after["deadline"]) == (
            before.deadline.isoformat(),
            after.deadline.isoformat(),
        )
    elif action == "progress":
        report = ProgressReport.objects.filter(assignment=item).get()
        assert (report.author_id, report.on_behalf_of_id, report.percent) == (actor.pk, principal, 40)
    elif action == "request_extension":
        pending = Extension.objects.filter(assignment=item).get()
        assert (pending.status, pending.new_deadline) == ("pending", before.deadline + dt.timedelta(days=7))
    elif action == "update":
        assert after.title == "Rà soát biên chế năm 2026 (bổ sung)"
    elif action == "attach":
        assert list(Attachment.objects.filter(assignment=item).values_list("file_id", "added_by_id")) == [
            (scene.file.pk, actor.pk)
        ]
    elif action == "checklist":
        assert list(item.checklist.values_list("done", flat=True)) == [True]
    elif action == "subtask":
        child = Assignment.objects.filter(parent=item).get()
        # Given in the name of the parent's lead, who then approves it.
        assert (child.lead_user_id, child.approver_id) == (scene.newcomer.pk, principal or actor.pk)


@pytest.mark.parametrize(("kind", "action", "state", "persona"), CASES)
def test_work_item_table(scene, db, kind, action, state, persona):
    item = _put(scene, kind, state, action)
    actor = fresh(scene.people[kind][persona])
    allowed, outcome = expected(kind, action, state, persona)
    principal_name = PRINCIPAL[kind].get(persona)
    principal = scene.people[kind][principal_name].pk if principal_name else None
    decision = offered(action, item, actor)
    if allowed:
        assert decision, decision.reason
        last = AuditEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0
        ACT[action](item, actor, scene)
        assert Assignment.objects.get(pk=item.pk).status == outcome
        rows = list(AuditEvent.objects.filter(id__gt=last).order_by("id"))
        codes = ROWS[action]
        if action == "progress" and outcome != state:
            codes = STARTED_BY_THE_REPORT
        assert [r.action for r in rows] == codes
        for row in rows:
            assert (row.actor_id, row.on_behalf_of_id) == (actor.pk, principal), row.action
        for row in rows:
            if row.action.removeprefix("assignments.assignment.") in TRANSITIONS:
                assert (row.object_id, row.before["status"], row.after["status"]) == (
                    str(item.pk),
                    state,
                    outcome,
                )
        _assert_the_effect(action, item, actor, principal, rows, scene)
    else:
        # The screens offer it only when the service allows it; a reassignment or a subtask is
        # refused for the person it is given to, which the screen learns only from the form.
        if outcome != STAFF_GIVE_ONLY_TO_THEMSELVES:
            on_screen = WRONG_STATE if outcome == NOT_NOW else outcome
            assert (bool(decision), decision.reason) == (False, on_screen)
        before = _snapshot(item)
        with pytest.raises(Refused) as refused:
            ACT[action](item, actor, scene)
        assert_refused(refused, outcome)
        assert _snapshot(item) == before
