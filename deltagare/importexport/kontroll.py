"""One row of a file → a checked Deltagare, or the row's problems (docs/regler.md §2, §4).

The rules are the model's: every row becomes a Deltagare instance and passes full_clean()
(Deltagare.clean() and the field validators), as in forms and the API. Only the checks that
cannot fail for an imported row are left out of clean_fields: values that come from the
cached code lists and insatser (checking them would query the database per cell), and
fields the import never sets. Uniqueness (insats + deltagar-ID) is checked for the whole file
in the staging table, and the database's constraints stand behind it all.

The consent rule is the model's (Deltagare.tillampa_samtycke), as for every other path: a row
without samtycke keeps no background data, so a stored participant whose row now says Nej
loses its stored background, and background the file brings anew is refused by clean().
"""

from dataclasses import dataclass

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..choices import KODFALT, JuridisktKon, Kon
from ..models import AnmalandePart, Avslutsorsak, Deltagare, Forsorjning, Stadsdel, TidUtanArbete, Utbildning
from . import celler
from .kolumner import KOLUMN_FOR_FALT, KOLUMNER, Radfel
from .lasning.granser import FORMEL_UTAN_VARDE

FALT = tuple(falt for _rubrik, falt in KOLUMNER)
ATTNAMN = {falt: Deltagare._meta.get_field(falt).attname for falt in FALT}
# Positional arguments take Django's fast path when an instance is built (no default lookups).
KONKRETA = tuple(f.attname for f in Deltagare._meta.concrete_fields)
STANDARDVARDEN = tuple(f.get_default() for f in Deltagare._meta.concrete_fields)
INDEX = {attnamn: i for i, attnamn in enumerate(KONKRETA)}
INSATSFALT = Deltagare._meta.get_field("insats")
# Checks that cannot fail for an imported row (see the module docstring).
UTAN_FALTKONTROLL = frozenset(
    {"id", "version", "skapad", "andrad", "insats", "samtycke", "lots", "arbetstraning", "juridiskt_kon", "fodelsear"}
    | set(KODFALT)
)
# Fields whose values repeat from row to row (dates, kön): their field checks (the model
# field's clean() with its validators) run once per distinct value, not once per row.
UPPREPADE = ("kon", "startdatum", "slutdatum")
UTAN_FALTKONTROLL_OCH_UPPREPADE = UTAN_FALTKONTROLL | set(UPPREPADE)
# Texts of old files meaning "kön not recorded": blank, which the model allows for anonymous
# rows only.
OKANT_KON = ("Okänt", "Okänd", "Anonym", "Uppgift saknas", "-", "?")


def bild(deltagare: Deltagare) -> tuple:
    return tuple(getattr(deltagare, ATTNAMN[falt]) for falt in FALT)


@dataclass
class Bladplan:
    """How one sheet's columns are read: field → column index, and the values the user chose
    for a whole sheet where the file has no column (an insats per sheet, consent)."""

    index: int
    namn: str
    kolumner: dict[str, int]
    insats: int | None = None
    samtycke: bool | None = None
    # A sheet with the contract's headers: values under an empty header are refused (the
    # contract has no such column). tomma: its empty headers; bredd: its header row's width.
    tomma: set[int] | None = None
    bredd: int = 0
    # The header row's number in the file (a title or empty rows may stand above it).
    rubrikrad: int = 1


@dataclass
class Tolkad:
    """A row's cells as values (varden[i] goes to the concrete field at positioner[i]; a cell
    that could not be read holds OLASLIG), its key and its cell problems."""

    radnummer: int
    positioner: tuple[int, ...]
    varden: list
    insats_id: int | None
    deltagar_id: str
    fel: dict[str, list[ValidationError]]


# A formula whose result the file does not hold (written by a program, never saved in Excel):
# its value is unknown, so the row is refused rather than read as empty.
FORMEL_UTAN_VARDE_TEXT = gettext_lazy(
    "Cellen har en formel utan sparat värde (filen har inte sparats i Excel). Öppna filen i Excel och "
    "spara den, eller skriv in värdet."
)

# A cell that could not be read: its field keeps the stored (or default) value, and the
# cell's own message is the row's problem for that field.
OLASLIG = object()


class Radkontroll:
    def __init__(self, *, tillatna: set[int] | None, datum1904: bool = False):
        """tillatna: the insatser the user may write to; None = all (the server's operator)."""
        self.tillatna = tillatna
        self.insats = celler.InsatsKolumn()
        self.tolkare = {
            "insats": self.insats,
            "deltagar_id": celler.Text(),
            "samtycke": celler.JaNej(),
            "kon": celler.Val(Kon, okanda=OKANT_KON),
            "juridiskt_kon": celler.Val(JuridisktKon, okanda=OKANT_KON),
            "fodelsear": celler.Artal(),
            "utbildning": celler.Kodlista(Utbildning),
            "tid_utan_arbete": celler.Kodlista(TidUtanArbete),
            "forsorjning_start": celler.Kodlista(Forsorjning),
            "anmalande_part": celler.Kodlista(AnmalandePart),
            "stadsdel": celler.Kodlista(Stadsdel),
            "startdatum": celler.Datum(datum1904),
            "slutdatum": celler.Datum(datum1904),
            "avslutsorsak": celler.Kodlista(Avslutsorsak),
            "forsorjning_slut": celler.Kodlista(Forsorjning),
            "lots": celler.JaNej(),
            "arbetstraning": celler.JaNej(),
        }
        # Both försörjning columns share one list: one query.
        self.tolkare["forsorjning_slut"] = self.tolkare["forsorjning_start"]
        self.insatser = self.insats.insatser()
        self._faltsvar: dict = {}
        self._lasplaner: dict[int, tuple] = {}

    def _lasplan(self, plan: Bladplan) -> tuple:
        """The sheet's cells in reading order as (field, column, position among Deltagare's
        concrete fields, reader), worked out once per sheet: a row is read 100,000 times."""
        try:
            return self._lasplaner[plan.index]
        except KeyError:
            pass
        # A lookup column's answers by cell value (celler.Minnande.svar), read here before its
        # tolka() is called: a call less for 1.7 million cells.
        celler_ = tuple(
            (falt, index, INDEX[ATTNAMN[falt]], self.tolkare[falt].tolka, getattr(self.tolkare[falt], "svar", {}))
            for falt, index in plan.kolumner.items()
        )
        positioner = tuple(rad[2] for rad in celler_)
        fasta = []
        if plan.insats is not None:
            fasta.append((INDEX["insats_id"], plan.insats))
        if plan.samtycke is not None:
            fasta.append((INDEX["samtycke"], plan.samtycke))
        positioner += tuple(position for position, _varde in fasta)
        falt = [rad[0] for rad in celler_]
        lasplan = (
            celler_,
            positioner,
            tuple(varde for _position, varde in fasta),
            falt.index("insats") if "insats" in falt else None,
            falt.index("deltagar_id") if "deltagar_id" in falt else None,
        )
        self._lasplaner[plan.index] = lasplan
        return lasplan

    def _faltkontroll(self, falt: str, varde) -> ValidationError | None:
        """The model field's own clean() (its validators), once per distinct value."""
        nyckel = (falt, varde)
        try:
            return self._faltsvar[nyckel]
        except KeyError:
            pass
        try:
            Deltagare._meta.get_field(falt).clean(varde, None)
            svar = None
        except ValidationError as error:
            svar = error
        self._faltsvar[nyckel] = svar
        return svar

    def tolka(self, plan: Bladplan, radnummer: int, rad: list) -> Tolkad | None:
        """The row's cells as values; None for a blank row (nothing to import, no error)."""
        celler_, positioner, fasta, insats_plats, id_plats = self._lasplan(plan)
        varden: list = []
        fel: dict[str, list[ValidationError]] = {}
        tom = True
        bredd = len(rad)
        for falt, index, _position, tolka, svar in celler_:
            cell = rad[index] if index < bredd else None
            if tom and cell is not None and cell != "" and (not isinstance(cell, str) or cell.strip()):
                tom = False
            try:
                varden.append(svar[cell])
                continue
            except (KeyError, TypeError):
                pass
            try:
                if cell is FORMEL_UTAN_VARDE:
                    raise celler.Cellfel(str(FORMEL_UTAN_VARDE_TEXT))
                varden.append(tolka(cell))
            except celler.Cellfel as error:
                varden.append(OLASLIG)
                fel[falt] = [ValidationError(str(error), code="invalid")]
        if tom:
            return None
        varden.extend(fasta)
        if plan.insats is not None:
            insats_id = plan.insats
        else:
            insats_id = varden[insats_plats] if insats_plats is not None else None
            if insats_id is OLASLIG:
                insats_id = None
        deltagar_id = varden[id_plats] if id_plats is not None else ""
        if deltagar_id is OLASLIG:
            deltagar_id = ""
        if insats_id is not None and self.tillatna is not None and insats_id not in self.tillatna:
            fel["insats"] = [
                ValidationError(
                    _("Du har inte behörighet till insatsen %(insats)s.") % {"insats": self.insatser[insats_id]},
                    code="behorighet",
                )
            ]
            insats_id = None
        return Tolkad(radnummer, positioner, varden, insats_id, deltagar_id or "", fel)

    def kontrollera(self, plan: Bladplan, tolkad: Tolkad, befintlig: tuple | None) -> tuple[Deltagare | None, list[Radfel]]:
        """The participant the row makes (a new one, or the stored one with the file's values)
        and its problems. befintlig: the stored participant's concrete values, if any."""
        # The instance is built with its final values in one go (positional: Django's fast path).
        varden = list(befintlig or STANDARDVARDEN)
        for position, varde in zip(tolkad.positioner, tolkad.varden):
            if varde is not OLASLIG:
                varden[position] = varde
        if tolkad.insats_id is None:
            varden[INDEX["insats_id"]] = None
        deltagare = Deltagare(*varden)
        fel = dict(tolkad.fel) if tolkad.fel else {}
        if tolkad.insats_id is not None:
            # The cached Insats: clean() reads it and must not query. Put in the field's cache
            # (insats_id is set already): the descriptor's assignment checks cost 0.2 s a file.
            INSATSFALT.set_cached_value(deltagare, self.insatser[tolkad.insats_id])
        # The one consent rule (Deltagare.tillampa_samtycke): stored background goes with a
        # withdrawn consent; background the file brings with Samtycke = Nej is refused below.
        deltagare.tillampa_samtycke(lagrad=Deltagare(*befintlig) if befintlig else None)
        undantag = UTAN_FALTKONTROLL_OCH_UPPREPADE.union(fel) if fel else UTAN_FALTKONTROLL_OCH_UPPREPADE
        regelfel: dict = {}
        for falt in UPPREPADE:
            if falt not in fel:
                error = self._faltkontroll(falt, getattr(deltagare, falt))
                if error is not None:
                    regelfel[falt] = [error]
        try:
            deltagare.full_clean(exclude=undantag, validate_unique=False, validate_constraints=False)
        except ValidationError as error:
            regelfel = error.update_error_dict(regelfel)
        # A cell that could not be read is the cause of what the rules then say about it.
        for falt, lista in regelfel.items():
            if falt not in tolkad.fel:
                fel.setdefault(falt, []).extend(lista)
        if fel:
            return None, _radfel(tolkad.radnummer, fel, plan)
        return deltagare, []


def _radfel(radnummer: int, fel: dict, plan: Bladplan) -> list[Radfel]:
    ut = []
    for falt, lista in fel.items():
        kolumn = KOLUMN_FOR_FALT.get(falt) if falt != NON_FIELD_ERRORS else None
        for error in lista:
            for enskilt in error.error_list if hasattr(error, "error_list") else [error]:
                text = _("Cellen får inte vara tom.") if enskilt.code in ("null", "blank") else " ".join(enskilt.messages)
                ut.append(Radfel(text, rad=radnummer, kolumn=kolumn, blad=plan.namn or None))
    ordning = {rubrik: index for index, (rubrik, _f) in enumerate(KOLUMNER)}
    ut.sort(key=lambda f: ordning.get(f.kolumn, -1))
    return ut
