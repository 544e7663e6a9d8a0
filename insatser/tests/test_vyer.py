"""The kansli's page for förväntat resultat: enter, change, assess and remove goals, with the
outcome beside each. Kansli and administrators only (behorighet.far_andra_mal)."""

import datetime

import pytest
from django.urls import reverse

from deltagare.tests.factories import DeltagareFactory
from insatser.models import Mal

pytestmark = pytest.mark.django_db


@pytest.fixture
def mgt_2025(mgt):
    for n in range(7):
        DeltagareFactory(insats=mgt, deltagar_id=f"MGT-{n}", startdatum=datetime.date(2025, 3, 10), kon="KM"[n % 2])
    return Mal.objects.get(insats=mgt, ar=2025, typ="deltagare")


def test_the_page_shows_each_goal_with_its_outcome_for_the_year(client, kansli, mgt_2025):
    client.force_login(kansli)
    response = client.get(reverse("insatser:mal_lista"), {"ar": 2025})
    assert response.status_code == 200
    rader = dict(response.context["per_insats"])
    mgt_rader = rader[mgt_2025.insats]
    assert mgt_rader[0]["mal"] == mgt_2025
    assert mgt_rader[0]["utfall"]["utfall"] == 7
    assert mgt_rader[0]["utfall"]["forvantat"] == 70
    text = response.content.decode()
    assert "70 deltagare ska ha erbjudits ett teammöte vid årets slut" in text


def test_kansli_enters_a_lots_goal(client, kansli, mgt):
    client.force_login(kansli)
    response = client.post(
        reverse("insatser:mal_ny"),
        {"insats": mgt.pk, "ar": 2026, "typ": "lots", "andel": 20, "beskrivning": "20 procent erbjuds en lots", "sortering": 0},
    )
    assert response.status_code == 302
    mal = Mal.objects.get(insats=mgt, ar=2026, typ="lots")
    assert (mal.andel, mal.beskrivning) == (20, "20 procent erbjuds en lots")


def test_a_goal_without_its_value_is_refused_with_the_field_named(client, kansli, mgt):
    client.force_login(kansli)
    response = client.post(reverse("insatser:mal_ny"), {"insats": mgt.pk, "ar": 2026, "typ": "utfall", "sortering": 0})
    assert response.status_code == 200
    assert response.context["form"].errors == {
        "andel": ["Ange förväntad andel i procent."],
        "avslutsorsaker": ["Välj minst en avslutsorsak eller avslutsgrupp som räknas som utfallet."],
    }
    assert "Målet sparades inte" in response.content.decode()
    assert not Mal.objects.filter(insats=mgt, ar=2026).exists()


def test_kansli_assesses_a_qualitative_goal(client, kansli):
    mal = Mal.objects.get(insats__kortnamn="MGT", ar=2022, beskrivning="100 procent ska ha en gemensam plan")
    client.force_login(kansli)
    falt = {
        "insats": mal.insats_id,
        "ar": 2022,
        "typ": "kvalitativt",
        "beskrivning": mal.beskrivning,
        "bedomning": "delvis",
        "kommentar": "Nio av tio hade en plan vid uppföljningen.",
        "sortering": mal.sortering,
    }
    response = client.post(reverse("insatser:mal_andra", args=[mal.pk]), falt)
    assert response.status_code == 302
    mal.refresh_from_db()
    assert (mal.get_bedomning_display(), mal.kommentar) == ("Delvis uppnått", "Nio av tio hade en plan vid uppföljningen.")


def test_an_administrator_removes_a_goal(client, administrator, mgt_2025):
    client.force_login(administrator)
    assert client.get(reverse("insatser:mal_ta_bort", args=[mgt_2025.pk])).status_code == 200
    response = client.post(reverse("insatser:mal_ta_bort", args=[mgt_2025.pk]))
    assert response.status_code == 302
    assert not Mal.objects.filter(pk=mgt_2025.pk).exists()


@pytest.mark.parametrize("namn", ["lista", "ny", "andra", "ta_bort"])
def test_project_leaders_are_refused_every_goal_page(client, leader_a, insats_a, namn):
    mal = Mal.objects.filter(insats=insats_a).first()
    url = reverse(f"insatser:mal_{namn}", args=[mal.pk] if namn in ("andra", "ta_bort") else [])
    client.force_login(leader_a)
    assert client.get(url).status_code == 403
    assert client.post(url, {"insats": insats_a.pk, "ar": 2026, "typ": "deltagare", "antal": 1}).status_code == 403
    assert Mal.objects.filter(pk=mal.pk).exists()
    assert not Mal.objects.filter(ar=2026).exists()


def test_anonymous_visitors_are_sent_to_log_in(client):
    response = client.get(reverse("insatser:mal_lista"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_the_menu_links_the_page_for_kansli_only(client, kansli, leader_a):
    client.force_login(kansli)
    assert reverse("insatser:mal_lista") in client.get("/").content.decode()
    client.force_login(leader_a)
    assert reverse("insatser:mal_lista") not in client.get("/").content.decode()
