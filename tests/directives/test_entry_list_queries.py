"""The list "Văn bản chỉ đạo" loads in a fixed number of queries, whatever its length: the constant
part of every page (session, user, safeguards, posts, delegations, roles, the unread badge), then
the signer filter, the office's agencies and the page of rows with their signers and task counts."""

from __future__ import annotations

import re

import pytest

from tests.directives.cast import enter, task_input

CONSTANT = 8
LIST = CONSTANT + 4  # the signer filter, the office's agencies, the rows, the delegations read once


def _many(province, rows):
    for i in range(rows):
        enter(
            province,
            number=f"{200 + i}/UBND-VP",
            tasks=[task_input(province, province.units.snv, working_days=5)],
        )


@pytest.mark.parametrize("rows", [3, 30])
@pytest.mark.parametrize("who", ["theo_doi", "giam_doc", "chu_tich"])
def test_the_directive_list_loads_in_constant_queries(
    province, signed_in, django_assert_max_num_queries, rows, who
):
    _many(province, rows)
    client = signed_in(getattr(province, who))
    url = "/chi-dao/?q=cai+cach&do_khan=&tre_han="
    assert client.get(url).status_code == 200  # fills the working-day calendar cache
    with django_assert_max_num_queries(LIST):
        body = client.get(url).content.decode()
    assert len(re.findall(r'<td data-label="Số, ký hiệu"><a href="/chi-dao/\d+/">', body)) == rows
