"""Dates for people (finsam/formats/sv): the one format of pages, admin, documents and e-mail."""

import datetime

from django.utils import formats, timezone
from django.utils.translation import gettext_lazy

from finsam.formats.sv.formats import DATE_INPUT_FORMATS

# A typed date that is not one (2025-02-30) or not written the one way (DATE_INPUT_FORMATS): the
# same words on the forms and in the API; the import says it with the cell's value.
OGILTIGT_DATUM = gettext_lazy("Ogiltigt datum; ange ÅÅÅÅ-MM-DD, t.ex. 2025-03-01.")


def las_datum(text: str) -> datetime.date:
    """A date typed as text, as the forms and the API read it; ValueError if it is none."""
    for format_ in DATE_INPUT_FORMATS:
        try:
            return datetime.datetime.strptime(text, format_).date()
        except ValueError:
            continue
    raise ValueError(text)


def datum(dag: datetime.date | None) -> str:
    """30 nov 2026"""
    return formats.date_format(dag, "DATE_FORMAT") if dag else ""


def tidpunkt(tid: datetime.datetime | None) -> str:
    """30 nov 2026 kl. 23.22, in local time"""
    if tid is None:
        return ""
    if timezone.is_aware(tid):
        tid = timezone.localtime(tid)
    return formats.date_format(tid, "DATETIME_FORMAT")
