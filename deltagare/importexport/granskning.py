"""The preview of an import: read → parse cells → check → staging table, in chunks.

The file is read by a child process (lasning.barnprocess) under a memory and CPU limit and
arrives here a thousand rows at a time. Each chunk is parsed and checked against the model's
rules (kontroll.py); only the stored participants whose keys are in the chunk are loaded;
the checked rows go to the staging table (ImportRad) and the chunk is dropped. Memory stays
the same whatever the size of the file. Duplicates within the file and the rows that need
an explicit choice are found afterwards with queries on the staging table.
"""

import logging
import operator
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from django.conf import settings
from django.utils.translation import gettext as _

from ..models import Deltagare, ImportKorning, ImportRad
from . import skrivning
from .kolumner import (
    RUBRIKER,
    Radfel,
    ar_kontraktet,
    foresla_kolumner,
    kolumnbokstav,
    kontraktskolumner,
    normalisera,
    rubrikradens_plats,
    saker,
    synlig,
)
from .kontroll import ATTNAMN, FALT, KONKRETA, Bladplan, Radkontroll, bild
from .lasning import Granser, Lasfel
from .lasning.barnprocess import Barnlasning

logger = logging.getLogger(__name__)

# A page shows at most this many problems; the command prints them all.
MAX_VISADE_FEL = 500
_BEFINTLIG_BILD = [KONKRETA.index(ATTNAMN[falt]) for falt in FALT]
_PK, _VERSION = KONKRETA.index("id"), KONKRETA.index("version")
KONKRETA_KOLUMNER = tuple(f.column for f in Deltagare._meta.concrete_fields)
_INSATS, _DELTAGAR_ID = KONKRETA.index("insats_id"), KONKRETA.index("deltagar_id")
_stagingvarden = operator.attrgetter(*skrivning.VARDEKOLUMNER)
# Checked rows go to the staging table this many at a time (a transaction each).
STAGINGBIT = 10000
FILTYPER = {".xlsx": "xlsx", ".csv": "csv"}


def granser() -> Granser:
    mb = 1024 * 1024
    return Granser(
        max_filstorlek=settings.IMPORT_MAX_FILSTORLEK_MB * mb,
        max_rader=settings.IMPORT_MAX_RADER,
        max_kolumner=settings.IMPORT_MAX_KOLUMNER,
        max_celltecken=settings.IMPORT_MAX_CELLTECKEN,
        max_opackat=settings.IMPORT_MAX_OPACKAT_MB * mb,
        max_kompression=settings.IMPORT_MAX_KOMPRESSION,
        minne=settings.IMPORT_LASNING_MINNE_MB * mb,
        cpu_s=settings.IMPORT_LASNING_CPU_S,
    )


def filtyp(filnamn: str) -> str | None:
    andelse = "." + filnamn.rsplit(".", 1)[-1].lower() if "." in filnamn else ""
    return FILTYPER.get(andelse)


def lasfel_text(fel: Lasfel) -> Radfel:
    """A reader's refusal in Swedish, placed where it can be."""
    v = fel.varden
    blad = v.get("blad") or None
    texter = {
        "ole": _(
            "Filen är lösenordsskyddad eller sparad i det gamla Excel-formatet (.xls). "
            "Spara den som .xlsx utan lösenord, eller som .csv."
        ),
        "inte_xlsx": _("Filen är ingen xlsx-fil (Excel-arbetsbok). Spara den som .xlsx eller .csv."),
        "skadad": _("Filen kunde inte läsas som xlsx: den är skadad eller ingen Excel-arbetsbok."),
        "skadad_text": _("Raden kunde inte läsas som csv (citattecken som inte stängs?)."),
        "for_manga_delar": _("Filen består av för många delar för att vara en arbetsbok med deltagare."),
        "for_stor_opackad": _("Filen blir större än %(mb)s MB när den packas upp och avvisades."),
        "kompression": _(
            "Filen är packad %(kvot)s gånger (högst %(grans)s gånger godtas): den liknar en zip-bomb och avvisades."
        ),
        "dimension": _(
            "Bladet %(blad)s anger att det sträcker sig till cell %(cell)s (%(kolumner)s kolumner och %(rader)s rader); "
            "högst %(max_kolumner)s kolumner och %(max_rader)s rader läses. Ta bort tomma rader och kolumner "
            "längst ut och spara filen igen."
        ),
        "kolumn_utanfor": _("Cellen %(cell)s ligger utanför de %(grans)s första kolumnerna."),
        "for_manga_rader": _("Filen har fler än %(grans)s deltagarrader; dela upp den."),
        "for_lang_cell": _("Cellen %(cell)s har fler än %(grans)s tecken."),
        "for_lang_rad": _("Raden är för lång (fler än %(grans)s kolumner eller mycket långa celler)."),
        "fler_varden_an_rubriker": _("Raden har fler värden än rubrikraden har kolumner."),
        "tom": _("Filen är tom."),
        "ingen_textfil": _(
            "Filen är ingen textfil (csv). Spara den i Excel som ”CSV UTF-8 (kommaavgränsad)” eller som .xlsx."
        ),
        "for_manga_blad": _("Filen har fler än %(grans)s blad."),
        "minne": _("Filen krävde för mycket minne för att läsas och avvisades."),
        "tid": _("Filen tog för lång tid att läsa (mer än %(sekunder)s sekunder) och avvisades."),
        "avbruten": _("Läsningen av filen avbröts oväntat och filen avvisades."),
    }
    text = texter.get(fel.kod, texter["skadad"])
    if fel.kod == "dimension":
        blad = None  # named in the text
    try:
        text = text % v
    except (KeyError, TypeError, ValueError):
        pass
    return Radfel(text, rad=v.get("rad"), blad=blad)


@dataclass
class Granskning:
    totalt: int = 0
    nya: int = 0
    andrade: int = 0
    oforandrade: int = 0
    flaggade: int = 0
    antal_fel: int = 0
    fel: list[Radfel] = field(default_factory=list)
    # Set when the headers need the user's choice (web): the sheets and their header rows.
    oversikt: dict | None = None
    exporterad: str | None = None
    tider: dict[str, float] = field(default_factory=dict)
    lasbarnets_toppminne_mb: float = 0.0

    @property
    def ok(self) -> bool:
        return not self.antal_fel and self.oversikt is None


def kontrollera_rubriker(rubriker: list, blad: str | None, rad: int = 1) -> list[Radfel]:
    """Why a header row is not the contract: each unknown, repeated or missing column."""
    fel: list[Radfel] = []
    sedda: set[str] = set()
    kanoniska = {normalisera(r): r for r in RUBRIKER}
    for rubrik in rubriker:
        text = rubrik.strip() if isinstance(rubrik, str) else ("" if rubrik is None else str(rubrik))
        if not text:
            continue
        kanonisk = kanoniska.get(normalisera(text))
        if kanonisk is None:
            fel.append(
                Radfel(
                    _("Okänd kolumn. Mallen har kolumnerna: %(kolumner)s.") % {"kolumner": ", ".join(RUBRIKER)},
                    rad=rad,
                    kolumn=synlig(text),
                    blad=blad,
                )
            )
        elif kanonisk in sedda:
            fel.append(Radfel(_("Kolumnen finns mer än en gång."), rad=rad, kolumn=kanonisk, blad=blad))
        else:
            sedda.add(kanonisk)
    for rubrik in RUBRIKER:
        if rubrik not in sedda:
            fel.append(Radfel(_("Kolumnen saknas i filen."), rad=rad, kolumn=rubrik, blad=blad))
    return fel


def valj_rubrikrader(oversikt: dict) -> dict:
    """Each sheet's header row among its first non-empty rows (kolumner.rubrikradens_plats):
    leading empty rows and a title above the headers are passed over, and the row numbers
    stay the file's. The rows looked at are dropped here."""
    for blad in oversikt["blad"]:
        forsta = blad.pop("forsta_rader", None)
        if forsta:
            blad["rubrikrad"], blad["rubriker"] = forsta[rubrikradens_plats([rad for _nummer, rad in forsta])]
            # The progress counts data rows: those below the header row.
            blad["rader"] = max(0, blad.get("sista_rad", 0) - blad["rubrikrad"])
    return oversikt


def sakra_oversikt(oversikt: dict) -> dict:
    """Sheet names and headers as they can be shown on the column page, stored (as JSON and
    as remembered column choices) and printed: a header may hold a lone surrogate or a
    control character (_xD800_, &#1;), which no page or database takes."""
    for blad in oversikt["blad"]:
        blad["namn"] = saker(blad["namn"])
        blad["rubriker"] = [saker(r) if isinstance(r, str) else r for r in blad["rubriker"]]
    return oversikt


class Granskare:
    """One run's preview. framsteg(done, total) is called per chunk; felutskrift(problem)
    for every problem as it is found (the command prints them all)."""

    def __init__(
        self,
        *,
        korning: ImportKorning,
        sokvag: str,
        user,
        framsteg: Callable[[int, int], None] | None = None,
        felutskrift: Callable[[Radfel], None] | None = None,
    ):
        self.korning, self.sokvag, self.user = korning, sokvag, user
        self.framsteg, self.felutskrift = framsteg, felutskrift
        self.resultat = Granskning()
        self.planer: list[Bladplan] = []
        from insatser import behorighet

        tillatna = behorighet.importerbara_insatser(user)
        self.tillatna = None if tillatna is None else {insats.pk for insats in tillatna}

    def _fel(self, fel: Radfel) -> None:
        self.resultat.antal_fel += 1
        if len(self.resultat.fel) < MAX_VISADE_FEL:
            self.resultat.fel.append(fel)
        if self.felutskrift is not None:
            self.felutskrift(fel)

    def granska(self, planer: list[Bladplan] | None, *, interaktiv: bool) -> Granskning:
        resultat = self.resultat
        start = time.perf_counter()
        typ = filtyp(self.korning.filnamn)
        if typ is None:
            self._fel(
                Radfel(
                    _("Filtypen stöds inte (%(fil)s). Ladda upp en .xlsx- eller .csv-fil.") % {"fil": self.korning.filnamn}
                )
            )
            return resultat
        ImportRad.objects.filter(korning=self.korning).delete()
        try:
            with Barnlasning(self.sokvag, typ, granser()) as barn:
                oversikt = sakra_oversikt(valj_rubrikrader(barn.oversikt()))
                resultat.exporterad = oversikt.get("exporterad")
                if planer is None:
                    planer = self._planer(oversikt, interaktiv=interaktiv)
                    if planer is None:
                        return resultat
                self.planer = planer
                self._las(barn, oversikt, planer)
            resultat.lasbarnets_toppminne_mb = round(barn.toppminne_kb / 1024, 1)
        except Lasfel as fel:
            self._fel(lasfel_text(fel))
        resultat.tider["las_och_kontrollera"] = time.perf_counter() - start
        if resultat.totalt:
            self._dubbletter(planer)
        elif not resultat.antal_fel:
            self._fel(Radfel(_("Filen innehåller inga deltagarrader, bara rubrikraden.")))
        if resultat.antal_fel:
            resultat.fel.sort(key=lambda f: (f.blad or "", f.rad or 0))
            ImportRad.objects.filter(korning=self.korning).delete()
        elif resultat.exporterad:
            # Rows are judged against the hidden info sheet of a file exported from here; a
            # file without one has nothing to flag.
            skrivning.flagga(self.korning.pk)
            resultat.flaggade = ImportRad.objects.filter(korning=self.korning).exclude(flagga="").count()
        resultat.tider["granska"] = time.perf_counter() - start
        return resultat

    # --- which sheets and columns -----------------------------------------------------------

    def _planer(self, oversikt: dict, *, interaktiv: bool) -> list[Bladplan] | None:
        """Sheets with the contract's headers are read as they are. A sheet whose headers look
        like participants (a Deltagar-ID column by name or similarity) but are not the
        contract needs the user's column choices on the web, and is refused with reasons by
        the command. Sheets of something else (instructions, lists, notes) are left out."""
        blad = oversikt["blad"]
        data = [i for i, b in enumerate(blad) if not b["dolt"] and any(r not in (None, "") for r in b["rubriker"])]
        if not data:
            self._fel(Radfel(_("Filen är tom.")))
            return None
        exakta = [i for i in data if ar_kontraktet(blad[i]["rubriker"])]
        deltagarlika = [
            i for i in data if i not in exakta and "deltagar_id" in foresla_kolumner(blad[i]["rubriker"], {})
        ]
        flera = len(exakta) + len(deltagarlika) > 1
        if exakta and not deltagarlika:
            return [self._exakt(i, blad[i], flera) for i in exakta]
        if interaktiv:
            self.resultat.oversikt = oversikt
            return None
        for i in deltagarlika or data[:1]:
            for fel in kontrollera_rubriker(blad[i]["rubriker"], blad[i]["namn"] if flera else None, blad[i].get("rubrikrad", 1)):
                self._fel(fel)
        return None

    @staticmethod
    def _exakt(index: int, blad: dict, flera: bool) -> Bladplan:
        rubriker = blad["rubriker"]
        return Bladplan(
            index,
            blad["namn"] if flera else "",
            kontraktskolumner(rubriker),
            tomma={i for i, r in enumerate(rubriker) if r is None or (isinstance(r, str) and not r.strip())},
            bredd=len(rubriker),
            rubrikrad=blad.get("rubrikrad", 1),
        )

    # --- the rows ---------------------------------------------------------------------------

    def _las(self, barn: Barnlasning, oversikt: dict, planer: list[Bladplan]) -> None:
        self.kontroll = Radkontroll(tillatna=self.tillatna, datum1904=oversikt.get("datum1904", False))
        per_index = {plan.index: plan for plan in planer}
        uppskattat = sum(oversikt["blad"][plan.index].get("rader", 0) for plan in planer) or 0
        self._tomma_kolumner: set[tuple[int, int]] = set()
        self._staging: list[tuple] = []
        rubrikrader = {index: oversikt["blad"][index].get("rubrikrad", 1) for index in per_index}
        for meddelande in barn.las(list(per_index), exportinfo=bool(oversikt.get("exporterad")), rubrikrader=rubrikrader):
            if meddelande[0] == "rader":
                self._bit(per_index[meddelande[1]], meddelande[2])
                if self.framsteg is not None:
                    self.framsteg(self.resultat.totalt, max(uppskattat, self.resultat.totalt))
            elif meddelande[0] == "export":
                self._exportinfo(meddelande[1])
        self._skriv_staging()

    def _exportinfo(self, rader: list) -> None:
        staging = []
        for radnummer, rad in rader:
            try:
                insats_id, deltagar_id, version = int(rad[0]), str(rad[1])[:40], int(rad[2])
            except (IndexError, TypeError, ValueError, OverflowError):
                continue
            if not deltagar_id.isprintable():
                # Not a key this program exported, and one the staging table cannot take.
                continue
            staging.append(
                (self.korning.pk, 0, radnummer, ImportRad.Atgard.EXPORTINFO, insats_id, deltagar_id, None, version, "", "", None)
                + (None,) * (len(skrivning.STAGINGKOLUMNER) - 11)
            )
        skrivning.infoga_rader(ImportRad, skrivning.STAGINGKOLUMNER, staging)

    def _bit(self, plan: Bladplan, rader: list) -> None:
        resultat, kontroll, korning_id = self.resultat, self.kontroll, self.korning.pk
        tolkade = []
        for radnummer, rad in rader:
            if plan.tomma is not None:
                self._utan_rubrik(plan, rad)
            tolkad = kontroll.tolka(plan, radnummer, rad)
            if tolkad is not None:
                tolkade.append(tolkad)
        # Only the stored participants whose keys are in this chunk, in one query.
        nycklar = [
            (tolkad.insats_id, tolkad.deltagar_id)
            for tolkad in tolkade
            if tolkad.insats_id is not None and tolkad.deltagar_id and "deltagar_id" not in tolkad.fel
        ]
        befintliga = {(varden[_INSATS], varden[_DELTAGAR_ID]): varden for varden in skrivning.befintliga(nycklar, KONKRETA_KOLUMNER)}
        staging = []
        tomma_varden = (None,) * len(skrivning.VARDEKOLUMNER)
        for tolkad in tolkade:
            resultat.totalt += 1
            befintlig = befintliga.get((tolkad.insats_id, tolkad.deltagar_id))
            deltagare, fel = kontroll.kontrollera(plan, tolkad, befintlig)
            nyckel = (tolkad.insats_id, tolkad.deltagar_id[:40])
            if fel:
                for problem in fel:
                    self._fel(problem)
                staging.append((korning_id, plan.index, tolkad.radnummer, ImportRad.Atgard.FEL, *nyckel, None, None, "", "", None, *tomma_varden))
                continue
            varden = _stagingvarden(deltagare)
            if befintlig is None:
                resultat.nya += 1
                staging.append((korning_id, plan.index, tolkad.radnummer, ImportRad.Atgard.NY, *nyckel, None, None, "", "", None, *varden))
                continue
            fore = [befintlig[i] for i in _BEFINTLIG_BILD]
            andrade = [falt for falt, a, b in zip(FALT, fore, bild(deltagare)) if a != b]
            if andrade:
                resultat.andrade += 1
                staging.append(
                    (korning_id, plan.index, tolkad.radnummer, ImportRad.Atgard.ANDRAD, *nyckel, befintlig[_PK],
                     befintlig[_VERSION], ",".join(andrade), "", None, *varden)
                )
            else:
                resultat.oforandrade += 1
                staging.append(
                    (korning_id, plan.index, tolkad.radnummer, ImportRad.Atgard.OFORANDRAD, *nyckel, befintlig[_PK],
                     befintlig[_VERSION], "", "", None, *tomma_varden)
                )
        self._staging.extend(staging)
        if len(self._staging) >= STAGINGBIT:
            self._skriv_staging()

    def _skriv_staging(self) -> None:
        skrivning.infoga_rader(ImportRad, skrivning.STAGINGKOLUMNER, self._staging)
        self._staging = []

    def _utan_rubrik(self, plan: Bladplan, rad: list) -> None:
        if not plan.tomma and len(rad) <= plan.bredd:
            return
        for index, varde in enumerate(rad):
            if (index in plan.tomma or index >= plan.bredd) and varde not in (None, "") and (plan.index, index) not in self._tomma_kolumner:
                if isinstance(varde, str) and not varde.strip():
                    continue
                self._tomma_kolumner.add((plan.index, index))
                self._fel(
                    Radfel(_("Kolumnen har värden men ingen rubrik."), rad=plan.rubrikrad, kolumn=kolumnbokstav(index), blad=plan.namn or None)
                )

    def _dubbletter(self, planer: list[Bladplan]) -> None:
        namn = {plan.index: plan.namn or None for plan in planer}
        for blad, rad, forsta_blad, forsta_rad in skrivning.dubbletter(self.korning.pk, MAX_VISADE_FEL):
            if forsta_blad == blad:
                text = _("Deltagar-ID:t finns redan på rad %(rad)s i filen (samma insats).") % {"rad": forsta_rad}
            else:
                text = _("Deltagar-ID:t finns redan på rad %(rad)s i bladet %(blad)s (samma insats).") % {
                    "rad": forsta_rad,
                    "blad": namn.get(forsta_blad),
                }
            self._fel(Radfel(text, rad=rad, kolumn="Deltagar-ID", blad=namn.get(blad)))
