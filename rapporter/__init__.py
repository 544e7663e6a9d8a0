"""Period statistics (SPEC §3–4): the 18 tables of the half-year and annual reports.

Public interface (the API, the command and the pages rely on these names):

- ``RAPPORTNAMN``: the report names of SPEC §4, in order.
- ``berakna(namn, *, fran, till, insatser=None, publicering=False) -> dict``: one table in the
  JSON shape of SPEC §4.
- ``berakna_alla(*, fran, till, insatser=None, publicering=False) -> list[dict]``: every table,
  sharing the database queries.
- ``finsam_export(*, fran, till, insatser=None) -> dict``: active participants per insats by
  juridiskt kön for Uppföljning Finsam (``/api/finsam/``), one query.

The functions import the models lazily: this module is imported while Django loads its apps.
"""

from datetime import date
from typing import Any, Iterable

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

    return _berakna(namn, fran=fran, till=till, insatser=insatser, publicering=publicering)


def berakna_alla(
    *, fran: date, till: date, insatser: Iterable[Any] | None = None, publicering: bool = False
) -> list[dict]:
    from .tabeller import berakna_alla as _berakna_alla

    return _berakna_alla(fran=fran, till=till, insatser=insatser, publicering=publicering)


def finsam_export(*, fran: date, till: date, insatser: Iterable[Any] | None = None) -> dict:
    from .tabeller import finsam_export as _finsam_export

    return _finsam_export(fran=fran, till=till, insatser=insatser)
