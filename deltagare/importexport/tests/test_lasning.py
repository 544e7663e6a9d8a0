"""The bounded streaming reader: the same values as python-calamine on files from the writers
project leaders use, and every limit refused before the thing it limits is built. The bombs
of findings 1 and 2 are here at the reader; test_bomber.py runs them through the command and
the web."""

import datetime
import io
import zipfile
from pathlib import Path

import pytest
import xlsxwriter
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from python_calamine import CalamineWorkbook

from ..lasning import Granser, Lasfel
from ..lasning.barnprocess import Barnlasning
from ..lasning.granser import FORMEL_UTAN_VARDE
from ..lasning.textfil import Textlasare
from ..lasning.xlsx import Bladlasare, arbetsbok, delade_strangar, oppna
from . import filer
from .filer import bladxml, bygg_xlsx, csv_fil, dimensionsbomb, inline, kolumnbomb_csv, rubrikrad, zipbomb


def las(innehall: bytes, tmp_path: Path, granser: Granser | None = None, blad: int = 0) -> list[tuple[int, list]]:
    granser = granser or Granser()
    fil = tmp_path / "fil.xlsx"
    fil.write_bytes(innehall)
    zipfil = oppna(str(fil), granser)
    bok = arbetsbok(zipfil)
    strangar = delade_strangar(zipfil, bok.delade_strangar, granser)
    return list(Bladlasare(zipfil, bok.blad[blad], bok, strangar, granser).rader())


def calamine(innehall: bytes) -> list[tuple[int, list]]:
    """Calamine's rows as this reader gives them: numbered as in Excel, blank rows and trailing
    blank cells left out, empty cells and whitespace-only text None (the import treats both
    as empty). Dense from A1, which only a small test file can afford."""
    blad = CalamineWorkbook.from_filelike(io.BytesIO(innehall)).get_sheet_by_index(0)
    rader = []
    for nummer, rad in enumerate(blad.to_python(skip_empty_area=False), 1):
        rad = [None if isinstance(v, str) and not v.strip() else v for v in rad]
        while rad and rad[-1] is None:
            rad.pop()
        if rad:
            rader.append((nummer, rad))
    return rader


def lika(var: list, deras: list) -> bool:
    # Calamine gives every number as a float; this reader gives whole numbers as int.
    def som_calamine(v):
        if type(v) is int:
            return float(v)
        if v is FORMEL_UTAN_VARDE:
            return None  # calamine reads a formula without a saved result as empty
        return None if isinstance(v, str) and not v.strip() else v

    var = [(n, [som_calamine(v) for v in r]) for n, r in var]
    var = [(n, r[: max((i + 1 for i, v in enumerate(r) if v is not None), default=0)]) for n, r in var]
    return [(n, r) for n, r in var if r] == deras


cell = st.one_of(
    st.none(),
    st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=30).map(lambda t: ILLEGAL_CHARACTERS_RE.sub("", t)),
    st.sampled_from(["a & b", "<tag>", "x_x000D_y", "  mellanslag  ", "Söder", "1–2 år", "=SUMMA(A1)"]),
    st.integers(min_value=-(10**9), max_value=10**9),
    st.floats(allow_nan=False, allow_infinity=False, width=32),
    st.booleans(),
    st.dates(min_value=datetime.date(2000, 1, 1), max_value=datetime.date(2030, 12, 31)),
)
rutnat = st.lists(st.lists(cell, min_size=1, max_size=8), min_size=1, max_size=8)
FALL = settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


def openpyxl_fil(rader: list[list]) -> bytes:
    bok = Workbook()
    for rad in rader:
        bok.active.append(rad)
    for kolumn in bok.active.iter_cols():
        for c in kolumn:
            if isinstance(c.value, datetime.date):
                c.number_format = "yyyy-mm-dd"
    ut = io.BytesIO()
    bok.save(ut)
    return ut.getvalue()


def xlsxwriter_fil(rader: list[list], *, konstant: bool) -> bytes:
    ut = io.BytesIO()
    bok = xlsxwriter.Workbook(ut, {"constant_memory": konstant, "in_memory": True, "strings_to_formulas": False})
    blad = bok.add_worksheet()
    datum = bok.add_format({"num_format": "yyyy-mm-dd"})
    for r, rad in enumerate(rader):
        for k, v in enumerate(rad):
            if isinstance(v, datetime.date):
                blad.write_datetime(r, k, datetime.datetime.combine(v, datetime.time()), datum)
            elif isinstance(v, str):
                blad.write_string(r, k, v)
            elif v is not None:
                blad.write(r, k, v)
    bok.close()
    return ut.getvalue()


# U+0080–U+009F are XML character references, not HTML's Windows-1252 (found by hypothesis).
C1 = [["\x80", "\x9f", "&#128;", "€"]]


@FALL
@given(rader=rutnat)
@example(rader=C1)
def test_an_openpyxl_workbook_reads_as_calamine_reads_it(rader, tmp_path):
    innehall = openpyxl_fil(rader)
    assert lika(las(innehall, tmp_path), calamine(innehall))


@FALL
@given(rader=rutnat, konstant=st.booleans())
@example(rader=C1, konstant=False)
def test_an_xlsxwriter_workbook_reads_as_calamine_reads_it(rader, konstant, tmp_path):
    innehall = xlsxwriter_fil(rader, konstant=konstant)
    assert lika(las(innehall, tmp_path), calamine(innehall))


def test_formulas_errors_booleans_and_cells_without_a_reference_read_as_calamine_reads_them(tmp_path):
    # What Excel and LibreOffice write beside plain values: a formula's cached result (text or
    # number), an error value, a boolean, shared strings with preserved spaces, and cells
    # without an r attribute (allowed by the format, written by some generators).
    xml = bladxml(
        '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" s="0" t="str"><f>A1&amp;"x"</f><v>Järvax</v></c>'
        '<c r="C1"><f>1+1</f><v>2</v></c><c r="D1" t="e"><v>#N/A</v></c><c r="E1" t="b"><v>1</v></c></row>'
        '<row r="2"><c t="s"><v>1</v></c><c><v>3.5</v></c></row>'
    )
    innehall = bygg_xlsx([("A", xml)], delade=["Järva", "Mellan &amp; mer"])
    rader = las(innehall, tmp_path)
    assert rader == [(1, ["Järva", "Järvax", 2, "#N/A", True]), (2, ["Mellan & mer", 3.5])]
    # Calamine drops an error value; this reader keeps its text, so the import can name it.
    rader[0][1][3] = None
    assert lika(rader, calamine(innehall))


def test_a_prefixed_namespace_and_any_attribute_order_read_the_same(tmp_path):
    vanlig = bladxml('<row r="1"><c r="A1" s="1" t="s"><v>0</v></c><c r="B1"><v>45658</v></c></row>')
    prefix = (
        b'<?xml version="1.0"?><x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        b'<x:sheetData><x:row r="1"><x:c t="s" s="1" r="A1"><x:v>0</x:v></x:c><x:c><x:v>45658</x:v></x:c></x:row>'
        b"</x:sheetData></x:worksheet>"
    )
    stilar = '<cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="14"/></cellXfs>'
    for xml in (vanlig, prefix):
        assert las(bygg_xlsx([("A", xml)], delade=["Järva"], stilar=stilar), tmp_path) == [(1, ["Järva", 45658])]


def test_dates_follow_the_cell_style_and_the_1904_date_system(tmp_path):
    stilar = (
        '<numFmts count="1"><numFmt numFmtId="164" formatCode="[$-41D]yyyy/mm/dd;@"/></numFmts>'
        '<cellXfs count="3"><xf numFmtId="0"/><xf numFmtId="14"/><xf numFmtId="164"/></cellXfs>'
    )
    xml = bladxml('<row r="2"><c r="A2" s="1"><v>45658</v></c><c r="B2" s="2"><v>45658.5</v></c><c r="C2" s="0"><v>45658</v></c></row>')
    assert las(bygg_xlsx([("A", xml)], stilar=stilar), tmp_path) == [
        (2, [datetime.date(2025, 1, 1), datetime.datetime(2025, 1, 1, 12, 0), 45658])
    ]
    assert las(bygg_xlsx([("A", xml)], stilar=stilar, datum1904=True), tmp_path)[0][1][0] == datetime.date(2029, 1, 2)


def test_rich_text_joins_its_runs_and_leaves_out_phonetic_hints(tmp_path):
    xml = bladxml(
        '<row r="1"><c r="A1" t="inlineStr"><is><r><t>Söder</t></r><r><rPr><b/></rPr><t xml:space="preserve">malm </t></r>'
        "<rPh><t>ignoreras</t></rPh></is></c></row>"
    )
    assert las(bygg_xlsx([("A", xml)]), tmp_path) == [(1, ["Södermalm "])]


def test_rows_keep_the_numbers_excel_shows_and_blank_rows_are_left_out(tmp_path):
    xml = bladxml(rubrikrad(["A", "B"]) + '<row r="2"/><row r="4"><c r="B4"><v>7</v></c></row>')
    assert las(bygg_xlsx([("A", xml)]), tmp_path) == [(1, ["A", "B"]), (4, [None, 7])]


# --- limits --------------------------------------------------------------------------------------


def avvisad(innehall: bytes, tmp_path: Path, granser: Granser | None = None) -> Lasfel:
    with pytest.raises(Lasfel) as fel:
        las(innehall, tmp_path, granser)
    return fel.value


def test_the_dimension_bomb_is_refused_from_its_dimension_before_any_row_is_read(tmp_path):
    # Finding 1: calamine allocates the declared area (512 GiB) for this 1.8 KB file.
    innehall = dimensionsbomb()
    assert len(innehall) < 2000
    fel = avvisad(innehall, tmp_path)
    assert (fel.kod, fel.varden["cell"], fel.varden["kolumner"], fel.varden["rader"]) == ("dimension", "XFD1048576", 16384, 1048576)


def test_a_far_cell_without_a_dimension_is_refused_when_it_is_reached(tmp_path):
    xml = bladxml(rubrikrad() + '<row r="3"><c r="XFD3"><v>1</v></c></row>')
    fel = avvisad(bygg_xlsx([("A", xml)]), tmp_path)
    assert (fel.kod, fel.varden["cell"]) == ("kolumn_utanfor", "XFD3")


def test_an_empty_styled_cell_far_out_is_no_reason_to_refuse(tmp_path):
    xml = bladxml('<row r="1"><c r="A1"><v>1</v></c><c r="XFD1" s="1"/></row>')
    assert las(bygg_xlsx([("A", xml)]), tmp_path) == [(1, [1])]


def test_a_zip_bomb_is_refused_from_the_zip_directory_before_anything_is_inflated(tmp_path):
    innehall = zipbomb(300)
    assert len(innehall) < 1024 * 1024
    fel = avvisad(innehall, tmp_path)
    assert fel.kod == "kompression" and fel.varden["kvot"] > 900


def test_a_workbook_larger_than_the_limit_unpacked_is_refused(tmp_path):
    fel = avvisad(zipbomb(3), tmp_path, Granser(max_opackat=2 * 1024 * 1024))
    assert fel.kod == "for_stor_opackad"


def test_a_cell_longer_than_the_limit_is_refused_naming_it(tmp_path):
    xml = bladxml('<row r="2">' + inline("C2", "x" * 1001) + "</row>")
    fel = avvisad(bygg_xlsx([("A", xml)]), tmp_path)
    assert (fel.kod, fel.varden["cell"]) == ("for_lang_cell", "C2")


def test_more_rows_than_the_limit_are_refused(tmp_path):
    xml = bladxml("".join(f'<row r="{n}"><c r="A{n}"><v>{n}</v></c></row>' for n in range(1, 8)))
    assert avvisad(bygg_xlsx([("A", xml)]), tmp_path, Granser(max_rader=5)).kod == "for_manga_rader"


def test_a_row_that_never_ends_is_refused_without_holding_it(tmp_path):
    def delar():
        yield bladxml(rubrikrad())[: -len("</sheetData></worksheet>")] + b'<row r="2">'
        for _ in range(40):
            yield b'<c r="A2"><v>1</v></c>' * 50_000

    fel = avvisad(bygg_xlsx([("A", delar())]), tmp_path, Granser(max_kompression=100_000))
    assert (fel.kod, fel.varden["rad"]) == ("for_lang_rad", 2)


@pytest.mark.parametrize(
    ("innehall", "kod"),
    [(b"", "tom"), (b"Insats;Deltagar-ID\n", "inte_xlsx"), (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "ole"), (b"PK\x03\x04trasig", "skadad")],
)
def test_what_is_not_a_workbook_is_refused_with_its_reason(innehall, kod, tmp_path):
    assert avvisad(innehall, tmp_path).kod == kod


def test_the_csv_column_bomb_is_refused_at_its_first_line(tmp_path):
    # Finding 2: 8 MB, four million columns; refused after the first 100 kB of its line.
    fil = tmp_path / "bomb.csv"
    fil.write_bytes(kolumnbomb_csv())
    with pytest.raises(Lasfel) as fel:
        list(Textlasare(str(fil), Granser()).rader())
    assert (fel.value.kod, fel.value.varden["rad"]) == ("for_lang_rad", 1)


def test_a_quoted_csv_cell_that_runs_on_over_lines_is_refused(tmp_path):
    fil = tmp_path / "lang.csv"
    fil.write_bytes(b'Insats;Deltagar-ID\nMGT;"' + b"x\n" * 100_000 + b'"\n')
    with pytest.raises(Lasfel) as fel:
        list(Textlasare(str(fil), Granser()).rader())
    assert (fel.value.kod, fel.value.varden["rad"]) == ("for_lang_rad", 2)


# --- the child process --------------------------------------------------------------------------


def stort_blad(rader: int) -> bytes:
    def delar():
        yield bladxml(rubrikrad())[: -len("</sheetData></worksheet>")]
        rad = "".join(inline(f"{k}{{n}}", "Aktivitetsplatsen") for k in "ABCDEFGHIJ")
        for start in range(2, rader + 2, 10_000):
            yield "".join(f'<row r="{n}">' + rad.format(n=n) + "</row>" for n in range(start, min(start + 10_000, rader + 2))).encode()
        yield b"</sheetData></worksheet>"

    return bygg_xlsx([("A", delar())])


def test_a_file_that_needs_more_cpu_than_allowed_ends_the_child_not_the_parent(tmp_path):
    fil = tmp_path / "stor.xlsx"
    fil.write_bytes(stort_blad(150_000))
    with Barnlasning(str(fil), "xlsx", Granser(cpu_s=1)) as barn:
        with pytest.raises(Lasfel) as fel:
            barn.oversikt()
            for _ in barn.las([0]):
                pass
    assert fel.value.kod == "tid"
    assert barn.process.returncode < 0  # the child was ended by its own limit


def test_a_file_that_needs_more_memory_than_allowed_ends_the_child_not_the_parent(tmp_path):
    # Two million shared strings: the packed table outgrows a child allowed 60 MB in all.
    fil = tmp_path / "strangar.xlsx"
    fil.write_bytes(bygg_xlsx([("A", bladxml(rubrikrad()))], delade=(f"s{n}" for n in range(2_000_000))))
    with Barnlasning(str(fil), "xlsx", Granser(minne=60 * 1024 * 1024)) as barn:
        with pytest.raises(Lasfel) as fel:
            barn.oversikt()
    assert fel.value.kod == "minne"


def test_the_child_streams_rows_in_chunks_and_stops_when_told(tmp_path):
    fil = tmp_path / "stor.xlsx"
    fil.write_bytes(stort_blad(2500))
    with Barnlasning(str(fil), "xlsx", Granser()) as barn:
        oversikt = barn.oversikt()
        assert oversikt["blad"][0]["rubriker"][:2] == ["Insats", "Deltagar-ID"]
        bitar = [len(m[2]) for m in barn.las([0])]
    assert bitar == [1000, 1000, 500]
    assert barn.process.returncode == 0


def test_a_zip_member_that_lies_about_its_size_is_refused(tmp_path):
    innehall = bytearray(bygg_xlsx([("A", bladxml(rubrikrad() + '<row r="2">' + inline("A2", "x" * 500) + "</row>"))]))
    # Shrink the declared size of the sheet in the central directory: the unpacked data then
    # overruns it, which zipfile stops at (and its checksum refuses).
    with zipfile.ZipFile(io.BytesIO(bytes(innehall))) as z:
        info = z.getinfo("xl/worksheets/sheet1.xml")
    cd = innehall.rfind(b"PK\x01\x02", 0)
    while cd >= 0:
        namnlangd = int.from_bytes(innehall[cd + 28 : cd + 30], "little")
        if innehall[cd + 46 : cd + 46 + namnlangd] == b"xl/worksheets/sheet1.xml":
            innehall[cd + 24 : cd + 28] = (info.file_size // 2).to_bytes(4, "little")
            break
        cd = innehall.rfind(b"PK\x01\x02", 0, cd)
    assert avvisad(bytes(innehall), tmp_path).kod == "skadad"


@pytest.mark.parametrize("kodning", ["utf-8-sig", "cp1252", "utf-16"])
def test_a_csv_files_row_count_is_estimated_for_the_progress(tmp_path, kodning):
    # A text file has no row count to read: without an estimate the progress showed 100 % from
    # the first chunk ("12000 av 12000 rader").
    fil = tmp_path / "deltagare.csv"
    fil.write_bytes(csv_fil([filer.rad(Deltagar_ID=f"AP-{n}", Stadsdel="Järva") for n in range(3000)], kodning=kodning))
    with Barnlasning(str(fil), "csv", Granser()) as barn:
        uppskattat = barn.oversikt()["blad"][0]["rader"]
        lasta = sum(len(m[2]) for m in barn.las([0]))
    assert lasta == 3000
    assert 2700 <= uppskattat <= 3300


def test_a_formula_without_a_saved_result_is_told_apart_from_an_empty_one_on_both_paths(tmp_path):
    # The fast path (Excel's attribute order) and the slow one (no r attribute) read alike.
    xml = bladxml(
        '<row r="1"><c r="A1"><f>1+1</f></c><c r="B1" t="str"><f>""</f><v></v></c><c r="C1"><f>2+2</f><v>4</v></c>'
        '<c r="D1"><f>3+3</f><v></v></c></row>'
        '<row r="2"><c><f>1+1</f></c><c t="str"><f>""</f><v></v></c><c><f>2+2</f><v>4</v></c><c><f>3+3</f><v></v></c></row>'
    )
    # D: openpyxl's way, an empty <v> for a number, which no saved number is.
    assert las(bygg_xlsx([("A", xml)]), tmp_path) == [
        (1, [FORMEL_UTAN_VARDE, None, 4, FORMEL_UTAN_VARDE]),
        (2, [FORMEL_UTAN_VARDE, None, 4, FORMEL_UTAN_VARDE]),
    ]


def test_a_formula_without_a_saved_result_stays_itself_through_the_reading_child(tmp_path):
    fil = tmp_path / "f.xlsx"
    fil.write_bytes(bygg_xlsx([("A", bladxml('<row r="1"><c r="A1" t="s"><v>0</v></c></row><row r="2"><c r="A2"><f>1+1</f></c></row>'))], delade=["Rubrik"]))
    with Barnlasning(str(fil), "xlsx", Granser()) as barn:
        barn.oversikt()
        rader = [rad for meddelande in barn.las([0]) if meddelande[0] == "rader" for rad in meddelande[2]]
    assert rader == [(2, [FORMEL_UTAN_VARDE])] and rader[0][1][0] is FORMEL_UTAN_VARDE
