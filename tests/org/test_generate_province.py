"""``congvu generate_province``: a large province built fast, for benchmarks."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from congvu.accounts.models import User
from congvu.core.text import search_text
from congvu.org import policies, tree
from congvu.org.models import PATH_STEP, Membership, Position, Unit
from congvu.synthetic import province as generator

pytestmark = pytest.mark.django_db


def _generate(*args) -> str:
    out = StringIO()
    if "--items" not in args:
        args = (*args, "--items", "0")
    call_command("generate_province", *args, stdout=out)
    return out.getvalue()


def test_it_builds_the_numbers_asked_for():
    out = _generate("--units", "60", "--users", "500", "--seed", "3")
    root = generator.generated_root()
    units = Unit.objects.filter(path__startswith=root.path)
    assert units.count() == 60
    generated = User.objects.filter(memberships__unit__in=units).distinct()
    assert generated.count() == 500
    assert Membership.objects.filter(unit__in=units).count() == 500
    assert "60 đơn vị" in out and "500 tài khoản" in out
    assert "bench user: bench.admin Bench-CongVu-2026!" in out


def test_every_unit_is_reachable_from_the_root_by_its_path():
    _generate("--units", "60", "--users", "500")
    root = generator.generated_root()
    by_id = {u.pk: u for u in Unit.objects.all()}
    assert root.parent_id is None and root.depth == 0
    for unit in by_id.values():
        assert unit.path.startswith(root.path)
        assert len(unit.path) == PATH_STEP * (unit.depth + 1)
        assert unit.path.endswith(f"{unit.pk:0{PATH_STEP}d}")
        if unit.parent_id:
            parent = by_id[unit.parent_id]
            assert unit.path[:-PATH_STEP] == parent.path and unit.depth == parent.depth + 1
        chain = unit.ancestor_ids
        assert chain[0] == root.pk and all(i in by_id for i in chain)
    assert set(tree.subtree(root).values_list("pk", flat=True)) == set(by_id)


def test_the_tree_is_realistic():
    _generate("--units", "60", "--users", "500")
    root = generator.generated_root()
    kinds = {k: Unit.objects.filter(kind=k).count() for k in Unit.Kind.values}
    assert kinds["department"] >= 1 and kinds["district"] >= 1 and kinds["commune"] >= 1
    assert Unit.objects.filter(path__startswith=root.path).order_by("-depth").first().depth == 3
    assert Unit.objects.filter(parent=root).count() >= 2
    for district in Unit.objects.filter(kind="district"):
        assert district.children.filter(kind="commune").exists()


def test_every_unit_has_one_head_and_most_have_deputies():
    _generate("--units", "60", "--users", "500")
    for unit in Unit.objects.all():
        levels = list(Membership.objects.filter(unit=unit).values_list("position__level", flat=True))
        assert levels.count(Position.Level.HEAD) == 1, unit.name
    with_deputies = Unit.objects.filter(memberships__position__level=Position.Level.DEPUTY).distinct().count()
    assert with_deputies >= 40


def test_accounts_are_ready_to_sign_in_and_searchable():
    _generate("--units", "60", "--users", "500")
    bench = User.objects.get(username="bench.admin")
    assert bench.check_password(generator.BENCH_PASSWORD) and not bench.must_change_password
    sample = User.objects.exclude(pk=bench.pk).order_by("?")[:20]
    for user in sample:
        assert user.search_text == search_text(user.full_name, user.username, user.email)
        assert user.email == f"{user.username}@{generator.EMAIL_DOMAIN}"
        assert user.date_of_birth is not None and not user.must_change_password
    assert User.objects.values("username").distinct().count() == User.objects.count()


def test_bench_admin_heads_the_biggest_department_and_is_not_an_administrator():
    _generate("--units", "60", "--users", "500")
    bench = User.objects.get(username="bench.admin")
    post = Membership.objects.get(user=bench)
    assert post.position.level == Position.Level.HEAD and post.unit.kind == Unit.Kind.DEPARTMENT
    assert not policies.is_administrator(bench)
    sizes = {
        d.pk: Membership.objects.filter(unit__path__startswith=d.path).count()
        for d in Unit.objects.filter(parent=generator.generated_root(), kind=Unit.Kind.DEPARTMENT)
    }
    assert sizes[post.unit_id] == max(sizes.values())
    assert policies.leads(bench, post.unit)


def test_it_is_a_handful_of_queries_not_one_per_row():
    with CaptureQueriesContext(connection) as small:
        generator.generate(units=60, users=500, seed=1)
    generator.delete_generated()
    with CaptureQueriesContext(connection) as large:
        generator.generate(units=120, users=1000, seed=1)
    # A fixed cost (the positions catalogue, the audit event) plus one INSERT per batch; batches
    # grow with the size (SQLite binds at most 999 parameters per statement), rows do not.
    assert len(small.captured_queries) < 120
    assert len(large.captured_queries) - len(small.captured_queries) < 30
    assert len(large.captured_queries) < (120 + 1000) / 8


def test_it_refuses_to_run_twice_without_replace():
    _generate("--units", "30", "--users", "200")
    with pytest.raises(CommandError) as exc:
        _generate("--units", "30", "--users", "200")
    assert "--replace" in str(exc.value)
    assert Unit.objects.count() == 30


def test_replace_starts_over():
    _generate("--units", "30", "--users", "200", "--seed", "1")
    _generate("--units", "40", "--users", "300", "--seed", "2", "--replace")
    assert Unit.objects.count() == 40
    assert User.objects.count() == 300
    assert Unit.objects.filter(agency_code=generator.ROOT_CODE).count() == 1


def test_it_lives_beside_other_data(province):
    before = Unit.objects.count()
    _generate("--units", "30", "--users", "200")
    assert Unit.objects.count() == before + 30
    generator.delete_generated()
    assert Unit.objects.count() == before
    assert User.objects.filter(username="minhnv").exists()


def test_users_must_cover_one_head_per_unit():
    with pytest.raises(CommandError):
        _generate("--units", "60", "--users", "10")
