"""The web import through the real task worker: access, preview, confirm, refusal, tabs,
limits, and the template and export pages."""

import datetime
import io

import pytest
from auditlog.models import LogEntry
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from deltagare.models import Deltagare, ImportFilbit, ImportKorning, ImportRad
from deltagare.tests.factories import DeltagareFactory

from .. import services
from .conftest import ladda_upp
from .filer import rad, xlsx

pytestmark = pytest.mark.django_db


def granska(client, arbetare, innehall: bytes, namn="deltagare.xlsx") -> ImportKorning:
    svar = ladda_upp(client, innehall, namn)
    assert svar.status_code == 302, svar.content.decode()[:2000]
    arbetare()
    return ImportKorning.objects.get(pk=svar.url.rstrip("/").rsplit("/", 1)[-1])


def bekrafta(client, arbetare, korning: ImportKorning):
    svar = client.post(reverse("importexport:bekrafta", args=[korning.pk]), {"granskning": korning.granskningsnyckel})
    arbetare()
    korning.refresh_from_db()
    return svar


IMPORTSIDOR_GET = ["importexport:import", "importexport:mall", "importexport:historik"]


@pytest.mark.parametrize("namn", [*IMPORTSIDOR_GET, "importexport:export"])
def test_anonymous_users_are_sent_to_login(client, namn):
    svar = client.get(reverse(namn))
    assert svar.status_code == 302
    assert svar.url.startswith(reverse("login"))


def test_kansli_is_refused_every_import_page_and_action(client, kansli, leader_a, arbetare):
    client.force_login(leader_a)
    korning = granska(client, arbetare, xlsx([rad()]))
    client.force_login(kansli)
    for namn in IMPORTSIDOR_GET:
        assert client.get(reverse(namn)).status_code == 403, namn
    assert ladda_upp(client, xlsx([rad()])).status_code == 403
    assert client.get(reverse("importexport:korning", args=[korning.pk])).status_code == 403
    assert client.get(reverse("importexport:kolumner", args=[korning.pk])).status_code == 403
    for namn in ("bekrafta", "val", "avbryt", "forsok_igen", "angra"):
        assert client.post(reverse(f"importexport:{namn}", args=[korning.pk])).status_code == 403, namn
    assert ImportKorning.objects.count() == 1 and not Deltagare.objects.exists()


def test_the_import_page_offers_the_form_and_the_template(client, leader_a):
    client.force_login(leader_a)
    svar = client.get(reverse("importexport:import"))
    assert svar.status_code == 200
    sida = svar.content.decode()
    assert reverse("importexport:mall") in sida and "Aktivitetsplatsen" in sida
    assert 'data-maxbytes="52428800"' in sida


def test_an_upload_is_queued_and_nothing_is_read_in_the_request(client, leader_a):
    client.force_login(leader_a)
    svar = ladda_upp(client, xlsx([rad()]))
    korning = ImportKorning.objects.get()
    assert svar.url == reverse("importexport:korning", args=[korning.pk])
    assert (korning.status, korning.filstorlek) == (ImportKorning.Status.I_KO, ImportFilbit.objects.get().data.__len__())
    assert "I kö för granskning" in client.get(svar.url).content.decode()


def test_preview_writes_nothing_and_confirm_writes(client, leader_a, arbetare):
    client.force_login(leader_a)
    korning = granska(client, arbetare, xlsx([rad(Deltagar_ID="AP-1"), rad(Deltagar_ID="AP-2")]))
    assert (korning.status, korning.nya, korning.fel) == (ImportKorning.Status.GRANSKAD, 2, [])
    assert not Deltagare.objects.exists()
    sida = client.get(reverse("importexport:korning", args=[korning.pk])).content.decode()
    assert 'data-antal="nya">2<' in sida and "Bekräfta och spara" in sida
    assert "AP-1" in sida and "AP-2" in sida

    bekrafta(client, arbetare, korning)
    assert korning.status == ImportKorning.Status.KLAR
    assert sorted(Deltagare.objects.values_list("deltagar_id", flat=True)) == ["AP-1", "AP-2"]
    assert not ImportFilbit.objects.exists() and not ImportRad.objects.exists()  # file and staging go
    assert LogEntry.objects.get(object_pk="import").actor == leader_a


def test_a_refused_file_shows_every_problem_writes_nothing_and_drops_the_file(client, leader_a, arbetare):
    client.force_login(leader_a)
    korning = granska(client, arbetare, xlsx([rad(Deltagar_ID="AP-1", Kön="X"), rad(Deltagar_ID="AP-2", Födelseår=2015)]))
    assert korning.status == ImportKorning.Status.FEL
    assert not korning.filbitar.exists() and not ImportRad.objects.exists()
    sida = client.get(reverse("importexport:korning", args=[korning.pk])).content.decode()
    assert "Okänt värde ”X”" in sida and "Åldern vid start blir 10 år" in sida
    assert "Bekräfta och spara" not in sida
    client.post(reverse("importexport:bekrafta", args=[korning.pk]), {"granskning": korning.granskningsnyckel})
    arbetare()
    assert not Deltagare.objects.exists()


def test_a_leader_cannot_import_into_another_insats_on_the_web(client, leader_b, arbetare):
    client.force_login(leader_b)
    korning = granska(client, arbetare, xlsx([rad(Insats="Aktivitetsplatsen")]))
    assert korning.fel == [[2, "Insats", "Du har inte behörighet till insatsen Aktivitetsplatsen.", None]]
    assert not Deltagare.objects.exists()


def test_another_users_import_run_is_not_found(client, leader_a, leader_b, administrator, arbetare):
    client.force_login(leader_a)
    korning = granska(client, arbetare, xlsx([rad()]))
    for annan in (leader_b, administrator):
        client.force_login(annan)
        assert client.get(reverse("importexport:korning", args=[korning.pk])).status_code == 404
        for namn in ("bekrafta", "val", "avbryt", "forsok_igen"):
            assert client.post(reverse(f"importexport:{namn}", args=[korning.pk])).status_code == 404, namn
    korning.refresh_from_db()
    assert korning.status == ImportKorning.Status.GRANSKAD and not Deltagare.objects.exists()


def test_cancelling_a_preview_drops_the_run_its_file_and_its_staging_rows(client, leader_a, arbetare):
    client.force_login(leader_a)
    korning = granska(client, arbetare, xlsx([rad()]))
    assert ImportRad.objects.exists()
    client.post(reverse("importexport:avbryt", args=[korning.pk]))
    assert not ImportKorning.objects.exists() and not ImportFilbit.objects.exists() and not ImportRad.objects.exists()
    assert not Deltagare.objects.exists()


def test_a_second_upload_waits_while_the_first_is_running(client, leader_a):
    client.force_login(leader_a)
    ladda_upp(client, xlsx([rad(Deltagar_ID="AP-1")]))
    svar = ladda_upp(client, xlsx([rad(Deltagar_ID="AP-2")]))
    assert svar.status_code == 200
    assert "Du har redan en import som pågår." in svar.content.decode()
    assert ImportKorning.objects.count() == 1


def test_a_preview_in_another_tab_does_not_confuse_the_first(client, leader_a, arbetare):
    # Finding 4: confirming an older preview after uploading another file gave a 404.
    client.force_login(leader_a)
    forsta = granska(client, arbetare, xlsx([rad(Deltagar_ID="AP-1")]))
    andra = granska(client, arbetare, xlsx([rad(Deltagar_ID="AP-2")]))
    bekrafta(client, arbetare, forsta)
    assert forsta.status == ImportKorning.Status.KLAR
    assert list(Deltagare.objects.values_list("deltagar_id", flat=True)) == ["AP-1"]
    andra.refresh_from_db()
    assert andra.status == ImportKorning.Status.GRANSKAD
    bekrafta(client, arbetare, andra)
    assert sorted(Deltagare.objects.values_list("deltagar_id", flat=True)) == ["AP-1", "AP-2"]


def test_a_page_showing_an_outdated_preview_cannot_confirm(client, leader_a, arbetare):
    client.force_login(leader_a)
    korning = granska(client, arbetare, xlsx([rad(Deltagar_ID="AP-1")]))
    gammal_nyckel = korning.granskningsnyckel
    ImportKorning.objects.filter(pk=korning.pk).update(granskningsnyckel="en-nyare-granskning")
    svar = client.post(reverse("importexport:bekrafta", args=[korning.pk]), {"granskning": gammal_nyckel}, follow=True)
    assert "Sidan visade en granskning som inte längre gäller för den här filen." in svar.content.decode()
    arbetare()
    assert not Deltagare.objects.exists()


def test_a_leader_removed_from_the_insats_after_the_preview_cannot_confirm(client, leader_a, insats_a, insats_b, arbetare):
    client.force_login(leader_a)
    korning = granska(client, arbetare, xlsx([rad(Deltagar_ID="AP-1")]))
    insats_b.projektledare.add(leader_a)
    insats_a.projektledare.remove(leader_a)
    bekrafta(client, arbetare, korning)
    assert korning.status == ImportKorning.Status.FEL
    assert korning.fel == [[None, None, "Du har inte behörighet till insatsen Aktivitetsplatsen.", None]]
    assert not Deltagare.objects.exists()


def test_a_user_who_no_longer_leads_any_insats_is_refused_the_confirmation(client, leader_a, insats_a, arbetare):
    client.force_login(leader_a)
    korning = granska(client, arbetare, xlsx([rad(Deltagar_ID="AP-1")]))
    insats_a.projektledare.remove(leader_a)
    assert client.post(reverse("importexport:bekrafta", args=[korning.pk])).status_code == 403
    arbetare()
    assert not Deltagare.objects.exists()


def test_a_row_changed_by_someone_else_after_the_preview_stops_the_confirmation(client, leader_a, insats_a, arbetare):
    befintlig = DeltagareFactory(insats=insats_a, deltagar_id="AP-1", lots=False)
    client.force_login(leader_a)
    korning = granska(client, arbetare, xlsx([rad(Deltagar_ID="AP-1", Lots="Ja"), rad(Deltagar_ID="AP-2")]))
    Deltagare.objects.filter(pk=befintlig.pk).update(version=5, arbetstraning=True)
    sida = client.get(reverse("importexport:korning", args=[korning.pk])).content.decode()
    assert "ändrad igen efter granskningen" in sida
    bekrafta(client, arbetare, korning)
    assert korning.status == ImportKorning.Status.FEL and korning.kan_forsokas_igen
    assert "AP-1" in korning.fel[0][2]
    assert Deltagare.objects.count() == 1
    # The file is still there: previewed again, the row is seen as it stands now.
    client.post(reverse("importexport:forsok_igen", args=[korning.pk]))
    arbetare()
    korning.refresh_from_db()
    assert (korning.status, korning.andrade, korning.nya) == (ImportKorning.Status.GRANSKAD, 1, 1)


def test_unconfirmed_and_failed_runs_and_their_files_are_deleted_after_24_hours(leader_a, leader_b):
    gammal = timezone.now() - datetime.timedelta(hours=25)
    for status in (ImportKorning.Status.GRANSKAD, ImportKorning.Status.FEL, ImportKorning.Status.MISSLYCKAD, ImportKorning.Status.KOLUMNER):
        korning = ImportKorning.objects.create(skapad_av=leader_a, filnamn="AP-1.xlsx", status=status)
        ImportFilbit.objects.create(korning=korning, nummer=0, data=b"PK")
        ImportRad.objects.create(korning=korning, radnummer=2, atgard="n", deltagar_id="AP-1")
    ny = ImportKorning.objects.create(skapad_av=leader_b, filnamn="ny.xlsx", status=ImportKorning.Status.GRANSKAD)
    ImportKorning.objects.exclude(pk=ny.pk).update(uppdaterad=gammal)
    assert services.rensa_gamla_korningar() == 4 + 4 + 4
    assert list(ImportKorning.objects.all()) == [ny]
    assert not ImportFilbit.objects.exists() and not ImportRad.objects.exists()


def test_the_template_download_offers_the_leaders_insatser(client, leader_a):
    client.force_login(leader_a)
    svar = client.get(reverse("importexport:mall"))
    assert svar.status_code == 200
    assert svar["Content-Disposition"] == 'attachment; filename="deltagare-mall.xlsx"'
    bok = load_workbook(io.BytesIO(svar.content))
    assert [rad[0].value for rad in bok["Listor"]["A2:A10"] if rad[0].value] == ["Aktivitetsplatsen"]


def test_a_filled_in_template_imports_without_a_column_step(client, leader_a, arbetare):
    from openpyxl import load_workbook as las

    client.force_login(leader_a)
    bok = las(io.BytesIO(client.get(reverse("importexport:mall")).content))
    varden = rad(Deltagar_ID="AP-MALL")
    bok["Deltagare"].append([varden[r] for r in [c.value for c in bok["Deltagare"][1]]])
    ut = io.BytesIO()
    bok.save(ut)
    korning = granska(client, arbetare, ut.getvalue())
    assert (korning.status, korning.nya) == (ImportKorning.Status.GRANSKAD, 1)


def test_web_export_holds_only_the_leaders_rows_and_is_audited(client, leader_a, insats_a, insats_b):
    DeltagareFactory(insats=insats_a, deltagar_id="AP-1")
    DeltagareFactory(insats=insats_b, deltagar_id="NO-1")
    client.force_login(leader_a)
    assert client.get(reverse("importexport:export")).status_code == 200
    svar = client.get(reverse("importexport:export"), {"format": "xlsx"})
    assert svar["Content-Type"].startswith("application/vnd.openxmlformats")
    rader = list(load_workbook(io.BytesIO(svar.content)).worksheets[0].iter_rows(values_only=True))
    assert [r[1] for r in rader[1:]] == ["AP-1"]
    assert LogEntry.objects.get(object_pk="export").actor == leader_a


def test_web_export_refuses_another_insats_in_the_filter(client, leader_a, insats_b):
    DeltagareFactory(insats=insats_b, deltagar_id="NO-1")
    client.force_login(leader_a)
    svar = client.get(reverse("importexport:export"), {"format": "csv", "insatser": [insats_b.pk]})
    assert svar.status_code == 200 and "text/html" in svar["Content-Type"]  # the form, with an error
    assert "NO-1" not in svar.content.decode()
    assert not LogEntry.objects.filter(object_pk="export").exists()


def test_web_export_refuses_a_reversed_period(client, leader_a):
    client.force_login(leader_a)
    svar = client.get(reverse("importexport:export"), {"format": "csv", "fran": "2025-06-30", "till": "2025-01-01"})
    assert "Till-datumet får inte vara före från-datumet." in svar.content.decode()


def test_the_upload_keeps_its_csrf_check_behind_the_size_limit(leader_a):
    from django.test import Client

    klient = Client(enforce_csrf_checks=True)
    klient.force_login(leader_a)
    assert ladda_upp(klient, xlsx([rad()])).status_code == 403
    assert not ImportKorning.objects.exists()
