"""Seeds the code lists' synonyms from fixtures/kodsynonymer.json: the abbreviations
of the association's reports (SDF, HSV, FK, AF, Jobbtorg, "Region Stockholm") and the district
names before 2020, so the old Excel files import (docs/regler.md §4).

Adds what is missing and keeps what an administrator has added or removed since: a synonym
is written only to a code whose list does not already use it.
"""

import json
from pathlib import Path

from django.db import migrations

FIXTURES = Path(__file__).resolve().parent.parent.parent / "fixtures"


def _jamforbar(text: str) -> str:
    return " ".join(text.replace("\u2013", "-").replace("\u2014", "-").split()).casefold()


def ladda_synonymer(apps, schema_editor):
    data = json.loads((FIXTURES / "kodsynonymer.json").read_text(encoding="utf-8"))
    for label, per_kod in data.items():
        if label.startswith("_"):
            continue
        model = apps.get_model(label)
        rader = list(model.objects.all())
        upptagna = {
            _jamforbar(text)
            for rad in rader
            for text in (rad.kod, rad.namn, *rad.synonymer.splitlines())
            if text.strip()
        }
        for rad in rader:
            nya = [s for s in per_kod.get(rad.kod, []) if _jamforbar(s) not in upptagna]
            if nya:
                upptagna.update(_jamforbar(s) for s in nya)
                rad.synonymer = "\n".join([*filter(None, rad.synonymer.splitlines()), *nya])
                rad.save(update_fields=["synonymer"])


class Migration(migrations.Migration):
    dependencies = [("deltagare", "0013_import_ko_historik_synonymer")]

    operations = [migrations.RunPython(ladda_synonymer, migrations.RunPython.noop)]
