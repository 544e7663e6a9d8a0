"""Real files for the tests: .xlsx written by openpyxl (date cells as Excel dates) and .csv."""

import csv
import datetime
import io

from openpyxl import Workbook

from ..kolumner import RUBRIKER

GILTIG = {
    "Insats": "Aktivitetsplatsen",
    "Deltagar-ID": "AP-1",
    "Samtycke": "Ja",
    "Kön": "Kvinna",
    "Juridiskt kön": "",
    "Födelseår": 1990,
    "Utbildning": "Gymnasieutbildning",
    "Tid utan arbete": "1–2 år",
    "Försörjning vid start": "Sjukpenning",
    "Anmälande part": "Försäkringskassan",
    "Stadsdel": "Järva",
    "Startdatum": datetime.date(2025, 2, 3),
    "Slutdatum": None,
    "Avslutsorsak": "",
    "Försörjning vid avslut": "",
    "Lots": "Nej",
    "Arbetsträning": "Nej",
}
ANONYM = {
    **GILTIG,
    "Samtycke": "Nej",
    "Födelseår": None,
    "Utbildning": "",
    "Tid utan arbete": "",
    "Försörjning vid start": "",
    "Anmälande part": "",
    "Stadsdel": "",
}


def rad(**andringar) -> dict:
    """A valid row with consent; keyword names are headers with spaces/dashes as underscores
    (e.g. Deltagar_ID, Startdatum), or pass a dict via rad(**{"Juridiskt kön": "Man"})."""
    data = dict(GILTIG)
    for nyckel, varde in andringar.items():
        rubrik = next((r for r in RUBRIKER if r.replace(" ", "_").replace("-", "_") == nyckel), nyckel)
        data[rubrik] = varde
    return data


def xlsx(rader: list[dict], rubriker=RUBRIKER) -> bytes:
    bok = Workbook()
    blad = bok.active
    blad.append(list(rubriker))
    for data in rader:
        blad.append([data.get(rubrik) for rubrik in rubriker])
    for kolumn in blad.iter_cols(min_row=2):
        for cell in kolumn:
            if isinstance(cell.value, datetime.date):
                cell.number_format = "yyyy-mm-dd"
    utdata = io.BytesIO()
    bok.save(utdata)
    return utdata.getvalue()


def csv_fil(rader: list[dict], rubriker=RUBRIKER, avgransare=";", kodning="utf-8-sig") -> bytes:
    text = io.StringIO()
    skrivare = csv.writer(text, delimiter=avgransare)
    skrivare.writerow(rubriker)
    for data in rader:
        skrivare.writerow(
            [
                v.isoformat() if isinstance(v, datetime.date) else ("" if v is None else v)
                for v in (data.get(rubrik) for rubrik in rubriker)
            ]
        )
    return text.getvalue().encode(kodning)


# --- Workbooks written part by part, for the reader's edge cases and the bombs -----------------

NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELNS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def bygg_xlsx(
    blad: list[tuple[str, object]],
    *,
    delade: list[str] | None = None,
    stilar: str | None = None,
    dolda: tuple[str, ...] = (),
    datum1904: bool = False,
) -> bytes:
    """An xlsx from its parts: each sheet's XML as bytes, or as an iterable of byte chunks
    (streamed into the zip, so a bomb of hundreds of megabytes costs no memory here)."""
    import zipfile

    ut = io.BytesIO()
    with zipfile.ZipFile(ut, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/></Types>',
        )
        z.writestr(
            "_rels/.rels",
            '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{RELNS}/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        )
        dolt = ' state="hidden"'
        ark = "".join(
            f'<sheet name="{namn}" sheetId="{i + 1}" r:id="rId{i + 1}"{dolt if namn in dolda else ""}/>'
            for i, (namn, _xml) in enumerate(blad)
        )
        forsta = ' date1904="1"' if datum1904 else ""
        z.writestr(
            "xl/workbook.xml",
            f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{NS}" xmlns:r="{RELNS}">'
            f"<workbookPr{forsta}/><sheets>{ark}</sheets></workbook>",
        )
        rels = [
            f'<Relationship Id="rId{i + 1}" Type="{RELNS}/worksheet" Target="worksheets/sheet{i + 1}.xml"/>'
            for i in range(len(blad))
        ]
        if delade is not None:
            rels.append(f'<Relationship Id="rIdS" Type="{RELNS}/sharedStrings" Target="sharedStrings.xml"/>')
            with z.open("xl/sharedStrings.xml", "w", force_zip64=True) as del_:
                del_.write(f'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="{NS}">'.encode())
                for text in delade:
                    del_.write(f"<si><t>{text}</t></si>".encode())
                del_.write(b"</sst>")
        if stilar is not None:
            rels.append(f'<Relationship Id="rIdT" Type="{RELNS}/styles" Target="styles.xml"/>')
            z.writestr("xl/styles.xml", f'<?xml version="1.0" encoding="UTF-8"?><styleSheet xmlns="{NS}">{stilar}</styleSheet>')
        z.writestr(
            "xl/_rels/workbook.xml.rels",
            '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            + "".join(rels)
            + "</Relationships>",
        )
        for i, (_namn, xml) in enumerate(blad):
            with z.open(f"xl/worksheets/sheet{i + 1}.xml", "w", force_zip64=True) as del_:
                for bit in [xml] if isinstance(xml, bytes) else xml:
                    del_.write(bit)
    return ut.getvalue()


def bladxml(rader: str, *, dimension: str | None = None, prefix: str = "") -> bytes:
    p = f"{prefix}:" if prefix else ""
    xmlns = f'xmlns:{prefix}="{NS}"' if prefix else f'xmlns="{NS}"'
    dim = f'<{p}dimension ref="{dimension}"/>' if dimension else ""
    return f'<?xml version="1.0" encoding="UTF-8"?><{p}worksheet {xmlns}>{dim}<{p}sheetData>{rader}</{p}sheetData></{p}worksheet>'.encode()


def inline(ref: str, text: str) -> str:
    return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'


def rubrikrad(rubriker=RUBRIKER) -> str:
    from openpyxl.utils import get_column_letter

    return '<row r="1">' + "".join(inline(f"{get_column_letter(i + 1)}1", r) for i, r in enumerate(rubriker)) + "</row>"


def dimensionsbomb() -> bytes:
    """The 1.8 KB file of finding 1: one header row and one cell at XFD1048576."""
    return bygg_xlsx([("Deltagare", bladxml(rubrikrad() + '<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>', dimension="A1:XFD1048576"))])


def zipbomb(megabyte: int = 300) -> bytes:
    """A valid workbook whose sheet unpacks to hundreds of megabytes of whitespace."""

    def delar():
        yield bladxml(rubrikrad())[:-len("</sheetData></worksheet>")]
        noll = b" " * (1024 * 1024)
        for _ in range(megabyte):
            yield noll
        yield b"</sheetData></worksheet>"

    return bygg_xlsx([("Deltagare", delar())])


def kolumnbomb_csv(kolumner: int = 4_000_000) -> bytes:
    """Finding 2: an 8 MB CSV with four million columns."""
    return ("x;" * kolumner + "\n").encode()
