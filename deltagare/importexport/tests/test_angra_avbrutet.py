"""An undo that stops (its worker dies, a statement fails) has undone nothing: the import stays
saved, in the history with its undo data, and can be undone again. Found by trying it: the run
was marked "inget sparades", left the history, and lost its undo data a day later."""

import datetime
import importlib

import pytest
from django.apps import apps
from django.urls import reverse
from django.utils import timezone

from deltagare.models import Deltagare, ImportAndring, ImportKorning

from .. import arbete, services, sparande
from .conftest import ladda_upp
from .filer import rad, xlsx

pytestmark = pytest.mark.django_db

AVBRUTET = (
    "Ångrandet avbröts: arbetsprocessen som körde det slutade svara. Inget ångrades; importen är sparad som "
    "förut och kan ångras igen."
)


@pytest.fixture
def sparad_import(client, leader_a, arbetare):
    client.force_login(leader_a)
    ladda_upp(client, xlsx([rad(Deltagar_ID="AP-1"), rad(Deltagar_ID="AP-2")]))
    arbetare()
    korning = ImportKorning.objects.get()
    client.post(reverse("importexport:bekrafta", args=[korning.pk]), {"granskning": korning.granskningsnyckel})
    arbetare()
    korning.refresh_from_db()
    assert korning.status == ImportKorning.Status.KLAR and ImportAndring.objects.count() == 2
    return korning


def undo_whose_worker_died(korning: ImportKorning) -> None:
    ImportKorning.objects.filter(pk=korning.pk).update(
        status=ImportKorning.Status.ANGRAS, livstecken=timezone.now() - datetime.timedelta(minutes=5)
    )
    services.markera_avbrutna()
    korning.refresh_from_db()


def test_an_undo_whose_worker_died_leaves_the_import_saved(sparad_import):
    undo_whose_worker_died(sparad_import)
    assert sparad_import.status == ImportKorning.Status.KLAR
    assert sparad_import.fel[0][2] == AVBRUTET
    assert ImportAndring.objects.count() == 2 and Deltagare.objects.count() == 2


def test_the_import_stays_in_the_history_after_its_undo_stopped(client, sparad_import):
    undo_whose_worker_died(sparad_import)
    html = client.get(reverse("importexport:historik")).content.decode()
    assert f'data-import="{sparad_import.pk}"' in html


def test_the_daily_clean_up_keeps_a_saved_import_whose_undo_stopped(sparad_import):
    undo_whose_worker_died(sparad_import)
    ImportKorning.objects.filter(pk=sparad_import.pk).update(uppdaterad=timezone.now() - datetime.timedelta(hours=25))
    services.rensa_gamla_korningar()
    assert ImportKorning.objects.filter(pk=sparad_import.pk).exists() and ImportAndring.objects.count() == 2


def test_it_can_be_undone_again(client, sparad_import, arbetare):
    undo_whose_worker_died(sparad_import)
    client.post(reverse("importexport:angra", args=[sparad_import.pk]))
    arbetare()
    sparad_import.refresh_from_db()
    assert sparad_import.status == ImportKorning.Status.ANGRAD and not Deltagare.objects.exists()


def test_an_undo_that_fails_leaves_the_import_saved_and_says_nothing_was_undone(client, sparad_import, monkeypatch):
    client.post(reverse("importexport:angra", args=[sparad_import.pk]))

    def fel(**kwargs):
        raise RuntimeError("ett fel i ångrandet")

    monkeypatch.setattr(sparande, "angra", fel)
    arbete.kor(sparad_import.pk, "angra")
    sparad_import.refresh_from_db()
    assert sparad_import.status == ImportKorning.Status.KLAR
    assert sparad_import.fel[0][2] == (
        "Ångrandet misslyckades (databasen svarade inte eller ett oväntat fel inträffade). Inget ångrades; "
        "importen är sparad som förut och kan ångras igen."
    )
    assert ImportAndring.objects.count() == 2


def test_a_saved_import_whose_undo_waits_in_the_queue_cannot_be_cancelled_away(client, sparad_import):
    client.post(reverse("importexport:angra", args=[sparad_import.pk]))
    sparad_import.refresh_from_db()
    assert sparad_import.status == ImportKorning.Status.I_KO_ANGRA

    svar = client.post(reverse("importexport:avbryt", args=[sparad_import.pk]), follow=True)

    assert "En sparad import ångras i importhistoriken." in svar.content.decode()
    assert ImportKorning.objects.filter(pk=sparad_import.pk).exists() and ImportAndring.objects.count() == 2


def test_the_migration_brings_back_saved_imports_an_earlier_stopped_undo_marked_failed(sparad_import):
    ImportKorning.objects.filter(pk=sparad_import.pk).update(status=ImportKorning.Status.MISSLYCKAD, antal_fel=1)
    migrering = importlib.import_module("deltagare.migrations.0015_sparade_importer_efter_avbrutet_angrande")

    migrering.aterstall(apps, None)

    sparad_import.refresh_from_db()
    assert (sparad_import.status, sparad_import.antal_fel) == (ImportKorning.Status.KLAR, 0)


def test_the_history_itself_notices_an_undo_whose_worker_died_and_offers_it_again(client, sparad_import):
    ImportKorning.objects.filter(pk=sparad_import.pk).update(
        status=ImportKorning.Status.ANGRAS, livstecken=timezone.now() - datetime.timedelta(minutes=5)
    )
    html = client.get(reverse("importexport:historik")).content.decode()
    rad = html.split(f'data-import="{sparad_import.pk}"')[1].split("</tr>")[0]
    assert AVBRUTET in rad and reverse("importexport:angra", args=[sparad_import.pk]) in rad


def test_undoing_again_drops_the_stopped_undos_message(client, sparad_import):
    undo_whose_worker_died(sparad_import)
    client.post(reverse("importexport:angra", args=[sparad_import.pk]))
    sparad_import.refresh_from_db()
    assert (sparad_import.status, sparad_import.fel) == (ImportKorning.Status.I_KO_ANGRA, [])
