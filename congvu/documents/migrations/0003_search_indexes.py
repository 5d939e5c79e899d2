"""Indexes for documents search and the lists it was measured with (bench/documents_bench.py):

- the clerk's incoming list, newest arrival first within the agency: (agency, arrival date,
  arrival number, id), read backwards from the top, 20 rows;
- search walks back in time by windows of arrival date (incoming) and issue date (outgoing): each
  window is the full-text match AND'ed with a date range.

On PostgreSQL, the folded search text is also kept as a stored ``tsvector`` column
(``search_vector``, generated from ``search_text`` by the database itself) with its own GIN index:
testing one row against a query then reads the vector instead of parsing the text again (about 50 µs
a row at 300,000 documents), so the planner may walk the date index for common words and probe the
vector row by row. SQLite's FTS5 tables already hold their index apart.

Plain SQL outside the models' state: the column and indexes serve queries, not the schema (Django
never writes the generated column).
"""

from django.db import migrations

INDEXES = (
    ("doc_in_agency_arrival_idx", "documents_incomingdocument",
     "agency_id, arrival_date DESC, arrival_number DESC, id DESC"),
    ("doc_in_arrival_idx", "documents_incomingdocument", "arrival_date"),
    ("doc_out_issued_idx", "documents_outgoingdocument", "issued_date"),
)


VECTOR_TABLES = ("documents_incomingdocument", "documents_outgoingdocument")


def vectors_forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in VECTOR_TABLES:
        schema_editor.execute(
            f"ALTER TABLE {table} ADD COLUMN IF NOT EXISTS search_vector tsvector GENERATED ALWAYS AS "
            f"(to_tsvector('simple'::regconfig, COALESCE(search_text, ''))) STORED"
        )
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {table[10:]}_vector_gin ON {table} USING gin (search_vector)"
        )


def vectors_backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in VECTOR_TABLES:
        schema_editor.execute(f"ALTER TABLE {table} DROP COLUMN IF EXISTS search_vector")


class Migration(migrations.Migration):
    dependencies = [("documents", "0002_search_index")]

    operations = [
        migrations.RunSQL(
            f"CREATE INDEX IF NOT EXISTS {name} ON {table} ({columns})",
            f"DROP INDEX IF EXISTS {name}",
            elidable=False,
        )
        for name, table, columns in INDEXES
    ] + [migrations.RunPython(vectors_forwards, vectors_backwards, elidable=False)]
