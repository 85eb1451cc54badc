"""The database cache's table, for installs without Redis (settings: CACHES, REDIS_URL).

A migration rather than a separate `createcachetable` step, so `make run`, the test database and a
production `migrate` all have it from a fresh clone. createcachetable skips tables that exist and
caches that are not database caches, so this is a no-op where Redis is the cache.
"""

from django.core.management import call_command
from django.db import migrations


def create_cache_table(apps, schema_editor):
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    dependencies = [("accounts", "0001_initial")]

    operations = [migrations.RunPython(create_cache_table, migrations.RunPython.noop, elidable=False)]
