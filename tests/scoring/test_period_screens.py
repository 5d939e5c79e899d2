"""The period screens (SCORE-2): who sees what (403 for acts refused, 404 for periods not readable),
the forms call the services and a refusal changes nothing, and the lists read in a fixed number of
queries whatever the number of units."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.utils import timezone

from congvu.core.models import AuditEvent
from congvu.org.models import RoleGrant, Unit
from congvu.scoring import services
from congvu.scoring.models import Appraisal, Assessment, EntryRequest, Period
from tests.scoring.cast import build_scoring_cast, submitted


@pytest.fixture
def cast(province):
    return build_scoring_cast(province)


@pytest.fixture
def draft(province):
    return build_scoring_cast(province, open_period=False)


def page(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, response.content[:500]
    return response.content.decode()


# --- the entry page -------------------------------------------------------------------------------


def test_home_affairs_sees_the_periods_with_their_counts(cast, signed_in):
    submitted(cast, cast.assessments.snv, entry=cast.province.chuyen_vien, leader=cast.province.giam_doc)
    body = page(signed_in(cast.home_affairs), "/cham-diem/")
    assert "Chỉ số CCHC năm 2026" in body
    assert "1/3" in body  # units submitted / total
    assert "0/2" in body  # appraisers sent / total
    assert 'href="/cham-diem/ky/them-moi/"' in body


def test_a_unit_sees_its_assessments_and_an_appraiser_their_accounts(cast, signed_in):
    body = page(signed_in(cast.province.chuyen_vien), "/cham-diem/")
    assert "Đơn vị tôi" in body and "Sở Nội vụ" in body
    assert "Tạo kỳ chấm điểm" not in body
    body = page(signed_in(cast.appraiser_a), "/cham-diem/")
    assert "Thẩm định" in body and "Chỉ số CCHC năm 2026" in body


def test_the_menu_entry_shows_to_the_people_involved_only(cast, signed_in):
    for who in (cast.home_affairs, cast.province.chuyen_vien, cast.appraiser_a, cast.province.chu_tich_huyen):
        assert 'href="/cham-diem/"' in page(signed_in(who), "/"), who
    assert 'href="/cham-diem/"' not in page(signed_in(cast.province.chu_tich), "/")


def test_the_menu_entry_follows_who_takes_part_at_once(draft, signed_in):
    """What the menu keeps between requests (the shared cache) gives way on the next page to a
    unit added to or taken out of a period and to an appraiser removed."""
    chairman = signed_in(draft.province.chu_tich)
    assert 'href="/cham-diem/"' not in page(chairman, "/")
    units = list(draft.period.assessments.values_list("unit_id", flat=True))
    tinh = draft.province.units.tinh.pk
    services.period_update(period=draft.period, actor=draft.home_affairs, unit_ids=[*units, tinh])
    assert 'href="/cham-diem/"' in page(chairman, "/")  # he leads a unit now assessed
    services.period_update(period=draft.period, actor=draft.home_affairs, unit_ids=units)
    assert 'href="/cham-diem/"' not in page(chairman, "/")

    appraiser = signed_in(draft.appraiser_a)
    assert 'href="/cham-diem/"' in page(appraiser, "/")
    services.appraisal_remove(appraisal=draft.appraisals.a, actor=draft.home_affairs)
    assert 'href="/cham-diem/"' not in page(appraiser, "/")


@pytest.mark.parametrize("units", [1, 12])
def test_the_entry_page_and_the_period_page_read_in_constant_queries(
    province, signed_in, django_assert_max_num_queries, units
):
    cast = build_scoring_cast(province, open_period=False)
    extra = [
        Unit.objects.create(
            name=f"UBND xã {i}", short_name=f"X{i}", parent=province.units.huyen, kind=Unit.Kind.COMMUNE
        )
        for i in range(units)
    ]
    services.period_update(
        period=cast.period,
        actor=cast.home_affairs,
        unit_ids=[*cast.period.assessments.values_list("unit_id", flat=True), *(u.pk for u in extra)],
    )
    services.period_open(period=cast.period, actor=cast.home_affairs)
    client = signed_in(cast.home_affairs)
    page(client, "/cham-diem/")
    with django_assert_max_num_queries(12):
        page(client, "/cham-diem/")
    url = f"/cham-diem/ky/{cast.period.pk}/"
    body = page(client, url)
    assert len(re.findall(r'<tr id="dv-\d+">', body)) == 3 + units
    with django_assert_max_num_queries(24):
        page(client, url)


# --- creating, opening, publishing ----------------------------------------------------------------


def test_home_affairs_creates_a_period(cast, signed_in):
    client = signed_in(cast.home_affairs)
    body = page(client, "/cham-diem/ky/them-moi/")
    assert "Sở Tài chính" in body
    today = timezone.localdate()
    response = client.post(
        "/cham-diem/ky/them-moi/",
        {
            "criteria_set": cast.criteria_set.pk,
            "title": "Chỉ số CCHC bổ sung",
            "self_deadline": (today + dt.timedelta(days=5)).isoformat(),
            "appraisal_deadline": (today + dt.timedelta(days=9)).strftime("%d/%m/%Y"),
            "units": [cast.province.units.stc.pk],
            "with_survey": "on",
            "survey_questions": "Câu một\n\nCâu hai\n",
        },
    )
    period = Period.objects.get(title="Chỉ số CCHC bổ sung")
    assert response.status_code == 302 and response["Location"] == f"/cham-diem/ky/{period.pk}/"
    assert period.survey_questions == ["Câu một", "Câu hai"]
    assert list(period.assessments.values_list("unit_id", flat=True)) == [cast.province.units.stc.pk]


def test_a_refused_period_keeps_what_was_typed_and_changes_nothing(cast, signed_in):
    client = signed_in(cast.home_affairs)
    today = timezone.localdate()
    before = Period.objects.count()
    response = client.post(
        "/cham-diem/ky/them-moi/",
        {
            "criteria_set": cast.criteria_set.pk,
            "title": "Kỳ sai hạn",
            "self_deadline": (today + dt.timedelta(days=9)).isoformat(),
            "appraisal_deadline": (today + dt.timedelta(days=5)).isoformat(),
            "units": [cast.province.units.stc.pk],
        },
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "Hạn thẩm định phải sau hạn tự đánh giá." in body and 'value="Kỳ sai hạn"' in body
    assert Period.objects.count() == before


def test_only_home_affairs_creates_edits_or_opens(draft, signed_in):
    client = signed_in(draft.province.giam_doc)
    assert client.get("/cham-diem/ky/them-moi/").status_code == 403
    assert client.get(f"/cham-diem/ky/{draft.period.pk}/").status_code == 404
    assert client.post(f"/cham-diem/ky/{draft.period.pk}/mo/").status_code == 404
    assert client.get("/cham-diem/ky/999999/").status_code == 404
    appraiser = signed_in(draft.appraiser_a)
    body = page(appraiser, f"/cham-diem/ky/{draft.period.pk}/")
    assert "Mở kỳ chấm điểm</button>" not in body and "Mở lại" not in body
    assert appraiser.get(f"/cham-diem/ky/{draft.period.pk}/sua/").status_code == 403
    appraiser.post(f"/cham-diem/ky/{draft.period.pk}/mo/")
    assert Period.objects.get(pk=draft.period.pk).status == "draft"


def test_home_affairs_opens_then_publish_is_refused_while_appraisals_wait(draft, signed_in):
    client = signed_in(draft.home_affairs)
    url = f"/cham-diem/ky/{draft.period.pk}/"
    assert "Mở kỳ chấm điểm</button>" in page(client, url)
    response = client.post(url + "mo/", follow=True)
    assert "Đã mở kỳ chấm điểm" in response.content.decode()
    assert Period.objects.get(pk=draft.period.pk).status == "open"
    response = client.post(url + "cong-bo/", follow=True)
    body = response.content.decode()
    assert "Còn thành viên chưa gửi kết quả thẩm định: Võ Thị Kim Anh, Phan Quốc Bảo." in body
    assert Period.objects.get(pk=draft.period.pk).status == "open"


def test_home_affairs_edits_a_draft_and_then_only_title_and_deadlines(draft, signed_in):
    client = signed_in(draft.home_affairs)
    url = f"/cham-diem/ky/{draft.period.pk}/sua/"
    body = page(client, url)
    assert 'name="units"' in body
    p = draft.period
    response = client.post(
        url,
        {
            "title": "Chỉ số CCHC năm 2026 (sửa)",
            "self_deadline": p.self_deadline.isoformat(),
            "appraisal_deadline": p.appraisal_deadline.isoformat(),
            "units": [draft.province.units.snv.pk, draft.province.units.stc.pk],
            "survey_questions": "Một câu",
        },
    )
    assert response.status_code == 302
    p.refresh_from_db()
    assert p.title == "Chỉ số CCHC năm 2026 (sửa)" and p.assessments.count() == 2
    services.period_open(period=p, actor=draft.home_affairs)
    assert 'name="units"' not in page(client, url)


# --- reopen, unlock -------------------------------------------------------------------------------


def test_home_affairs_reopens_a_submitted_assessment_with_a_reason(cast, signed_in):
    done = submitted(cast, cast.assessments.stc, entry=cast.province.chuyen_vien_khac, leader=cast.stc_head)
    client = signed_in(cast.home_affairs)
    assert "Mở lại cho đơn vị" in page(client, f"/cham-diem/ky/{cast.period.pk}/")
    url = f"/cham-diem/ky/mo-lai/{done.pk}/"
    response = client.post(url, {f"r{done.pk}-reason": ""}, follow=True)
    assert "Vui lòng nêu lý do mở lại." in response.content.decode()
    assert Assessment.objects.get(pk=done.pk).status == "submitted"
    response = client.post(url, {f"r{done.pk}-reason": "Thiếu kiểm chứng tiêu chí 1.1"})
    assert response.status_code == 302
    assert Assessment.objects.get(pk=done.pk).status == "draft"
    assert signed_in(cast.appraiser_a).post(url, {f"r{done.pk}-reason": "x"}).status_code == 403
    assert signed_in(cast.province.giam_doc).post(url, {f"r{done.pk}-reason": "x"}).status_code == 404


def test_home_affairs_unlocks_a_sent_appraisal(cast, signed_in, clock):
    Appraisal.objects.filter(pk=cast.appraisals.a.pk).update(status="submitted", submitted_at=timezone.now())
    client = signed_in(cast.home_affairs)
    assert "Mở khóa</button>" in page(client, f"/cham-diem/ky/{cast.period.pk}/")
    url = f"/cham-diem/ky/mo-khoa/{cast.appraisals.a.pk}/"
    assert signed_in(cast.appraiser_a).post(url, {f"u{cast.appraisals.a.pk}-reason": "x"}).status_code == 403
    response = signed_in(cast.home_affairs).post(
        url, {f"u{cast.appraisals.a.pk}-reason": "Chấm lại tiêu chí 2.1"}
    )
    assert response.status_code == 302
    assert Appraisal.objects.get(pk=cast.appraisals.a.pk).status == "open"


# --- appraisers, survey ---------------------------------------------------------------------------


def test_home_affairs_appoints_and_removes_an_appraiser(draft, signed_in):
    p = draft.province
    services.appraisal_remove(appraisal=draft.appraisals.b, actor=draft.home_affairs)
    client = signed_in(draft.home_affairs)
    url = f"/cham-diem/ky/{draft.period.pk}/tham-dinh/"
    body = page(client, url + "?q=phan+quoc")
    assert "Phan Quốc Bảo (baopq)" in body
    area5 = draft.criteria["5"]
    response = client.post(url, {"q": "phan quoc", "appraiser": draft.appraiser_b.pk, "criteria": [area5.pk]})
    assert response.status_code == 302
    assert Appraisal.objects.filter(period=draft.period, appraiser=draft.appraiser_b).exists()
    # a criterion already given to another member is refused on the criteria
    response = client.post(
        url, {"q": "truong", "appraiser": p.truong_phong.pk, "criteria": [draft.criteria["1"].pk]}
    )
    assert response.status_code == 400
    assert "Tiêu chí 1.1.1 đã giao cho Võ Thị Kim Anh." in response.content.decode()
    assert not Appraisal.objects.filter(period=draft.period, appraiser=p.truong_phong).exists()
    added = Appraisal.objects.get(period=draft.period, appraiser=draft.appraiser_b)
    assert client.post(url + f"{added.pk}/bo/").status_code == 302
    assert not Appraisal.objects.filter(pk=added.pk).exists()


def test_the_survey_grid_accepts_vietnamese_decimals(cast, signed_in):
    client = signed_in(cast.home_affairs)
    url = f"/cham-diem/ky/{cast.period.pk}/dieu-tra/"
    body = page(client, url)
    names = re.findall(r'name="(s-\d+-\d+)"', body)
    assert names
    first = names[0]
    response = client.post(url, {first: "1,5"})
    assert response.status_code == 302
    _s, assessment_id, criterion_id = first.split("-")
    from congvu.scoring.models import Score

    score = Score.objects.get(assessment_id=assessment_id, criterion_id=criterion_id)
    assert str(score.survey_score) == "1.50"
    before = AuditEvent.objects.count()
    response = client.post(url, {first: "abc"})
    assert response.status_code == 400 and "phải là một số" in response.content.decode()
    assert AuditEvent.objects.count() == before
    assert signed_in(cast.appraiser_a).get(url).status_code == 403


# --- entry accounts -------------------------------------------------------------------------------


def test_home_affairs_grants_and_revokes_entry_accounts(cast, signed_in):
    p = cast.province
    client = signed_in(cast.home_affairs)
    body = page(client, "/cham-diem/tai-khoan-nhap-lieu/?q=pham+van+duc")
    response = client.post(
        "/cham-diem/tai-khoan-nhap-lieu/", {"q": "x", "person": p.chanh_vp.pk, "unit": p.units.huyen.pk}
    )
    assert response.status_code == 302, body[:200]
    grant = RoleGrant.objects.get(user=p.chanh_vp, role=RoleGrant.Role.SCORING_ENTRY)
    assert client.post(f"/cham-diem/tai-khoan-nhap-lieu/{grant.pk}/thu-hoi/").status_code == 302
    assert not RoleGrant.objects.filter(pk=grant.pk).exists()


def test_a_leader_requests_and_home_affairs_decides(cast, signed_in):
    p = cast.province
    leader = signed_in(p.giam_doc)
    body = page(leader, "/cham-diem/tai-khoan-nhap-lieu/?q=tran+thi")
    response = leader.post(
        "/cham-diem/tai-khoan-nhap-lieu/",
        {"q": "x", "person": p.truong_phong.pk, "unit": p.units.snv.pk, "reason": "Thêm người nhập liệu"},
    )
    assert response.status_code == 302, body[:100]
    request = EntryRequest.objects.get(person=p.truong_phong)
    assert signed_in(p.chuyen_vien_khac).get("/cham-diem/tai-khoan-nhap-lieu/").status_code == 403
    client = signed_in(cast.home_affairs)
    assert "Thêm người nhập liệu" in page(client, "/cham-diem/tai-khoan-nhap-lieu/")
    home = page(client, "/")
    assert "Đề nghị cấp tài khoản nhập liệu chấm điểm" in home
    response = client.post(
        f"/cham-diem/tai-khoan-nhap-lieu/de-nghi/{request.pk}/tu-choi/", {"reason": ""}, follow=True
    )
    assert "Vui lòng nêu lý do không cấp." in response.content.decode()
    assert EntryRequest.objects.get(pk=request.pk).status == "pending"
    assert client.post(f"/cham-diem/tai-khoan-nhap-lieu/de-nghi/{request.pk}/duyet/").status_code == 302
    assert EntryRequest.objects.get(pk=request.pk).status == "approved"
    assert RoleGrant.objects.filter(user=p.truong_phong, role=RoleGrant.Role.SCORING_ENTRY).exists()


@pytest.mark.parametrize("who", ["chuyen_vien", "appraiser_a", "giam_doc"])
def test_the_entry_page_of_units_and_appraisers_reads_in_constant_queries(
    cast, signed_in, django_assert_max_num_queries, who
):
    person = getattr(cast, who, None) or getattr(cast.province, who)
    client = signed_in(person)
    page(client, "/cham-diem/")
    with django_assert_max_num_queries(14):
        body = page(client, "/cham-diem/")
    assert "Chỉ số CCHC năm 2026" in body
