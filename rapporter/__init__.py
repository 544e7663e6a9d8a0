"""Period statistics (docs/regler.md §3–4): the 18 tables of the half-year and annual reports.

Public interface (the API, the command and the pages rely on these names):

- ``RAPPORTNAMN``: the report names of docs/regler.md §4, in order.
- ``berakna(namn, *, fran, till, insatser=None, publicering=False) -> dict``: one table in the
  JSON shape of docs/regler.md §4.
- ``berakna_alla(*, fran, till, insatser=None, publicering=False) -> list[dict]``: every table,
  sharing the database queries.
- ``finsam_export(*, fran, till, insatser=None) -> dict``: active participants per insats by
  juridiskt kön for Uppföljning Finsam (``/api/finsam/``), one query.

The functions import the models lazily: this module is imported while Django loads its apps.
"""

from collections.abc import Iterable
from datetime import date
from typing import Any

from .namn import RAPPORTNAMN, TITLAR

__all__ = ["RAPPORTNAMN", "TITLAR", "berakna", "berakna_alla", "finsam_export"]


def berakna(
    namn: str,
    *,
    fran: date,
    till: date,
    insatser: Iterable[Any] | None = None,
    publicering: bool = False,
) -> dict:
    from .tabeller import berakna as _berakna

    insatser = None if insatser is None else list(insatser)
    fryst = _frysta(fran=fran, till=till, insatser=insatser, publicering=publicering).get(namn)
    if fryst is not None:
        return fryst
    return _berakna(namn, fran=fran, till=till, insatser=insatser, publicering=publicering)


def berakna_alla(
    *, fran: date, till: date, insatser: Iterable[Any] | None = None, publicering: bool = False
) -> list[dict]:
    from .tabeller import berakna_alla as _berakna_alla

    insatser = None if insatser is None else list(insatser)
    frysta = _frysta(fran=fran, till=till, insatser=insatser, publicering=publicering)
    if set(frysta) >= set(RAPPORTNAMN):
        return [frysta[namn] for namn in RAPPORTNAMN]
    return _berakna_alla(fran=fran, till=till, insatser=insatser, publicering=publicering)


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
