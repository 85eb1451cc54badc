from django.db import migrations, models
from django.utils import timezone


def ledger_of_what_exists(apps, schema_editor):  # type: ignore[no-untyped-def]
    """Every existing completion of a person with posts, one entry per post, in the order completions were
    recorded: the first export after this migration (complete, or from an old cursor) finds what it found before."""
    Completion = apps.get_model("learning", "Completion")
    Employment = apps.get_model("organisations", "Employment")
    LedgerEntry = apps.get_model("esr", "LedgerEntry")
    posts: dict[int, list[int]] = {}
    for user_id, organisation_id in Employment.objects.order_by("user_id", "organisation_id").values_list(
        "user_id", "organisation_id"
    ):
        posts.setdefault(user_id, []).append(organisation_id)
    now, batch = timezone.now(), []
    for uuid, user_id in (
        Completion.objects.filter(user_id__isnull=False).order_by("id").values_list("uuid", "user_id").iterator()
    ):
        for organisation_id in posts.get(user_id, ()):
            batch.append(
                LedgerEntry(completion_uuid=uuid, user_id=user_id, organisation_id=organisation_id, recorded_at=now)
            )
        if len(batch) >= 2000:
            LedgerEntry.objects.bulk_create(batch)
            batch = []
    LedgerEntry.objects.bulk_create(batch)


class Migration(migrations.Migration):
    dependencies = [
        ("esr", "0001_initial"),
        ("learning", "0005_completions_by_learner_date"),
        ("organisations", "0001_initial"),
    ]

    operations = [
        migrations.CreateModel(
            name="LedgerEntry",
            fields=[
                ("id", models.BigAutoField(primary_key=True, serialize=False)),
                ("completion_uuid", models.UUIDField()),
                ("user_id", models.BigIntegerField()),
                ("organisation_id", models.BigIntegerField()),
                ("recorded_at", models.DateTimeField()),
            ],
            options={
                "indexes": [models.Index(fields=["organisation_id", "id"], name="esr_ledger_by_organisation")],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("completion_uuid", "organisation_id"), name="esr_ledger_once_per_post"
                    )
                ],
            },
        ),
        migrations.RunPython(ledger_of_what_exists, migrations.RunPython.noop),
    ]
