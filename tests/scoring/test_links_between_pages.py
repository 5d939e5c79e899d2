"""The links between the scoring screens that the browser journey walks: the period's units open
their self-assessment for those who may read it, and the results page leads back to its period."""

from __future__ import annotations

import pytest

from tests.scoring.cast import build_scoring_cast, submitted


@pytest.fixture
def cast(province):
    return build_scoring_cast(province)


def body(client, url):
    response = client.get(url)
    assert response.status_code == 200, response.content[:500]
    return response.content.decode()


def assessment_link(assessment):
    return f'<a href="/cham-diem/tu-danh-gia/{assessment.pk}/">{assessment.unit.name}</a>'


def test_home_affairs_opens_every_units_self_assessment_from_the_period(cast, signed_in):
    html = body(signed_in(cast.home_affairs), f"/cham-diem/ky/{cast.period.pk}/")
    for a in (cast.assessments.snv, cast.assessments.stc, cast.assessments.huyen):
        assert assessment_link(a) in html
        assert signed_in(cast.home_affairs).get(f"/cham-diem/tu-danh-gia/{a.pk}/").status_code == 200


def test_an_appraiser_opens_the_submitted_ones_only(cast, signed_in):
    p = cast.province
    submitted(cast, cast.assessments.snv, entry=p.chuyen_vien, leader=p.giam_doc)
    client = signed_in(cast.appraiser_a)
    html = body(client, f"/cham-diem/ky/{cast.period.pk}/")
    assert assessment_link(cast.assessments.snv) in html
    assert client.get(f"/cham-diem/tu-danh-gia/{cast.assessments.snv.pk}/").status_code == 200
    # Sở Tài chính is still scoring itself: its name, no link (the appraiser may not read it yet).
    assert assessment_link(cast.assessments.stc) not in html
    assert "<strong>Sở Tài chính</strong>" in html
    assert client.get(f"/cham-diem/tu-danh-gia/{cast.assessments.stc.pk}/").status_code == 404


def test_the_results_page_leads_back_to_its_period_for_those_who_read_the_period(cast, signed_in):
    back = f'<a href="/cham-diem/ky/{cast.period.pk}/">← Chỉ số CCHC năm 2026</a>'
    for someone in (cast.home_affairs, cast.appraiser_a):
        assert back in body(signed_in(someone), f"/cham-diem/ky/{cast.period.pk}/ket-qua/")
