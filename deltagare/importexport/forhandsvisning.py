"""What the preview page shows: every new and changed row of a run, a page at a time, with its
changes field by field (stored value → the file's), and the rows that need a choice.

The stored values are read when the page is shown, for the page's rows only; a row whose
stored version has moved on since the preview is marked (confirming would stop on it)."""

import datetime
from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.utils.translation import ngettext

from finsam.datum import datum

from ..choices import JuridisktKon, Kon
from ..models import (
    AnmalandePart,
    Avslutsorsak,
    Deltagare,
    Forsorjning,
    ImportKorning,
    ImportRad,
    Stadsdel,
    TidUtanArbete,
    Utbildning,
)
from . import celler
from .kolumner import KOLUMNER

PER_SIDA = 50
# Rows named in the message when a confirmation stops on rows still without a choice.
NAMNGIVNA = 10
VISNINGAR = {
    "alla": Q(atgard__in=[ImportRad.Atgard.NY, ImportRad.Atgard.ANDRAD]),
    "nya": Q(atgard=ImportRad.Atgard.NY),
    "andrade": Q(atgard=ImportRad.Atgard.ANDRAD),
    "markerade": Q(atgard__in=[ImportRad.Atgard.NY, ImportRad.Atgard.ANDRAD]) & ~Q(flagga=""),
}
# The views' names on the page, in its order.
VISNINGSNAMN = (
    ("alla", _lazy("Nya och ändrade")),
    ("nya", _lazy("Nya")),
    ("andrade", _lazy("Ändrade")),
    ("markerade", _lazy("Kräver val")),
)
RUBRIK = dict((falt, rubrik) for rubrik, falt in KOLUMNER)


@dataclass
class Andring:
    rubrik: str
    fore: str
    efter: str


@dataclass
class Forhandsrad:
    rad: ImportRad
    blad: str
    insats: str
    andringar: list[Andring]
    flagga: str
    andrad_igen: bool


class Etiketter:
    """Value → text for every column, each list loaded once per page."""

    def __init__(self):
        ja_nej = celler.JaNej().etiketter()
        forsorjning = celler.Kodlista(Forsorjning).etiketter()
        self.insatser = celler.InsatsKolumn().etiketter()
        self.per_falt = {
            "samtycke": ja_nej,
            "lots": ja_nej,
            "arbetstraning": ja_nej,
            "kon": celler.Val(Kon).etiketter(),
            "juridiskt_kon": celler.Val(JuridisktKon).etiketter(),
            "utbildning": celler.Kodlista(Utbildning).etiketter(),
            "tid_utan_arbete": celler.Kodlista(TidUtanArbete).etiketter(),
            "forsorjning_start": forsorjning,
            "forsorjning_slut": forsorjning,
            "anmalande_part": celler.Kodlista(AnmalandePart).etiketter(),
            "stadsdel": celler.Kodlista(Stadsdel).etiketter(),
            "avslutsorsak": celler.Kodlista(Avslutsorsak).etiketter(),
        }

    def text(self, falt: str, varde) -> str:
        if varde is None or varde == "":
            return "–"
        tabell = self.per_falt.get(falt)
        if tabell is not None:
            return str(tabell.get(varde, varde))
        if isinstance(varde, datetime.date):
            return datum(varde)
        return str(varde)


def _attnamn(falt: str) -> str:
    return Deltagare._meta.get_field(falt).attname


def sida(korning: ImportKorning, *, visa: str, nummer) -> tuple[Page, list[Forhandsrad]]:
    rader = ImportRad.objects.filter(korning=korning).filter(VISNINGAR.get(visa, VISNINGAR["alla"])).order_by(
        "blad", "radnummer"
    )
    sidan = Paginator(rader, PER_SIDA).get_page(nummer)
    etiketter = Etiketter()
    lagrade = {
        d.pk: d for d in Deltagare.objects.filter(pk__in=[r.befintlig for r in sidan if r.befintlig]).order_by()
    }
    visade = []
    bladnamn = {b["index"]: b.get("namn", "") for b in korning.blad}
    for rad in sidan:
        andringar = []
        lagrad = lagrade.get(rad.befintlig)
        if rad.atgard == ImportRad.Atgard.ANDRAD:
            for falt in filter(None, rad.andrade_falt.split(",")):
                attnamn = _attnamn(falt)
                fore = getattr(lagrad, attnamn) if lagrad is not None else None
                andringar.append(
                    Andring(RUBRIK[falt], etiketter.text(falt, fore), etiketter.text(falt, getattr(rad, attnamn)))
                )
        else:
            for _rubrik, falt in KOLUMNER[2:]:
                varde = getattr(rad, _attnamn(falt))
                if varde not in (None, "", False):
                    andringar.append(Andring(RUBRIK[falt], "", etiketter.text(falt, varde)))
        visade.append(
            Forhandsrad(
                rad=rad,
                blad=bladnamn.get(rad.blad, ""),
                insats=etiketter.insatser.get(rad.insats_id, ""),
                andringar=andringar,
                flagga=valtext(rad),
                andrad_igen=rad.atgard == ImportRad.Atgard.ANDRAD
                and (lagrad is None or lagrad.version != rad.befintlig_version),
            )
        )
    return sidan, visade


def valtext(rad: ImportRad) -> str:
    if rad.flagga == ImportRad.Flagga.ATERSKAPAR:
        return _("Fanns när filen exporterades men har tagits bort sedan. Återskapa?")
    if rad.flagga == ImportRad.Flagga.SENARE_ANDRING:
        return _("Ändrad i registret efter att filen exporterades. Skriva över ändringen?")
    return ""


def saknade_val(korning: ImportKorning) -> str:
    """The flagged rows that still lack the user's choice, named as the page names them, for
    the message when a confirmation stops on them (they may be on another page): "" if none."""
    rader = (
        ImportRad.objects.filter(korning=korning, val__isnull=True)
        .exclude(flagga="")
        .order_by("blad", "radnummer")
        .values_list("blad", "radnummer")
    )
    antal = rader.count()
    if not antal:
        return ""
    bladnamn = {b["index"]: b.get("namn", "") for b in korning.blad}
    namn = [f"{bladnamn.get(blad, '')}: {nr}" if korning.flera_blad else str(nr) for blad, nr in rader[:NAMNGIVNA]]
    if antal > NAMNGIVNA:
        lista = _("%(rader)s med flera") % {"rader": ", ".join(namn)}
    elif antal > 1:
        lista = _("%(rader)s och %(sista)s") % {"rader": ", ".join(namn[:-1]), "sista": namn[-1]}
    else:
        lista = namn[0]
    return ngettext(
        "%(antal)s markerad rad saknar ditt val: rad %(rader)s.",
        "%(antal)s markerade rader saknar ditt val: raderna %(rader)s.",
        antal,
    ) % {"antal": antal, "rader": lista}
