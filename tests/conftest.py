"""The cast: a small, realistic province and the people who work in it (STYLE: Tests).

UBND tỉnh Bình Sơn (000.00.00.H99)
├── Văn phòng UBND tỉnh (VP)            Chánh VP Phạm Văn Đức; văn thư Nguyễn Thị Hoa; theo dõi Đỗ Minh Tuấn
│   └── Phòng Hành chính – Tổ chức (HCTC)
├── Sở Nội vụ (SNV)                     GĐ Hoàng Văn Nam; PGĐ Vũ Thị Lan (phụ trách phòng TCBC)
│   ├── Phòng Tổ chức biên chế (TCBC)   TP Bùi Thanh Sơn; CV Nguyễn Văn Minh, Trần Thị Thu Hà
│   └── Phòng Công chức viên chức (CCVC)
├── Sở Tài chính (STC)
│   └── Phòng Ngân sách (NS)            CV Đặng Đình Đức
└── UBND huyện Đức Trọng (DT)           Chủ tịch huyện Lương Văn Tài
    └── UBND xã Hiệp An (HA)
Chủ tịch tỉnh Trần Quốc Hùng, Phó Chủ tịch Lê Thị Mai; quản trị Lý Văn Kiên (vai trò quản trị ở UBND tỉnh).
Everyone has held their post since 2 January 2025 (POSTS_SINCE); every test stands on 2 December 2026.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
from contextlib import contextmanager
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest
import time_machine

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API beside the ORM

PASSWORD = "Mật-khẩu-thử-2026!"

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


# --- the clock ------------------------------------------------------------------------------------
# One frozen "today" for the whole suite (STYLE: Tests): every test stands on FROZEN_NOW, a working
# Wednesday at 09:00 Vietnam time, and the clock ticks on from there (waits, idle limits and ordering
# behave as usual). Fixtures and tests take their dates from it (TODAY, or timezone.localdate() while
# a test runs), never from the wall clock at import or collection time or in a session fixture: CI
# runs the suite again with the wall clock a year ahead (CONGVU_TEST_CLOCK_SHIFT_DAYS, see
# congvu/testing_env.py) to catch any date that slips through.

VN = ZoneInfo("Asia/Ho_Chi_Minh")
FROZEN_NOW = dt.datetime(2026, 12, 2, 9, 0, tzinfo=VN)
TODAY = FROZEN_NOW.date()
# The cast has held its posts since well before any day a test travels to.
POSTS_SINCE = dt.date(2025, 1, 2)


def _moment(when: dt.datetime | dt.date) -> dt.datetime:
    if isinstance(when, dt.datetime):
        if when.tzinfo is None:
            raise ValueError(f"{when!r}: give the time zone (VN), a naive time is ambiguous.")
        return when
    return dt.datetime.combine(when, dt.time(9), tzinfo=VN)


def travel_to(when: dt.datetime | dt.date, *, tick: bool = True) -> time_machine.travel:
    """Stand on another moment for a block: ``with travel_to(dt.date(2026, 3, 11)): ...``.

    A date means 09:00 Vietnam time that day. The clock ticks on from there unless ``tick=False``;
    it is back on the suite's clock when the block ends. The whole process moves, the live server's
    thread included.
    """
    return time_machine.travel(_moment(when), tick=tick)


def acting_now(principal, delegate, *, days: int = 2):
    """``delegate`` holds ``principal``'s authority from an hour ago for ``days`` days: an approved
    delegation written as it stands, without its workflow."""
    from django.utils import timezone

    from congvu.org.models import Delegation

    now = timezone.now()
    return Delegation.objects.create(
        principal=principal,
        delegate=delegate,
        starts_at=now - dt.timedelta(hours=1),
        ends_at=now + dt.timedelta(days=days),
        status=Delegation.Status.APPROVED,  # house-rules: allow test fixture
        requested_by=principal,
    )


def working_day(day: dt.date) -> dt.date:
    """``day``, or the first working day after it (deadlines fall on working days, R-WD-1)."""
    from congvu.core import calendar

    while not calendar.is_working_day(day):
        day += dt.timedelta(days=1)
    return day


def queued(callbacks: list) -> list:
    """The on-commit callbacks other than the renewal of what "Hôm nay" keeps (core.personal)."""
    from congvu.core import personal

    return [callback for callback in callbacks if not personal.is_renewal(callback)]


def given_before(deadline: dt.date, *, days: int = 14):
    """Work due ``deadline`` in the past is given while that deadline was still ahead: the clock
    stands ``days`` days before it while the test creates it (a person cannot give a past
    deadline today)."""
    return travel_to(deadline - dt.timedelta(days=days))


@pytest.fixture(autouse=True)
def clock():
    """The suite's clock, standing on FROZEN_NOW. A test that needs to be somewhere else for the rest
    of its run asks for it: ``clock.move_to(moment)`` (a datetime with its time zone) or
    ``clock.shift(dt.timedelta(hours=1))``."""
    with travel_to(FROZEN_NOW) as traveller:
        yield traveller


@pytest.fixture(autouse=True)
def audit_checkpoints_file(settings, tmp_path):
    """Each test appends the audit log's checkpoints to its own file: a checkpoint of one test's
    database must not be compared with the next test's."""
    settings.AUDIT_CHECKPOINT_FILE = tmp_path / "audit-checkpoints.jsonl"
    return settings.AUDIT_CHECKPOINT_FILE


@pytest.fixture(autouse=True)
def fresh_calendar():
    """The working-day calendar caches each year for a minute; a test's rows must not outlive it."""
    from congvu.core import calendar

    calendar.invalidate()
    yield
    calendar.invalidate()


@pytest.fixture(autouse=True)
def fresh_cache():
    """What processes keep between requests (organisation facts) is keyed by ids and versions that a
    rolled-back test gives out again: each test starts with an empty cache."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"),
        "args": CHROMIUM_ARGS,
    }


def build_province():
    """Build the cast with a handful of bulk queries (the services themselves are tested elsewhere)."""
    from django.contrib.auth.hashers import make_password

    from congvu.accounts.models import User
    from congvu.core.text import search_text
    from congvu.org.models import Membership, Position, RoleGrant, Unit

    P = Position.Level
    wanted = [
        ("chu_tich", "Chủ tịch", P.HEAD),
        ("pho_chu_tich", "Phó Chủ tịch", P.DEPUTY),
        ("chanh_vp", "Chánh Văn phòng", P.HEAD),
        ("giam_doc", "Giám đốc", P.HEAD),
        ("pho_giam_doc", "Phó Giám đốc", P.DEPUTY),
        ("truong_phong", "Trưởng phòng", P.HEAD),
        ("pho_truong_phong", "Phó Trưởng phòng", P.DEPUTY),
        ("chuyen_vien", "Chuyên viên", P.STAFF),
        ("van_thu", "Văn thư", P.STAFF),
    ]
    Position.objects.bulk_create(
        [
            Position(name=name, level=level, sort_order=i)
            for i, (_, name, level) in enumerate(wanted, start=1)
        ],
        ignore_conflicts=True,
    )
    by_name = {p.name: p for p in Position.objects.filter(name__in=[w[1] for w in wanted])}
    pos = SimpleNamespace(**{key: by_name[name] for key, name, _ in wanted})

    K = Unit.Kind

    def unit(name, short_name, parent=None, kind=K.DIVISION, agency_code=None):
        created = Unit.objects.create(
            name=name,
            short_name=short_name,
            parent=parent,
            kind=kind,
            agency_code=agency_code,
            depth=(parent.depth + 1) if parent else 0,
        )
        created.path = created.path_for_self()
        Unit.objects.filter(pk=created.pk).update(path=created.path)
        return created

    tinh = unit("UBND tỉnh Bình Sơn", "UBND", None, K.AGENCY, "000.00.00.H99")
    vp = unit("Văn phòng UBND tỉnh", "VP", tinh, K.DEPARTMENT, "000.00.01.H99")
    Unit.objects.filter(pk=vp.pk).update(is_office=True)
    vp.is_office = True
    hctc = unit("Phòng Hành chính – Tổ chức", "HCTC", vp)
    snv = unit("Sở Nội vụ", "SNV", tinh, K.DEPARTMENT, "000.00.02.H99")
    tcbc = unit("Phòng Tổ chức biên chế", "TCBC", snv)
    ccvc = unit("Phòng Công chức viên chức", "CCVC", snv)
    stc = unit("Sở Tài chính", "STC", tinh, K.DEPARTMENT, "000.00.03.H99")
    ns = unit("Phòng Ngân sách", "NS", stc)
    huyen = unit("UBND huyện Đức Trọng", "DT", tinh, K.DISTRICT, "000.00.10.H99")
    xa = unit("UBND xã Hiệp An", "HA", huyen, K.COMMUNE, "000.01.10.H99")

    cast = [
        ("chu_tich", "hungtq", "Trần Quốc Hùng", tinh, pos.chu_tich),
        ("pho_chu_tich", "mailt", "Lê Thị Mai", tinh, pos.pho_chu_tich),
        ("chanh_vp", "ducpv", "Phạm Văn Đức", vp, pos.chanh_vp),
        ("van_thu", "hoant", "Nguyễn Thị Hoa", vp, pos.van_thu),
        ("theo_doi", "tuandm", "Đỗ Minh Tuấn", vp, pos.chuyen_vien),
        ("giam_doc", "namhv", "Hoàng Văn Nam", snv, pos.giam_doc),
        ("pho_giam_doc", "lanvt", "Vũ Thị Lan", snv, pos.pho_giam_doc),
        ("truong_phong", "sonbt", "Bùi Thanh Sơn", tcbc, pos.truong_phong),
        ("chuyen_vien", "minhnv", "Nguyễn Văn Minh", tcbc, pos.chuyen_vien),
        ("chuyen_vien_2", "hattt", "Trần Thị Thu Hà", tcbc, pos.chuyen_vien),
        ("chuyen_vien_khac", "ducdd", "Đặng Đình Đức", ns, pos.chuyen_vien),
        ("chu_tich_huyen", "tailv", "Lương Văn Tài", huyen, pos.chu_tich),
        ("quan_tri", "kienlv", "Lý Văn Kiên", vp, pos.chuyen_vien),
    ]
    password = make_password(PASSWORD)
    User.objects.bulk_create(
        [
            User(
                username=username,
                full_name=full_name,
                email=f"{username}@binhson.gov.vn",
                password=password,
                must_change_password=False,
                search_text=search_text(full_name, username, f"{username}@binhson.gov.vn"),
            )
            for _, username, full_name, _, _ in cast
        ]
    )
    users = {u.username: u for u in User.objects.filter(username__in=[c[1] for c in cast])}
    Membership.objects.bulk_create(
        [
            Membership(user=users[username], unit=u, position=p, is_primary=True, started_on=POSTS_SINCE)
            for _, username, _, u, p in cast
        ]
    )
    people = SimpleNamespace(**{key: users[username] for key, username, *_ in cast})
    # The deputy director is in charge of one division only (seed 000 Đ7.3).
    Membership.objects.get(user=people.pho_giam_doc).in_charge_of.set([tcbc])
    RoleGrant.objects.bulk_create(
        [
            RoleGrant(user=people.van_thu, role=RoleGrant.Role.CLERK, unit=tinh),
            RoleGrant(user=people.theo_doi, role=RoleGrant.Role.DIRECTIVE_MONITOR, unit=tinh),
            RoleGrant(user=people.quan_tri, role=RoleGrant.Role.ADMINISTRATOR, unit=tinh),
        ]
    )
    units = SimpleNamespace(
        tinh=tinh, vp=vp, hctc=hctc, snv=snv, tcbc=tcbc, ccvc=ccvc, stc=stc, ns=ns, huyen=huyen, xa=xa
    )
    return SimpleNamespace(units=units, positions=pos, people=people, **vars(people))


@pytest.fixture
def province(db):
    """The whole cast; ``province.chuyen_vien`` etc. are the personas, ``province.units.snv`` the units."""
    return build_province()


@contextmanager
def built_once(django_db_blocker, build):
    """What ``build()`` writes, kept for a whole module inside one transaction rolled back at its end.

    For the long workflow tables: each case still runs in its own savepoint (its test asks for
    ``db``), so a case changes nothing the next one sees, and the province is built once, not per case.
    It is built on the suite's frozen day, like everything a test sees.
    """
    from django.db import transaction

    atomic = transaction.atomic()
    with django_db_blocker.unblock():
        atomic.__enter__()
        try:
            with travel_to(FROZEN_NOW):
                built = build()
        except BaseException:
            atomic.__exit__(*sys.exc_info())
            raise
    try:
        yield built
    finally:
        with django_db_blocker.unblock():
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


def administrators_second_factor(user) -> None:
    """An administrator of the cast has an authenticator and backup codes, as every administrator
    must before acting (TV-SEC-4): for a signed-in client, and for a personal API token."""
    if getattr(user, "_test_otp_ready", False) is not False:
        return
    from congvu.accounts.passwords import has_mfa, is_administrator
    from congvu.accounts.signin import services as mfa

    if is_administrator(user):
        if not has_mfa(user):
            device = mfa.pending_device(user)
            device.confirmed = True
            device.save()
            mfa.regenerate_backup_codes(user)
        user._test_otp_ready = True


def bearer_client(user):
    """A test client calling the API with a new personal token of ``user`` (an administrator's
    second factor set up first, as the API demands it of them)."""
    import secrets

    from django.test import Client

    from congvu.accounts.models import ApiToken, hash_token

    administrators_second_factor(user)
    raw = secrets.token_urlsafe(32)
    ApiToken.objects.create(user=user, name="Thử nghiệm", prefix=raw[:8], key_hash=hash_token(raw))
    return Client(headers={"Authorization": f"Bearer {raw}"})


@pytest.fixture
def signed_in(client):
    """``signed_in(user)`` -> the test client with that person signed in (second factor done)."""

    def _sign_in(user, *, otp=True):
        client.force_login(user, backend="congvu.accounts.backends.LocalPasswordBackend")
        if otp:
            from django_otp.plugins.otp_static.models import StaticDevice

            administrators_second_factor(user)
            static = StaticDevice.objects.filter(user=user).first()
            if static is not None:
                session = client.session
                session["otp_device_id"] = static.persistent_id
                session.save()
        return client

    return _sign_in
