"""The work screens through the test client (issue #3): giving work, the item page and its actions,
the lists and their filters. Every refusal shows its reason and changes nothing."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from congvu.assignments import services
from congvu.assignments.models import Assignment, Attachment, ChecklistItem, Extension, ProgressReport
from tests.assignments.screen_helpers import give, submitted, today

S = Assignment.Status


def body(response) -> str:
    return response.content.decode()


# --- "Giao việc" ---------------------------------------------------------------------------------


def test_a_leader_gives_work_with_everything_a_work_item_holds(province, signed_in):
    client = signed_in(province.truong_phong)
    response = client.post(
        "/cong-viec/giao-viec/",
        {
            "title": "  Rà soát   biên chế 2026 ",
            "description": "Dòng một\nDòng hai <script>alert(1)</script>",
            "lead": f"user:{province.chuyen_vien.pk}",
            "co_assignees": [str(province.chuyen_vien_2.pk)],
            "followers": [str(province.chuyen_vien_2.pk)],
            "start_date": today().isoformat(),
            "deadline_working_days": "5",
            "priority": "3",
            "checklist": "Thu thập số liệu\n\n- Dự thảo báo cáo\n",
            "attachments": [SimpleUploadedFile("ke-hoach.txt", "Kế hoạch rà soát".encode())],
        },
    )
    item = Assignment.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/cong-viec/{item.pk}/"
    assert item.title == "Rà soát biên chế 2026" and item.lead_user == province.chuyen_vien
    assert item.approver == province.truong_phong and item.priority == 3
    assert item.deadline_working_days == 5 and item.deadline > today()
    assert "<script>" not in item.description and "<p>Dòng một<br>" in item.description
    assert [c.text for c in item.checklist.all()] == ["Thu thập số liệu", "Dự thảo báo cáo"]
    assert {(p.user_id, p.role) for p in item.participants.all()} == {
        (province.chuyen_vien_2.pk, "coordinate"), (province.chuyen_vien_2.pk, "follower"),
    }  # fmt: skip
    assert [a.file.original_name for a in item.attachments.all()] == ["ke-hoach.txt"]
    page = body(client.get(response["Location"]))
    assert "Đã giao việc “Rà soát biên chế 2026”." in page and "(5 ngày làm việc)" in page


def test_a_staff_member_is_offered_only_themselves_and_self_assigns(province, signed_in):
    client = signed_in(province.chuyen_vien)
    form = body(client.get("/cong-viec/giao-viec/"))
    lead_select = form[form.index('name="lead"') : form.index("</select>", form.index('name="lead"'))]
    assert (
        "Nguyễn Văn Minh" in lead_select
        and "Trần Thị Thu Hà" not in lead_select
        and "unit:" not in lead_select
    )
    response = client.post(
        "/cong-viec/giao-viec/",
        {"title": "Tự học nghiệp vụ", "lead": f"user:{province.chuyen_vien.pk}", "start_date": today().isoformat(),
         "deadline": (today() + dt.timedelta(days=7)).isoformat(), "priority": "2"},
    )  # fmt: skip
    assert response.status_code == 302
    item = Assignment.objects.get()
    assert (
        item.assigner == province.chuyen_vien and item.approver == province.truong_phong
    )  # the head approves


def test_giving_work_to_someone_outside_the_offer_is_refused_and_saves_nothing(province, signed_in):
    client = signed_in(province.chuyen_vien)
    response = client.post(
        "/cong-viec/giao-viec/",
        {"title": "Giao vượt cấp", "lead": f"user:{province.truong_phong.pk}", "start_date": today().isoformat(),
         "deadline_working_days": "3", "priority": "2"},
    )  # fmt: skip
    assert response.status_code == 400
    assert "Vui lòng chọn người hoặc đơn vị chủ trì trong danh sách." in body(response)
    assert not Assignment.objects.exists()


def test_a_refusal_of_the_service_appears_on_the_form(province, signed_in):
    client = signed_in(province.truong_phong)
    response = client.post(
        "/cong-viec/giao-viec/",
        {"title": "Hạn sai", "lead": f"user:{province.chuyen_vien.pk}", "start_date": today().isoformat(),
         "deadline": (today() - dt.timedelta(days=1)).isoformat(), "priority": "2"},
    )  # fmt: skip
    assert response.status_code == 400
    assert "Hạn hoàn thành không được trước ngày bắt đầu." in body(response)
    assert not Assignment.objects.exists()


def test_a_far_deadline_is_refused_on_the_form_with_the_range(province, signed_in):
    client = signed_in(province.truong_phong)
    response = client.post(
        "/cong-viec/giao-viec/",
        {"title": "Hạn xa", "lead": f"user:{province.chuyen_vien.pk}", "start_date": today().isoformat(),
         "deadline": "9999-12-31", "priority": "2"},
    )  # fmt: skip
    assert response.status_code == 400
    assert "Ngày 31/12/9999 nằm ngoài khoảng cho phép (từ 02/12/2021 đến 02/12/2031)." in body(response)
    preview = client.get(
        "/cong-viec/giao-viec/han/", {"start_date": "9999-12-30", "deadline_working_days": "999"}
    )
    assert preview.status_code == 200 and "nằm ngoài khoảng cho phép" in body(preview)
    assert not Assignment.objects.exists()


def test_a_deadline_date_and_a_number_of_working_days_together_are_refused(province, signed_in):
    response = signed_in(province.truong_phong).post(
        "/cong-viec/giao-viec/",
        {"title": "Hai hạn", "lead": f"user:{province.chuyen_vien.pk}", "start_date": today().isoformat(),
         "deadline": today().isoformat(), "deadline_working_days": "3", "priority": "2"},
    )  # fmt: skip
    assert "Chỉ nhập một trong hai" in body(response) and not Assignment.objects.exists()


def test_an_attachment_the_file_service_refuses_leaves_no_work_behind(province, signed_in):
    response = signed_in(province.truong_phong).post(
        "/cong-viec/giao-viec/",
        {"title": "Có tệp lạ", "lead": f"user:{province.chuyen_vien.pk}", "start_date": today().isoformat(),
         "deadline_working_days": "3", "priority": "2",
         "attachments": [SimpleUploadedFile("cai-dat.exe", b"MZ\x90\x00" * 50)]},
    )  # fmt: skip
    assert response.status_code == 400
    assert 'class="error"' in body(response) and ".exe" in body(response)
    assert not Assignment.objects.exists() and not Attachment.objects.exists()


def test_a_leader_gives_work_to_a_unit_below(province, signed_in):
    client = signed_in(province.giam_doc)
    assert f'value="unit:{province.units.tcbc.pk}"' in body(client.get("/cong-viec/giao-viec/"))
    client.post(
        "/cong-viec/giao-viec/",
        {"title": "Việc cho phòng", "lead": f"unit:{province.units.tcbc.pk}", "start_date": today().isoformat(),
         "deadline_working_days": "10", "priority": "2"},
    )  # fmt: skip
    assert Assignment.objects.get().lead_unit == province.units.tcbc


def test_a_subtask_is_given_from_the_parents_page(province, signed_in):
    parent = give(province.giam_doc, province.truong_phong, title="Việc cha", due=20)
    client = signed_in(province.truong_phong)
    assert f"/cong-viec/giao-viec/?parent={parent.pk}" in body(client.get(f"/cong-viec/{parent.pk}/"))
    form = body(client.get(f"/cong-viec/giao-viec/?parent={parent.pk}"))
    assert "Việc con của “Việc cha”" in form
    response = client.post(
        f"/cong-viec/giao-viec/?parent={parent.pk}",
        {"title": "Việc con", "lead": f"user:{province.chuyen_vien.pk}", "start_date": today().isoformat(),
         "deadline_working_days": "3", "priority": "2", "parent": str(parent.pk)},
    )  # fmt: skip
    assert response.status_code == 302
    child = Assignment.objects.get(title="Việc con")
    assert child.parent == parent
    assert "Việc con" in body(client.get(f"/cong-viec/{parent.pk}/"))


def test_a_parent_one_cannot_see_is_not_found(province, signed_in):
    parent = give(province.giam_doc, province.truong_phong, title="Việc cha")
    assert (
        signed_in(province.chuyen_vien_khac).get(f"/cong-viec/giao-viec/?parent={parent.pk}").status_code
        == 404
    )


def test_the_deadline_preview_computes_working_days(province, signed_in):
    client = signed_in(province.chuyen_vien)
    response = client.get(
        "/cong-viec/giao-viec/han/", {"start_date": "2026-06-01", "deadline_working_days": "5"}
    )
    assert "08/06/2026" in body(response)
    assert (
        body(
            client.get("/cong-viec/giao-viec/han/", {"start_date": "x", "deadline_working_days": "5"})
        ).strip()
        == ""
    )


def test_the_deadline_preview_questions_a_date_that_cannot_be_a_deadline(province, signed_in):
    client = signed_in(province.chuyen_vien)

    def preview(day: str) -> str:
        return body(client.get("/cong-viec/giao-viec/han/", {"deadline": day})).strip()

    # today is Wednesday 02/12/2026 (the suite's clock); 05/12 is a Saturday, 01/01/2027 New Year
    assert preview("2026-12-05") == (
        '<span class="warn-text">Thứ Bảy 05/12/2026 không phải ngày làm việc. '
        "Đề xuất: Thứ Hai 07/12/2026.</span>"
    )
    assert "Đề xuất: Thứ Hai 04/01/2027." in preview("2027-01-01")
    assert "Hạn 20/11/2026 đã qua; vui lòng chọn từ hôm nay (02/12/2026) trở đi." in preview("2026-11-20")
    assert preview("2026-12-07") == ""  # a working day: nothing to say


# --- the item page -------------------------------------------------------------------------------


@pytest.fixture
def item(province):
    return give(
        province.truong_phong, province.chuyen_vien, title="Rà soát hồ sơ", due=10,
        checklist=["Một", "Hai"], co_assignees=[province.chuyen_vien_2], followers=[province.theo_doi],
    )  # fmt: skip


def test_work_outside_ones_scope_is_not_found(province, signed_in, item):
    assert signed_in(province.chuyen_vien_khac).get(f"/cong-viec/{item.pk}/").status_code == 404


ACTION_URLS = {
    "report": "bao-cao-tien-do/",
    "submit": "gui-ket-qua/",
    "approve": "duyet/",
    "return": "tra-lai/",
    "reassign": "giao-lai/",
    "cancel": "huy/",
    "extension": "de-nghi-gia-han/",
}


@pytest.mark.parametrize(
    "persona, submitted_first, shown",
    [
        ("chuyen_vien", False, {"report", "submit", "extension"}),
        ("chuyen_vien_2", False, {"report"}),
        ("theo_doi", False, set()),
        ("truong_phong", False, {"reassign", "cancel"}),
        ("truong_phong", True, {"approve", "return", "cancel"}),
        ("chuyen_vien", True, set()),
        ("giam_doc", True, set()),
    ],
)
def test_the_item_page_offers_only_what_the_workflow_allows(
    province, signed_in, item, persona, submitted_first, shown
):
    if submitted_first:
        submitted(item, province.chuyen_vien)
    page = body(signed_in(getattr(province, persona)).get(f"/cong-viec/{item.pk}/"))
    offered = {name for name, url in ACTION_URLS.items() if f'action="/cong-viec/{item.pk}/{url}"' in page}
    assert offered == shown


def test_the_page_says_who_gave_the_work_on_whose_behalf(province, signed_in):
    from tests.assignments.test_selectors import fresh, lend

    lend(province.truong_phong, province.chuyen_vien_2, province.giam_doc)
    given = give(fresh(province.chuyen_vien_2), province.chuyen_vien, title="Giao thay")
    page = body(signed_in(province.chuyen_vien).get(f"/cong-viec/{given.pk}/"))
    assert "Trần Thị Thu Hà thay mặt Bùi Thanh Sơn" in page


def test_the_officer_reports_progress_with_a_file(province, signed_in, item):
    client = signed_in(province.chuyen_vien)
    response = client.post(
        f"/cong-viec/{item.pk}/bao-cao-tien-do/",
        {"report-percent": "50", "report-text": "Được một nửa",
         "report-files": [SimpleUploadedFile("so-lieu.csv", b"a,b\n1,2\n")]},
    )  # fmt: skip
    assert response.status_code == 302
    item.refresh_from_db()
    assert (item.status, item.progress) == (S.IN_PROGRESS, 50)
    page = body(client.get(f"/cong-viec/{item.pk}/"))
    assert "Đã báo cáo tiến độ." in page and "Được một nửa" in page and "so-lieu.csv" in page
    assert 'aria-valuenow="50"' in page


def test_progress_above_100_is_refused_and_nothing_changes(province, signed_in, item):
    response = signed_in(province.chuyen_vien).post(
        f"/cong-viec/{item.pk}/bao-cao-tien-do/", {"report-percent": "150", "report-text": "Quá"}
    )
    assert response.status_code == 400 and "Tiến độ phải từ 0 đến 100%." in body(response)
    assert not ProgressReport.objects.exists()
    item.refresh_from_db()
    assert (item.status, item.progress) == (S.ASSIGNED, 0)


def test_submit_return_resubmit_approve(province, signed_in, item):
    officer, head = signed_in(province.chuyen_vien), None
    unconfirmed = officer.post(f"/cong-viec/{item.pk}/gui-ket-qua/", {"submit-note": "Xong phần chính"})
    assert unconfirmed.status_code == 400 and "Xong phần chính" in body(unconfirmed)
    item.refresh_from_db()
    assert item.status == S.ASSIGNED
    confirmed = {"submit-note": "Xong", "submit-incomplete_confirmed": "on"}
    assert officer.post(f"/cong-viec/{item.pk}/gui-ket-qua/", confirmed).status_code == 302
    head = signed_in(province.truong_phong)
    refused = head.post(f"/cong-viec/{item.pk}/tra-lai/", {"return-reason": "  "})
    assert refused.status_code == 400 and "Vui lòng nêu lý do" in body(refused)
    item.refresh_from_db()
    assert item.status == S.SUBMITTED
    assert head.post(f"/cong-viec/{item.pk}/tra-lai/", {"return-reason": "Thiếu số liệu"}).status_code == 302
    item.refresh_from_db()
    assert (item.status, item.returned_count) == (S.RETURNED, 1)
    officer = signed_in(province.chuyen_vien)
    assert "Thiếu số liệu" in body(officer.get(f"/cong-viec/{item.pk}/"))
    officer.post(
        f"/cong-viec/{item.pk}/gui-ket-qua/",
        {"submit-note": "Đã bổ sung", "submit-incomplete_confirmed": "on"},
    )
    head = signed_in(province.truong_phong)
    bad = head.post(f"/cong-viec/{item.pk}/duyet/", {"approve-rating": "9"})
    assert bad.status_code == 400
    assert (
        head.post(
            f"/cong-viec/{item.pk}/duyet/", {"approve-rating": "4", "approve-comment": "Tốt"}
        ).status_code
        == 302
    )
    item.refresh_from_db()
    assert (item.status, item.rating, item.evaluation, item.progress) == (S.DONE, 4, "Tốt", 100)
    page = body(head.get(f"/cong-viec/{item.pk}/"))
    assert "★★★★☆" in page and "Đánh giá 4/5" in page


def test_the_lead_cannot_approve_even_by_posting(province, signed_in, item):
    submitted(item, province.chuyen_vien)
    response = signed_in(province.chuyen_vien).post(f"/cong-viec/{item.pk}/duyet/", {"approve-rating": "5"})
    assert response.status_code == 403 and "Không ai tự duyệt" in body(response)
    item.refresh_from_db()
    assert item.status == S.SUBMITTED


def test_the_assigner_reassigns_and_cancels_with_a_reason(province, signed_in, item):
    client = signed_in(province.truong_phong)
    no_reason = client.post(
        f"/cong-viec/{item.pk}/giao-lai/", {"reassign-lead": f"user:{province.chuyen_vien_2.pk}"}
    )
    assert no_reason.status_code == 400
    response = client.post(
        f"/cong-viec/{item.pk}/giao-lai/",
        {"reassign-lead": f"user:{province.chuyen_vien_2.pk}", "reassign-reason": "Minh đi học"},
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.lead_user == province.chuyen_vien_2
    assert client.post(f"/cong-viec/{item.pk}/huy/", {"cancel-reason": "Không còn cần"}).status_code == 302
    item.refresh_from_db()
    assert item.status == S.CANCELLED


def test_an_extension_is_requested_and_granted(province, signed_in, item):
    new = item.deadline + dt.timedelta(days=7)
    officer = signed_in(province.chuyen_vien)
    response = officer.post(
        f"/cong-viec/{item.pk}/de-nghi-gia-han/",
        {"extension-new_deadline": new.isoformat(), "extension-reason": "Chờ số liệu"},
    )
    assert response.status_code == 302
    extension = Extension.objects.get()
    head = signed_in(province.truong_phong)
    page = body(head.get(f"/cong-viec/{item.pk}/"))
    assert f'action="/cong-viec/{item.pk}/gia-han/{extension.pk}/"' in page
    refused = head.post(
        f"/cong-viec/{item.pk}/gia-han/{extension.pk}/", {"decision": "refuse", "decide-note": ""}
    )
    assert refused.status_code == 400
    head.post(f"/cong-viec/{item.pk}/gia-han/{extension.pk}/", {"decision": "grant", "decide-note": "Đồng ý"})
    item.refresh_from_db()
    extension.refresh_from_db()
    assert item.deadline == new and extension.status == Extension.Status.GRANTED


def test_the_lead_ticks_the_checklist_through_htmx(province, signed_in, item):
    entry = item.checklist.first()
    response = signed_in(province.chuyen_vien).post(
        f"/cong-viec/{item.pk}/dau-viec/{entry.pk}/", {"done": "1"}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200 and 'aria-pressed="true"' in body(response) and "<li" in body(response)
    assert ChecklistItem.objects.get(pk=entry.pk).done


def test_ticking_a_line_brings_the_checklist_count_up_to_date(province, signed_in, item):
    """The "(0/2)" of the heading follows the ticks (an out-of-band swap beside the line)."""
    client = signed_in(province.chuyen_vien)
    assert 'id="dau-viec-dem"' in body(client.get(f"/cong-viec/{item.pk}/"))
    first, second = item.checklist.order_by("position")
    url = f"/cong-viec/{item.pk}/dau-viec/"
    response = client.post(f"{url}{first.pk}/", {"done": "1"}, HTTP_HX_REQUEST="true")
    assert 'id="dau-viec-dem"' in body(response) and 'hx-swap-oob="true"' in body(response)
    assert ">(1/2)</span>" in body(response)
    response = client.post(f"{url}{second.pk}/", {"done": "1"}, HTTP_HX_REQUEST="true")
    assert ">(2/2)</span>" in body(response)
    response = client.post(f"{url}{first.pk}/", {"done": "0"}, HTTP_HX_REQUEST="true")
    assert ">(1/2)</span>" in body(response)


def test_only_the_lead_ticks_the_checklist(province, signed_in, item):
    entry = item.checklist.first()
    response = signed_in(province.chuyen_vien_2).post(
        f"/cong-viec/{item.pk}/dau-viec/{entry.pk}/", {"done": "1"}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 403 and not ChecklistItem.objects.get(pk=entry.pk).done


def test_files_are_downloaded_only_by_those_who_see_the_work(province, signed_in, item):
    report = services.progress_report(
        item=item, actor=province.chuyen_vien, percent=5, uploads=[("so-lieu.csv", "Số liệu".encode())]
    )
    stored = report.files.get()
    url = f"/cong-viec/{item.pk}/tep/{stored.pk}/"
    response = signed_in(province.theo_doi).get(url)
    assert response.status_code == 200 and b"".join(response.streaming_content).decode() == "Số liệu"
    assert "so-lieu.csv" in response["Content-Disposition"]
    assert signed_in(province.chuyen_vien_khac).get(url).status_code == 404
    other = give(province.truong_phong, province.chuyen_vien_2, title="Việc khác")
    assert signed_in(province.chuyen_vien_2).get(f"/cong-viec/{other.pk}/tep/{stored.pk}/").status_code == 404


# --- the lists -----------------------------------------------------------------------------------


def test_my_work_shows_counts_rows_and_a_progress_bar(province, signed_in):
    give(province.truong_phong, province.chuyen_vien, title="Việc quá hạn", start=-9, due=-2)
    give(province.truong_phong, province.chuyen_vien, title="Việc còn lâu", due=30)
    page = body(signed_in(province.chuyen_vien).get("/cong-viec/"))
    assert page.index("Việc quá hạn") < page.index("Việc còn lâu")
    assert "quá hạn 2 ngày" in page and 'role="progressbar"' in page and 'aria-valuenow="0"' in page
    assert '<span class="n">2</span><span class="l">Cần làm</span>' in page
    assert '<span class="n">1</span><span class="l">Quá hạn</span>' in page


def test_the_approvers_tab_shows_the_lead(province, signed_in, item):
    submitted(item, province.chuyen_vien)
    page = body(signed_in(province.truong_phong).get("/cong-viec/?nhom=cho-duyet"))
    assert "Rà soát hồ sơ" in page and "Chủ trì: Nguyễn Văn Minh" in page


def test_the_given_list_filters_by_person_and_text(province, signed_in):
    give(province.truong_phong, province.chuyen_vien, title="Báo cáo của Minh")
    give(province.truong_phong, province.chuyen_vien_2, title="Báo cáo của Hà")
    client = signed_in(province.truong_phong)
    page = body(client.get("/cong-viec/da-giao/", {"nguoi": province.chuyen_vien_2.pk}))
    assert "Báo cáo của Hà" in page and "Báo cáo của Minh" not in page
    page = body(client.get("/cong-viec/da-giao/", {"q": "bao cao cua minh"}))
    assert "Báo cáo của Minh" in page and "Báo cáo của Hà" not in page


def test_a_list_pages_on_with_a_cursor_keeping_its_filters(province, signed_in, settings):
    settings.PAGE_SIZE = 5
    for i in range(7):
        give(province.truong_phong, province.chuyen_vien, title=f"Việc {i:02d}", due=i)
    client = signed_in(province.truong_phong)
    first = body(client.get("/cong-viec/da-giao/", {"q": "viec"}))
    assert first.count('class="work-title"') == 5
    cursor = first.split("sau=")[1].split('"')[0]
    assert "q=viec&amp;sau=" in first
    second = body(client.get("/cong-viec/da-giao/", {"q": "viec", "sau": cursor}))
    assert second.count('class="work-title"') == 2 and "Việc 06" in second


def test_the_unit_list_is_for_leaders(province, signed_in):
    assert signed_in(province.chuyen_vien).get("/cong-viec/don-vi/").status_code == 403


def test_the_unit_list_offers_the_subtree_and_filters_by_unit(province, signed_in):
    give(province.truong_phong, province.chuyen_vien, title="Việc TCBC")
    give(province.giam_doc, unit=province.units.ccvc, title="Việc CCVC")
    client = signed_in(province.giam_doc)
    page = body(client.get("/cong-viec/don-vi/"))
    assert "Việc TCBC" in page and "Việc CCVC" in page
    units = page[page.index('name="don_vi"') : page.index("</select>", page.index('name="don_vi"'))]
    assert "Phòng Công chức viên chức" in units and "Sở Tài chính" not in units
    page = body(client.get("/cong-viec/don-vi/", {"don_vi": province.units.ccvc.pk}))
    assert "Việc CCVC" in page and "Việc TCBC" not in page
    # A unit outside the scope is ignored, never shown.
    assert "Việc TCBC" in body(client.get("/cong-viec/don-vi/", {"don_vi": province.units.stc.pk}))


def test_the_menu_offers_the_unit_list_to_leaders_only(province, signed_in):
    assert "Việc của đơn vị" in body(signed_in(province.pho_giam_doc).get("/cong-viec/"))
    assert "Việc của đơn vị" not in body(signed_in(province.chuyen_vien).get("/cong-viec/"))
    assert "Việc của đơn vị" not in body(signed_in(province.quan_tri).get("/cong-viec/"))


def test_a_subtask_of_finished_work_is_refused_with_a_visible_reason(province, signed_in):
    parent = give(province.giam_doc, province.truong_phong, title="Việc cha", due=20)
    submitted(parent, province.truong_phong)
    response = signed_in(province.truong_phong).post(
        f"/cong-viec/giao-viec/?parent={parent.pk}",
        {"title": "Việc con muộn", "lead": f"user:{province.chuyen_vien.pk}", "start_date": today().isoformat(),
         "deadline_working_days": "3", "priority": "2", "parent": str(parent.pk)},
    )  # fmt: skip
    assert response.status_code == 409  # the parent is no longer being worked on
    assert 'class="msg msg-error"' in body(response) and "trạng thái hiện tại" in body(response)
    assert not Assignment.objects.filter(title="Việc con muộn").exists()


def test_bold_and_italic_from_the_toolbar_keep_their_lines(province, signed_in):
    signed_in(province.truong_phong).post(
        "/cong-viec/giao-viec/",
        {"title": "Có định dạng", "lead": f"user:{province.chuyen_vien.pk}", "start_date": today().isoformat(),
         "deadline_working_days": "3", "priority": "2",
         "description": "Dòng <strong>đậm</strong>\nDòng <em>nghiêng</em> <a href=\"javascript:alert(1)\">x</a>"},
    )  # fmt: skip
    description = Assignment.objects.get().description
    assert description.startswith("Dòng <strong>đậm</strong><br>\nDòng <em>nghiêng</em>")
    assert "javascript" not in description
