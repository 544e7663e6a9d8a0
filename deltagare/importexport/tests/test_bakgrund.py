"""The web import's background thread against a real database: progress, preview, confirm.

The thread has its own connection and sees committed data only, so this test commits; the
shared fixtures reload the code lists and insatser that the flush afterwards removes."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from deltagare.models import Deltagare, ImportKorning

from .. import korning as korningar
from .filer import rad, xlsx


def ladda_upp(client, innehall: bytes, namn="deltagare.xlsx"):
    return client.post(reverse("importexport:import"), {"fil": SimpleUploadedFile(namn, innehall)})


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("grunddata", "grunddata_efter_modulen")
def test_a_web_import_runs_in_the_background_and_reports_progress(client, settings, leader_a):
    settings.IMPORTEXPORT_BAKGRUND = True
    client.force_login(leader_a)
    svar = ladda_upp(client, xlsx([rad(Deltagar_ID=f"AP-{i}") for i in range(1500)]))
    korning = ImportKorning.objects.get()
    korningar.vanta(korning.pk)
    korning.refresh_from_db()
    assert (korning.status, korning.nya, korning.totalt, korning.behandlade) == ("granskad", 1500, 1500, 1500)
    assert not Deltagare.objects.exists()
    client.post(reverse("importexport:bekrafta", args=[korning.pk]))
    korningar.vanta(korning.pk)
    korning.refresh_from_db()
    assert korning.status == ImportKorning.Status.KLAR
    assert Deltagare.objects.count() == 1500
    assert "Importerat" in client.get(svar.url).content.decode()
