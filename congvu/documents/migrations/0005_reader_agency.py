"""Each path row (``DocumentReader``) keeps its document's agency, and the person's indexes carry
it, as do the drafter's and the signer's indexes of outgoing documents: a clerk's search reads the
ids on their path outside the agencies they keep from the indexes alone
(``search.policies.clerk_parts``), not by looking up each document."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

BACKFILL = """
UPDATE documents_documentreader SET agency_id = COALESCE(
    (SELECT d.agency_id FROM documents_incomingdocument d WHERE d.id = documents_documentreader.incoming_id),
    (SELECT d.agency_id FROM documents_outgoingdocument d WHERE d.id = documents_documentreader.outgoing_id)
)
"""


class Migration(migrations.Migration):
    dependencies = [
        ("documents", "0004_search_agency_walk"),
        ("org", "0007_role_sms_sender"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RemoveIndex(model_name="documentreader", name="doc_reader_user_in_idx"),
        migrations.RemoveIndex(model_name="documentreader", name="doc_reader_user_out_idx"),
        migrations.AddField(
            model_name="documentreader",
            name="agency",
            field=models.ForeignKey(
                blank=True,
                db_index=False,
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="org.unit",
            ),
        ),
        migrations.RunSQL(BACKFILL, migrations.RunSQL.noop),
        migrations.RemoveIndex(model_name="outgoingdocument", name="doc_out_drafter_idx"),
        migrations.RemoveIndex(model_name="outgoingdocument", name="doc_out_signer_idx"),
        migrations.AddIndex(
            model_name="outgoingdocument",
            index=models.Index(
                fields=["drafter", "status", "-id"], include=("agency",), name="doc_out_drafter_idx"
            ),
        ),
        migrations.AddIndex(
            model_name="outgoingdocument",
            index=models.Index(fields=["signer", "status", "-id"], include=("agency",), name="doc_out_signer_idx"),
        ),
        migrations.AddIndex(
            model_name="documentreader",
            index=models.Index(fields=["user", "incoming"], include=("agency",), name="doc_reader_user_in_idx"),
        ),
        migrations.AddIndex(
            model_name="documentreader",
            index=models.Index(fields=["user", "outgoing"], include=("agency",), name="doc_reader_user_out_idx"),
        ),
    ]
