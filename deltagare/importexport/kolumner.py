"""The column contract (docs/regler.md §4), and how the headers of older files are matched to
it. Headers are fixed: other programs and years of project leaders' Excel files rely on them,
so they are not translated."""

import difflib

from django.utils.translation import gettext as _

from ..validators import maskera_personnummer
from .lasning.granser import kolumnbokstav as kolumnbokstav

# (header, Deltagare field), in the order of the template and the export.
KOLUMNER: tuple[tuple[str, str], ...] = (
    ("Insats", "insats"),
    ("Deltagar-ID", "deltagar_id"),
    ("Samtycke", "samtycke"),
    ("Kön", "kon"),
    ("Juridiskt kön", "juridiskt_kon"),
    ("Födelseår", "fodelsear"),
    ("Utbildning", "utbildning"),
    ("Tid utan arbete", "tid_utan_arbete"),
    ("Försörjning vid start", "forsorjning_start"),
    ("Anmälande part", "anmalande_part"),
    ("Stadsdel", "stadsdel"),
    ("Startdatum", "startdatum"),
    ("Slutdatum", "slutdatum"),
    ("Avslutsorsak", "avslutsorsak"),
    ("Försörjning vid avslut", "forsorjning_slut"),
    ("Lots", "lots"),
    ("Arbetsträning", "arbetstraning"),
)
RUBRIKER: tuple[str, ...] = tuple(rubrik for rubrik, _falt in KOLUMNER)
KOLUMN_FOR_FALT: dict[str, str] = {falt: rubrik for rubrik, falt in KOLUMNER}
# docs/regler.md §4: "one header row with exactly these columns". Every column must be there (cells may
# be empty): a file without, say, Samtycke would otherwise make every new row anonymous
# without a word.
OBLIGATORISKA: tuple[str, ...] = RUBRIKER


# How long a cell's text may be where a message quotes it.
CITATLANGD = 60


def _synligt(tecken: str) -> str:
    kod = ord(tecken)
    if kod < 0x100:
        return f"\\x{kod:02x}"
    return f"\\u{kod:04x}" if kod < 0x10000 else f"\\U{kod:08x}"


def synlig(text: str, langd: int | None = CITATLANGD, *, blanksteg: bool = False) -> str:
    """A cell's text as a message quotes it: cut to langd characters (… marks the cut), and
    control characters, lone surrogates and other invisible characters written out as \\x01
    or \\ud800 (with blanksteg, spaces and line breaks kept as they are). The user sees what
    is in the cell, and the message can be shown, printed and stored whatever the cell held (a
    lone surrogate cannot be encoded as UTF-8 at all)."""
    if langd is not None and len(text) > langd:
        text = text[: langd - 1] + "…"
    if text.isprintable():
        return text
    return "".join(
        tecken if tecken.isprintable() or (blanksteg and tecken.isspace()) else _synligt(tecken) for tecken in text
    )


def saker(text: str) -> str:
    """A header or sheet name as it can be shown and stored: uncut, with its spaces and line
    breaks kept (a header wrapped in Excel still matches its column)."""
    return synlig(text, None, blanksteg=True)


def normalisera(text: str) -> str:
    """Case, surrounding and repeated spaces and en/em dashes don't matter in a cell or header
    ("1-2 år" is "1–2 år")."""
    return " ".join(text.replace("\u2013", "-").replace("\u2014", "-").split()).casefold()


# Headers of the association's older sheets that mean a contract column (normalised). Any
# other header is matched by similarity, and a user's own choices are remembered (Kolumnval).
ALIAS: dict[str, str] = {
    **dict.fromkeys(["projekt", "verksamhet", "insatsnamn", "insatsens namn"], "insats"),
    **dict.fromkeys(
        ["id", "deltagarid", "deltagare", "deltagar id", "deltagarnummer", "löpnummer", "kod", "pseudonym"],
        "deltagar_id",
    ),
    **dict.fromkeys(["samtycke till registrering", "medgivande", "samtycke finns"], "samtycke"),
    **dict.fromkeys(["kon", "kön (k/m/a)"], "kon"),
    **dict.fromkeys(["legalt kön", "kön juridiskt"], "juridiskt_kon"),
    **dict.fromkeys(["född", "födelseår (åååå)", "fött år", "fodelsear"], "fodelsear"),
    **dict.fromkeys(["utbildningsnivå", "högsta utbildning"], "utbildning"),
    **dict.fromkeys(
        ["tid utan arbete eller studier", "tid utan arbete eller studier vid start", "tid utan sysselsättning"],
        "tid_utan_arbete",
    ),
    **dict.fromkeys(["försörjning", "försörjning start", "försörjning vid inskrivning", "inkomstkälla"], "forsorjning_start"),
    **dict.fromkeys(["anmälare", "remittent", "anmälande", "remitterande part", "anmäld av", "remiss från"], "anmalande_part"),
    **dict.fromkeys(["bostadsområde", "stadsdelsområde", "boende", "bostadsort", "stadsdelsförvaltning"], "stadsdel"),
    **dict.fromkeys(["start", "inskriven", "inskrivningsdatum", "datum start", "startdatum insats", "teammöte"], "startdatum"),
    **dict.fromkeys(["slut", "avslut", "avslutsdatum", "avslutad", "utskriven", "utskrivningsdatum"], "slutdatum"),
    **dict.fromkeys(["orsak", "orsak till avslut", "avslutningsorsak", "anledning till avslut"], "avslutsorsak"),
    **dict.fromkeys(["försörjning avslut", "försörjning vid utskrivning", "försörjning efter"], "forsorjning_slut"),
    **dict.fromkeys(["lotsning", "lotsstöd"], "lots"),
    **dict.fromkeys(["praktik", "arbetsträning ja/nej"], "arbetstraning"),
}
_FALT_FOR_RUBRIK = {normalisera(rubrik): falt for rubrik, falt in KOLUMNER}
_KANDA = {**{normalisera(k): v for k, v in ALIAS.items()}, **_FALT_FOR_RUBRIK}


def ar_kontraktet(rubriker: list) -> bool:
    """The header row holds exactly the contract's headers, in any order, case and spacing."""
    texter = [normalisera(r) for r in rubriker if isinstance(r, str) and r.strip()]
    return len(texter) == len(set(texter)) and set(texter) == set(_FALT_FOR_RUBRIK)


def _kanda(rad: list) -> int:
    return sum(1 for r in rad if isinstance(r, str) and normalisera(r) in _KANDA)


def _texter(rad: list) -> int:
    return sum(1 for r in rad if isinstance(r, str) and r.strip())


def rubrikradens_plats(rader: list[list]) -> int:
    """Which of a sheet's first non-empty rows is its header row (a title may stand above
    it, often one merged cell): the first that is the contract; else the first with two or
    more headers the contract or the older files use; else the first with two or more
    texts; else the first. Known names, not similarity: this runs on rows that may be data,
    and the same rows always give the same answer (the web reads a file twice)."""
    for provning in (ar_kontraktet, lambda rad: _kanda(rad) >= 2, lambda rad: _texter(rad) >= 2):
        for plats, rad in enumerate(rader):
            if provning(rad):
                return plats
    return 0


def kontraktskolumner(rubriker: list) -> dict[str, int]:
    """Field → column index of a header row that is the contract."""
    return {
        _FALT_FOR_RUBRIK[normalisera(r)]: index
        for index, r in enumerate(rubriker)
        if isinstance(r, str) and normalisera(r) in _FALT_FOR_RUBRIK
    }


def foresla_kolumner(rubriker: list, minne: dict[str, str]) -> dict[str, int]:
    """Field → column index suggested for a header row: the user's earlier choice for the
    same header first, then the contract's headers and known older ones, then the closest
    by similarity. Each field is given one column at most."""
    forslag: dict[str, int] = {}
    kandidater = list(_KANDA)
    for index, rubrik in enumerate(rubriker):
        if not isinstance(rubrik, str) or not rubrik.strip():
            continue
        text = normalisera(rubrik)
        if text in minne:
            falt = minne[text]
        elif text in _KANDA:
            falt = _KANDA[text]
        else:
            nara = difflib.get_close_matches(text, kandidater, n=1, cutoff=0.8)
            falt = _KANDA[nara[0]] if nara else ""
        if falt and falt in KOLUMN_FOR_FALT and falt not in forslag:
            forslag[falt] = index
    return forslag


class Radfel:
    """One problem, placed as the user sees it in Excel (the file's own row numbers). blad
    names the sheet when the file has more than one."""

    __slots__ = ("rad", "kolumn", "text", "blad")

    def __init__(self, text: str, rad: int | None = None, kolumn: str | None = None, blad: str | None = None):
        # A message may quote a cell, and a cell may hold a personnummer: never kept (SPEC §5).
        self.rad, self.kolumn, self.text, self.blad = rad, kolumn, maskera_personnummer(str(text)), blad

    def __str__(self) -> str:
        if self.rad is not None and self.kolumn:
            text = _("rad %(rad)s, kolumn %(kolumn)s: %(text)s") % {
                "rad": self.rad,
                "kolumn": self.kolumn,
                "text": self.text,
            }
        elif self.rad is not None:
            text = _("rad %(rad)s: %(text)s") % {"rad": self.rad, "text": self.text}
        else:
            text = self.text
        if self.blad:
            return _("blad %(blad)s, %(text)s") % {"blad": self.blad, "text": text}
        return text

    def __repr__(self) -> str:
        return f"<Radfel {self}>"

    def __eq__(self, other) -> bool:
        return isinstance(other, Radfel) and self.as_list() == other.as_list()

    def as_list(self) -> list:
        return [self.rad, self.kolumn, self.text, self.blad]

    @classmethod
    def from_list(cls, data: list) -> "Radfel":
        rad, kolumn, text, *blad = data
        return cls(text, rad=rad, kolumn=kolumn, blad=blad[0] if blad else None)


class Filfel(Exception):
    """The file as a whole cannot be read (wrong type, empty, bad header row)."""

    def __init__(self, fel: list[Radfel]):
        super().__init__("; ".join(str(f) for f in fel))
        self.fel = fel
