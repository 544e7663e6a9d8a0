"""The periods the kansli usually reports on (half-years and years)."""

import datetime


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
