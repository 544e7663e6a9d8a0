"""Import history with undo: the importer or an administrator undoes a confirmed import within
30 days; created participants are removed, changed ones get their previous values back, unless
any changed again since; audited."""

import datetime

import pytest
from auditlog.models import LogEntry
from django.urls import reverse
from django.utils import timezone

from deltagare.models import Deltagare, ImportAndring, ImportKorning, Uppfoljning, Uppfoljningsutfall
from deltagare.services import deltagare_spara, uppfoljning_utford
from deltagare.tests.factories import DeltagareFactory
from finsam.datum import tidpunkt

from ..services import importera_deltagare
from .conftest import ladda_upp
from .filer import rad, xlsx

pytestmark = pytest.mark.django_db


@pytest.fixture
def sparad_import(client, leader_a, insats_a, arbetare):
    """A confirmed web import by leader_a: AP-1 changed (Lots Nej → Ja among others), AP-2 created."""
    DeltagareFactory(insats=insats_a, deltagar_id="AP-1", lots=False)
    client.force_login(leader_a)
    ladda_upp(client, xlsx([rad(Deltagar_ID="AP-1", Lots="Ja"), rad(Deltagar_ID="AP-2")]))
    arbetare()
    korning = ImportKorning.objects.get()
    client.post(reverse("importexport:bekrafta", args=[korning.pk]), {"granskning": korning.granskningsnyckel})
    arbetare()
    korning.refresh_from_db()
    assert korning.status == ImportKorning.Status.KLAR
    return korning


def angra(client, arbetare, korning):
    svar = client.post(reverse("importexport:angra", args=[korning.pk]), follow=True)
    arbetare()
    korning.refresh_from_db()
    return svar


def test_the_history_lists_who_when_which_file_and_the_counts(client, sparad_import):
    html = client.get(reverse("importexport:historik")).content.decode()
    rad_ = html.split(f'data-import="{sparad_import.pk}"')[1].split("</tr>")[0]
    assert "ledare-a" in rad_ and "deltagare.xlsx" in rad_ and "Ångra" in rad_
    assert '<td class="num" data-rubrik="Nya">1</td>' in rad_
    assert '<td class="num" data-rubrik="Ändrade">1</td>' in rad_
    assert '<td class="num" data-rubrik="Oförändrade">0</td>' in rad_


def test_undo_removes_the_created_and_restores_the_changed_participants(client, sparad_import, arbetare, leader_a):
    d = Deltagare.objects.get(deltagar_id="AP-1")
    assert (d.lots, d.version) == (True, 2)
    angra(client, arbetare, sparad_import)
    assert sparad_import.status == ImportKorning.Status.ANGRAD and sparad_import.angrad_av == leader_a
    assert list(Deltagare.objects.values_list("deltagar_id", flat=True)) == ["AP-1"]
    d.refresh_from_db()
    assert (d.lots, d.version) == (False, 3)
    assert not ImportAndring.objects.exists()
    sammanfattning = LogEntry.objects.get(additional_data__angrad_import=sparad_import.pk)
    assert (sammanfattning.actor, sammanfattning.additional_data["borttagna"], sammanfattning.additional_data["aterstallda"]) == (leader_a, 1, 1)
    andring = LogEntry.objects.filter(object_pk=str(d.pk), action=LogEntry.Action.UPDATE).latest("pk")
    assert (andring.changes["lots"], andring.changes["version"], andring.changes["stadsdel"][1]) == (
        ["True", "False"], ["2", "3"], "None"
    )
    # The removed participant's own entry keeps neither values nor its ID.
    borttagen = LogEntry.objects.get(action=LogEntry.Action.DELETE, cid=sammanfattning.cid, object_pk__regex=r"^\d+$")
    assert borttagen.changes == {} and "AP-2" not in borttagen.object_repr
    assert (borttagen.actor, borttagen.object_repr) == (leader_a, "(borttagen när en import ångrades)")


def test_undo_is_refused_naming_what_changed_since(client, sparad_import, arbetare, leader_a):
    d = Deltagare.objects.get(deltagar_id="AP-2")
    d.arbetstraning = True
    deltagare_spara(user=leader_a, deltagare=d, forvantad_version=d.version)
    svar = angra(client, arbetare, sparad_import)
    assert sparad_import.status == ImportKorning.Status.KLAR
    assert sparad_import.fel[0][2] == "Importen kan inte ångras: dessa deltagare har ändrats sedan importen: AP-2. Inget ändrades."
    assert "AP-2" in client.get(reverse("importexport:historik")).content.decode()
    assert Deltagare.objects.count() == 2 and Deltagare.objects.get(deltagar_id="AP-1").lots is True
    assert svar.status_code == 200


def test_undo_is_refused_when_a_created_participants_follow_up_was_recorded(client, leader_a, mgt, arbetare, administrator):
    importera_deltagare(user=administrator, innehall=xlsx([rad(Insats="MGT", Deltagar_ID="MGT-1")]), filnamn="mgt.xlsx")
    korning = ImportKorning.objects.get()
    uppfoljning_utford(
        user=administrator,
        uppfoljning=Uppfoljning.objects.first(),
        datum=datetime.date(2025, 5, 5),
        utfall=Uppfoljningsutfall.objects.get(kod="arbete"),
    )
    client.force_login(administrator)
    angra(client, arbetare, korning)
    assert korning.status == ImportKorning.Status.KLAR and "MGT-1" in korning.fel[0][2]
    assert Deltagare.objects.filter(deltagar_id="MGT-1").exists()


def test_an_administrator_may_undo_anyones_import_and_sees_every_import(client, sparad_import, administrator, arbetare):
    client.force_login(administrator)
    assert f'data-import="{sparad_import.pk}"' in client.get(reverse("importexport:historik")).content.decode()
    angra(client, arbetare, sparad_import)
    assert sparad_import.status == ImportKorning.Status.ANGRAD


def test_another_leader_neither_sees_nor_undoes_the_import(client, sparad_import, leader_b, arbetare):
    client.force_login(leader_b)
    assert f'data-import="{sparad_import.pk}"' not in client.get(reverse("importexport:historik")).content.decode()
    assert client.post(reverse("importexport:angra", args=[sparad_import.pk])).status_code == 404
    arbetare()
    sparad_import.refresh_from_db()
    assert sparad_import.status == ImportKorning.Status.KLAR and Deltagare.objects.count() == 2


def test_kansli_is_refused_the_history_and_the_undo(client, sparad_import, kansli):
    client.force_login(kansli)
    assert client.get(reverse("importexport:historik")).status_code == 403
    assert client.post(reverse("importexport:angra", args=[sparad_import.pk])).status_code == 403


def test_an_import_older_than_30_days_cannot_be_undone_and_leaves_the_history_after_them(client, sparad_import, arbetare):
    ImportKorning.objects.filter(pk=sparad_import.pk).update(sparad=timezone.now() - datetime.timedelta(days=31))
    html = client.get(reverse("importexport:historik")).content.decode()
    assert reverse("importexport:angra", args=[sparad_import.pk]) not in html
    svar = angra(client, arbetare, sparad_import)
    assert "Bara sparade importer de senaste 30 dagarna kan ångras." in svar.content.decode()
    from ..services import rensa_gamla_korningar

    rensa_gamla_korningar()
    assert not ImportKorning.objects.exists() and not ImportAndring.objects.exists()
    assert Deltagare.objects.count() == 2


def test_undo_leaves_no_trace_of_a_removed_participants_id_in_the_audit_trail(client, sparad_import, arbetare, leader_a):
    ap2 = Deltagare.objects.get(deltagar_id="AP-2")
    client.get(reverse("deltagare:visa", args=[ap2.pk]))  # a logged read names AP-2
    assert LogEntry.objects.filter(object_pk=str(ap2.pk), object_repr__contains="AP-2").exists()
    angra(client, arbetare, sparad_import)
    assert not LogEntry.objects.filter(object_repr__contains="AP-2").exists()
    assert "AP-2" not in str(list(LogEntry.objects.values_list("changes", "additional_data")))


def test_the_history_s_undo_is_a_link_to_a_confirmation_page_named_by_the_file(client, sparad_import):
    html = client.get(reverse("importexport:historik")).content.decode()
    rad_ = html.split(f'data-import="{sparad_import.pk}"')[1].split("</tr>")[0]
    url = reverse("importexport:angra", args=[sparad_import.pk])
    assert f'<a class="knapp" href="{url}">Ångra<span class="visually-hidden"> importen av deltagare.xlsx</span></a>' in rad_
    assert "<form" not in rad_


def test_the_confirmation_page_says_what_the_undo_would_do_and_queues_nothing(client, sparad_import, arbetare):
    svar = client.get(reverse("importexport:angra", args=[sparad_import.pk]))
    html = svar.content.decode()
    assert svar.status_code == 200
    assert "<h1>Ångra importen av deltagare.xlsx?</h1>" in html
    assert f"Filen deltagare.xlsx importerades {tidpunkt(sparad_import.sparad)}." in html
    assert "1 deltagare som importen skapade tas bort för gott, med sina uppföljningar." in html
    assert "1 deltagare som importen ändrade får tillbaka sina tidigare värden." in html
    assert '<button type="submit" class="knapp knapp--fara">Ångra importen</button>' in html
    assert f'href="{reverse("importexport:historik")}">Avbryt</a>' in html
    arbetare()
    sparad_import.refresh_from_db()
    assert sparad_import.status == ImportKorning.Status.KLAR and Deltagare.objects.count() == 2


def test_another_leader_gets_404_on_the_confirmation_page_and_kansli_403(client, sparad_import, leader_b, kansli):
    client.force_login(leader_b)
    assert client.get(reverse("importexport:angra", args=[sparad_import.pk])).status_code == 404
    client.force_login(kansli)
    assert client.get(reverse("importexport:angra", args=[sparad_import.pk])).status_code == 403


def test_the_confirmation_page_of_an_import_that_can_no_longer_be_undone_leads_back_to_the_history(
    client, sparad_import
):
    ImportKorning.objects.filter(pk=sparad_import.pk).update(sparad=timezone.now() - datetime.timedelta(days=31))
    svar = client.get(reverse("importexport:angra", args=[sparad_import.pk]), follow=True)
    assert svar.redirect_chain == [(reverse("importexport:historik"), 302)]
    assert "Bara sparade importer de senaste 30 dagarna kan ångras." in svar.content.decode()
