"""The demo province's work (congvu load_demo): every persona signs in to a working day — work in
every state, overdue and due soon, results to approve, a delegation in force and one to decide, an
account request for the administrators, next year's plan — given once, on any day."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db.models import F
from django.utils import timezone

from congvu.accounts.models import AccountRequest, User
from congvu.accounts.requests.selectors import request_queue
from congvu.assignments.models import Assignment, Extension, PlanItem, ProgressReport, WorkPlan
from congvu.assignments.plans import services as plans
from congvu.assignments.selectors import due_soon_limit, my_counts
from congvu.core.calendar import is_working_day
from congvu.core.models import AuditEvent
from congvu.notifications.models import Notification
from congvu.org import policies as org
from congvu.org.delegations import selectors as delegation_selectors
from congvu.org.models import Delegation, Unit
from congvu.portal.home.selectors import home_context
from congvu.synthetic import demo, demo_work
from tests.conftest import TODAY, travel_to

pytestmark = pytest.mark.django_db

S = Assignment.Status


def _load() -> str:
    out = StringIO()
    call_command("load_demo", stdout=out)
    return out.getvalue()


def _person(key: str) -> User:
    return User.objects.get(email=f"{key}@{demo.EMAIL_DOMAIN}")


def _home(key: str) -> tuple[dict[str, int], dict]:
    """The numbers of "Hôm nay" (at the top and under "Chờ tôi xử lý") by label, and the work
    section's context."""
    context = home_context(_person(key))
    numbers = {str(count.label): count.value for count in [*context["counts"], *context["waiting"]]}
    work = next(s.context for s in context["sections"] if s.key == "assignments.today")
    return numbers, work


def _counts() -> dict[str, int]:
    return {m._meta.label: m.objects.count() for m in apps.get_models() if m is not AuditEvent}


def test_every_state_of_work_is_there():
    _load()
    today = timezone.localdate()
    work = Assignment.objects.all()
    assert set(work.values_list("status", flat=True)) == set(S.values)
    open_work = work.filter(status__in=Assignment.OPEN_STATES)
    assert open_work.filter(deadline__lt=today).count() >= 3  # overdue
    assert open_work.filter(deadline__gt=today, deadline__lte=due_soon_limit(today)).count() >= 3
    done = work.filter(status=S.DONE)
    assert {item.timing for item in done} == {"on_time", "late"}
    assert not done.filter(rating__isnull=True).exists()
    assert work.filter(status=S.RETURNED, returned_count=1).exists()
    # Work given to units, passed down two levels, and given to oneself.
    assert work.filter(lead_unit__isnull=False).count() >= 5
    assert work.filter(parent__parent__isnull=False).exists()
    self_given = work.filter(lead_user__isnull=False).filter(assigner_id=F("lead_user_id"))
    assert self_given.count() >= 2
    # The reasons people gave are on record.
    for action, state in (("return", S.RETURNED), ("cancel", S.CANCELLED)):
        item = work.filter(status=state).first()
        event = AuditEvent.objects.get(action=f"assignments.assignment.{action}", object_id=str(item.pk))
        assert event.note.strip()
    assert Extension.objects.filter(status=Extension.Status.PENDING).count() >= 1
    assert Extension.objects.filter(status=Extension.Status.GRANTED).exists()
    assert ProgressReport.objects.filter(files__isnull=False).exists()
    assert work.filter(attachments__isnull=False).exists()


def test_dates_follow_the_day_it_runs():
    _load()
    for item in Assignment.objects.all():
        assert item.start_date <= item.deadline
        assert is_working_day(item.deadline), item.title
        assert item.created_at.date() == TODAY  # what the system stamps is today; no clock moved
    assert Assignment.objects.filter(start_date__lt=TODAY - dt.timedelta(days=14)).exists()


def test_each_persona_finds_their_working_day_on_the_home_page():
    _load()
    numbers, work = _home("hungtq")  # the chairman: results to approve
    assert numbers["Kết quả công việc chờ duyệt"] == 3 and len(work["to_approve"]) == 3

    numbers, work = _home("namhv")  # a department director: work of his department, one overdue
    assert numbers["Cần làm"] >= 3 and numbers["Quá hạn"] >= 1 and numbers["Kết quả công việc chờ duyệt"] >= 1
    assert work["todo"] and work["to_approve"]

    assert numbers["Đề nghị ủy quyền chờ duyệt"] == 1  # sonbt's request waits for his director

    numbers, work = _home("sonbt")  # a division head: his part, due soon, and his officer's result
    assert numbers["Cần làm"] >= 1 and numbers["Kết quả công việc chờ duyệt"] >= 1
    assert numbers["Sắp đến hạn (≤ 3 ngày làm việc)"] >= 1

    numbers, work = _home("minhnv")  # an officer: overdue, due soon, returned, self-given
    assert numbers["Cần làm"] >= 4 and numbers["Quá hạn"] >= 1
    assert numbers["Sắp đến hạn (≤ 3 ngày làm việc)"] >= 1
    assert any(item.status == S.RETURNED for item in work["todo"])

    numbers, work = _home("hoant")  # the clerk
    assert numbers["Cần làm"] >= 2 and numbers["Sắp đến hạn (≤ 3 ngày làm việc)"] >= 2

    numbers, work = _home("kienlv")  # the administrator: his own work, and an account request
    assert numbers["Cần làm"] >= 1 and numbers["Đề nghị cấp tài khoản chờ xử lý"] == 1
    admin = _person("kienlv")
    assert request_queue(admin, status=AccountRequest.Status.SUBMITTED).count() == 1
    assert Notification.objects.filter(recipient=admin, kind="account_request.submitted").exists()

    for key in ("hungtq", "namhv", "sonbt", "minhnv", "hoant", "kienlv"):
        assert Notification.objects.filter(recipient=_person(key)).exists(), key


def test_a_delegation_is_in_force_and_another_waits_for_the_director():
    _load()
    director, deputy = _person("hainv"), _person("phuongtt")
    assert org.acts_for(deputy, director)
    assert Delegation.objects.get(principal=director).decided_by == _person("hungtq")
    # "thay mặt": work given, reported, submitted and approved in the director's name.
    assert Assignment.objects.filter(assigner=deputy, assigned_on_behalf_of=director).exists()
    assert ProgressReport.objects.filter(author=deputy, on_behalf_of=director).exists()
    acts = set(
        AuditEvent.objects.filter(actor=deputy, on_behalf_of=director).values_list("action", flat=True)
    )
    assert {"assignments.assignment.submit", "assignments.assignment.approve"} <= acts
    assert my_counts(deputy)["to_approve"] >= 1  # the director's results wait for her too

    waiting = delegation_selectors.delegations_for(_person("namhv"), delegation_selectors.ROLE_TO_APPROVE)
    assert [(d.principal.username, d.status) for d in waiting] == [
        (_person("sonbt").username, Delegation.Status.REQUESTED)
    ]


def test_next_years_plan_has_items_and_one_became_work():
    _load()
    plan = WorkPlan.objects.get()
    assert plan.year == TODAY.year + 1 and plan.unit.agency_code == "000.00.00.H99"
    assert plan.items.count() >= 5
    item = PlanItem.objects.get(assignments__isnull=False)
    work = item.assignments.get()
    assert work.lead_unit == item.owner_unit and work.assigner == _person("hungtq")


def test_the_command_says_what_each_persona_finds():
    out = _load()
    assert "Công việc mẫu: đã giao" in out
    assert f"Chủ tịch UBND tỉnh ({_person('hungtq').username}): 3 kết quả chờ duyệt" in out
    assert f"Phó Giám đốc đang được ủy quyền ({_person('phuongtt').username}):" in out
    assert "xử lý thay Ngô Văn Hải" in out
    assert "1 đề nghị tài khoản chờ xử lý" in out
    lines = [line for line in out.splitlines() if line.startswith("  ")]
    assert len(lines) == len(demo_work.SHOWCASE)
    # the documents waiting on them, from the documents module (congvu.synthetic.demo_documents)
    said = {line.split(" (")[0].strip(): line for line in lines}
    assert "1 văn bản chờ cấp số" in said["Văn thư Sở Nội vụ"]
    assert "1 văn bản chờ vào sổ" in said["Văn thư UBND huyện"]
    assert "1 dự thảo bị trả lại" in said["Chuyên viên có dự thảo bị trả lại"]
    assert all(len(line) < 200 for line in lines)


def test_a_second_load_adds_nothing(django_assert_max_num_queries):
    _load()
    counts = _counts()
    last_event = AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first()
    out = _load()
    assert _counts() == counts
    # Only the one-time passwords of people who have not changed theirs are issued again.
    assert set(AuditEvent.objects.filter(pk__gt=last_event).values_list("action", flat=True)) == {
        "accounts.user.password_reset"
    }
    assert "Công việc mẫu: đã có, không tạo thêm." in out
    with django_assert_max_num_queries(1):
        assert not demo_work.load_work(units={}).created


def test_a_refused_step_writes_no_work_and_keeps_the_province():
    """A province already used by hand (here: next year's plan exists) gets no half-given work."""
    demo.load_demo()
    plans.plan_create(
        actor=_person("tuandm"), unit=Unit.objects.get(agency_code="000.00.00.H99"), year=TODAY.year + 1
    )
    out = _load()
    assert "Không tạo được công việc mẫu:" in out and "đã có kế hoạch công tác năm" in out
    assert not Assignment.objects.exists() and not Delegation.objects.exists()
    assert User.objects.count() == len(demo.PERSONAS)


@pytest.mark.parametrize(
    "day",
    [
        dt.date(2026, 12, 5),  # a Saturday
        dt.date(2027, 2, 3),  # the last working day before Tết
        dt.date(2027, 2, 5),  # Giao thừa: a day off, the long break ahead
    ],
)
def test_it_loads_on_any_day(day):
    with travel_to(day):
        _load()
        today = timezone.localdate()
        assert set(Assignment.objects.values_list("status", flat=True)) == set(S.values)
        minh = my_counts(_person("minhnv"), today)
        assert minh["overdue"] >= 1 and minh["due_soon"] >= 1
        assert my_counts(_person("hungtq"), today)["to_approve"] == 3
        assert org.acts_for(_person("phuongtt"), _person("hainv"))
        assert WorkPlan.objects.get().year == day.year + 1
