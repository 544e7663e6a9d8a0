"""Cell ↔ value for each column. Lookups are cached per import: one query per code list,
not one per row (the default ForeignKeyWidget queries every cell)."""

import datetime
from collections.abc import Iterable

from django.db.models import Model
from django.utils.translation import gettext as _
from import_export import widgets

from insatser.models import Insats

from .kolumner import normalisera


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


def _tillatna(namn: Iterable[str]) -> str:
    return ", ".join(namn)


class Uppslag(widgets.Widget):
    """Base for columns whose cell is one of a list of labels or codes."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._svar: dict = {}

    def tabell(self) -> dict[str, object]:
        raise NotImplementedError

    def tillatna(self) -> list[str]:
        raise NotImplementedError

    def okant(self, text: str) -> ValueError:
        return ValueError(
            _("Okänt värde ”%(varde)s”. Tillåtna värden: %(tillatna)s.")
            % {"varde": text, "tillatna": _tillatna(self.tillatna())}
        )

    def clean(self, value, row=None, **kwargs):
        # A column holds the same few values over and over: remember each raw cell's answer.
        try:
            return self._svar[value]
        except (KeyError, TypeError):
            pass
        text = celltext(value)
        if not text:
            return self.tomt()
        try:
            svar = self.tabell()[normalisera(text)]
        except KeyError:
            raise self.okant(text) from None
        self._svar[value] = svar
        return svar

    def tomt(self):
        return None


class KodlistaWidget(Uppslag):
    """A code-list column: label or code, active or retired (retired codes stay valid for
    history, docs/regler.md §2). One query per list for the whole import."""

    def __init__(self, model: type[Model]):
        super().__init__()
        self.model = model
        self._tabell: dict[str, Model] | None = None
        self._objekt: list[Model] = []

    def _ladda(self) -> None:
        if self._tabell is None:
            uppslag = self.model.objects.lookup()
            self._tabell = {normalisera(nyckel): objekt for nyckel, objekt in uppslag.items()}
            self._objekt = sorted(set(uppslag.values()), key=lambda o: (o.sortering, o.namn))

    def tabell(self) -> dict[str, Model]:
        self._ladda()
        return self._tabell

    def tillatna(self) -> list[str]:
        self._ladda()
        return [o.namn for o in self._objekt if o.aktiv]

    def etiketter(self) -> dict[int, str]:
        self._ladda()
        return {o.pk: o.namn for o in self._objekt}

    def render(self, value, obj=None, **kwargs):
        return value.namn if value is not None else ""


class InsatsWidget(Uppslag):
    """Name, short name or former name (imports accept every name an insats has had)."""

    def __init__(self):
        super().__init__()
        self._tabell: dict[str, Insats] | None = None
        self._insatser: list[Insats] = []

    def _ladda(self) -> None:
        if self._tabell is None:
            self._insatser = list(Insats.objects.prefetch_related("tidigare_namn"))
            tabell: dict[str, Insats] = {}
            for insats in self._insatser:
                for namn in [tidigare.namn for tidigare in insats.tidigare_namn.all()]:
                    tabell[normalisera(namn)] = insats
                tabell[normalisera(insats.kortnamn)] = insats
                tabell[normalisera(insats.namn)] = insats
            self._tabell = tabell

    def tabell(self) -> dict[str, Insats]:
        self._ladda()
        return self._tabell

    def tillatna(self) -> list[str]:
        self._ladda()
        return [insats.namn for insats in self._insatser]

    def okant(self, text: str) -> ValueError:
        return ValueError(_("Okänd insats ”%(varde)s”.") % {"varde": text})

    def tomt(self):
        # Without an insats the row has no key (insats + deltagar-ID).
        raise ValueError(_("Cellen får inte vara tom."))

    def etiketter(self) -> dict[int, str]:
        self._ladda()
        return {insats.pk: insats.namn for insats in self._insatser}

    def render(self, value, obj=None, **kwargs):
        return value.namn if value is not None else ""


class ValWidget(Uppslag):
    """Fixed choices (kön, juridiskt kön): the label or the code (Kvinna or K)."""

    def __init__(self, choices):
        super().__init__()
        self.choices = choices
        self._tabell: dict[str, str] | None = None

    def tabell(self) -> dict[str, str]:
        if self._tabell is None:
            self._tabell = {}
            for kod, etikett in self.choices.choices:
                self._tabell[normalisera(str(etikett))] = kod
                self._tabell[normalisera(kod)] = kod
        return self._tabell

    def tillatna(self) -> list[str]:
        return [str(etikett) for _kod, etikett in self.choices.choices]

    def tomt(self):
        return ""

    def etiketter(self) -> dict[str, str]:
        return {kod: str(etikett) for kod, etikett in self.choices.choices}

    def render(self, value, obj=None, **kwargs):
        return self.etiketter().get(value, "")


class JaNejWidget(Uppslag):
    """Samtycke, Lots, Arbetsträning. An empty cell is Nej."""

    TABELL = {"ja": True, "j": True, "nej": False, "n": False, "1": True, "0": False}

    def tabell(self) -> dict[str, bool]:
        return self.TABELL

    def tillatna(self) -> list[str]:
        return [_("Ja"), _("Nej")]

    def okant(self, text: str) -> ValueError:
        return ValueError(_("Ange Ja eller Nej, inte ”%(varde)s”.") % {"varde": text})

    def clean(self, value, row=None, **kwargs):
        if isinstance(value, bool):
            return value
        return super().clean(value, row, **kwargs)

    def tomt(self):
        return False

    def etiketter(self) -> dict[bool, str]:
        return {True: _("Ja"), False: _("Nej")}

    def render(self, value, obj=None, **kwargs):
        return _("Ja") if value else _("Nej")


class DatumWidget(widgets.Widget):
    """ISO text (YYYY-MM-DD) or a real Excel date cell."""

    def clean(self, value, row=None, **kwargs):
        if isinstance(value, datetime.datetime):
            return value.date()
        if isinstance(value, datetime.date):
            return value
        text = celltext(value)
        if not text:
            return None
        # Excel text exports sometimes add a midnight time to a date.
        for tid in (" 00:00:00", "T00:00:00", " 00:00"):
            if text.endswith(tid):
                text = text[: -len(tid)]
        try:
            if len(text) == 10:
                return datetime.date.fromisoformat(text)
        except ValueError:
            pass
        raise ValueError(_("Ogiltigt datum ”%(varde)s”; ange ÅÅÅÅ-MM-DD.") % {"varde": text})

    def render(self, value, obj=None, **kwargs):
        return value.isoformat() if value else ""


class ArtalWidget(widgets.Widget):
    def clean(self, value, row=None, **kwargs):
        text = celltext(value)
        if not text:
            return None
        if text.isdigit() and len(text) == 4:
            return int(text)
        raise ValueError(_("Ogiltigt födelseår ”%(varde)s”; ange fyra siffror, t.ex. 1985.") % {"varde": text})

    def render(self, value, obj=None, **kwargs):
        return str(value) if value is not None else ""


class TextWidget(widgets.Widget):
    def clean(self, value, row=None, **kwargs):
        return celltext(value)

    def render(self, value, obj=None, **kwargs):
        return value or ""
