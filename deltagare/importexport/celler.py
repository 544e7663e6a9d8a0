"""Cell → value for each column of the contract (docs/regler.md §4), and value → label for the
export and the preview. Lookups are loaded once per import: one query per code list, and each
distinct cell text is looked up once (a column holds the same few values over and over)."""

import datetime
import re
from collections.abc import Iterable

from django.db.models import Model
from django.utils.translation import gettext as _

from finsam.datum import las_datum
from insatser.models import Insats

from ..validators import FODELSEAR_MAX, FODELSEAR_MIN
from .kolumner import normalisera, synlig
from .lasning.xlsx import excel_datum


class Cellfel(ValueError):
    """The cell cannot be read as a value of its column; the text says why, in Swedish."""


def celltext(value) -> str:
    """A cell as text: Excel stores 17 as 17.0 and may hold real booleans or dates."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, bool):
        return _("Ja") if value else _("Nej")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime.datetime):
        return value.date().isoformat() if value.time() == datetime.time() else value.isoformat(" ")
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value).strip()


# A lone surrogate (an OOXML escape such as _xD800_, or &#xD800;) is no character at all: it
# cannot be encoded as UTF-8, so no page, database or message can take it.
_SURROGAT = re.compile("[\ud800-\udfff]")


def ogiltigt_tecken(text: str) -> Cellfel | None:
    """The cell's problem if it holds a character no text may; None if not. Asked only
    of a cell that could not be read (a lookup) or of free text, not of every cell."""
    if text.isprintable():
        return None
    traff = _SURROGAT.search(text)
    return None if traff is None else _ogiltigt(traff.group())


def _ogiltigt(tecken: str) -> Cellfel:
    return Cellfel(_("Cellen innehåller ett ogiltigt tecken (%(tecken)s).") % {"tecken": synlig(tecken)})


def _lista(namn: Iterable[str]) -> str:
    return ", ".join(namn)


class Minnande:
    """A column reader that keeps its answers: a column holds the same few values (labels,
    dates, years) over and over, so each distinct cell is read once (the row check looks in
    svar itself before calling tolka). A cell it refuses is not kept; its reading raises
    Cellfel."""

    def __init__(self):
        self.svar: dict = {}

    def _tolka(self, value):
        raise NotImplementedError

    def tolka(self, value):
        try:
            return self.svar[value]
        except (KeyError, TypeError):
            pass
        svar = self._tolka(value)
        try:
            self.svar[value] = svar
        except TypeError:
            pass
        return svar


class Uppslag(Minnande):
    """A column whose cell is one of a list of labels, codes or synonyms."""

    def tabell(self) -> dict:
        raise NotImplementedError

    def tillatna(self) -> list[str]:
        raise NotImplementedError

    def okant(self, text: str) -> Cellfel:
        return Cellfel(
            _("Okänt värde ”%(varde)s”. Tillåtna värden: %(tillatna)s.")
            % {"varde": synlig(text), "tillatna": _lista(self.tillatna())}
        )

    def tomt(self):
        return None

    def _tolka(self, value):
        text = celltext(value)
        if not text:
            return self.tomt()
        try:
            return self.tabell()[normalisera(text)]
        except KeyError:
            raise ogiltigt_tecken(text) or self.okant(text) from None


class Kodlista(Uppslag):
    """A code-list column: label, code or synonym, active or retired (retired codes stay valid
    for history). Yields the code's primary key."""

    def __init__(self, model: type[Model]):
        super().__init__()
        self.model = model
        self._tabell: dict[str, int] | None = None
        self._objekt: list[Model] = []

    def _ladda(self) -> None:
        if self._tabell is None:
            uppslag = self.model.objects.lookup()
            self._tabell = {normalisera(nyckel): objekt.pk for nyckel, objekt in uppslag.items()}
            self._objekt = sorted(set(uppslag.values()), key=lambda o: (o.sortering, o.namn))

    def tabell(self) -> dict[str, int]:
        self._ladda()
        return self._tabell

    def tillatna(self) -> list[str]:
        self._ladda()
        return [o.namn for o in self._objekt if o.aktiv]

    def etiketter(self) -> dict:
        self._ladda()
        return {o.pk: o.namn for o in self._objekt}


class InsatsKolumn(Uppslag):
    """Name, short name or former name (imports accept every name an insats has had)."""

    def __init__(self):
        super().__init__()
        self._tabell: dict[str, int] | None = None
        self._insatser: list[Insats] = []

    def _ladda(self) -> None:
        if self._tabell is None:
            self._insatser = list(Insats.objects.prefetch_related("tidigare_namn"))
            tabell: dict[str, int] = {}
            for insats in self._insatser:
                for tidigare in insats.tidigare_namn.all():
                    tabell[normalisera(tidigare.namn)] = insats.pk
                tabell[normalisera(insats.kortnamn)] = insats.pk
                tabell[normalisera(insats.namn)] = insats.pk
            self._tabell = tabell

    def tabell(self) -> dict[str, int]:
        self._ladda()
        return self._tabell

    def tillatna(self) -> list[str]:
        self._ladda()
        return [insats.namn for insats in self._insatser]

    def okant(self, text: str) -> Cellfel:
        return Cellfel(_("Okänd insats ”%(varde)s”.") % {"varde": synlig(text)})

    def tomt(self):
        # Without an insats the row has no key (insats + deltagar-ID).
        raise Cellfel(_("Cellen får inte vara tom."))

    def insatser(self) -> dict[int, Insats]:
        self._ladda()
        return {insats.pk: insats for insats in self._insatser}

    def etiketter(self) -> dict:
        return {pk: insats.namn for pk, insats in self.insatser().items()}


class Val(Uppslag):
    """Fixed choices (kön, juridiskt kön): the label or the code (Kvinna or K). okanda: texts
    that mean "not recorded" in old files (an empty kön is allowed for anonymous rows only,
    which the model decides)."""

    def __init__(self, choices, okanda: Iterable[str] = ()):
        super().__init__()
        self.choices = choices
        self.okanda = {normalisera(text) for text in okanda}
        self._tabell: dict[str, str] | None = None

    def tabell(self) -> dict[str, str]:
        if self._tabell is None:
            self._tabell = dict.fromkeys(self.okanda, "")
            for kod, etikett in self.choices.choices:
                self._tabell[normalisera(str(etikett))] = kod
                self._tabell[normalisera(kod)] = kod
        return self._tabell

    def tillatna(self) -> list[str]:
        return [str(etikett) for _kod, etikett in self.choices.choices]

    def tomt(self):
        return ""

    def etiketter(self) -> dict:
        return {"": "", **{kod: str(etikett) for kod, etikett in self.choices.choices}}


class JaNej(Uppslag):
    """Samtycke, Lots, Arbetsträning. An empty cell is Nej."""

    TABELL = {"ja": True, "j": True, "nej": False, "n": False, "1": True, "0": False}

    def tabell(self) -> dict[str, bool]:
        return self.TABELL

    def tillatna(self) -> list[str]:
        return [_("Ja"), _("Nej")]

    def okant(self, text: str) -> Cellfel:
        return Cellfel(_("Ange Ja eller Nej, inte ”%(varde)s”.") % {"varde": synlig(text)})

    def tolka(self, value):
        if isinstance(value, bool):
            return value
        return super().tolka(value)

    def tomt(self):
        return False

    def etiketter(self) -> dict:
        return {True: _("Ja"), False: _("Nej"), None: ""}


class Datum(Minnande):
    """ISO text (YYYY-MM-DD), a real Excel date cell, or a bare Excel serial number (a date
    column formatted as General in Excel shows its dates as numbers)."""

    def __init__(self, datum1904: bool = False):
        super().__init__()
        self.datum1904 = datum1904

    def _tolka(self, value):
        if isinstance(value, datetime.datetime):
            return value.date()
        if isinstance(value, datetime.date):
            return value
        if isinstance(value, int | float) and not isinstance(value, bool):
            datum = excel_datum(float(value), self.datum1904)
            if datum is not None and float(value).is_integer():
                return datum if isinstance(datum, datetime.date) and not isinstance(datum, datetime.datetime) else datum.date()
        text = celltext(value)
        if not text:
            return None
        # Excel text exports sometimes add a midnight time to a date.
        for tid in (" 00:00:00", "T00:00:00", " 00:00"):
            if text.endswith(tid):
                text = text[: -len(tid)]
        try:
            return las_datum(text)
        except ValueError:
            pass
        raise ogiltigt_tecken(text) or Cellfel(_("Ogiltigt datum ”%(varde)s”; ange ÅÅÅÅ-MM-DD.") % {"varde": synlig(text)})


class Artal(Minnande):
    def _tolka(self, value):
        text = celltext(value)
        if not text:
            return None
        # isdecimal, not isdigit: "²" is a digit that int() cannot read.
        # Four digits within the model's bounds (0999 has four digits but is no year).
        if text.isdecimal() and len(text) == 4 and FODELSEAR_MIN <= int(text) <= FODELSEAR_MAX:
            return int(text)
        raise ogiltigt_tecken(text) or Cellfel(_("Ogiltigt födelseår ”%(varde)s”; ange fyra siffror, t.ex. 1985.") % {"varde": synlig(text)})


class Text:
    """Free text (Deltagar-ID): stored as it is, so an invisible character (a control
    character, which PostgreSQL may not even take, a zero-width space, a lone surrogate) is
    refused here by name, and the row's key never carries it into the staging table."""

    def tolka(self, value):
        text = celltext(value)
        if not text.isprintable():
            raise _ogiltigt(next(t for t in text if not t.isprintable()))
        return text
