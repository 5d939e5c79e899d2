"""Full-text indexes of the documents' folded search text (DOC-10)."""

from django.db import migrations

from congvu.core.search import fts_migration_operations


class Migration(migrations.Migration):
    dependencies = [("documents", "0001_initial")]

    operations = [
        *fts_migration_operations("documents_incomingdocument"),
        *fts_migration_operations("documents_outgoingdocument"),
        *fts_migration_operations("documents_dossier"),
    ]
