"""Saved imports whose undo stopped (a worker that died, a failed statement) were marked failed
with "inget sparades", left the history and lost their undo data after 24 hours. The undo had
undone nothing: they are saved imports again, and can be undone again."""

from django.db import migrations


def aterstall(apps, schema_editor):
    ImportKorning = apps.get_model("deltagare", "ImportKorning")
    ImportKorning.objects.filter(status="misslyckad", sparad__isnull=False, angrad__isnull=True).update(
        status="klar",
        fel=[[None, None, "Ångrandet avbröts. Inget ångrades; importen är sparad som förut och kan ångras igen.", None]],
        antal_fel=0,
        kan_forsokas_igen=False,
    )


class Migration(migrations.Migration):
    dependencies = [("deltagare", "0014_kodsynonymer")]

    operations = [migrations.RunPython(aterstall, migrations.RunPython.noop)]
