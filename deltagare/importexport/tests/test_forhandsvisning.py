"""Finding 4: the preview showed only counts, so re-importing an old export brought back a
deleted participant and undid colleagues' edits without a word. Now every new and changed row
is listed with its changes field by field, and the rows that would re-create a deleted
participant or overwrite a change made after the export are flagged and need a choice."""

import io

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from openpyxl import load_workbook

from deltagare.models import Deltagare, ImportKorning, ImportRad, Stadsdel
from deltagare.tests.factories import DeltagareFactory

from . import test_vyer_val
from .conftest import ladda_upp
from .filer import rad, xlsx

pytestmark = pytest.mark.django_db


@pytest.fixture
def gammal_export(leader_a, insats_a):
    """Three participants exported, then one deleted and two edited in the application."""
    return test_vyer_val.gammal_export(leader_a, insats_a)


def granska(client, arbetare, innehall: bytes) -> ImportKorning:
    ladda_upp(client, innehall)
    arbetare()
    return ImportKorning.objects.latest("pk")


def sida(client, korning, **fragor) -> str:
    return client.get(reverse("importexport:korning", args=[korning.pk]), fragor).content.decode()


def test_an_xlsx_export_carries_a_very_hidden_sheet_with_each_rows_key_and_version(gammal_export, insats_a):
    bok = load_workbook(io.BytesIO(gammal_export))
    info = bok["Exportinfo"]
    assert info.sheet_state == "veryHidden" and bok.worksheets[0].title == "Deltagare"
    rader = list(info.iter_rows(values_only=True))
    assert rader[0][:2] == ("Deltagaruppföljning", "export")
    assert sorted(rader[1:]) == [(insats_a.pk, f"AP-{nr}", 1) for nr in (1, 2, 3)]


def test_reimporting_an_old_export_flags_the_deleted_and_the_edited_rows(client, leader_a, arbetare, gammal_export):
    client.force_login(leader_a)
    korning = granska(client, arbetare, gammal_export)
    assert (korning.status, korning.nya, korning.andrade, korning.flaggade) == (ImportKorning.Status.GRANSKAD, 1, 2, 3)
    assert korning.exporterad is not None
    flaggor = dict(ImportRad.objects.exclude(flagga="").values_list("deltagar_id", "flagga"))
    assert flaggor == {"AP-1": "aterskapar", "AP-2": "senare", "AP-3": "senare"}
    html = sida(client, korning, visa="markerade")
    assert "Fanns när filen exporterades men har tagits bort sedan." in html
    assert html.count("Ändrad i registret efter att filen exporterades.") == 2
    assert 'Lots: <span class="fore">Ja</span> → Nej' in html


def test_flagged_rows_need_a_choice_before_the_import_is_written(client, leader_a, arbetare, gammal_export):
    client.force_login(leader_a)
    korning = granska(client, arbetare, gammal_export)
    svar = client.post(reverse("importexport:bekrafta", args=[korning.pk]), {"granskning": korning.granskningsnyckel}, follow=True)
    assert "Välj för varje markerad rad om den ska sparas eller hoppas över." in svar.content.decode()
    arbetare()
    korning.refresh_from_db()
    assert korning.status == ImportKorning.Status.GRANSKAD
    assert not Deltagare.objects.filter(deltagar_id="AP-1").exists()


def test_the_users_choices_decide_row_by_row(client, leader_a, arbetare, gammal_export):
    client.force_login(leader_a)
    korning = granska(client, arbetare, gammal_export)
    val = {r.deltagar_id: r.pk for r in ImportRad.objects.exclude(flagga="")}
    client.post(
        reverse("importexport:val", args=[korning.pk]),
        {f"val_{val['AP-1']}": "nej", f"val_{val['AP-2']}": "ja", f"val_{val['AP-3']}": "nej", "visa": "markerade"},
    )
    client.post(reverse("importexport:bekrafta", args=[korning.pk]), {"granskning": korning.granskningsnyckel})
    arbetare()
    korning.refresh_from_db()
    assert (korning.status, korning.nya, korning.andrade, korning.hoppade_over) == (ImportKorning.Status.KLAR, 0, 1, 2)
    assert dict(Deltagare.objects.values_list("deltagar_id", "lots")) == {"AP-2": False, "AP-3": True}


def test_every_flagged_row_can_be_chosen_at_once(client, leader_a, arbetare, gammal_export):
    client.force_login(leader_a)
    korning = granska(client, arbetare, gammal_export)
    client.post(reverse("importexport:val", args=[korning.pk]), {"alla": "ja"})
    client.post(reverse("importexport:bekrafta", args=[korning.pk]), {"granskning": korning.granskningsnyckel})
    arbetare()
    assert dict(Deltagare.objects.values_list("deltagar_id", "lots")) == {"AP-1": False, "AP-2": False, "AP-3": False}


def test_the_command_refuses_flagged_rows_unless_told_what_to_do(tmp_path, gammal_export):
    fil = tmp_path / "export.xlsx"
    fil.write_bytes(gammal_export)
    fel = io.StringIO()
    with pytest.raises(CommandError, match="Importen avbröts: 3 fel."):
        call_command("import_deltagare", str(fil), stderr=fel)
    assert fel.getvalue().splitlines()[0] == (
        "rad 2, kolumn Deltagar-ID: Deltagaren fanns när filen exporterades men har tagits bort sedan; "
        "importen skulle återskapa den."
    )
    ut = io.StringIO()
    call_command("import_deltagare", str(fil), "--hoppa-over-markerade", stdout=ut)
    assert ut.getvalue().strip() == "Importerat: 0 nya, 0 ändrade, 0 oförändrade. 3 markerade rader hoppades över."
    assert dict(Deltagare.objects.values_list("deltagar_id", "lots")) == {"AP-2": True, "AP-3": True}


def test_changes_are_shown_field_by_field_stored_value_then_the_files(client, leader_a, insats_a, arbetare):
    DeltagareFactory(insats=insats_a, deltagar_id="AP-9", stadsdel=Stadsdel.objects.get(kod="jarva"))
    client.force_login(leader_a)
    korning = granska(client, arbetare, xlsx([rad(Deltagar_ID="AP-9", Stadsdel="Södermalm", Lots="Ja"), rad(Deltagar_ID="AP-10")]))
    html = sida(client, korning)
    assert 'Stadsdel: <span class="fore">Järva</span> → Södermalm' in html
    assert 'Lots: <span class="fore">Nej</span> → Ja' in html
    assert "Utbildning" not in html.split('data-rad="2"')[1].split("</tr>")[0]  # unchanged fields are not listed
    # A new row lists what it brings, its dates as every page shows dates.
    ny = html.split('data-rad="3"')[1].split("</tr>")[0]
    assert "Stadsdel: Järva" in ny and "Startdatum: 3 feb 2025" in ny


def test_the_preview_is_paginated_and_filtered(client, leader_a, insats_a, arbetare):
    DeltagareFactory(insats=insats_a, deltagar_id="AP-0", lots=True)
    client.force_login(leader_a)
    korning = granska(client, arbetare, xlsx([rad(Deltagar_ID="AP-0")] + [rad(Deltagar_ID=f"AP-{n}") for n in range(1, 121)]))
    assert sida(client, korning).count("<tr data-rad=") == 50
    assert sida(client, korning, sida=3).count("<tr data-rad=") == 21
    andrade = sida(client, korning, visa="andrade")
    assert andrade.count("<tr data-rad=") == 1 and "AP-0" in andrade
