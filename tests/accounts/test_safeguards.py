"""The account facts every request reads (``accounts.passwords.safeguards``): administrator, second
factor, locked. The query is built by the ORM once and run with each person's id and the moment of
each request; these tests hold it to the ORM's own answer, person by person, and across the lockout
window, so that a value frozen into the built query (an id, a moment, a limit) shows at once."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.test import Client
from django.utils import timezone

from congvu.accounts import passwords
from congvu.org.models import RoleGrant
from congvu.org.units import services as unit_services
from tests.accounts.test_sign_in import confirmed_device, sign_in


def _orm(user, *, with_lock: bool) -> passwords.Safeguards:
    since = timezone.now() - settings.AXES_COOLOFF_TIME if with_lock else None
    (row,) = passwords._standing_query(user.pk, since=since)
    return passwords.Safeguards(
        is_admin=bool(row["is_superuser"] or row["is_staff"] or row["admin_role"]),
        has_device=bool(row["totp"] or row["backup"]),
        locked=bool(row["locked"]),
    )


def test_each_person_gets_their_own_facts_as_the_orm_reads_them(province):
    confirmed_device(province.quan_tri)
    unit_services.role_grant(
        user=province.giam_doc,
        role=RoleGrant.Role.ADMINISTRATOR,
        unit=province.units.tinh,
        actor=province.quan_tri,
    )
    for _ in range(5):
        sign_in(Client(), province.chuyen_vien.username, "sai-mat-khau")
    expected = {
        province.quan_tri.pk: (True, True, False),
        province.giam_doc.pk: (True, False, False),
        province.chuyen_vien.pk: (False, False, True),
        province.truong_phong.pk: (False, False, False),
    }
    for person in (province.quan_tri, province.giam_doc, province.chuyen_vien, province.truong_phong):
        for with_lock in (False, True):
            found = passwords.safeguards(person, with_lock=with_lock)
            assert found == _orm(person, with_lock=with_lock)
            is_admin, has_device, locked = expected[person.pk]
            assert (found.is_admin, found.has_device, found.locked) == (
                is_admin,
                has_device,
                locked and with_lock,
            )


def test_the_lock_ends_with_the_cool_off_period_of_each_request(province, clock):
    for _ in range(5):
        sign_in(Client(), province.chuyen_vien.username, "sai-mat-khau")
    assert passwords.safeguards(province.chuyen_vien, with_lock=True).locked
    clock.shift(settings.AXES_COOLOFF_TIME + dt.timedelta(seconds=1))
    assert not passwords.safeguards(province.chuyen_vien, with_lock=True).locked
    assert passwords.safeguards(province.chuyen_vien, with_lock=True) == _orm(
        province.chuyen_vien, with_lock=True
    )


def test_a_changed_failure_limit_is_read_afresh(province, settings):
    for _ in range(3):
        sign_in(Client(), province.chuyen_vien.username, "sai-mat-khau")
    assert not passwords.safeguards(province.chuyen_vien, with_lock=True).locked
    settings.AXES_FAILURE_LIMIT = 3
    assert passwords.safeguards(province.chuyen_vien, with_lock=True).locked
