"""Cells of files written for people: CSV, xlsx (docs/regler.md §5: no live formula from data).

A spreadsheet reads a text cell that begins with =, +, -, @, tab or carriage return as a formula
(OWASP "CSV injection"). Code-list labels and insats names are typed by administrators, so every
writer passes its text cells through ``ofarlig``: such a cell gets a leading apostrophe, which
Excel and LibreOffice show as text and never evaluate.
"""

import csv
from collections.abc import Iterable
from typing import Any

FORMELTECKEN = ("=", "+", "-", "@", "\t", "\r")


def ofarlig(varde: Any) -> Any:
    if isinstance(varde, str) and varde.startswith(FORMELTECKEN):
        return "'" + varde
    return varde


def ofarlig_rad(rad: Iterable[Any]) -> list[Any]:
    return [ofarlig(varde) for varde in rad]


class CsvSkrivare:
    """csv.writer for Swedish Excel (semicolon, CRLF) whose every cell has passed ``ofarlig``."""

    def __init__(self, fil, **kwargs):
        kwargs.setdefault("delimiter", ";")
        kwargs.setdefault("lineterminator", "\r\n")
        self._skrivare = csv.writer(fil, **kwargs)

    def writerow(self, rad: Iterable[Any]) -> None:
        self._skrivare.writerow(ofarlig_rad(rad))

    def writerows(self, rader: Iterable[Iterable[Any]]) -> None:
        for rad in rader:
            self.writerow(rad)
