"""The report book (docs/regler.md §4): a Word document with the period's tables and figures in
the reports' form, read back with python-docx and opened by LibreOffice."""

import datetime
import io
import re
import subprocess
import zipfile

import docx
import pytest
from auditlog.models import LogEntry
from django.core.management import CommandError, call_command

from rapporter import Alternativ, berakna_alla
from rapporter.rapportbok import rapportbok
from rapporter.visning import visa

from .halvar2025 import FRAN, TILL, bygg_halvar_2025

pytestmark = pytest.mark.django_db
NNBSP = "\u202f"


@pytest.fixture
def halvar(db):
    bygg_halvar_2025()


def dokument(innehall: bytes) -> docx.Document:
    return docx.Document(io.BytesIO(innehall))


def tabelltext(tabell) -> list[list[str]]:
    return [[c.text for c in rad.cells] for rad in tabell.rows]


def bildtexter(dok) -> list[str]:
    return [p.text for p in dok.paragraphs if p.style.name == "Caption"]


def test_the_half_year_book_has_the_2025_tables_and_figures_in_order(halvar):
    dok = dokument(rapportbok(fran=FRAN, till=TILL))
    texter = bildtexter(dok)
    assert texter[:7] == [
        "Figur 1. Flödet av antal deltagare, första halvåret 2025",
        "Tabell 1. Fördelningen av deltagare och kön per insats, första halvåret 2025",
        "Figur 2. Fördelningen av deltagare och kön per insats, första halvåret 2025",
        "Tabell 2. Antal deltagare som började en insats, per insats och kön, första halvåret 2025",
        "Figur 3. Antal deltagare som började en insats, per insats och kön, första halvåret 2025",
        "Figur 4. Avslutsorsaker för de avslutade deltagarna, totalt och uppdelat på kön, första halvåret 2025",
        "Tabell 3. Antal avslutade deltagare per insats och kön, första halvåret 2025",
    ]
    assert texter[7] == "Tabell 4. Avslutsorsaker för de avslutade deltagarna per insats, första halvåret 2025"


def test_tabell_1_is_the_published_table(halvar):
    dok = dokument(rapportbok(fran=FRAN, till=TILL))
    tabell_1 = tabelltext(dok.tables[0])
    assert tabell_1[0] == ["", "Kvinnor", "Män", "Annan köns-ID", "Totalt"]
    assert tabell_1[1:] == [
        ["Myndighetsgemensamt team", "30", "14", "1", "45"],
        ["Aktivitetsplatsen", "82", "23", "0", "105"],
        ["Novum (ESF)", "26", "36", "3", "65"],
        ["Integrering av IPS i psykosvården (ESF)", "40", "61", "1", "102"],
        ["IPS för personer med beroendeproblematik", "13", "51", "0", "64"],
        ["Totalt", "191", "185", "5", "381"],
    ]


def test_tabell_4_has_the_short_reasons_the_insatser_and_the_total_of_ended(halvar):
    dok = dokument(rapportbok(fran=FRAN, till=TILL))
    tabell_4 = next(t for t in dok.tables if tabelltext(t)[0][1:3] == ["MGT", "Aktivitetsplatsen"])
    rader = {r[0]: r[1:] for r in tabelltext(tabell_4)}
    assert rader[""] == ["MGT", "Aktivitetsplatsen", "Novum", "IPS-psykos", "IPS-beroende", "Totalt"]
    assert rader["Medicinsk/vård/utredning"] == ["11", "23", "2", "7", "16", "59"]
    assert rader["Totalt avslutade"] == ["41", "61", "43", "18", "27", "190"]


def test_notes_are_footnotes_and_the_kanslis_places_are_marked(halvar):
    innehall = rapportbok(fran=FRAN, till=TILL)
    with zipfile.ZipFile(io.BytesIO(innehall)) as arkiv:
        fotnoter = arkiv.read("word/footnotes.xml").decode()
        dokumentet = arkiv.read("word/document.xml").decode()
    assert "Myndighetsgemensamt team räknas som deltagare i perioden för startdatum" in fotnoter
    assert '<w:footnoteReference w:id="1"/>' in dokumentet
    platser = [p for p in dokument(innehall).paragraphs if p.style.name == "Kansliets text"]
    assert len(platser) >= 5 and all(p.text.startswith("[Kansliets text:") for p in platser)


def test_figures_are_print_resolution_images(halvar):
    dok = dokument(rapportbok(fran=FRAN, till=TILL))
    bilder = [r for r in dok.part.rels.values() if "image" in r.reltype]
    assert len(bilder) >= 4
    from PIL import Image

    with Image.open(io.BytesIO(bilder[0].target_part.blob)) as bild:
        assert bild.info["dpi"][0] == pytest.approx(300, abs=1)


def test_a_whole_year_gives_the_annual_set_per_insats(halvar):
    dok = dokument(rapportbok(fran=datetime.date(2025, 1, 1), till=datetime.date(2025, 12, 31)))
    rubriker = [p.text for p in dok.paragraphs if p.style.name.startswith("Heading")]
    assert "Aktivitetsplatsen" in rubriker and "Novum" in rubriker
    texter = bildtexter(dok)
    assert any(t.endswith("Förväntat resultat och utfall för Aktivitetsplatsen, 2025") for t in texter)
    assert any("Avslutsorsaker för Novum, 2025" in t for t in texter)
    assert any("Utbildning vid start för Novum, 2025" in t for t in texter)
    assert any("Åldersgrupp vid start för Novum, 2025" in t for t in texter)
    forvantat = next(tabelltext(t) for t in dok.tables if tabelltext(t)[0] == ["", "Förväntat", "Utfall"])
    assert forvantat[1][:2] == ["Antal deltagare", "70"]  # MGT 2025


def test_the_book_shows_the_publications_numbers_and_nothing_it_hides(halvar):
    alternativ = Alternativ(publicering=True)
    innehall = rapportbok(fran=FRAN, till=TILL, alternativ=alternativ)
    publicerade = {t["rapport"]: t for t in berakna_alla(fran=FRAN, till=TILL, alternativ=alternativ)}
    dok = dokument(innehall)
    forvantad = visa(publicerade["aktiva"], alternativ.med(korta_etiketter=True, esf=True))
    tabell_1 = tabelltext(dok.tables[0])
    assert [r[1:] for r in tabell_1[1:]] == [[c.text for c in rad.celler] for rad in forvantad.rader]
    text = "\n".join("\t".join(r) for t in dok.tables for r in tabelltext(t))
    assert ".." in text


def test_libreoffice_opens_the_book_and_writes_a_pdf(halvar, tmp_path, soffice):
    fil = tmp_path / "bok.docx"
    fil.write_bytes(rapportbok(fran=FRAN, till=TILL))
    resultat = subprocess.run(
        [soffice, "--headless", f"-env:UserInstallation=file://{tmp_path}/lo", "--convert-to", "pdf", "--outdir", str(tmp_path), str(fil)],
        capture_output=True,
        timeout=240,
        check=False,
    )
    pdf = tmp_path / "bok.pdf"
    assert resultat.returncode == 0 and pdf.exists(), resultat.stderr
    assert pdf.read_bytes()[:5] == b"%PDF-" and pdf.stat().st_size > 50_000


def test_the_command_writes_the_book_and_logs_it(halvar, tmp_path):
    fil = tmp_path / "bok.docx"
    call_command(
        "rapportbok", "--fran", "2025-01-01", "--till", "2025-06-30", "--publicering", "--troskel", "3", "--output", str(fil),
        stderr=io.StringIO(),
    )
    assert bildtexter(dokument(fil.read_bytes()))[0].startswith("Figur 1.")
    logg = LogEntry.objects.get(object_repr__startswith="Export: rapportbok")
    assert logg.additional_data["filter"] | {} == {
        "fran": "2025-01-01",
        "till": "2025-06-30",
        "insatser": None,
        "publicering": True,
        "maskera_under": 3,
        "minsta_bas_for_andel": 10,
    }


@pytest.mark.parametrize(
    "args, meddelande",
    [
        (["--fran", "2025-01-01", "--till", "2025-06-30"], "Ange --output FIL.docx."),
        (["--fran", "2025-01-01", "--till", "2025-06-30", "--output", "bok.pdf"], "ange en fil som slutar på .docx"),
        (["--fran", "2025-01-01", "--till", "2025-06-30", "--troskel", "3", "--output", "b.docx"], "gäller bara tillsammans med --publicering"),
        (["--fran", "2025-01-01", "--till", "2025-06-30", "--publicering", "--troskel", "0", "--output", "b.docx"], "--troskel ska vara ett heltal från 1 till 100, inte '0'."),
        (["--till", "2025-06-30", "--output", "b.docx"], "Ange --fran ÅÅÅÅ-MM-DD."),
    ],
)
def test_bad_arguments_give_a_swedish_error(args, meddelande):
    with pytest.raises(CommandError, match=re.escape(meddelande)):
        call_command("rapportbok", *args)
