"""The database connection drops in the middle of a save: the transaction rolls back,
nothing partial remains and the user gets a clear Swedish message."""

import importlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import ProgrammingError
from django.urls import reverse

from deltagare.models import Deltagare, ImportKorning, Uppfoljning

from .felinjektion import aterstall_anslutningen, kapa_anslutningen

# A cut connection needs a real transaction, so these tests commit; the shared fixtures reload
# the base data the flush afterwards removes.
pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("grunddata", "grunddata_efter_modulen"),
]


def test_admin_save_cut_off_mid_transaction_writes_nothing_and_says_so(client, administrator, mgt, kapa_vid):
    client.force_login(administrator)
    # The row is inserted, then the connection dies before its follow-ups are written.
    kapa_vid("deltagare.services.skapa_uppfoljningar")
    response = client.post(
        reverse("admin:deltagare_deltagare_add"),
        {
            "insats": mgt.pk,
            "deltagar_id": "MGT-FEL-1",
            "samtycke": "on",
            "kon": "K",
            "juridiskt_kon": "K",
            "fodelsear": "1990",
            "startdatum": "2025-03-03",
            "uppfoljningar-TOTAL_FORMS": "0",
            "uppfoljningar-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 503
    assert "Databasen svarade inte, så ingenting sparades." in response.content.decode()
    aterstall_anslutningen()
    assert not Deltagare.objects.filter(deltagar_id="MGT-FEL-1").exists()
    assert not Uppfoljning.objects.exists()


def test_leader_form_save_cut_off_mid_transaction_writes_nothing_and_says_so(client, mgt, kapa_vid, django_user_model):
    leader = django_user_model.objects.create_user("ledare-mgt")
    mgt.projektledare.add(leader)
    client.force_login(leader)
    kapa_vid("deltagare.services.skapa_uppfoljningar")
    response = client.post(
        reverse("deltagare:ny", args=[mgt.pk]),
        {"deltagar_id": "MGT-FEL-2", "samtycke": "False", "kon": "M", "startdatum": "2025-03-03"},
    )
    assert response.status_code == 503
    assert "Databasen svarade inte, så ingenting sparades." in response.content.decode()
    aterstall_anslutningen()
    assert not Deltagare.objects.filter(deltagar_id="MGT-FEL-2").exists()
    assert not Uppfoljning.objects.exists()


def test_a_page_that_only_reads_does_not_speak_of_a_form_when_the_database_is_gone(client, kansli, kapa_vid):
    client.force_login(kansli)
    kapa_vid("deltagare.views.start.insatser_med_antal")
    response = client.get(reverse("deltagare:start"))
    assert response.status_code == 503
    text = response.content.decode()
    assert "Databasen svarade inte. Försök igen om en stund." in text and "formuläret" not in text


def test_a_programming_error_is_not_disguised_as_an_outage(client, kansli, monkeypatch):
    def trasig(*args, **kwargs):
        raise ProgrammingError("syntax error")

    monkeypatch.setattr(importlib.import_module("deltagare.views.start"), "insatser_med_antal", trasig)
    client.raise_request_exception = False
    client.force_login(kansli)
    assert client.get(reverse("deltagare:start")).status_code == 500


@pytest.fixture
def kapa_vid_sessionen(monkeypatch):
    """kapa_vid_sessionen(): the connection fails when the session is next loaded, which is in a
    middleware (the two-factor check asks for the user), before any view."""
    from django.contrib.sessions.backends.db import SessionStore

    original = SessionStore.load

    def load(self):
        monkeypatch.setattr(SessionStore, "load", original)
        kapa_anslutningen()
        return original(self)

    yield lambda: monkeypatch.setattr(SessionStore, "load", load)
    aterstall_anslutningen()


def test_an_outage_while_the_session_loads_is_the_databases_503_not_an_unexpected_error(client, kansli, kapa_vid_sessionen):
    client.force_login(kansli)
    client.raise_request_exception = False
    kapa_vid_sessionen()
    response = client.get(reverse("deltagare:start"))
    assert response.status_code == 503
    text = response.content.decode()
    assert "Databasen svarade inte. Försök igen om en stund." in text and "Något gick fel" not in text


def test_an_api_call_whose_session_cannot_be_loaded_gets_the_databases_503_in_json(client, kansli, kapa_vid_sessionen):
    client.force_login(kansli)
    client.raise_request_exception = False
    kapa_vid_sessionen()
    response = client.post("/api/deltagare/", {}, content_type="application/json")
    assert response.status_code == 503
    assert response.json() == {
        "detail": "Databasen svarade inte, så ingenting sparades. Dina uppgifter finns kvar i formuläret: "
        "gå tillbaka och försök igen om en stund."
    }


def importfil(tmp_path, *ids: str):
    from deltagare.importexport.tests.filer import rad, xlsx

    rader = [rad(Deltagar_ID=i) for i in ids] + [rad(Insats="MGT", Deltagar_ID="MGT-IMP-1")]
    path = tmp_path / "deltagare.xlsx"
    path.write_bytes(xlsx(rader))
    return path


def test_import_command_cut_off_mid_write_writes_nothing_and_says_so(tmp_path, kapa_vid):
    fil = importfil(tmp_path, "AP-IMP-1", "AP-IMP-2")
    # The new rows are inserted, then the connection dies before the updates and follow-ups.
    kapa_vid("deltagare.importexport.skrivning.uppdatera")
    with pytest.raises(CommandError, match="Databasen svarade inte, så ingenting importerades."):
        call_command("import_deltagare", str(fil))
    aterstall_anslutningen()
    assert not Deltagare.objects.exists()
    assert not Uppfoljning.objects.exists()


def test_web_import_cut_off_at_confirmation_writes_nothing_and_says_so(client, leader_a, kapa_vid, arbetare):
    from deltagare.importexport.tests.filer import rad, xlsx

    client.force_login(leader_a)
    client.post(
        reverse("importexport:import"),
        {"fil": SimpleUploadedFile("deltagare.xlsx", xlsx([rad(Deltagar_ID="AP-IMP-3")]))},
    )
    arbetare()
    korning = ImportKorning.objects.get()
    kapa_vid("deltagare.importexport.skrivning.uppdatera")
    client.post(reverse("importexport:bekrafta", args=[korning.pk]), {"granskning": korning.granskningsnyckel})
    arbetare()
    aterstall_anslutningen()
    korning.refresh_from_db()
    assert korning.status == ImportKorning.Status.MISSLYCKAD and korning.kan_forsokas_igen
    assert korning.fel == [[None, None, "Databasen svarade inte, så ingenting importerades. Försök igen om en stund.", None]]
    assert "Databasen svarade inte" in client.get(reverse("importexport:korning", args=[korning.pk])).content.decode()
    assert not Deltagare.objects.exists()
    # The preview is intact: trying again writes it.
    client.post(reverse("importexport:forsok_igen", args=[korning.pk]))
    arbetare()
    korning.refresh_from_db()
    assert korning.status == ImportKorning.Status.KLAR
    assert list(Deltagare.objects.values_list("deltagar_id", flat=True)) == ["AP-IMP-3"]
