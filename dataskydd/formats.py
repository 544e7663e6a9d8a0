import io

from openpyxl import Workbook
from openpyxl.styles import Font

from finsam.kalkylblad import ofarlig_rad


def utdrag_som_xlsx(utdrag: dict) -> bytes:
    """A registerutdrag as a workbook a person can read: data, follow-ups, history."""
    wb = Workbook()
    ws = wb.active
    ws.title = "Uppgifter"
    ws.append(ofarlig_rad(["Registerutdrag", f"{utdrag['insats']} / {utdrag['deltagar_id']}"]))
    ws.append(ofarlig_rad(["Skapat", utdrag["skapat"]]))
    ws.append(ofarlig_rad([]))
    ws.append(ofarlig_rad(["Uppgift", "Värde"]))
    for rad in utdrag["uppgifter"]:
        ws.append(ofarlig_rad([rad["falt"], rad["varde"]]))
    uppf = wb.create_sheet("Uppföljningar")
    uppf.append(ofarlig_rad(["Månader", "Planerad", "Uppföljd", "Resultat", "Utförd av"]))
    for u in utdrag["uppfoljningar"]:
        uppf.append(ofarlig_rad([u["manader"], u["planerad"], u["utford"], u["resultat"], u["utford_av"]]))
    if utdrag["historik"] is None:
        return _spara(wb)
    hist = wb.create_sheet("Historik")
    hist.append(ofarlig_rad(["Tid", "Händelse", "Av", "Ändringar"]))
    for h in utdrag["historik"]:
        andringar = "; ".join(f"{k}: {v[0]} → {v[1]}" for k, v in (h["andringar"] or {}).items())
        hist.append(ofarlig_rad([h["tid"], h["handelse"], h["av"], andringar]))
    return _spara(wb)


def _spara(wb: Workbook) -> bytes:
    for sheet in wb.worksheets:
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        sheet.column_dimensions["A"].width = 34
        sheet.column_dimensions["B"].width = 50
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
