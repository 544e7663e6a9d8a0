"""Files of computed tables (the JSON shape of SPEC §4): JSON, CSV, a zip of CSVs, Excel.

CSV is for programs and Swedish Excel alike: semicolon separated, decimal comma, UTF-8 with
BOM, numbers without thousands separators, ".." for a count hidden for publication (as in
official Swedish statistics) and an empty cell where nothing applies. The Excel file has one
sheet per table in its published form, real numbers with Swedish formats (shares stored as
fractions, shown "9,4 %"), and a native chart showing what the page's figure shows.
"""

import io
import json
import zipfile

import xlsxwriter

from finsam.kalkylblad import CsvSkrivare, ofarlig, ofarlig_rad

from .alternativ import Alternativ
from .figurer import figur_for
from .visning import MASKERAT, visa

FORMAT_ANTAL = "#,##0"
FORMAT_ANDEL = "0.0 %"
FORMAT_MALANDEL = "0 %"


def som_json(data) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2)


def _csv_cell(varde, maskerad: bool) -> str:
    if varde is None:
        return MASKERAT if maskerad else ""
    if isinstance(varde, float):
        return f"{varde:.1f}".replace(".", ",")
    return str(varde)


def _tabellrader(tabell: dict) -> list[list[str]]:
    maskerade = {tuple(c) for c in tabell.get("maskerade_celler", [])}
    if tabell.get("annan_bara_i_totalen"):
        # Shown in the total only: its other cells are empty, as on the page, masked or not.
        annan = tabell["kolumner"].index("Annan könsidentitet")
        maskerade = {c for c in maskerade if c[0] == "s" or c[-1] != annan}
    rader = [["", *tabell["kolumner"]]]
    linjer = [(("r", i), r) for i, r in enumerate(tabell["rader"])] + [(("s",), tabell["summa"])]
    linjer += [(("e", k), e) for k, e in enumerate(tabell["extrarader"])]
    for linje, rad in linjer:
        rader.append([rad["etikett"], *(_csv_cell(v, (*linje, j) in maskerade) for j, v in enumerate(rad["varden"]))])
    for del_ in tabell.get("per_insats", []):
        rader.append([])
        rader.append([del_["insats"], *tabell["kolumner"]])
        for rad in [*del_["rader"], del_["summa"]]:
            rader.append([rad["etikett"], *(_csv_cell(v, False) for v in rad["varden"])])
    return rader


def som_csv(tabell: dict) -> str:
    utdata = io.StringIO()
    utdata.write("\ufeff")
    skrivare = CsvSkrivare(utdata)
    skrivare.writerows(_tabellrader(tabell))
    if tabell.get("gallring"):
        # Whether the numbers include participants removed by gallring, and if they are exact.
        skrivare.writerows([[], [tabell["gallring"]["not"]]])
    return utdata.getvalue()


def som_csv_zip(tabeller: list[dict]) -> bytes:
    """One CSV per table, numbered in report order, and the titles and notes in a text file."""
    utdata = io.BytesIO()
    with zipfile.ZipFile(utdata, "w", zipfile.ZIP_DEFLATED) as arkiv:
        noter = []
        for nummer, tabell in enumerate(tabeller, start=1):
            arkiv.writestr(f"{nummer:02d}-{tabell['rapport']}.csv", som_csv(tabell).encode("utf-8"))
            noter.append(f"{nummer:02d} {tabell['titel']} ({tabell['rapport']}), {tabell['fran']}–{tabell['till']}")
            noter += [f"   {not_}" for not_ in tabell["noter"]]
        arkiv.writestr("noter.txt", ("\r\n".join(noter) + "\r\n").encode("utf-8"))
    return utdata.getvalue()


def som_xlsx(tabeller: list[dict], alternativ: Alternativ | None = None) -> bytes:
    # Excel wants numbers in cells of their own: no "n (x %)" cells in the file.
    alternativ = (alternativ or Alternativ()).med(n_andel=False)
    utdata = io.BytesIO()
    bok = xlsxwriter.Workbook(utdata, {"in_memory": True})
    format_ = {
        "titel": bok.add_format({"bold": True, "font_size": 13}),
        "rubrik": bok.add_format({"bold": True, "bottom": 1, "text_wrap": True, "valign": "bottom", "align": "right"}),
        "antal": bok.add_format({"num_format": FORMAT_ANTAL}),
        "andel": bok.add_format({"num_format": FORMAT_ANDEL}),
        "mal": bok.add_format({"num_format": FORMAT_ANTAL, "italic": True}),
        "malandel": bok.add_format({"num_format": FORMAT_MALANDEL, "italic": True}),
        "summa": bok.add_format({"bold": True, "top": 1}),
        "summa_antal": bok.add_format({"bold": True, "top": 1, "num_format": FORMAT_ANTAL}),
        "summa_andel": bok.add_format({"bold": True, "top": 1, "num_format": FORMAT_ANDEL}),
        "grupp": bok.add_format({"bold": True}),
        "maskerat": bok.add_format({"align": "right"}),
        "not": bok.add_format({"italic": True, "font_color": "#555555"}),
        "text": bok.add_format({}),
    }
    for nummer, tabell in enumerate(tabeller, start=1):
        _skriv_blad(bok, format_, tabell, f"{nummer:02d} {tabell['rapport']}"[:31], alternativ)
    bok.close()
    return utdata.getvalue()


def _skriv_blad(bok, format_, tabell: dict, bladnamn: str, alternativ: Alternativ) -> None:
    visning = visa(tabell, alternativ)
    blad = bok.add_worksheet(bladnamn)
    blad.write_string(0, 0, ofarlig(tabell["titel"]), format_["titel"])
    blad.write(1, 0, f"{tabell['fran']} – {tabell['till']}")
    blad.set_column(0, 0, 42)
    blad.set_column(1, len(visning.kolumner), 13)
    rad_nr = 3
    blad.set_row(rad_nr, 45)
    blad.write_row(rad_nr, 0, ofarlig_rad(["", *visning.kolumner]), format_["rubrik"])
    for rad in visning.rader:
        rad_nr += 1
        summa = rad.slag in ("summa", "delsumma")
        etikettformat = format_["summa"] if summa else (format_["grupp"] if rad.slag == "grupp" else None)
        blad.write_string(rad_nr, 0, ofarlig(rad.etikett), etikettformat)
        for j, (cell, rubrik) in enumerate(zip(rad.celler, visning.kolumner), start=1):
            if cell.typ == "text":
                blad.write_string(rad_nr, j, ofarlig(cell.text))
            elif cell.varde is None:
                if cell.maskerad:
                    blad.write_string(rad_nr, j, MASKERAT, format_["maskerat"])
            elif cell.typ == "andel":
                blad.write_number(rad_nr, j, cell.varde / 100, format_["summa_andel" if summa else "andel"])
            elif cell.typ == "mal":
                if rubrik.endswith("(%)"):
                    blad.write_number(rad_nr, j, cell.varde / 100, format_["malandel"])
                else:
                    blad.write_number(rad_nr, j, cell.varde, format_["mal"])
            else:
                blad.write_number(rad_nr, j, cell.varde, format_["summa_antal" if summa else "antal"])
    rad_nr = _skriv_per_insats(blad, format_, tabell, rad_nr)
    rad_nr += 2
    for not_ in visning.noter:
        blad.write_string(rad_nr, 0, ofarlig(not_), format_["not"])
        rad_nr += 1
    figur = figur_for(tabell)
    if figur is not None:
        _diagram(bok, blad, bladnamn, format_, figur, kolumn=len(visning.kolumner) + 2, under=rad_nr + 1)


def _skriv_per_insats(blad, format_, tabell: dict, rad_nr: int) -> int:
    """The table's parts per insats (stegförflyttning) below it, as the page and the CSV file
    have them: a heading with the insats and its own column headings. Returns the last row."""
    typer = tabell["kolumntyper"]
    for del_ in tabell.get("per_insats", []):
        rad_nr += 2
        blad.write_string(rad_nr, 0, ofarlig(del_["insats"]), format_["grupp"])
        rad_nr += 1
        blad.write_row(rad_nr, 0, ofarlig_rad(["", *tabell["kolumner"]]), format_["rubrik"])
        for rad in [*del_["rader"], del_["summa"]]:
            rad_nr += 1
            summa = rad is del_["summa"]
            blad.write_string(rad_nr, 0, ofarlig(rad["etikett"]), format_["summa"] if summa else None)
            for j, (varde, typ) in enumerate(zip(rad["varden"], typer), start=1):
                if varde is None:
                    continue  # nothing applies: an empty cell, as in the CSV file
                if typ == "andel":
                    blad.write_number(rad_nr, j, varde / 100, format_["summa_andel" if summa else "andel"])
                else:
                    blad.write_number(rad_nr, j, varde, format_["summa_antal" if summa else "antal"])
    return rad_nr


def _diagram(bok, blad, bladnamn: str, format_, figur, *, kolumn: int, under: int) -> None:
    """A native chart of the figure, from a block of its own beside the table where a masked
    value is an empty cell: Excel leaves a gap there and labels it "..", never a 0."""
    blad.write_string(3, kolumn, ofarlig("Diagramunderlag"), format_["rubrik"])
    for s, serie in enumerate(figur.serier, start=1):
        blad.write_string(3, kolumn + s, ofarlig(serie.namn), format_["rubrik"])
    blad.set_column(kolumn, kolumn, 30)
    for k, kategori in enumerate(figur.kategorier, start=4):
        blad.write_string(k, kolumn, ofarlig(kategori))
        for s, serie in enumerate(figur.serier, start=1):
            varde = serie.varden[k - 4]
            if varde is not None and not serie.maskerade[k - 4]:
                if figur.andel:
                    blad.write_number(k, kolumn + s, varde / 100, format_["andel"])
                else:
                    blad.write_number(k, kolumn + s, varde, format_["antal"])
    forsta, sista = 4, 3 + len(figur.kategorier)
    typ = "bar" if figur.typ == "liggande" else "column"
    diagram = bok.add_chart({"type": typ, **({"subtype": "percent_stacked"} if figur.staplad else {})})
    for s, serie in enumerate(figur.serier, start=1):
        etiketter = {"value": True, "num_format": FORMAT_ANDEL if figur.andel else FORMAT_ANTAL}
        if any(serie.maskerade):
            etiketter["custom"] = [{"value": MASKERAT} if m else None for m in serie.maskerade]
        if figur.staplad:
            etiketter["position"] = "center"
            etiketter["font"] = {"color": "white"}
        diagram.add_series(
            {
                "name": [bladnamn, 3, kolumn + s],
                "categories": [bladnamn, forsta, kolumn, sista, kolumn],
                "values": [bladnamn, forsta, kolumn + s, sista, kolumn + s],
                "data_labels": etiketter,
                "gap": 60,
            }
        )
    diagram.show_blanks_as("gap")
    diagram.set_title({"none": True})
    diagram.set_legend({"position": "bottom"} if len(figur.serier) > 1 or figur.staplad else {"none": True})
    axel = {"name": figur.axelrubrik, "num_format": "0 %" if figur.andel else FORMAT_ANTAL}
    if figur.andel and not figur.staplad:
        axel |= {"min": 0}
    if figur.typ == "liggande":
        diagram.set_y_axis({"reverse": True})
        diagram.set_x_axis(axel)
    else:
        diagram.set_y_axis(axel)
    hojd = 360 if figur.typ == "stapel" else max(300, (18 * len(figur.serier) + 12) * len(figur.kategorier) + 120)
    diagram.set_size({"width": 760, "height": hojd})
    blad.insert_chart(under, 0, diagram)
