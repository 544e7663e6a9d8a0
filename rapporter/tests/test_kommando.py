"""python manage.py rapport (docs/regler.md §4): JSON, CSV and Excel output, Swedish errors."""

import csv
import io
import json

import openpyxl
import pytest
from auditlog.models import LogEntry
from django.core.management import CommandError, call_command

from rapporter import ALLA_TABELLER

from .halvar2025 import bygg_halvar_2025

pytestmark = pytest.mark.django_db

PERIOD = ["--fran", "2025-01-01", "--till", "2025-06-30"]


@pytest.fixture
def halvar(db):
    bygg_halvar_2025()


def kor(*args) -> str:
    ut = io.StringIO()
    call_command("rapport", *args, stdout=ut, stderr=io.StringIO())
    return ut.getvalue()


def test_json_output_has_the_contract_shape(halvar):
    data = json.loads(kor("aktiva", *PERIOD))
    assert data["rapport"] == "aktiva"
    assert (data["fran"], data["till"]) == ("2025-01-01", "2025-06-30")
    assert data["kolumner"] == ["Kvinnor", "Män", "Annan könsidentitet", "Totalt"]
    assert data["rader"][0]["etikett"] == "Myndighetsgemensamt team"
    assert data["rader"][0]["varden"] == [30, 14, 1, 45]
    assert data["rader"][0]["kortnamn"] == "MGT"
    assert data["summa"] == {"etikett": "Totalt", "varden": [191, 185, 5, 381]}


def test_flow_has_four_rows_each_with_its_count_first(halvar):
    data = json.loads(kor("flode", *PERIOD))
    assert [r["varden"][0] for r in data["rader"]] == [198, 183, 190, 191]


def test_insats_option_takes_short_names_and_repeats(halvar):
    data = json.loads(kor("avslutsorsak", *PERIOD, "--insats", "Novum", "--insats", "MGT"))
    assert data["kolumner"] == ["MGT", "Novum", "Totalt", "Andel (%)"]
    assert data["summa"]["varden"][:3] == [41, 43, 84]


def test_csv_output_is_a_table_for_swedish_excel(halvar):
    text = kor("avslutsorsak", *PERIOD, "--format", "csv")
    rader = list(csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=";"))
    assert rader[0] == ["", "MGT", "Aktivitetsplatsen", "Novum", "IPS-psykos", "IPS-beroende", "Totalt", "Andel (%)"]
    assert rader[1] == ["Arbete", "5", "0", "6", "6", "1", "18", "9,5"]
    assert rader[11][:7] == ["Totalt", "41", "61", "43", "18", "27", "190"]


def test_xlsx_output_has_the_table_and_a_chart(halvar, tmp_path):
    fil = tmp_path / "aktiva.xlsx"
    kor("aktiva", *PERIOD, "--format", "xlsx", "--output", str(fil))
    bok = openpyxl.load_workbook(fil)
    blad = bok.worksheets[0]
    assert blad["A1"].value == "Deltagare per insats och kön"
    assert [c.value for c in blad[5]][:5] == ["Myndighetsgemensamt team", 30, 14, 1, 45]
    assert len(blad._charts) == 1


def test_all_reports_as_one_workbook_with_a_sheet_per_table(halvar, tmp_path):
    fil = tmp_path / "alla.xlsx"
    kor("alla", *PERIOD, "--format", "xlsx", "--output", str(fil))
    bok = openpyxl.load_workbook(fil)
    assert [b.title for b in bok.worksheets] == [f"{i:02d} {namn}" for i, namn in enumerate(ALLA_TABELLER, 1)]


def test_json_written_to_a_file_and_the_export_is_logged(halvar, tmp_path):
    fil = tmp_path / "ut.json"
    kor("finsam", *PERIOD, "--output", str(fil), "--publicering")
    assert json.loads(fil.read_text(encoding="utf-8"))["maskerad"] is True
    logg = LogEntry.objects.filter(object_repr__startswith="Export: rapport finsam").get()
    assert logg.additional_data["filter"]["publicering"] is True


@pytest.mark.parametrize(
    "args, meddelande",
    [
        (["okand", *PERIOD], "Okänd rapport 'okand'"),
        (["aktiva", "--fran", "2025-02-30", "--till", "2025-06-30"], "Ogiltigt datum för --fran: '2025-02-30'. Använd formatet ÅÅÅÅ-MM-DD."),
        (["aktiva", "--till", "2025-06-30"], "Ange --fran ÅÅÅÅ-MM-DD."),
        (["aktiva", "--fran", "2025-07-01", "--till", "2025-06-30"], "--fran (2025-07-01) ligger efter --till (2025-06-30)."),
        (["aktiva", *PERIOD, "--insats", "Novum", "Okänd"], "Okänd insats: Okänd. Kända kortnamn: MGT"),
        (["aktiva", *PERIOD, "--format", "pdf"], "Okänt format 'pdf'. Välj json, csv eller xlsx."),
        (["aktiva", *PERIOD, "--format", "xlsx"], "Ange --output FIL för formatet xlsx."),
        (["aktiva", *PERIOD, "--troskel", "3"], "--troskel och --minsta-bas gäller bara tillsammans med --publicering."),
        (["aktiva", *PERIOD, "--publicering", "--minsta-bas", "x"], "--minsta-bas ska vara ett heltal från 1 till 1000, inte 'x'."),
    ],
)
def test_bad_arguments_give_a_swedish_error(args, meddelande):
    with pytest.raises(CommandError) as fel:
        kor(*args)
    assert meddelande in str(fel.value)


@pytest.mark.parametrize(
    "kommando, flagga, varde, meddelande",
    [
        ("rapport", "--troskel", "0", "--troskel ska vara ett heltal från 1 till 100, inte '0'."),
        ("rapport", "--troskel", "-5", "--troskel ska vara ett heltal från 1 till 100, inte '-5'."),
        ("rapport", "--troskel", "abc", "--troskel ska vara ett heltal från 1 till 100, inte 'abc'."),
        ("rapport", "--troskel", "101", "--troskel ska vara ett heltal från 1 till 100, inte '101'."),
        ("rapport", "--minsta-bas", "0", "--minsta-bas ska vara ett heltal från 1 till 1000, inte '0'."),
        ("rapportbok", "--troskel", "0", "--troskel ska vara ett heltal från 1 till 100, inte '0'."),
    ],
)
def test_a_bad_threshold_on_the_command_line_prints_only_the_swedish_error(
    capsys, tmp_path, kommando, flagga, varde, meddelande
):
    from django.core.management import ManagementUtility

    namn = ["aktiva"] if kommando == "rapport" else []
    argv = ["manage.py", kommando, *namn, *PERIOD, "--publicering", flagga, varde, "--output", str(tmp_path / "ut.docx")]
    with pytest.raises(SystemExit) as slut:
        ManagementUtility(argv).execute()
    assert slut.value.code == 1
    # Django prints a CommandError from handle() as one line; one raised while parsing was a traceback.
    assert capsys.readouterr().err == f"CommandError: {meddelande}\n"


def test_the_threshold_limits_of_the_command_are_those_of_the_page():
    from rapporter.alternativ import GRANSER
    from rapporter.forms import RapportForm

    form = RapportForm()
    for namn, flagga in (("troskel", "--troskel"), ("minsta_bas", "--minsta-bas")):
        minst, mest = GRANSER[namn]
        assert (form.fields[namn].min_value, form.fields[namn].max_value) == (minst, mest)
        with pytest.raises(CommandError, match=f"{flagga} ska vara ett heltal från {minst} till {mest}, inte '{mest + 1}'."):
            kor("aktiva", *PERIOD, "--publicering", flagga, str(mest + 1))


def test_command_refuses_a_period_outside_1900_to_2100():
    with pytest.raises(CommandError, match="Ange datum mellan 1900-01-01 och 2100-12-31."):
        call_command("rapport", "flode", "--fran", "0001-01-01", "--till", "9999-12-31")


def test_thresholds_are_chosen_per_report(halvar):
    data = json.loads(kor("aktiva", *PERIOD, "--publicering", "--troskel", "2", "--minsta-bas", "30"))
    assert data["maskering"] == {"maskera_under": 2, "minsta_bas_for_andel": 30}
    assert data["rader"][2]["varden"][2] in (3, None)  # Novum's 3 is not under 2
    assert 1 not in [v for r in data["rader"] for v in r["varden"]]


def test_empty_rows_are_shown_when_asked_for(halvar):
    utan = json.loads(kor("utbildning", *PERIOD))
    med = json.loads(kor("utbildning", *PERIOD, "--visa-tomma"))
    assert "Uppgift saknas" not in [r["etikett"] for r in utan["rader"]]
    assert "Uppgift saknas" in [r["etikett"] for r in med["rader"]]


def test_the_further_tables_can_be_asked_for_by_name(halvar):
    data = json.loads(kor("avslutsorsak-insats-kon", *PERIOD))
    assert data["summa"]["varden"][-1] == 190
