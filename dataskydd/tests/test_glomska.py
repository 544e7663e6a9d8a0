"""The audit trail forgets what must be forgotten (docs/regler.md §5): after withdrawn consent no
removed background value, after deletion and gallring neither a value nor the deltagar-ID, can be
found anywhere in the database. Each test reads every table raw, and the import's tables (undo
values, staged rows, stored files, file names) column by column: they hold values as numbers and
keys, which a text search cannot tell from other numbers."""

import datetime
import json

import pytest
from auditlog.models import LogEntry
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection
from django.db.models import Q
from django.urls import reverse

from dataskydd.services import gallra
from deltagare.choices import BAKGRUNDSFALT
from deltagare.importexport.tests.filer import csv_fil, rad, xlsx
from deltagare.models import (
    Avslutsorsak,
    Deltagare,
    Forsorjning,
    ImportAndring,
    ImportFilbit,
    ImportKorning,
    ImportRad,
    Utbildning,
)
from deltagare.tests.factories import DeltagareFactory

pytestmark = pytest.mark.django_db

ID = "GLOMD-4711"
FODELSEAR = 1961
VARDE = f'"{FODELSEAR}"'  # as the audit trail's JSON holds it (a bare 1961 may be in any timestamp)
BAKGRUNDSFALT_I_LOGGEN = {"fodelsear", "utbildning", "tid_utan_arbete", "forsorjning_start", "forsorjning_slut", "anmalande_part", "stadsdel"}


def _som_text(varde) -> str:
    if isinstance(varde, memoryview):
        varde = bytes(varde)
    if isinstance(varde, bytes):
        return varde.decode("latin-1")
    if isinstance(varde, (dict, list)):  # PostgreSQL hands JSON columns over parsed
        return json.dumps(varde, ensure_ascii=False)
    return str(varde)


def hitta_i_databasen(*texter: str) -> list[tuple[str, str]]:
    """(table, text) for every table of the database whose rows contain one of the texts."""
    traffar = []
    with connection.cursor() as cursor:
        for tabell in connection.introspection.table_names():
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(tabell)}")
            for rad in cursor.fetchall():
                rad_text = " ".join(_som_text(v) for v in rad).lower()
                traffar += [(tabell, t) for t in texter if t.lower() in rad_text]
    return traffar


def i_importerna(pk: int) -> set[str]:
    """Which of the import's tables still hold the participant's key, ID or födelseår."""
    kvar = set()
    if ImportAndring.objects.filter(Q(deltagare_pk=pk) | Q(fodelsear=FODELSEAR)).exists():
        kvar.add("ångravärden")
    if ImportRad.objects.filter(Q(befintlig=pk) | Q(deltagar_id__iexact=ID) | Q(fodelsear=FODELSEAR)).exists():
        kvar.add("mellantabell")
    if any(ID.encode() in bytes(d) or str(FODELSEAR).encode() in bytes(d) for d in ImportFilbit.objects.values_list("data", flat=True)):
        kvar.add("fil")
    if ImportKorning.objects.filter(filnamn__icontains=ID).exists():
        kvar.add("filnamn")
    return kvar


def bakgrund_i_importerna(pk: int) -> set[str]:
    """Which of the import's tables still hold background values of the participant."""
    kvar = set()
    kolumner = [Deltagare._meta.get_field(f).attname for f in BAKGRUNDSFALT]
    for varden in ImportAndring.objects.filter(deltagare_pk=pk).values_list(*kolumner):
        if any(v is not None for v in varden):
            kvar.add("ångravärden")
    if ImportRad.objects.filter(Q(befintlig=pk) | Q(fodelsear=FODELSEAR)).exists():
        kvar.add("mellantabell")
    if any(str(FODELSEAR).encode() in bytes(d) for d in ImportFilbit.objects.values_list("data", flat=True)):
        kvar.add("fil")
    return kvar


@pytest.fixture
def deltagare(leader_a, insats_a):
    return DeltagareFactory(
        insats=insats_a,
        deltagar_id=ID,
        samtycke=True,
        fodelsear=FODELSEAR,
        utbildning=Utbildning.objects.get(kod="eftergymnasial"),
        forsorjning_start=Forsorjning.objects.get(kod="sjukersattning"),
    )


@pytest.fixture
def spar_overallt(client, leader_a, administrator, insats_a, deltagare, tmp_path, arbetare):
    """The participant is read, searched for, exported, changed and imported through every
    surface that writes something down."""
    client.force_login(leader_a)
    client.get(reverse("deltagare:visa", args=[deltagare.pk]))
    client.get(reverse("deltagare:lista", args=[insats_a.pk]), {"deltagar_id": ID})
    # A term as typed at the end of a sentence: the ID with a full stop (the round-3 finding).
    client.post(reverse("deltagare:sok"), {"q": f"{ID}."})
    client.get("/api/deltagare/", {"deltagar_id": ID})
    client.get(reverse("dataskydd:registerutdrag"), {"insats": insats_a.pk, "deltagar_id": ID})
    client.post(
        reverse("deltagare:andra", args=[deltagare.pk]),
        {**_formular(deltagare), "lots": "on"},
    )
    client.force_login(administrator)
    client.get(reverse("admin:deltagare_deltagare_changelist"), {"q": ID})
    deltagare.refresh_from_db()
    client.post(
        reverse("admin:deltagare_deltagare_change", args=[deltagare.pk]),
        {**_formular(deltagare), "insats": insats_a.pk, "sedd_version": deltagare.version, "arbetstraning": "on",
         "uppfoljningar-TOTAL_FORMS": "0", "uppfoljningar-INITIAL_FORMS": "0"},
    )
    ImportKorning.objects.create(
        skapad_av=leader_a, filnamn="annan.xlsx", status=ImportKorning.Status.FEL,
        fel=[{"rad": 2, "kolumn": "B", "meddelande": f"Deltagar-ID {ID} finns redan."}],
    )
    # A confirmed import through the command, from a file named after the participant: its undo
    # values hold the participant's earlier values.
    fil = tmp_path / f"{ID}.xlsx"
    fil.write_bytes(xlsx([rad(Deltagar_ID=ID, Födelseår=FODELSEAR, Lots="Ja", Stadsdel="Skärholmen")]))
    call_command("import_deltagare", str(fil), anvandare=leader_a.username)
    # A web upload the worker has previewed, waiting for confirmation: staged rows and the file.
    client.force_login(leader_a)
    client.post(
        reverse("importexport:import"),
        {"fil": SimpleUploadedFile("vantar.csv", csv_fil([rad(Deltagar_ID=ID, Födelseår=FODELSEAR, Lots="Nej")]))},
    )
    arbetare()
    assert ImportKorning.objects.get(filnamn="vantar.csv").status == ImportKorning.Status.GRANSKAD
    deltagare.refresh_from_db()
    assert deltagare.fodelsear == FODELSEAR
    # The trail did write the ID and the values down, so the tests below prove a forgetting.
    assert {t for _tabell, t in hitta_i_databasen(ID, VARDE)} == {ID, VARDE}
    assert i_importerna(deltagare.pk) == {"ångravärden", "mellantabell", "fil", "filnamn"}
    assert bakgrund_i_importerna(deltagare.pk) == {"ångravärden", "mellantabell", "fil"}


def _formular(d: Deltagare) -> dict:
    return {
        "deltagar_id": d.deltagar_id,
        "samtycke": "True",
        "kon": d.kon,
        "juridiskt_kon": d.juridiskt_kon,
        "fodelsear": d.fodelsear or "",
        "utbildning": d.utbildning_id or "",
        "forsorjning_start": d.forsorjning_start_id or "",
        "startdatum": d.startdatum.isoformat(),
        "version": d.version,
    }


def bakgrundsvarden_i_loggen(pk: int) -> list:
    return [
        (post.pk, falt, varden)
        for post in LogEntry.objects.filter(object_pk=str(pk), content_type__model="deltagare")
        for falt, varden in (post.changes or {}).items()
        if falt in BAKGRUNDSFALT_I_LOGGEN and any(v not in ("None", "", None, "[borttaget]") for v in varden)
    ]


def test_withdrawn_consent_leaves_no_removed_background_value_in_the_trail(client, leader_a, deltagare, spar_overallt):
    deltagare.refresh_from_db()
    assert bakgrundsvarden_i_loggen(deltagare.pk)
    client.force_login(leader_a)
    svar = client.post(reverse("deltagare:andra", args=[deltagare.pk]), {**_formular(deltagare), "samtycke": "False"})
    assert svar.status_code == 302
    deltagare.refresh_from_db()
    assert (deltagare.samtycke, deltagare.fodelsear, deltagare.forsorjning_start) == (False, None, None)
    assert bakgrundsvarden_i_loggen(deltagare.pk) == []
    assert hitta_i_databasen(VARDE) == []
    assert bakgrund_i_importerna(deltagare.pk) == set()


def test_the_waiting_preview_of_a_participant_who_withdrew_consent_must_be_uploaded_again(
    client, leader_a, deltagare, spar_overallt
):
    deltagare.refresh_from_db()
    client.force_login(leader_a)
    client.post(reverse("deltagare:andra", args=[deltagare.pk]), {**_formular(deltagare), "samtycke": "False"})
    korning = ImportKorning.objects.get(filnamn="vantar.csv")
    assert (korning.status, korning.kan_forsokas_igen) == (ImportKorning.Status.FEL, False)
    assert korning.fel[0][2] == "En deltagare i filen återkallade sitt samtycke medan filen väntade; ladda upp filen igen."
    assert not korning.rader.exists() and not korning.filbitar.exists()


def test_the_trail_still_says_who_withdrew_consent_and_which_fields_went(client, leader_a, deltagare):
    client.force_login(leader_a)
    client.post(reverse("deltagare:andra", args=[deltagare.pk]), {**_formular(deltagare), "samtycke": "False"})
    post = LogEntry.objects.filter(object_pk=str(deltagare.pk), action=LogEntry.Action.UPDATE).latest("timestamp")
    assert post.actor == leader_a
    assert post.changes["samtycke"] == ["True", "False"]
    assert post.changes["fodelsear"] == ["[borttaget]", "None"]


def test_withdrawing_consent_over_the_api_forgets_the_values_too(client, leader_a, deltagare):
    assert hitta_i_databasen(VARDE)
    client.force_login(leader_a)
    svar = client.patch(
        f"/api/deltagare/{deltagare.pk}/", {"samtycke": False, "version": deltagare.version}, content_type="application/json"
    )
    assert svar.status_code == 200
    assert bakgrundsvarden_i_loggen(deltagare.pk) == []
    assert hitta_i_databasen(VARDE) == []


def test_a_deleted_participant_leaves_neither_values_nor_id_anywhere(client, leader_a, deltagare, spar_overallt):
    client.force_login(leader_a)
    deltagare.refresh_from_db()
    svar = client.post(reverse("deltagare:ta_bort", args=[deltagare.pk]), {"version": deltagare.version})
    assert svar.status_code == 302
    assert not Deltagare.objects.filter(pk=deltagare.pk).exists()
    assert hitta_i_databasen(ID, VARDE) == []
    assert i_importerna(deltagare.pk) == set()


def test_the_trail_still_says_who_deleted_a_participant_and_when(client, leader_a, deltagare):
    client.force_login(leader_a)
    client.post(reverse("deltagare:ta_bort", args=[deltagare.pk]), {"version": deltagare.version})
    post = LogEntry.objects.get(object_pk=str(deltagare.pk), action=LogEntry.Action.DELETE)
    assert (post.actor, post.object_repr) == (leader_a, "(borttagen)")
    assert post.changes["deltagar_id"] == ["[borttaget]", "None"]


def test_gallring_leaves_neither_values_nor_id_anywhere(deltagare, spar_overallt, administrator):
    Deltagare.objects.filter(pk=deltagare.pk).update(
        startdatum=datetime.date(2021, 2, 1), slutdatum=datetime.date(2021, 9, 30),
        avslutsorsak_id=Avslutsorsak.objects.get(kod="arbete").pk,
    )
    resultat = gallra(user=administrator, idag=datetime.date(2025, 3, 1), dry_run=False)
    assert resultat.antal == 1
    assert hitta_i_databasen(ID, VARDE) == []
    assert i_importerna(deltagare.pk) == set()


def test_a_gallring_of_hundreds_leaves_neither_values_nor_id_anywhere(deltagare, spar_overallt, administrator, insats_a):
    # Past a hundred IDs every logged entry with data is read instead of searched for.
    gammal = {
        "startdatum": datetime.date(2021, 2, 1),
        "slutdatum": datetime.date(2021, 9, 30),
        "avslutsorsak": Avslutsorsak.objects.get(kod="arbete"),
    }
    DeltagareFactory.create_batch(150, insats=insats_a, **gammal)
    Deltagare.objects.filter(pk=deltagare.pk).update(
        startdatum=gammal["startdatum"], slutdatum=gammal["slutdatum"], avslutsorsak_id=gammal["avslutsorsak"].pk
    )
    resultat = gallra(user=administrator, idag=datetime.date(2025, 3, 1), dry_run=False)
    assert resultat.antal == 151
    assert hitta_i_databasen(ID, VARDE) == []
    assert i_importerna(deltagare.pk) == set()


def test_an_id_that_is_part_of_another_survives_the_forgetting(client, leader_a, insats_a, deltagare):
    DeltagareFactory(insats=insats_a, deltagar_id=f"{ID}2")
    client.force_login(leader_a)
    client.get(reverse("deltagare:lista", args=[insats_a.pk]), {"deltagar_id": f"{ID}2"})
    client.post(reverse("deltagare:ta_bort", args=[deltagare.pk]), {"version": deltagare.version})
    assert LogEntry.objects.get(object_pk="export").additional_data["filter"]["deltagar_id"] == f"{ID}2"
