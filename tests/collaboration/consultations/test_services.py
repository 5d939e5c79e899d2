"""Appointing, posting, answering, extending, closing (COL-5; seed 002 Đ7.5)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from congvu.collaboration.consultations import selectors, services
from congvu.collaboration.consultations.models import Consultation, ConsultationFile, ConsultationRecipient
from congvu.core.decisions import Refused
from congvu.core.models import AuditEvent
from congvu.notifications.models import Notification
from congvu.org.models import Delegation
from tests.collaboration.consultations.conftest import appoint, in_days, post

S = Consultation.Status
PDF = ("du-thao.txt", "Dự thảo quy chế làm việc năm 2027".encode())


def _recipients(c):
    return set(ConsultationRecipient.objects.filter(consultation=c).values_list("user__username", flat=True))


def test_a_leader_appoints_a_drafter_of_the_agency(province, appointed):
    assert appointed.status == S.APPOINTED
    assert appointed.drafter == province.truong_phong
    assert appointed.appointed_by == province.giam_doc
    assert AuditEvent.objects.filter(action="collaboration.consultation.appointed").count() == 1
    assert Notification.objects.filter(recipient=province.truong_phong).count() == 1


def test_a_head_of_division_cannot_appoint(province):
    with pytest.raises(Refused) as refused:
        appoint(province, by=province.truong_phong, drafter=province.chuyen_vien)
    assert refused.value.status == 403
    assert Consultation.objects.count() == 0


def test_the_drafter_must_belong_to_the_agency(province):
    with pytest.raises(Refused) as refused:
        appoint(province, drafter=province.chuyen_vien_khac)
    assert refused.value.field == "drafter"
    assert Consultation.objects.count() == 0


def test_a_delegate_appoints_on_behalf_of_the_director(province):
    now = timezone.now()
    Delegation.objects.create(
        principal=province.giam_doc,
        delegate=province.chuyen_vien_2,
        starts_at=now - dt.timedelta(hours=1),
        ends_at=now + dt.timedelta(days=2),
        status=Delegation.Status.APPROVED,  # house-rules: allow test fixture
        requested_by=province.giam_doc,
    )
    c = appoint(province, by=province.chuyen_vien_2)
    assert c.appointed_on_behalf_of == province.giam_doc
    event = AuditEvent.objects.get(action="collaboration.consultation.appointed")
    assert event.on_behalf_of_id == province.giam_doc.pk


def test_posting_to_the_whole_agency_asks_everyone_but_the_drafter(province, opened):
    assert opened.status == S.OPEN
    assert _recipients(opened) == {"namhv", "lanvt", "minhnv", "hattt"}
    assert Notification.objects.filter(kind="collaboration.consultation.posted").count() == 4
    assert opened.dated_on == timezone.localdate()


def test_posting_to_chosen_people_and_units(province, appointed):
    c = post(
        province, appointed, audience="chosen", people=[province.pho_giam_doc], units=[province.units.tcbc]
    )
    assert _recipients(c) == {"lanvt", "minhnv", "hattt"}  # TCBC's people, not the drafter


def test_people_outside_the_agency_are_refused(province, appointed):
    with pytest.raises(Refused) as refused:
        post(province, appointed, audience="chosen", people=[province.chuyen_vien_khac])
    assert refused.value.field == "people"
    appointed.refresh_from_db()
    assert appointed.status == S.APPOINTED
    assert ConsultationRecipient.objects.count() == 0


def test_only_the_appointed_drafter_posts(province, appointed):
    with pytest.raises(Refused) as refused:
        services.consultation_post(
            consultation=appointed,
            title="x",
            description="",
            deadline=in_days(2),
            audience="agency",
            actor=province.chuyen_vien,
        )
    assert refused.value.status == 403


@pytest.mark.parametrize(
    ("deadline", "message"),
    [
        (lambda: in_days(-0.01), "tương lai"),
        (lambda: in_days(91), "tối đa 90 ngày"),
        (lambda: None, "chọn hạn"),
    ],
)
def test_a_deadline_in_the_past_or_too_far_is_refused(province, appointed, deadline, message):
    with pytest.raises(Refused) as refused:
        services.consultation_post(
            consultation=appointed,
            title="x",
            description="",
            deadline=deadline(),
            audience="agency",
            actor=province.truong_phong,
        )
    assert refused.value.field == "deadline" and message in refused.value.message
    appointed.refresh_from_db()
    assert appointed.status == S.APPOINTED


def test_draft_files_go_through_the_file_service(province, appointed):
    c = post(province, appointed, uploads=[PDF])
    assert ConsultationFile.objects.filter(consultation=c).count() == 1
    with pytest.raises(Refused):
        post(province, appoint(province), uploads=[("virus.exe", b"MZ\x90\x00")])
    assert ConsultationFile.objects.count() == 1


def test_a_recipient_answers_and_changes_the_answer_before_the_deadline(province, opened):
    services.consultation_answer(
        consultation=opened, answer="comment", text="Sửa Điều 3.", actor=province.chuyen_vien
    )
    services.consultation_answer(consultation=opened, answer="no_comment", actor=province.chuyen_vien)
    row = ConsultationRecipient.objects.get(consultation=opened, user=province.chuyen_vien)
    assert row.answer == "no_comment" and row.text == ""
    actions = list(AuditEvent.objects.filter(object_id=str(opened.pk)).values_list("action", flat=True))
    assert "collaboration.consultation.answered" in actions
    assert "collaboration.consultation.answer_changed" in actions


def test_answering_after_the_deadline_is_refused_and_nothing_changes(province, opened, clock):
    services.consultation_answer(
        consultation=opened, answer="comment", text="Ý kiến đầu.", actor=province.chuyen_vien
    )
    clock.move_to(opened.deadline + dt.timedelta(seconds=1))
    with pytest.raises(Refused) as refused:
        services.consultation_answer(consultation=opened, answer="no_comment", actor=province.chuyen_vien)
    assert refused.value.status == 409 and "hết hạn góp ý" in refused.value.message
    row = ConsultationRecipient.objects.get(consultation=opened, user=province.chuyen_vien)
    assert row.answer == "comment" and row.text == "Ý kiến đầu."


def test_a_comment_needs_text_or_a_file_and_a_reason_needs_its_text(province, opened):
    with pytest.raises(Refused) as empty:
        services.consultation_answer(
            consultation=opened, answer="comment", text="  ", actor=province.chuyen_vien
        )
    assert empty.value.field == "text"
    with pytest.raises(Refused) as no_reason:
        services.consultation_answer(consultation=opened, answer="excused", actor=province.chuyen_vien)
    assert no_reason.value.field == "text"
    with pytest.raises(Refused) as too_long:
        services.consultation_answer(
            consultation=opened, answer="comment", text="a" * 5001, actor=province.chuyen_vien
        )
    assert too_long.value.field == "text"
    assert not ConsultationRecipient.objects.filter(answered_at__isnull=False).exists()


def test_someone_not_asked_cannot_answer(province, opened):
    with pytest.raises(Refused) as refused:
        services.consultation_answer(
            consultation=opened, answer="no_comment", actor=province.chuyen_vien_khac
        )
    assert refused.value.status == 403


def test_the_report_shows_answers_reasons_and_who_is_silent(province, opened):
    services.consultation_answer(
        consultation=opened, answer="comment", text="Bổ sung Điều 5.", actor=province.chuyen_vien
    )
    services.consultation_answer(
        consultation=opened, answer="excused", text="Đi công tác.", actor=province.pho_giam_doc
    )
    report = selectors.report(opened)
    assert [r.user.username for r in report.answered] == ["minhnv"]
    assert [r.user.username for r in report.excused] == ["lanvt"]
    assert sorted(r.user.username for r in report.silent) == ["hattt", "namhv"]
    assert report.total == 4


def test_the_drafter_extends_the_deadline_and_recipients_are_told(province, opened):
    later = opened.deadline + dt.timedelta(days=2)
    c = services.consultation_extend(
        consultation=opened, deadline=later, reason="Chờ ý kiến", actor=province.truong_phong
    )
    assert c.deadline == later.replace(microsecond=0)
    assert Notification.objects.filter(kind="collaboration.consultation.extended").count() == 4
    assert AuditEvent.objects.filter(action="collaboration.consultation.extend").count() == 1
    with pytest.raises(Refused) as earlier:
        services.consultation_extend(consultation=c, deadline=in_days(1), actor=province.truong_phong)
    assert earlier.value.field == "deadline"
    with pytest.raises(Refused) as not_drafter:
        services.consultation_extend(consultation=c, deadline=in_days(10), actor=province.giam_doc)
    assert not_drafter.value.status == 403


def test_closing_early_stops_answers(province, opened):
    services.consultation_close(consultation=opened, actor=province.truong_phong)
    opened.refresh_from_db()
    assert opened.status == S.CLOSED and opened.closed_at is not None
    with pytest.raises(Refused) as refused:
        services.consultation_answer(consultation=opened, answer="no_comment", actor=province.chuyen_vien)
    assert refused.value.status == 409


def test_cancelling_needs_a_reason(province, appointed):
    with pytest.raises(Refused) as refused:
        services.consultation_cancel(consultation=appointed, reason="", actor=province.giam_doc)
    assert refused.value.field == "reason"
    c = services.consultation_cancel(consultation=appointed, reason="Không cần nữa", actor=province.giam_doc)
    assert c.status == S.CANCELLED


def test_an_administrator_keeps_a_consultation_longer(province, opened):
    today = timezone.localdate()
    c = services.consultation_keep(
        consultation=opened,
        keep_until=today + dt.timedelta(days=200),
        reason="Hồ sơ thanh tra",
        actor=province.quan_tri,
    )
    assert c.kept_until == today + dt.timedelta(days=200)
    assert AuditEvent.objects.filter(action="collaboration.consultation.kept").count() == 1
    for bad in (today, today + dt.timedelta(days=800)):
        with pytest.raises(Refused) as refused:
            services.consultation_keep(consultation=c, keep_until=bad, reason="x", actor=province.quan_tri)
        assert refused.value.field == "keep_until"
    with pytest.raises(Refused) as no_reason:
        services.consultation_keep(
            consultation=c, keep_until=today + dt.timedelta(days=300), reason=" ", actor=province.quan_tri
        )
    assert no_reason.value.field == "reason"
    with pytest.raises(Refused) as not_admin:
        services.consultation_keep(
            consultation=c, keep_until=today + dt.timedelta(days=300), reason="x", actor=province.giam_doc
        )
    assert not_admin.value.status == 403
