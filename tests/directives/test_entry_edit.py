"""Correcting a draft's own fields (seed 001 Đ8.1.a–b): the office fixes a mistyped number, date,
signer or urgency before the tasks reach the agencies; the tasks' copies and the entry deadline
follow; once given, the directive is no longer edited this way; nobody else may."""

from __future__ import annotations

import datetime as dt

import pytest

from congvu.core.decisions import Refused
from congvu.core.models import AuditEvent
from congvu.directives import services
from congvu.directives.models import Directive, Urgency
from tests.directives.cast import enter, task_input


@pytest.fixture
def draft(province):
    return enter(
        province,
        publish=False,
        issued_on=dt.date(2026, 11, 30),
        tasks=[task_input(province, province.units.snv, deadline=dt.date(2026, 12, 31))],
    )


def edit(province, directive, **changes):
    fields = {
        "number": directive.number, "subject": directive.subject, "issued_on": directive.issued_on,
        "signer": directive.signer, "kind": directive.kind, "urgency": directive.urgency,
    }  # fmt: skip
    fields.update(changes)
    return services.directive_update(directive=directive, actor=province.theo_doi, **fields)


def test_the_office_corrects_a_draft_and_the_tasks_follow(province, draft):
    # Issued Mon 30/11/2026, normal: 3 working days after → Thu 03/12. Made urgent on Tue 01/12:
    # the same day, Tue 01/12.
    assert draft.entry_due == dt.date(2026, 12, 3)
    directive = edit(province, draft, number="126/UBND-VP", issued_on=dt.date(2026, 12, 1),
                     urgency=Urgency.URGENT, signer=province.pho_chu_tich)  # fmt: skip
    directive.refresh_from_db()
    assert (directive.number, directive.issued_on, directive.entry_due) == (
        "126/UBND-VP",
        dt.date(2026, 12, 1),
        dt.date(2026, 12, 1),
    )
    task = directive.tasks.get()
    assert (task.issued_on, task.signer, task.urgency) == (
        dt.date(2026, 12, 1),
        province.pho_chu_tich,
        "urgent",
    )
    event = AuditEvent.objects.filter(action="directives.directive.updated").get()
    assert event.before["number"] == "125/UBND-VP" and event.after["number"] == "126/UBND-VP"


def test_an_issue_date_after_a_tasks_deadline_is_refused_and_nothing_changes(province):
    directive = enter(
        province, publish=False, issued_on=dt.date(2026, 11, 30),
        tasks=[task_input(province, province.units.snv, deadline=dt.date(2026, 12, 1))],
    )  # fmt: skip
    with pytest.raises(Refused) as refused:
        edit(province, directive, issued_on=dt.date(2026, 12, 2))
    assert refused.value.field == "issued_on"
    directive.refresh_from_db()
    assert directive.issued_on == dt.date(2026, 11, 30)


def test_a_given_directive_is_not_edited_and_nobody_but_the_office_edits_a_draft(province, draft):
    with pytest.raises(Refused) as refused:
        services.directive_update(
            directive=draft, actor=province.giam_doc, number="9/X", subject=draft.subject,
            issued_on=draft.issued_on, signer=draft.signer, kind=draft.kind, urgency=draft.urgency,
        )  # fmt: skip
    assert refused.value.kind == Refused.Kind.NOT_ALLOWED
    published = services.directive_publish(directive=draft, actor=province.theo_doi)
    with pytest.raises(Refused) as refused:
        edit(province, published, number="9/X")
    assert refused.value.kind == Refused.Kind.WRONG_STATE
    assert Directive.objects.get(pk=draft.pk).number == "125/UBND-VP"


def test_the_edit_form_and_the_api(province, draft, signed_in):
    client = signed_in(province.theo_doi)
    page = client.get(f"/chi-dao/{draft.pk}/").content.decode()
    assert "Sửa văn bản chỉ đạo" in page
    response = client.post(
        f"/chi-dao/{draft.pk}/sua/",
        {"header-number": "", "header-kind": "cong_van", "header-subject": draft.subject,
         "header-issued_on": "2026-11-30", "header-signer": province.chu_tich.pk, "header-urgency": "normal"},
    )  # fmt: skip
    assert response.status_code == 400
    assert "Vui lòng" in response.content.decode() or "bắt buộc" in response.content.decode()
    assert Directive.objects.get(pk=draft.pk).number == "125/UBND-VP"
    response = client.post(
        f"/api/v1/directives/{draft.pk}/edit",
        {"number": "127/UBND-VP", "subject": draft.subject, "issued_on": "2026-11-30",
         "signer_id": province.chu_tich.pk, "kind": "thong_bao", "urgency": "normal"},
        content_type="application/json",
    )  # fmt: skip
    assert response.status_code == 200, response.content
    assert response.json()["number"] == "127/UBND-VP"
    response = client.post(
        f"/api/v1/directives/{draft.pk}/edit",
        {"number": "127/UBND-VP", "subject": draft.subject, "issued_on": "2026-11-30",
         "signer_id": province.giam_doc.pk, "kind": "thong_bao", "urgency": "normal"},
        content_type="application/json",
    )  # fmt: skip
    assert response.status_code == 400 and response.json()["field"] == "signer_id"
