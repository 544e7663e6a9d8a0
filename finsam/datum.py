"""Dates for people (finsam/formats/sv): the one format of pages, admin, documents and e-mail."""

import datetime

from django.utils import formats, timezone


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
