from django.db import migrations


class Migration(migrations.Migration):
    initial = True
    dependencies = []  # type: ignore[var-annotated]
    operations = []  # type: ignore[var-annotated]
