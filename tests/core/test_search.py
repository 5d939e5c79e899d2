"""Diacritic-insensitive search (DOC-10) through congvu.core.search, on SQLite FTS5 and PostgreSQL GIN."""

from __future__ import annotations

import unicodedata

import pytest
from django.apps import apps
from django.db import connection

from congvu.accounts.models import User
from congvu.core import search

pytestmark = pytest.mark.django_db


def usernames(query: str) -> set[str]:
    return set(search.search(User.objects.all(), query).values_list("username", flat=True))


@pytest.mark.parametrize(
    "query",
    ["nguyen van minh", "Nguyễn Văn Minh", "NGUYEN VAN MINH", "nguy minh", "minhnv", "Minh Nguyễn"],
)
def test_it_finds_nguyen_van_minh_however_typed(province, query):
    assert "minhnv" in usernames(query)


@pytest.mark.parametrize("query", ["đức", "duc", "ĐỨC", "Đặng Đình Đức", "dang dinh duc", "đặng đ"])
def test_d_finds_dd_and_dd_finds_dd(province, query):
    assert "ducdd" in usernames(query)


def test_every_word_must_match(province):
    assert usernames("dang dinh duc") == {"ducdd"}
    assert usernames("pham duc") == {"ducpv"}
    assert usernames("nguyen van minh") == {"minhnv"}
    assert usernames("duc") >= {"ducdd", "ducpv"}
    assert usernames("nguyen thi hoa xyz") == set()


def test_an_nfd_query_finds_nfc_text(province):
    query = unicodedata.normalize("NFD", "Đặng Đình Đức")
    assert query != unicodedata.normalize("NFC", query)
    assert usernames(query) == {"ducdd"}


def test_nfd_names_are_found_by_plain_queries(province):
    User.objects.create_user("lanhnt", "x", full_name=unicodedata.normalize("NFD", "Ngô Thị Lành"))
    assert usernames("lanh") == {"lanhnt"}
    assert usernames("Ngô Thị Lành") == {"lanhnt"}


@pytest.mark.parametrize(
    "query", ['"a" OR (', 'minh" OR "', "NEAR(minh", "' ; --", "&|!()", "a:*b", "\\", "*"]
)
def test_search_syntax_in_the_query_does_not_crash(province, query):
    usernames(query)


@pytest.mark.parametrize(
    ("query", "same_as"),
    [
        ("minh*", "minh"),
        ("minh:*", "minh"),
        ("^minh", "minh"),
        ('"minh"', "minh"),
        ("minh -tuan", "minh tuan"),  # not a NOT: both words must be there
        ("minh OR hoa", "minh or hoa"),  # not an OR: 'or' is a word to find
        ("NEAR(minh tuan)", "near minh tuan"),
    ],
)
def test_search_operators_in_the_query_are_plain_words(province, query, same_as):
    assert usernames(query) == usernames(same_as)


def test_minus_and_or_are_not_operators(province):
    assert usernames("minh") == {"minhnv", "tuandm"}
    assert usernames("minh -tuan") == {"tuandm"}
    assert usernames("minh OR hoa") == set()


@pytest.mark.parametrize("query", ["", "   ", None, "!!!", "– …"])
def test_an_empty_query_leaves_the_queryset_unchanged(province, query):
    queryset = User.objects.filter(username__startswith="d")
    assert search.search(queryset, query) is queryset


def test_the_index_follows_updates_and_deletes(province):
    minh = province.chuyen_vien
    minh.full_name = "Trần Văn Minh"
    minh.save()
    assert usernames("tran van minh") == {"minhnv"}
    assert usernames("nguyen van minh") == set()
    other = User.objects.create_user("tamp", "x", full_name="Phan Tâm")
    assert usernames("tam") == {"tamp"}
    other.delete()
    assert usernames("tam") == set()


def test_it_combines_with_other_filters(province):
    queryset = User.objects.filter(username__startswith="duc").order_by("username")
    assert list(search.search(queryset, "đức").values_list("username", flat=True)) == ["ducdd", "ducpv"]
    assert search.search(queryset, "đức").filter(full_name__contains="Phạm").count() == 1


def test_it_runs_as_one_query(province, django_assert_num_queries):
    with django_assert_num_queries(1):
        list(search.search(User.objects.all(), "nguyen van minh"))


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite rebuilds tables; PostgreSQL does not")
def test_lost_fts_triggers_are_put_back_after_a_migration(province):
    """SQLite drops a table's triggers when a migration rebuilds the table: ensure_fts repairs them."""
    with connection.cursor() as cursor:
        cursor.execute("DROP TRIGGER accounts_user_fts_ai")
    User.objects.create_user("quynhlt", "x", full_name="Lê Thúy Quỳnh")
    assert usernames("quynh") == set()  # the index missed the row
    search._after_migrate(sender=apps.get_app_config("core"), using="default")  # what `migrate` ends with
    assert usernames("quynh") == {"quynhlt"}
    assert search.ensure_fts(connection) == []
    User.objects.create_user("quynhpt", "x", full_name="Phạm Thị Quỳnh")
    assert usernames("quynh") == {"quynhlt", "quynhpt"}


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the GIN index exists on PostgreSQL only")
def test_postgres_uses_the_gin_index_expression(province):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexdef FROM pg_indexes WHERE indexname = %s", [search.gin_index_name("accounts_user")]
        )
        (definition,) = cursor.fetchone()
        assert "to_tsvector('simple'::regconfig, COALESCE(search_text, ''::text))" in definition
        # Sequential and plain index scans priced out: only an index whose expression matches the
        # condition can serve it (a bitmap scan needs one), whatever the table's statistics say.
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_indexscan = off")
        sql, params = search.search(User.objects.all(), "nguyen minh").query.sql_with_params()
        cursor.execute("EXPLAIN " + sql, params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert search.gin_index_name("accounts_user") in plan


def test_identifiers_are_checked():
    with pytest.raises(ValueError):
        search.fts_migration_operations("users; DROP TABLE x")
