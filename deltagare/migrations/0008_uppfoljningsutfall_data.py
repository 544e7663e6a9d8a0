"""The follow-up code lists from fixtures/uppfoljning.json, and an outcome for the follow-ups
marked done before outcomes were recorded: "Okänt", since nobody wrote down what it was."""

import json
from pathlib import Path

from django.db import migrations

FIXTURES = Path(__file__).resolve().parent.parent.parent / "fixtures"


def ladda_uppfoljningskodlistor(apps, schema_editor):
    data = json.loads((FIXTURES / "uppfoljning.json").read_text(encoding="utf-8"))
    for label, rader in data.items():
        model = apps.get_model(label)
        for rad in rader:
            falt = dict(rad)
            model.objects.update_or_create(kod=falt.pop("kod"), defaults=falt)


def gjorda_far_okant_utfall(apps, schema_editor):
    Uppfoljning = apps.get_model("deltagare", "Uppfoljning")
    Uppfoljningsutfall = apps.get_model("deltagare", "Uppfoljningsutfall")
    okant = Uppfoljningsutfall.objects.get(kod="okant")
    Uppfoljning.objects.filter(
        utford_datum__isnull=False, utfall__isnull=True, ej_genomford_orsak__isnull=True
    ).update(utfall=okant)


class Migration(migrations.Migration):
    dependencies = [
        ("deltagare", "0007_uppfoljningsutfall"),
    ]

    operations = [
        migrations.RunPython(ladda_uppfoljningskodlistor, migrations.RunPython.noop),
        migrations.RunPython(gjorda_far_okant_utfall, migrations.RunPython.noop),
    ]
