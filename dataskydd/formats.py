"""A registerutdrag as documents for the person it is about: the page, a PDF and a workbook, with
labels, names instead of codes and Swedish dates (issue 13). The JSON download keeps the
service's machine-readable form (ISO dates, stored values) for data portability."""

import datetime
import io

from django.utils.text import capfirst
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from deltagare.andringar import TOM, Oversattare
from deltagare.models import Deltagare
from finsam.datum import datum, tidpunkt
from finsam.kalkylblad import ofarlig_rad


def _svensk_tid(text: str) -> str:
    """An ISO date or timestamp from the service as people read it; other text unchanged."""
    if not text:
        return TOM
    try:
        if "T" in text:
            return tidpunkt(datetime.datetime.fromisoformat(text))
        return datum(datetime.date.fromisoformat(text))
    except ValueError:
        return text


def _etikett(falt: str) -> str:
    # The service writes str.capitalize() labels ("Deltagar-id"); a document keeps "Deltagar-ID".
    for f in Deltagare._meta.get_fields():
        namn = getattr(f, "verbose_name", None)
        if namn and str(namn).capitalize() == falt:
            return str(capfirst(namn))
    return falt


def lasbart(utdrag: dict) -> dict:
    """The service's registerutdrag with Swedish dates and the history's changes as
    (uppgift, före, efter) rows with labels and code-list names."""
    oversattare = Oversattare()
    historik = None
    if utdrag["historik"] is not None:
        historik = []
        for h in utdrag["historik"]:
            andringar = [
                {"falt": a.falt, "fore": a.fran, "efter": a.till}
                for a in oversattare.andringar_for(Deltagare, h["andringar"])
                if not (a.fran == TOM and a.till == TOM)  # an empty field on creation
            ]
            historik.append({"tid": _svensk_tid(h["tid"]), "handelse": h["handelse"], "av": h["av"] or TOM, "andringar": andringar})
    return {
        "insats": utdrag["insats"],
        "deltagar_id": utdrag["deltagar_id"],
        "skapat": _svensk_tid(utdrag["skapat"]),
        "skapat_av": utdrag["skapat_av"],
        "uppgifter": [{"falt": _etikett(r["falt"]), "varde": _svensk_tid(r["varde"]) if r["varde"] else TOM} for r in utdrag["uppgifter"]],
        "uppfoljningar": [
            {
                "manader": u["manader"],
                "planerad": _svensk_tid(u["planerad"]),
                "utford": _svensk_tid(u["utford"]) if u["utford"] else _("ej utförd"),
                "resultat": u.get("resultat") or TOM,
                "utford_av": u["utford_av"] or TOM,
            }
            for u in utdrag["uppfoljningar"]
        ],
        "historik": historik,
    }


def _andringstext(h: dict) -> str:
    return "; ".join(
        f"{a['falt']}: {a['efter']}" if a["fore"] == TOM else f"{a['falt']}: {a['fore']} till {a['efter']}"
        for a in h["andringar"]
    )


def utdrag_som_xlsx(utdrag: dict) -> bytes:
    """A registerutdrag as a workbook a person can read: data, follow-ups, history."""
    u = lasbart(utdrag)
    wb = Workbook()
    ws = wb.active
    ws.title = "Uppgifter"
    ws.append(ofarlig_rad(["Registerutdrag", f"{u['insats']} / {u['deltagar_id']}"]))
    ws.append(ofarlig_rad(["Skapat", u["skapat"]]))
    ws.append(ofarlig_rad([]))
    ws.append(ofarlig_rad(["Uppgift", "Värde"]))
    for rad in u["uppgifter"]:
        ws.append(ofarlig_rad([rad["falt"], rad["varde"]]))
    uppf = wb.create_sheet("Uppföljningar")
    uppf.append(ofarlig_rad(["Månader", "Planerad", "Uppföljd", "Resultat", "Utförd av"]))
    for rad in u["uppfoljningar"]:
        uppf.append(ofarlig_rad([rad["manader"], rad["planerad"], rad["utford"], rad["resultat"], rad["utford_av"]]))
    if u["historik"] is None:
        return _spara(wb)
    hist = wb.create_sheet("Historik")
    hist.append(ofarlig_rad(["Tid", "Händelse", "Av", "Ändringar"]))
    for h in u["historik"]:
        hist.append(ofarlig_rad([h["tid"], h["handelse"], h["av"], _andringstext(h)]))
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


def utdrag_som_pdf(utdrag: dict) -> bytes:
    """A registerutdrag as an A4 PDF to hand over or send (reportlab, no browser needed)."""
    from xml.sax.saxutils import escape

    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    u = lasbart(utdrag)
    stil = getSampleStyleSheet()
    text = stil["BodyText"]
    rubrik = stil["Heading2"]
    rubrik.keepWithNext = 1  # a heading never ends a page alone

    def p(varde) -> Paragraph:
        return Paragraph(escape(str(varde)), text)

    def tabell(rader: list[list], bredder: list[float]) -> Table:
        t = Table([[p(c) for c in rad] for rad in rader], colWidths=bredder, repeatRows=1)
        t.setStyle(
            TableStyle(
                [
                    ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8eef4")),
                    ("GRID", (0, 0), (-1, -1), 0.4, colors.HexColor("#9aa5b1")),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ]
            )
        )
        return t

    buffer = io.BytesIO()
    dokument = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=18 * mm,
        rightMargin=18 * mm,
        topMargin=18 * mm,
        bottomMargin=18 * mm,
        title=_("Registerutdrag %(id)s") % {"id": u["deltagar_id"]},
        author=_("Samordningsförbundet Stockholms stad"),
        lang="sv",
    )
    bredd = dokument.width
    innehall = [
        Paragraph(escape(_("Registerutdrag")), stil["Title"]),
        p(_("Allt som Deltagaruppföljning innehåller om deltagaren, enligt dataskyddsförordningen artikel 15.")),
        Spacer(1, 4 * mm),
        tabell(
            [
                [_("Insats"), u["insats"]],
                [_("Deltagar-ID"), u["deltagar_id"]],
                [_("Utdraget skapat"), u["skapat"]],
                [_("Skapat av"), u["skapat_av"] or TOM],
            ],
            [bredd * 0.35, bredd * 0.65],
        ),
        Paragraph(escape(_("Uppgifter")), rubrik),
        tabell([[_("Uppgift"), _("Värde")]] + [[r["falt"], r["varde"]] for r in u["uppgifter"]], [bredd * 0.45, bredd * 0.55]),
        Paragraph(escape(_("Uppföljningar")), rubrik),
    ]
    if u["uppfoljningar"]:
        innehall.append(
            tabell(
                [[_("Månader efter start"), _("Planerad"), _("Uppföljd"), _("Resultat"), _("Utförd av")]]
                + [[r["manader"], r["planerad"], r["utford"], r["resultat"], r["utford_av"]] for r in u["uppfoljningar"]],
                [bredd * 0.15, bredd * 0.18, bredd * 0.18, bredd * 0.27, bredd * 0.22],
            )
        )
    else:
        innehall.append(p(_("Inga uppföljningar.")))
    innehall.append(Paragraph(escape(_("Historik")), rubrik))
    if u["historik"] is None:
        innehall.append(p(_("Ändringshistoriken tas med när en administratör tar fram utdraget.")))
    else:
        innehall.append(
            tabell(
                [[_("Tid"), _("Händelse"), _("Av"), _("Ändringar")]]
                + [[h["tid"], h["handelse"], h["av"], _andringstext(h) or TOM] for h in u["historik"]],
                [bredd * 0.22, bredd * 0.14, bredd * 0.16, bredd * 0.48],
            )
        )
    dokument.build(innehall)
    return buffer.getvalue()


