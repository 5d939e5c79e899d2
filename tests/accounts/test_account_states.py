"""The account workflow (ORG-7): transition × persona × state → allowed or refused."""

from __future__ import annotations

import pytest

from congvu.accounts.models import User
from congvu.accounts.users import policies
from congvu.accounts.users import services as user_services
from congvu.accounts.users.workflow import ACCOUNT_WORKFLOW
from congvu.core.decisions import Refused
from congvu.core.models import AuditEvent
from congvu.org.models import RoleGrant
from congvu.org.units import services as unit_services

S = User.Status
ALLOWED_PERSONAS = {"quan_tri", "superuser"}
PERSONAS = ["quan_tri", "superuser", "giam_doc", "truong_phong", "chuyen_vien", "van_thu", "self"]


def superuser():
    return User.objects.create_superuser("root", "Mật-khẩu-gốc-2026!", full_name="Quản trị gốc")


def actor_for(province, persona):
    if persona == "superuser":
        return superuser()
    if persona == "self":
        return province.chuyen_vien_2
    return getattr(province, persona)


def apply(name, account, actor):
    if name == "suspend":
        return user_services.user_suspend(user=account, actor=actor, reason="Đi học dài hạn")
    if name == "reactivate":
        return user_services.user_reactivate(user=account, actor=actor)
    return user_services.user_retire(user=account, actor=actor, reason="Chuyển công tác")


@pytest.mark.parametrize("state", [S.ACTIVE, S.SUSPENDED, S.RETIRED])
@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("name", ["suspend", "reactivate", "retire"])
def test_account_transition_table(province, name, persona, state):
    target = province.chuyen_vien_2  # Trần Thị Thu Hà, officer of Phòng TCBC
    User.objects.filter(pk=target.pk).update(status=state)
    target.refresh_from_db()
    actor = actor_for(province, persona)
    expected = persona in ALLOWED_PERSONAS and state in ACCOUNT_WORKFLOW.get(name).sources

    assert bool(ACCOUNT_WORKFLOW.check(name, target, actor)) is expected
    if expected:
        after = apply(name, target, actor)
        assert after.status == ACCOUNT_WORKFLOW.get(name).target
        event = AuditEvent.objects.filter(action=f"accounts.user.{name}", object_id=str(target.pk)).get()
        assert event.actor_id == actor.pk
    else:
        with pytest.raises(Refused) as refused:
            apply(name, target, actor)
        assert refused.value.message  # a Vietnamese reason, shown as it is
        assert User.objects.get(pk=target.pk).status == state


def test_nobody_changes_their_own_status(province):
    admin = province.quan_tri
    superuser()  # so that quan_tri is not the last administrator
    decision = ACCOUNT_WORKFLOW.check("suspend", admin, admin)
    assert not decision and "tự thay đổi" in decision.reason


def test_a_reason_is_required_to_suspend_and_to_retire(province):
    for call in (user_services.user_suspend, user_services.user_retire):
        with pytest.raises(Refused, match="lý do"):
            call(user=province.chuyen_vien, actor=province.quan_tri, reason="  ")
    assert User.objects.get(pk=province.chuyen_vien.pk).status == S.ACTIVE


def test_the_reason_and_the_time_are_kept_on_the_account(province):
    after = user_services.user_suspend(
        user=province.chuyen_vien, actor=province.quan_tri, reason="Đi học dài hạn"
    )
    assert after.status_reason == "Đi học dài hạn" and after.status_changed_at is not None
    after = user_services.user_reactivate(user=after, actor=province.quan_tri)
    assert after.status_reason == ""


def test_a_suspended_account_is_signed_out_everywhere(province, client):
    client.post("/tai-khoan/dang-nhap/", {"username": "minhnv", "password": "Mật-khẩu-thử-2026!"})
    assert client.get("/").status_code == 200
    user_services.user_suspend(user=province.chuyen_vien, actor=province.quan_tri, reason="Nghỉ phép")
    assert client.get("/").status_code == 302


def test_the_last_active_administrator_cannot_be_stopped(province):
    root = superuser()
    # The superuser stops the province administrator: another administrator remains (root).
    user_services.user_suspend(user=province.quan_tri, actor=root, reason="Kiểm tra")
    # Now root is the last one: nobody (not even the system) may stop it.
    assert policies.is_last_active_top_administrator(root)
    decision = ACCOUNT_WORKFLOW.check("retire", root, None)
    assert not decision and "cuối cùng" in decision.reason


# --- unit administrators manage their subtree only -------------------------------------------------------


@pytest.fixture
def snv_admin(province):
    """Vũ Thị Lan also administers the accounts of Sở Nội vụ (and its divisions)."""
    unit_services.role_grant(
        user=province.pho_giam_doc, role=RoleGrant.Role.ADMINISTRATOR, unit=province.units.snv, actor=None
    )
    return User.objects.get(pk=province.pho_giam_doc.pk)


def test_a_unit_administrator_manages_accounts_in_the_subtree(province, snv_admin):
    assert ACCOUNT_WORKFLOW.check("suspend", province.chuyen_vien, snv_admin)  # Phòng TCBC, under SNV
    user_services.user_suspend(user=province.chuyen_vien, actor=snv_admin, reason="Đi học")
    assert User.objects.get(pk=province.chuyen_vien.pk).status == S.SUSPENDED


def test_a_unit_administrator_cannot_touch_other_units(province, snv_admin):
    decision = ACCOUNT_WORKFLOW.check("suspend", province.chuyen_vien_khac, snv_admin)  # Sở Tài chính
    assert not decision and "Phòng Ngân sách" in decision.reason
    with pytest.raises(Refused):
        user_services.user_suspend(user=province.chuyen_vien_khac, actor=snv_admin, reason="Thử")
    with pytest.raises(Refused):
        user_services.user_update(user=province.chuyen_vien_khac, actor=snv_admin, email="x@binhson.gov.vn")
    with pytest.raises(Refused):
        user_services.user_reset_password(user=province.chuyen_vien_khac, actor=snv_admin)


def test_only_top_administrators_manage_accounts_without_a_unit(province, snv_admin):
    loose = user_services.user_create(
        full_name="Tài khoản Hệ thống", unit=None, position=None, actor=None
    ).user
    assert not policies.administers_account(snv_admin, loose)
    assert policies.administers_account(province.quan_tri, loose)
