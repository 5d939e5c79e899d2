""" "Hôm nay" for a council member: the count of submitted units with covered criteria left, across
open accounts, and the list of those accounts with the deadline — in two reads."""

from __future__ import annotations

import datetime as dt

import pytest

from congvu.org import tree
from congvu.scoring.appraisal import selectors
from congvu.scoring.models import Appraisal
from tests.assignments.workflow_cast import fresh
from tests.scoring.appraisal_cast import appraise, on_day, submit_units
from tests.scoring.cast import build_scoring_cast


@pytest.fixture
def cast(province):
    return build_scoring_cast(province)


def _counts(user):
    user = fresh(user)
    tree.principals(user)  # read once per request by the menu already
    return user


def test_the_count_is_the_units_with_leaves_left(cast, django_assert_max_num_queries):
    submit_units(cast, "snv", "stc")
    appraise(cast.appraisals.a, cast.assessments.snv)
    user = _counts(cast.appraiser_a)
    with django_assert_max_num_queries(2):
        counts = selectors.counts(user)
    assert [(str(c.label), c.value, c.url, c.waiting) for c in counts] == [
        ("Thẩm định chấm điểm", 1, "/cham-diem/tham-dinh/", True)
    ]
    with django_assert_max_num_queries(0):
        section = selectors.home_section(user)
    assert [(w.title, w.deadline, w.units) for w in section["accounts"]] == [
        ("Chỉ số CCHC năm 2026", dt.date(2027, 1, 11), 1)
    ]
    # appraiser_b has both units to do
    assert selectors.counts(_counts(cast.appraiser_b))[0].value == 2


def test_nothing_left_or_nothing_open_shows_nothing(cast, clock):
    submit_units(cast, "snv")
    appraise(cast.appraisals.a, cast.assessments.snv)
    assert selectors.counts(_counts(cast.appraiser_a)) == []
    # the open account stays listed on the home page: the way to the queue
    section = selectors.home_section(_counts(cast.appraiser_a))
    assert [(w.title, w.units) for w in section["accounts"]] == [("Chỉ số CCHC năm 2026", 0)]
    assert selectors.counts(_counts(cast.province.giam_doc)) == []
    assert selectors.home_section(_counts(cast.province.giam_doc)) is None
    Appraisal.objects.filter(pk=cast.appraisals.b.pk).update(status="submitted")
    assert selectors.counts(_counts(cast.appraiser_b)) == []
    assert selectors.home_section(_counts(cast.appraiser_b)) is None
    Appraisal.objects.filter(pk=cast.appraisals.b.pk).update(status="open")
    on_day(clock, dt.date(2027, 1, 12))  # past the appraisal deadline
    assert selectors.counts(_counts(cast.appraiser_b)) == []
    assert selectors.home_section(_counts(cast.appraiser_b)) is None


def test_someone_with_no_account_costs_one_read(cast, django_assert_max_num_queries):
    user = _counts(cast.province.giam_doc)
    with django_assert_max_num_queries(1):
        assert selectors.counts(user) == []
        assert selectors.home_section(user) is None


def test_the_home_page_shows_it(cast, signed_in):
    submit_units(cast, "snv")
    text = signed_in(cast.appraiser_a).get("/").content.decode()
    assert "Thẩm định chấm điểm" in text
    assert "1 đơn vị còn tiêu chí chưa thẩm định" in text
    assert "11/01/2027" in text
