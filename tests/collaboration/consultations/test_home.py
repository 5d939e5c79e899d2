""" "Hôm nay": consultations awaiting the person's answer (with the deadline) and those they draft
(answered / total), in two queries; the nav entry "Lấy ý kiến"."""

from __future__ import annotations

from congvu.accounts.models import User
from congvu.collaboration.consultations import selectors, services


def _fresh(user):
    return User.objects.get(pk=user.pk)  # no per-request reads kept on the object


def test_a_recipient_sees_what_awaits_an_answer_with_its_deadline(province, signed_in, opened):
    body = signed_in(province.chuyen_vien).get("/").content.decode()
    assert "Chờ bạn góp ý" in body and "Góp ý dự thảo quy chế làm việc năm 2027" in body
    assert "Lấy ý kiến chờ tôi góp ý" in body  # the counter
    assert 'href="/phoi-hop/lay-y-kien/"' in body  # the nav entry


def test_the_drafter_sees_answered_over_total(province, signed_in, opened):
    services.consultation_answer(consultation=opened, answer="no_comment", actor=province.chuyen_vien)
    section = selectors.home_section(_fresh(province.truong_phong))
    assert [(c.pk, c.answered, c.total) for c in section["drafting"]] == [(opened.pk, 1, 4)]
    body = signed_in(province.truong_phong).get("/").content.decode()
    assert "Đã trả lời 1/4" in body


def test_answered_ones_leave_the_home_page_and_none_hides_the_section(province, opened):
    services.consultation_answer(consultation=opened, answer="no_comment", actor=province.chuyen_vien)
    assert selectors.home_section(_fresh(province.chuyen_vien)) is None
    assert selectors.home_counts(_fresh(province.chuyen_vien))[0].value == 0
    assert selectors.home_counts(_fresh(province.chuyen_vien_2))[0].value == 1


def test_the_section_and_counter_cost_two_queries(province, opened, django_assert_max_num_queries):
    user = _fresh(province.chuyen_vien)
    with django_assert_max_num_queries(2):
        selectors.home_section(user)
        selectors.home_counts(user)
