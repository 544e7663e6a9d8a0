"""The shared cache's table (settings.CACHES: DatabaseCache unless REDIS_URL is set), made by
`migrate` so that no installation needs a separate `createcachetable` step."""

from django.core.management import call_command
from django.db import migrations


def skapa_cachetabell(apps, schema_editor):
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    dependencies = []

    operations = [migrations.RunPython(skapa_cachetabell, migrations.RunPython.noop)]
