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
