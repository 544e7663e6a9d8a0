"""Files of computed tables (the JSON shape of docs/regler.md §4): JSON, CSV, a zip of CSVs, Excel.

CSV is written for Swedish Excel: semicolon separated, decimal comma, UTF-8 with BOM. A
masked value (publication) is written "..", as in official Swedish statistics. The Excel
file has one sheet per table, with a native chart where the reports show a figure.
"""

import io
import json
import zipfile

import xlsxwriter

from finsam.kalkylblad import CsvSkrivare, ofarlig, ofarlig_rad

from .diagramspec import diagram_for

MASKERAT = ".."


def som_json(data) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2)


def _cell(varde) -> str:
    if varde is None:
        return MASKERAT
    if isinstance(varde, float):
        return f"{varde:.1f}".replace(".", ",")
    return str(varde)


def _tabellrader(tabell: dict) -> list[list[str]]:
    rader = [["", *tabell["kolumner"]]]
    for rad in [*tabell["rader"], tabell["summa"], *tabell["extrarader"]]:
        rader.append([rad["etikett"], *(_cell(v) for v in rad["varden"])])
    for del_ in tabell.get("per_insats", []):
        rader.append([])
        rader.append([del_["insats"], *tabell["kolumner"]])
        for rad in [*del_["rader"], del_["summa"]]:
            rader.append([rad["etikett"], *(_cell(v) for v in rad["varden"])])
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


def som_xlsx(tabeller: list[dict]) -> bytes:
    utdata = io.BytesIO()
    bok = xlsxwriter.Workbook(utdata, {"in_memory": True})
    format_ = {
        "titel": bok.add_format({"bold": True, "font_size": 13}),
        "rubrik": bok.add_format({"bold": True, "bottom": 1, "text_wrap": True, "valign": "bottom"}),
        "antal": bok.add_format({"num_format": "0"}),
        "andel": bok.add_format({"num_format": "0.0"}),
        "mal": bok.add_format({"num_format": "0", "italic": True}),
        "summa": bok.add_format({"bold": True, "top": 1}),
        "maskerat": bok.add_format({"align": "right"}),
        "not": bok.add_format({"italic": True, "font_color": "#555555"}),
    }
    for nummer, tabell in enumerate(tabeller, start=1):
        _skriv_blad(bok, format_, tabell, f"{nummer:02d} {tabell['rapport']}"[:31])
    bok.close()
    return utdata.getvalue()


def _skriv_blad(bok, format_, tabell: dict, bladnamn: str) -> None:
    blad = bok.add_worksheet(bladnamn)
    blad.write_string(0, 0, ofarlig(tabell["titel"]), format_["titel"])
    blad.write(1, 0, f"{tabell['fran']} – {tabell['till']}")
    blad.set_column(0, 0, 42)
    blad.set_column(1, len(tabell["kolumner"]), 13)
    rad_nr = 3
    blad.set_row(rad_nr, 45)
    blad.write_row(rad_nr, 0, ofarlig_rad(["", *tabell["kolumner"]]), format_["rubrik"])
    forsta_datarad = rad_nr + 1

    def skriv(rad: dict, summa: bool = False) -> None:
        nonlocal rad_nr
        rad_nr += 1
        blad.write_string(rad_nr, 0, ofarlig(rad["etikett"]), format_["summa"] if summa else None)
        for j, (varde, typ) in enumerate(zip(rad["varden"], tabell["kolumntyper"]), start=1):
            if varde is None:
                blad.write_string(rad_nr, j, MASKERAT if tabell["maskerad"] and typ != "mal" else "", format_["maskerat"])
            else:
                blad.write_number(rad_nr, j, varde, format_[typ])

    for rad in tabell["rader"]:
        skriv(rad)
    sista_datarad = rad_nr
    skriv(tabell["summa"], summa=True)
    for rad in tabell["extrarader"]:
        skriv(rad)
    for del_ in tabell.get("per_insats", []):
        rad_nr += 2
        blad.write_string(rad_nr, 0, ofarlig(del_["insats"]), format_["titel"])
        rad_nr += 1
        blad.write_row(rad_nr, 0, ofarlig_rad(["", *tabell["kolumner"]]), format_["rubrik"])
        for rad in del_["rader"]:
            skriv(rad)
        skriv(del_["summa"], summa=True)
    rad_nr += 2
    for not_ in tabell["noter"]:
        blad.write_string(rad_nr, 0, ofarlig(not_), format_["not"])
        rad_nr += 1

    spec = diagram_for(tabell)
    if spec is None or not tabell["rader"]:
        return
    diagram = bok.add_chart({"type": spec.typ, **({"subtype": "stacked"} if spec.staplad else {})})
    if spec.transponerad:
        kol1, kol2 = min(spec.serier) + 1, max(spec.serier) + 1
        for r in range(forsta_datarad, sista_datarad + 1):
            diagram.add_series(
                {
                    "name": [bladnamn, r, 0],
                    "categories": [bladnamn, forsta_datarad - 1, kol1, forsta_datarad - 1, kol2],
                    "values": [bladnamn, r, kol1, r, kol2],
                }
            )
    else:
        for j in spec.serier:
            diagram.add_series(
                {
                    "name": [bladnamn, forsta_datarad - 1, j + 1],
                    "categories": [bladnamn, forsta_datarad, 0, sista_datarad, 0],
                    "values": [bladnamn, forsta_datarad, j + 1, sista_datarad, j + 1],
                }
            )
    diagram.set_title({"name": tabell["titel"]})
    diagram.set_legend({"position": "bottom"} if len(spec.serier) > 1 or spec.transponerad else {"none": True})
    if spec.typ == "bar":
        diagram.set_y_axis({"reverse": True})
        diagram.set_x_axis({"name": spec.y_rubrik})
    else:
        diagram.set_y_axis({"name": spec.y_rubrik})
    diagram.set_size({"width": 720, "height": 360 if spec.typ == "column" else max(320, 26 * len(tabell["rader"]) + 120)})
    blad.insert_chart(rad_nr + 1, 0, diagram)
