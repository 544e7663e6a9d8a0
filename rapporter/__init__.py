"""Period statistics (docs/regler.md §3–4): the 18 tables of the half-year and annual reports,
and the further tables of the published reports.

Public interface (the API, the command and the pages rely on these names):

- ``RAPPORTNAMN``: the report names of the contract, in order; ``ALLA_TABELLER`` adds the
  further tables (TILLAGGSNAMN).
- ``BEGARBARA_NAMN``: the names the command and the API accept, ALLA_TABELLER and ``ALLA``.
- ``Alternativ``: the choices of a run (publication thresholds, empty rows, published form).
- ``berakna(namn, *, fran, till, insatser=None, publicering=False, alternativ=None) -> dict``:
  one table in the JSON shape of the contract; for publication the table as the whole
  publication masks it.
- ``berakna_alla(*, fran, till, insatser=None, publicering=False, alternativ=None) -> list[dict]``:
  every table (ALLA_TABELLER order), sharing the database queries, masked together.
- ``finsam_export(*, fran, till, insatser=None) -> dict``: active participants per insats by
  juridiskt kön for Uppföljning Finsam (``/api/finsam/``), one query.

The functions import the models lazily: this module is imported while Django loads its apps.
"""

from collections.abc import Iterable
from datetime import date
from typing import Any

from .alternativ import Alternativ
from .namn import ALLA, ALLA_TABELLER, BEGARBARA_NAMN, RAPPORTNAMN, TILLAGGSNAMN, TITLAR

__all__ = [
    "ALLA",
    "ALLA_TABELLER",
    "BEGARBARA_NAMN",
    "RAPPORTNAMN",
    "TILLAGGSNAMN",
    "TITLAR",
    "Alternativ",
    "berakna",
    "berakna_alla",
    "finsam_export",
]


def _alternativ(alternativ: Alternativ | None, publicering: bool) -> Alternativ:
    alternativ = alternativ or Alternativ()
    return alternativ.med(publicering=True) if publicering else alternativ


def berakna(
    namn: str,
    *,
    fran: date,
    till: date,
    insatser: Iterable[Any] | None = None,
    publicering: bool = False,
    alternativ: Alternativ | None = None,
) -> dict:
    from .tabeller import berakna as _berakna

    alternativ = _alternativ(alternativ, publicering)
    insatser = None if insatser is None else list(insatser)
    if _standard(alternativ):
        fryst = _frysta(fran=fran, till=till, insatser=insatser, publicering=alternativ.publicering).get(namn)
        if fryst is not None:
            return fryst
    return _berakna(namn, fran=fran, till=till, insatser=insatser, alternativ=alternativ)


def berakna_alla(
    *,
    fran: date,
    till: date,
    insatser: Iterable[Any] | None = None,
    publicering: bool = False,
    alternativ: Alternativ | None = None,
) -> list[dict]:
    from .tabeller import berakna_alla as _berakna_alla

    alternativ = _alternativ(alternativ, publicering)
    insatser = None if insatser is None else list(insatser)
    if _standard(alternativ):
        frysta = _frysta(fran=fran, till=till, insatser=insatser, publicering=alternativ.publicering)
        if set(frysta) >= set(ALLA_TABELLER):
            return [frysta[namn] for namn in ALLA_TABELLER]
    return _berakna_alla(fran=fran, till=till, insatser=insatser, alternativ=alternativ)


def _standard(alternativ: Alternativ) -> bool:
    """Frozen tables were computed with the default choices only."""
    return alternativ.berakning() == Alternativ(publicering=alternativ.publicering).berakning()


def _frysta(*, fran: date, till: date, insatser: list | None, publicering: bool) -> dict[str, dict]:
    """Whole tables frozen by the first version of gallring (FrystRapport) answer the exact
    period and selection they were frozen for (docs/regler.md §5). Gallring now freezes counts
    per insats and half-year, which the report module adds itself (dataskydd.selectors).
    Only periods ending before the retention limit can have such tables, so other periods cost
    no query."""
    from django.conf import settings
    from django.utils import timezone

    # dataskydd.selectors reads; only dataskydd.services (gallring) computes reports, so the
    # two modules do not import each other.
    from dataskydd.selectors import frysta_tabeller, gallringsgrans

    if till > gallringsgrans(idag=timezone.localdate(), ar_efter=settings.GALLRING_AR_EFTER_SLUTAR):
        return {}
    return frysta_tabeller(fran=fran, till=till, insatser=insatser, publicering=publicering)


def finsam_export(*, fran: date, till: date, insatser: Iterable[Any] | None = None) -> dict:
    from dataskydd.selectors import gallrat_bidrag

    from .tabeller import finsam_export as _finsam_export

    insatser = None if insatser is None else list(insatser)
    data = _finsam_export(fran=fran, till=till, insatser=insatser)
    # Participants removed by gallring are counted from what it froze (docs/regler.md §5).
    gallrat = gallrat_bidrag(fran=fran, till=till, insatser=None if insatser is None else [i.pk for i in insatser])
    if gallrat is not None:
        gallrat.lagg_till_finsam(data)
    return data
