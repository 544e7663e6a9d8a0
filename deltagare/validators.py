"""Field validators shared by the model, and so by forms, import and API alike."""

import datetime
import re

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# YYMMDD-NNNN, YYMMDD+NNNN, YYMMDDNNNN, YYYYMMDD-NNNN, YYYYMMDDNNNN, also inside a longer ID,
# and with whatever separators a person types or pastes between the parts: 850101.1234,
# 85-01-01-1234, 850101 - 1234, 850101–1234 (an en dash from a word processor), 85 01 01-12 34,
# 850101,1234, 850101*1234, a zero-width space from a web page. An ID may hold . / _ and a
# search any character, so any run of characters that are neither letters nor digits (up to
# six: "850101  -  1234") separates the parts.
_SKILJE = r"[\W_]{0,6}"
_PERSONNUMMER = re.compile(
    rf"(?<!\d)(?:(?:18|19|20)\d{{2}}|\d{{2}}){_SKILJE}(\d{{2}}){_SKILJE}(\d{{2}}){_SKILJE}\d{{2}}{_SKILJE}\d{{2}}(?!\d)"
)

PSEUDONYM_MESSAGE = _(
    "Deltagar-ID:t ser ut som ett personnummer eller samordningsnummer. Använd en pseudonym "
    "kod (t.ex. MGT-2025-017): registret får inte innehålla uppgifter som direkt pekar ut en person."
)


# A personnummer typed into a search field or filter: not searched for (no pseudonymous ID can
# look like one, so nothing legitimate is missed) and never logged.
SOK_PERSONNUMMER_MESSAGE = _(
    "Sök inte på personnummer: registret får inte innehålla personnummer, så ingen sökning gjordes och det du "
    "skrev sparades inte. Sök på deltagarens pseudonyma deltagar-ID (t.ex. MGT-2025-017)."
)


def _ar_personnummer(match: re.Match) -> bool:
    month, day = int(match.group(1)), int(match.group(2))
    # Samordningsnummer add 60 to the day of birth.
    return 1 <= month <= 12 and (1 <= day <= 31 or 61 <= day <= 91)


def looks_like_personnummer(value: str) -> bool:
    return any(_ar_personnummer(match) for match in _PERSONNUMMER.finditer(value or ""))


def maskera_personnummer(text: str) -> str:
    """text with every personnummer or samordningsnummer in it replaced: for what the import
    stores of a file (its name, its headers and sheet names, messages quoting a cell), where a
    personnummer may stand but must never be kept."""
    def ersatt(match: re.Match) -> str:
        return str(_("(personnummer)")) if _ar_personnummer(match) else match.group(0)

    return _PERSONNUMMER.sub(ersatt, text) if text else text


def validate_pseudonym(value: str) -> None:
    if looks_like_personnummer(value):
        raise ValidationError(PSEUDONYM_MESSAGE, code="personnummer")


# Said alike by the form and the API (the import says it with the cell's value).
OGILTIGT_FODELSEAR = _("Ogiltigt födelseår; ange fyra siffror, t.ex. 1985.")
FODELSEAR_MIN, FODELSEAR_MAX = 1000, 9999


# No participant of the association started before 2000: an earlier date is a typing mistake
# (e.g. 0025-03-01 for 2025-03-01).
TIDIGASTE_DATUM = datetime.date(2000, 1, 1)


def validate_not_too_early(value) -> None:
    if value and value < TIDIGASTE_DATUM:
        raise ValidationError(
            _("Datumet kan inte vara före %(datum)s.") % {"datum": TIDIGASTE_DATUM.isoformat()}, code="for_tidigt"
        )


def validate_not_future(value) -> None:
    if value and value > timezone.localdate():
        raise ValidationError(_("Datumet får inte vara i framtiden."), code="framtid")
