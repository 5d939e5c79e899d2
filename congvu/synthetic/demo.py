"""The demo province: UBND tỉnh Bình Sơn, its offices, three departments, a district and two
communes, and about forty people in real posts (ORG-1, ORG-2; seed 000 Đ7).

``load_demo()`` is idempotent: units are found by their agency code (or, without one, by parent
and short name), people by their official e-mail; nothing that exists is changed or duplicated.
Accounts are created with the real services (``user_create``: generated login name, one-time
password). One-time passwords are never stored: each run issues fresh ones for the personas who
have not yet changed theirs, so that every run prints passwords that work.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db import transaction

from congvu.org.models import Membership, Position, RoleGrant, Unit
from congvu.org.units import services as unit_services

EMAIL_DOMAIN = "binhson.gov.vn"
CHANGED = "(đã đổi mật khẩu)"

H, D, S = Position.Level.HEAD, Position.Level.DEPUTY, Position.Level.STAFF
POSITIONS = (
    # name, level, order
    ("Chủ tịch", H, 1),
    ("Phó Chủ tịch", D, 2),
    ("Chánh Văn phòng", H, 3),
    ("Phó Chánh Văn phòng", D, 4),
    ("Giám đốc", H, 5),
    ("Phó Giám đốc", D, 6),
    ("Trưởng phòng", H, 7),
    ("Phó Trưởng phòng", D, 8),
    ("Chuyên viên", S, 9),
    ("Văn thư", S, 10),
    ("Công chức", S, 11),
)

K = Unit.Kind
# key, name, short name, parent key, kind, agency code
UNITS = (
    ("tinh", "UBND tỉnh Bình Sơn", "UBND", None, K.AGENCY, "000.00.00.H99"),
    ("vp", "Văn phòng UBND tỉnh", "VP", "tinh", K.DEPARTMENT, "000.00.01.H99"),
    ("vp_hctc", "Phòng Hành chính – Tổ chức", "HCTC", "vp", K.DIVISION, None),
    ("vp_th", "Phòng Tổng hợp", "TH", "vp", K.DIVISION, None),
    ("snv", "Sở Nội vụ", "SNV", "tinh", K.DEPARTMENT, "000.00.02.H99"),
    ("snv_tcbc", "Phòng Tổ chức biên chế", "TCBC", "snv", K.DIVISION, None),
    ("snv_ccvc", "Phòng Công chức viên chức", "CCVC", "snv", K.DIVISION, None),
    ("snv_cchc", "Phòng Cải cách hành chính", "CCHC", "snv", K.DIVISION, None),
    ("stc", "Sở Tài chính", "STC", "tinh", K.DEPARTMENT, "000.00.03.H99"),
    ("stc_ns", "Phòng Ngân sách", "NS", "stc", K.DIVISION, None),
    ("stc_hcsn", "Phòng Tài chính hành chính sự nghiệp", "TCHCSN", "stc", K.DIVISION, None),
    ("stttt", "Sở Thông tin và Truyền thông", "STTTT", "tinh", K.DEPARTMENT, "000.00.04.H99"),
    ("stttt_cntt", "Phòng Công nghệ thông tin", "CNTT", "stttt", K.DIVISION, None),
    ("stttt_bcvt", "Phòng Bưu chính viễn thông", "BCVT", "stttt", K.DIVISION, None),
    ("dt", "UBND huyện Đức Trọng", "DT", "tinh", K.DISTRICT, "000.00.10.H99"),
    ("dt_vp", "Văn phòng HĐND-UBND huyện", "VPHU", "dt", K.DIVISION, None),
    ("dt_nv", "Phòng Nội vụ", "PNV", "dt", K.DIVISION, None),
    ("dt_tckh", "Phòng Tài chính – Kế hoạch", "TCKH", "dt", K.DIVISION, None),
    ("ha", "UBND xã Hiệp An", "HA", "dt", K.COMMUNE, "000.01.10.H99"),
    ("ln", "UBND thị trấn Liên Nghĩa", "LN", "dt", K.COMMUNE, "000.02.10.H99"),
)

R = RoleGrant.Role


@dataclass(frozen=True)
class Persona:
    key: str  # also the local part of the official e-mail
    full_name: str
    born: dt.date
    unit: str
    position: str
    in_charge_of: tuple[str, ...] = ()
    roles: tuple[tuple[str, str], ...] = field(default=())  # (role, unit key)

    @property
    def email(self) -> str:
        return f"{self.key}@{EMAIL_DOMAIN}"


def _d(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


PERSONAS = (
    # UBND tỉnh: the chairman and three vice-chairmen, each in charge of some departments.
    Persona("hungtq", "Trần Quốc Hùng", _d("1968-03-12"), "tinh", "Chủ tịch"),
    Persona("mailt", "Lê Thị Mai", _d("1972-08-21"), "tinh", "Phó Chủ tịch", ("snv", "stttt")),
    Persona("khoapm", "Phạm Minh Khoa", _d("1970-11-02"), "tinh", "Phó Chủ tịch", ("stc",)),
    Persona("thanghv", "Hồ Văn Thắng", _d("1969-05-17"), "tinh", "Phó Chủ tịch", ("dt",)),
    # Văn phòng UBND tỉnh: office head, deputy, clerk, directive monitor, administrator.
    Persona("ducpv", "Phạm Văn Đức", _d("1975-01-09"), "vp", "Chánh Văn phòng"),
    Persona("huongntt", "Ngô Thị Thanh Hương", _d("1980-04-25"), "vp", "Phó Chánh Văn phòng", ("vp_hctc",)),
    Persona("hoant", "Nguyễn Thị Hoa", _d("1985-09-14"), "vp", "Văn thư", roles=((R.CLERK, "tinh"),)),
    Persona(
        "tuandm",
        "Đỗ Minh Tuấn",
        _d("1988-12-03"),
        "vp",
        "Chuyên viên",
        roles=((R.DIRECTIVE_MONITOR, "tinh"),),
    ),
    Persona(
        "kienlv", "Lý Văn Kiên", _d("1990-06-30"), "vp", "Chuyên viên", roles=((R.ADMINISTRATOR, "tinh"),)
    ),
    Persona("landtn", "Dương Thị Ngọc Lan", _d("1978-02-19"), "vp_hctc", "Trưởng phòng"),
    Persona("phuchv", "Huỳnh Văn Phúc", _d("1979-10-07"), "vp_th", "Trưởng phòng"),
    Persona("anhvtk", "Võ Thị Kim Anh", _d("1992-07-22"), "vp_th", "Chuyên viên"),
    # Sở Nội vụ: the deputy director is in charge of two divisions only (seed 000 Đ7.3).
    Persona("namhv", "Hoàng Văn Nam", _d("1971-03-28"), "snv", "Giám đốc"),
    Persona("lanvt", "Vũ Thị Lan", _d("1976-11-11"), "snv", "Phó Giám đốc", ("snv_tcbc", "snv_cchc")),
    Persona("vanpt", "Phạm Thị Vân", _d("1991-05-18"), "snv", "Văn thư", roles=((R.CLERK, "snv"),)),
    Persona("sonbt", "Bùi Thanh Sơn", _d("1981-05-05"), "snv_tcbc", "Trưởng phòng"),
    Persona("quanlm", "Lê Minh Quân", _d("1984-08-16"), "snv_tcbc", "Phó Trưởng phòng"),
    Persona("minhnv", "Nguyễn Văn Minh", _d("1991-01-20"), "snv_tcbc", "Chuyên viên"),
    Persona("hattt", "Trần Thị Thu Hà", _d("1993-04-09"), "snv_tcbc", "Chuyên viên"),
    Persona("baopq", "Phan Quốc Bảo", _d("1980-09-01"), "snv_ccvc", "Trưởng phòng"),
    Persona("nhungdth", "Đặng Thị Hồng Nhung", _d("1994-12-24"), "snv_ccvc", "Chuyên viên"),
    Persona("longlh", "Lê Hoàng Long", _d("1982-06-13"), "snv_cchc", "Trưởng phòng"),
    Persona(
        "ngochtb",
        "Hồ Thị Bích Ngọc",
        _d("1989-03-03"),
        "snv_cchc",
        "Chuyên viên",
        roles=((R.SCORING_MANAGEMENT, "tinh"),),
    ),
    # Sở Tài chính
    Persona("hainv", "Ngô Văn Hải", _d("1970-07-07"), "stc", "Giám đốc"),
    Persona("phuongtt", "Trần Thị Phương", _d("1977-10-30"), "stc", "Phó Giám đốc", ("stc_ns",)),
    Persona("vinhdq", "Đỗ Quang Vinh", _d("1983-02-14"), "stc_ns", "Trưởng phòng"),
    Persona("ducdd", "Đặng Đình Đức", _d("1990-11-19"), "stc_ns", "Chuyên viên"),
    Persona("trangltt", "Lý Thị Thu Trang", _d("1985-05-27"), "stc_hcsn", "Trưởng phòng"),
    # Sở Thông tin và Truyền thông
    Persona("trietvm", "Võ Minh Triết", _d("1974-09-09"), "stttt", "Giám đốc"),
    Persona("toandv", "Dương Văn Toàn", _d("1979-12-12"), "stttt", "Phó Giám đốc", ("stttt_cntt",)),
    Persona("linhptd", "Phạm Thị Diệu Linh", _d("1986-08-08"), "stttt_cntt", "Trưởng phòng"),
    Persona("huybq", "Bùi Quang Huy", _d("1995-03-15"), "stttt_cntt", "Chuyên viên"),
    Persona("thinhhd", "Hoàng Đức Thịnh", _d("1981-01-31"), "stttt_bcvt", "Trưởng phòng"),
    # UBND huyện Đức Trọng and its communes
    Persona("tailv", "Lương Văn Tài", _d("1973-04-04"), "dt", "Chủ tịch"),
    Persona("thuypt", "Phan Thị Thúy", _d("1978-06-18"), "dt", "Phó Chủ tịch", ("dt_nv", "dt_tckh")),
    Persona("thonh", "Nguyễn Hữu Thọ", _d("1976-10-10"), "dt_vp", "Chánh Văn phòng"),
    Persona("duyenttm", "Trần Thị Mỹ Duyên", _d("1993-09-23"), "dt_vp", "Văn thư", roles=((R.CLERK, "dt"),)),
    Persona("leht", "Huỳnh Thị Lệ", _d("1982-12-01"), "dt_nv", "Trưởng phòng"),
    Persona("cuonglv", "Lê Văn Cường", _d("1980-03-21"), "dt_tckh", "Trưởng phòng"),
    Persona("lamdv", "Đỗ Văn Lâm", _d("1975-08-28"), "ha", "Chủ tịch"),
    Persona("suongnt", "Nguyễn Thị Sương", _d("1996-02-06"), "ha", "Công chức"),
    Persona("hoabv", "Bùi Văn Hòa", _d("1974-11-25"), "ln", "Chủ tịch"),
    Persona("tuyetvta", "Võ Thị Ánh Tuyết", _d("1983-07-12"), "ln", "Phó Chủ tịch"),
)


@dataclass(frozen=True)
class DemoRow:
    username: str
    full_name: str
    post: str
    unit: str
    password: str  # the fresh one-time password, or CHANGED
    roles: str = ""


@dataclass
class DemoResult:
    rows: list[DemoRow]
    units_created: int
    people_created: int
    units: dict[str, Unit] = field(default_factory=dict)  # by the keys of ``UNITS``


def _find_unit(key: str, spec: tuple, made: dict[str, Unit]) -> Unit | None:
    _, _name, short_name, parent_key, _kind, code = spec
    if code:
        return Unit.objects.filter(agency_code=code).first()
    parent = made[parent_key]
    return Unit.objects.filter(parent=parent, short_name=short_name).first()


@transaction.atomic
def load_demo() -> DemoResult:
    """Create what is missing of the demo province; return the people with usable passwords."""
    from congvu.accounts.models import User
    from congvu.accounts.users.services import user_create, user_reset_password

    positions = {
        name: unit_services.position_get_or_create(name=name, level=level, sort_order=order)
        for name, level, order in POSITIONS
    }
    units: dict[str, Unit] = {}
    units_created = 0
    for spec in UNITS:
        key, name, short_name, parent_key, kind, code = spec
        unit = _find_unit(key, spec, units)
        if unit is None:
            unit = unit_services.unit_create(
                name=name,
                short_name=short_name,
                parent=units[parent_key] if parent_key else None,
                kind=kind,
                agency_code=code,
                sort_order=len(units),
                is_office=name.startswith("Văn phòng"),
                actor=None,
            )
            units_created += 1
        units[key] = unit

    rows: list[DemoRow] = []
    people_created = 0
    for persona in PERSONAS:
        unit, position = units[persona.unit], positions[persona.position]
        user = User.objects.filter(email__iexact=persona.email).first()
        password = ""
        if user is None:
            account = user_create(
                full_name=persona.full_name,
                unit=unit,
                position=position,
                email=persona.email,
                date_of_birth=persona.born,
                actor=None,
            )
            user, password = account.user, account.one_time_password
            people_created += 1
            if persona.in_charge_of:
                membership = Membership.objects.get(user=user, unit=unit, position=position)
                unit_services.membership_set_in_charge(
                    membership=membership, units=[units[k] for k in persona.in_charge_of], actor=None
                )
        for role, unit_key in persona.roles:
            unit_services.role_grant(user=user, role=role, unit=units[unit_key], actor=None)
        if not password:
            password = user_reset_password(user=user, actor=None) if user.must_change_password else CHANGED
        roles = ", ".join(str(RoleGrant.Role(role).label) for role, _ in persona.roles)
        rows.append(DemoRow(user.username, user.full_name, position.name, unit.name, password, roles))
    return DemoResult(rows=rows, units_created=units_created, people_created=people_created, units=units)


def format_table(rows: list[DemoRow]) -> str:
    """A plain-text table: login name, full name, post, unit, one-time password."""
    header = DemoRow("Tên đăng nhập", "Họ và tên", "Chức vụ", "Đơn vị", "Mật khẩu một lần", "Vai trò")
    table = [header, *rows]
    columns = ("username", "full_name", "post", "unit", "password", "roles")
    widths = {c: max(len(getattr(r, c)) for r in table) for c in columns}
    lines = []
    for i, row in enumerate(table):
        lines.append("  ".join(getattr(row, c).ljust(widths[c]) for c in columns).rstrip())
        if i == 0:
            lines.append("  ".join("-" * widths[c] for c in columns))
    return "\n".join(lines)
