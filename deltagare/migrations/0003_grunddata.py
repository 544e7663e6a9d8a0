"""Loads the code lists and the insatser of the seeds from fixtures/ (docs/regler.md §2).

Historical models only, and update_or_create by code/name: the migration stays correct
when the models change later, and re-running it never duplicates rows.
"""

import json
from pathlib import Path

from django.db import migrations

FIXTURES = Path(__file__).resolve().parent.parent.parent / "fixtures"

# Foreign keys in the code-list fixture, given by the code of the referenced row.
KOD_FK = {"grupp": "deltagare.avslutsgrupp", "overordnad": "deltagare.anmalandepart"}
ORDNING = [
    "deltagare.utbildning",
    "deltagare.aldersgrupp",
    "deltagare.tidutanarbete",
    "deltagare.forsorjning",
    "deltagare.anmalandepart",
    "deltagare.stadsdel",
    "deltagare.avslutsgrupp",
    "deltagare.avslutsorsak",
]


def ladda_kodlistor(apps, schema_editor):
    data = json.loads((FIXTURES / "kodlistor.json").read_text(encoding="utf-8"))
    for label in ORDNING:
        model = apps.get_model(label)
        # Fields added to the fixture later (kort_etikett) are loaded by the migration that adds them.
        known = {f.name for f in model._meta.get_fields()}
        for row in data[label]:
            fields = {name: value for name, value in row.items() if name in known}
            kod = fields.pop("kod")
            for name, target in KOD_FK.items():
                if name in fields:
                    fields[name] = apps.get_model(target).objects.get(kod=fields[name])
            model.objects.update_or_create(kod=kod, defaults=fields)


def ladda_insatser(apps, schema_editor):
    Insats = apps.get_model("insatser", "Insats")
    TidigareNamn = apps.get_model("insatser", "TidigareNamn")
    data = json.loads((FIXTURES / "insatser.json").read_text(encoding="utf-8"))
    for row in data:
        fields = dict(row)
        tidigare = fields.pop("tidigare_namn", [])
        forvantat = fields.pop("forvantat_resultat", [])
        insats, _ = Insats.objects.update_or_create(namn=fields.pop("namn"), defaults=fields)
        for namn in tidigare:
            # A former name with a valid-until date is a dict; the date is loaded by the
            # migration that adds the field (insatser 0006).
            namn = namn if isinstance(namn, str) else namn["namn"]
            TidigareNamn.objects.update_or_create(namn=namn, defaults={"insats": insats})
        for mal in forvantat:
            # Looked up only when the fixture has targets: the model was replaced by insatser.Mal
            # (insatser/migrations/0003), and the tests reload this fixture with today's models.
            ForvantatResultat = apps.get_model("insatser", "ForvantatResultat")
            mal = dict(mal)
            ForvantatResultat.objects.update_or_create(insats=insats, ar=mal.pop("ar"), defaults=mal)


def skapa_roller(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for namn in ("Administratör", "Kansli"):
        Group.objects.get_or_create(name=namn)


class Migration(migrations.Migration):
    dependencies = [
        ("deltagare", "0002_initial"),
        ("insatser", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [
        migrations.RunPython(ladda_kodlistor, migrations.RunPython.noop),
        migrations.RunPython(ladda_insatser, migrations.RunPython.noop),
        migrations.RunPython(skapa_roller, migrations.RunPython.noop),
    ]
