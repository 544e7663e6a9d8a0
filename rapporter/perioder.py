"""The periods the kansli usually reports on (half-years and years)."""

import datetime

from django.utils.translation import gettext as _

# Periods outside these years are typing mistakes; the report module is not asked to count
# centuries (dates before year 1 overflow, and SQLite runs out of columns for a thousand years).
TIDIGAST, SENAST = datetime.date(1900, 1, 1), datetime.date(2100, 12, 31)


def kontrollera_period(fran, till) -> None:
    """The one check of a report period, for the module, the pages, the command and the API."""
    if not isinstance(fran, datetime.date) or not isinstance(till, datetime.date):
        raise ValueError(_("Ange från- och till-datum."))
    for datum in (fran, till):
        if not TIDIGAST <= datum <= SENAST:
            raise ValueError(
                _("Ange datum mellan %(tidigast)s och %(senast)s.") % {"tidigast": TIDIGAST, "senast": SENAST}
            )
    if fran > till:
        raise ValueError(
            _("Periodens startdatum (%(fran)s) ligger efter slutdatumet (%(till)s).")
            % {"fran": fran.isoformat(), "till": till.isoformat()}
        )


# The exit reasons changed with 2025 (docs/regler.md §2): the earlier list was used 2021–2024.
NY_AVSLUTSLISTA_FRAN = datetime.date(2025, 1, 1)


def avslutsorsak_galler(orsak, fran: datetime.date, till: datetime.date) -> bool:
    """Whether the exit reason belongs to a list in force during [fran, till]."""
    from deltagare.models import Avslutsorsak

    if orsak.generation == Avslutsorsak.Generation.BADA:
        return True
    if orsak.generation == Avslutsorsak.Generation.NUVARANDE:
        return till >= NY_AVSLUTSLISTA_FRAN
    return fran < NY_AVSLUTSLISTA_FRAN


def halvar(dag: datetime.date) -> tuple[datetime.date, datetime.date]:
    """The half-year that contains the day."""
    if dag.month <= 6:
        return datetime.date(dag.year, 1, 1), datetime.date(dag.year, 6, 30)
    return datetime.date(dag.year, 7, 1), datetime.date(dag.year, 12, 31)


def foregaende_halvar(dag: datetime.date) -> tuple[datetime.date, datetime.date]:
    start, _slut = halvar(dag)
    return halvar(start - datetime.timedelta(days=1))


def helar(ar: int) -> tuple[datetime.date, datetime.date]:
    return datetime.date(ar, 1, 1), datetime.date(ar, 12, 31)


def periodtext(fran: datetime.date, till: datetime.date) -> str:
    """The period as the reports name it: "första halvåret 2025", "2025", or the dates."""
    if (fran, till) == helar(fran.year):
        return str(fran.year)
    if (fran, till) == halvar(fran):
        return (_("första halvåret %(ar)s") if fran.month == 1 else _("andra halvåret %(ar)s")) % {"ar": fran.year}
    return f"{fran.isoformat()}–{till.isoformat()}"


def ar_helar(fran: datetime.date, till: datetime.date) -> bool:
    return (fran, till) == helar(fran.year)
