"""The published half-year report 2025 regenerated from participant rows (seeds)."""

import pytest

from rapporter import berakna

from .halvar2025 import FRAN, TILL, bygg_halvar_2025

pytestmark = pytest.mark.django_db

INSATSNAMN = [
    "Myndighetsgemensamt team",
    "Aktivitetsplatsen",
    "Novum",
    "Integrering av IPS i psykosvården",
    "IPS för personer med beroendeproblematik",
]


@pytest.fixture
def halvar(db):
    bygg_halvar_2025()


def tabell(namn: str) -> dict:
    return berakna(namn, fran=FRAN, till=TILL)


def rader(data: dict) -> dict[str, list]:
    return {r["etikett"]: r["varden"] for r in data["rader"]}


def test_figur_1_flow_of_the_half_year(halvar):
    data = tabell("flode")
    assert [(r["etikett"], r["varden"][0]) for r in data["rader"]] == [
        ("Kvar från föregående period", 198),
        ("Började", 183),
        ("Avslutade", 190),
        ("Kvar till nästa period", 191),
    ]
    assert data["summa"] == {"etikett": "Totalt", "varden": [381, 191, 185, 5]}


def test_tabell_1_participants_per_insats_and_kon(halvar):
    data = tabell("aktiva")
    assert data["kolumner"] == ["Kvinnor", "Män", "Annan könsidentitet", "Totalt"]
    assert [r["etikett"] for r in data["rader"]] == INSATSNAMN
    assert [r["varden"] for r in data["rader"]] == [
        [30, 14, 1, 45],
        [82, 23, 0, 105],
        [26, 36, 3, 65],
        [40, 61, 1, 102],
        [13, 51, 0, 64],
    ]
    assert data["summa"]["varden"] == [191, 185, 5, 381]


def test_tabell_2_started_per_insats_and_kon(halvar):
    data = tabell("borjade")
    assert [r["varden"] for r in data["rader"]] == [
        [30, 14, 1, 45],
        [59, 15, 0, 74],
        [9, 13, 1, 23],
        [9, 13, 0, 22],
        [3, 16, 0, 19],
    ]
    assert data["summa"]["varden"] == [110, 71, 2, 183]


def test_tabell_3_ended_per_insats_and_kon(halvar):
    data = tabell("avslutade")
    assert [r["varden"] for r in data["rader"]] == [
        [24, 17, 0, 41],
        [46, 15, 0, 61],
        [12, 30, 1, 43],
        [7, 11, 0, 18],
        [5, 22, 0, 27],
    ]
    assert data["summa"]["varden"] == [94, 95, 1, 190]


def test_mgt_counts_only_in_the_period_of_the_team_meeting(halvar):
    aktiva, avslutade = rader(tabell("aktiva")), rader(tabell("avslutade"))
    borjade = rader(tabell("borjade"))
    assert aktiva["Myndighetsgemensamt team"][3] == borjade["Myndighetsgemensamt team"][3] == 45
    assert avslutade["Myndighetsgemensamt team"][3] == 41


def test_tabell_4_exit_reasons_per_insats_with_the_restored_ocr_row(halvar):
    data = tabell("avslutsorsak")
    assert data["kolumner"] == ["MGT", "Aktivitetsplatsen", "Novum", "IPS-psykos", "IPS-beroende", "Totalt", "Andel (%)"]
    assert {etikett: varden[:6] for etikett, varden in rader(data).items()} == {
        "Arbete": [5, 0, 6, 6, 1, 18],
        "Studier": [0, 1, 16, 1, 2, 20],
        "Arbetsförmedlingen": [7, 0, 2, 2, 1, 12],
        "Rehabiliteringssamverkan": [4, 13, 0, 0, 0, 17],
        "Jobbtorg/AMF insatser": [5, 20, 5, 0, 3, 33],
        "FINSAM-insats": [0, 0, 0, 0, 0, 0],
        "Sysselsättning/daglig verksamhet": [4, 2, 2, 1, 1, 10],
        "Varaktig sjukersättning": [2, 1, 0, 1, 0, 4],
        "Medicinsk och/eller psykologisk utredning/vård/rehabilitering": [11, 23, 2, 7, 16, 59],
        "Övriga avslutsorsaker": [3, 1, 10, 0, 3, 17],
    }
    assert data["summa"]["varden"] == [41, 61, 43, 18, 27, 190, 100.0]


def test_exit_reason_rows_follow_the_code_list_order(halvar):
    assert [r["etikett"] for r in tabell("avslutsorsak")["rader"]][:3] == [
        "Arbete",
        "Studier",
        "Arbetsförmedlingen",
    ]


def test_figur_4_shares_of_the_190_ended(halvar):
    andel = {etikett: varden[6] for etikett, varden in rader(tabell("avslutsorsak")).items()}
    # "17 deltagare (9 procent) ... 33 deltagare (17 procent) ... 59 deltagare (31 procent)"
    assert round(andel["Rehabiliteringssamverkan"]) == 9
    assert round(andel["Jobbtorg/AMF insatser"]) == 17
    assert round(andel["Medicinsk och/eller psykologisk utredning/vård/rehabilitering"]) == 31


def test_arbete_eller_studier_is_the_sum_of_work_and_studies(halvar):
    extrarad = tabell("avslutsorsak")["extrarader"][0]
    assert extrarad["etikett"] == "Arbete eller studier"
    assert extrarad["varden"][5:] == [38, 20.0]


def test_anonymous_participants_are_counted_in_the_totals(halvar):
    # Every seventh row of the builder is anonymous; the totals above include them.
    utbildning = rader(tabell("utbildning"))
    assert utbildning["Anonym (utan samtycke)"][3] > 0
    assert tabell("utbildning")["summa"]["varden"][3] == 183


def test_finsam_export_counts_active_participants_by_juridiskt_kon(halvar):
    from rapporter import finsam_export

    data = finsam_export(fran=FRAN, till=TILL)
    mgt = data["insatser"][0]
    assert mgt == {
        "namn": "Myndighetsgemensamt team",
        "kortnamn": "MGT",
        "kvinnor": 30,
        "män": 14,
        "totalt": 44,
        "utan_juridiskt_kon": 1,
    }
    assert data["summa"] == {"kvinnor": 191, "män": 185, "totalt": 376, "utan_juridiskt_kon": 5}
    assert (data["fran"], data["till"]) == ("2025-01-01", "2025-06-30")


def test_the_statements_by_kon_of_section_1_4(halvar):
    """"33 deltagare (17 procent), 19 kvinnor och 14 män, som avslutats för stöd hos Jobbtorg";
    "68 procent av männen och 32 procent av kvinnorna" of those to work or studies."""
    orsak = tabell("avslutsorsak-kon")
    jobbtorg = dict(zip(orsak["kolumner"], rader(orsak)["Jobbtorg/AMF insatser"]))
    assert (jobbtorg["Totalt"], jobbtorg["Kvinnor"], jobbtorg["Män"]) == (33, 19, 14)
    assert round(jobbtorg["Totalt (%)"]) == 17
    kon = {r["etikett"]: dict(zip(r and tabell("arbete-studier-kon")["kolumner"], r["varden"])) for r in tabell("arbete-studier-kon")["rader"]}
    andel = "Andel av dem som gick till arbete eller studier (%)"
    assert (round(kon["Män"][andel]), round(kon["Kvinnor"][andel])) == (68, 32)
