"""The entry screens (DIR-1, DIR-8, DIR-9; seed 001 Đ8.1, Đ10.2): the office enters a directive with
its tasks, keeps a draft and gives it later, adds a task; nobody else may; refused input keeps what
was typed and changes nothing; who sees which directive."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from congvu.directives import services
from congvu.directives.models import Directive, DirectiveTask, ViewGrant
from tests.core.test_files import make_pdf
from tests.directives.cast import build_directive_cast, enter, person, task_input

LIST = "/chi-dao/"
CREATE = "/chi-dao/them-moi/"


def header(province, **extra):
    data = {
        "agency": province.units.tinh.pk,
        "number": "130/UBND-VP",
        "kind": "cong_van",
        "subject": "Về việc triển khai chuyển đổi số năm 2027",
        "issued_on": timezone.localdate().isoformat(),
        "signer": province.chu_tich.pk,
        "urgency": "normal",
        "tasks-TOTAL_FORMS": "3",
        "tasks-INITIAL_FORMS": "0",
        "tasks-MIN_NUM_FORMS": "0",
        "tasks-MAX_NUM_FORMS": "100",
    }
    data.update(extra)
    return data


def task_row(index, unit, monitor, *, content=None, deadline="", days="10", **extra):
    row = {
        f"tasks-{index}-content": content or f"Thực hiện nhiệm vụ số {index + 1} tại {unit.name}",
        f"tasks-{index}-lead_unit": unit.pk,
        f"tasks-{index}-monitor": monitor.pk,
        f"tasks-{index}-deadline": deadline,
        f"tasks-{index}-deadline_working_days": days,
        f"tasks-{index}-recurrence": "",
        f"tasks-{index}-recurrence_until": "",
    }
    row.update({f"tasks-{index}-{k}": v for k, v in extra.items()})
    return row


def three_tasks(province):
    u = province.units
    return {
        **task_row(0, u.snv, province.theo_doi, co_units=[u.stc.pk]),
        **task_row(1, u.stc, province.theo_doi),
        **task_row(2, u.huyen, province.chanh_vp, recurrence="monthly", recurrence_until="2027-06-30"),
    }


def counts():
    return Directive.objects.count(), DirectiveTask.objects.count()


def test_the_office_enters_a_directive_with_three_tasks(province, signed_in):
    client = signed_in(province.theo_doi)
    assert client.get(CREATE).status_code == 200
    upload = SimpleUploadedFile("130-UBND-VP.pdf", make_pdf(), "application/pdf")
    response = client.post(CREATE, {**header(province, publish="1", file=upload), **three_tasks(province)})
    assert response.status_code == 302, response.content.decode()[:3000]
    directive = Directive.objects.get(number="130/UBND-VP")
    assert response["Location"] == f"/chi-dao/{directive.pk}/"
    assert directive.status == Directive.Status.PUBLISHED
    assert directive.file is not None
    tasks = list(directive.tasks.order_by("position"))
    assert [t.lead_unit for t in tasks] == [province.units.snv, province.units.stc, province.units.huyen]
    assert list(tasks[0].co_units.all()) == [province.units.stc]
    assert tasks[2].recurrence == "monthly" and tasks[2].monitor == province.chanh_vp
    page = client.get(response["Location"]).content.decode()
    assert "Sở Tài chính" in page and "tuandm@binhson.gov.vn" in page
    assert f"/chi-dao/nhiem-vu/{tasks[0].pk}/" in page
    assert "Hạn cập nhật" in page


def test_a_draft_is_given_later_and_a_task_added(province, signed_in):
    client = signed_in(province.chanh_vp)
    u = province.units
    response = client.post(CREATE, {**header(province, draft="1"), **task_row(0, u.snv, province.theo_doi)})
    assert response.status_code == 302
    directive = Directive.objects.get(number="130/UBND-VP")
    assert directive.status == Directive.Status.DRAFT
    page = client.get(f"/chi-dao/{directive.pk}/").content.decode()
    assert "Giao nhiệm vụ" in page and "Thêm nhiệm vụ" in page
    response = client.post(
        f"/chi-dao/{directive.pk}/them-nhiem-vu/",
        {"task-content": "Báo cáo kết quả", "task-lead_unit": u.stc.pk, "task-monitor": province.theo_doi.pk,
         "task-deadline_working_days": "5"},
    )  # fmt: skip
    assert response.status_code == 302
    assert directive.tasks.count() == 2
    assert client.post(f"/chi-dao/{directive.pk}/giao/").status_code == 302
    directive.refresh_from_db()
    assert directive.status == Directive.Status.PUBLISHED
    assert directive.published_on == timezone.localdate()
    assert not directive.entered_late


def test_add_task_refused_shows_the_reason_and_changes_nothing(province, signed_in):
    directive = enter(
        province, publish=False, tasks=[task_input(province, province.units.snv, working_days=5)]
    )
    client = signed_in(province.theo_doi)
    response = client.post(
        f"/chi-dao/{directive.pk}/them-nhiem-vu/",
        {"task-content": "Nhiệm vụ", "task-lead_unit": province.units.stc.pk, "task-monitor": province.theo_doi.pk,
         "task-deadline": (directive.issued_on - dt.timedelta(days=3)).isoformat()},
    )  # fmt: skip
    assert response.status_code == 400
    assert "trước ngày ban hành" in response.content.decode()
    assert directive.tasks.count() == 1


def test_add_more_task_rows_keeps_what_was_typed(province, signed_in):
    client = signed_in(province.theo_doi)
    response = client.post(
        CREATE, {**header(province, more_rows="1"), **task_row(0, province.units.snv, province.theo_doi)}
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert 'name="tasks-3-content"' in body
    assert "130/UBND-VP" in body and "Thực hiện nhiệm vụ số 1" in body
    assert Directive.objects.count() == 0


@pytest.mark.parametrize("who", ["giam_doc", "chuyen_vien", "chu_tich"])
def test_only_the_office_enters_directives(province, signed_in, who):
    client = signed_in(getattr(province, who))
    assert client.get(CREATE).status_code == 403
    response = client.post(CREATE, {**header(province, publish="1"), **three_tasks(province)})
    assert response.status_code == 403
    assert counts() == (0, 0)
    assert client.get("/chi-dao/quyen-xem/").status_code == 403


# --- bad input: a Vietnamese message on the field, nothing written -------------------------------


def _bad(province, signed_in, data, message):
    cast_directive = enter(province, number="99/UBND-VP")  # one directive already there
    before = counts()
    client = signed_in(province.theo_doi)
    response = client.post(CREATE, data)
    body = response.content.decode()
    assert response.status_code == 400, body[:2000]
    assert message in body
    assert counts() == before
    assert "Về việc triển khai" in body or "UBND" in body  # what was typed comes back
    return cast_directive, body


def test_a_task_without_lead_agency_is_refused(province, signed_in):
    data = {
        **header(province, publish="1"),
        **task_row(0, province.units.snv, province.theo_doi, lead_unit=""),
    }
    _bad(province, signed_in, data, "Vui lòng chọn cơ quan chủ trì.")


def test_a_deadline_before_the_issue_date_is_refused(province, signed_in):
    day = timezone.localdate() - dt.timedelta(days=2)
    data = {**header(province, publish="1", issued_on=timezone.localdate().isoformat()),
            **task_row(0, province.units.snv, province.theo_doi, days="", deadline=day.isoformat())}  # fmt: skip
    _directive, body = _bad(province, signed_in, data, "trước ngày ban hành")
    assert 'id="id_tasks-0-deadline_error"' in body


def test_a_duplicate_number_is_refused(province, signed_in):
    data = {
        **header(province, publish="1", number="99/UBND-VP"),
        **task_row(0, province.units.snv, province.theo_doi),
    }
    _bad(province, signed_in, data, "đã được cập nhật")


def test_a_signer_who_is_no_leader_is_refused(province, signed_in):
    data = {
        **header(province, publish="1", signer=province.giam_doc.pk),
        **task_row(0, province.units.snv, province.theo_doi),
    }
    _bad(province, signed_in, data, "Select a valid choice" if False else "Người chỉ đạo")


def test_an_issue_date_in_the_future_is_refused(province, signed_in):
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    data = {
        **header(province, publish="1", issued_on=tomorrow.isoformat()),
        **task_row(0, province.units.snv, province.theo_doi),
    }
    _bad(province, signed_in, data, "Ngày ban hành không được sau hôm nay.")


def test_a_secret_marking_in_the_subject_is_refused(province, signed_in):
    data = {**header(province, publish="1", subject="MẬT - Về việc bảo vệ bí mật nhà nước"),
            **task_row(0, province.units.snv, province.theo_doi)}  # fmt: skip
    _bad(province, signed_in, data, "mật")


def test_publishing_without_any_task_is_refused(province, signed_in):
    _bad(province, signed_in, header(province, publish="1"), "ít nhất một nhiệm vụ")


# --- who sees what ---------------------------------------------------------------------------------


@pytest.fixture
def cast(province):
    return build_directive_cast(province)


def test_an_agency_head_sees_only_directives_with_its_tasks(cast, signed_in):
    other = enter(cast, number="131/UBND-VP", tasks=[task_input(cast, cast.units.stc, working_days=5)])
    client = signed_in(cast.giam_doc)
    body = client.get(LIST).content.decode()
    assert cast.directive.number in body and other.number not in body
    assert client.get(f"/chi-dao/{other.pk}/").status_code == 404
    assert client.get(f"/chi-dao/{cast.directive.pk}/").status_code == 200


def test_a_granted_account_sees_the_granted_agencys_directives(cast, signed_in):
    stranger = person("thuylt", "Lê Thị Thủy", cast.units.ns, cast.positions.chuyen_vien)
    client = signed_in(stranger)
    assert client.get(f"/chi-dao/{cast.directive.pk}/").status_code == 404
    assert cast.directive.number not in client.get(LIST).content.decode()
    services.view_grant(user=stranger, unit=cast.units.snv, actor=cast.theo_doi)
    assert client.get(f"/chi-dao/{cast.directive.pk}/").status_code == 200
    assert cast.directive.number in client.get(LIST).content.decode()


def test_the_office_grants_and_revokes_through_the_screen(cast, signed_in):
    client = signed_in(cast.theo_doi)
    page = client.get("/chi-dao/quyen-xem/?q=minh").content.decode()
    assert "Nguyễn Văn Minh" in page
    response = client.post(
        "/chi-dao/quyen-xem/", {"q": "minh", "user": cast.chuyen_vien.pk, "unit": cast.units.stc.pk}
    )
    assert response.status_code == 302
    grant = ViewGrant.objects.get(user=cast.chuyen_vien)
    assert grant.unit == cast.units.stc
    assert "Sở Tài chính" in client.get("/chi-dao/quyen-xem/").content.decode()
    assert client.post(f"/chi-dao/quyen-xem/{grant.pk}/thu-hoi/").status_code == 302
    assert not ViewGrant.objects.exists()


def test_a_grant_without_an_account_is_refused(cast, signed_in):
    client = signed_in(cast.theo_doi)
    response = client.post("/chi-dao/quyen-xem/", {"unit": cast.units.stc.pk})
    assert response.status_code == 400
    assert "Hãy tìm và chọn một tài khoản." in response.content.decode()
    assert not ViewGrant.objects.exists()


def test_the_list_filters(cast, signed_in):
    urgent = enter(cast, number="140/UBND-VP", urgency="flash", signer=cast.pho_chu_tich,
                   tasks=[task_input(cast, cast.units.stc, working_days=5)])  # fmt: skip
    client = signed_in(cast.theo_doi)
    body = client.get(LIST, {"do_khan": "urgent"}).content.decode()
    assert urgent.number in body and cast.directive.number not in body
    assert "Hỏa tốc" in body
    body = client.get(LIST, {"nguoi_ky": cast.chu_tich.pk}).content.decode()
    assert cast.directive.number in body and urgent.number not in body
    body = client.get(LIST, {"q": "cai cach thu tuc"}).content.decode()
    assert cast.directive.number in body
    body = client.get(LIST, {"trang_thai": "draft"}).content.decode()
    assert cast.directive.number not in body
