"""The import template (docs/regler.md §4): the exact headers and, per coded column, a drop-down of the
active labels (Excel data validation), so a project leader fills it in without typing errors.

The lists live on a hidden sheet and the validations refer to its ranges: an inline list is
limited to 255 characters, which the labels of anmälande part already exceed.
"""

import io

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from finsam.kalkylblad import ofarlig, ofarlig_rad
from insatser.models import Insats

from ..choices import JuridisktKon, Kon
from ..models import AnmalandePart, Avslutsorsak, Forsorjning, Stadsdel, TidUtanArbete, Utbildning
from .kolumner import KOLUMNER, RUBRIKER

# Rows of the template that carry the drop-downs and date formats.
MALLRADER = 5000
LISTBLAD = "Listor"


def _listor(insatser: list[Insats]) -> dict[str, list[str]]:
    ja_nej = [_("Ja"), _("Nej")]

    def aktiva(model) -> list[str]:
        return list(model.objects.active().values_list("namn", flat=True))

    forsorjning = aktiva(Forsorjning)
    return {
        "insats": [insats.namn for insats in insatser],
        "samtycke": ja_nej,
        "kon": [str(etikett) for _kod, etikett in Kon.choices],
        "juridiskt_kon": [str(etikett) for _kod, etikett in JuridisktKon.choices],
        "utbildning": aktiva(Utbildning),
        "tid_utan_arbete": aktiva(TidUtanArbete),
        "forsorjning_start": forsorjning,
        "anmalande_part": aktiva(AnmalandePart),
        "stadsdel": aktiva(Stadsdel),
        "avslutsorsak": aktiva(Avslutsorsak),
        "forsorjning_slut": forsorjning,
        "lots": ja_nej,
        "arbetstraning": ja_nej,
    }


ANVISNINGAR = (
    ("Insats", "Insatsens namn eller kortnamn (välj i listan)."),
    ("Deltagar-ID", "Pseudonym kod, unik inom insatsen. Aldrig namn eller personnummer."),
    ("Samtycke", "Ja eller Nej. Utan samtycke lämnas bakgrundskolumnerna tomma."),
    ("Kön", "Kvinna, Man eller Annan könsidentitet."),
    ("Juridiskt kön", "Kvinna eller Man; tomt = samma som kön."),
    ("Födelseår", "Fyra siffror. Åldern vid start ska vara 16–66 år."),
    ("Startdatum", "ÅÅÅÅ-MM-DD. Obligatoriskt."),
    ("Slutdatum", "ÅÅÅÅ-MM-DD, tomt om deltagaren pågår. Inte före startdatum."),
    ("Avslutsorsak", "Anges bara tillsammans med slutdatum."),
)


def importmall(*, insatser: list[Insats]) -> bytes:
    """The template as .xlsx bytes, offering the given insatser (those the user may import)."""
    bok = Workbook()
    blad = bok.active
    blad.title = "Deltagare"
    blad.append(list(RUBRIKER))
    for cell in blad[1]:
        cell.font = Font(bold=True)
    blad.freeze_panes = "A2"

    listblad = bok.create_sheet(LISTBLAD)
    listblad.sheet_state = "hidden"
    listor = _listor(insatser)
    listkolumn = 0
    for index, (rubrik, falt) in enumerate(KOLUMNER, start=1):
        bokstav = get_column_letter(index)
        blad.column_dimensions[bokstav].width = max(14, len(rubrik) + 4)
        omrade = f"{bokstav}2:{bokstav}{MALLRADER + 1}"
        if falt in listor:
            listkolumn += 1
            lbokstav = get_column_letter(listkolumn)
            listblad.cell(row=1, column=listkolumn, value=rubrik)
            for rad, etikett in enumerate(listor[falt], start=2):
                listblad.cell(row=rad, column=listkolumn, value=ofarlig(etikett))
            sista = max(2, len(listor[falt]) + 1)
            validering = DataValidation(
                type="list",
                formula1=f"={LISTBLAD}!${lbokstav}$2:${lbokstav}${sista}",
                allow_blank=True,
                showErrorMessage=True,
                errorTitle=_("Ogiltigt värde"),
                error=_("Välj ett värde i listan för %(kolumn)s.") % {"kolumn": rubrik},
            )
        elif falt in ("startdatum", "slutdatum"):
            validering = DataValidation(
                type="date",
                operator="between",
                formula1="DATE(1990,1,1)",
                formula2="DATE(2100,12,31)",
                allow_blank=True,
                showErrorMessage=True,
                errorTitle=_("Ogiltigt datum"),
                error=_("Ange ett datum (ÅÅÅÅ-MM-DD)."),
            )
            for rad in range(2, MALLRADER + 2):
                blad.cell(row=rad, column=index).number_format = "yyyy-mm-dd"
        elif falt == "fodelsear":
            validering = DataValidation(
                type="whole",
                operator="between",
                formula1="1900",
                formula2=str(timezone.localdate().year),
                allow_blank=True,
                showErrorMessage=True,
                errorTitle=_("Ogiltigt födelseår"),
                error=_("Ange födelseåret med fyra siffror."),
            )
        else:
            continue
        validering.add(omrade)
        blad.add_data_validation(validering)

    anvisningar = bok.create_sheet(_("Anvisningar"))
    anvisningar.append([_("Kolumn"), _("Så fyller du i")])
    for cell in anvisningar[1]:
        cell.font = Font(bold=True)
    for rubrik, text in ANVISNINGAR:
        anvisningar.append(ofarlig_rad([rubrik, text]))
    anvisningar.column_dimensions["A"].width = 18
    anvisningar.column_dimensions["B"].width = 80

    utdata = io.BytesIO()
    bok.save(utdata)
    return utdata.getvalue()
