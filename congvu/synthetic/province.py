"""A large, realistic province for load tests and benchmarks (``congvu generate_province``).

The tree: UBND tỉnh → ~25 sở/ban and ~10 districts (scaled to the number of units asked) → 8–12
phòng each; some sở have 1–3 chi cục / trung tâm with 3–5 phòng; each district has 15–25
communes, each commune 4–6 bộ phận. The tree is cut breadth-first at exactly ``units`` units.

People: every unit gets a head, then 1–3 deputies (while people remain), then the staff are
spread over the units with a skew (a few large divisions, many small ones). The head of the
biggest department is the benchmark account ``bench.admin`` — a department head, not an
administrator, so that he signs in without a second factor and sees his subtree.

Speed: rows are written with ``bulk_create`` in batches, ids and materialised paths are computed
here, login names are proposed in memory with the real rules (``login_names.propose``), and one
password hash is computed once and shared by every generated account.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field

from django.contrib.auth.hashers import make_password
from django.core.management.color import no_style
from django.db import connection, transaction
from django.utils import timezone

from congvu.accounts import login_names
from congvu.core import audit
from congvu.core.text import search_text
from congvu.org.models import PATH_STEP, Membership, Position, RoleGrant, Unit, unit_search_text
from congvu.org.tree import subtree_q
from congvu.org.units import services as unit_services

ROOT_CODE = "000.00.00.H98"
ROOT_NAME = "UBND tỉnh Phú Lâm"
EMAIL_DOMAIN = "phulam.gov.vn"
BENCH_USERNAME = "bench.admin"
# Benchmark data only, never a real province: one known password so that a reused benchmark
# database can be signed into again. Printed at the end of every run.
BENCH_PASSWORD = "Bench-CongVu-2026!"  # noqa: S105
BATCH = 1000

K = Unit.Kind
H, D, S = Position.Level.HEAD, Position.Level.DEPUTY, Position.Level.STAFF

DEPARTMENTS = (
    ("Văn phòng UBND tỉnh", "VP"),
    ("Sở Nội vụ", "SNV"),
    ("Sở Tài chính", "STC"),
    ("Sở Kế hoạch và Đầu tư", "SKHDT"),
    ("Sở Tư pháp", "STP"),
    ("Sở Công Thương", "SCT"),
    ("Sở Nông nghiệp và Môi trường", "SNNMT"),
    ("Sở Xây dựng", "SXD"),
    ("Sở Giáo dục và Đào tạo", "SGDDT"),
    ("Sở Y tế", "SYT"),
    ("Sở Văn hóa, Thể thao và Du lịch", "SVHTTDL"),
    ("Sở Khoa học và Công nghệ", "SKHCN"),
    ("Sở Dân tộc và Tôn giáo", "SDTTG"),
    ("Thanh tra tỉnh", "TTT"),
    ("Sở Ngoại vụ", "SNGV"),
    ("Sở Giao thông vận tải", "SGTVT"),
    ("Sở Lao động – Thương binh và Xã hội", "SLDTBXH"),
    ("Sở Thông tin và Truyền thông", "STTTT"),
    ("Sở Tài nguyên và Môi trường", "STNMT"),
    ("Ban Quản lý các khu công nghiệp", "BQLKCN"),
    ("Ban Quản lý Khu kinh tế", "BQLKKT"),
    ("Ban Quản lý dự án đầu tư xây dựng", "BQLDA"),
    ("Đài Phát thanh và Truyền hình", "PTTH"),
    ("Trường Chính trị tỉnh", "TCT"),
    ("Ban Dân tộc", "BDT"),
)
DEPT_DIVISIONS = (
    ("Văn phòng", "VP"),
    ("Phòng Kế hoạch – Tài chính", "KHTC"),
    ("Phòng Tổ chức cán bộ", "TCCB"),
    ("Phòng Pháp chế", "PC"),
    ("Thanh tra", "TTR"),
    ("Phòng Quản lý chuyên ngành", "QLCN"),
    ("Phòng Nghiệp vụ 1", "NV1"),
    ("Phòng Nghiệp vụ 2", "NV2"),
    ("Phòng Nghiệp vụ 3", "NV3"),
    ("Phòng Chuyển đổi số", "CDS"),
    ("Phòng Hợp tác quốc tế", "HTQT"),
    ("Phòng Thi đua – Khen thưởng", "TDKT"),
)
AGENCIES = (("Chi cục", "CC"), ("Trung tâm", "TT"))
AGENCY_DIVISIONS = (
    ("Phòng Hành chính – Tổng hợp", "HCTH"),
    ("Phòng Nghiệp vụ", "NV"),
    ("Phòng Kiểm tra", "KT"),
    ("Phòng Dịch vụ", "DV"),
    ("Phòng Kỹ thuật", "KTH"),
)
DISTRICTS = (
    "Đức Trọng",
    "Lâm Hà",
    "Di Linh",
    "Bảo Lâm",
    "Đơn Dương",
    "Lạc Dương",
    "Đạ Tẻh",
    "Cát Tiên",
    "Đam Rông",
    "Đạ Huoai",
    "Tuy Phong",
    "Bắc Bình",
    "Hàm Thuận",
    "Tánh Linh",
    "Đức Linh",
    "Hàm Tân",
    "Phú Quý",
    "Krông Nô",
    "Cư Jút",
    "Đắk Mil",
    "Đắk Song",
    "Đắk R'lấp",
    "Tuy Đức",
    "Đắk Glong",
)
DISTRICT_DIVISIONS = (
    ("Văn phòng HĐND-UBND", "VP"),
    ("Phòng Nội vụ", "PNV"),
    ("Phòng Tài chính – Kế hoạch", "TCKH"),
    ("Phòng Tư pháp", "PTP"),
    ("Phòng Tài nguyên và Môi trường", "TNMT"),
    ("Phòng Kinh tế – Hạ tầng", "KTHT"),
    ("Phòng Giáo dục và Đào tạo", "GDDT"),
    ("Phòng Y tế", "PYT"),
    ("Phòng Văn hóa và Thông tin", "VHTT"),
    ("Phòng Lao động – Thương binh và Xã hội", "LDTBXH"),
    ("Thanh tra huyện", "TTR"),
    ("Phòng Dân tộc", "PDT"),
)
COMMUNE_FIRST = (
    "An",
    "Bình",
    "Hòa",
    "Phú",
    "Tân",
    "Hiệp",
    "Liên",
    "Ninh",
    "Đa",
    "Đại",
    "Gia",
    "Lộc",
    "Phước",
    "Thạnh",
    "Tam",
    "Quảng",
    "Đông",
    "Tây",
)
COMMUNE_SECOND = (
    "An",
    "Bình",
    "Hòa",
    "Hội",
    "Lâm",
    "Lộc",
    "Phú",
    "Sơn",
    "Thành",
    "Thuận",
    "Trung",
    "Xuân",
    "Nghĩa",
    "Hưng",
    "Thạnh",
    "Tiến",
)
COMMUNE_SECTIONS = (
    ("Bộ phận Văn phòng – Thống kê", "VPTK"),
    ("Bộ phận Tư pháp – Hộ tịch", "TPHT"),
    ("Bộ phận Địa chính – Xây dựng", "DCXD"),
    ("Bộ phận Tài chính – Kế toán", "TCKT"),
    ("Bộ phận Văn hóa – Xã hội", "VHXH"),
    ("Bộ phận Một cửa", "MC"),
)

SURNAMES = (
    ("Nguyễn", 31),
    ("Trần", 11),
    ("Lê", 9),
    ("Phạm", 7),
    ("Hoàng", 3),
    ("Huỳnh", 2),
    ("Phan", 4),
    ("Vũ", 2),
    ("Võ", 2),
    ("Đặng", 2),
    ("Bùi", 2),
    ("Đỗ", 1.5),
    ("Hồ", 1.5),
    ("Ngô", 1.3),
    ("Dương", 1),
    ("Lý", 0.5),
    ("Đinh", 0.7),
    ("Trương", 0.7),
    ("Lương", 0.4),
    ("Mai", 0.3),
)
MEN_MIDDLE = (
    "Văn",
    "Hữu",
    "Đức",
    "Minh",
    "Quốc",
    "Thanh",
    "Công",
    "Đình",
    "Xuân",
    "Quang",
    "Ngọc",
    "Anh",
    "Hoàng",
    "Trọng",
)
WOMEN_MIDDLE = (
    "Thị",
    "Thị Thu",
    "Thị Ngọc",
    "Thị Thanh",
    "Thị Kim",
    "Thị Hồng",
    "Ngọc",
    "Thu",
    "Bích",
    "Thùy",
    "Thị Mỹ",
    "Diệu",
)
MEN_GIVEN = (
    "Hùng",
    "Nam",
    "Dũng",
    "Minh",
    "Tuấn",
    "Hải",
    "Long",
    "Sơn",
    "Phúc",
    "Khoa",
    "Quân",
    "Thắng",
    "Cường",
    "Bảo",
    "Huy",
    "Toàn",
    "Vinh",
    "Tài",
    "Lâm",
    "Hòa",
    "Đức",
    "Trung",
    "Hiếu",
    "Tùng",
    "Khánh",
    "Thịnh",
    "Lộc",
    "Tâm",
    "Phong",
    "Kiên",
)
WOMEN_GIVEN = (
    "Mai",
    "Lan",
    "Hoa",
    "Hà",
    "Hương",
    "Linh",
    "Trang",
    "Ngọc",
    "Nhung",
    "Phương",
    "Thúy",
    "Duyên",
    "Tuyết",
    "Anh",
    "Hạnh",
    "Yến",
    "Thảo",
    "Vân",
    "Hằng",
    "Oanh",
    "Loan",
    "Diệp",
    "Quyên",
    "Trâm",
    "Giang",
    "Nga",
    "Dung",
    "Hiền",
    "Chi",
    "Nhi",
)

# head, deputy, staff position names by the kind of unit
POSTS = {
    "province": ("Chủ tịch", "Phó Chủ tịch", "Chuyên viên"),
    "office": ("Chánh Văn phòng", "Phó Chánh Văn phòng", "Chuyên viên"),
    "department": ("Giám đốc", "Phó Giám đốc", "Chuyên viên"),
    "agency": ("Chi cục trưởng", "Phó Chi cục trưởng", "Chuyên viên"),
    "division": ("Trưởng phòng", "Phó Trưởng phòng", "Chuyên viên"),
    "district": ("Chủ tịch", "Phó Chủ tịch", "Chuyên viên"),
    "commune": ("Chủ tịch", "Phó Chủ tịch", "Công chức"),
    "section": ("Trưởng bộ phận", "Phó Trưởng bộ phận", "Công chức"),
}
POSITION_ORDER = {
    "Chủ tịch": (H, 1),
    "Phó Chủ tịch": (D, 2),
    "Chánh Văn phòng": (H, 3),
    "Phó Chánh Văn phòng": (D, 4),
    "Giám đốc": (H, 5),
    "Phó Giám đốc": (D, 6),
    "Chi cục trưởng": (H, 7),
    "Phó Chi cục trưởng": (D, 8),
    "Trưởng phòng": (H, 9),
    "Phó Trưởng phòng": (D, 10),
    "Trưởng bộ phận": (H, 11),
    "Phó Trưởng bộ phận": (D, 12),
    "Chuyên viên": (S, 20),
    "Công chức": (S, 21),
}
# staff weight by role of the unit (before the random skew)
WEIGHTS = {
    "province": 2,
    "office": 3,
    "department": 3,
    "agency": 2,
    "division": 6,
    "district": 2,
    "commune": 2,
    "section": 1.2,
}


@dataclass
class PlannedUnit:
    name: str
    short_name: str
    kind: str
    role: str  # a key of POSTS
    parent: PlannedUnit | None
    agency_code: str | None = None
    sort_order: int = 0
    children: list[PlannedUnit] = field(default_factory=list)
    id: int = 0
    path: str = ""
    depth: int = 0
    people: int = 0  # staff allotted
    subtree_people: int = 0

    def add(self, child: PlannedUnit) -> PlannedUnit:
        child.parent = self
        child.sort_order = len(self.children)
        self.children.append(child)
        return child


@dataclass
class GenerationResult:
    root: Unit
    units: int
    users: int
    memberships: int
    depth: int
    bench_username: str
    bench_unit: str
    busy_head_username: str
    busy_head_unit: str
    password: str
    by_kind: dict[str, int]


class AlreadyGenerated(Exception):
    pass


# --- the plan -------------------------------------------------------------------------------------


def _plan(units: int, rng: random.Random) -> list[PlannedUnit]:
    """Plan a tree of at least ``units`` units and return its first ``units`` in breadth-first order."""
    root = PlannedUnit(ROOT_NAME, "UBND", K.AGENCY, "province", None, ROOT_CODE)
    scale = units / 1850
    n_departments = max(1, round(25 * scale))
    n_districts = max(1, round(10 * scale))
    level2 = 0

    def code2() -> str | None:
        nonlocal level2
        level2 += 1
        return f"000.00.{level2:02d}.H98" if level2 <= 99 else None

    def add_department(i: int) -> int:
        name, short = (
            DEPARTMENTS[i]
            if i < len(DEPARTMENTS)
            else (f"Ban Quản lý dự án số {i - len(DEPARTMENTS) + 1}", f"BQL{i}")
        )
        role = "office" if name.startswith("Văn phòng") else "department"
        dept = root.add(PlannedUnit(name, short, K.DEPARTMENT, role, None, code2()))
        for div_name, div_short in DEPT_DIVISIONS[: rng.randint(8, 12)]:
            dept.add(PlannedUnit(div_name, div_short, K.DIVISION, "division", None))
        count = 1 + len(dept.children)
        for j in range(rng.choice((0, 1, 1, 2, 3))):
            kind_name, kind_short = AGENCIES[j % 2]
            agency = dept.add(
                PlannedUnit(
                    f"{kind_name} {j + 1} – {short}", f"{kind_short}{j + 1}", K.DIVISION, "agency", None
                )
            )
            for sub_name, sub_short in AGENCY_DIVISIONS[: rng.randint(3, 5)]:
                agency.add(PlannedUnit(sub_name, sub_short, K.DIVISION, "division", None))
            count += 1 + len(agency.children)
        return count

    def add_district(i: int) -> int:
        place = DISTRICTS[i] if i < len(DISTRICTS) else f"Số {i + 1}"
        code = code2()
        district = root.add(
            PlannedUnit(f"UBND huyện {place}", f"H{i + 1:02d}", K.DISTRICT, "district", None, code)
        )
        for div_name, div_short in DISTRICT_DIVISIONS[: rng.randint(8, 12)]:
            district.add(PlannedUnit(div_name, div_short, K.DIVISION, "division", None))
        count = 1 + len(district.children)
        names = [f"{a} {b}" for a in COMMUNE_FIRST for b in COMMUNE_SECOND if a != b]
        rng.shuffle(names)
        for j in range(rng.randint(15, 25)):
            place_name = names[j]
            prefix = "UBND thị trấn" if j == 0 else "UBND xã"
            commune_code = f"000.{j + 1:02d}.{code[7:9]}.H98" if code else None
            commune = district.add(
                PlannedUnit(
                    f"{prefix} {place_name}", f"X{j + 1:02d}", K.COMMUNE, "commune", None, commune_code
                )
            )
            for sec_name, sec_short in COMMUNE_SECTIONS[: rng.randint(4, 6)]:
                commune.add(PlannedUnit(sec_name, sec_short, K.DIVISION, "section", None))
            count += 1 + len(commune.children)
        return count

    total = 1
    # Departments and districts interleaved, so that a breadth-first cut keeps both kinds.
    for i in range(max(n_departments, n_districts)):
        if i < n_departments:
            total += add_department(i)
        if i < n_districts:
            total += add_district(i)
    departments, districts = n_departments, n_districts
    while total < units:
        if departments * 10 <= districts * 25:
            total += add_department(departments)
            departments += 1
        else:
            total += add_district(districts)
            districts += 1
    # Breadth-first order, cut at ``units``; a parent always comes before its children.
    order: list[PlannedUnit] = []
    queue = deque([root])
    while queue and len(order) < units:
        node = queue.popleft()
        order.append(node)
        queue.extend(node.children)
    kept = {id(n) for n in order}
    for node in order:
        node.children = [c for c in node.children if id(c) in kept]
    return order


# --- people ---------------------------------------------------------------------------------------


def _surname_picker(rng: random.Random) -> Callable[[], str]:
    names = [n for n, _ in SURNAMES]
    weights = [w for _, w in SURNAMES]
    return lambda: rng.choices(names, weights)[0]


def _person(rng: random.Random, surname: Callable[[], str]) -> tuple[str, dt.date]:
    if rng.random() < 0.5:
        full = f"{surname()} {rng.choice(MEN_MIDDLE)} {rng.choice(MEN_GIVEN)}"
    else:
        full = f"{surname()} {rng.choice(WOMEN_MIDDLE)} {rng.choice(WOMEN_GIVEN)}"
    born = dt.date(1965, 1, 1) + dt.timedelta(days=rng.randrange(0, 35 * 365))
    return full, born


def _allot_staff(plan: list[PlannedUnit], staff: int, rng: random.Random) -> None:
    """Spread ``staff`` people over the units with a skew (Pareto factor on a weight per role)."""
    if staff <= 0:
        return
    weights = [WEIGHTS[u.role] * min(rng.paretovariate(1.6), 12.0) for u in plan]
    total = sum(weights)
    given = 0
    for unit, weight in zip(plan, weights, strict=True):
        unit.people = int(staff * weight / total)
        given += unit.people
    for unit in rng.choices(plan, weights, k=staff - given):
        unit.people += 1


# --- writing --------------------------------------------------------------------------------------


def generated_root() -> Unit | None:
    return Unit.objects.filter(agency_code=ROOT_CODE).first()


def delete_generated() -> None:
    """Remove a previously generated province: its units, their memberships and role grants, and
    the accounts whose posts were there (benchmark data only; ORG-7 protects real accounts)."""
    from congvu.accounts.models import User

    root = generated_root()
    with transaction.atomic():
        unit_ids = (
            list(Unit.objects.filter(subtree_q([root.path])).values_list("id", flat=True)) if root else []
        )
        user_ids = set(Membership.objects.filter(unit_id__in=unit_ids).values_list("user_id", flat=True))
        user_ids |= set(User.objects.filter(email__iendswith="@" + EMAIL_DOMAIN).values_list("id", flat=True))
        user_ids |= set(User.objects.filter(username=BENCH_USERNAME).values_list("id", flat=True))
        Membership.in_charge_of.through.objects.filter(unit_id__in=unit_ids).delete()
        Membership.in_charge_of.through.objects.filter(membership__user_id__in=user_ids).delete()
        Membership.objects.filter(unit_id__in=unit_ids)._raw_delete(Membership.objects.db)
        Membership.objects.filter(user_id__in=user_ids)._raw_delete(Membership.objects.db)
        RoleGrant.objects.filter(unit_id__in=unit_ids).delete()
        RoleGrant.objects.filter(user_id__in=user_ids).delete()
        User.objects.filter(id__in=user_ids).delete()
        for depth in sorted(
            set(Unit.objects.filter(id__in=unit_ids).values_list("depth", flat=True)), reverse=True
        ):
            Unit.objects.filter(id__in=unit_ids, depth=depth)._raw_delete(Unit.objects.db)


def _next_id(model) -> int:
    last = model.objects.order_by("-pk").values_list("pk", flat=True).first()
    return (last or 0) + 1


def _reset_sequences(*models) -> None:
    statements = connection.ops.sequence_reset_sql(no_style(), list(models))
    if statements:
        with connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)


def generate(
    *,
    units: int = 2000,
    users: int = 50000,
    seed: int = 1,
    replace: bool = False,
    progress: Callable[[str], None] | None = None,
) -> GenerationResult:
    """Build the province. Raises ``AlreadyGenerated`` if one exists and ``replace`` is false."""
    from congvu.accounts.models import User

    say = progress or (lambda _msg: None)
    if units < 1:
        raise ValueError("units must be at least 1")
    if users < units:
        raise ValueError("users must be at least units (one head per unit)")
    if generated_root() is not None or User.objects.filter(username=BENCH_USERNAME).exists():
        if not replace:
            raise AlreadyGenerated(ROOT_NAME)
        say("Xóa tỉnh đã sinh trước đó…")
        delete_generated()

    rng = random.Random(seed)
    surname = _surname_picker(rng)
    with transaction.atomic():
        positions = {
            name: unit_services.position_get_or_create(name=name, level=level, sort_order=order)
            for name, (level, order) in POSITION_ORDER.items()
        }

        # Units: ids and paths computed here, written parents first.
        plan = _plan(units, rng)
        next_id = _next_id(Unit)
        for offset, node in enumerate(plan):
            node.id = next_id + offset
            node.depth = node.parent.depth + 1 if node.parent else 0
            node.path = (node.parent.path if node.parent else "") + f"{node.id:0{PATH_STEP}d}"
        Unit.objects.bulk_create(
            [
                Unit(
                    id=n.id,
                    name=n.name,
                    short_name=n.short_name,
                    agency_code=n.agency_code,
                    parent_id=n.parent.id if n.parent else None,
                    kind=n.kind,
                    is_office=n.role == "office",
                    search_text=unit_search_text(n.name, n.short_name, n.agency_code),
                    sort_order=n.sort_order,
                    path=n.path,
                    depth=n.depth,
                )
                for n in plan
            ],
            batch_size=BATCH,
        )
        say(f"{len(plan)} đơn vị.")

        # Who goes where: heads, then deputies, then staff with a skew.
        deputies = {id(n): (rng.randint(1, 3) if n.role != "section" else rng.randint(0, 1)) for n in plan}
        left = users - len(plan)
        for node in plan:
            take = min(deputies[id(node)], left)
            deputies[id(node)] = take
            left -= take
        _allot_staff(plan, left, rng)
        for node in reversed(plan):  # children come after parents in breadth-first order
            node.subtree_people += 1 + deputies[id(node)] + node.people
            if node.parent:
                node.parent.subtree_people += node.subtree_people
        top = [n for n in plan if n.parent is not None and n.parent.parent is None and n.kind == K.DEPARTMENT]
        bench_unit = max(top or plan, key=lambda n: n.subtree_people)
        divisions = [n for n in plan if n.role == "division"] or plan
        busy_division = max(divisions, key=lambda n: 1 + deputies[id(n)] + n.people)

        # Accounts: login names with the real rules, in memory; one shared password hash.
        taken: dict[str, login_names.Existing] = {
            row[0].lower(): login_names.Existing(*row)
            for row in User.objects.values_list("username", "full_name", "date_of_birth").iterator()
        }
        scheme = "a"
        password_hash = make_password(BENCH_PASSWORD)
        now = timezone.now()
        joined = now - dt.timedelta(days=400)
        next_user = _next_id(User)
        accounts: list[User] = []
        posts: list[tuple[int, int, int]] = []  # user id, unit id, position id

        def add_account(
            full_name: str, born: dt.date | None, unit: PlannedUnit, post: str, username: str | None = None
        ):
            if username is None:
                username = login_names.propose(full_name, taken=taken.get, date_of_birth=born, scheme=scheme)
            taken[username] = login_names.Existing(username, full_name, born)
            email = f"{username}@{EMAIL_DOMAIN}"
            user_id = next_user + len(accounts)
            accounts.append(
                User(
                    id=user_id,
                    username=username,
                    full_name=full_name,
                    email=email,
                    date_of_birth=born,
                    password=password_hash,
                    must_change_password=False,
                    password_changed_at=now,
                    date_joined=joined,
                    search_text=search_text(full_name, username, email),
                )
            )
            posts.append((user_id, unit.id, positions[post].id))
            return username

        busy_head = ""
        for node in plan:
            head_post, deputy_post, staff_post = POSTS[node.role]
            if node is bench_unit:
                add_account("Trần Văn Đo Tải", dt.date(1980, 1, 1), node, head_post, username=BENCH_USERNAME)
            else:
                name = add_account(*_person(rng, surname), node, head_post)
                if node is busy_division:
                    busy_head = name
            for _ in range(deputies[id(node)]):
                add_account(*_person(rng, surname), node, deputy_post)
            for _ in range(node.people):
                add_account(*_person(rng, surname), node, staff_post)
        User.objects.bulk_create(accounts, batch_size=BATCH)
        say(f"{len(accounts)} tài khoản.")

        started = (now - dt.timedelta(days=365)).date()
        Membership.objects.bulk_create(
            [
                Membership(user_id=u, unit_id=unit_id, position_id=p, is_primary=True, started_on=started)
                for u, unit_id, p in posts
            ],
            batch_size=BATCH,
        )
        _reset_sequences(Unit, User)
        root = Unit.objects.get(pk=plan[0].id)
        audit.record(
            actor=None,
            action="org.province.generated",
            obj=root,
            after={"units": len(plan), "users": len(accounts), "seed": seed},
        )
    by_kind: dict[str, int] = {}
    for node in plan:
        by_kind[node.kind] = by_kind.get(node.kind, 0) + 1
    return GenerationResult(
        root=root,
        units=len(plan),
        users=len(accounts),
        memberships=len(posts),
        depth=max(n.depth for n in plan),
        bench_username=BENCH_USERNAME,
        bench_unit=bench_unit.name,
        busy_head_username=busy_head,
        busy_head_unit=f"{busy_division.name} ({busy_division.parent.name if busy_division.parent else ''})",
        password=BENCH_PASSWORD,
        by_kind=by_kind,
    )
