"""Building blocks shared by the table builders: kön columns, code-list rows, share columns."""

from collections.abc import Iterable

from django.utils.translation import gettext as _

from deltagare.choices import Kon

from .tabell import ANDEL, KOLUMNSUMMA, OKANT_KON, Extrarad, Kolumn, Rad, kon_rubriker, okant_kon_rubrik
from .underlag import SAKNAS_KODER, Underlag


def kon_koder(forekommande: Iterable[str]) -> list[str]:
    """Kvinnor, Män and Annan könsidentitet always (the kön columns of the contract, SPEC §4);
    a column for unknown kön only where it occurs. Pages and files leave out Annan
    könsidentitet where nobody of the period has it (annan_kon_i_perioden, visning.py)."""
    forekommande = set(forekommande)
    koder = [Kon.KVINNA.value, Kon.MAN.value, Kon.ANNAN.value]
    if OKANT_KON in forekommande:
        koder.append(OKANT_KON)
    return koder


def kon_kolumner(koder: list[str]) -> list[Kolumn]:
    rubriker = kon_rubriker()
    return [Kolumn(rubriker.get(kod) or okant_kon_rubrik(), nyckel={"kon": kod}) for kod in koder]


def totalt() -> Kolumn:
    return Kolumn(_("Totalt"), nyckel={})


def andelskolumner(kolumner: list[Kolumn], index: list[int], *, bas=KOLUMNSUMMA) -> list[Kolumn]:
    """One share column per given count column: its share of the column total (or of the known
    answers, bas ("e", k))."""
    return [Kolumn(f"{kolumner[j].etikett} (%)", typ=ANDEL, taljare=j, namnare=bas) for j in index]


def synliga_koder(u: Underlag, kodlista: list, antal: dict, *, alltid: set | None = None) -> list:
    """Code-list rows in code-list order: codes with participants in the table, those of
    ``alltid`` (the exit reasons in force), and with visa_tomma every active code."""
    alltid = alltid or set()
    return [
        kod
        for kod in kodlista
        if antal.get(kod.pk) or kod.pk in alltid or (u.visa_tomma and kod.aktiv)
    ]


def ar_saknas(kod) -> bool:
    """A code that says the answer is missing (Uppgift saknas, Okänd/vill ej uppge)."""
    return kod.kod in SAKNAS_KODER


def kodrad(kod, varden: list, nyckel: dict | None) -> Rad:
    extra = {"kort_etikett": kod.kort_etikett} if kod.kort_etikett else {}
    return Rad(kod.namn, varden, extra, nyckel=nyckel, saknas=ar_saknas(kod))


def kand_uppgift_rad(rader: list[Rad], bredd: int, *, nyckel: dict | None = None, etikett: str | None = None):
    """The extra row that adds up the rows with a known answer, when some row is a missing
    answer; shares are shares of it. None when every row is known (shares of the total)."""
    if not any(r.saknas for r in rader):
        return None
    kanda = [i for i, r in enumerate(rader) if not r.saknas]
    return Extrarad(etikett or _("Med känd uppgift"), [None] * bredd, av_rader=kanda, nyckel=nyckel)


def ej_registrerad() -> str:
    return _("Ej registrerad")


def anonym() -> str:
    return _("Anonym (utan samtycke)")
