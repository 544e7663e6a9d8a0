"""Field validators shared by the model, and so by forms, import and API alike."""

import re

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# YYMMDD-NNNN, YYMMDD+NNNN, YYMMDDNNNN, YYYYMMDD-NNNN, YYYYMMDDNNNN, also inside a longer ID.
_PERSONNUMMER = re.compile(r"(?<!\d)(?:(?:18|19|20)\d{2}|\d{2})(\d{2})(\d{2})[-+ ]?\d{4}(?!\d)")

PSEUDONYM_MESSAGE = _(
    "Deltagar-ID:t ser ut som ett personnummer eller samordningsnummer. Använd en pseudonym "
    "kod (t.ex. MGT-2025-017): registret får inte innehålla uppgifter som direkt pekar ut en person."
)


def looks_like_personnummer(value: str) -> bool:
    for match in _PERSONNUMMER.finditer(value or ""):
        month, day = int(match.group(1)), int(match.group(2))
        # Samordningsnummer add 60 to the day of birth.
        if 1 <= month <= 12 and (1 <= day <= 31 or 61 <= day <= 91):
            return True
    return False


def validate_pseudonym(value: str) -> None:
    if looks_like_personnummer(value):
        raise ValidationError(PSEUDONYM_MESSAGE, code="personnummer")


def validate_not_future(value) -> None:
    if value and value > timezone.localdate():
        raise ValidationError(_("Datumet får inte vara i framtiden."), code="framtid")
