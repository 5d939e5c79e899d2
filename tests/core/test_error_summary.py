"""The error summary at the top of a page whose form failed (``{% error_summary %}`` in the base
layout): every error once, each linked to its field; fields in error say so to assistive technology."""

from __future__ import annotations

import re

from django.urls import reverse

from tests.accounts.test_account_requests import _formset_post, submitted
from tests.assignments.screen_helpers import give
from tests.assignments.screen_helpers import submitted as work_submitted


def summary(response) -> list[tuple[str, str]]:
    """(link target, text) of each line of the summary; a line without a link has target ''."""
    body = response.content.decode()
    found = re.search(r'<div class="error-summary"[^>]*>(.*?)</div>', body, re.S)
    if found is None:
        return []
    lines = re.findall(r"<li>(.*?)</li>", found.group(1), re.S)
    out = []
    for line in lines:
        link = re.match(r'<a href="#([^"]+)">(.*)</a>$', line.strip())
        out.append((link.group(1), link.group(2)) if link else ("", line.strip()))
    return out


def test_a_failed_return_of_work_is_summarised_at_the_top_and_linked_to_the_reason(province, signed_in):
    item = work_submitted(give(province.truong_phong, province.chuyen_vien), province.chuyen_vien)
    response = signed_in(province.truong_phong).post(
        reverse("assignments:return", args=[item.pk]), {"return-reason": ""}
    )
    assert response.status_code == 400
    assert summary(response) == [("id_return-reason", "Lý do: Vui lòng nêu lý do trả lại.")]
    body = response.content.decode()
    assert body.index('class="error-summary"') < body.index("<h1>")
    assert 'role="alert" tabindex="-1"' in body
    field = re.search(r"<textarea[^>]*id=\"id_return-reason\"[^>]*>", body).group(0)
    assert 'aria-invalid="true"' in field and 'aria-describedby="id_return-reason_error"' in field
    assert '<div id="id_return-reason_error">' in body


def test_a_failed_return_of_an_account_request_is_summarised(province, signed_in):
    r = submitted(province)
    response = signed_in(province.quan_tri).post(
        reverse("accounts:request_action", args=[r.pk, "tra-lai"]), {"reason": ""}
    )
    assert response.status_code == 400
    assert summary(response) == [("id_reason", "Lý do trả lại: Vui lòng nêu lý do trả lại.")]


def test_the_lines_of_a_formset_and_errors_of_the_whole_form_are_listed(province, signed_in):
    person = {"unit": province.units.tcbc.pk, "position": province.positions.chuyen_vien.pk}
    data = _formset_post(
        "create",
        province.units.tcbc,
        [{"full_name": "Lò Văn Pá", "email": "pa@binhson.gov.vn", **person}, {"email": "x", **person}],
    )
    response = signed_in(province.truong_phong).post(
        reverse("accounts:request_create", args=["create"]), data
    )
    lines = summary(response)
    assert lines and all(target.startswith("id_lines-1-") for target, _text in lines)
    sign_in = signed_in(province.truong_phong)
    sign_in.logout()
    failed = sign_in.post(reverse("accounts:login"), {"username": "minhnv", "password": "sai"})
    assert summary(failed)[0][0] == ""  # a wrong password names no field
    assert "không đúng" in summary(failed)[0][1]


def test_a_page_without_errors_has_no_summary(province, signed_in):
    item = give(province.truong_phong, province.chuyen_vien)
    client = signed_in(province.chuyen_vien)
    assert summary(client.get(reverse("assignments:detail", args=[item.pk]))) == []
    assert 'class="error-summary"' not in client.get(reverse("assignments:mine")).content.decode()
