"""One report module for all tables of docs/regler.md §3; see ``rapporter/__init__.py`` for the interface."""

import datetime
from collections.abc import Callable, Iterable

from django.conf import settings
from django.utils.translation import gettext as _

from insatser.models import Insats

from ..namn import RAPPORTNAMN
from . import avslut, bakgrund, flode, mal, uppfoljning
from .flode import finsam_export
from .maskering import maskera
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
}
assert tuple(BYGGARE) == RAPPORTNAMN

__all__ = ["berakna", "berakna_alla", "finsam_export", "kontrollera_namn"]


def kontrollera_namn(namn: str) -> None:
    if namn not in BYGGARE:
        raise ValueError(
            _("Okänd rapport %(namn)s. Välj en av: %(namn_lista)s.")
            % {"namn": repr(namn), "namn_lista": ", ".join(RAPPORTNAMN)}
        )


def berakna(
    namn: str,
    *,
    fran: datetime.date,
    till: datetime.date,
    insatser: Iterable[Insats] | None = None,
    publicering: bool = False,
) -> dict:
    kontrollera_namn(namn)
    underlag = Underlag(fran=fran, till=till, insatser=insatser)
    return _fardig(BYGGARE[namn](underlag), publicering=publicering, underlag=underlag)


def berakna_alla(
    *,
    fran: datetime.date,
    till: datetime.date,
    insatser: Iterable[Insats] | None = None,
    publicering: bool = False,
) -> list[dict]:
    underlag = Underlag(fran=fran, till=till, insatser=insatser)
    return [_fardig(BYGGARE[namn](underlag), publicering=publicering, underlag=underlag) for namn in RAPPORTNAMN]


def _fardig(tabell: Tabell, *, publicering: bool, underlag: Underlag) -> dict:
    if underlag.gallrat is not None:
        # Counts of participants removed by gallring: say so, and whether the period is exact.
        underlag.gallrat.markera(tabell)
    tabell.summera()
    minsta_bas = 1
    if publicering:
        tabell.publicering = True
        grans = settings.PUBLICERING_MASKERA_UNDER
        minsta_bas = settings.PUBLICERING_MINSTA_BAS_FOR_ANDEL
        if tabell.per_insats:
            # A cross table per insats has too many small cells to publish; masking them would
            # hide most of the combined table as well.
            tabell.per_insats = []
            tabell.noter.append(_("Fördelningen per insats publiceras inte (för små tal)."))
        maskera(tabell, grans=grans)
        for rad in tabell.rader:
            if "framst" in rad.extra and None in rad.varden:
                rad.extra["framst"] = []
        tabell.noter.append(
            _(
                "För publicering: antal under %(grans)s visas inte (null/..), inte heller antal "
                "som annars kunde räknas fram ur summorna; andelar visas bara när basen är minst "
                "%(bas)s."
            )
            % {"grans": grans, "bas": minsta_bas}
        )
        tabell.extra["maskering"] = {"maskera_under": grans, "minsta_bas_for_andel": minsta_bas}
    tabell.andelar(minsta_bas=minsta_bas)
    return tabell.som_dict()
