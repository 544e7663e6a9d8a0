"""The header row need not be row 1: leading empty rows are passed over and a title above
the headers (often one merged cell) is recognised, on the web and in the command. Every
message keeps the file's own row numbers."""

import io

import pytest
from django.core.management import call_command
from django.urls import reverse
from openpyxl import Workbook

from deltagare.models import Deltagare, ImportKorning

from ..kolumner import RUBRIKER, rubrikradens_plats
from ..services import importera_deltagare
from .conftest import ladda_upp
from .filer import csv_fil, rad, xlsx

pytestmark = pytest.mark.django_db

GAMLA_RUBRIKER = ["Löpnr", "Kön", "Född", "Inskriven", "Utskriven", "Orsak", "Remittent", "Bostadsområde"]


def bok(ovanfor: list[list], rubriker=RUBRIKER, rader=(), *, sammanfogad: str | None = None) -> bytes:
    """A workbook with rows above its header row (an empty list is an empty row)."""
    arbetsbok = Workbook()
    blad = arbetsbok.active
    for nummer, varden in enumerate(ovanfor, start=1):
        for kolumn, varde in enumerate(varden, start=1):
            blad.cell(nummer, kolumn, varde)
    if sammanfogad:
        blad.merge_cells(sammanfogad)
    start = len(ovanfor) + 1
    for kolumn, rubrik in enumerate(rubriker, start=1):
        blad.cell(start, kolumn, rubrik)
    for nummer, data in enumerate(rader, start=start + 1):
        for kolumn, rubrik in enumerate(rubriker, start=1):
            blad.cell(nummer, kolumn, data.get(rubrik) if isinstance(data, dict) else data[kolumn - 1])
    ut = io.BytesIO()
    arbetsbok.save(ut)
    return ut.getvalue()


def importera(innehall: bytes, filnamn="deltagare.xlsx"):
    return importera_deltagare(user=None, innehall=innehall, filnamn=filnamn)


def test_an_xlsx_whose_first_row_is_empty_is_read_from_its_header_on_row_2():
    resultat = importera(bok([[]], rader=[rad(Deltagar_ID="AP-1"), rad(Deltagar_ID="AP-2")]))
    assert (resultat.fel, resultat.nya) == ([], 2)
    assert set(Deltagare.objects.values_list("deltagar_id", flat=True)) == {"AP-1", "AP-2"}


def test_rows_below_a_header_on_row_3_keep_their_row_numbers_in_messages():
    resultat = importera(bok([[], []], rader=[rad(Deltagar_ID="AP-1"), rad(Deltagar_ID="AP-2", Kön="X")]))
    assert [str(f) for f in resultat.fel] == [
        "rad 5, kolumn Kön: Okänt värde ”X”. Tillåtna värden: Kvinna, Man, Annan könsidentitet."
    ]


def test_the_command_reads_an_xlsx_whose_first_row_is_empty(tmp_path):
    fil = tmp_path / "deltagare.xlsx"
    fil.write_bytes(bok([[]], rader=[rad()]))
    ut = io.StringIO()
    call_command("import_deltagare", str(fil), "--granska", stdout=ut)
    assert ut.getvalue().strip() == "Granskning (inget sparat): 1 nya, 0 ändrade, 0 oförändrade."


def test_a_merged_title_row_above_the_contracts_headers_is_passed_over():
    innehall = bok([["Deltagare i Aktivitetsplatsen 2025"]], rader=[rad()], sammanfogad="A1:Q1")
    resultat = importera(innehall)
    assert (resultat.fel, resultat.nya) == ([], 1)


def test_the_command_names_a_missing_column_on_the_header_rows_own_row():
    resultat = importera(bok([["Deltagarlista"], []], rubriker=RUBRIKER[:-1], rader=[rad()]))
    assert [str(f) for f in resultat.fel] == ["rad 3, kolumn Arbetsträning: Kolumnen saknas i filen."]


def test_a_csv_with_an_empty_first_line_is_read_from_its_header_on_line_2():
    innehall = b"\r\n" + csv_fil([rad(Deltagar_ID="AP-1"), rad(Deltagar_ID="AP-2", Stadsdel="Mars")], kodning="utf-8")
    resultat = importera(innehall, "deltagare.csv")
    assert [(f.rad, f.kolumn) for f in resultat.fel] == [(4, "Stadsdel")]


def test_a_comma_separated_csv_below_a_title_line_finds_its_separator():
    innehall = b"Deltagare 2025\n\n" + csv_fil([rad()], avgransare=",", kodning="utf-8")
    resultat = importera(innehall, "deltagare.csv")
    assert (resultat.fel, resultat.nya) == ([], 1)


def test_a_csv_row_with_more_values_than_a_header_below_a_title_is_refused_on_its_own_line():
    innehall = b"Deltagare 2025\n" + csv_fil([rad()], kodning="utf-8") + b"x" + b";x" * len(RUBRIKER) + b"\r\n"
    resultat = importera(innehall, "deltagare.csv")
    assert [str(f) for f in resultat.fel] == ["rad 4: Raden har fler värden än rubrikraden har kolumner."]


def test_the_column_step_offers_the_headers_below_a_merged_title_row(client, administrator, arbetare):
    rader = [["AP-1", "K", 1990, "2025-02-03", None, None, "FK", "Järva"]]
    innehall = bok([["Aktivitetsplatsen 2021"]], rubriker=GAMLA_RUBRIKER, rader=rader, sammanfogad="A1:H1")
    client.force_login(administrator)
    ladda_upp(client, innehall)
    arbetare()
    korning = ImportKorning.objects.get()
    assert korning.status == ImportKorning.Status.KOLUMNER
    assert korning.blad[0]["rubriker"] == GAMLA_RUBRIKER
    assert korning.blad[0]["kolumner"]["fodelsear"] == 2
    sida = client.get(reverse("importexport:kolumner", args=[korning.pk])).content.decode()
    assert "Bostadsområde" in sida


def test_the_column_step_says_which_row_the_headers_were_taken_from(client, administrator, arbetare):
    innehall = bok([["Aktivitetsplatsen 2021"], []], rubriker=GAMLA_RUBRIKER, rader=[["AP-1", "K", 1990, "2025-02-03", None, None, "FK", "Järva"]], sammanfogad="A1:H1")
    client.force_login(administrator)
    ladda_upp(client, innehall)
    arbetare()
    korning = ImportKorning.objects.get()
    sida = client.get(reverse("importexport:kolumner", args=[korning.pk])).content.decode()
    assert "Rubrikerna är hämtade från rad 3; raderna ovanför läses inte." in sida


def test_after_the_column_step_the_rows_below_the_title_are_imported_with_their_row_numbers(
    client, administrator, insats_a, arbetare
):
    rader = [["AP-1", "K", 1990, "2025-02-03", None, None, "FK", "Järva"], ["AP-2", "X", 1990, "2025-02-03", None, None, "FK", "Järva"]]
    innehall = bok([["Aktivitetsplatsen 2021"], []], rubriker=GAMLA_RUBRIKER, rader=rader, sammanfogad="A1:H1")
    client.force_login(administrator)
    ladda_upp(client, innehall)
    arbetare()
    korning = ImportKorning.objects.get()
    data = {"samtycke": "ja", "b0_med": "on", "b0_insats_fast": str(insats_a.pk), "b0_deltagar_id": "0"}
    data.update({f"b0_{falt}": str(index) for falt, index in korning.blad[0]["kolumner"].items()})
    assert client.post(reverse("importexport:kolumner", args=[korning.pk]), data).status_code == 302
    arbetare()
    korning.refresh_from_db()
    assert korning.status == ImportKorning.Status.FEL
    assert korning.fel == [[5, "Kön", "Okänt värde ”X”. Tillåtna värden: Kvinna, Man, Annan könsidentitet.", None]]


@pytest.mark.parametrize(
    ("rader", "plats"),
    [
        ([["Deltagare 2025"], list(RUBRIKER)], 1),
        ([["Deltagare", "2025"], ["Löpnr", "Kön", "Född"], ["AP-1", "K", 1990]], 1),
        ([["Rapport"], ["Nr", "Namnlös", "Annat"], ["1", "2", "3"]], 1),
        ([["Nr", "Namnlös"], ["Avslutad", "Praktik", "x"]], 1),
        ([["Anteckningar"], ["inget här"]], 0),
    ],
    ids=["contract", "known-names", "two-texts", "known-names-win", "none"],
)
def test_the_header_row_is_the_contract_then_known_names_then_two_texts_then_the_first(rader, plats):
    assert rubrikradens_plats(rader) == plats


def test_the_child_offers_at_most_ten_rows_per_sheet_and_only_first_rows_once_its_budget_is_spent():
    from ..lasning.barnprocess import _forsta_rader

    rader = [(n, [f"x{n}"]) for n in range(1, 30)]
    assert [n for n, _rad in _forsta_rader(iter(rader), [1000])] == list(range(1, 11))
    budget = [3]
    assert [n for n, _rad in _forsta_rader(iter(rader), budget)] == [1, 2]
    assert [n for n, _rad in _forsta_rader(iter(rader), budget)] == [1]


# --- the progress ------------------------------------------------------------------------------


def framsteg_for(innehall: bytes) -> list[tuple[int, int]]:
    steg = []
    importera_deltagare(user=None, innehall=innehall, filnamn="deltagare.xlsx", framsteg=lambda klara, totalt: steg.append((klara, totalt)))
    return steg


def test_the_progress_counts_data_rows_not_the_header():
    assert framsteg_for(xlsx([rad(Deltagar_ID=f"AP-{n}") for n in range(3)])) == [(3, 3)]


def test_the_progress_counts_only_the_rows_below_a_header_under_a_title():
    assert framsteg_for(bok([["Deltagare 2025"], []], rader=[rad(Deltagar_ID=f"AP-{n}") for n in range(3)])) == [(3, 3)]
