"""The directive task API (/api/v1/directives): the same policies, selectors and services as the
screens, by personal token; bad input answered in Vietnamese with nothing changed."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from congvu.directives import services
from congvu.directives.models import DirectiveTask, TaskEvent, TaskReport
from tests.conftest import bearer_client
from tests.directives.cast import build_directive_cast

URL = "/api/v1/directives"
S = DirectiveTask.Status


@pytest.fixture
def cast(province):
    return build_directive_cast(province)


@pytest.fixture
def api():
    def _for(user):
        client = bearer_client(user)

        class Caller:
            def get(self, path, data=None):
                return client.get(path, data or {})

            def post(self, path, data=None):
                return client.post(path, data or {}, content_type="application/json")

            def form(self, path, data):
                return client.post(path, data)

        return Caller()

    return _for


def ids(response):
    assert response.status_code == 200, response.content
    return [row["id"] for row in response.json()["items"]]


def test_the_list_reads_the_tabs_and_the_statistics_filters(cast, api, province):
    office = api(cast.theo_doi)
    assert set(ids(office.get(f"{URL}/tasks", {"tab": "monitor"}))) == {
        t.pk for t in vars(cast.tasks).values()
    }
    assert ids(api(cast.giam_doc).get(f"{URL}/tasks", {"tab": "mine"})) == [cast.tasks.snv.pk]
    query = {
        "agency": province.units.stc.pk,
        "signer": cast.chu_tich.pk,
        "start": "2026-12-01",
        "end": "2026-12-31",
    }
    assert ids(office.get(f"{URL}/tasks", {**query, "category": "not_updated"})) == [cast.tasks.stc.pk]
    assert ids(office.get(f"{URL}/tasks", {**query, "category": "in_progress"})) == []
    bad = office.get(f"{URL}/tasks", {"category": "sometimes"})
    assert bad.status_code == 400


def test_report_with_a_file_then_reject_then_report_again_then_approve(cast, api):
    head, office = api(cast.giam_doc), api(cast.theo_doi)
    task = cast.tasks.snv
    sent = head.form(
        f"{URL}/tasks/{task.pk}/report/upload",
        {
            "content": "Đã ban hành kế hoạch",
            "proposal": "done",
            "document_number": "45/BC-SNV",
            "document_date": "2026-12-02",
            "file": SimpleUploadedFile("bao-cao.txt", "Báo cáo".encode()),
        },
    )
    assert sent.status_code == 201, sent.content
    detail = sent.json()
    assert detail["status"] == "reported"
    assert detail["reports"][0]["file"]["name"] == "bao-cao.txt"
    assert detail["reports"][0]["due_on"] == "2026-12-04" and not detail["reports"][0]["reported_late"]
    queue = office.get(f"{URL}/reports/queue").json()["items"]
    assert [r["task_id"] for r in queue] == [task.pk] and queue[0]["lead_unit"]["name"] == "Sở Nội vụ"
    report_id = queue[0]["id"]
    no_reason = office.post(f"{URL}/reports/{report_id}/reject", {"reason": ""})
    assert no_reason.status_code == 400 and no_reason.json() == {
        "detail": "Vui lòng nhập lý do từ chối.",
        "code": "invalid",
        "field": "reason",
    }
    assert TaskReport.objects.get(pk=report_id).status == "pending"
    rejected = office.post(f"{URL}/reports/{report_id}/reject", {"reason": "Thiếu số liệu"})
    assert rejected.json()["status"] == "rejected"
    again = office.post(f"{URL}/reports/{report_id}/approve", {"note": ""})
    assert again.status_code == 409
    assert again.json()["detail"] == "Báo cáo này đã được duyệt hoặc từ chối (có thể người khác vừa xử lý)."
    head.post(f"{URL}/tasks/{task.pk}/report", {"content": "Đã bổ sung số liệu", "proposal": "done"})
    second = TaskReport.objects.filter(task=task, status="pending").get()
    done = office.post(f"{URL}/reports/{second.pk}/approve", {"note": "Đạt"}).json()
    assert done["status"] == "done" and done["completed_on"] == "2026-12-02"
    kinds = [e["kind"] for e in done["timeline"]]
    assert kinds[:4] == ["approved", "reported", "rejected", "reported"]  # newest first


def test_bad_input_is_refused_in_vietnamese_and_changes_nothing(cast, api, province):
    head = api(cast.giam_doc)
    task = cast.tasks.snv
    empty = head.post(f"{URL}/tasks/{task.pk}/report", {"content": "", "proposal": "progress"})
    assert empty.status_code == 400 and empty.json()["detail"] == "Vui lòng nhập nội dung thực hiện."
    # the co-operating agency reads the task but does not report on it
    services.task_update(task=task, actor=cast.theo_doi, co_units=[province.units.huyen])
    co = api(cast.chu_tich_huyen).post(
        f"{URL}/tasks/{task.pk}/report", {"content": "Đã làm", "proposal": "done"}
    )
    assert co.status_code == 403
    assert (
        co.json()["detail"]
        == "Chỉ lãnh đạo cơ quan chủ trì hoặc người được phân công mới báo cáo được nhiệm vụ này."
    )
    # another agency does not even see it
    other = api(cast.stc_head).post(
        f"{URL}/tasks/{task.pk}/report", {"content": "Đã làm", "proposal": "done"}
    )
    assert other.status_code == 404
    assert not TaskReport.objects.filter(task=task).exists()
    report = services.task_report(task=task, actor=cast.giam_doc, content="Đã làm", proposal="done")
    own = head.post(f"{URL}/reports/{report.pk}/approve", {"note": ""})
    assert (
        own.status_code == 403
        and own.json()["detail"] == "Chỉ Văn phòng (người theo dõi chỉ đạo) mới làm được việc này."
    )
    assert api(cast.giam_doc).get(f"{URL}/reports/queue").status_code == 403
    assert TaskReport.objects.get(pk=report.pk).status == "pending"
    assert DirectiveTask.objects.get(pk=task.pk).status == S.REPORTED


def test_return_reassign_update_appoint_cancel(cast, api, province):
    office, stc = api(cast.theo_doi), api(cast.stc_head)
    task = cast.tasks.stc
    assert stc.post(f"{URL}/tasks/{task.pk}/return", {"reason": ""}).status_code == 400
    assert (
        stc.post(f"{URL}/tasks/{task.pk}/return", {"reason": "Không thuộc chức năng"}).json()["status"]
        == "returned"
    )
    moved = office.post(
        f"{URL}/tasks/{task.pk}/reassign", {"lead_unit_id": province.units.snv.pk, "reason": "Giao đúng"}
    )
    assert moved.json()["status"] == "new" and moved.json()["lead_unit"]["id"] == province.units.snv.pk
    updated = office.post(
        f"{URL}/tasks/{task.pk}/update",
        {"content": "Nội dung mới", "deadline": "2027-01-29", "co_unit_ids": [province.units.huyen.pk]},
    ).json()
    assert (updated["content"], updated["deadline"], [u["id"] for u in updated["co_units"]]) == (
        "Nội dung mới",
        "2027-01-29",
        [province.units.huyen.pk],
    )
    assert updated["monitor"]["email"] == "tuandm@binhson.gov.vn"
    appointed = api(cast.giam_doc).post(
        f"{URL}/tasks/{task.pk}/appoint", {"handler_id": province.chuyen_vien.pk}
    )
    assert appointed.json()["handler"]["id"] == province.chuyen_vien.pk
    outsider = api(cast.giam_doc).post(
        f"{URL}/tasks/{task.pk}/appoint", {"handler_id": province.chuyen_vien_khac.pk}
    )
    assert outsider.status_code == 400 and outsider.json()["field"] == "handler_id"
    cancelled = office.post(f"{URL}/tasks/{task.pk}/cancel", {"reason": "Đã thay thế"}).json()
    assert cancelled["status"] == "cancelled"
    assert TaskEvent.objects.filter(task=task, kind="cancelled").count() == 1


def test_the_task_detail_carries_allowed_actions(cast, api):
    detail = api(cast.giam_doc).get(f"{URL}/tasks/{cast.tasks.snv.pk}").json()
    assert set(detail["allowed_actions"]) == {"report", "return", "appoint", "distribute"}
    office = api(cast.theo_doi).get(f"{URL}/tasks/{cast.tasks.snv.pk}").json()
    assert set(office["allowed_actions"]) == {"reassign", "cancel", "update"}
    assert api(cast.stc_head).get(f"{URL}/tasks/{cast.tasks.snv.pk}").status_code == 404
