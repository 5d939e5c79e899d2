"""Search by a clerk reads each agency's documents apart (``documents.search.selectors._walk``):

- an index that gives an agency's documents in the search's own order, newest first and undated
  last — (agency, date DESC NULLS LAST, id DESC) — for incoming and outgoing documents, so that a
  walk stops at the last row it needs;
- the stored vector also holds a word for the document's agency ("@a12"): the full-text index then
  keeps a search to one agency by itself, whatever the planner expects of several words;
- the GIN index of ``0002`` on the search text's expression is dropped for these two tables: search
  reads the stored vector (``0003``), and nothing else searches them through ``congvu.core.search``.

PostgreSQL only, as in ``0003``: SQLite's FTS5 tables are searched another way.
"""

from django.db import migrations

from congvu.core.search import gin_index_name

TABLES = (
    ("documents_incomingdocument", "arrival_date", "doc_in_agency_newest_idx"),
    ("documents_outgoingdocument", "issued_date", "doc_out_agency_newest_idx"),
)
TEXT = "to_tsvector('simple'::regconfig, COALESCE(search_text, ''))"
WITH_AGENCY = f"{TEXT} || array_to_tsvector(ARRAY['@a' || agency_id::text])"


def _vector(schema_editor, table, expression):
    schema_editor.execute(f"ALTER TABLE {table} DROP COLUMN IF EXISTS search_vector")
    schema_editor.execute(
        f"ALTER TABLE {table} ADD COLUMN search_vector tsvector GENERATED ALWAYS AS ({expression}) STORED"
    )
    schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {table[10:]}_vector_gin ON {table} USING gin (search_vector)")


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table, date_field, index in TABLES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {gin_index_name(table)}")
        _vector(schema_editor, table, WITH_AGENCY)
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {index} ON {table} (agency_id, {date_field} DESC NULLS LAST, id DESC)"
        )


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table, _date_field, index in TABLES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {index}")
        _vector(schema_editor, table, TEXT)
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {gin_index_name(table)} ON {table} USING gin ({TEXT})"
        )


class Migration(migrations.Migration):
    dependencies = [("documents", "0003_search_indexes")]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
