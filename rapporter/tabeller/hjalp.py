"""Building blocks shared by the table builders: kön columns, code-list rows, share columns."""

from collections.abc import Iterable

from django.utils.translation import gettext as _

from .tabell import ANDEL, KOLUMNSUMMA, OKANT_KON, Kolumn, kon_rubriker, okant_kon_rubrik
from .underlag import KANDA_KON


def kon_koder(forekommande: Iterable[str]) -> list[str]:
    """Kvinnor, Män, Annan könsidentitet always; a column for unknown kön only when it occurs."""
    koder = list(KANDA_KON)
    if OKANT_KON in set(forekommande):
        koder.append(OKANT_KON)
    return koder


def kon_kolumner(koder: list[str]) -> list[Kolumn]:
    rubriker = kon_rubriker()
    return [Kolumn(rubriker.get(kod) or okant_kon_rubrik()) for kod in koder]


def totalt() -> Kolumn:
    return Kolumn(_("Totalt"))


def andelskolumner(kolumner: list[Kolumn], index: list[int]) -> list[Kolumn]:
    """One share column per given count column: its share of the column total."""
    return [
        Kolumn(f"{kolumner[j].etikett} (%)", typ=ANDEL, taljare=j, namnare=KOLUMNSUMMA) for j in index
    ]


def synliga_koder(kodlista: list, antal: dict) -> list:
    """Code-list rows in code-list order: every active code, and retired ones that occur."""
    return [kod for kod in kodlista if kod.aktiv or antal.get(kod.pk)]


def ej_registrerad() -> str:
    return _("Ej registrerad")


def anonym() -> str:
    return _("Anonym (utan samtycke)")
