import datetime as dt

from django.db import migrations, models

import congvu.accounts.models

# Tokens made before tokens expired last the default lifetime from their making.
DAYS = 90


def set_expiry(apps, schema_editor):
    ApiToken = apps.get_model("accounts", "ApiToken")
    for token in ApiToken.objects.filter(expires_at__isnull=True).only("pk", "created_at"):
        ApiToken.objects.filter(pk=token.pk).update(expires_at=token.created_at + dt.timedelta(days=DAYS))


class Migration(migrations.Migration):
    dependencies = [("accounts", "0004_user_status_changed_at")]

    operations = [
        migrations.AddField(
            model_name="apitoken",
            name="expires_at",
            field=models.DateTimeField(null=True, verbose_name="hết hạn lúc"),
        ),
        migrations.RunPython(set_expiry, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="apitoken",
            name="expires_at",
            field=models.DateTimeField(default=congvu.accounts.models.token_expiry, verbose_name="hết hạn lúc"),
        ),
    ]
