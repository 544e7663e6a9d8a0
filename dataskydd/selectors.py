import datetime
from collections.abc import Iterable

from insatser.models import Insats

from .models import FrystRapport


def gallringsgrans(*, idag: datetime.date, ar_efter: int) -> datetime.date:
    """Last slutdatum that is due: rows are kept `ar_efter` whole years after the end of the
    year of slutdatum (default two years: a row ended in 2023 goes on 1 January 2026)."""
    return datetime.date(idag.year - ar_efter - 1, 12, 31)


def _urval(insatser: Iterable[Insats] | None) -> tuple[bool, Insats | None]:
    """(frozen tables can answer, which insats): all insatser, or exactly one."""
    if insatser is None:
        return True, None
    valda = list(insatser)
    if len(valda) == 1:
        return True, valda[0]
    if {i.pk for i in valda} == set(Insats.objects.values_list("pk", flat=True)):
        return True, None
    return False, None


def frysta_tabeller(
    *, fran: datetime.date, till: datetime.date, insatser: Iterable[Insats] | None, publicering: bool
) -> dict[str, dict]:
    """The tables frozen by gallring for exactly this period and selection, by report name."""
    kan, insats = _urval(insatser)
    if not kan:
        return {}
    rader = FrystRapport.objects.filter(fran=fran, till=till, insats=insats)
    tabeller = {}
    for fryst in rader:
        tabell = dict(fryst.data_publicering if publicering and fryst.data_publicering else fryst.data)
        tabell["fryst"] = fryst.fryst.date().isoformat()
        tabell["noter"] = [
            *tabell.get("noter", []),
            f"Siffrorna frystes vid gallring {tabell['fryst']}; de deltagarrader de bygger på finns inte längre.",
        ]
        tabeller[fryst.namn] = tabell
    return tabeller
