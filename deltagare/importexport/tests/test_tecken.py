"""Characters no text may hold: a lone surrogate, written in a file as an OOXML escape
(_xD800_) or an XML character reference (&#xD800;), cannot be encoded as UTF-8, so a page, a
message or the database that meets one fails. Each is a row's problem in Swedish instead, and
headers, sheet names and file names are made safe before they are shown or stored."""

import datetime
import io
import os

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from openpyxl.utils import get_column_letter

from deltagare.models import Deltagare, ImportKorning, Kolumnval

from ..kolumner import RUBRIKER
from ..services import importera_deltagare
from .conftest import ladda_upp
from .filer import bladxml, bygg_xlsx, inline, rad, rubrikrad

pytestmark = pytest.mark.django_db


def rader_xml(*rader: dict, rubriker=RUBRIKER) -> str:
    xml = rubrikrad(rubriker)
    for nummer, data in enumerate(rader, start=2):
        celler = "".join(
            inline(f"{get_column_letter(i + 1)}{nummer}", varde.isoformat() if isinstance(varde, datetime.date) else str(varde))
            for i, (rubrik, varde) in enumerate((r, data.get(r)) for r in rubriker)
            if varde not in (None, "")
        )
        xml += f'<row r="{nummer}">{celler}</row>'
    return xml


def bok(*rader: dict, rubriker=RUBRIKER) -> bytes:
    """A workbook of inline strings written as given: character references and OOXML escapes
    reach the reader as they stand in the sheet's XML."""
    return bygg_xlsx([("Deltagare", bladxml(rader_xml(*rader, rubriker=rubriker)))])


def fel(innehall: bytes) -> list[str]:
    resultat = importera_deltagare(user=None, innehall=innehall, filnamn="deltagare.xlsx")
    return [str(f) for f in resultat.fel]


def delad_strang_bok(text: str) -> bytes:
    """The contract's workbook with Utbildning in the shared strings, as Excel writes it."""
    xml = rader_xml(rad(Utbildning=None)).replace('<row r="2">', '<row r="2"><c r="G2" t="s"><v>0</v></c>', 1)
    return bygg_xlsx([("Deltagare", bladxml(xml))], delade=[text])


@pytest.mark.parametrize(
    "innehall",
    [
        pytest.param(lambda: bok(rad(Utbildning="Gymn_xD800_")), id="inline-ooxml-escape"),
        pytest.param(lambda: bok(rad(Utbildning="Gymn&#xD800;")), id="inline-character-reference"),
        pytest.param(lambda: delad_strang_bok("Gymn_xD800_"), id="shared-string-ooxml-escape"),
    ],
)
def test_a_lone_surrogate_in_a_code_list_cell_is_a_row_error(innehall):
    assert fel(innehall()) == ["rad 2, kolumn Utbildning: Cellen innehåller ett ogiltigt tecken (\\ud800)."]
    assert not Deltagare.objects.exists()


def test_a_lone_surrogate_in_a_date_a_year_or_an_insats_is_a_row_error():
    innehall = bok(rad(Startdatum="2025_xD800_"), rad(Deltagar_ID="AP-2", Födelseår="19_xDC00_", Insats="AP_xDBFF_"))
    assert fel(innehall) == [
        "rad 2, kolumn Startdatum: Cellen innehåller ett ogiltigt tecken (\\ud800).",
        "rad 3, kolumn Insats: Cellen innehåller ett ogiltigt tecken (\\udbff).",
        "rad 3, kolumn Födelseår: Cellen innehåller ett ogiltigt tecken (\\udc00).",
    ]


def test_a_lone_surrogate_in_the_deltagar_id_is_a_row_error_not_a_crash_when_staged():
    assert fel(bok(rad(Deltagar_ID="SU_xDFFF_2"))) == [
        "rad 2, kolumn Deltagar-ID: Cellen innehåller ett ogiltigt tecken (\\udfff)."
    ]


@pytest.mark.parametrize(
    ("cell", "synligt"),
    [("SU_x0000_2", "\\x00"), ("SU&#1;2", "\\x01"), ("SU&#x85;2", "\\x85"), ("SU&#x200B;2", "\\u200b")],
)
def test_an_invisible_character_in_the_deltagar_id_is_a_row_error_that_names_it(cell, synligt):
    # PostgreSQL takes no NUL in text: the row's key would have failed the staging table.
    assert fel(bok(rad(Deltagar_ID=cell))) == [
        f"rad 2, kolumn Deltagar-ID: Cellen innehåller ett ogiltigt tecken ({synligt})."
    ]


def test_the_run_page_shows_a_lone_surrogate_as_a_row_error(client, leader_a, arbetare):
    client.force_login(leader_a)
    svar = ladda_upp(client, bok(rad(Utbildning="Gymn_xD800_"), rad(Deltagar_ID="SU_xDFFF_2")))
    arbetare()
    korning = ImportKorning.objects.get()
    assert korning.status == ImportKorning.Status.FEL
    assert korning.fel == [
        [2, "Utbildning", "Cellen innehåller ett ogiltigt tecken (\\ud800).", None],
        [3, "Deltagar-ID", "Cellen innehåller ett ogiltigt tecken (\\udfff).", None],
    ]
    sida = client.get(svar.url)
    assert sida.status_code == 200
    assert "Cellen innehåller ett ogiltigt tecken (\\udfff)." in sida.content.decode()


def test_the_command_prints_a_lone_surrogate_as_a_row_error(tmp_path):
    fil = tmp_path / "deltagare.xlsx"
    fil.write_bytes(bok(rad(Utbildning="Gymn&#xD800;")))
    utskrift = io.StringIO()
    with pytest.raises(CommandError, match="Importen avbröts: 1 fel. Inget sparades."):
        call_command("import_deltagare", str(fil), "--granska", stderr=utskrift)
    assert utskrift.getvalue() == "rad 2, kolumn Utbildning: Cellen innehåller ett ogiltigt tecken (\\ud800).\n"


def test_the_command_names_a_header_with_a_lone_surrogate_visibly(tmp_path):
    fil = tmp_path / "deltagare.xlsx"
    fil.write_bytes(bok(rad(), rubriker=[*RUBRIKER[:-1], "Arbetsträning_xD800_"]))
    utskrift = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_deltagare", str(fil), stderr=utskrift)
    rader = utskrift.getvalue().splitlines()
    assert rader[0].startswith("rad 1, kolumn Arbetsträning\\ud800: Okänd kolumn.")
    assert rader[1] == "rad 1, kolumn Arbetsträning: Kolumnen saknas i filen."


def test_headers_with_a_lone_surrogate_or_a_nul_are_offered_and_remembered_on_the_column_page(
    client, administrator, insats_a, arbetare
):
    rubriker = ["Löpnr_x0000_", "Kön_xD800_", "Inskriven"]
    rader = f'<row r="2">{inline("A2", "AP-1")}{inline("B2", "K")}{inline("C2", "2025-02-03")}</row>'
    xml = rubrikrad(rubriker) + rader
    client.force_login(administrator)
    svar = ladda_upp(client, bygg_xlsx([("Deltagare", bladxml(xml))]))
    arbetare()
    korning = ImportKorning.objects.get()
    assert korning.status == ImportKorning.Status.KOLUMNER
    assert korning.blad[0]["rubriker"] == ["Löpnr\\x00", "Kön\\ud800", "Inskriven"]
    sida = client.get(reverse("importexport:kolumner", args=[korning.pk]))
    assert sida.status_code == 200 and "Kön\\ud800" in sida.content.decode()
    data = {"samtycke": "nej", "b0_med": "on", "b0_insats_fast": str(insats_a.pk), "b0_deltagar_id": "0", "b0_startdatum": "2"}
    assert client.post(reverse("importexport:kolumner", args=[korning.pk]), data).status_code == 302
    assert set(Kolumnval.objects.values_list("rubrik", flat=True)) == {"löpnr\\x00", "kön\\ud800", "inskriven"}
    assert svar.status_code == 302


def test_an_export_info_row_with_a_lone_surrogate_is_left_out_of_the_flagging():
    info = (
        f'<row r="1">{inline("A1", "Deltagaruppföljning")}{inline("B1", "export")}{inline("C1", "2025-01-01T00:00:00+00:00")}</row>'
        f'<row r="2"><c r="A2"><v>1</v></c>{inline("B2", "AP_xD800_")}<c r="C2"><v>1</v></c></row>'
    )
    innehall = bygg_xlsx(
        [("Deltagare", bladxml(rader_xml(rad()))), ("Exportinfo", bladxml(info))], dolda=("Exportinfo",)
    )
    resultat = importera_deltagare(user=None, innehall=innehall, filnamn="deltagare.xlsx")
    assert (resultat.fel, resultat.nya) == ([], 1)


def test_the_command_takes_a_file_whose_name_is_not_utf8(tmp_path):
    fil = tmp_path / os.fsdecode(b"deltagare-\xff.pdf")
    fil.write_bytes(b"%PDF")
    utskrift = io.StringIO()
    with pytest.raises(CommandError, match="Importen avbröts: 1 fel. Inget sparades."):
        call_command("import_deltagare", str(fil), stderr=utskrift)
    assert utskrift.getvalue() == (
        "Filtypen stöds inte (deltagare-\ufffd.pdf). Ladda upp en .xlsx- eller .csv-fil.\n"
    )


# --- what a message quotes of a cell ------------------------------------------------------------

UTBILDNINGAR = (
    "Tillåtna värden: Ej fullföljd grundskola/enbart grundskola, Gymnasieutbildning, "
    "Eftergymnasial utbildning/högskola, Uppgift saknas."
)


def test_an_unknown_value_is_quoted_cut_to_sixty_characters():
    assert fel(bok(rad(Utbildning="x" * 999))) == [f"rad 2, kolumn Utbildning: Okänt värde ”{'x' * 59}…”. {UTBILDNINGAR}"]


def test_a_control_character_in_an_unknown_value_is_written_out():
    assert fel(bok(rad(Utbildning="Gymn&#1;"))) == [f"rad 2, kolumn Utbildning: Okänt värde ”Gymn\\x01”. {UTBILDNINGAR}"]


@pytest.mark.parametrize(
    ("andring", "meddelande"),
    [
        ({"Insats": "AP&#x200B;"}, "rad 2, kolumn Insats: Okänd insats ”AP\\u200b”."),
        ({"Lots": "J&#7;a"}, "rad 2, kolumn Lots: Ange Ja eller Nej, inte ”J\\x07a”."),
        ({"Startdatum": "2025-02-0&#x1B;3"}, "rad 2, kolumn Startdatum: Ogiltigt datum ”2025-02-0\\x1b3”; ange ÅÅÅÅ-MM-DD."),
        (
            {"Födelseår": "1" * 70},
            f"rad 2, kolumn Födelseår: Ogiltigt födelseår ”{'1' * 59}…”; ange fyra siffror, t.ex. 1985.",
        ),
    ],
    ids=["insats", "ja-nej", "datum", "födelseår"],
)
def test_every_column_quotes_its_cell_cut_and_with_invisible_characters_written_out(andring, meddelande):
    assert fel(bok(rad(**andring))) == [meddelande]


def test_a_birth_year_of_superscript_digits_is_refused_not_a_crash():
    # "²" counts as a digit (str.isdigit) but int() cannot read it.
    assert fel(bok(rad(Födelseår="199²"))) == [
        "rad 2, kolumn Födelseår: Ogiltigt födelseår ”199²”; ange fyra siffror, t.ex. 1985."
    ]
