"""One report module for all tables of docs/regler.md §3; see ``rapporter/__init__.py`` for the
interface."""

import datetime
from collections.abc import Callable, Iterable

from django.utils.translation import gettext as _

from deltagare.choices import Kon
from insatser.models import Insats

from ..alternativ import Alternativ
from ..namn import ALLA_TABELLER
from ..visning import ANNAN
from . import avslut, bakgrund, flode, mal, uppfoljning
from .flode import finsam_export
from .samordning import maskera_publikation
from .tabell import Tabell
from .underlag import Underlag

BYGGARE: dict[str, Callable[[Underlag], Tabell]] = {
    "flode": flode.flode,
    "aktiva": flode.aktiva,
    "borjade": flode.borjade,
    "avslutade": flode.avslutade,
    "avslutsorsak": avslut.avslutsorsak,
    "avslutsorsak-kon": avslut.avslutsorsak_kon,
    "avslutsgrupp": avslut.avslutsgrupp,
    "utbildning": bakgrund.utbildning,
    "aldersgrupp": bakgrund.aldersgrupp,
    "anmalande-part": bakgrund.anmalande_part,
    "stadsdel": bakgrund.stadsdel,
    "tid-utan-arbete": bakgrund.tid_utan_arbete,
    "forsorjning": bakgrund.forsorjning,
    "malupfyllelse": mal.malupfyllelse,
    "flerar": avslut.flerar,
    "finsam": flode.finsam,
    "stegforflyttning": bakgrund.stegforflyttning,
    "datakvalitet": uppfoljning.datakvalitet,
    "avslutsorsak-insats-kon": avslut.avslutsorsak_insats_kon,
    "arbete-studier-kon": avslut.arbete_studier_kon,
    "avslutsgrupp-kon": avslut.avslutsgrupp_kon,
    "utbildning-insats": bakgrund.utbildning_insats,
    "aldersgrupp-insats": bakgrund.aldersgrupp_insats,
}
assert tuple(BYGGARE) == ALLA_TABELLER

__all__ = ["berakna", "berakna_alla", "berakna_tabeller", "finsam_export", "kontrollera_namn"]


def kontrollera_namn(namn: str) -> None:
    if namn not in BYGGARE:
        raise ValueError(
            _("Okänd rapport %(namn)s. Välj en av: %(namn_lista)s.")
            % {"namn": repr(namn), "namn_lista": ", ".join(ALLA_TABELLER)}
        )


def berakna(
    namn: str,
    *,
    fran: datetime.date,
    till: datetime.date,
    insatser: Iterable[Insats] | None = None,
    alternativ: Alternativ | None = None,
) -> dict:
    """One table. For publication it is the table as the whole publication of the period shows
    it (one masking pattern), so tables fetched one by one never reveal what another hides."""
    kontrollera_namn(namn)
    alternativ = alternativ or Alternativ()
    if alternativ.publicering:
        alla = berakna_alla(fran=fran, till=till, insatser=insatser, alternativ=alternativ)
        return alla[ALLA_TABELLER.index(namn)]
    underlag = Underlag(fran=fran, till=till, insatser=insatser, visa_tomma=alternativ.visa_tomma)
    tabell = BYGGARE[namn](underlag)
    _fardiga([tabell], underlag, alternativ)
    return tabell.som_dict()


def berakna_alla(
    *,
    fran: datetime.date,
    till: datetime.date,
    insatser: Iterable[Insats] | None = None,
    alternativ: Alternativ | None = None,
) -> list[dict]:
    """Every table (the 18 of the contract, then the further ones of ALLA_TABELLER), sharing the
    database queries; for publication masked together."""
    tabeller = berakna_tabeller(fran=fran, till=till, insatser=insatser, alternativ=alternativ)
    return [annan_bara_i_totalen(t.som_dict()) for t in tabeller]


def annan_bara_i_totalen(tabell: dict) -> dict:
    """A published table whose Annan könsidentitet cells are all small or zero outside the total
    shows that kön in the total only (docs/regler.md §3). The page, the files, the report book
    and the API show this same table, so this is the one place of the rule: a file never says
    more than the page of the same publication. Every such cell becomes empty, zeros included;
    maskerade_celler still names those the pattern hides (the zeros follow from the row's other
    counts, so telling them apart reveals nothing), and the outputs show them all alike."""
    if not tabell.get("publicering") or ANNAN not in tabell["kolumner"] or not tabell["rader"]:
        return tabell
    j = tabell["kolumner"].index(ANNAN)
    maskerade = {tuple(c) for c in tabell.get("maskerade_celler", [])}
    if any(rad["varden"][j] not in (None, 0) for rad in tabell["rader"]):
        return tabell
    if not any(("r", i, j) in maskerade for i in range(len(tabell["rader"]))):
        return tabell
    for rad in [*tabell["rader"], *tabell["extrarader"]]:
        rad["varden"][j] = None
    tabell["annan_bara_i_totalen"] = True
    tabell["noter"].append(_("Annan könsidentitet redovisas bara i totalen (för små tal per rad)."))
    return tabell


def berakna_tabeller(
    *,
    fran: datetime.date,
    till: datetime.date,
    insatser: Iterable[Insats] | None = None,
    alternativ: Alternativ | None = None,
) -> list[Tabell]:
    """The tables of berakna_alla as objects, with the keys of their cells (the tests check the
    masking with them)."""
    alternativ = alternativ or Alternativ()
    underlag = Underlag(
        fran=fran,
        till=till,
        insatser=insatser,
        visa_tomma=alternativ.visa_tomma,
        publicering=alternativ.publicering,
    )
    tabeller = [BYGGARE[namn](underlag) for namn in ALLA_TABELLER]
    _fardiga(tabeller, underlag, alternativ)
    return tabeller


def _fardiga(tabeller: list[Tabell], underlag: Underlag, alternativ: Alternativ) -> None:
    """Totals, the publication's masking, and shares from the (masked) counts."""
    annan = Kon.ANNAN.value in underlag.kon_i_perioden or alternativ.visa_tomma
    ej_slut = None
    if underlag.till > underlag.per_dag:
        # A period not yet over (docs/regler.md §3) counts what is registered today: a reader
        # of a future half-year would otherwise take its open participants for facts.
        ej_slut = _(
            "Perioden har inte slutat (den slutar %(till)s). Antalen gäller per %(dag)s: den som inte har "
            "avslutats räknas som aktiv perioden ut, och starter och avslut efter %(dag)s är inte med."
        ) % {"till": underlag.till.isoformat(), "dag": underlag.per_dag.isoformat()}
    for tabell in tabeller:
        # Whether the published form shows Annan könsidentitet (visning.utan_tom_annan).
        tabell.extra["annan_kon_i_perioden"] = annan
        if ej_slut is not None:
            tabell.noter.append(ej_slut)
        if underlag.gallrat is not None:
            # Counts of participants removed by gallring: say so, and whether the period is exact.
            underlag.gallrat.markera(tabell)
        tabell.summera()
    if alternativ.publicering:
        grans, bas = alternativ.grans, alternativ.bas
        for tabell in tabeller:
            tabell.publicering = True
            if tabell.per_insats:
                # A cross table per insats has too many small cells to publish; masking them would
                # hide most of the combined table as well.
                tabell.per_insats = []
                tabell.noter.append(_("Fördelningen per insats publiceras inte (för små tal)."))
        maskera_publikation(tabeller, grans=grans, domaner=underlag.domaner(), vid_start=underlag.vid_start)
        for tabell in tabeller:
            if tabell.rapport == "anmalande-part":
                _framst_i_publicering(tabell, grans)
            tabell.noter.append(
                _(
                    "För publicering: antal under %(grans)s visas inte (..), inte heller antal som "
                    "annars kunde räknas fram ur tabellerna som publiceras tillsammans; andelar visas "
                    "bara när basen är minst %(bas)s."
                )
                % {"grans": grans, "bas": bas}
            )
            tabell.extra["maskering"] = {"maskera_under": grans, "minsta_bas_for_andel": bas}
    for tabell in tabeller:
        tabell.andelar(minsta_bas=alternativ.bas)


def _framst_i_publicering(tabell: Tabell, grans: int) -> None:
    """"Främst till" names insatser, not counts; it is shown where the part's total is."""
    total = next(j for j, k in enumerate(tabell.kolumner) if k.nyckel == {})
    for rad in tabell.rader:
        if rad.varden[total] is None or rad.varden[total] < grans:
            rad.extra["framst"] = []
