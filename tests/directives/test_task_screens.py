"""The task screens of directive follow-up: the list, the task page and its forms, the review queue,
the home section (seed 001 Đ8.2, Đ8.3, Đ9; DIR-2..DIR-5, DIR-9)."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from congvu.directives import services
from congvu.directives.models import DirectiveTask, TaskReport
from tests.directives.cast import build_directive_cast

S = DirectiveTask.Status


@pytest.fixture
def cast(province):
    return build_directive_cast(province)


def body(response) -> str:
    return response.content.decode()


def test_the_task_page_shows_the_directive_the_monitor_and_the_report_form(cast, signed_in):
    cast.theo_doi.phone = "0263 3822 123"
    cast.theo_doi.save(update_fields=["phone"])
    page = body(signed_in(cast.giam_doc).get(f"/chi-dao/nhiem-vu/{cast.tasks.snv.pk}/"))
    assert "125/UBND-VP" in page and "Trần Quốc Hùng" in page and "Sở Nội vụ" in page
    assert "0263 3822 123" in page and "tuandm@binhson.gov.vn" in page
    assert "Chưa cập nhật" in page
    assert f'action="/chi-dao/nhiem-vu/{cast.tasks.snv.pk}/bao-cao/"' in page
    assert "trong vòng 2 ngày làm việc" in page
    assert "Trả lại Văn phòng" in page
    assert "Hủy nhiệm vụ" not in page  # the office's, not the agency's


def test_another_agency_does_not_see_the_task(cast, signed_in):
    assert signed_in(cast.stc_head).get(f"/chi-dao/nhiem-vu/{cast.tasks.snv.pk}/").status_code == 404


def test_the_agency_reports_with_a_file_and_the_office_approves_from_the_queue(cast, signed_in):
    client = signed_in(cast.giam_doc)
    url = f"/chi-dao/nhiem-vu/{cast.tasks.snv.pk}/bao-cao/"
    response = client.post(
        url,
        {
            "report-content": "Đã ban hành kế hoạch thực hiện",
            "report-document_number": "45/BC-SNV",
            "report-document_date": "2026-12-02",
            "report-proposal": "done",
            "report-file": SimpleUploadedFile("bao-cao.txt", "Báo cáo kết quả".encode()),
        },
    )
    assert response.status_code == 302, body(response)
    report = TaskReport.objects.get(task=cast.tasks.snv)
    assert (report.document_number, report.file.original_name) == ("45/BC-SNV", "bao-cao.txt")
    page = body(client.get(f"/chi-dao/nhiem-vu/{cast.tasks.snv.pk}/"))
    assert "bao-cao.txt" in page and "Chờ duyệt" in page
    download = client.get(f"/chi-dao/nhiem-vu/{cast.tasks.snv.pk}/tep/{report.pk}/")
    assert download.status_code == 200 and b"".join(download.streaming_content) == "Báo cáo kết quả".encode()

    office = signed_in(cast.theo_doi)
    queue = body(office.get("/chi-dao/duyet-bao-cao/"))
    assert "Đã ban hành kế hoạch thực hiện" in queue and "Sở Nội vụ" in queue
    response = office.post(f"/chi-dao/bao-cao/{report.pk}/duyet/", {"from_queue": "1", "approve-note": "Đạt"})
    assert response.status_code == 302 and response["Location"] == "/chi-dao/duyet-bao-cao/"
    assert DirectiveTask.objects.get(pk=cast.tasks.snv.pk).status == S.DONE


def test_a_rejection_without_reason_from_the_queue_changes_nothing(cast, signed_in):
    report = services.task_report(task=cast.tasks.snv, actor=cast.giam_doc, content="Đã làm", proposal="done")
    office = signed_in(cast.theo_doi)
    response = office.post(f"/chi-dao/bao-cao/{report.pk}/tu-choi/", {"from_queue": "1", "reject-reason": ""})
    assert response.status_code == 302
    page = body(office.get("/chi-dao/duyet-bao-cao/"))
    assert "Vui lòng nhập lý do từ chối." in page
    assert TaskReport.objects.get(pk=report.pk).status == TaskReport.Status.PENDING


def test_a_report_without_content_is_shown_again_with_the_reason(cast, signed_in):
    response = signed_in(cast.giam_doc).post(
        f"/chi-dao/nhiem-vu/{cast.tasks.snv.pk}/bao-cao/",
        {"report-content": "", "report-proposal": "progress"},
    )
    assert response.status_code == 400
    assert "Vui lòng nhập nội dung thực hiện." in body(response)
    assert not TaskReport.objects.exists()


def test_the_review_queue_is_for_the_office_only(cast, signed_in):
    assert signed_in(cast.giam_doc).get("/chi-dao/duyet-bao-cao/").status_code == 403


def test_the_office_rejects_on_the_task_page_and_the_agency_sees_the_reason(cast, signed_in):
    report = services.task_report(task=cast.tasks.snv, actor=cast.giam_doc, content="Đã làm", proposal="done")
    office = signed_in(cast.theo_doi)
    response = office.post(f"/chi-dao/bao-cao/{report.pk}/tu-choi/", {"reject-reason": "Thiếu số liệu"})
    assert response.status_code == 302
    page = body(signed_in(cast.giam_doc).get(f"/chi-dao/nhiem-vu/{cast.tasks.snv.pk}/"))
    assert "Báo cáo bị từ chối" in page and "Thiếu số liệu" in page


def test_the_office_reassigns_updates_and_cancels(cast, signed_in, province):
    office = signed_in(cast.theo_doi)
    task = cast.tasks.huyen
    response = office.post(
        f"/chi-dao/nhiem-vu/{task.pk}/giao-lai/",
        {"reassign-lead_unit": str(province.units.stc.pk), "reassign-reason": "Thuộc lĩnh vực tài chính"},
    )
    assert response.status_code == 302, body(response)
    assert DirectiveTask.objects.get(pk=task.pk).lead_unit_id == province.units.stc.pk
    response = office.post(
        f"/chi-dao/nhiem-vu/{task.pk}/dieu-chinh/",
        {
            "update-content": "Nội dung đã điều chỉnh",
            "update-deadline": "2027-01-29",
            "update-monitor": str(cast.theo_doi.pk),
            "update-co_units": [str(province.units.snv.pk)],
        },
    )
    assert response.status_code == 302, body(response)
    task = DirectiveTask.objects.get(pk=task.pk)
    assert task.content == "Nội dung đã điều chỉnh" and str(task.deadline) == "2027-01-29"
    assert list(task.co_units.values_list("pk", flat=True)) == [province.units.snv.pk]
    response = office.post(f"/chi-dao/nhiem-vu/{task.pk}/huy/", {"cancel-reason": "Văn bản đã được thay thế"})
    assert response.status_code == 302
    assert DirectiveTask.objects.get(pk=task.pk).status == S.CANCELLED


def test_the_agency_head_appoints_a_handler_from_the_lead_unit(cast, signed_in, province):
    client = signed_in(cast.giam_doc)
    page = body(client.get(f"/chi-dao/nhiem-vu/{cast.tasks.snv.pk}/"))
    assert "Nguyễn Văn Minh" in page and "Đặng Đình Đức" not in page  # Sở Tài chính's officer
    response = client.post(
        f"/chi-dao/nhiem-vu/{cast.tasks.snv.pk}/phan-cong/", {"appoint-handler": str(province.chuyen_vien.pk)}
    )
    assert response.status_code == 302
    assert DirectiveTask.objects.get(pk=cast.tasks.snv.pk).handler_id == province.chuyen_vien.pk


def test_the_agency_returns_the_task(cast, signed_in):
    response = signed_in(cast.stc_head).post(
        f"/chi-dao/nhiem-vu/{cast.tasks.stc.pk}/tra-lai/", {"return-reason": "Không thuộc chức năng"}
    )
    assert response.status_code == 302
    assert DirectiveTask.objects.get(pk=cast.tasks.stc.pk).status == S.RETURNED


def test_the_list_tabs_and_filters(cast, signed_in, province):
    client = signed_in(cast.giam_doc)
    mine = body(client.get("/chi-dao/nhiem-vu/?tab=mine"))
    assert f"/chi-dao/nhiem-vu/{cast.tasks.snv.pk}/" in mine
    assert f"/chi-dao/nhiem-vu/{cast.tasks.stc.pk}/" not in mine
    office = signed_in(cast.theo_doi)
    everything = body(office.get("/chi-dao/nhiem-vu/?tab=monitor"))
    assert all(f"/chi-dao/nhiem-vu/{t.pk}/" in everything for t in vars(cast.tasks).values())
    filtered = body(office.get(f"/chi-dao/nhiem-vu/?agency={province.units.stc.pk}&category=not_updated"))
    assert f"/chi-dao/nhiem-vu/{cast.tasks.stc.pk}/" in filtered
    assert f"/chi-dao/nhiem-vu/{cast.tasks.snv.pk}/" not in filtered
    found = body(office.get("/chi-dao/nhiem-vu/?q=duc+trong"))
    assert f"/chi-dao/nhiem-vu/{cast.tasks.huyen.pk}/" in found
    assert f"/chi-dao/nhiem-vu/{cast.tasks.snv.pk}/" not in found
    signer = body(signed_in(cast.chu_tich).get("/chi-dao/nhiem-vu/?tab=signed&status=new"))
    assert signer.count("/chi-dao/nhiem-vu/") >= 3


def test_the_home_page_shows_what_waits(cast, signed_in):
    services.task_report(task=cast.tasks.snv, actor=cast.giam_doc, content="Đã làm", proposal="done")
    office = body(signed_in(cast.theo_doi).get("/"))
    assert "Báo cáo chỉ đạo chờ duyệt" in office
    agency = body(signed_in(cast.stc_head).get("/"))
    assert "Nhiệm vụ chỉ đạo cần báo cáo" in agency


def test_the_signer_sees_the_overdue_tasks_on_home_and_the_search_finds_tasks(province, signed_in):
    import datetime as dt

    from congvu.core import registry
    from tests.directives.cast import enter, task_input

    late = task_input(
        province, province.units.snv, content="Rà soát thủ tục đất đai", deadline=dt.date(2026, 11, 20)
    )
    enter(province, number="98/UBND-VP", issued_on=dt.date(2026, 11, 2), tasks=[late])
    home = body(signed_in(province.chu_tich).get("/"))
    assert "Nhiệm vụ tôi chỉ đạo quá hạn" in home and "Rà soát thủ tục đất đai" in home
    provider = registry.REGISTRY.search_providers["directive_tasks"]
    hits = provider.search(province.giam_doc, "thu tuc dat dai", 10)
    assert [h.title for h in hits] == ["98/UBND-VP: Rà soát thủ tục đất đai"]
    assert provider.search(province.chuyen_vien_khac, "thu tuc dat dai", 10) == []
    listed = body(signed_in(province.chu_tich).get("/chi-dao/nhiem-vu/?tab=signed&category=not_updated"))
    assert "Rà soát thủ tục đất đai" in listed and "quá hạn 12 ngày" in listed


def test_a_standing_task_is_left_out_of_the_list_unless_asked(province, signed_in):
    import datetime as dt

    from tests.directives.cast import enter, task_input

    standing = task_input(
        province,
        province.units.snv,
        content="Báo cáo tình hình cải cách hành chính hằng tháng",
        working_days=10,
        recurrence="monthly",
        recurrence_until=dt.date(2027, 12, 31),
    )
    enter(province, number="77/UBND-VP", tasks=[standing])
    client = signed_in(province.theo_doi)
    assert "hằng tháng" not in body(client.get("/chi-dao/nhiem-vu/"))
    assert "hằng tháng" in body(client.get("/chi-dao/nhiem-vu/?standing=on"))
