import csv
import datetime
import io

import pytest
from auditlog.models import LogEntry

from deltagare.models import Avslutsorsak, Deltagare
from insatser.models import Insats

pytestmark = pytest.mark.django_db

URL = "/api/finsam/"
H1_2025 = {"fran": "2025-01-01", "till": "2025-06-30"}

# 2025 half-year report, Tabell 1: participants per insats, Kvinnor / Män / Annan könsidentitet.
TABELL_1 = {
    "MGT": (30, 14, 1),
    "Aktivitetsplatsen": (82, 23, 0),
    "Novum": (26, 36, 3),
    "IPS-psykos": (40, 61, 1),
    "IPS-beroende": (13, 51, 0),
}
D = datetime.date


def _rad(insats: Insats, deltagar_id: str, kon: str, start: D, slut: D | None = None) -> Deltagare:
    return Deltagare(
        insats=insats,
        deltagar_id=deltagar_id,
        kon=kon,
        # "Annan könsidentitet" rows have no juridiskt kön: they are the export's own column.
        juridiskt_kon=kon if kon in ("K", "M") else "",
        startdatum=start,
        slutdatum=slut,
        avslutsorsak=Avslutsorsak.objects.get(kod="arbete") if slut else None,
    )


def _aktiv_under_h1(insats: Insats, i: int) -> tuple[D, D | None]:
    if insats.raknas_vid_start:
        # Counted in the period of the team meeting, whenever the exit comes.
        return [(D(2025, 1, 1), None), (D(2025, 6, 30), D(2026, 6, 30)), (D(2025, 3, 3), D(2025, 5, 5))][
            i % 3
        ]
    return [
        (D(2024, 9, 2), None),  # kvar från föregående period
        (D(2025, 2, 3), D(2025, 5, 30)),  # började och avslutade
        (D(2025, 6, 30), None),  # började sista dagen
        (D(2023, 5, 2), D(2025, 1, 1)),  # avslutade första dagen
    ][i % 4]


@pytest.fixture
def halvar_2025(db):
    rader = []
    for kortnamn, antal in TABELL_1.items():
        insats = Insats.objects.get(kortnamn=kortnamn)
        for kon, n in zip(("K", "M", "A"), antal, strict=True):
            for i in range(n):
                rader.append(_rad(insats, f"{kortnamn}-{kon}-{i}", kon, *_aktiv_under_h1(insats, i)))
        # Not active in the period: ended before, started after, and for MGT a meeting in 2024
        # whose exit falls in the period (the exit counts, the participant does not).
        rader.append(_rad(insats, f"{kortnamn}-fore", "K", D(2024, 3, 1), D(2024, 12, 31)))
        rader.append(_rad(insats, f"{kortnamn}-efter", "M", D(2025, 7, 1)))
        if insats.raknas_vid_start:
            rader.append(_rad(insats, f"{kortnamn}-mote-2024", "K", D(2024, 10, 1), D(2025, 3, 1)))
    Deltagare.objects.bulk_create(rader)


def test_finsam_reproduces_the_2025_half_year_counts_by_juridiskt_kon(klient_kansli, halvar_2025):
    response = klient_kansli.get(URL, H1_2025)
    assert response.status_code == 200
    data = response.json()
    per_insats = {
        rad["kortnamn"]: (rad["kvinnor"], rad["män"], rad["utan_juridiskt_kon"], rad["totalt"])
        for rad in data["insatser"]
        if rad["kortnamn"] in TABELL_1
    }
    assert per_insats == {
        "MGT": (30, 14, 1, 44),
        "Aktivitetsplatsen": (82, 23, 0, 105),
        "Novum": (26, 36, 3, 62),
        "IPS-psykos": (40, 61, 1, 101),
        "IPS-beroende": (13, 51, 0, 64),
    }
    assert (data["summa"]["kvinnor"], data["summa"]["män"], data["summa"]["utan_juridiskt_kon"]) == (
        191,
        185,
        5,
    )
    assert (data["fran"], data["till"]) == ("2025-01-01", "2025-06-30")


def test_finsam_names_each_insats(klient_kansli, halvar_2025):
    data = klient_kansli.get(URL, H1_2025).json()
    namn = {rad["kortnamn"]: rad["namn"] for rad in data["insatser"]}
    assert namn["MGT"] == "Myndighetsgemensamt team"


def test_finsam_can_be_limited_to_named_insatser(klient_kansli, halvar_2025):
    data = klient_kansli.get(URL, {**H1_2025, "insats": "Novum,MGT"}).json()
    assert sorted(rad["kortnamn"] for rad in data["insatser"]) == ["MGT", "Novum"]


def test_finsam_as_csv_opens_in_swedish_excel(klient_kansli, halvar_2025):
    response = klient_kansli.get(URL, {**H1_2025, "format": "csv"})
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert (
        response["Content-Disposition"] == 'attachment; filename="uppfoljning-finsam-20250101-20250630.csv"'
    )
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=";"))
    assert rows[0] == ["Insats", "Kortnamn", "Kvinnor", "Män", "Totalt", "Utan juridiskt kön"]
    assert ["Myndighetsgemensamt team", "MGT", "30", "14", "44", "1"] in rows
    assert rows[-1][:2] == ["Totalt", ""]


def test_finsam_is_logged_as_an_export(klient_kansli, kansli):
    klient_kansli.get(URL, {**H1_2025, "format": "csv"})
    entry = LogEntry.objects.get(object_pk="export")
    assert entry.actor == kansli
    assert entry.additional_data["export"] == "API: Uppföljning Finsam"
    assert entry.additional_data["filter"] == {
        "fran": "2025-01-01",
        "till": "2025-06-30",
        "insatser": "alla",
        "format": "csv",
    }


@pytest.mark.parametrize(
    ("params", "fel"),
    [
        ({}, {"fran": ["Det här fältet är obligatoriskt."], "till": ["Det här fältet är obligatoriskt."]}),
        ({"fran": "2025-01-01", "till": "30/6"}, {"till": ["Ogiltigt datum; ange ÅÅÅÅ-MM-DD, t.ex. 2025-03-01."]}),
        (
            {"fran": "2025-07-01", "till": "2025-06-30"},
            {"till": ["Till-datumet får inte vara före från-datumet."]},
        ),
        ({**H1_2025, "insats": "Okänd"}, {"insats": ["Okänd insats ”Okänd”. Ange kortnamn, namn eller id."]}),
        ({**H1_2025, "format": "xml"}, {"format": ["Okänt format. Välj ett av: json, csv."]}),
    ],
)
def test_bad_finsam_parameters_are_swedish_field_errors(klient_kansli, params, fel):
    response = klient_kansli.get(URL, params)
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert response.json() == fel


def test_an_error_asked_for_as_csv_is_still_json(klient_kansli):
    response = klient_kansli.get(URL, {"format": "csv"})
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert "fran" in response.json()
