"""Förväntat resultat becomes goals of their own (insatser.Mal): the rows of the old model are
copied, then the goals of the business plan 2022 and the half-year targets 2025 are loaded
from fixtures/mal.json. Historical models only; update_or_create by the goal's key, so running
it again (or on a database that already holds a copied target) never duplicates a goal."""

import datetime
import json
from pathlib import Path

from django.db import migrations

FIXTURES = Path(__file__).resolve().parent.parent.parent / "fixtures"


def kopiera_forvantat_resultat(apps, schema_editor):
    ForvantatResultat = apps.get_model("insatser", "ForvantatResultat")
    Mal = apps.get_model("insatser", "Mal")
    Avslutsorsak = apps.get_model("deltagare", "Avslutsorsak")
    for gammalt in ForvantatResultat.objects.select_related("annat_utfall"):
        bas = {"insats_id": gammalt.insats_id, "ar": gammalt.ar}
        if gammalt.antal_deltagare is not None or gammalt.andel_kvinnor is not None:
            Mal.objects.update_or_create(
                **bas,
                typ="deltagare",
                defaults={"antal": gammalt.antal_deltagare, "andel_kvinnor": gammalt.andel_kvinnor},
            )
        if gammalt.andel_arbete_studier is not None:
            mal, _ = Mal.objects.update_or_create(
                **bas,
                typ="utfall",
                beskrivning="Andel avslutade till arbete eller studier",
                defaults={"andel": gammalt.andel_arbete_studier, "sortering": 20},
            )
            mal.avslutsorsaker.set(Avslutsorsak.objects.filter(arbete_eller_studier=True))
        if gammalt.annat_utfall_id is not None and gammalt.andel_annat_utfall is not None:
            mal, _ = Mal.objects.update_or_create(
                **bas,
                typ="utfall",
                beskrivning=f"Andel avslutade till {gammalt.annat_utfall.namn}",
                defaults={"andel": gammalt.andel_annat_utfall, "sortering": 30},
            )
            mal.avslutsgrupper.set([gammalt.annat_utfall])


def ladda_mal(apps, schema_editor):
    Insats = apps.get_model("insatser", "Insats")
    Mal = apps.get_model("insatser", "Mal")
    Avslutsorsak = apps.get_model("deltagare", "Avslutsorsak")
    Avslutsgrupp = apps.get_model("deltagare", "Avslutsgrupp")
    insatser = {i.kortnamn: i for i in Insats.objects.all()}
    for rad in json.loads((FIXTURES / "mal.json").read_text(encoding="utf-8")):
        falt = dict(rad)
        insats = insatser.get(falt.pop("insats"))
        if insats is None:
            continue
        orsaker = falt.pop("avslutsorsaker", [])
        grupper = falt.pop("avslutsgrupper", [])
        nyckel = {
            "insats": insats,
            "typ": falt.pop("typ"),
            "ar": falt.pop("ar", None),
            "period_fran": _datum(falt.pop("period_fran", None)),
            "period_till": _datum(falt.pop("period_till", None)),
        }
        if nyckel["typ"] != "deltagare":
            # One participant-count goal per insats and period; the others are told apart by text.
            nyckel["beskrivning"] = falt.pop("beskrivning")
        mal, _ = Mal.objects.update_or_create(**nyckel, defaults=falt)
        if orsaker:
            mal.avslutsorsaker.set(Avslutsorsak.objects.filter(kod__in=orsaker))
        if grupper:
            mal.avslutsgrupper.set(Avslutsgrupp.objects.filter(kod__in=grupper))


def _datum(text):
    return datetime.date.fromisoformat(text) if text else None


class Migration(migrations.Migration):
    dependencies = [
        ("insatser", "0002_mal"),
        ("deltagare", "0003_grunddata"),
    ]

    operations = [
        migrations.RunPython(kopiera_forvantat_resultat, migrations.RunPython.noop),
        migrations.RunPython(ladda_mal, migrations.RunPython.noop),
    ]
