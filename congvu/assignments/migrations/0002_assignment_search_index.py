"""Full-text index over Assignment.search_text for the lists' text filter (TASK-2; DOC-10)."""

from django.db import migrations

from congvu.core.search import fts_migration_operations


class Migration(migrations.Migration):
    dependencies = [("assignments", "0001_initial")]

    operations = fts_migration_operations("assignments_assignment")
