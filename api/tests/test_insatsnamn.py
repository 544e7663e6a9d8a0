"""An insats the caller may not see is answered exactly as one that does not exist: a project
leader cannot list the other insatser's names by trying ids (403 "…insatsen MIA Vidare" named
them). 403 stays where the caller sees the insats but may not write in it (kansli)."""

import pytest

from deltagare.models import Deltagare
from insatser.models import Insats

pytestmark = pytest.mark.django_db

URL = "/api/deltagare/"


def ny(insats) -> dict:
    return {"insats": insats, "deltagar_id": "AP-API-1", "samtycke": True, "kon": "K", "startdatum": "2025-02-03"}


def test_another_insats_by_id_is_answered_as_an_unknown_id_without_its_name(klient_a, insats_a):
    annan = Insats.objects.exclude(pk=insats_a.pk).get(kortnamn="Novum")
    okant_id = Insats.objects.order_by("-pk").first().pk + 1000
    annan_svar = klient_a.post(URL, ny(annan.pk), format="json")
    okant_svar = klient_a.post(URL, ny(okant_id), format="json")
    assert (annan_svar.status_code, okant_svar.status_code) == (400, 400)
    assert annan_svar.json() == {"insats": [f"Okänd insats ”{annan.pk}”. Ange kortnamn, namn eller id."]}
    assert okant_svar.json() == {"insats": [f"Okänd insats ”{okant_id}”. Ange kortnamn, namn eller id."]}
    assert annan.namn not in annan_svar.text and annan.kortnamn not in annan_svar.text
    assert not Deltagare.objects.exists()


def test_kansli_is_refused_the_write_with_403(klient_kansli, insats_b):
    response = klient_kansli.post(URL, ny(insats_b.pk), format="json")
    assert response.status_code == 403
    assert response.json() == {"detail": "Du kan läsa men inte ändra deltagare."}
    assert not Deltagare.objects.exists()


def test_a_leader_still_registers_into_their_own_insats_by_id(klient_a, insats_a):
    response = klient_a.post(URL, ny(insats_a.pk), format="json")
    assert response.status_code == 201
    assert response.json()["insats"] == "Aktivitetsplatsen"
