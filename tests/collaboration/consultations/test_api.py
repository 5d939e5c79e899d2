"""The consultations API (/api/v1/consultations): the same policies and services as the screens, by
personal token; each kind of error with its status and field (core.api_errors)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from congvu.collaboration.consultations import services
from congvu.collaboration.consultations.models import Consultation, ConsultationRecipient
from tests.collaboration.consultations.conftest import in_days
from tests.conftest import bearer_client

URL = "/api/v1/consultations"


@pytest.fixture
def api():
    def _for(user):
        client = bearer_client(user)

        class Caller:
            def get(self, path, data=None):
                return client.get(path, data or {})

            def post(self, path, data=None):
                return client.post(path, data or {}, content_type="application/json")

        return Caller()

    return _for


def _iso(moment: dt.datetime) -> str:
    return timezone.localtime(moment).isoformat()


def test_the_whole_journey_through_the_api(province, api):
    leader, drafter = api(province.giam_doc), api(province.truong_phong)
    made = leader.post(
        URL, {"drafter_id": province.truong_phong.pk, "subject": "Dự thảo quy chế chi tiêu nội bộ"}
    )
    assert made.status_code == 201, made.content
    pk = made.json()["id"]
    assert made.json()["status"] == "appointed"
    posted = drafter.post(
        f"{URL}/{pk}/post",
        {
            "title": "Góp ý quy chế chi tiêu",
            "deadline": _iso(in_days(3)),
            "audience": "chosen",
            "people_ids": [province.chuyen_vien.pk, province.chuyen_vien_2.pk, province.pho_giam_doc.pk],
        },
    )
    assert posted.status_code == 200, posted.content
    assert "report" in posted.json()["allowed_actions"]
    officer = api(province.chuyen_vien)
    assert [c["id"] for c in officer.get(URL, {"scope": "to_answer"}).json()["items"]] == [pk]
    answered = officer.post(f"{URL}/{pk}/answer", {"answer": "comment", "text": "Đề nghị bổ sung mức chi."})
    assert answered.status_code == 200
    assert answered.json()["my_answer"]["answer"] == "comment"
    assert api(province.chuyen_vien_2).post(f"{URL}/{pk}/answer", {"answer": "no_comment"}).status_code == 200
    report = drafter.get(f"{URL}/{pk}/report").json()
    assert report["total"] == 3
    assert [r["person"]["name"] for r in report["answered"]] == ["Nguyễn Văn Minh", "Trần Thị Thu Hà"]
    assert [p["name"] for p in report["not_answered"]] == ["Vũ Thị Lan"]
    extended = drafter.post(f"{URL}/{pk}/extend", {"deadline": _iso(in_days(5)), "reason": "Chờ PGĐ"})
    assert extended.status_code == 200
    closed = drafter.post(f"{URL}/{pk}/close", {})
    assert closed.status_code == 200 and closed.json()["status"] == "closed"


def test_errors_have_their_kinds(province, api):
    c = services.consultation_appoint(
        agency=province.units.snv,
        drafter=province.truong_phong,
        subject="Dự thảo kế hoạch",
        actor=province.giam_doc,
    )
    # 403: not a leader of any agency
    refused = api(province.chuyen_vien).post(URL, {"drafter_id": province.truong_phong.pk, "subject": "x"})
    assert refused.status_code == 403 and refused.json()["code"] == "not_allowed"
    # 400: a drafter outside the agency, named on its field
    outside = api(province.giam_doc).post(
        URL, {"drafter_id": province.chuyen_vien_khac.pk, "subject": "Dự thảo"}
    )
    assert outside.status_code == 400 and outside.json()["field"] == "drafter_id"
    # 404: not visible to an officer of another agency, and missing alike
    assert api(province.chuyen_vien_khac).get(f"{URL}/{c.pk}").status_code == 404
    assert api(province.giam_doc).get(f"{URL}/999999").status_code == 404
    # 403: visible, but the report is not the officer's... the officer does not see an appointed one
    assert api(province.chuyen_vien).get(f"{URL}/{c.pk}/report").status_code == 404
    # 409: no report before posting
    assert api(province.giam_doc).get(f"{URL}/{c.pk}/report").status_code == 409
    # 400: a past deadline
    past = api(province.truong_phong).post(f"{URL}/{c.pk}/post", {"deadline": _iso(in_days(-1))})
    assert past.status_code == 400 and past.json()["field"] == "deadline"
    # 403: only the drafter posts
    assert (
        api(province.giam_doc).post(f"{URL}/{c.pk}/post", {"deadline": _iso(in_days(2))}).status_code == 403
    )
    assert Consultation.objects.get().status == Consultation.Status.APPOINTED


def test_answering_after_the_deadline_answers_409_and_changes_nothing(province, api, clock):
    c = services.consultation_appoint(
        agency=province.units.snv,
        drafter=province.truong_phong,
        subject="Dự thảo kế hoạch",
        actor=province.giam_doc,
    )
    c = services.consultation_post(
        consultation=c,
        title="Góp ý kế hoạch",
        description="",
        deadline=in_days(1),
        audience="agency",
        actor=province.truong_phong,
    )
    clock.move_to(c.deadline + dt.timedelta(minutes=1))
    late = api(province.chuyen_vien).post(f"{URL}/{c.pk}/answer", {"answer": "no_comment"})
    assert late.status_code == 409
    assert "hết hạn góp ý" in late.json()["detail"]
    assert not ConsultationRecipient.objects.filter(answered_at__isnull=False).exists()
    # a recipient may not read the report (403), an unknown answer kind is bad input (400)
    assert api(province.chuyen_vien).get(f"{URL}/{c.pk}/report").status_code == 403
    assert api(province.chuyen_vien).post(f"{URL}/{c.pk}/answer", {"answer": "maybe"}).status_code == 400


def test_the_list_pages_with_a_cursor_in_constant_queries(province, api, django_assert_max_num_queries):
    for i in range(5):
        c = services.consultation_appoint(
            agency=province.units.snv,
            drafter=province.truong_phong,
            subject=f"Dự thảo số {i}",
            actor=province.giam_doc,
        )
        services.consultation_post(
            consultation=c,
            title=f"Góp ý số {i}",
            description="",
            deadline=in_days(2),
            audience="agency",
            actor=province.truong_phong,
        )
    caller = api(province.chuyen_vien)
    first = caller.get(URL, {"scope": "to_answer", "limit": 3}).json()
    assert len(first["items"]) == 3 and first["next_cursor"]
    second = caller.get(URL, {"scope": "to_answer", "limit": 3, "cursor": first["next_cursor"]}).json()
    assert len(second["items"]) == 2 and second["next_cursor"] is None
    with django_assert_max_num_queries(12):
        caller.get(URL, {"scope": "all", "limit": 50})
    assert caller.get(URL, {"cursor": "!!"}).status_code == 400
