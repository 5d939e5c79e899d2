"""A person's organisation facts (posts, roles, the people they act for) are kept between requests
under the organisation's version: read once, then one small query a request — and never stale after
a change, whoever makes it, nor when a delegation's window opens or closes, nor when a post ends."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse

from congvu.org import policies, tree
from congvu.org.models import Membership, RoleGrant
from congvu.org.units import services as unit_services
from tests.org.delegation_helpers import DAY, HOUR, approved, fresh


def test_a_second_request_reads_the_facts_from_the_cache(province, django_assert_num_queries):
    policies.facts(fresh(province.chuyen_vien))
    tree.principals(fresh(province.chuyen_vien))

    officer = fresh(province.chuyen_vien)
    with django_assert_num_queries(1):  # the organisation's version, nothing else
        facts = policies.facts(officer)
        tree.principals(officer)
    assert [m.pk for m in facts.memberships] == [Membership.objects.get(user=province.chuyen_vien).pk]


def test_a_role_granted_is_seen_by_the_next_request(province):
    assert not policies.is_clerk_of(fresh(province.chuyen_vien), province.units.snv)

    unit_services.role_grant(
        user=province.chuyen_vien, role=RoleGrant.Role.CLERK, unit=province.units.snv, actor=province.quan_tri
    )

    assert policies.is_clerk_of(fresh(province.chuyen_vien), province.units.snv)


def test_a_post_given_is_seen_by_the_next_request_and_its_page(province, signed_in):
    client = signed_in(province.chuyen_vien)
    assert client.get(reverse("home")).status_code == 200  # facts kept
    assert not policies.leads(fresh(province.chuyen_vien), province.units.snv)

    unit_services.membership_start(
        user=province.chuyen_vien,
        unit=province.units.snv,
        position=province.positions.giam_doc,
        is_primary=False,
        actor=province.quan_tri,
    )

    assert policies.leads(fresh(province.chuyen_vien), province.units.snv)


def test_a_post_that_ends_today_is_gone_tomorrow(province, clock):
    membership = unit_services.membership_start(
        user=province.chuyen_vien,
        unit=province.units.snv,
        position=province.positions.giam_doc,
        is_primary=False,
        actor=province.quan_tri,
    )
    unit_services.membership_end(
        membership=membership, actor=province.quan_tri, ended_on=dt.date(2026, 12, 2)
    )
    assert policies.leads(fresh(province.chuyen_vien), province.units.snv)  # kept for today

    clock.shift(DAY)

    assert not policies.leads(fresh(province.chuyen_vien), province.units.snv)


def test_a_delegation_takes_effect_when_its_window_opens_and_ends_when_it_closes(province, clock):
    lent = approved(province.truong_phong, province.chuyen_vien, province.giam_doc)
    assert tree.principals(fresh(province.chuyen_vien)) == []  # kept until the window opens

    clock.move_to(lent.starts_at + HOUR)
    assert tree.principals(fresh(province.chuyen_vien)) == [province.truong_phong]

    clock.move_to(lent.ends_at + HOUR)
    assert tree.principals(fresh(province.chuyen_vien)) == []


def test_a_change_written_outside_the_services_is_seen_too(province):
    """The Django admin or a data fix saves rows directly: the signals bump the version."""
    assert not policies.is_clerk_of(fresh(province.chuyen_vien), province.units.snv)

    RoleGrant.objects.create(user=province.chuyen_vien, role=RoleGrant.Role.CLERK, unit=province.units.snv)

    assert policies.is_clerk_of(fresh(province.chuyen_vien), province.units.snv)
