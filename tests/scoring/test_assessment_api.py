"""The self-assessment API (SCORE-3, SCORE-4): the list and one assessment as its reader may see
them, saving by criterion code (all or nothing), the leader's steps, evidence."""

from __future__ import annotations

from decimal import Decimal as D

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from congvu.scoring import services
from congvu.scoring.models import Assessment, Evidence, Score
from tests.conftest import bearer_client
from tests.scoring.cast import build_scoring_cast, full_marks, submitted, with_evidence

URL = "/api/v1/scoring/assessments"


@pytest.fixture
def cast(province):
    return build_scoring_cast(province)


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

            def delete(self, path):
                return client.delete(path)

        return Caller()

    return _for


def test_the_list_holds_what_the_person_may_read(cast, api):
    response = api(cast.province.chuyen_vien).get(URL)
    assert response.status_code == 200, response.content
    assert [a["id"] for a in response.json()["items"]] == [cast.assessments.snv.pk]
    everyone = api(cast.home_affairs).get(URL, {"limit": 2})
    assert len(everyone.json()["items"]) == 2 and everyone.json()["next_cursor"]
    rest = api(cast.home_affairs).get(URL, {"limit": 2, "cursor": everyone.json()["next_cursor"]})
    assert len(rest.json()["items"]) == 1 and rest.json()["next_cursor"] is None
    assert api(cast.home_affairs).get(URL, {"status": "nonsense"}).status_code == 400
    assert api(cast.home_affairs).get(URL, {"status": "submitted"}).json()["items"] == []


def test_an_outsider_gets_404(cast, api):
    assert api(cast.province.chuyen_vien_khac).get(f"{URL}/{cast.assessments.snv.pk}").status_code == 404


def test_save_by_code_then_read_back(cast, api):
    caller = api(cast.province.chuyen_vien)
    response = caller.post(
        f"{URL}/{cast.assessments.snv.pk}/save",
        {
            "scores": [
                {"criterion": "1.1.3", "score": "0.50", "explanation": "Hoàn thành 85% nhiệm vụ."},
                {"criterion": "1.3", "achieved": "3", "planned": "4"},
                {"criterion": "1.2", "deductions": 2},
            ],
            "survey_answers": {"0": "Rõ ràng."},
        },
    )
    assert response.status_code == 200, response.content
    data = response.json()
    scores = {s["criterion"]: s for s in data["scores"]}
    assert (
        scores["1.1.3"]["self_score"] == "0.50"
        and scores["1.1.3"]["explanation"] == "Hoàn thành 85% nhiệm vụ."
    )
    assert (scores["1.3"]["self_score"], scores["1.3"]["achieved"], scores["1.3"]["planned"]) == (
        "1.50",
        "3.00",
        "4.00",
    )
    assert (scores["1.2"]["self_score"], scores["1.2"]["deductions"]) == ("0.50", 2)
    assert data["self_total"] == "2.50" and data["survey_answers"] == {"0": "Rõ ràng."}
    assert scores["1.3"]["appraised_score"] is None and scores["1.6"]["survey_score"] is None


def test_a_refused_save_changes_nothing_and_names_the_field(cast, api):
    caller = api(cast.province.chuyen_vien)
    response = caller.post(
        f"{URL}/{cast.assessments.snv.pk}/save",
        {"scores": [{"criterion": "1.4", "score": "0.5"}, {"criterion": "1.5", "score": "3"}]},
    )
    assert response.status_code == 400
    assert "vượt điểm tối đa" in response.json()["detail"]
    assert not Score.objects.filter(assessment=cast.assessments.snv, self_score__isnull=False).exists()
    unknown = caller.post(f"{URL}/{cast.assessments.snv.pk}/save", {"scores": [{"criterion": "9.9"}]})
    assert unknown.status_code == 400 and unknown.json()["field"] == "scores.0.criterion"


def test_the_leader_approves_sends_back_and_submits(cast, api):
    p = cast.province
    leader = api(p.giam_doc)
    refused = leader.post(f"{URL}/{cast.assessments.snv.pk}/approve")
    assert refused.status_code == 400 and "Chưa chấm điểm tiêu chí" in refused.json()["detail"]
    services.assessment_save(assessment=cast.assessments.snv, actor=p.chuyen_vien, entries=full_marks(cast))
    with_evidence(cast, cast.assessments.snv, p.chuyen_vien)
    assert leader.get(f"{URL}/{cast.assessments.snv.pk}").json()["allowed_actions"] == ["approve", "save"]
    assert leader.post(f"{URL}/{cast.assessments.snv.pk}/approve").json()["status"] == "approved"
    back = leader.post(f"{URL}/{cast.assessments.snv.pk}/send_back", {"reason": "Bổ sung giải trình"})
    assert back.json()["status"] == "draft"
    entry = api(p.chuyen_vien)
    assert entry.post(f"{URL}/{cast.assessments.snv.pk}/approve").status_code == 403
    leader.post(f"{URL}/{cast.assessments.snv.pk}/approve")
    assert entry.post(f"{URL}/{cast.assessments.snv.pk}/submit").json()["status"] == "submitted"
    assert entry.post(f"{URL}/{cast.assessments.snv.pk}/submit").status_code == 409


def test_evidence_by_multipart_and_delete(cast, api):
    caller = api(cast.province.chuyen_vien)
    response = caller.form(
        f"{URL}/{cast.assessments.snv.pk}/evidence",
        {"criterion": "1.1.1", "title": "Kế hoạch", "file": SimpleUploadedFile("kh.txt", b"ke hoach")},
    )
    assert response.status_code == 201, response.content
    assert response.json()["file_name"] == "kh.txt" and response.json()["download_url"]
    link = caller.form(
        f"{URL}/{cast.assessments.snv.pk}/evidence", {"criterion": "1.3", "link": "/giao-viec/"}
    )
    assert link.status_code == 201
    evidence = Evidence.objects.get(pk=link.json()["id"])
    gone = caller.delete(f"{URL}/{cast.assessments.snv.pk}/evidence/{evidence.pk}")
    assert gone.status_code == 200 and not Evidence.objects.filter(pk=evidence.pk).exists()
    assert caller.delete(f"{URL}/{cast.assessments.snv.pk}/evidence/{evidence.pk}").status_code == 404
    bad = caller.form(
        f"{URL}/{cast.assessments.snv.pk}/evidence", {"criterion": "1.3", "link": "https://x.vn"}
    )
    assert bad.status_code == 400 and bad.json()["field"] == "link"


def test_appraised_and_survey_scores_show_to_appraisers_not_to_the_unit_before_publication(cast, api):
    p = cast.province
    submitted(cast, cast.assessments.snv, entry=p.chuyen_vien, leader=p.giam_doc)
    services.appraisal_score(
        appraisal=cast.appraisals.a,
        assessment=Assessment.objects.get(pk=cast.assessments.snv.pk),
        entries={cast.criteria["1.4"].pk: services.AppraisalInput(score="0.50", reason="Thiếu kế hoạch")},
        actor=cast.appraiser_a,
    )
    mine = {
        s["criterion"]: s for s in api(p.chuyen_vien).get(f"{URL}/{cast.assessments.snv.pk}").json()["scores"]
    }
    assert mine["1.4"]["appraised_score"] is None
    theirs = api(cast.appraiser_a).get(f"{URL}/{cast.assessments.snv.pk}")
    assert theirs.status_code == 200
    scores = {s["criterion"]: s for s in theirs.json()["scores"]}
    assert scores["1.4"]["appraised_score"] == "0.50" and scores["1.4"]["self_score"] == "1.00"
    assert D(theirs.json()["self_total"]) == D("70.50")
