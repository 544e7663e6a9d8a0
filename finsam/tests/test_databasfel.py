"""The database connection drops in the middle of a save: the transaction rolls back,
nothing partial remains and the user gets a clear Swedish message."""

import importlib

import pytest
from django.contrib.auth.models import Permission
from django.db import ProgrammingError
from django.urls import reverse

from deltagare.models import Deltagare, Uppfoljning

from .felinjektion import aterstall_anslutningen, kapa_vid  # noqa: F401  (kapa_vid is a fixture)

# A cut connection needs a real transaction, so these tests commit; the shared fixtures reload
# the base data the flush afterwards removes.
pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("grunddata", "grunddata_efter_modulen"),
]


def test_admin_save_cut_off_mid_transaction_writes_nothing_and_says_so(client, kansli, mgt, kapa_vid):
    kansli.user_permissions.add(Permission.objects.get(codename="add_deltagare"))
    client.force_login(kansli)
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


def test_a_programming_error_is_not_disguised_as_an_outage(client, kansli, monkeypatch):
    def trasig(*args, **kwargs):
        raise ProgrammingError("syntax error")

    monkeypatch.setattr(importlib.import_module("deltagare.views.start"), "insatser_med_antal", trasig)
    client.raise_request_exception = False
    client.force_login(kansli)
    assert client.get(reverse("deltagare:start")).status_code == 500
