"""Readers plugged into django-import-export's format layer.

CalamineXLSX reads xlsx with python-calamine (Rust), about ten times faster than the
openpyxl reader that import-export ships; SvenskCSV reads what Swedish Excel saves
(semicolon, UTF-8 with BOM or Windows-1252). Both keep blank rows so row numbers stay
the ones the user sees in Excel.
"""

import csv
import io
import zipfile

import tablib
from django.utils.translation import gettext as _
from import_export.formats import base_formats

from .kolumner import Filfel, Radfel

XLSX_SIGNATUR = b"PK\x03\x04"


def _tom(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _dataset(rader: list[list]) -> tablib.Dataset:
    # Trailing blank rows are Excel's formatting, not data.
    while rader and all(_tom(v) for v in rader[-1]):
        rader.pop()
    if not rader:
        raise Filfel([Radfel(_("Filen är tom."))])
    rubriker = ["" if v is None else str(v) for v in rader[0]]
    bredd = len(rubriker)
    data = rader[1:]
    if any(len(rad) != bredd for rad in data):
        data = [(list(rad) + [""] * (bredd - len(rad)))[:bredd] for rad in data]
    return tablib.Dataset(*data, headers=rubriker)


class CalamineXLSX(base_formats.XLSX):
    def create_dataset(self, in_stream):
        from python_calamine import CalamineError, CalamineWorkbook

        if not in_stream.startswith(XLSX_SIGNATUR):
            raise Filfel([Radfel(_("Filen är ingen xlsx-fil (Excel-arbetsbok). Spara den som .xlsx eller .csv."))])
        try:
            bok = CalamineWorkbook.from_filelike(io.BytesIO(in_stream))
            # Row 1 is the header row: don't let calamine skip leading blank rows.
            rader = bok.get_sheet_by_index(0).to_python(skip_empty_area=False)
        except (CalamineError, zipfile.BadZipFile, ValueError, OSError) as error:
            raise Filfel([Radfel(_("Filen kunde inte läsas som xlsx: %(fel)s") % {"fel": error})]) from None
        return _dataset(rader)


class SvenskCSV(base_formats.CSV):
    def create_dataset(self, in_stream, **kwargs):
        if isinstance(in_stream, bytes):
            if b"\x00" in in_stream[:4096]:
                raise Filfel([Radfel(_("Filen är ingen textfil (csv)."))])
            try:
                text = in_stream.decode("utf-8-sig")
            except UnicodeDecodeError:
                # Excel on Windows saves "CSV" in the ANSI code page.
                text = in_stream.decode("cp1252", errors="replace")
        else:
            text = in_stream
        forsta = text.split("\n", 1)[0]
        avgransare = max((";", ",", "\t"), key=forsta.count)
        rader = list(csv.reader(io.StringIO(text, newline=""), delimiter=avgransare))
        if rader:
            bredd = len(rader[0])
            for nummer, rad in enumerate(rader[1:], start=2):
                if len(rad) > bredd and any(not _tom(v) for v in rad[bredd:]):
                    raise Filfel(
                        [Radfel(_("Raden har fler värden än rubrikraden har kolumner."), rad=nummer)]
                    )
        return _dataset(rader)


FORMAT_FOR_FILANDELSE = {".xlsx": CalamineXLSX, ".csv": SvenskCSV}


def las_fil(innehall: bytes, filnamn: str) -> tablib.Dataset:
    """The file as a dataset; Filfel if it is of the wrong type, empty or unreadable."""
    andelse = "." + filnamn.rsplit(".", 1)[-1].lower() if "." in filnamn else ""
    format_klass = FORMAT_FOR_FILANDELSE.get(andelse)
    if format_klass is None:
        raise Filfel(
            [Radfel(_("Filtypen stöds inte (%(fil)s). Ladda upp en .xlsx- eller .csv-fil.") % {"fil": filnamn})]
        )
    if not innehall:
        raise Filfel([Radfel(_("Filen är tom."))])
    return format_klass().create_dataset(innehall)
