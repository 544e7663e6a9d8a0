"""Web import with preview, template download and export: access, preview, confirm, audit."""

import datetime
import io

import pytest
from auditlog.models import LogEntry
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from deltagare.models import Deltagare, ImportKorning
from deltagare.tests.factories import DeltagareFactory

from .. import korning as korningar
from .filer import rad, xlsx

pytestmark = pytest.mark.django_db


def ladda_upp(client, innehall: bytes, namn="deltagare.xlsx"):
    return client.post(reverse("importexport:import"), {"fil": SimpleUploadedFile(namn, innehall)})


@pytest.mark.parametrize(
    "url",
    [
        reverse("importexport:import"),
        reverse("importexport:mall"),
        reverse("importexport:export"),
        reverse("importexport:korning", args=[1]),
    ],
)
def test_anonymous_users_are_sent_to_login(client, url):
    svar = client.get(url)
    assert svar.status_code == 302
    assert svar.url.startswith(reverse("login"))


def test_the_import_page_offers_the_form_and_the_template(client, leader_a):
    client.force_login(leader_a)
    svar = client.get(reverse("importexport:import"))
    assert svar.status_code == 200
    assert reverse("importexport:mall") in svar.content.decode()
    assert "Aktivitetsplatsen" in svar.content.decode()


def test_preview_writes_nothing_and_confirm_writes(client, leader_a):
    client.force_login(leader_a)
    svar = ladda_upp(client, xlsx([rad(Deltagar_ID="AP-1"), rad(Deltagar_ID="AP-2")]))
    korning = ImportKorning.objects.get()
    assert svar.url == reverse("importexport:korning", args=[korning.pk])
    assert (korning.status, korning.nya, korning.fel) == (ImportKorning.Status.GRANSKAD, 2, [])
    assert not Deltagare.objects.exists()
    sida = client.get(svar.url).content.decode()
    assert 'data-antal="nya">2<' in sida and "Bekräfta och spara" in sida

    svar = client.post(reverse("importexport:bekrafta", args=[korning.pk]))
    korning.refresh_from_db()
    assert korning.status == ImportKorning.Status.KLAR
    assert sorted(Deltagare.objects.values_list("deltagar_id", flat=True)) == ["AP-1", "AP-2"]
    assert korning.fil is None  # the uploaded file is not kept
    assert LogEntry.objects.get(object_pk="import").actor == leader_a


def test_a_refused_file_shows_every_problem_and_writes_nothing(client, leader_a):
    client.force_login(leader_a)
    svar = ladda_upp(client, xlsx([rad(Deltagar_ID="AP-1", Kön="X"), rad(Deltagar_ID="AP-2", Födelseår=2015)]))
    korning = ImportKorning.objects.get()
    assert korning.status == ImportKorning.Status.FEL and korning.fil is None
    sida = client.get(svar.url).content.decode()
    assert "Okänt värde ”X”" in sida and "Åldern vid start blir 10 år" in sida
    assert "Bekräfta och spara" not in sida
    assert client.post(reverse("importexport:bekrafta", args=[korning.pk])).status_code == 302
    assert not Deltagare.objects.exists()


def test_a_leader_cannot_import_into_another_insats_on_the_web(client, leader_b):
    client.force_login(leader_b)
    ladda_upp(client, xlsx([rad(Insats="Aktivitetsplatsen")]))
    korning = ImportKorning.objects.get()
    assert korning.fel == [[2, "Insats", "Du har inte behörighet till insatsen Aktivitetsplatsen."]]
    assert not Deltagare.objects.exists()


def test_another_users_import_run_is_not_found(client, leader_a, leader_b):
    client.force_login(leader_a)
    ladda_upp(client, xlsx([rad()]))
    korning = ImportKorning.objects.get()
    client.force_login(leader_b)
    assert client.get(reverse("importexport:korning", args=[korning.pk])).status_code == 404
    assert client.post(reverse("importexport:bekrafta", args=[korning.pk])).status_code == 404
    assert client.post(reverse("importexport:avbryt", args=[korning.pk])).status_code == 404
    assert not Deltagare.objects.exists()


def test_cancelling_a_preview_drops_the_run_and_its_file(client, leader_a):
    client.force_login(leader_a)
    ladda_upp(client, xlsx([rad()]))
    korning = ImportKorning.objects.get()
    client.post(reverse("importexport:avbryt", args=[korning.pk]))
    assert not ImportKorning.objects.exists() and not Deltagare.objects.exists()


def test_a_user_without_an_insats_to_lead_may_not_import(client, kansli):
    client.force_login(kansli)
    assert client.get(reverse("importexport:import")).status_code == 403
    assert client.get(reverse("importexport:mall")).status_code == 403


def test_the_template_download_offers_the_leaders_insatser(client, leader_a):
    client.force_login(leader_a)
    svar = client.get(reverse("importexport:mall"))
    assert svar.status_code == 200
    assert svar["Content-Disposition"] == 'attachment; filename="deltagare-mall.xlsx"'
    bok = load_workbook(io.BytesIO(svar.content))
    assert [rad[0].value for rad in bok["Listor"]["A2:A10"] if rad[0].value] == ["Aktivitetsplatsen"]


def test_web_export_holds_only_the_leaders_rows_and_is_audited(client, leader_a, insats_a, insats_b):
    DeltagareFactory(insats=insats_a, deltagar_id="AP-1")
    DeltagareFactory(insats=insats_b, deltagar_id="NO-1")
    client.force_login(leader_a)
    assert client.get(reverse("importexport:export")).status_code == 200
    svar = client.get(reverse("importexport:export"), {"format": "xlsx"})
    assert svar["Content-Type"].startswith("application/vnd.openxmlformats")
    rader = list(load_workbook(io.BytesIO(svar.content)).active.iter_rows(values_only=True))
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


def test_confirming_writes_the_previewed_rows_without_reading_the_file_again(client, leader_a):
    client.force_login(leader_a)
    ladda_upp(client, xlsx([rad(Deltagar_ID="AP-1"), rad(Deltagar_ID="AP-2")]))
    korning = ImportKorning.objects.get()
    ImportKorning.objects.filter(pk=korning.pk).update(fil=b"not a workbook any more")
    client.post(reverse("importexport:bekrafta", args=[korning.pk]))
    korning.refresh_from_db()
    assert (korning.status, korning.nya) == (ImportKorning.Status.KLAR, 2)
    assert Deltagare.objects.count() == 2


def test_confirming_after_the_preview_was_forgotten_checks_the_file_again(client, leader_a):
    client.force_login(leader_a)
    ladda_upp(client, xlsx([rad(Deltagar_ID="AP-1")]))
    korning = ImportKorning.objects.get()
    korningar.glom_granskning(korning.pk)  # as in another worker process
    client.post(reverse("importexport:bekrafta", args=[korning.pk]))
    korning.refresh_from_db()
    assert korning.status == ImportKorning.Status.KLAR
    assert Deltagare.objects.count() == 1


def test_a_leader_removed_from_the_insats_after_the_preview_cannot_confirm(client, leader_a, insats_a, insats_b):
    client.force_login(leader_a)
    ladda_upp(client, xlsx([rad(Deltagar_ID="AP-1")]))
    korning = ImportKorning.objects.get()
    insats_b.projektledare.add(leader_a)
    insats_a.projektledare.remove(leader_a)
    client.post(reverse("importexport:bekrafta", args=[korning.pk]))
    korning.refresh_from_db()
    assert korning.status == ImportKorning.Status.FEL
    assert korning.fel == [[None, None, "Du har inte behörighet till insatsen Aktivitetsplatsen."]]
    assert not Deltagare.objects.exists()


def test_a_user_who_no_longer_leads_any_insats_is_refused_the_confirmation(client, leader_a, insats_a):
    client.force_login(leader_a)
    ladda_upp(client, xlsx([rad(Deltagar_ID="AP-1")]))
    korning = ImportKorning.objects.get()
    insats_a.projektledare.remove(leader_a)
    assert client.post(reverse("importexport:bekrafta", args=[korning.pk])).status_code == 403
    assert not Deltagare.objects.exists()


def test_a_new_upload_drops_the_users_earlier_runs_and_anyones_stale_ones(client, leader_a, leader_b):
    client.force_login(leader_b)
    ladda_upp(client, xlsx([rad(Insats="Novum")]))
    ImportKorning.objects.update(uppdaterad=timezone.now() - datetime.timedelta(days=2))
    client.force_login(leader_a)
    ladda_upp(client, xlsx([rad(Deltagar_ID="AP-1")]))
    ladda_upp(client, xlsx([rad(Deltagar_ID="AP-2")]))
    assert list(ImportKorning.objects.values_list("skapad_av__username", "nya")) == [("ledare-a", 1)]
