"""The one workflow engine: source state, guard with reason, mandatory reason, audit, row lock."""

import pytest

from congvu.accounts.models import User
from congvu.accounts.users.workflow import ACCOUNT_WORKFLOW
from congvu.core.decisions import Refused
from congvu.core.models import AuditEvent


def test_a_transition_changes_the_state_and_writes_one_audit_event(province):
    minh = province.chuyen_vien
    before = AuditEvent.objects.count()
    ACCOUNT_WORKFLOW.apply("suspend", minh, actor=province.quan_tri, reason="Nghỉ dài hạn")
    minh.refresh_from_db()
    assert minh.status == User.Status.SUSPENDED
    event = AuditEvent.objects.latest("id")
    assert AuditEvent.objects.count() == before + 1
    assert event.action == "accounts.user.suspend"
    assert event.actor == province.quan_tri
    assert event.before == {"status": "active"}
    assert event.after == {"status": "suspended"}
    assert event.note == "Nghỉ dài hạn"


def test_it_refuses_a_transition_from_the_wrong_state_and_changes_nothing(province):
    before = AuditEvent.objects.count()
    with pytest.raises(Refused, match="không áp dụng được ở trạng thái hiện tại"):
        ACCOUNT_WORKFLOW.apply("reactivate", province.chuyen_vien, actor=province.quan_tri)
    assert AuditEvent.objects.count() == before


def test_it_refuses_with_the_guards_reason(province):
    with pytest.raises(Refused, match="Chỉ quản trị hệ thống"):
        ACCOUNT_WORKFLOW.apply("suspend", province.chuyen_vien, actor=province.truong_phong, reason="x")
    province.chuyen_vien.refresh_from_db()
    assert province.chuyen_vien.status == User.Status.ACTIVE


def test_it_requires_a_reason_where_the_table_says_so(province):
    with pytest.raises(Refused, match="lý do"):
        ACCOUNT_WORKFLOW.apply("suspend", province.chuyen_vien, actor=province.quan_tri, reason="   ")


def test_a_reason_longer_than_2000_characters_is_refused_and_nothing_changes(province):
    before = AuditEvent.objects.count()
    with pytest.raises(Refused, match="Lý do tối đa 2000 ký tự") as refused:
        ACCOUNT_WORKFLOW.apply("suspend", province.chuyen_vien, actor=province.quan_tri, reason="x" * 2001)
    assert refused.value.field == "reason"
    assert User.objects.get(pk=province.chuyen_vien.pk).status == User.Status.ACTIVE
    assert AuditEvent.objects.count() == before


def test_it_rereads_the_row_so_a_stale_copy_cannot_win(province):
    stale = User.objects.get(pk=province.chuyen_vien.pk)
    ACCOUNT_WORKFLOW.apply("retire", province.chuyen_vien, actor=province.quan_tri, reason="Nghỉ hưu")
    with pytest.raises(Refused) as refused:
        ACCOUNT_WORKFLOW.apply("suspend", stale, actor=province.quan_tri, reason="Lần hai")
    assert refused.value.message == (
        "Thao tác này không áp dụng được ở trạng thái hiện tại (có thể người khác vừa xử lý)."
    )
    assert User.objects.get(pk=stale.pk).status == User.Status.RETIRED


def test_check_answers_for_templates_without_changing_anything(province):
    assert ACCOUNT_WORKFLOW.check("suspend", province.chuyen_vien, province.quan_tri)
    refused = ACCOUNT_WORKFLOW.check("suspend", province.chuyen_vien, province.chuyen_vien_2)
    assert not refused and refused.reason == (
        "Chỉ quản trị hệ thống hoặc quản trị của Phòng Tổ chức biên chế (hoặc cấp trên) "
        "mới quản lý được tài khoản này."
    )
    assert [t.name for t in ACCOUNT_WORKFLOW.allowed(province.chuyen_vien, province.quan_tri)] == [
        "suspend",
        "retire",
    ]
