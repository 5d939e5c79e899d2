"""Units and their subtree (ORG-1), memberships and roles (ORG-2, ORG-7): the services."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.utils import timezone

from congvu.core.decisions import Refused
from congvu.core.models import AuditEvent
from congvu.org import policies, tree
from congvu.org.models import PATH_STEP, Membership, Position, RoleGrant, Unit
from congvu.org.units import services as svc
from congvu.synthetic import province as generator


def _fresh(unit: Unit) -> Unit:
    return Unit.objects.get(pk=unit.pk)


# --- the tree and its paths ----------------------------------------------------------------------


def test_a_new_unit_gets_its_parents_path_plus_its_own_id(province):
    tcbc, snv = province.units.tcbc, province.units.snv
    assert tcbc.path == snv.path + f"{tcbc.pk:0{PATH_STEP}d}"
    assert tcbc.depth == snv.depth + 1 == 2
    assert tcbc.ancestor_ids == [province.units.tinh.pk, snv.pk, tcbc.pk]


def test_moving_a_unit_rewrites_its_whole_subtree(province):
    u = province.units
    deep = svc.unit_create(name="Tổ biên chế 1", short_name="T1", parent=u.tcbc)
    svc.unit_update(unit=u.snv, parent=u.huyen, actor=province.quan_tri)

    snv, tcbc, ccvc, deep = _fresh(u.snv), _fresh(u.tcbc), _fresh(u.ccvc), _fresh(deep)
    assert snv.parent_id == u.huyen.pk
    assert snv.path == u.huyen.path + f"{snv.pk:0{PATH_STEP}d}"
    assert (snv.depth, tcbc.depth, ccvc.depth, deep.depth) == (2, 3, 3, 4)
    assert tcbc.path == snv.path + f"{tcbc.pk:0{PATH_STEP}d}"
    assert ccvc.path == snv.path + f"{ccvc.pk:0{PATH_STEP}d}"
    assert deep.path == tcbc.path + f"{deep.pk:0{PATH_STEP}d}"
    # Units outside the moved subtree are untouched.
    assert _fresh(u.stc).path == u.stc.path and _fresh(u.ns).depth == 2
    assert set(tree.subtree(_fresh(u.huyen))) == {
        _fresh(x) for x in (u.huyen, u.xa, u.snv, u.tcbc, u.ccvc)
    } | {deep}
    event = AuditEvent.objects.filter(action="org.unit.updated").latest("id")
    assert event.actor_id == province.quan_tri.pk
    assert event.before["parent"]["id"] == u.tinh.pk and event.after["parent"]["id"] == u.huyen.pk


def test_moving_back_restores_the_original_paths(province):
    u = province.units
    before = {x.pk: (x.path, x.depth) for x in Unit.objects.all()}
    svc.unit_update(unit=u.snv, parent=u.xa, actor=None)
    svc.unit_update(unit=u.snv, parent=u.tinh, actor=None)
    assert {x.pk: (x.path, x.depth) for x in Unit.objects.all()} == before


@pytest.mark.parametrize("target", ["snv", "tcbc", "ccvc"])
def test_a_unit_cannot_move_under_itself_or_its_descendants(province, target):
    u = province.units
    before = {x.pk: x.path for x in Unit.objects.all()}
    with pytest.raises(Refused) as exc:
        svc.unit_update(unit=u.snv, parent=getattr(u, target), actor=province.quan_tri)
    assert exc.value.field == "parent"
    assert "chính nó hoặc đơn vị cấp dưới" in exc.value.message
    assert {x.pk: x.path for x in Unit.objects.all()} == before


def test_a_stale_parent_object_is_reread_before_the_move(province):
    u = province.units
    stale_tcbc = Unit.objects.get(pk=u.tcbc.pk)
    svc.unit_update(unit=u.tcbc, parent=u.stc, actor=None)  # tcbc leaves snv
    # stale_tcbc still carries the old path under snv; moving snv under it must now be allowed.
    svc.unit_update(unit=u.snv, parent=stale_tcbc, actor=None)
    assert _fresh(u.snv).path.startswith(_fresh(u.tcbc).path)


def test_unit_update_refuses_unknown_fields_and_blank_names(province):
    with pytest.raises(Refused):
        svc.unit_update(unit=province.units.snv, actor=None, path="00000001")
    with pytest.raises(Refused) as exc:
        svc.unit_update(unit=province.units.snv, actor=None, name="   ")
    assert exc.value.field == "name"
    assert _fresh(province.units.snv).name == "Sở Nội vụ"


def test_unit_create_refuses_bad_kind_and_long_short_name(province):
    with pytest.raises(Refused) as exc:
        svc.unit_create(name="Phòng X", short_name="X", parent=province.units.snv, kind="vu-tru")
    assert exc.value.field == "kind"
    with pytest.raises(Refused) as exc:
        svc.unit_create(name="Phòng X", short_name="X" * 31, parent=province.units.snv)
    assert exc.value.field == "short_name"
    assert not Unit.objects.filter(name="Phòng X").exists()


def test_deactivation_is_refused_while_the_unit_has_active_children(province):
    u = province.units
    with pytest.raises(Refused) as exc:
        svc.unit_set_active(unit=u.snv, active=False, actor=province.quan_tri)
    assert "đơn vị cấp dưới" in exc.value.message
    assert _fresh(u.snv).is_active
    svc.unit_set_active(unit=u.tcbc, active=False, actor=province.quan_tri)
    svc.unit_set_active(unit=u.ccvc, active=False, actor=province.quan_tri)
    svc.unit_set_active(unit=u.snv, active=False, actor=province.quan_tri)
    assert not _fresh(u.snv).is_active
    assert AuditEvent.objects.filter(action="org.unit.deactivated").count() == 3


def test_a_child_cannot_be_reactivated_under_an_inactive_parent(province):
    u = province.units
    svc.unit_set_active(unit=u.ns, active=False, actor=None)
    svc.unit_set_active(unit=u.stc, active=False, actor=None)
    with pytest.raises(Refused):
        svc.unit_set_active(unit=u.ns, active=True, actor=None)
    with pytest.raises(Refused):
        svc.unit_create(name="Phòng mới", short_name="PM", parent=_fresh(u.stc))


def test_services_refuse_a_non_administrator(province):
    u = province.units
    with pytest.raises(Refused):
        svc.unit_create(name="Phòng mới", short_name="PM", parent=u.snv, actor=province.giam_doc)
    with pytest.raises(Refused):
        svc.unit_update(unit=u.tcbc, name="Đổi tên", actor=province.truong_phong)
    with pytest.raises(Refused):
        svc.role_grant(
            user=province.chuyen_vien, role=RoleGrant.Role.CLERK, unit=u.snv, actor=province.chu_tich
        )
    with pytest.raises(Refused):
        svc.unit_create(name="Tỉnh khác", short_name="UBND", parent=None, actor=province.quan_tri)
    assert not Unit.objects.filter(name__in=["Phòng mới", "Tỉnh khác"]).exists()


def test_an_administrator_of_a_subtree_cannot_move_a_unit_out_of_it(province):
    u = province.units
    svc.role_grant(user=province.giam_doc, role=RoleGrant.Role.ADMINISTRATOR, unit=u.snv, actor=None)
    policies.forget(province.giam_doc)
    with pytest.raises(Refused):
        svc.unit_update(unit=u.tcbc, parent=u.stc, actor=province.giam_doc)
    svc.unit_update(unit=u.tcbc, name="Phòng Tổ chức – Biên chế", actor=province.giam_doc)
    assert _fresh(u.tcbc).parent_id == u.snv.pk


# --- subtree(): one indexed query ---------------------------------------------------------------


def test_subtree_is_one_query(province, django_assert_num_queries):
    with django_assert_num_queries(1):
        found = list(tree.subtree(province.units.snv))
    assert {x.pk for x in found} == {province.units.snv.pk, province.units.tcbc.pk, province.units.ccvc.pk}


def _plan(queryset) -> str:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL enable_seqscan = off")  # a small table would be scanned anyway
        try:
            return queryset.explain()
        finally:
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL enable_seqscan = on")
    return queryset.explain()


def _searches_path_index(plan: str) -> bool:
    """The path index is searched (a range of it), not scanned from end to end."""
    if connection.vendor == "postgresql":
        return "Index Cond" in plan and "path" in plan.split("Index Cond", 1)[1]
    return any("SEARCH" in line and "org_unit_path" in line for line in plan.splitlines())


def test_policies_subtree_uses_the_path_index(province):
    plan = _plan(tree.subtree(province.units.snv))
    assert _searches_path_index(plan), plan


def test_selector_subtree_range_uses_the_path_index(province):
    plan = _plan(tree.subtree(province.units.snv))
    assert _searches_path_index(plan), plan


@pytest.fixture
def big_tree(db):
    generator.generate(units=2000, users=2000, seed=7)
    return generator.generated_root()


def _walk(children: dict[int | None, list[int]], root_id: int) -> set[int]:
    found, stack = set(), [root_id]
    while stack:
        unit_id = stack.pop()
        found.add(unit_id)
        stack.extend(children.get(unit_id, []))
    return found


def test_subtree_returns_exactly_the_descendants_on_2000_units(big_tree, django_assert_num_queries):
    rows = list(Unit.objects.values_list("id", "parent_id", "depth"))
    assert len(rows) == 2000
    children: dict[int | None, list[int]] = {}
    for unit_id, parent_id, _depth in rows:
        children.setdefault(parent_id, []).append(unit_id)
    # The root, every top-level unit, and a sample of deeper units and leaves.
    roots = [big_tree.pk, *children[big_tree.pk]]
    roots += [unit_id for unit_id, _p, depth in rows if depth == 2][::37]
    roots += [unit_id for unit_id, _p, depth in rows if depth == 3][::211]
    for root in Unit.objects.filter(pk__in=roots):
        expected = _walk(children, root.pk)
        with django_assert_num_queries(1):
            got = set(tree.subtree(root).values_list("id", flat=True))
        assert got == expected, root.name
        assert set(tree.subtree(root).values_list("id", flat=True)) == expected


def test_subtree_stays_exact_after_moving_a_branch_of_the_big_tree(big_tree):
    district = Unit.objects.filter(parent=big_tree, kind=Unit.Kind.DISTRICT).first()
    department = Unit.objects.filter(parent=big_tree, kind=Unit.Kind.DEPARTMENT).first()
    commune = Unit.objects.filter(parent=district, kind=Unit.Kind.COMMUNE).first()
    svc.unit_update(unit=commune, parent=department, actor=None)
    children: dict[int | None, list[int]] = {}
    for unit_id, parent_id in Unit.objects.values_list("id", "parent_id"):
        children.setdefault(parent_id, []).append(unit_id)
    for root in (big_tree, district, department, commune):
        root = _fresh(root)
        assert set(tree.subtree(root).values_list("id", flat=True)) == _walk(children, root.pk)


# --- memberships ---------------------------------------------------------------------------------


def test_person_move_ends_the_old_post_and_starts_the_new_one(province):
    minh, u = province.chuyen_vien, province.units
    old = Membership.objects.get(user=minh)
    today = timezone.localdate()
    new = svc.person_move(
        user=minh, to_unit=u.ccvc, position=province.positions.chuyen_vien, actor=province.quan_tri
    )
    old.refresh_from_db()
    assert old.ended_on == today - dt.timedelta(days=1)  # held until the day before the move
    assert new.unit == u.ccvc and new.is_primary and new.started_on == today
    assert list(Membership.objects.current().filter(user=minh)) == [new]
    assert Membership.objects.filter(user=minh).count() == 2  # the old post stays, with its dates (ORG-7)
    actions = list(
        AuditEvent.objects.filter(object_id=str(minh.pk)).order_by("id").values_list("action", flat=True)
    )
    assert actions[-2:] == ["org.membership.ended", "org.membership.started"]


def test_person_move_to_the_same_post_is_refused(province):
    with pytest.raises(Refused):
        svc.person_move(
            user=province.chuyen_vien,
            to_unit=province.units.tcbc,
            position=province.positions.chuyen_vien,
            actor=None,
        )
    assert Membership.objects.current().filter(user=province.chuyen_vien).count() == 1


def test_a_second_primary_post_makes_the_first_one_concurrent(province):
    m = svc.membership_start(
        user=province.truong_phong,
        unit=province.units.ccvc,
        position=province.positions.truong_phong,
        actor=None,
    )
    posts = {x.unit_id: x.is_primary for x in Membership.objects.current().filter(user=province.truong_phong)}
    assert posts == {province.units.tcbc.pk: False, m.unit_id: True}


def test_the_same_post_twice_is_refused(province):
    with pytest.raises(Refused):
        svc.membership_start(
            user=province.chuyen_vien,
            unit=province.units.tcbc,
            position=province.positions.chuyen_vien,
            actor=None,
        )


def test_membership_end_refuses_a_date_before_the_start(province):
    m = Membership.objects.get(user=province.chuyen_vien)
    with pytest.raises(Refused) as exc:
        svc.membership_end(membership=m, ended_on=m.started_on - dt.timedelta(days=2), actor=None)
    assert exc.value.field == "ended_on"
    m.refresh_from_db()
    assert m.ended_on is None


@pytest.mark.parametrize("day", [dt.date(1, 1, 1), dt.date(9999, 12, 31)])
def test_posts_refuse_a_day_beyond_the_horizon(province, day):
    """A post's dates are typed like any other: year 1 or 9999 is refused, not a crash."""
    m = Membership.objects.get(user=province.chuyen_vien)
    with pytest.raises(Refused) as ended:
        svc.membership_end(membership=m, ended_on=day, actor=province.quan_tri)
    assert ended.value.field == "ended_on" and "nằm ngoài khoảng cho phép" in ended.value.message
    with pytest.raises(Refused) as started:
        svc.membership_start(
            user=province.chuyen_vien_2,
            unit=province.units.hctc,
            position=province.positions.chuyen_vien,
            actor=province.quan_tri,
            started_on=day,
        )
    assert started.value.field == "started_on"
    m.refresh_from_db()
    assert m.ended_on is None


def test_a_post_ended_on_its_last_day_is_still_held_that_day(province):
    m = Membership.objects.get(user=province.chuyen_vien)
    svc.membership_end(membership=m, ended_on=timezone.localdate(), actor=province.quan_tri)
    assert Membership.objects.current().filter(pk=m.pk).exists()
    assert not Membership.objects.current(timezone.now() + dt.timedelta(days=1)).filter(pk=m.pk).exists()


def test_a_post_withdrawn_the_day_it_began_was_never_held(province):
    m = Membership.objects.get(user=province.chuyen_vien)
    svc.membership_end(membership=m, ended_on=m.started_on - dt.timedelta(days=1), actor=province.quan_tri)
    assert not Membership.objects.current().filter(pk=m.pk).exists()
    assert Membership.objects.filter(pk=m.pk).exists()  # the record stays (ORG-7)


def test_person_move_before_the_current_post_began_is_refused(province):
    began = Membership.objects.get(user=province.chuyen_vien).started_on
    with pytest.raises(Refused) as exc:
        svc.person_move(
            user=province.chuyen_vien,
            to_unit=province.units.ccvc,
            position=province.positions.chuyen_vien,
            on=began - dt.timedelta(days=3),
            actor=None,
        )
    assert exc.value.field == "on"
    assert Membership.objects.current().get(user=province.chuyen_vien).unit == province.units.tcbc


def test_a_deputy_is_put_in_charge_of_units_of_their_own_subtree_only(province):
    m = Membership.objects.get(user=province.pho_giam_doc)
    with pytest.raises(Refused):
        svc.membership_set_in_charge(membership=m, units=[province.units.ns], actor=province.quan_tri)
    assert list(m.in_charge_of.all()) == [province.units.tcbc]
    svc.membership_set_in_charge(membership=m, units=[province.units.ccvc], actor=province.quan_tri)
    policies.forget(province.pho_giam_doc)
    assert policies.is_leader_of(province.pho_giam_doc, province.units.ccvc)
    assert not policies.is_leader_of(province.pho_giam_doc, province.units.tcbc)


def test_only_a_deputy_can_be_put_in_charge(province):
    m = Membership.objects.get(user=province.truong_phong)
    with pytest.raises(Refused):
        svc.membership_set_in_charge(membership=m, units=[province.units.tcbc], actor=None)


def test_role_grant_covers_the_subtree_and_revoke_takes_it_back(province):
    u = province.units
    grant = svc.role_grant(
        user=province.chuyen_vien, role=RoleGrant.Role.CLERK, unit=u.snv, actor=province.quan_tri
    )
    assert policies.is_clerk_of(province.chuyen_vien, u.ccvc)
    assert not policies.is_clerk_of(province.chuyen_vien, u.stc)
    svc.role_revoke(grant=grant, actor=province.quan_tri)
    assert not policies.is_clerk_of(province.chuyen_vien, u.ccvc)
    assert list(
        AuditEvent.objects.filter(action__startswith="org.role.")
        .order_by("id")
        .values_list("action", flat=True)
    )[-2:] == [
        "org.role.granted",
        "org.role.revoked",
    ]


def test_an_administrator_cannot_revoke_his_own_administrator_role(province):
    grant = RoleGrant.objects.get(user=province.quan_tri, role=RoleGrant.Role.ADMINISTRATOR)
    with pytest.raises(Refused):
        svc.role_revoke(grant=grant, actor=province.quan_tri)
    assert RoleGrant.objects.filter(pk=grant.pk).exists()


def test_position_catalogue_refuses_duplicates_and_bad_levels(province):
    with pytest.raises(Refused):
        svc.position_create(name="trưởng phòng", level=Position.Level.HEAD, actor=province.quan_tri)
    with pytest.raises(Refused):
        svc.position_create(name="Tổ trưởng", level="boss", actor=province.quan_tri)
    with pytest.raises(Refused):
        svc.position_create(name="Tổ trưởng", level=Position.Level.HEAD, actor=province.giam_doc)
    p = svc.position_create(
        name="Tổ trưởng", level=Position.Level.HEAD, sort_order=12, actor=province.quan_tri
    )
    svc.position_update(position=p, level=Position.Level.DEPUTY, actor=province.quan_tri)
    p.refresh_from_db()
    assert p.level == Position.Level.DEPUTY
    assert AuditEvent.objects.filter(action__startswith="org.position.").count() == 2
