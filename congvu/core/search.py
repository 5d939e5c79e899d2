"""Diacritic-insensitive full-text search, one interface on SQLite and PostgreSQL (DOC-10).

Every searchable table keeps a shadow column (``search_text`` by default) holding
``congvu.core.text.search_text(...)`` of its fields: folded, lower-case words separated by single
spaces ("Quyết định 12/QĐ-UBND" → "quyet dinh 12 qd ubnd"). The same fold is applied to the user's
query, so "quyet dinh", "Quyết Định", "QUYẾT ĐỊNH" and an NFD-encoded query all find the row, and
"d" finds "đ" (stack notes §2, gotcha 1: FTS5 never folds đ).

The index behind the column (stack notes §2, recipe "Option B"):

- SQLite: an FTS5 *external-content* table ``<table>_fts`` over the column, tokenised with
  ``unicode61 remove_diacritics 2``, kept in step by three triggers;
- PostgreSQL: a GIN index on ``to_tsvector('simple', COALESCE(column, ''))``, the exact expression
  Django emits for ``SearchVector(column, config="simple")``, so the planner uses it.

A model's migration adds the index with ``fts_migration_operations("<db_table>")``; views and
selectors call ``search(queryset, text)``.

SQLite rebuilds a table (create new, copy, drop old, rename) for many schema changes, and dropping
the old table drops its triggers with it. ``ensure_fts()`` runs after every ``migrate`` and puts
back missing triggers (and re-indexes the table) so such a change cannot silently stop the index
from following the rows.
"""

# SQL here is built from table and column names only, each checked by _check_identifier();
# user input reaches the database as a parameter.
# ruff: noqa: S608

from __future__ import annotations

import re
from typing import Any, TypeVar

from django.db import connections, migrations
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import Model, QuerySet
from django.db.models.expressions import RawSQL
from django.db.models.signals import post_migrate

from congvu.core.text import search_text

_M = TypeVar("_M", bound=Model)
_IDENTIFIER = re.compile(r"^[a-z_][a-z0-9_]*$")

# How our FTS5 tables are declared (see _sqlite_create_sql): found again by ensure_fts().
_FTS_DECLARATION = re.compile(r"USING fts5\((\w+), content='(\w+)', content_rowid='id'")


def _check_identifier(name: str) -> str:
    if not _IDENTIFIER.match(name) or len(name) > 50:
        raise ValueError(f"not a plain SQL identifier: {name!r}")
    return name


def fts_table_name(table: str, column: str = "search_text") -> str:
    """The SQLite FTS5 table indexing ``table.column``: ``<table>_fts`` for the usual column."""
    if column == "search_text":
        return f"{table}_fts"
    return f"{table}_{column}_fts"


def gin_index_name(table: str, column: str = "search_text") -> str:
    """The PostgreSQL GIN index on ``table.column`` (at most 63 characters)."""
    return f"{table}_{column}_gin"[:63]


def _sqlite_trigger_sql(table: str, column: str) -> list[str]:
    fts = fts_table_name(table, column)
    return [
        f"CREATE TRIGGER IF NOT EXISTS {fts}_ai AFTER INSERT ON {table} BEGIN "
        f"INSERT INTO {fts}(rowid, {column}) VALUES (new.id, new.{column}); END",
        f"CREATE TRIGGER IF NOT EXISTS {fts}_ad AFTER DELETE ON {table} BEGIN "
        f"INSERT INTO {fts}({fts}, rowid, {column}) VALUES ('delete', old.id, old.{column}); END",
        f"CREATE TRIGGER IF NOT EXISTS {fts}_au AFTER UPDATE OF {column} ON {table} BEGIN "
        f"INSERT INTO {fts}({fts}, rowid, {column}) VALUES ('delete', old.id, old.{column}); "
        f"INSERT INTO {fts}(rowid, {column}) VALUES (new.id, new.{column}); END",
    ]


def _sqlite_create_sql(table: str, column: str) -> list[str]:
    fts = fts_table_name(table, column)
    return [
        f"CREATE VIRTUAL TABLE IF NOT EXISTS {fts} USING fts5({column}, content='{table}', "
        f"content_rowid='id', tokenize='unicode61 remove_diacritics 2')",
        *_sqlite_trigger_sql(table, column),
        # Rows that existed before the index.
        f"INSERT INTO {fts}({fts}) VALUES ('rebuild')",
    ]


def _sqlite_drop_sql(table: str, column: str) -> list[str]:
    fts = fts_table_name(table, column)
    return [
        f"DROP TRIGGER IF EXISTS {fts}_ai",
        f"DROP TRIGGER IF EXISTS {fts}_ad",
        f"DROP TRIGGER IF EXISTS {fts}_au",
        f"DROP TABLE IF EXISTS {fts}",
    ]


def _pg_create_sql(table: str, column: str) -> list[str]:
    return [
        f"CREATE INDEX IF NOT EXISTS {gin_index_name(table, column)} ON {table} "
        f"USING gin (to_tsvector('simple'::regconfig, COALESCE({column}, '')))"
    ]


def _pg_drop_sql(table: str, column: str) -> list[str]:
    return [f"DROP INDEX IF EXISTS {gin_index_name(table, column)}"]


def fts_migration_operations(
    table: str, column: str = "search_text"
) -> list[migrations.operations.base.Operation]:
    """Migration operations that index ``table.column`` for ``search()`` (DOC-10).

    ``table`` is the model's ``db_table``; the table must have an integer primary key ``id``.
    Reversible: going back drops the FTS table and its triggers, or the GIN index.
    """
    _check_identifier(table)
    _check_identifier(column)

    def forwards(apps: Any, schema_editor: Any) -> None:
        vendor = schema_editor.connection.vendor
        statements = {"sqlite": _sqlite_create_sql, "postgresql": _pg_create_sql}.get(vendor)
        for sql in statements(table, column) if statements else []:
            schema_editor.execute(sql, params=None)

    def backwards(apps: Any, schema_editor: Any) -> None:
        vendor = schema_editor.connection.vendor
        statements = {"sqlite": _sqlite_drop_sql, "postgresql": _pg_drop_sql}.get(vendor)
        for sql in statements(table, column) if statements else []:
            schema_editor.execute(sql, params=None)

    return [migrations.RunPython(forwards, backwards, elidable=False)]


def ensure_fts(connection: BaseDatabaseWrapper) -> list[str]:
    """Put back missing FTS5 triggers (SQLite only); return the tables repaired.

    The FTS tables are found in the database itself (``sqlite_master``), so this needs no list of
    them. A table whose triggers went missing may also have missed rows meanwhile, so its index is
    rebuilt from the content table.
    """
    if connection.vendor != "sqlite":
        return []
    repaired: list[str] = []
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT sql FROM sqlite_master WHERE type = 'table' AND sql LIKE 'CREATE VIRTUAL TABLE%'"
        )
        declared = sorted(
            {(m[2], m[1]) for (sql,) in cursor.fetchall() if (m := _FTS_DECLARATION.search(sql))}
        )
        for table, column in declared:
            fts = fts_table_name(table, column)
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = %s", [table])
            present = {row[0] for row in cursor.fetchall()}
            if {f"{fts}_ai", f"{fts}_ad", f"{fts}_au"} <= present:
                continue
            for sql in _sqlite_trigger_sql(table, column):
                cursor.execute(sql)
            cursor.execute(f"INSERT INTO {fts}({fts}) VALUES ('rebuild')")
            repaired.append(table)
    return repaired


def _after_migrate(sender: Any, using: str = "default", **kwargs: Any) -> None:
    if getattr(sender, "label", "") == "core":  # once per migrate run, not once per app
        ensure_fts(connections[using])


post_migrate.connect(_after_migrate, dispatch_uid="congvu.core.search.ensure_fts")


def query_tokens(user_query: str | None) -> list[str]:
    """The folded words of a query: only letters, digits (no FTS or tsquery syntax survives)."""
    return search_text(user_query or "").split()


def search(queryset: QuerySet[_M], user_query: str | None, *, column: str = "search_text") -> QuerySet[_M]:
    """Rows of ``queryset`` whose ``column`` holds every word of the query, each as a prefix (DOC-10).

    The query is folded like the column, so accents, case, đ/d and NFD input do not matter, and
    typing the start of a word finds it ("nguy" finds "Nguyễn"). An empty query (or one with no
    letters or digits) returns the queryset unchanged. Quotes, parentheses and operators in the
    query are plain punctuation, never search syntax.
    """
    tokens = query_tokens(user_query)
    if not tokens:
        return queryset
    model = queryset.model
    table = _check_identifier(model._meta.db_table)
    _check_identifier(column)
    vendor = connections[queryset.db].vendor
    if vendor == "postgresql":
        from django.contrib.postgres.search import SearchQuery, SearchVector

        raw = " & ".join(f"{token}:*" for token in tokens)
        return queryset.alias(_congvu_search=SearchVector(column, config="simple")).filter(
            _congvu_search=SearchQuery(raw, config="simple", search_type="raw")
        )
    if vendor != "sqlite":
        raise NotImplementedError(f"search() runs on SQLite or PostgreSQL, not {vendor}")
    fts = fts_table_name(table, column)
    # Each token quoted (a string, never an operator) and marked as a prefix.
    match = " ".join(f'"{token}"*' for token in tokens)
    return queryset.filter(pk__in=RawSQL(f"SELECT rowid FROM {fts} WHERE {fts} MATCH %s", (match,)))  # noqa: S611 - parameterised
