"""One rule, one answer: the same participant data gets the same verdict on every surface that
writes one (the registration form, the API, the import), and the form and the API the same
words. The tester's finding (round 3): the form read 1/3/2026 the American way as 3 January,
the API took 20260301, the import refused both."""

import pytest
from django.urls import reverse
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from deltagare.importexport.services import importera_deltagare
from deltagare.importexport.tests.filer import ANONYM, csv_fil, rad
from deltagare.models import Deltagare
from deltagare.tests.factories import DeltagareFactory

pytestmark = pytest.mark.django_db

OGILTIGT = "Ogiltigt datum; ange ÅÅÅÅ-MM-DD, t.ex. 2025-03-01."


def registrera_via_formularet(client, user, insats, **andra) -> dict[str, list[str]]:
    """The registration page's errors by field ({} when saved)."""
    client.force_login(user)
    data = {"deltagar_id": "AP-F", "samtycke": "True", "kon": "K", "startdatum": "2025-03-01", **andra}
    svar = client.post(reverse("deltagare:ny", args=[insats.pk]), {k: v for k, v in data.items() if v is not None})
    return {} if svar.status_code == 302 else {k: list(v) for k, v in svar.context["form"].errors.items()}


def registrera_via_api(user, **andra) -> dict[str, list[str]]:
    klient = APIClient()
    klient.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.get_or_create(user=user)[0].key}")
    data = {"insats": "Aktivitetsplatsen", "deltagar_id": "AP-A", "samtycke": True, "kon": "K", "startdatum": "2025-03-01", **andra}
    svar = klient.post("/api/deltagare/", data, format="json")
    return {} if svar.status_code == 201 else {k: [str(m) for m in v] for k, v in svar.data.items()}


def registrera_via_importen(user, **andra) -> list[str]:
    resultat = importera_deltagare(
        user=user, filnamn="deltagare.csv", innehall=csv_fil([rad(**{"Deltagar_ID": "AP-I", **andra})]), granska=True
    )
    return [str(f) for f in resultat.fel]


# --- dates: one way to write them ----------------------------------------------------------------


@pytest.mark.parametrize("startdatum", ["2025-03-01", "2025-3-1"])
def test_an_iso_date_is_taken_everywhere(client, leader_a, insats_a, startdatum):
    assert registrera_via_formularet(client, leader_a, insats_a, startdatum=startdatum) == {}
    assert registrera_via_api(leader_a, startdatum=startdatum) == {}
    assert registrera_via_importen(leader_a, Startdatum=startdatum) == []
    assert Deltagare.objects.count() == 2


@pytest.mark.parametrize("startdatum", ["1/3/2025", "3/1/25", "12/31/2024", "20250301", "2025-02-29", "1 mars 2025"])
def test_a_date_not_written_as_iso_or_not_a_date_is_refused_everywhere_in_the_same_words(
    client, leader_a, insats_a, startdatum
):
    assert registrera_via_formularet(client, leader_a, insats_a, startdatum=startdatum) == {"startdatum": [OGILTIGT]}
    assert registrera_via_api(leader_a, startdatum=startdatum) == {"startdatum": [OGILTIGT]}
    assert registrera_via_importen(leader_a, Startdatum=startdatum) == [
        f"rad 2, kolumn Startdatum: Ogiltigt datum ”{startdatum}”; ange ÅÅÅÅ-MM-DD."
    ]
    assert not Deltagare.objects.exists()


# --- kön: required with consent, may be missing without (the model's KON_KRAVS) ---------------

ANONYM_UTAN_KON = {**{k.replace(" ", "_").replace("-", "_"): v for k, v in ANONYM.items() if k != "Deltagar-ID"}, "Kön": ""}
KON_KRAVS = "Ange kön. Bara en anonym deltagare (utan samtycke) får sakna kön."


def test_an_anonymous_participant_without_kon_is_taken_everywhere(client, leader_a, insats_a):
    assert registrera_via_formularet(client, leader_a, insats_a, samtycke="False", kon="") == {}
    assert registrera_via_api(leader_a, samtycke=False, kon="", fodelsear=None) == {}
    assert registrera_via_importen(leader_a, **ANONYM_UTAN_KON) == []


def test_a_participant_with_consent_and_without_kon_is_refused_everywhere_with_one_message(client, leader_a, insats_a):
    assert registrera_via_formularet(client, leader_a, insats_a, kon="") == {"kon": [KON_KRAVS]}
    assert registrera_via_api(leader_a, kon="") == {"kon": [KON_KRAVS]}
    assert registrera_via_importen(leader_a, Kön="") == [f"rad 2, kolumn Kön: {KON_KRAVS}"]


def test_a_duplicate_deltagar_id_is_reported_at_the_field_on_the_form_and_in_the_api(client, leader_a, insats_a):
    DeltagareFactory(insats=insats_a, deltagar_id="AP-DUBBEL")
    meddelande = "Det finns redan en deltagare med detta deltagar-ID i insatsen."
    assert registrera_via_formularet(client, leader_a, insats_a, deltagar_id="AP-DUBBEL") == {"deltagar_id": [meddelande]}
    assert registrera_via_api(leader_a, deltagar_id="AP-DUBBEL") == {"deltagar_id": [meddelande]}


def test_an_unanswered_consent_is_not_blamed_on_the_background_fields(client, leader_a, insats_a):
    fel = registrera_via_formularet(client, leader_a, insats_a, samtycke=None, fodelsear="1990")
    assert fel == {"samtycke": ["Det här fältet är obligatoriskt."]}


def test_a_too_long_deltagar_id_is_refused_in_the_same_words_everywhere(client, leader_a, insats_a):
    langt = "AP" + "1" * 124
    meddelande = "Säkerställ att detta värde har som mest 40 tecken (den har 126)."
    assert registrera_via_formularet(client, leader_a, insats_a, deltagar_id=langt) == {"deltagar_id": [meddelande]}
    assert registrera_via_api(leader_a, deltagar_id=langt) == {"deltagar_id": [meddelande]}
    assert registrera_via_importen(leader_a, Deltagar_ID=langt) == [f"rad 2, kolumn Deltagar-ID: {meddelande}"]


def test_a_birth_year_that_is_no_number_is_refused_in_the_same_words_on_the_form_and_in_the_api(client, leader_a, insats_a):
    meddelande = "Ogiltigt födelseår; ange fyra siffror, t.ex. 1985."
    assert registrera_via_formularet(client, leader_a, insats_a, fodelsear="19x0") == {"fodelsear": [meddelande]}
    assert registrera_via_api(leader_a, fodelsear="19x0") == {"fodelsear": [meddelande]}
    assert registrera_via_importen(leader_a, Födelseår="19x0") == [
        "rad 2, kolumn Födelseår: Ogiltigt födelseår ”19x0”; ange fyra siffror, t.ex. 1985."
    ]


@pytest.mark.parametrize("fodelsear", ["99999", "-1", "999"])
def test_a_birth_year_without_four_digits_is_refused_in_the_same_words_on_every_database(
    client, leader_a, insats_a, fodelsear
):
    # The database's own bounds (32767 on PostgreSQL, none on SQLite) spoke before.
    meddelande = "Ogiltigt födelseår; ange fyra siffror, t.ex. 1985."
    assert registrera_via_formularet(client, leader_a, insats_a, fodelsear=fodelsear) == {"fodelsear": [meddelande]}
    assert registrera_via_api(leader_a, fodelsear=int(fodelsear)) == {"fodelsear": [meddelande]}


def test_a_four_digit_birth_year_below_the_bounds_is_refused_by_the_import_too(leader_a, insats_a):
    assert registrera_via_importen(leader_a, Födelseår="0999") == [
        "rad 2, kolumn Födelseår: Ogiltigt födelseår ”0999”; ange fyra siffror, t.ex. 1985."
    ]


def test_a_birth_year_past_any_integer_the_database_holds_is_the_same_400_in_the_api(leader_a, insats_a):
    assert registrera_via_api(leader_a, fodelsear=10**30) == {"fodelsear": ["Ogiltigt födelseår; ange fyra siffror, t.ex. 1985."]}


def test_juridiskt_kon_follows_kon_for_a_woman_or_man_everywhere(client, leader_a, insats_a):
    # regler §2: juridiskt kön is set to kön when kön is Kvinna or Man, whatever else was sent.
    assert registrera_via_formularet(client, leader_a, insats_a, kon="K", juridiskt_kon="M") == {}
    assert registrera_via_api(leader_a, kon="K", juridiskt_kon="M") == {}
    assert list(Deltagare.objects.values_list("kon", "juridiskt_kon")) == [("K", "K"), ("K", "K")]
    assert registrera_via_importen(leader_a, **{"Kön": "Kvinna", "Juridiskt kön": "Man"}) == []


def test_changing_kon_of_a_man_to_kvinna_changes_juridiskt_kon_too(leader_a, insats_a):
    deltagare = DeltagareFactory(insats=insats_a, kon="M")
    klient = APIClient()
    klient.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.get_or_create(user=leader_a)[0].key}")
    svar = klient.patch(f"/api/deltagare/{deltagare.pk}/", {"kon": "K", "version": 1}, format="json")
    assert svar.status_code == 200
    assert (svar.data["kon"], svar.data["juridiskt_kon"]) == ("K", "K")
