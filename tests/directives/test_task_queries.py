"""The directive task lists load in a fixed number of queries, whatever their length: the list, the
review queue, the task page and the home page."""

from __future__ import annotations

import pytest

from congvu.directives import services
from congvu.directives.models import TaskReport
from congvu.directives.tasks import selectors
from tests.directives.cast import enter, person, task_input

# The constant part of every page (session, user, the account's safeguards, delegations, posts,
# roles, the unread badge) — as in tests/assignments/test_list_queries.py.
CONSTANT = 8
LIST = CONSTANT + 5  # the filter's agencies (signed, units) and signers (leaders), the rows
QUEUE = CONSTANT + 2  # the rows (one query with the task, directive, unit, people, file)
HOME_BOUND = CONSTANT + 20


def _directive(province, rows, number="125/UBND-VP"):
    units = (province.units.snv, province.units.stc, province.units.huyen)
    tasks = [
        task_input(province, units[i % 3], content=f"Nhiệm vụ số {i}", working_days=5 + i % 30)
        for i in range(rows)
    ]
    return enter(province, number=number, tasks=tasks)


def _warm(client, url):
    assert client.get(url).status_code == 200


@pytest.fixture
def stc_head(province):
    return person("hainv", "Ngô Văn Hải", province.units.stc, province.positions.giam_doc)


@pytest.mark.parametrize("rows", [6, 90])
@pytest.mark.parametrize(
    "query", ["", "?tab=monitor&status=open", "?tab=all&q=nhiem+vu&category=not_updated"]
)
def test_the_list_loads_in_constant_queries(province, signed_in, django_assert_max_num_queries, rows, query):
    _directive(province, rows)
    client = signed_in(province.theo_doi)
    url = f"/chi-dao/nhiem-vu/{query}"
    _warm(client, url)
    with django_assert_max_num_queries(LIST):
        response = client.get(url)
    assert response.status_code == 200
    assert response.content.decode().count('class="work-title"') == min(rows, 50)


@pytest.mark.parametrize("rows", [6, 90])
def test_the_agency_list_loads_in_constant_queries(province, signed_in, django_assert_max_num_queries, rows):
    _directive(province, rows)
    client = signed_in(province.giam_doc)
    url = "/chi-dao/nhiem-vu/?tab=mine"
    _warm(client, url)
    with django_assert_max_num_queries(LIST):
        assert client.get(url).status_code == 200


@pytest.mark.parametrize("rows", [6, 90])
def test_the_review_queue_loads_in_constant_queries(
    province, signed_in, stc_head, django_assert_max_num_queries, rows
):
    directive = _directive(province, rows)
    heads = {province.units.snv.pk: province.giam_doc, province.units.stc.pk: stc_head}
    for task in directive.tasks.exclude(lead_unit=province.units.huyen):
        services.task_report(task=task, actor=heads[task.lead_unit_id], content="Đã làm", proposal="done")
    client = signed_in(province.theo_doi)
    _warm(client, "/chi-dao/duyet-bao-cao/")
    with django_assert_max_num_queries(QUEUE):
        body = client.get("/chi-dao/duyet-bao-cao/").content.decode()
    assert body.count('name="reject-reason"') == min(TaskReport.objects.count(), selectors.QUEUE_PAGE)


def test_the_queue_selector_is_one_query_and_oldest_first(province, stc_head, django_assert_num_queries):
    directive = _directive(province, 9)
    heads = {province.units.snv.pk: province.giam_doc, province.units.stc.pk: stc_head}
    sent = []
    for task in directive.tasks.exclude(lead_unit=province.units.huyen).order_by("-id"):
        sent.append(
            services.task_report(task=task, actor=heads[task.lead_unit_id], content="x", proposal="done").pk
        )
    office = province.theo_doi
    selectors.office_agency_ids(office)  # the posts and roles, read once per request
    with django_assert_num_queries(1):
        page = selectors.review_queue(office, limit=4)
        [(r.task.directive.number, r.task.lead_unit.name, r.submitted_by.full_name) for r in page.items]
    assert [r.pk for r in page.items] == sent[:4]
    rest = selectors.review_queue(office, after=page.next_cursor, limit=50)
    assert [r.pk for r in rest.items] == sent[4:]
    assert selectors.review_queue_count(office) == len(sent)
    assert selectors.review_queue_count(province.giam_doc) == 0


@pytest.mark.parametrize("rows", [6, 90])
def test_the_task_page_and_home_load_in_bounded_queries(
    province, signed_in, django_assert_max_num_queries, rows
):
    directive = _directive(province, rows)
    task = directive.tasks.filter(lead_unit=province.units.snv).first()
    for _ in range(3):
        report = services.task_report(
            task=task, actor=province.giam_doc, content="Đã làm", proposal="progress"
        )
        services.report_approve(report=report, actor=province.theo_doi)
    for user in (province.theo_doi, province.giam_doc, province.chu_tich):
        client = signed_in(user)
        _warm(client, f"/chi-dao/nhiem-vu/{task.pk}/")
        with django_assert_max_num_queries(HOME_BOUND):
            assert client.get(f"/chi-dao/nhiem-vu/{task.pk}/").status_code == 200
        _warm(client, "/")
        with django_assert_max_num_queries(HOME_BOUND + 10):
            assert client.get("/").status_code == 200
