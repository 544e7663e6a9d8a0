"""The column contract of docs/regler.md §4. Headers are fixed: other programs and years of project
leaders' Excel files rely on them, so they are not translated."""

from django.utils.translation import gettext as _

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


def normalisera(text: str) -> str:
    """Case, surrounding and repeated spaces and en/em dashes don't matter in a cell or header
    ("1-2 år" is "1–2 år")."""
    return " ".join(text.replace("\u2013", "-").replace("\u2014", "-").split()).casefold()


def kolumnbokstav(index: int) -> str:
    """0 → A, 26 → AA: how Excel names a column that has no header."""
    namn = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        namn = chr(65 + rest) + namn
    return namn


class Radfel:
    """One problem, placed as the user sees it in Excel (header = row 1)."""

    __slots__ = ("rad", "kolumn", "text")

    def __init__(self, text: str, rad: int | None = None, kolumn: str | None = None):
        self.rad, self.kolumn, self.text = rad, kolumn, str(text)

    def __str__(self) -> str:
        if self.rad is not None and self.kolumn:
            return _("rad %(rad)s, kolumn %(kolumn)s: %(text)s") % {
                "rad": self.rad,
                "kolumn": self.kolumn,
                "text": self.text,
            }
        if self.rad is not None:
            return _("rad %(rad)s: %(text)s") % {"rad": self.rad, "text": self.text}
        return self.text

    def __repr__(self) -> str:
        return f"<Radfel {self}>"

    def __eq__(self, other) -> bool:
        return isinstance(other, Radfel) and (self.rad, self.kolumn, self.text) == (
            other.rad,
            other.kolumn,
            other.text,
        )

    def as_list(self) -> list:
        return [self.rad, self.kolumn, self.text]

    @classmethod
    def from_list(cls, data: list) -> "Radfel":
        rad, kolumn, text = data
        return cls(text, rad=rad, kolumn=kolumn)


class Filfel(Exception):
    """The file as a whole cannot be read (wrong type, empty, bad header row)."""

    def __init__(self, fel: list[Radfel]):
        super().__init__("; ".join(str(f) for f in fel))
        self.fel = fel
