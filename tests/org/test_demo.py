"""The demo province (congvu load_demo): idempotent, ~40 personas, a head in every unit, and a table
of one-time passwords that work."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from congvu.accounts.models import User
from congvu.accounts.signin.services import password_change
from congvu.org import policies
from congvu.org.models import Membership, Position, RoleGrant, Unit
from congvu.synthetic import demo

pytestmark = pytest.mark.django_db


def _counts():
    return (
        Unit.objects.count(),
        User.objects.count(),
        Membership.objects.count(),
        RoleGrant.objects.count(),
        Position.objects.count(),
        Membership.in_charge_of.through.objects.count(),
    )


def _run(*args) -> str:
    out = StringIO()
    call_command("load_demo", *args, stdout=out)
    return out.getvalue()


def test_load_demo_is_idempotent():
    first = demo.load_demo()
    counts = _counts()
    second = demo.load_demo()
    assert _counts() == counts
    assert (first.units_created, first.people_created) == (len(demo.UNITS), len(demo.PERSONAS))
    assert (second.units_created, second.people_created) == (0, 0)
    assert [r.username for r in first.rows] == [r.username for r in second.rows]


def test_about_forty_personas_with_varied_vietnamese_names():
    demo.load_demo()
    people = User.objects.filter(email__endswith="@binhson.gov.vn")
    assert 38 <= people.count() <= 45
    surnames = {u.full_name.split()[0] for u in people}
    assert {
        "Nguyễn",
        "Trần",
        "Lê",
        "Phạm",
        "Phan",
        "Đặng",
        "Bùi",
        "Đỗ",
        "Hồ",
        "Ngô",
        "Dương",
        "Lý",
    } <= surnames
    assert {"Hoàng", "Huỳnh"} & surnames and {"Vũ", "Võ"} & surnames
    assert people.filter(full_name__contains=" Thị ").count() >= 12  # women and men
    assert not people.filter(date_of_birth__isnull=True).exists()
    assert {u.username for u in people} >= {"hungtq", "namhv", "lanvt", "minhnv", "hoant", "kienlv"}


def test_every_unit_has_a_head():
    demo.load_demo()
    for unit in Unit.objects.all():
        heads = Membership.objects.current().filter(unit=unit, position__level=Position.Level.HEAD)
        assert heads.exists(), unit.name


def test_the_tree_and_the_roles_of_the_demo():
    demo.load_demo()
    tinh = Unit.objects.get(agency_code="000.00.00.H99")
    assert {u.name for u in tinh.children.all()} == {
        "Văn phòng UBND tỉnh",
        "Sở Nội vụ",
        "Sở Tài chính",
        "Sở Thông tin và Truyền thông",
        "UBND huyện Đức Trọng",
    }
    assert Unit.objects.get(name="UBND thị trấn Liên Nghĩa").parent.name == "UBND huyện Đức Trọng"
    by_name = {u.username: u for u in User.objects.all()}
    assert policies.is_clerk_of(by_name["hoant"], Unit.objects.get(name="UBND xã Hiệp An"))
    assert policies.has_role(by_name["tuandm"], RoleGrant.Role.DIRECTIVE_MONITOR)
    assert policies.is_administrator(by_name["kienlv"], tinh)
    assert policies.has_role(by_name["ngochtb"], RoleGrant.Role.SCORING_MANAGEMENT)
    # The deputy director of SNV leads the divisions she is in charge of, not the third one.
    lan = by_name["lanvt"]
    assert policies.is_leader_of(lan, Unit.objects.get(short_name="TCBC"))
    assert not policies.is_leader_of(lan, Unit.objects.get(short_name="CCVC"))
    assert Membership.objects.filter(position__name="Phó Chủ tịch", unit=tinh).count() == 3


def _table(out: str) -> dict[str, dict[str, str]]:
    """Parse the printed table by the column widths of its dashes line."""
    lines = out.splitlines()
    rule = next(i for i, line in enumerate(lines) if line.startswith("---"))
    spans, pos = [], 0
    for dashes in lines[rule].split("  "):
        spans.append((pos, pos + len(dashes)))
        pos += len(dashes) + 2
    names = [lines[rule - 1][a:b].strip() for a, b in spans]
    rows = {}
    for line in lines[rule + 1 :]:
        if not line.strip():
            break
        cells = dict(zip(names, (line[a:b].strip() for a, b in spans), strict=True))
        rows[cells["Tên đăng nhập"]] = cells
    return rows


def test_the_table_has_a_row_per_persona_with_post_unit_and_password():
    rows = _table(_run())
    assert len(rows) == len(demo.PERSONAS)
    minh = rows["minhnv"]
    assert (minh["Họ và tên"], minh["Chức vụ"], minh["Đơn vị"]) == (
        "Nguyễn Văn Minh",
        "Chuyên viên",
        "Phòng Tổ chức biên chế",
    )
    assert rows["kienlv"]["Vai trò"] == "Quản trị"
    for username, row in rows.items():
        assert User.objects.get(username=username).check_password(row["Mật khẩu một lần"]), username


def test_passwords_are_reissued_only_for_personas_who_have_not_changed_theirs():
    first = _table(_run())
    minh = User.objects.get(username="minhnv")
    password_change(user=minh, new_password="Mật-khẩu-mới-2026!")

    again = _table(_run())
    assert again["minhnv"]["Mật khẩu một lần"] == demo.CHANGED
    minh.refresh_from_db()
    assert minh.check_password("Mật-khẩu-mới-2026!") and not minh.must_change_password
    # Untouched personas get a fresh, working one-time password on every run; the old one stops working.
    hung = User.objects.get(username="hungtq")
    assert again["hungtq"]["Mật khẩu một lần"] != first["hungtq"]["Mật khẩu một lần"]
    assert hung.check_password(again["hungtq"]["Mật khẩu một lần"])
    assert not hung.check_password(first["hungtq"]["Mật khẩu một lần"])
    assert hung.must_change_password


def test_quiet_prints_nothing():
    assert _run("--quiet") == ""
    assert Unit.objects.filter(agency_code="000.00.00.H99").exists()
