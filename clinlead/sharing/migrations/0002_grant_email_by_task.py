from django.db import migrations, models
from django.db.models import F


def grants_before_now_were_emailed(apps, schema_editor):  # type: ignore[no-untyped-def]
    # Until this migration the email went in the request that made the grant: every grant saved was emailed then.
    apps.get_model("sharing", "Grant").objects.update(emailed_at=F("created_at"))


class Migration(migrations.Migration):
    dependencies = [("sharing", "0001_initial")]

    operations = [
        migrations.AddField(model_name="grant", name="emailed_at", field=models.DateTimeField(blank=True, null=True)),
        migrations.AddField(model_name="grant", name="email_run", field=models.UUIDField(blank=True, null=True)),
        migrations.RunPython(grants_before_now_were_emailed, migrations.RunPython.noop),
    ]
