"""Appraisal in the API (SCORE-5): the accounts, one unit's rows, scores all-or-nothing, sending."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D

import pytest

from congvu.scoring.models import Score
from tests.conftest import bearer_client
from tests.scoring.appraisal_cast import appraise, on_day, submit_units
from tests.scoring.cast import build_scoring_cast

URL = "/api/v1/scoring/appraisals"


@pytest.fixture
def cast(province):
    return build_scoring_cast(province)


@pytest.fixture
def api():
    def _for(user):
        client = bearer_client(user)

        class Caller:
            def get(self, path):
                return client.get(path)

            def post(self, path, data=None):
                return client.post(path, data or {}, content_type="application/json")

        return Caller()

    return _for


def test_my_accounts_and_one_account(cast, api):
    submit_units(cast, "snv")
    caller = api(cast.appraiser_a)
    listed = caller.get(URL).json()
    assert [(a["id"], a["criteria"], a["status"], a["appraisal_deadline"]) for a in listed] == [
        (cast.appraisals.a.pk, ["1", "2", "3", "4"], "open", "2027-01-11")
    ]
    detail = caller.get(f"{URL}/{cast.appraisals.a.pk}").json()
    assert [(u["unit_name"], u["submitted"], u["left"]) for u in detail["units"]] == [
        ("Sở Nội vụ", True, 19),  # areas 1–4: 7 + 4 + 5 + 3 leaves, survey ones aside
        ("Sở Tài chính", False, 0),
        ("UBND huyện Đức Trọng", False, 0),
    ]
    assert detail["allowed_actions"] == ["submit"]
    assert api(cast.appraiser_b).get(f"{URL}/{cast.appraisals.a.pk}").status_code == 404
    assert api(cast.province.giam_doc).get(URL).json() == []


def test_a_unit_rows_beside_the_self_scores(cast, api):
    submit_units(cast, "snv")
    body = (
        api(cast.appraiser_a)
        .get(f"{URL}/{cast.appraisals.a.pk}/assessments/{cast.assessments.snv.pk}")
        .json()
    )
    rows = {r["criterion"]: r for r in body["rows"]}
    assert (rows["1.4"]["max"], rows["1.4"]["self_score"], rows["1.4"]["explanation"]) == (
        "1.00",
        "1.00",
        "Hoàn thành.",
    )
    assert rows["1.6"]["survey"] is True
    assert "5.1" not in rows
    assert body["editable"] is True and body["left"] == 19
    assert (
        api(cast.appraiser_a)
        .get(f"{URL}/{cast.appraisals.a.pk}/assessments/{cast.assessments.stc.pk}")
        .status_code
        == 404
    )


def test_scores_are_saved_all_or_nothing_with_the_row_named(cast, api):
    submit_units(cast, "snv")
    caller = api(cast.appraiser_a)
    url = f"{URL}/{cast.appraisals.a.pk}/assessments/{cast.assessments.snv.pk}/scores"
    scores = [{"criterion": "1.5", "score": "1"}, {"criterion": "1.4", "score": "0,5"}]
    refused = caller.post(url, {"scores": scores})
    assert refused.status_code == 400
    assert refused.json()["field"] == "scores.1.reason"
    assert not Score.objects.filter(appraised_score__isnull=False).exists()
    above = caller.post(url, {"scores": [{"criterion": "1.4", "score": "2", "reason": "x"}]})
    assert (above.status_code, above.json()["field"]) == (400, "scores.0.score")
    uncovered = caller.post(url, {"scores": [{"criterion": "5.1", "score": "0", "reason": "x"}]})
    assert uncovered.status_code == 403
    survey = caller.post(url, {"scores": [{"criterion": "1.6", "score": "0", "reason": "x"}]})
    assert (survey.status_code, survey.json()["field"]) == (400, "scores.0.score")
    scores[1]["reason"] = "Chưa có kế hoạch tuyên truyền."
    saved = caller.post(url, {"scores": scores})
    assert saved.status_code == 200
    assert (saved.json()["changed"], saved.json()["left"]) == (2, 17)
    assert Score.objects.get(
        assessment=cast.assessments.snv, criterion=cast.criteria["1.4"]
    ).appraised_score == D("0.50")
    too_many = caller.post(url, {"scores": [{"criterion": "1.4", "score": "1"}] * 501})
    assert too_many.status_code == 400


def test_sending_through_the_api(cast, api, clock):
    submit_units(cast, "snv")
    caller = api(cast.appraiser_a)
    early = caller.post(f"{URL}/{cast.appraisals.a.pk}/submit")
    assert early.status_code == 400
    assert early.json()["detail"] == "Còn đơn vị chưa gửi báo cáo tự đánh giá; hạn tự đánh giá là 22/12/2026."
    appraise(cast.appraisals.a, cast.assessments.snv)
    on_day(clock, dt.date(2026, 12, 23))
    caller = api(cast.appraiser_a)
    sent = caller.post(f"{URL}/{cast.appraisals.a.pk}/submit")
    assert sent.status_code == 200
    assert (sent.json()["status"], sent.json()["allowed_actions"]) == ("submitted", [])
    again = caller.post(f"{URL}/{cast.appraisals.a.pk}/submit")
    assert again.status_code == 409
    locked = caller.post(f"{URL}/{cast.appraisals.a.pk}/assessments/{cast.assessments.snv.pk}/scores",
                         {"scores": [{"criterion": "1.4", "score": "1"}]})  # fmt: skip
    assert locked.status_code == 409
