"""Input an attacker sends on purpose: a body that is no JSON object, a forged cursor position, a
text that is no Unicode, a text far longer than any name or code. Each is a Swedish 4xx in JSON,
never a 500 (nor the 503 of a database that refused the query)."""

import base64
import json

import pytest

from deltagare.models import Deltagare
from deltagare.tests.factories import DeltagareFactory

from .test_deltagare import URL, ny

pytestmark = pytest.mark.django_db

OBJEKT_KRAVS = "Skicka deltagaren som ett JSON-objekt med fält och värden."
OGILTIGT_TECKEN = "Ogiltigt tecken: texten innehåller ett ensamt surrogattecken (ingen giltig Unicode)."


@pytest.mark.parametrize("metod", ["put", "patch"])
@pytest.mark.parametrize("body", ["null", "[]", '"x"', '[{"deltagar_id": "x"}]'])
def test_an_update_whose_body_is_no_json_object_is_a_swedish_400(klient_a, metod, body):
    deltagare = DeltagareFactory(deltagar_id="AP-1")
    response = getattr(klient_a, metod)(f"{URL}{deltagare.pk}/", body, content_type="application/json")
    assert response.status_code == 400
    assert response.json() == {"non_field_errors": [OBJEKT_KRAVS]}
    assert Deltagare.objects.get(pk=deltagare.pk).deltagar_id == "AP-1"


@pytest.mark.parametrize("body", ["null", "[]", '"x"'])
def test_a_registration_whose_body_is_no_json_object_is_the_same_400(klient_a, body):
    response = klient_a.post(URL, body, content_type="application/json")
    assert response.status_code == 400
    assert response.json() == {"non_field_errors": [OBJEKT_KRAVS]}


def cursor(text: str) -> str:
    return base64.b64encode(text.encode("ascii")).decode("ascii")


@pytest.mark.parametrize("position", ["abc", "2025-01-01", "\x00", "-1", "99999999999999999999999"])
def test_a_cursor_whose_position_is_no_id_is_refused_with_drfs_swedish_message(klient_kansli, position):
    DeltagareFactory()
    response = klient_kansli.get(URL, {"cursor": cursor(f"p={position}")})
    assert response.status_code == 404
    assert response.json() == {"detail": "Ogiltig cursor: följ länkarna next och previous i svaret."}


@pytest.mark.parametrize("varde", ["!!!", cursor("x=1")])
def test_a_cursor_that_says_nothing_is_refused_rather_than_read_as_the_first_page(klient_kansli, varde):
    DeltagareFactory()
    response = klient_kansli.get(URL, {"cursor": varde})
    assert response.status_code == 404
    assert response.json() == {"detail": "Ogiltig cursor: följ länkarna next och previous i svaret."}


@pytest.mark.parametrize("varde", ["r=1&o=999999999999999999999", "r=1&o=7", "o=3"])
def test_a_cursor_without_a_position_and_an_offset_no_link_of_ours_has_is_refused(klient_kansli, varde):
    DeltagareFactory()
    response = klient_kansli.get(URL, {"cursor": cursor(varde), "page_size": 50})
    assert response.status_code == 404
    assert response.json() == {"detail": "Ogiltig cursor: följ länkarna next och previous i svaret."}


def test_every_previous_link_of_a_walk_to_the_end_and_back_is_accepted(klient_kansli):
    for nummer in range(5):
        DeltagareFactory(deltagar_id=f"AP-{nummer}")
    sida = klient_kansli.get(URL, {"page_size": 2}).json()
    sedda = [rad["id"] for rad in sida["results"]]
    while sida["next"]:
        sida = klient_kansli.get(sida["next"]).json()
        sedda += [rad["id"] for rad in sida["results"]]
    tillbaka = []
    while sida["previous"]:
        svar = klient_kansli.get(sida["previous"])
        assert svar.status_code == 200
        sida = svar.json()
        tillbaka = [rad["id"] for rad in sida["results"]] + tillbaka
    assert len(sedda) == 5 and tillbaka == sedda[:-1]


def test_an_empty_cursor_is_the_first_page(klient_kansli):
    DeltagareFactory()
    response = klient_kansli.get(URL, {"cursor": ""})
    assert response.status_code == 200
    assert len(response.json()["results"]) == 1


def test_a_cursor_with_an_id_position_still_continues_after_it(klient_kansli):
    forsta, andra = DeltagareFactory(deltagar_id="AP-1"), DeltagareFactory(deltagar_id="AP-2")
    response = klient_kansli.get(URL, {"cursor": cursor(f"p={forsta.pk}")})
    assert response.status_code == 200
    assert [rad["id"] for rad in response.json()["results"]] == [andra.pk]


SURROGAT = '"\\ud800"'  # valid JSON, no Unicode: a lone surrogate


@pytest.mark.parametrize("falt", ["kon", "juridiskt_kon", "utbildning", "stadsdel", "avslutsorsak", "insats", "deltagar_id"])
def test_a_lone_surrogate_in_an_update_is_a_400_naming_the_field(klient_a, falt):
    deltagare = DeltagareFactory()
    body = f'{{"{falt}": {SURROGAT}, "version": 1}}'
    response = klient_a.patch(f"{URL}{deltagare.pk}/", body, content_type="application/json")
    assert response.status_code == 400
    assert response.json() == {falt: [OGILTIGT_TECKEN]}


def test_a_lone_surrogate_in_a_registration_is_a_400_naming_the_field(klient_a):
    body = json.dumps(ny()).replace('"Aktivitetsplatsen"', SURROGAT)
    response = klient_a.post(URL, body, content_type="application/json")
    assert response.status_code == 400
    assert response.json() == {"insats": [OGILTIGT_TECKEN]}
    assert not Deltagare.objects.exists()


def test_a_lone_surrogate_inside_a_list_value_is_found_too(klient_a):
    body = json.dumps(ny()).replace('"gymnasieutbildning"', f"[{SURROGAT}]")
    response = klient_a.post(URL, body, content_type="application/json")
    assert response.status_code == 400
    assert response.json() == {"utbildning": [OGILTIGT_TECKEN]}


@pytest.mark.parametrize(
    "falt", ["utbildning", "tid_utan_arbete", "forsorjning_start", "anmalande_part", "stadsdel", "avslutsorsak", "forsorjning_slut"]
)
def test_a_very_long_code_is_a_400_with_the_limit_not_a_database_error(klient_a, falt):
    deltagare = DeltagareFactory()
    response = klient_a.patch(f"{URL}{deltagare.pk}/", {falt: "x" * 100_000, "version": 1}, format="json")
    assert response.status_code == 400
    assert response.json() == {falt: ["Koden är för lång: högst 60 tecken."]}


def test_a_very_long_insats_is_a_400_with_the_limit(klient_a):
    response = klient_a.post(URL, ny(insats="x" * 100_000), format="json")
    assert response.status_code == 400
    assert response.json() == {"insats": ["Insatsens namn är för långt: högst 200 tecken."]}


def test_a_very_long_insats_in_a_report_query_is_a_400_with_the_limit(klient_kansli):
    response = klient_kansli.get("/api/rapporter/flode/", {"fran": "2025-01-01", "till": "2025-06-30", "insats": "x" * 60_000})
    assert response.status_code == 400
    assert response.json() == {"insats": ["Insatsens namn är för långt: högst 200 tecken."]}


def test_a_very_long_insats_filter_is_a_400_with_the_limit(klient_kansli):
    response = klient_kansli.get(URL, {"insats": "x" * 60_000})
    assert response.status_code == 400
    assert response.json() == {"insats": ["Insatsens namn är för långt: högst 200 tecken."]}


@pytest.mark.parametrize("falt", ["kon", "juridiskt_kon"])
def test_a_very_long_choice_is_a_400_with_the_limit_not_quoted_back(klient_a, falt):
    deltagare = DeltagareFactory()
    response = klient_a.patch(f"{URL}{deltagare.pk}/", {falt: "a" * 100_000, "version": 1}, format="json")
    assert response.status_code == 400
    assert response.json() == {falt: ["Texten är för lång: högst 200 tecken."]}


OKANDA = (
    "Okända fält: {falt}. Registret tar bara emot deltagarens fält (se API-beskrivningen), aldrig namn, "
    "personnummer eller fritext om en person; inget sparades."
)


def test_a_registration_with_fields_the_register_does_not_have_is_refused_naming_them(klient_a):
    response = klient_a.post(URL, ny(namn="Anna Andersson", personnummer="850101-1234"), format="json")
    assert response.status_code == 400
    assert response.json() == {"non_field_errors": [OKANDA.format(falt="namn, personnummer")]}
    assert not Deltagare.objects.exists()


def test_an_update_may_send_back_the_read_only_fields_it_read(klient_a):
    deltagare = DeltagareFactory(deltagar_id="AP-1")
    rad = klient_a.get(f"{URL}{deltagare.pk}/").json()
    response = klient_a.put(f"{URL}{deltagare.pk}/", rad | {"deltagar_id": "AP-2"}, format="json")
    assert response.status_code == 200, response.json()
    assert Deltagare.objects.get(pk=deltagare.pk).deltagar_id == "AP-2"


def test_unknown_field_names_are_quoted_short_and_visible_at_most_ten(klient_a):
    body = json.dumps({"\ud800x": 1, "y" * 500: 2, **{f"f{i}": i for i in range(20)}})
    response = klient_a.post(URL, body, content_type="application/json")
    assert response.status_code == 400
    meddelande = response.json()["non_field_errors"][0]
    assert meddelande.startswith("Okända fält: ?x, " + "y" * 200 + ", f0, f1, f2, f3, f4, f5, f6, f7 …. Registret")


def test_an_unknown_field_named_like_a_personnummer_is_quoted_masked(klient_a):
    response = klient_a.post(URL, ny(**{"850101-1234": "x"}), format="json")
    assert response.status_code == 400
    assert response.json() == {"non_field_errors": [OKANDA.format(falt="(personnummer)")]}


@pytest.mark.parametrize("insats", ["", None])
def test_an_empty_insats_is_asked_for_by_name(klient_a, insats):
    response = klient_a.post(URL, ny(insats=insats), format="json")
    assert response.status_code == 400
    assert response.json() == {"insats": ["Ange insatsen med kortnamn, namn eller id."]}


@pytest.mark.parametrize("kon", [["K"], "X"])
def test_an_invalid_kon_names_the_valid_codes_and_no_python_repr(klient_a, kon):
    response = klient_a.post(URL, ny(kon=kon), format="json")
    assert response.status_code == 400
    assert response.json() == {
        "kon": ["Ogiltigt värde. Ange en av koderna: K (Kvinna), M (Man), A (Annan könsidentitet)."]
    }
