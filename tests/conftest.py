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
"""

from __future__ import annotations

import os
from types import SimpleNamespace

import pytest

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


@pytest.fixture(autouse=True)
def fresh_calendar():
    """The working-day calendar caches each year for a minute; a test's rows must not outlive it."""
    from congvu.core import calendar

    calendar.invalidate()
    yield
    calendar.invalidate()


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"),
        "args": CHROMIUM_ARGS,
    }


def build_province():
    from congvu.accounts.models import User
    from congvu.org.models import Position, RoleGrant, Unit
    from congvu.org.services import units as svc

    P = Position.Level
    pos = SimpleNamespace(
        chu_tich=svc.position_get_or_create(name="Chủ tịch", level=P.HEAD, sort_order=1),
        pho_chu_tich=svc.position_get_or_create(name="Phó Chủ tịch", level=P.DEPUTY, sort_order=2),
        chanh_vp=svc.position_get_or_create(name="Chánh Văn phòng", level=P.HEAD, sort_order=3),
        giam_doc=svc.position_get_or_create(name="Giám đốc", level=P.HEAD, sort_order=4),
        pho_giam_doc=svc.position_get_or_create(name="Phó Giám đốc", level=P.DEPUTY, sort_order=5),
        truong_phong=svc.position_get_or_create(name="Trưởng phòng", level=P.HEAD, sort_order=6),
        pho_truong_phong=svc.position_get_or_create(name="Phó Trưởng phòng", level=P.DEPUTY, sort_order=7),
        chuyen_vien=svc.position_get_or_create(name="Chuyên viên", level=P.STAFF, sort_order=8),
        van_thu=svc.position_get_or_create(name="Văn thư", level=P.STAFF, sort_order=9),
    )
    K = Unit.Kind
    tinh = svc.unit_create(name="UBND tỉnh Bình Sơn", short_name="UBND", parent=None, kind=K.AGENCY, agency_code="000.00.00.H99")
    vp = svc.unit_create(name="Văn phòng UBND tỉnh", short_name="VP", parent=tinh, kind=K.DEPARTMENT, agency_code="000.00.01.H99")
    hctc = svc.unit_create(name="Phòng Hành chính – Tổ chức", short_name="HCTC", parent=vp)
    snv = svc.unit_create(name="Sở Nội vụ", short_name="SNV", parent=tinh, kind=K.DEPARTMENT, agency_code="000.00.02.H99")
    tcbc = svc.unit_create(name="Phòng Tổ chức biên chế", short_name="TCBC", parent=snv)
    ccvc = svc.unit_create(name="Phòng Công chức viên chức", short_name="CCVC", parent=snv)
    stc = svc.unit_create(name="Sở Tài chính", short_name="STC", parent=tinh, kind=K.DEPARTMENT, agency_code="000.00.03.H99")
    ns = svc.unit_create(name="Phòng Ngân sách", short_name="NS", parent=stc)
    huyen = svc.unit_create(name="UBND huyện Đức Trọng", short_name="DT", parent=tinh, kind=K.DISTRICT, agency_code="000.00.10.H99")
    xa = svc.unit_create(name="UBND xã Hiệp An", short_name="HA", parent=huyen, kind=K.COMMUNE, agency_code="000.01.10.H99")

    def person(username, full_name, unit, position, **extra):
        user = User.objects.create_user(
            username, PASSWORD, full_name=full_name, email=f"{username}@binhson.gov.vn", must_change_password=False, **extra
        )
        svc.membership_start(user=user, unit=unit, position=position, actor=None)
        return user

    people = SimpleNamespace(
        chu_tich=person("hungtq", "Trần Quốc Hùng", tinh, pos.chu_tich),
        pho_chu_tich=person("mailt", "Lê Thị Mai", tinh, pos.pho_chu_tich),
        chanh_vp=person("ducpv", "Phạm Văn Đức", vp, pos.chanh_vp),
        van_thu=person("hoant", "Nguyễn Thị Hoa", vp, pos.van_thu),
        theo_doi=person("tuandm", "Đỗ Minh Tuấn", vp, pos.chuyen_vien),
        giam_doc=person("namhv", "Hoàng Văn Nam", snv, pos.giam_doc),
        pho_giam_doc=person("lanvt", "Vũ Thị Lan", snv, pos.pho_giam_doc),
        truong_phong=person("sonbt", "Bùi Thanh Sơn", tcbc, pos.truong_phong),
        chuyen_vien=person("minhnv", "Nguyễn Văn Minh", tcbc, pos.chuyen_vien),
        chuyen_vien_2=person("hattt", "Trần Thị Thu Hà", tcbc, pos.chuyen_vien),
        chuyen_vien_khac=person("ducdd", "Đặng Đình Đức", ns, pos.chuyen_vien),
        chu_tich_huyen=person("tailv", "Lương Văn Tài", huyen, pos.chu_tich),
        quan_tri=person("kienlv", "Lý Văn Kiên", vp, pos.chuyen_vien),
    )
    # The deputy director is in charge of one division only (seed 000 Đ7.3).
    people.pho_giam_doc.memberships.get().in_charge_of.set([tcbc])
    svc.role_grant(user=people.van_thu, role=RoleGrant.Role.CLERK, unit=tinh, actor=None)
    svc.role_grant(user=people.theo_doi, role=RoleGrant.Role.DIRECTIVE_MONITOR, unit=tinh, actor=None)
    svc.role_grant(user=people.quan_tri, role=RoleGrant.Role.ADMINISTRATOR, unit=tinh, actor=None)
    units = SimpleNamespace(tinh=tinh, vp=vp, hctc=hctc, snv=snv, tcbc=tcbc, ccvc=ccvc, stc=stc, ns=ns, huyen=huyen, xa=xa)
    return SimpleNamespace(units=units, positions=pos, people=people, **vars(people))


@pytest.fixture
def province(db):
    """The whole cast; ``province.chuyen_vien`` etc. are the personas, ``province.units.snv`` the units."""
    return build_province()


@pytest.fixture
def signed_in(client):
    """``signed_in(user)`` -> the test client with that person signed in (second factor done)."""

    def _sign_in(user, *, otp=True):
        client.force_login(user, backend="congvu.accounts.backends.LocalPasswordBackend")
        if otp:
            from congvu.accounts.services import mfa
            from django_otp.plugins.otp_static.models import StaticDevice

            if getattr(user, "_test_otp_ready", False) is False:
                from congvu.accounts.passwords import is_administrator

                if is_administrator(user):
                    device = mfa.pending_device(user)
                    device.confirmed = True
                    device.save()
                    mfa.regenerate_backup_codes(user)
                    user._test_otp_ready = True
            static = StaticDevice.objects.filter(user=user).first()
            if static is not None:
                session = client.session
                session["otp_device_id"] = static.persistent_id
                session.save()
        return client

    return _sign_in
