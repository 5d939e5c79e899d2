"""Screens and API read the work lists through the same selector: for every persona, each screen
list shows exactly the rows its API scope returns, and no scope shows work the person may not see."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.utils import timezone

from congvu.assignments import policies, selectors, services
from congvu.assignments.models import Assignment
from tests.assignments.workflow_cast import S, build_cast, fresh, give_work
from tests.conftest import working_day

API = "/api/v1/assignments"
ROW = re.compile(r'href="/cong-viec/(\d+)/"')

# screen page (with its query) → the API parameters of the same list
SCREENS = {
    "to_approve": ("/cong-viec/?nhom=cho-duyet", {"scope": "to_approve", "status": "submitted"}),
    "given": ("/cong-viec/da-giao/?trang_thai=tat-ca", {"scope": "assigned_by_me"}),
    "unit": ("/cong-viec/don-vi/?trang_thai=tat-ca", {"scope": "unit"}),
}
PERSONAS = ["assigner", "lead", "co_assignee", "superior", "colleague", "approver_delegate", "lead_delegate"]


@pytest.fixture
def cast(province):
    cast = build_cast(province)
    give_work(cast, state=S.SUBMITTED, title="Kết quả chờ duyệt")
    give_work(cast, state=S.IN_PROGRESS, title="Việc đang làm")
    # Work the head gives his deputy, who acts for him under a delegation: her submitted result
    # waits for the head — and so, through the delegation, "for" her; nobody approves their own work.
    own = services.assignment_create(
        actor=fresh(cast.assigner),
        title="Kết quả của chính người được ủy quyền",
        lead_user=cast.approver_delegate,
        deadline=working_day(timezone.localdate() + dt.timedelta(days=5)),
    )
    services.submit(
        item=own,
        actor=fresh(cast.approver_delegate),
        note="Đã hoàn thành, gửi kết quả",
        incomplete_confirmed=True,
    )
    return cast


def _screen_ids(client, url):
    response = client.get(url)
    assert response.status_code in {200, 403}
    return set() if response.status_code == 403 else {int(i) for i in ROW.findall(response.content.decode())}


def _api_ids(client, params):
    response = client.get(API, {**params, "limit": 200})
    assert response.status_code == 200, response.content
    return {row["id"] for row in response.json()["items"]}


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("screen", sorted(SCREENS))
def test_the_screen_and_the_api_list_the_same_rows(cast, signed_in, persona, screen):
    person = getattr(cast, persona)
    client = signed_in(person)
    url, params = SCREENS[screen]
    assert _screen_ids(client, url) == _api_ids(client, params)


@pytest.mark.parametrize("persona", PERSONAS)
def test_waiting_for_my_approval_never_holds_my_own_work(cast, signed_in, persona):
    person = getattr(cast, persona)
    waiting = _api_ids(signed_in(person), {"scope": "to_approve"})
    own = set(Assignment.objects.filter(lead_user=person).values_list("pk", flat=True))
    assert not waiting & own


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("scope", selectors.SCOPES)
def test_every_scope_lies_inside_what_the_person_may_see(cast, persona, scope):
    person = getattr(cast, persona)
    rows = selectors.assignment_list(
        person, scope=scope, filters=selectors.Filters(status=selectors.STATUS_ALL)
    )
    visible = policies.visible_assignments(person)
    assert set(rows.values_list("pk", flat=True)) <= set(visible.values_list("pk", flat=True))
