"""A leader of the lead agency distributes a directive task inside the agency (issue #10: "sees its
directive tasks, distributes them internally if it wishes"): one act gives work (giao việc) to a
person or a unit of the agency, linked to the task; the task's timeline and the audit log say so;
the work's page links back to the task and the task page lists the work."""

from __future__ import annotations

import datetime as dt

import pytest

from congvu.assignments.models import Assignment, Link
from congvu.core.decisions import Refused
from congvu.core.models import AuditEvent
from congvu.directives import services
from congvu.directives.models import DirectiveTask, TaskEvent
from tests.conftest import bearer_client
from tests.directives.cast import build_directive_cast

S = DirectiveTask.Status
URL = "/api/v1/directives"


@pytest.fixture
def cast(province):
    return build_directive_cast(province)


@pytest.fixture
def api():
    """A JSON client with a personal API token of ``user``."""

    def _for(user):
        client = bearer_client(user)

        class Caller:
            def get(self, path):
                return client.get(path)

            def post(self, path, data):
                return client.post(path, data, content_type="application/json")

        return Caller()

    return _for


def body(response) -> str:
    return response.content.decode()


def _nothing_given(task) -> bool:
    return (
        not Link.objects.filter(kind="directive", target_id=str(task.pk)).exists()
        and not TaskEvent.objects.filter(task=task, kind=TaskEvent.Kind.DISTRIBUTED).exists()
        and not AuditEvent.objects.filter(action="directives.task.distributed").exists()
    )


def test_the_head_of_the_so_gives_work_to_a_division_head_linked_to_the_task(cast, signed_in):
    task = cast.tasks.snv
    client = signed_in(cast.giam_doc)
    page = body(client.get(f"/chi-dao/nhiem-vu/{task.pk}/"))
    assert "Giao việc trong cơ quan" in page and f'action="/chi-dao/nhiem-vu/{task.pk}/giao-viec/"' in page
    assert f'value="user:{cast.truong_phong.pk}"' in page and f'value="unit:{cast.units.ccvc.pk}"' in page
    assert f'value="user:{cast.chuyen_vien_khac.pk}"' not in page  # Sở Tài chính: not this agency's

    response = client.post(
        f"/chi-dao/nhiem-vu/{task.pk}/giao-viec/", {"distribute-lead": f"user:{cast.truong_phong.pk}"}
    )
    assert response.status_code == 302, body(response)
    item = Assignment.objects.get(lead_user=cast.truong_phong)
    assert item.title.startswith("125/UBND-VP: Triển khai nội dung chỉ đạo tại Sở Nội vụ")
    assert item.deadline == task.deadline and item.assigner_id == cast.giam_doc.pk
    assert "Triển khai nội dung chỉ đạo tại Sở Nội vụ" in item.description
    link = Link.objects.get(assignment=item)
    assert (link.kind, link.target_id, link.label) == (
        "directive",
        str(task.pk),
        "125/UBND-VP — nhiệm vụ chỉ đạo",
    )
    event = TaskEvent.objects.get(task=task, kind=TaskEvent.Kind.DISTRIBUTED)
    assert event.actor_id == cast.giam_doc.pk and event.note == f"{item.title} — Bùi Thanh Sơn"
    audit = AuditEvent.objects.get(action="directives.task.distributed")
    assert (audit.actor_id, audit.object_id, audit.after["assignment"]) == (
        cast.giam_doc.pk,
        str(task.pk),
        item.pk,
    )
    assert DirectiveTask.objects.get(pk=task.pk).status == S.NEW  # the agency still reports on the task

    task_page = body(client.get(f"/chi-dao/nhiem-vu/{task.pk}/"))
    assert "Công việc đã giao" in task_page and f'href="/cong-viec/{item.pk}/"' in task_page
    assert "Bùi Thanh Sơn" in task_page and "Giao việc trong cơ quan" in task_page
    work_page = body(signed_in(cast.truong_phong).get(f"/cong-viec/{item.pk}/"))
    assert f'<a href="/chi-dao/nhiem-vu/{task.pk}/">125/UBND-VP — nhiệm vụ chỉ đạo</a>' in work_page


def test_the_head_gives_work_to_an_officer_with_a_title_and_working_days(cast):
    task = cast.tasks.snv
    item = services.task_distribute(
        task=task,
        actor=cast.giam_doc,
        lead_user=cast.chuyen_vien,
        title="Rà soát thủ tục",
        deadline_working_days=5,
    )
    assert (item.title, item.lead_user_id) == ("Rà soát thủ tục", cast.chuyen_vien.pk)
    assert item.deadline < task.deadline


def test_a_deadline_after_the_tasks_is_refused_and_nothing_is_given(cast, signed_in):
    task = cast.tasks.snv
    late = task.deadline + dt.timedelta(days=7)
    with pytest.raises(Refused) as refused:
        services.task_distribute(task=task, actor=cast.giam_doc, lead_unit=cast.units.tcbc, deadline=late)
    assert (
        refused.value.field == "deadline"
        and "không được sau thời hạn của nhiệm vụ chỉ đạo" in refused.value.message
    )
    response = signed_in(cast.giam_doc).post(
        f"/chi-dao/nhiem-vu/{task.pk}/giao-viec/",
        {"distribute-lead": f"unit:{cast.units.tcbc.pk}", "distribute-deadline": late.strftime("%d/%m/%Y")},
    )
    assert response.status_code == 400 and "không được sau thời hạn của nhiệm vụ chỉ đạo" in body(response)
    assert not Assignment.objects.exists() and _nothing_given(task)


def test_the_work_scope_refuses_a_person_outside_the_agency_on_its_field(cast):
    with pytest.raises(Refused) as refused:
        services.task_distribute(task=cast.tasks.snv, actor=cast.giam_doc, lead_user=cast.chuyen_vien_khac)
    assert refused.value.field == "lead" and refused.value.status == 400
    assert not Assignment.objects.exists() and _nothing_given(cast.tasks.snv)


@pytest.mark.parametrize("persona", ["stc_head", "theo_doi", "chuyen_vien"])
def test_who_does_not_lead_the_lead_agency_is_refused(cast, persona):
    task = cast.tasks.snv
    services.task_appoint(
        task=task, actor=cast.giam_doc, handler=cast.chuyen_vien
    )  # the handler reports only
    with pytest.raises(Refused) as refused:
        services.task_distribute(task=task, actor=getattr(cast, persona), lead_unit=cast.units.tcbc)
    assert (
        refused.value.status == 403
        and refused.value.message == "Chỉ lãnh đạo cơ quan chủ trì mới làm được việc này."
    )
    assert not Assignment.objects.exists() and _nothing_given(task)


def test_the_handler_is_offered_no_distribute_form(cast, signed_in):
    task = cast.tasks.snv
    services.task_appoint(task=task, actor=cast.giam_doc, handler=cast.chuyen_vien)
    page = body(signed_in(cast.chuyen_vien).get(f"/chi-dao/nhiem-vu/{task.pk}/"))
    assert "/giao-viec/" not in page
    response = signed_in(cast.chuyen_vien).post(
        f"/chi-dao/nhiem-vu/{task.pk}/giao-viec/", {"distribute-lead": f"unit:{cast.units.tcbc.pk}"}
    )
    assert response.status_code == 403 and not Assignment.objects.exists()


def test_a_returned_or_done_task_is_not_distributed(cast):
    returned = services.task_return(task=cast.tasks.snv, actor=cast.giam_doc, reason="Không thuộc chức năng")
    with pytest.raises(Refused) as refused:
        services.task_distribute(task=returned, actor=cast.giam_doc, lead_unit=cast.units.tcbc)
    assert refused.value.status == 409
    report = services.task_report(
        task=cast.tasks.stc, actor=cast.stc_head, content="Đã xong", proposal="done"
    )
    done = services.report_approve(report=report, actor=cast.theo_doi)
    assert done.status == S.DONE
    with pytest.raises(Refused) as refused:
        services.task_distribute(task=done, actor=cast.stc_head, lead_unit=cast.units.ns)
    assert refused.value.status == 409
    assert not Assignment.objects.exists()


def test_the_api_distributes_and_answers_the_work_item(cast, api):
    task = cast.tasks.snv
    response = api(cast.giam_doc).post(
        f"{URL}/tasks/{task.pk}/distribute",
        {"lead_unit_id": cast.units.tcbc.pk, "title": "Xây dựng kế hoạch", "deadline_working_days": 3},
    )
    assert response.status_code == 201, response.content
    data = response.json()
    item = Assignment.objects.get(pk=data["id"])
    assert data["url"] == f"/cong-viec/{item.pk}/" and data["title"] == "Xây dựng kế hoạch"
    assert item.lead_unit_id == cast.units.tcbc.pk
    assert Link.objects.filter(assignment=item, kind="directive", target_id=str(task.pk)).exists()
    detail = api(cast.giam_doc).get(f"{URL}/tasks/{task.pk}").json()
    assert detail["timeline"][0]["kind"] == "distributed"


def test_the_api_refuses_a_late_deadline_and_an_outsider_on_their_fields(cast, api):
    task = cast.tasks.snv
    client = api(cast.giam_doc)
    late = (task.deadline + dt.timedelta(days=10)).isoformat()
    response = client.post(
        f"{URL}/tasks/{task.pk}/distribute", {"lead_unit_id": cast.units.tcbc.pk, "deadline": late}
    )
    assert response.status_code == 400 and response.json()["field"] == "deadline"
    outsider = client.post(f"{URL}/tasks/{task.pk}/distribute", {"lead_user_id": cast.chuyen_vien_khac.pk})
    assert outsider.status_code == 400 and outsider.json()["field"] == "lead_user_id"
    assert not Assignment.objects.exists() and _nothing_given(task)
