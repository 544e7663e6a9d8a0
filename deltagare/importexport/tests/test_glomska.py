"""glom_deltagare_i_importer: what the import's tables hold about deleted or gallrade
participants (undo values, staged rows, stored files, file names) goes; after withdrawn
consent only the background values go (docs/regler.md §5)."""

import pytest
from django.urls import reverse

from deltagare.models import Deltagare, ImportAndring, ImportFilbit, ImportKorning, ImportRad
from deltagare.tests.factories import DeltagareFactory

from .. import arbete
from ..glomska import glom_deltagare_i_importer
from ..granskning import Granskare
from ..services import importera_deltagare
from ..sparande import angra
from .conftest import ladda_upp
from .filer import rad, xlsx

pytestmark = pytest.mark.django_db


@pytest.fixture
def importerad(insats_a, administrator):
    """AP-1 changed and AP-2 created by a confirmed import whose file name names AP-2."""
    DeltagareFactory(insats=insats_a, deltagar_id="AP-1", lots=False)
    resultat = importera_deltagare(
        user=administrator, innehall=xlsx([rad(Deltagar_ID="AP-1", Lots="Ja"), rad(Deltagar_ID="AP-2")]), filnamn="AP-2 och fler.xlsx"
    )
    assert resultat.sparad
    return ImportKorning.objects.get(pk=resultat.korning_id)


def test_a_deleted_participant_leaves_no_undo_values_and_no_file_name(importerad):
    ap2 = Deltagare.objects.get(deltagar_id="AP-2")
    glom_deltagare_i_importer(deltagare_pk=[ap2.pk], bara_bakgrund=False)
    assert not ImportAndring.objects.filter(deltagare_pk=ap2.pk).exists()
    assert ImportAndring.objects.filter(deltagare_pk=Deltagare.objects.get(deltagar_id="AP-1").pk).exists()
    importerad.refresh_from_db()
    assert "AP-2" not in importerad.filnamn and importerad.filnamn == "(borttaget filnamn)"


def test_a_waiting_preview_that_holds_a_deleted_participant_loses_its_rows_and_its_file(client, leader_a, insats_a, arbetare):
    befintlig = DeltagareFactory(insats=insats_a, deltagar_id="AP-7")
    client.force_login(leader_a)
    ladda_upp(client, xlsx([rad(Deltagar_ID="AP-7", Lots="Ja"), rad(Deltagar_ID="AP-8")]), "vantar.xlsx")
    arbetare()
    korning = ImportKorning.objects.get()
    assert korning.status == ImportKorning.Status.GRANSKAD
    glom_deltagare_i_importer(deltagare_pk=[befintlig.pk], bara_bakgrund=False)
    korning.refresh_from_db()
    assert korning.status == ImportKorning.Status.FEL and not korning.kan_forsokas_igen
    assert not ImportRad.objects.exists() and not ImportFilbit.objects.exists()
    assert "AP-7" not in str(ImportKorning.objects.values_list())
    assert client.get(reverse("importexport:korning", args=[korning.pk])).status_code == 200


def test_withdrawn_consent_blanks_only_the_background_values(importerad):
    ap1 = Deltagare.objects.get(deltagar_id="AP-1")
    fore = ImportAndring.objects.get(deltagare_pk=ap1.pk)
    assert fore.utbildning_id is not None and fore.lots is False
    glom_deltagare_i_importer(deltagare_pk=[ap1.pk], bara_bakgrund=True)
    efter = ImportAndring.objects.get(deltagare_pk=ap1.pk)
    assert (efter.utbildning_id, efter.fodelsear, efter.stadsdel_id) == (None, None, None)
    assert (efter.lots, efter.startdatum) == (fore.lots, fore.startdatum)


def test_a_file_that_withdraws_consent_keeps_no_removed_background_in_the_undo_values(insats_a):
    from auditlog.models import LogEntry

    from .filer import ANONYM

    befintlig = DeltagareFactory(insats=insats_a, deltagar_id="AP-5")
    utbildning = str(befintlig.utbildning_id)
    resultat = importera_deltagare(user=None, innehall=xlsx([{**ANONYM, "Deltagar-ID": "AP-5"}]), filnamn="nej.xlsx")
    assert resultat.sparad
    andring = ImportAndring.objects.get(deltagare_pk=befintlig.pk)
    assert (andring.samtycke, andring.utbildning_id, andring.fodelsear) == (True, None, None)
    post = LogEntry.objects.filter(object_pk=str(befintlig.pk)).latest("pk")
    assert post.changes["utbildning"][0] != utbildning and post.changes["samtycke"] == ["True", "False"]


def test_an_upload_waiting_to_be_read_loses_its_file_when_a_participant_of_its_insats_is_deleted(client, leader_a, insats_a):
    befintlig = DeltagareFactory(insats=insats_a, deltagar_id="AP-7")
    client.force_login(leader_a)
    ladda_upp(client, xlsx([rad(Deltagar_ID="AP-7", Lots="Ja")]), "i-kon.xlsx")
    korning = ImportKorning.objects.get()
    assert korning.status == ImportKorning.Status.I_KO and ImportFilbit.objects.exists()

    glom_deltagare_i_importer(deltagare_pk=[befintlig.pk], bara_bakgrund=False)

    korning.refresh_from_db()
    assert korning.status == ImportKorning.Status.FEL and not korning.kan_forsokas_igen
    assert not ImportFilbit.objects.exists()
    sida = client.get(reverse("importexport:korning", args=[korning.pk])).content.decode()
    assert (
        "En deltagare i en insats som filen kan gälla togs bort medan filen väntade på granskning. "
        "Filen kan innehålla deltagaren och har tagits bort; ladda upp den igen." in sida
    )


def test_an_upload_by_a_leader_of_another_insats_keeps_waiting(client, leader_b, insats_a, insats_b):
    befintlig = DeltagareFactory(insats=insats_a, deltagar_id="AP-7")
    client.force_login(leader_b)
    ladda_upp(client, xlsx([rad(Insats=insats_b.kortnamn, Deltagar_ID="NO-1")]), "annan-insats.xlsx")

    glom_deltagare_i_importer(deltagare_pk=[befintlig.pk], bara_bakgrund=False)

    korning = ImportKorning.objects.get()
    assert korning.status == ImportKorning.Status.I_KO and ImportFilbit.objects.filter(korning=korning).exists()


def test_a_preview_under_way_keeps_no_row_of_a_participant_deleted_before_it_staged_the_row(
    client, leader_a, insats_a, monkeypatch
):
    befintlig = DeltagareFactory(insats=insats_a, deltagar_id="AP-7")
    client.force_login(leader_a)
    ladda_upp(client, xlsx([rad(Deltagar_ID="AP-7", Lots="Ja"), rad(Deltagar_ID="AP-8")]), "under-granskning.xlsx")
    korning = ImportKorning.objects.get()
    skriv = Granskare._skriv_staging

    def glom_och_skriv(granskare):
        # The participant is deleted after the preview read the row, before it staged it.
        glom_deltagare_i_importer(deltagare_pk=[befintlig.pk], bara_bakgrund=False)
        Deltagare.objects.filter(pk=befintlig.pk).delete()
        skriv(granskare)

    monkeypatch.setattr(Granskare, "_skriv_staging", glom_och_skriv)
    arbete.kor(korning.pk, "granska")

    korning.refresh_from_db()
    assert korning.status == ImportKorning.Status.FEL
    assert not ImportRad.objects.exists() and not ImportFilbit.objects.exists()


def test_undoing_an_import_leaves_no_created_participants_id_in_its_file_name(importerad, administrator):
    # angra() forgot the removed participants in the database, then saved the run as it had
    # loaded it, writing the old file name back (the round-3 tester's finding).
    angra(korning=importerad, user=administrator)
    importerad.refresh_from_db()
    assert importerad.status == ImportKorning.Status.ANGRAD
    assert importerad.filnamn == "(borttaget) och fler.xlsx"
    assert "AP-2" not in str(ImportKorning.objects.values_list())
