"""glom_deltagare_i_importer: what the import's tables hold about deleted or gallrade
participants (undo values, staged rows, stored files, file names) goes; after withdrawn
consent only the background values go (docs/regler.md §5)."""

import pytest
from django.urls import reverse

from deltagare.models import Deltagare, ImportAndring, ImportFilbit, ImportKorning, ImportRad
from deltagare.tests.factories import DeltagareFactory

from ..glomska import glom_deltagare_i_importer
from ..services import importera_deltagare
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
