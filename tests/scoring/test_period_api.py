"""Scoring periods in the API (/api/v1/scoring): the same selectors, policies and services as the
period screens, by personal token."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from congvu.org.models import RoleGrant
from congvu.scoring.models import Appraisal, Assessment, EntryRequest, Period, Score
from tests.conftest import bearer_client
from tests.scoring.cast import build_scoring_cast, submitted

URL = "/api/v1/scoring"


@pytest.fixture
def cast(province):
    return build_scoring_cast(province)


@pytest.fixture
def api():
    return bearer_client


def post(client, path, data=None):
    return client.post(path, data or {}, content_type="application/json")


def test_home_affairs_lists_and_reads_periods(cast, api):
    client = api(cast.home_affairs)
    listed = client.get(f"{URL}/periods").json()
    assert [(p["title"], p["units_total"], p["appraisers_total"]) for p in listed] == [
        ("Chỉ số CCHC năm 2026", 3, 2)
    ]
    detail = client.get(f"{URL}/periods/{cast.period.pk}").json()
    assert [a["unit"]["name"] for a in detail["assessments"]] == [
        "Sở Nội vụ",
        "Sở Tài chính",
        "UBND huyện Đức Trọng",
    ]
    assert detail["allowed_actions"] == ["publish", "edit", "appoint", "survey"]
    assert api(cast.province.giam_doc).get(f"{URL}/periods").status_code == 403
    assert api(cast.province.giam_doc).get(f"{URL}/periods/{cast.period.pk}").status_code == 404
    assert api(cast.appraiser_a).get(f"{URL}/periods/{cast.period.pk}").json()["allowed_actions"] == []


def test_create_open_and_publish_through_the_api(cast, api):
    client = api(cast.home_affairs)
    today = timezone.localdate()
    body = {
        "criteria_set_id": cast.criteria_set.pk,
        "title": "Kỳ bổ sung",
        "self_deadline": (today + dt.timedelta(days=3)).isoformat(),
        "appraisal_deadline": (today + dt.timedelta(days=1)).isoformat(),
        "unit_ids": [cast.province.units.stc.pk],
    }
    refused = post(client, f"{URL}/periods", body)
    assert refused.status_code == 400 and refused.json()["field"] == "appraisal_deadline"
    assert not Period.objects.filter(title="Kỳ bổ sung").exists()
    body["appraisal_deadline"] = (today + dt.timedelta(days=9)).isoformat()
    assert post(api(cast.province.giam_doc), f"{URL}/periods", body).status_code == 403
    made = post(client, f"{URL}/periods", body)
    assert made.status_code == 201, made.content
    pk = made.json()["id"]
    assert made.json()["status"] == "draft"
    appraiser = cast.province.truong_phong
    appointed = post(client, f"{URL}/periods/{pk}/appraisers",
                     {"appraiser_id": appraiser.pk, "criteria_ids": [cast.criteria["1"].pk]})  # fmt: skip
    assert appointed.status_code == 200 and appointed.json()["appraisals"][0]["criteria"] == ["1"]
    opened = post(client, f"{URL}/periods/{pk}/open")
    assert opened.status_code == 200 and opened.json()["status"] == "open"
    assert post(client, f"{URL}/periods/{pk}/open").status_code == 409
    refused = post(client, f"{URL}/periods/{pk}/publish")
    assert (
        refused.status_code == 400 and "Còn thành viên chưa gửi kết quả thẩm định" in refused.json()["detail"]
    )
    assert Period.objects.get(pk=pk).status == "open"


def test_survey_scores_reopen_and_unlock(cast, api, clock):
    client = api(cast.home_affairs)
    survey = Score.objects.filter(assessment=cast.assessments.snv, criterion__method="survey").first()
    saved = post(client, f"{URL}/periods/{cast.period.pk}/survey-scores",
                 {"scores": [{"assessment_id": survey.assessment_id, "criterion_id": survey.criterion_id, "score": "0,5"}]})  # fmt: skip
    assert saved.json() == {"changed": 1}
    assert str(Score.objects.get(pk=survey.pk).survey_score) == "0.50"
    done = submitted(cast, cast.assessments.stc, entry=cast.province.chuyen_vien_khac, leader=cast.stc_head)
    assert (
        post(api(cast.appraiser_a), f"{URL}/assessments/{done.pk}/reopen", {"reason": "x"}).status_code == 403
    )
    reopened = post(client, f"{URL}/assessments/{done.pk}/reopen", {"reason": "Thiếu kiểm chứng"})
    assert reopened.json() == {"id": done.pk, "status": "draft"}
    assert post(client, f"{URL}/assessments/{done.pk}/reopen", {"reason": "Lần nữa"}).status_code == 409
    Appraisal.objects.filter(pk=cast.appraisals.b.pk).update(status="submitted")
    unlocked = post(client, f"{URL}/appraisals/{cast.appraisals.b.pk}/unlock", {"reason": "Chấm lại"})
    assert unlocked.json()["status"] == "open"
    assert post(client, f"{URL}/appraisals/999999/unlock", {"reason": "x"}).status_code == 404
    assert Assessment.objects.get(pk=done.pk).status == "draft"


def test_entry_requests_through_the_api(cast, api):
    p = cast.province
    leader = api(p.giam_doc)
    made = post(leader, f"{URL}/entry-requests",
                {"unit_id": p.units.snv.pk, "person_id": p.truong_phong.pk, "reason": "Thêm người nhập liệu"})  # fmt: skip
    assert made.status_code == 201, made.content
    pk = made.json()["id"]
    assert [r["id"] for r in leader.get(f"{URL}/entry-requests").json()] == [pk]
    assert post(leader, f"{URL}/entry-requests/{pk}/approve").status_code == 403
    stranger = api(p.chuyen_vien_khac)
    assert stranger.get(f"{URL}/entry-requests").status_code == 403
    assert post(stranger, f"{URL}/entry-requests/{pk}/approve").status_code == 404
    manager = api(cast.home_affairs)
    assert [r["id"] for r in manager.get(f"{URL}/entry-requests").json()] == [pk]
    refused = post(manager, f"{URL}/entry-requests/{pk}/reject", {"reason": ""})
    assert refused.status_code == 400
    approved = post(manager, f"{URL}/entry-requests/{pk}/approve")
    assert approved.json()["status"] == "approved"
    assert EntryRequest.objects.get(pk=pk).status == "approved"
    assert RoleGrant.objects.filter(
        user=p.truong_phong, role=RoleGrant.Role.SCORING_ENTRY, unit=p.units.snv
    ).exists()
