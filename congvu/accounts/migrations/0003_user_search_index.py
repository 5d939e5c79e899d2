"""Diacritic-insensitive search over accounts (DOC-10, R-AC-1): FTS5 on SQLite, GIN on PostgreSQL."""

from django.db import migrations

from congvu.core.search import fts_migration_operations


class Migration(migrations.Migration):
    dependencies = [("accounts", "0002_initial")]

    operations = fts_migration_operations("accounts_user")
