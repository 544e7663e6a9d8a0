"""Finding 6: the association's older Excel files. Other headers and column orders (a column
step, suggested by similarity and remembered per user), one sheet per insats or year imported
together, the abbreviations of its reports (SDF, HSV, FK, AF, Jobbtorg, "Region Stockholm") as
synonyms on the code lists, and SUS-style anonymous rows without kön, counted as "Okänt kön"."""

import datetime
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.urls import reverse
from openpyxl import Workbook

import rapporter
from deltagare.models import AnmalandePart, Deltagare, ImportKorning, Kolumnval
from insatser.models import Insats

from ..kolumner import foresla_kolumner
from ..services import importera_deltagare
from .conftest import ladda_upp
from .filer import ANONYM, rad, xlsx

pytestmark = pytest.mark.django_db

GAMLA_RUBRIKER = ["Löpnr", "Kön", "Född", "Inskriven", "Utskriven", "Orsak", "Remittent", "Bostadsområde", "Anteckning"]


def gammal_bok(blad: dict[str, list[list]], rubriker=GAMLA_RUBRIKER) -> bytes:
    """An older workbook: one sheet per insats, its own headers, no Insats or Samtycke column."""
    bok = Workbook()
    bok.remove(bok.active)
    for namn, rader in blad.items():
        ark = bok.create_sheet(namn)
        ark.append(rubriker)
        for r in rader:
            ark.append(r)
    ut = io.BytesIO()
    bok.save(ut)
    return ut.getvalue()


def gamla_rader(prefix: str, anmalare: list[str]) -> list[list]:
    return [
        [f"{prefix}-{n}", "K" if n % 2 else "M", 1980 + n, datetime.date(2021, 3, n), None, None, part, "Rinkeby-Kista", "ringde"]
        for n, part in enumerate(anmalare, start=1)
    ]


def kolumnformular(korning: ImportKorning, **val) -> dict:
    """The column form as the page offers it (its suggestions), with some choices changed."""
    data = {"samtycke": val.pop("samtycke", "")}
    for blad in korning.blad:
        i = blad["index"]
        if blad["med"]:
            data[f"b{i}_med"] = "on"
        for falt, index in blad["kolumner"].items():
            data[f"b{i}_{falt}"] = str(index)
    data.update(val)
    return data


def test_headers_of_older_sheets_are_suggested_by_name_and_similarity():
    assert foresla_kolumner(["Löpnr", "Kön", "Född", "Inskriven", "Utskriven", "Orsak", "Remittent", "Bostadsområde", "Startdatm"], {}) == {
        "kon": 1,
        "fodelsear": 2,
        "startdatum": 3,
        "slutdatum": 4,
        "avslutsorsak": 5,
        "anmalande_part": 6,
        "stadsdel": 7,
    }


def test_an_older_workbook_imports_after_the_column_step(client, administrator, arbetare):
    innehall = gammal_bok(
        {
            "MGT 2021": gamla_rader("MGT", ["SDF", "HSV", "FK", "AF"]),
            "Aktivitetsplatsen 2021": gamla_rader("AP", ["Jobbtorg", "Region Stockholm", "fk"]),
            "Anteckningar": [["inget här"]],
        }
    )
    client.force_login(administrator)
    svar = ladda_upp(client, innehall, "gamla-2021.xlsx")
    arbetare()
    korning = ImportKorning.objects.get()
    assert korning.status == ImportKorning.Status.KOLUMNER
    assert client.get(svar.url).url == reverse("importexport:kolumner", args=[korning.pk])
    sida = client.get(reverse("importexport:kolumner", args=[korning.pk])).content.decode()
    assert "Bladet MGT 2021" in sida and "Bladet Anteckningar" in sida
    assert [b["med"] for b in korning.blad] == [False, False, False]  # no Deltagar-ID yet: the user says

    mgt, ap = Insats.objects.get(kortnamn="MGT"), Insats.objects.get(kortnamn="Aktivitetsplatsen")
    data = kolumnformular(korning, samtycke="ja", b0_med="on", b1_med="on", b0_deltagar_id="0", b1_deltagar_id="0",
                          b0_insats_fast=str(mgt.pk), b1_insats_fast=str(ap.pk))
    svar = client.post(reverse("importexport:kolumner", args=[korning.pk]), data)
    assert svar.status_code == 302
    arbetare()
    korning.refresh_from_db()
    assert (korning.status, korning.nya, korning.fel) == (ImportKorning.Status.GRANSKAD, 7, [])
    # The sheet left out is named on the preview, with its rows.
    assert "Importeras inte (bladen kryssades inte i): bladet Anteckningar (1 rad)." in client.get(svar.url).content.decode()
    client.post(reverse("importexport:bekrafta", args=[korning.pk]), {"granskning": korning.granskningsnyckel})
    arbetare()
    parter = dict(Deltagare.objects.values_list("deltagar_id", "anmalande_part__kod"))
    assert parter == {
        "MGT-1": "stockholms-stad-stadsdelsforvaltning",
        "MGT-2": "region-stockholm",
        "MGT-3": "forsakringskassan",
        "MGT-4": "arbetsformedlingen",
        "AP-1": "stockholms-stad-jobbtorg",
        "AP-2": "region-stockholm",
        "AP-3": "forsakringskassan",
    }
    assert set(Deltagare.objects.values_list("stadsdel__kod", flat=True)) == {"jarva"}
    assert Deltagare.objects.get(deltagar_id="AP-1").insats == ap

    # The user's choice for "Löpnr" is remembered and suggested for the next file.
    assert Kolumnval.objects.get(anvandare=administrator, rubrik="löpnr").kolumn == "deltagar_id"
    ladda_upp(client, innehall, "gamla-2022.xlsx")
    arbetare()
    ny = ImportKorning.objects.latest("pk")
    assert ny.blad[0]["kolumner"]["deltagar_id"] == 0 and ny.blad[0]["med"] is True


def test_the_column_step_asks_for_consent_an_insats_and_the_key_columns(client, administrator, arbetare):
    client.force_login(administrator)
    ladda_upp(client, gammal_bok({"2021": gamla_rader("X", ["FK"])}))
    arbetare()
    korning = ImportKorning.objects.get()
    svar = client.post(reverse("importexport:kolumner", args=[korning.pk]), kolumnformular(korning, b0_med="on", b0_startdatum=""))
    html = svar.content.decode()
    assert "Filen saknar kolumnen Samtycke: välj vad som gäller för raderna." in html
    assert "Välj insatsens kolumn, eller en insats för hela bladet." in html
    assert "Välj kolumnen för Deltagar-ID." in html and "Välj kolumnen för Startdatum." in html
    korning.refresh_from_db()
    assert korning.status == ImportKorning.Status.KOLUMNER


def test_a_leader_cannot_choose_another_insats_for_a_sheet(client, leader_a, insats_b, arbetare):
    client.force_login(leader_a)
    ladda_upp(client, gammal_bok({"2021": gamla_rader("X", ["FK"])}))
    arbetare()
    korning = ImportKorning.objects.get()
    data = kolumnformular(korning, samtycke="nej", b0_med="on", b0_deltagar_id="0", b0_insats_fast=str(insats_b.pk))
    html = client.post(reverse("importexport:kolumner", args=[korning.pk]), data).content.decode()
    assert "Välj ett giltigt alternativ." in html or "Du kan inte importera till den insatsen." in html
    assert ImportKorning.objects.get().status == ImportKorning.Status.KOLUMNER


def test_sus_style_anonymous_rows_without_kon_import_and_count_as_unknown_kon():
    anonyma = [{**ANONYM, "Deltagar-ID": f"SUS-{n}", "Kön": kon} for n, kon in enumerate(["", "Anonym", "okänt"])]
    resultat = importera_deltagare(user=None, innehall=xlsx([rad(Deltagar_ID="AP-K"), *anonyma]), filnamn="sus.xlsx")
    assert (resultat.fel, resultat.nya) == ([], 4)
    assert sorted(Deltagare.objects.values_list("kon", flat=True)) == ["", "", "", "K"]
    tabell = rapporter.berakna("aktiva", fran=datetime.date(2025, 1, 1), till=datetime.date(2025, 6, 30))
    # The kön columns the period has (an empty one is left out), each with its count.
    summa = dict(zip(tabell["kolumner"], tabell["summa"]["varden"], strict=False))
    assert (summa["Kvinnor"], summa["Okänt kön"], summa["Totalt"]) == (1, 3, 4)


def test_several_contract_sheets_import_together_and_problems_name_their_sheet(tmp_path):
    bok = Workbook()
    for namn, rader in (("2024", [rad(Deltagar_ID="AP-24")]), ("2025", [rad(Deltagar_ID="AP-25"), rad(Deltagar_ID="AP-24", Kön="X")])):
        ark = bok.create_sheet(namn)
        ark.append(list(rad().keys()))
        for r in rader:
            ark.append(list(r.values()))
    bok.remove(bok["Sheet"])
    fil = tmp_path / "flera.xlsx"
    bok.save(fil)
    fel = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_deltagare", str(fil), stderr=fel)
    assert fel.getvalue().splitlines() == [
        "blad 2025, rad 3, kolumn Kön: Okänt värde ”X”. Tillåtna värden: Kvinna, Man, Annan könsidentitet.",
        "blad 2025, rad 3, kolumn Deltagar-ID: Deltagar-ID:t finns redan på rad 2 i bladet 2024 (samma insats).",
    ]
    bok["2025"].delete_rows(3)
    bok.save(fil)
    ut = io.StringIO()
    call_command("import_deltagare", str(fil), stdout=ut)
    assert ut.getvalue().strip() == "Importerat: 2 nya, 0 ändrade, 0 oförändrade."


def test_a_synonym_that_already_means_another_code_is_refused():
    fk = AnmalandePart.objects.get(kod="forsakringskassan")
    fk.synonymer = "FK\nAF"
    with pytest.raises(ValidationError) as fel:
        fk.full_clean()
    assert fel.value.message_dict == {"synonymer": ["”AF” betyder redan Arbetsförmedlingen i listan."]}


def test_the_short_labels_of_the_published_tables_import_as_their_codes():
    # A sheet copied from the reports holds "Kungsholmen-N. innerstaden", not the list's label.
    resultat = importera_deltagare(user=None, innehall=xlsx([rad(Stadsdel="Kungsholmen-N. innerstaden")]), filnamn="k.xlsx")
    assert resultat.fel == [] and Deltagare.objects.get().stadsdel.namn == "Kungsholmen-Norra innerstaden"


def test_a_short_label_that_already_means_another_code_is_refused():
    fk = AnmalandePart.objects.get(kod="forsakringskassan")
    fk.kort_etikett = "AF"
    with pytest.raises(ValidationError) as fel:
        fk.full_clean()
    assert fel.value.message_dict == {"kort_etikett": ["”AF” betyder redan Arbetsförmedlingen i listan."]}


def test_an_administrator_adds_a_synonym_in_admin_and_the_import_accepts_it(client, administrator, settings):
    settings.TVAFAKTOR_FOR_ADMINISTRATORER = False
    part = AnmalandePart.objects.get(kod="egen-anmalan")
    client.force_login(administrator)
    data = {"namn": part.namn, "sortering": part.sortering, "aktiv": "on", "synonymer": "Egen\nSjälv", "overordnad": ""}
    svar = client.post(reverse("admin:deltagare_anmalandepart_change", args=[part.pk]), data)
    assert svar.status_code == 302, svar.content.decode()[:500]
    resultat = importera_deltagare(user=None, innehall=xlsx([rad(**{"Anmälande part": "själv"})]), filnamn="s.xlsx")
    assert resultat.fel == [] and Deltagare.objects.get().anmalande_part == part


def test_code_lists_with_their_synonyms_export_and_import_through_the_admins_resource():
    import tablib
    from django.contrib import admin

    resurs = admin.site._registry[AnmalandePart].get_resource_classes(None)[0]
    export = resurs().export()
    assert export.headers == ["kod", "namn", "synonymer", "sortering", "aktiv"]
    assert dict(zip(export["kod"], export["synonymer"]))["forsakringskassan"] == "FK"
    andrad = tablib.Dataset(headers=export.headers)
    andrad.append(["forsakringskassan", "Försäkringskassan", "FK\nAF", 60, 1])
    resultat = resurs().import_data(andrad, dry_run=False)
    assert resultat.has_validation_errors()
    assert "”AF” betyder redan Arbetsförmedlingen i listan." in str(resultat.invalid_rows[0].error)
    andrad = tablib.Dataset(headers=export.headers)
    andrad.append(["forsakringskassan", "Försäkringskassan", "FK\nFörsäkringskassan lokalt", 60, 1])
    assert not resurs().import_data(andrad, dry_run=False).has_errors()
    assert AnmalandePart.objects.get(kod="forsakringskassan").synonymlista() == ["FK", "Försäkringskassan lokalt"]
