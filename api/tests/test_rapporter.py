import pytest
from auditlog.models import LogEntry
from django.contrib.auth import get_user_model
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from deltagare.models import Forsorjning
from deltagare.tests.factories import AnonymDeltagareFactory, AvslutadDeltagareFactory, DeltagareFactory
from rapporter import BEGARBARA_NAMN, RAPPORTNAMN, TILLAGGSNAMN

pytestmark = pytest.mark.django_db

H1_2025 = {"fran": "2025-01-01", "till": "2025-06-30"}


@pytest.fixture
def rader_i_a_och_b(insats_a, insats_b):
    DeltagareFactory(insats=insats_a)
    AvslutadDeltagareFactory(insats=insats_a, forsorjning_slut=Forsorjning.objects.get(kod="lon"))
    AnonymDeltagareFactory(insats=insats_b, deltagar_id="N-1")


def test_the_report_list_names_every_report(klient_a):
    assert klient_a.get("/api/rapporter/").json() == {
        "rapporter": list(RAPPORTNAMN),
        "tillagda": [
            "avslutsorsak-insats-kon", "arbete-studier-kon", "avslutsgrupp-kon", "utbildning-insats", "aldersgrupp-insats"
        ],
        "alla": "alla",
    }


@pytest.mark.parametrize("namn", RAPPORTNAMN)
def test_every_report_answers_in_the_json_shape_of_the_contract(klient_kansli, rader_i_a_och_b, namn):
    response = klient_kansli.get(f"/api/rapporter/{namn}/", H1_2025)
    assert response.status_code == 200
    data = response.json()
    assert (data["rapport"], data["fran"], data["till"]) == (namn, "2025-01-01", "2025-06-30")
    assert all(isinstance(kolumn, str) for kolumn in data["kolumner"])
    assert all(set(rad) >= {"etikett", "varden"} for rad in data["rader"])
    assert data["summa"]["etikett"] == "Totalt"


@pytest.mark.parametrize("namn", [*TILLAGGSNAMN, "alla"])
def test_the_api_has_every_report_of_the_command_with_the_commands_json(klient_kansli, rader_i_a_och_b, namn):
    import io
    import json

    from django.core.management import call_command

    response = klient_kansli.get(f"/api/rapporter/{namn}/", H1_2025)
    assert response.status_code == 200
    ut = io.StringIO()
    call_command("rapport", namn, "--fran", H1_2025["fran"], "--till", H1_2025["till"], stdout=ut, stderr=io.StringIO())
    assert response.json() == json.loads(ut.getvalue())


@pytest.mark.parametrize("namn", [*TILLAGGSNAMN, "alla"])
def test_another_insats_leader_is_refused_the_further_reports_and_alla(klient_a, rader_i_a_och_b, namn):
    response = klient_a.get(f"/api/rapporter/{namn}/", {**H1_2025, "insats": "Novum"})
    assert response.status_code == 403
    assert response.json() == {"detail": "Du har inte behörighet till insatsen Novum."}


def test_a_leaders_further_reports_and_alla_cover_only_their_own_insats(klient_a, rader_i_a_och_b):
    alla = klient_a.get("/api/rapporter/alla/", H1_2025).json()
    assert [t["rapport"] for t in alla] == [*RAPPORTNAMN, *TILLAGGSNAMN]
    aktiva = alla[RAPPORTNAMN.index("aktiva")]
    assert [rad["etikett"] for rad in aktiva["rader"]] == ["Aktivitetsplatsen"]
    # Per insats: only the leader's own insats is a row or a column group.
    for namn in TILLAGGSNAMN:
        data = klient_a.get(f"/api/rapporter/{namn}/", H1_2025).json()
        assert "Novum" not in json_text(data), namn
    entry = LogEntry.objects.filter(object_pk="export").latest("timestamp")
    assert entry.additional_data["filter"]["insatser"] == ["Aktivitetsplatsen"]


def json_text(data) -> str:
    import json

    return json.dumps(data, ensure_ascii=False)


def test_kansli_gets_active_participants_of_every_insats(klient_kansli, rader_i_a_och_b):
    data = klient_kansli.get("/api/rapporter/aktiva/", H1_2025).json()
    assert [rad["etikett"] for rad in data["rader"]] == ["Aktivitetsplatsen", "Novum"]
    assert data["summa"]["varden"][data["kolumner"].index("Totalt")] == 3


def test_kansli_can_limit_a_report_to_named_insatser(klient_kansli, rader_i_a_och_b):
    data = klient_kansli.get("/api/rapporter/aktiva/", {**H1_2025, "insats": ["Novum"]}).json()
    assert [rad["etikett"] for rad in data["rader"]] == ["Novum"]


def test_a_leaders_report_without_insats_covers_only_their_own(klient_a, rader_i_a_och_b):
    data = klient_a.get("/api/rapporter/aktiva/", H1_2025).json()
    assert [rad["etikett"] for rad in data["rader"]] == ["Aktivitetsplatsen"]
    assert data["summa"]["varden"][data["kolumner"].index("Totalt")] == 2


def test_a_leader_naming_another_insats_is_refused(klient_a, rader_i_a_och_b):
    response = klient_a.get("/api/rapporter/aktiva/", {**H1_2025, "insats": "Aktivitetsplatsen,Novum"})
    assert response.status_code == 403
    assert response.json() == {"detail": "Du har inte behörighet till insatsen Novum."}


def test_a_user_who_leads_no_insats_gets_no_report(db, rader_i_a_och_b):
    user = get_user_model().objects.create_user("utan-insats", password="hemligt-losen-u")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")
    response = client.get("/api/rapporter/aktiva/", H1_2025)
    assert response.status_code == 403
    assert response.json() == {
        "detail": "Rapporter kräver att du är kansli eller projektledare för en insats."
    }


def test_a_report_for_publication_masks_small_counts(klient_kansli, rader_i_a_och_b):
    data = klient_kansli.get("/api/rapporter/aktiva/", {**H1_2025, "publicering": "true"}).json()
    assert data["publicering"] is True
    assert data["maskerad"] is True
    assert data["rader"][0]["varden"][0] is None


def test_a_report_for_publication_uses_the_thresholds_asked_for_like_the_page_and_command(klient_kansli, rader_i_a_och_b):
    standard = klient_kansli.get("/api/rapporter/aktiva/", {**H1_2025, "publicering": "true"}).json()
    assert standard["maskering"] == {"maskera_under": 5, "minsta_bas_for_andel": 10}
    omaskerad = klient_kansli.get("/api/rapporter/aktiva/", H1_2025).json()
    data = klient_kansli.get(
        "/api/rapporter/aktiva/", {**H1_2025, "publicering": "true", "troskel": "1", "minsta_bas": "20"}
    ).json()
    assert data["maskering"] == {"maskera_under": 1, "minsta_bas_for_andel": 20}
    # Under 1 hides nothing: the counts are those of the unmasked table.
    assert data["rader"] == omaskerad["rader"]
    entry = LogEntry.objects.filter(object_pk="export").latest("timestamp")
    assert entry.additional_data["filter"] == {
        "fran": "2025-01-01",
        "till": "2025-06-30",
        "insatser": "alla",
        "publicering": True,
        "maskera_under": 1,
        "minsta_bas_for_andel": 20,
    }


def test_a_report_is_logged_as_an_export(klient_a, leader_a):
    klient_a.get("/api/rapporter/utbildning/", H1_2025)
    entry = LogEntry.objects.get(object_pk="export")
    assert entry.actor == leader_a
    assert entry.additional_data["export"] == "API: rapport utbildning"
    assert entry.additional_data["filter"] == {
        "fran": "2025-01-01",
        "till": "2025-06-30",
        "insatser": ["Aktivitetsplatsen"],
        "publicering": False,
    }


def test_an_unknown_report_is_a_swedish_error_naming_the_reports(klient_kansli):
    response = klient_kansli.get("/api/rapporter/okand/", H1_2025)
    assert response.status_code == 400
    assert response.json() == {"namn": [f"Okänd rapport ”okand”. Välj en av: {', '.join(BEGARBARA_NAMN)}."]}


@pytest.mark.parametrize(
    ("params", "fel"),
    [
        ({}, {"fran": ["Det här fältet är obligatoriskt."], "till": ["Det här fältet är obligatoriskt."]}),
        ({"fran": "2025-02-30", "till": "2025-06-30"}, {"fran": ["Ogiltigt datum; ange ÅÅÅÅ-MM-DD, t.ex. 2025-03-01."]}),
        (
            {"fran": "2025-07-01", "till": "2025-06-30"},
            {"till": ["Till-datumet får inte vara före från-datumet."]},
        ),
        (
            {"fran": "0012-01-01", "till": "2025-06-30"},
            {"fran": ["Ange ett datum mellan 1900-01-01 och 2100-12-31."]},
        ),
        (
            {**H1_2025, "insats": "MGT,Okänd"},
            {"insats": ["Okänd insats ”Okänd”. Ange kortnamn, namn eller id."]},
        ),
        ({**H1_2025, "publicering": "kanske"}, {"publicering": ["Ange true eller false."]}),
        (
            {**H1_2025, "publicering": "true", "troskel": "0"},
            {"troskel": ["troskel ska vara ett heltal från 1 till 100, inte '0'."]},
        ),
        (
            {**H1_2025, "publicering": "true", "troskel": "101", "minsta_bas": "abc"},
            {
                "troskel": ["troskel ska vara ett heltal från 1 till 100, inte '101'."],
                "minsta_bas": ["minsta_bas ska vara ett heltal från 1 till 1000, inte 'abc'."],
            },
        ),
        (
            {**H1_2025, "troskel": "3"},
            {"publicering": ["troskel och minsta_bas gäller bara tillsammans med publicering=true."]},
        ),
    ],
)
def test_bad_report_parameters_are_swedish_field_errors(klient_kansli, params, fel):
    response = klient_kansli.get("/api/rapporter/aktiva/", params)
    assert response.status_code == 400
    assert response.json() == fel
