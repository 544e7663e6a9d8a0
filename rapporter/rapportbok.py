"""The report book (docs/regler.md §4): the period's tables and figures as a Word document in
the order and form of the association's reports, so that the kansli writes only the prose.

A half-year gives the half-year set (flow, participants, started, ended, exit reasons, as in
halvårsrapport 2025); a whole calendar year the annual set (the same overview, exit groups, and
per insats: förväntat resultat against the outcome, exit reasons by kön, education and age).
Tables and figures have numbered captions ("Tabell N.", "Figur N."), the tables' notes are
footnotes, figures are drawn at print resolution, and marked paragraphs show where the
kansli's text goes. Every number comes from one computation of the period's publication
(``berakna_alla``): the book, the page and the Excel file of the same choices share one masking
pattern.
"""

import io

from django.utils import timezone
from django.utils.translation import gettext as _
from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_COLOR_INDEX
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls
from docx.shared import Cm, Pt, RGBColor

from finsam.kalkylblad import ofarlig

from . import berakna_alla
from .alternativ import Alternativ
from .figurer import figur_for, png
from .perioder import ar_helar, periodtext
from .visning import Visningstabell, deltabell, visa

INNEHALLSTYP_FOTNOTER = "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"
TEXTBREDD = Cm(16)


def rapportbok(*, fran, till, insatser=None, alternativ: Alternativ | None = None) -> bytes:
    alternativ = alternativ or Alternativ()
    tabeller = {t["rapport"]: t for t in berakna_alla(fran=fran, till=till, insatser=insatser, alternativ=alternativ)}
    bok = Bok(alternativ, periodtext(fran, till))
    bok.titelsida(fran, till, insatser)
    if ar_helar(fran, till):
        _arssamling(bok, tabeller)
    else:
        _halvarssamling(bok, tabeller)
    return bok.spara()


# --- the two sets --------------------------------------------------------------------------


def _halvarssamling(bok: "Bok", t: dict) -> None:
    bok.rubrik(_("Individinriktade insatser"), 1)
    bok.kansliets_text(_("Inledning: insatserna under perioden."))
    bok.rubrik(_("Deltagare under perioden"), 2)
    bok.kansliets_text(_("Sammanfattning av flödet: kvar från föregående period, började, avslutade, kvar."))
    bok.figur(t["flode"], _("Flödet av antal deltagare, %(period)s"))
    bok.tabell(t["aktiva"], _("Fördelningen av deltagare och kön per insats, %(period)s"), esf=True)
    bok.figur(t["aktiva"], _("Fördelningen av deltagare och kön per insats, %(period)s"))
    bok.kansliets_text(_("Kommentar om antalet deltagare i förhållande till förväntat resultat."))
    bok.rubrik(_("Deltagare som började en insats"), 2)
    bok.tabell(t["borjade"], _("Antal deltagare som började en insats, per insats och kön, %(period)s"))
    bok.figur(t["borjade"], _("Antal deltagare som började en insats, per insats och kön, %(period)s"))
    bok.rubrik(_("Deltagare som avslutade en insats"), 2)
    bok.kansliets_text(_("Kommentar om avslutsorsakerna och vart deltagarna gick vidare."))
    bok.avslutsorsaker(t["avslutsorsak"])
    bok.figur(t["avslutsorsak-kon"], _("Avslutsorsaker för de avslutade deltagarna, totalt och uppdelat på kön, %(period)s"))
    bok.tabell(t["avslutade"], _("Antal avslutade deltagare per insats och kön, %(period)s"))
    bok.tabell(
        t["avslutsorsak"],
        _("Avslutsorsaker för de avslutade deltagarna per insats, %(period)s"),
        utan=["Andel (%)"],
        summa=_("Totalt avslutade"),
    )
    bok.tabell(t["arbete-studier-kon"], _("Avslutade till arbete eller studier efter kön, %(period)s"))
    bok.tabell(t["avslutsorsak-insats-kon"], _("Avslutsorsaker per insats och kön, %(period)s"))
    bok.rubrik(_("Utmaningar och framgångar från projektledarna"), 2)
    bok.kansliets_text(_("Projektledarnas svar per insats."))


def _arssamling(bok: "Bok", t: dict) -> None:
    arsform = {"totalt_forst": True}
    bok.rubrik(_("Individinriktade insatser"), 1)
    bok.kansliets_text(_("Inledning: insatserna under året."))
    bok.figur(t["flode"], _("Flödet av antal deltagare, %(period)s"))
    bok.tabell(t["aktiva"], _("Deltagare per insats och kön, %(period)s"), esf=True, **arsform)
    bok.tabell(t["borjade"], _("Deltagare som började en insats, per insats och kön, %(period)s"), **arsform)
    bok.tabell(t["avslutade"], _("Avslutade deltagare per insats och kön, %(period)s"), **arsform)
    bok.tabell(t["avslutsgrupp"], _("Avslutade per insats och avslutsgrupp, %(period)s"), n_andel=True, **arsform)
    bok.figur(t["avslutsgrupp"], _("Avslutsgrupper per insats, %(period)s"))
    bok.tabell(t["arbete-studier-kon"], _("Avslutade till arbete eller studier efter kön, %(period)s"))
    bok.kansliets_text(_("Kommentar om resultaten för året."))
    for insats in t["aktiva"]["rader"]:
        _per_insats(bok, t, insats)


def _per_insats(bok: "Bok", t: dict, insats: dict) -> None:
    namn, kort = insats["etikett"], insats.get("kort_etikett") or insats.get("kortnamn")
    bok.rubrik(namn, 2)
    bok.kansliets_text(_("Beskrivning av insatsen och projektledarens svar."))
    mal = _malrader(t["malupfyllelse"], insats["kortnamn"])
    if mal is not None:
        bok.tabell(mal, _("Förväntat resultat och utfall för %(insats)s, %%(period)s") % {"insats": namn})
    orsaker = _rader_for(t["avslutsorsak-insats-kon"], namn)
    if orsaker is not None:
        bok.tabell(orsaker, _("Avslutsorsaker för %(insats)s, %%(period)s") % {"insats": namn}, n_andel=True)
    for rapport, rubrik in (("utbildning-insats", _("Utbildning")), ("aldersgrupp-insats", _("Åldersgrupp"))):
        del_ = _kolumn_for(t[rapport], kort)
        if del_ is not None:
            text = _("%(vad)s vid start för %(insats)s, %%(period)s") % {"vad": rubrik, "insats": namn}
            bok.tabell(del_, text, n_andel=True)
            bok.figur(del_, text)


# --- parts of tables for one insats ----------------------------------------------------------


def _rader_for(tabell: dict, insats: str) -> dict | None:
    """One insats' exit reasons by kön (its rows and its subtotal)."""
    rader = [(("r", i), r) for i, r in enumerate(tabell["rader"]) if r.get("insats") == insats]
    total = next(
        (("e", k) for k, e in enumerate(tabell["extrarader"]) if e.get("av_rader") and [("r", i) for i in e["av_rader"]] == [lin for lin, _r in rader]),
        None,
    )
    if not rader or total is None:
        return None
    return deltabell(tabell, rader, total, list(range(len(tabell["kolumner"]))), titel=tabell["titel"])


def _kolumn_for(tabell: dict, kortnamn: str) -> dict | None:
    """One insats' column of a code × insats table, with its shares of the known answers."""
    if kortnamn not in tabell["kolumner"]:
        return None
    j = tabell["kolumner"].index(kortnamn)
    rader = [(("r", i), r) for i, r in enumerate(tabell["rader"])]
    extrarader = [("e", 0)] if any(r.get("saknas") for r in tabell["rader"]) else []
    del_ = deltabell(tabell, rader, ("s",), [j], titel=tabell["titel"], extrarader=extrarader)
    del_["kolumner"] = [_("Totalt")]
    # Shares of the column, from its published counts: a masked count or base shows none.
    bas = del_["extrarader"][0]["varden"][0] if extrarader else del_["summa"]["varden"][0]
    minsta = (tabell.get("maskering") or {}).get("minsta_bas_for_andel", 1)
    maskerade = {tuple(c) for c in del_["maskerade_celler"]}
    for linje, rad in [(("r", i), r) for i, r in enumerate(del_["rader"])] + [(("e", 0), e) for e in del_["extrarader"]]:
        antal = rad["varden"][0]
        kand = not rad.get("saknas")
        andel = round(100 * antal / bas, 1) if kand and antal is not None and bas and bas >= minsta else None
        rad["varden"].append(andel)
        if andel is None and kand and (antal is None or bas is None or (bas and bas < minsta)) and tabell.get("publicering"):
            maskerade.add((*linje, 1))
    del_["summa"]["varden"].append(None)
    del_["kolumner"].append(_("Totalt (%)"))
    del_["kolumntyper"].append("andel")
    del_["andel_av"] = [None, 0]
    del_["maskerade_celler"] = [list(c) for c in sorted(maskerade)]
    # Drop rows nobody of the insats is in (they show in the table of all insatser).
    behall = [i for i, r in enumerate(del_["rader"]) if r["varden"][0] != 0]
    if len(behall) != len(del_["rader"]):
        omnumrering = {gammal: ny for ny, gammal in enumerate(behall)}
        del_["rader"] = [del_["rader"][i] for i in behall]
        del_["maskerade_celler"] = [
            ["r", omnumrering[c[1]], c[2]] if c[0] == "r" else c
            for c in del_["maskerade_celler"]
            if c[0] != "r" or c[1] in omnumrering
        ]
        del_["extrarader"] = [
            e | {"av_rader": [omnumrering[i] for i in e["av_rader"] if i in omnumrering]} if e.get("av_rader") else e
            for e in del_["extrarader"]
        ]
    return del_ if del_["rader"] else None


def _malrader(tabell: dict, kortnamn: str) -> dict | None:
    """Förväntat resultat against the outcome of one insats, as the annual report has it: a row
    per goal of table 14 (and the share of women where the goal has one), target beside
    outcome, hidden where the publication hides the outcome."""
    kolumn = {rubrik: j for j, rubrik in enumerate(tabell["kolumner"])}
    maskerade = {tuple(c) for c in tabell.get("maskerade_celler", [])}
    rader: list[dict] = []
    nya_maskerade: list[list] = []

    def lagg_till(etikett: str, forvantat, i: int, utfall: str) -> None:
        j = kolumn[utfall]
        rader.append({"etikett": etikett, "varden": [forvantat, tabell["rader"][i]["varden"][j]]})
        if ("r", i, j) in maskerade:
            nya_maskerade.append(["r", len(rader) - 1, 1])

    for i, rad in enumerate(tabell["rader"]):
        if rad.get("kortnamn") != kortnamn or not rad.get("mal_id"):
            continue
        varde = dict(zip(tabell["kolumner"], rad["varden"]))
        vad = _("Antal deltagare") if rad.get("slag") == "deltagare" else rad["etikett"].split(" – ", 1)[-1]
        if rad.get("slag") == "kvalitativt":
            bedomning = rad.get("bedomning")
            rader.append({"etikett": f"{vad}: {bedomning}" if bedomning else vad, "varden": [None, None]})
            continue
        if varde["Förväntat antal"] is not None:
            lagg_till(vad, varde["Förväntat antal"], i, "Utfall")
        if varde["Förväntad andel (%)"] is not None:
            lagg_till(_("%(vad)s, andel (%%)") % {"vad": vad}, varde["Förväntad andel (%)"], i, "Andel (%)")
        if varde["Förväntad andel kvinnor (%)"] is not None:
            lagg_till(_("Andel kvinnor (%)"), varde["Förväntad andel kvinnor (%)"], i, "Andel kvinnor (%)")
    if not rader:
        return None
    return {
        "rapport": "malupfyllelse",
        "titel": tabell["titel"],
        "kolumner": [_("Förväntat"), _("Utfall")],
        "kolumntyper": ["mal", "mal"],
        "andel_av": [None, None],
        "rader": rader,
        "summa": None,
        "extrarader": [],
        "noter": tabell["noter"],
        "publicering": tabell.get("publicering", False),
        "maskerade_celler": nya_maskerade,
    }


# --- the document ----------------------------------------------------------------------------


class Bok:
    def __init__(self, alternativ: Alternativ, period: str):
        self.alternativ = alternativ.med(korta_etiketter=True)
        self.period = period
        self.dokument = Document()
        self.tabellnummer = 0
        self.figurnummer = 0
        self.fotnoter: list[str] = []
        self._noterade: dict[str, int] = {}
        stil = self.dokument.styles["Normal"]
        stil.font.name = "Arial"
        stil.font.size = Pt(10.5)
        for sektion in self.dokument.sections:
            sektion.left_margin = sektion.right_margin = Cm(2.5)
        self.platshallare = self.dokument.styles.add_style("Kansliets text", 1)
        self.platshallare.base_style = stil
        self.platshallare.font.italic = True
        self.platshallare.font.color.rgb = RGBColor(0x5A, 0x5A, 0x5A)

    def titelsida(self, fran, till, insatser) -> None:
        self.dokument.core_properties.title = _("Rapportbok %(period)s") % {"period": self.period}
        self.dokument.core_properties.author = "Deltagaruppföljning"
        self.dokument.add_heading(_("Rapportbok: individinriktade insatser %(period)s") % {"period": self.period}, 0)
        rader = [
            _("Period: %(fran)s – %(till)s") % {"fran": fran.isoformat(), "till": till.isoformat()},
            _("Insatser: %(insatser)s")
            % {"insatser": ", ".join(i.namn for i in insatser) if insatser else _("alla med deltagare under perioden")},
            _("Framtagen %(dag)s ur Deltagaruppföljning.") % {"dag": timezone.localdate().isoformat()},
        ]
        if self.alternativ.publicering:
            rader.append(
                _("För publicering: antal under %(grans)s och andelar på baser under %(bas)s visas inte (..).")
                % {"grans": self.alternativ.grans, "bas": self.alternativ.bas}
            )
        for rad in rader:
            self.dokument.add_paragraph(ofarlig(rad))
        self.kansliets_text(_("Sammanfattning av perioden."))

    def rubrik(self, text: str, niva: int) -> None:
        self.dokument.add_heading(ofarlig(text), niva)

    def kansliets_text(self, vad: str) -> None:
        """A marked place for the kansli's prose."""
        stycke = self.dokument.add_paragraph(style=self.platshallare)
        kortning = stycke.add_run(_("[Kansliets text: %(vad)s]") % {"vad": vad})
        kortning.font.highlight_color = WD_COLOR_INDEX.YELLOW

    def _bildtext(self, slag: str, nummer: int, text: str, noter: list[str]) -> None:
        stycke = self.dokument.add_paragraph(style="Caption")
        stycke.paragraph_format.keep_with_next = True
        kortning = stycke.add_run(f"{slag} {nummer}. ")
        kortning.bold = True
        stycke.add_run(ofarlig(text % {"period": self.period}))
        for not_ in noter:
            if not_ not in self._noterade:
                self.fotnoter.append(not_)
                self._noterade[not_] = len(self.fotnoter)
                self._fotnotsreferens(stycke, len(self.fotnoter))

    def _fotnotsreferens(self, stycke, nummer: int) -> None:
        stycke._p.append(
            parse_xml(
                f'<w:r {nsdecls("w")}><w:rPr><w:vertAlign w:val="superscript"/></w:rPr>'
                f'<w:footnoteReference w:id="{nummer}"/></w:r>'
            )
        )

    def tabell(self, tabell: dict, text: str, *, utan=(), summa: str | None = None, **form) -> None:
        if utan:
            behall = [j for j, k in enumerate(tabell["kolumner"]) if k not in utan]
            linjer = [(("r", i), r) for i, r in enumerate(tabell["rader"])]
            tabell = deltabell(
                tabell,
                linjer,
                ("s",),
                behall,
                titel=tabell["titel"],
                extrarader=[("e", k) for k in range(len(tabell["extrarader"]))],
            )
        visning = visa(tabell, self.alternativ.med(**form))
        if summa:
            for rad in visning.rader:
                if rad.slag == "summa":
                    rad.etikett = summa
        self.tabellnummer += 1
        self._bildtext(_("Tabell"), self.tabellnummer, text, visning.noter)
        self._skriv_tabell(visning)

    def _skriv_tabell(self, visning: Visningstabell) -> None:
        bredd = len(visning.kolumner) + 1
        tabell = self.dokument.add_table(rows=1, cols=bredd)
        tabell.style = "Table Grid"
        tabell.alignment = WD_TABLE_ALIGNMENT.CENTER
        rubriker = tabell.rows[0].cells
        for j, text in enumerate(["", *visning.kolumner]):
            self._cell(rubriker[j], text, fet=True, hoger=j > 0)
        for rad in visning.rader:
            celler = tabell.add_row().cells
            fet = rad.slag in ("summa", "delsumma", "grupp")
            self._cell(celler[0], rad.etikett, fet=fet)
            if rad.slag == "grupp":
                celler[0].merge(celler[-1])
                continue
            for j, cell in enumerate(rad.celler, start=1):
                self._cell(celler[j], cell.text, fet=fet, hoger=cell.typ != "text")
        # Labels get room first; the numbers share the rest of the text width.
        forsta = min(7.0, max(4.5, 16.0 - 2.2 * (bredd - 1))) if bredd > 1 else 16.0
        tabell.autofit = False
        for j, kolumn in enumerate(tabell.columns):
            kolumn.width = Cm(forsta) if j == 0 else Cm((16.0 - forsta) / max(1, bredd - 1))
            for cell in kolumn.cells:
                cell.width = kolumn.width
        if len(tabell.rows) <= 25:
            # A short table stays on one page with its caption.
            for rad in tabell.rows[:-1]:
                for cell in rad.cells:
                    for stycke in cell.paragraphs:
                        stycke.paragraph_format.keep_with_next = True
        self.dokument.add_paragraph()

    def _cell(self, cell, text: str, *, fet: bool = False, hoger: bool = False) -> None:
        stycke = cell.paragraphs[0]
        stycke.paragraph_format.space_after = Pt(0)
        if hoger:
            stycke.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        kortning = stycke.add_run(ofarlig(text))
        kortning.font.size = Pt(9)
        kortning.bold = fet

    def figur(self, tabell: dict, text: str) -> None:
        figur = figur_for(tabell)
        if figur is None:
            return
        self.figurnummer += 1
        self._bildtext(_("Figur"), self.figurnummer, text, figur.noter)
        self.dokument.add_picture(io.BytesIO(png(figur, dpi=300)), width=TEXTBREDD)
        self.dokument.add_paragraph()

    def avslutsorsaker(self, tabell: dict) -> None:
        """The description of the exit reasons of the period's list(s), as in the report."""
        from deltagare.models import Avslutsorsak

        visade = {r["etikett"] for r in tabell["rader"]}
        orsaker = [o for o in Avslutsorsak.objects.all() if o.namn in visade and o.beskrivning]
        if not orsaker:
            return
        self.dokument.add_paragraph(_("Beskrivning av avslutsorsakerna")).runs[0].bold = True
        beskrivning = self.dokument.add_table(rows=0, cols=2)
        beskrivning.style = "Table Grid"
        for orsak in orsaker:
            celler = beskrivning.add_row().cells
            self._cell(celler[0], orsak.namn)
            self._cell(celler[1], orsak.beskrivning)
        self.dokument.add_paragraph()

    def spara(self) -> bytes:
        if self.fotnoter:
            self._fotnotsdel()
        utdata = io.BytesIO()
        self.dokument.save(utdata)
        return utdata.getvalue()

    def _fotnotsdel(self) -> None:
        """Word footnotes: a footnotes part the default template lacks (python-docx writes
        references but not the part), with the two separators Word expects."""
        delar = [
            f'<w:footnotes {nsdecls("w")}>',
            '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>',
            '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/></w:r></w:p></w:footnote>',
        ]
        for nummer, text in enumerate(self.fotnoter, start=1):
            delar.append(
                f'<w:footnote w:id="{nummer}"><w:p><w:pPr><w:spacing w:after="0"/></w:pPr>'
                '<w:r><w:rPr><w:vertAlign w:val="superscript"/><w:sz w:val="16"/></w:rPr><w:footnoteRef/></w:r>'
                f'<w:r><w:rPr><w:sz w:val="16"/></w:rPr><w:t xml:space="preserve"> {_xml(ofarlig(text))}</w:t></w:r></w:p></w:footnote>'
            )
        delar.append("</w:footnotes>")
        del_ = Part(
            PackURI("/word/footnotes.xml"),
            INNEHALLSTYP_FOTNOTER,
            "".join(delar).encode("utf-8"),
            self.dokument.part.package,
        )
        self.dokument.part.relate_to(del_, RELATIONSHIP_TYPE.FOOTNOTES)


def _xml(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


__all__ = ["rapportbok"]
