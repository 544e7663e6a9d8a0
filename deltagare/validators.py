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


# Where a number may start: a digit after no digit.
_SIFFERSTART = re.compile(r"(?<!\d)\d")


def _ar_personnummer(match: re.Match) -> bool:
    month, day = int(match.group(1)), int(match.group(2))
    # Samordningsnummer add 60 to the day of birth.
    return 1 <= month <= 12 and (1 <= day <= 31 or 61 <= day <= 91)


def _personnummer_i(text: str) -> list[tuple[int, int]]:
    """The spans of the personnummer in text, left to right, none overlapping. Every place a
    number may start is tried: a match that is no personnummer ("12, 19850101-1234" read from
    the 12 gives month 19) must not hide the one that follows it."""
    # Ten digits at least, or none can be there: the import asks this of 100,000 IDs a file.
    if sum(map(str.isdigit, text)) < 10:
        return []
    spann: list[tuple[int, int]] = []
    for siffra in _SIFFERSTART.finditer(text):
        start = siffra.start()
        if spann and start < spann[-1][1]:
            continue
        match = _PERSONNUMMER.match(text, start)
        if match and _ar_personnummer(match):
            spann.append(match.span())
    return spann



def looks_like_personnummer(value: str) -> bool:
    return bool(value) and bool(_personnummer_i(value))


def maskera_personnummer(text: str) -> str:
    """text with every personnummer or samordningsnummer in it replaced: for what the import
    stores of a file (its name, its headers and sheet names, messages quoting a cell), where a
    personnummer may stand but must never be kept."""
    if not text:
        return text
    delar, forra = [], 0
    for start, slut in _personnummer_i(text):
        delar += [text[forra:start], str(_("(personnummer)"))]
        forra = slut
    return "".join(delar) + text[forra:]


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
