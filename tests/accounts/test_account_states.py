"""The account workflow (ORG-7; seed 000 Đ8; docs/workflows/accounts.md): action × persona × state.

The expected outcomes below are written by hand from the regulation and the workflow document,
never read from ``congvu.accounts.users.workflow``: an account is suspended, reactivated or retired by
an administrator of the person's unit (or above, or a system administrator), never by its owner,
never by a leader as such (leaders file account requests, Đ8), never through a delegation
(administration is a role, not processing authority), and a retired account is final.

The scene: the account of Trần Thị Thu Hà, officer of Phòng Tổ chức biên chế (under Sở Nội vụ).
"""

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
from tests.assignments.workflow_cast import fresh, lend
from tests.conftest import build_province, built_once

# --- the one place this module calls the product ---------------------------------------------------

ACT = {
    "suspend": lambda account, actor, reason="Đi học dài hạn": user_services.user_suspend(
        user=account, actor=actor, reason=reason
    ),
    "reactivate": lambda account, actor: user_services.user_reactivate(user=account, actor=actor),
    "retire": lambda account, actor, reason="Chuyển công tác": user_services.user_retire(
        user=account, actor=actor, reason=reason
    ),
    "edit": lambda account, actor: user_services.user_update(
        user=account, actor=actor, email="moi@binhson.gov.vn"
    ),
    "reset_password": lambda account, actor: user_services.user_reset_password(user=account, actor=actor),
}


def offered(name, account, actor):
    """What the screens and the API offer (the account workflow: the state, then the guard)."""
    return ACCOUNT_WORKFLOW.check(name, account, actor)


def actions_of_the_product():
    """The names of the account actions (read for completeness only, never for the answers)."""
    return {t.name for t in ACCOUNT_WORKFLOW}


def states_of_the_product():
    return set(User.Status.values)


def is_last_active_top_administrator(account):
    return policies.is_last_active_top_administrator(account)


def administers(actor, account):
    return policies.administers_account(actor, account)


def account_without_unit():
    return user_services.user_create(
        full_name="Tài khoản Hệ thống", unit=None, position=None, actor=None
    ).user


def assert_refused(excinfo, reason):
    """The one check of a refusal: the Vietnamese reason, exactly as the person reads it."""
    assert excinfo.value.message == reason, excinfo.value.message


def build_scene():
    """The province, a system administrator, two unit administrators and a delegate of the
    province administrator."""
    p = build_province()
    root = User.objects.create_superuser("root", "Mật-khẩu-gốc-2026!", full_name="Quản trị gốc")
    # Vũ Thị Lan administers Sở Nội vụ (Hà's division is under it); Đặng Đình Đức, Sở Tài chính.
    unit_services.role_grant(
        user=p.pho_giam_doc, role=RoleGrant.Role.ADMINISTRATOR, unit=p.units.snv, actor=None
    )
    unit_services.role_grant(
        user=p.chuyen_vien_khac, role=RoleGrant.Role.ADMINISTRATOR, unit=p.units.stc, actor=None
    )
    # Đỗ Minh Tuấn holds the processing authority of Lý Văn Kiên (the province administrator).
    lend(fresh(p.quan_tri), fresh(p.theo_doi), fresh(p.chanh_vp))
    people = {
        "quan_tri": p.quan_tri,
        "superuser": root,
        "snv_admin": p.pho_giam_doc,
        "stc_admin": p.chuyen_vien_khac,
        "admin_delegate": p.theo_doi,
        "giam_doc": p.giam_doc,
        "truong_phong": p.truong_phong,
        "van_thu": p.van_thu,
        "colleague": p.chuyen_vien,
        "self": p.chuyen_vien_2,
    }
    return p, people


@pytest.fixture(scope="module")
def scene(django_db_setup, django_db_blocker):
    with built_once(django_db_blocker, build_scene) as built:
        yield built


# --- the table, by hand ---------------------------------------------------------------------------

ACTIVE, SUSPENDED, RETIRED = "active", "suspended", "retired"
PERSONAS = (
    "quan_tri",  # Lý Văn Kiên, administrator of the whole province (UBND tỉnh)
    "superuser",  # the system administrator
    "snv_admin",  # Vũ Thị Lan, administrator of Sở Nội vụ: Hà's division is in its subtree
    "stc_admin",  # Đặng Đình Đức, administrator of Sở Tài chính: not Hà's branch
    "admin_delegate",  # Đỗ Minh Tuấn, acting for Lý Văn Kiên under an approved delegation
    "giam_doc",  # Hoàng Văn Nam, director of Sở Nội vụ: a leader files requests, he does not act
    "truong_phong",  # Bùi Thanh Sơn, Hà's division head
    "van_thu",  # Nguyễn Thị Hoa, the clerk
    "colleague",  # Nguyễn Văn Minh, officer of the same division
    "self",  # Trần Thị Thu Hà herself
)
ADMINISTRATORS = {"quan_tri", "superuser", "snv_admin"}
NOBODY: set[str] = set()

OWN_ACCOUNT = "Bạn không thể tự thay đổi trạng thái tài khoản của mình."
NOT_HER_ADMINISTRATOR = (
    "Chỉ quản trị hệ thống hoặc quản trị của Phòng Tổ chức biên chế (hoặc cấp trên) "
    "mới quản lý được tài khoản này."
)
NOT_NOW = "Thao tác này không áp dụng được ở trạng thái hiện tại."
NOT_NOW_ON_SCREEN = "Thao tác này không áp dụng được ở trạng thái hiện tại."
# Who else is refused, and why: the owner, then anyone who does not administer her account.
OTHERS = {"self": OWN_ACCOUNT, "*": NOT_HER_ADMINISTRATOR}

#  (action, state)              who may          why the others may not
TABLE = {
    ("suspend", ACTIVE): (ADMINISTRATORS, OTHERS),
    ("suspend", SUSPENDED): (NOBODY, NOT_NOW),
    ("suspend", RETIRED): (NOBODY, NOT_NOW),
    ("reactivate", ACTIVE): (NOBODY, NOT_NOW),
    ("reactivate", SUSPENDED): (ADMINISTRATORS, OTHERS),
    ("reactivate", RETIRED): (NOBODY, NOT_NOW),  # retired is final (ORG-7)
    ("retire", ACTIVE): (ADMINISTRATORS, OTHERS),
    ("retire", SUSPENDED): (ADMINISTRATORS, OTHERS),
    ("retire", RETIRED): (NOBODY, NOT_NOW),
}
# The state after, the audit action, and the reason kept in the audit note.
AFTER = {
    "suspend": (SUSPENDED, "accounts.user.suspend", "Đi học dài hạn"),
    "reactivate": (ACTIVE, "accounts.user.reactivate", ""),
    "retire": (RETIRED, "accounts.user.retire", "Chuyển công tác"),
}


def expected(action, state, persona):
    """None when allowed, else the reason the persona is given."""
    allowed, others = TABLE[(action, state)]
    if persona in allowed:
        return None
    if isinstance(others, dict):
        return others.get(persona, others["*"])
    return others


CASES = [(action, state, persona) for (action, state) in TABLE for persona in PERSONAS]


def test_the_table_has_every_action_in_every_state():
    pairs = {(action, state) for action in actions_of_the_product() for state in states_of_the_product()}
    assert set(TABLE) == pairs
    assert set(AFTER) == actions_of_the_product()


def _snapshot(account):
    row = User.objects.get(pk=account.pk)
    return (row.status, row.status_reason, row.status_changed_at, AuditEvent.objects.count())


@pytest.mark.parametrize(("action", "state", "persona"), CASES)
def test_account_table(scene, db, action, state, persona):
    province, people = scene
    User.objects.filter(pk=province.chuyen_vien_2.pk).update(status=state)
    account = User.objects.get(pk=province.chuyen_vien_2.pk)
    actor = fresh(people[persona])
    reason = expected(action, state, persona)

    decision = offered(action, account, actor)
    if reason is None:
        assert decision, decision.reason
        last = AuditEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0
        after = ACT[action](account, actor)
        target, code, note = AFTER[action]
        assert after.status == target
        assert User.objects.get(pk=account.pk).status == target
        rows = list(AuditEvent.objects.filter(id__gt=last, action__startswith="accounts.user."))
        assert [(r.action, r.object_id) for r in rows] == [(code, str(account.pk))]
        row = rows[0]
        assert (row.actor_id, row.on_behalf_of_id, row.note) == (actor.pk, None, note)
        assert (row.before["status"], row.after["status"]) == (state, target)
    else:
        screen_reason = NOT_NOW_ON_SCREEN if reason == NOT_NOW else reason
        assert (bool(decision), decision.reason) == (False, screen_reason)
        before = _snapshot(account)
        with pytest.raises(Refused) as refused:
            ACT[action](account, actor)
        assert_refused(refused, reason)
        assert _snapshot(account) == before


@pytest.mark.parametrize(
    ("action", "state"), [("suspend", ACTIVE), ("reactivate", SUSPENDED), ("retire", ACTIVE)]
)
def test_an_administrator_cannot_change_their_own_account(scene, db, action, state):
    province, people = scene
    admin = fresh(people["quan_tri"])
    User.objects.filter(pk=admin.pk).update(status=state)
    admin = fresh(admin)
    assert (offered(action, admin, admin).reason) == OWN_ACCOUNT
    before = _snapshot(admin)
    with pytest.raises(Refused) as refused:
        ACT[action](admin, admin)
    assert_refused(refused, OWN_ACCOUNT)
    assert _snapshot(admin) == before


# --- around the table (the same scene; each test in its own savepoint) ---------------------------


@pytest.fixture
def province(scene, db):
    return scene[0]


@pytest.fixture
def people(scene, db):
    return {name: fresh(person) for name, person in scene[1].items()}


def test_a_reason_is_required_to_suspend_and_to_retire(province):
    for action in ("suspend", "retire"):
        with pytest.raises(Refused) as refused:
            ACT[action](province.chuyen_vien, province.quan_tri, reason="  ")
        assert_refused(refused, "Vui lòng nêu lý do.")
        assert refused.value.field == "reason"
    assert User.objects.get(pk=province.chuyen_vien.pk).status == ACTIVE


def test_the_reason_and_the_time_are_kept_on_the_account(province):
    after = ACT["suspend"](province.chuyen_vien, province.quan_tri, reason="Đi học dài hạn")
    assert after.status_reason == "Đi học dài hạn" and after.status_changed_at is not None
    after = ACT["reactivate"](after, province.quan_tri)
    assert after.status_reason == ""


def test_a_suspended_account_is_signed_out_everywhere(province, client):
    client.post("/tai-khoan/dang-nhap/", {"username": "minhnv", "password": "Mật-khẩu-thử-2026!"})
    assert client.get("/").status_code == 200
    ACT["suspend"](province.chuyen_vien, province.quan_tri, reason="Nghỉ phép")
    assert client.get("/").status_code == 302


def test_the_last_active_administrator_cannot_be_stopped(province, people):
    root = people["superuser"]
    # The superuser stops the province administrator: another administrator remains (root).
    ACT["suspend"](province.quan_tri, root, reason="Kiểm tra")
    # Now root is the last one: nobody (not even the system) may stop it.
    assert is_last_active_top_administrator(root)
    last = "Đây là tài khoản quản trị hệ thống cuối cùng còn hoạt động: không thể dừng tài khoản này."
    assert offered("retire", root, None).reason == last
    for action in ("suspend", "retire"):
        with pytest.raises(Refused) as refused:
            ACT[action](root, None)
        assert_refused(refused, last)
    assert User.objects.get(pk=root.pk).status == ACTIVE


# --- unit administrators manage their subtree only -------------------------------------------------


def test_a_unit_administrator_manages_accounts_in_the_subtree(province, people):
    snv_admin = people["snv_admin"]  # Vũ Thị Lan administers Sở Nội vụ and its divisions
    assert offered("suspend", province.chuyen_vien, snv_admin)  # Phòng TCBC, under SNV
    ACT["suspend"](province.chuyen_vien, snv_admin, reason="Đi học")
    assert User.objects.get(pk=province.chuyen_vien.pk).status == SUSPENDED


def test_a_unit_administrator_cannot_touch_other_units(province, people):
    snv_admin = people["snv_admin"]
    other = province.chuyen_vien_khac  # Phòng Ngân sách, Sở Tài chính
    not_theirs = "Chỉ quản trị hệ thống hoặc quản trị của Phòng Ngân sách (hoặc cấp trên) mới quản lý được tài khoản này."
    assert offered("suspend", other, snv_admin).reason == not_theirs
    for action in ("suspend", "edit", "reset_password"):
        with pytest.raises(Refused) as refused:
            ACT[action](other, snv_admin)
        assert_refused(refused, not_theirs)
    row = User.objects.get(pk=other.pk)
    assert (row.status, row.email) == (ACTIVE, "ducdd@binhson.gov.vn")


def test_only_top_administrators_manage_accounts_without_a_unit(province, people):
    loose = account_without_unit()
    assert administers(people["snv_admin"], loose).reason == (
        "Tài khoản chưa thuộc đơn vị nào: chỉ quản trị hệ thống mới quản lý được."
    )
    assert administers(province.quan_tri, loose)
