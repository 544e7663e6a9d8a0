"""A period that cannot be answered exactly after gallring says so where the numbers are read:
the report pages, the files, the command and the API (docs/regler.md §5)."""

import datetime
import io
import json
import zipfile

import openpyxl
import pytest
from django.core.management import call_command
from django.urls import reverse
from rest_framework.test import APIClient

from dataskydd.services import gallra
from deltagare.tests.factories import AvslutadDeltagareFactory

pytestmark = pytest.mark.django_db

D = datetime.date
DELAT = {"fran": "2022-03-01", "till": "2022-12-31"}
NOT = "Uppgifter före 2024-01-01 har gallrats, och perioden börjar eller slutar mitt i ett halvår där gallrade deltagare räknades (Aktivitetsplatsen)."


@pytest.fixture(autouse=True)
def gallrat(db):
    for n in range(6):
        AvslutadDeltagareFactory(deltagar_id=f"AP-22-{n}", startdatum=D(2022, 2, 1), slutdatum=D(2022, 10, 3))
    gallra(idag=D(2026, 1, 5), dry_run=False)


def test_the_report_page_shows_the_note(client, kansli):
    client.force_login(kansli)
    html = client.get(reverse("rapporter:oversikt"), {"period": "egen", **DELAT}).content.decode()
    assert NOT in html


def test_the_excel_file_and_the_csv_files_carry_the_note(client, kansli):
    client.force_login(kansli)
    bok = openpyxl.load_workbook(io.BytesIO(client.get(reverse("rapporter:ladda_ner", args=["xlsx"]), {"period": "egen", **DELAT}).content))
    celler = [c.value for c in bok["02 aktiva"]["A"] if c.value]
    assert any(str(c).startswith(NOT) for c in celler)
    arkiv = zipfile.ZipFile(io.BytesIO(client.get(reverse("rapporter:ladda_ner", args=["zip"]), {"period": "egen", **DELAT}).content))
    assert NOT in arkiv.read("noter.txt").decode("utf-8")


def test_the_command_writes_the_note_in_json_and_csv(capsys):
    call_command("rapport", "aktiva", "--fran", DELAT["fran"], "--till", DELAT["till"])
    data = json.loads(capsys.readouterr().out)
    assert data["gallring"]["exakt"] is False
    assert data["noter"][-1].startswith(NOT)
    call_command("rapport", "aktiva", "--fran", DELAT["fran"], "--till", DELAT["till"], "--format", "csv")
    assert NOT in capsys.readouterr().out


def test_the_api_answers_with_the_note(kansli):
    klient = APIClient()
    klient.force_authenticate(kansli)
    data = klient.get("/api/rapporter/aktiva/", DELAT).json()
    assert data["gallring"] == {
        "gallrat_fore": "2024-01-01",
        "exakt": False,
        "insatser_med_delat_halvar": ["Aktivitetsplatsen"],
        "not": data["noter"][-1],
    }
    finsam = klient.get("/api/finsam/", DELAT).json()
    assert finsam["noter"][0].startswith(NOT)
    csv = klient.get("/api/finsam/", {**DELAT, "format": "csv"}).content.decode("utf-8-sig")
    assert NOT in csv


def test_whole_half_years_are_exact_and_say_where_the_numbers_come_from(kansli):
    klient = APIClient()
    klient.force_authenticate(kansli)
    data = klient.get("/api/rapporter/aktiva/", {"fran": "2022-01-01", "till": "2022-12-31"}).json()
    assert data["gallring"]["exakt"] is True
    assert data["summa"]["varden"][-1] == 6
    assert data["noter"][-1] == (
        "Uppgifter före 2024-01-01 har gallrats. Siffrorna för perioden innehåller de gallrade deltagarna, "
        "räknade ur statistik som frystes vid gallringen."
    )
