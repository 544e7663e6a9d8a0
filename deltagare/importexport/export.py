"""Export of participants (docs/regler.md §4): the import's columns, as xlsx with real date cells or csv.

Rows come from one values_list() query and the code lists' labels (one query each): no model
instances and no per-row queries. XlsxWriter in constant-memory mode writes each cell with its
type, which is faster than openpyxl's write-only mode (see bench/export.py). Every export is
recorded in the audit trail (docs/regler.md §5).

An xlsx export carries a very hidden sheet (Exportinfo) with the time of the export and each
row's insats, deltagar-ID and version. Imported again, it lets the preview flag the rows that
would re-create a participant deleted since, or overwrite a change made since
(docs/regler.md §4). The file holds those IDs anyway; the sheet adds no personal data.
"""

import datetime
import io
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from finsam.kalkylblad import CsvSkrivare, ofarlig
from insatser.models import Insats

from ..audit import logga_export
from ..models import Deltagare, aktiv_q, avslutade_q
from .celler import InsatsKolumn, JaNej, Kodlista, Val
from .kolumner import KOLUMNER, RUBRIKER
from .kontroll import Radkontroll
from .lasning.xlsx import EXPORTBLAD

FORMAT = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
}
DATUMFALT = {"startdatum", "slutdatum"}


@dataclass
class Export:
    innehall: bytes
    filnamn: str
    content_type: str
    antal: int


def urval(
    *,
    user,
    insatser: list[Insats] | None = None,
    fran: datetime.date | None = None,
    till: datetime.date | None = None,
) -> QuerySet[Deltagare]:
    """The user's participants (Deltagare.objects.for_user), optionally of some insatser and
    counted in a period: active in it under the insats' counting rule, or ended in it."""
    deltagare = Deltagare.objects.for_user(user)
    if insatser:
        deltagare = deltagare.filter(insats__in=insatser)
    if fran or till:
        fran = fran or datetime.date.min
        till = till or datetime.date.max
        deltagare = deltagare.filter(aktiv_q(fran, till) | avslutade_q(fran, till))
    return deltagare.order_by("insats__sortering", "startdatum", "deltagar_id")


def _etiketter() -> dict[str, dict]:
    """Value → label for each coded column (one query per list)."""
    tolkare = Radkontroll(tillatna=None).tolkare
    return {
        falt: {**t.etiketter(), None: "", "": ""}
        for falt, t in tolkare.items()
        if isinstance(t, InsatsKolumn | Kodlista | Val | JaNej)
    }


def export_rader(deltagare: QuerySet[Deltagare], *, med_nyckel: bool = False) -> Iterator[list]:
    """Each participant as the template's row: labels for codes, Ja/Nej, dates as dates.
    med_nyckel: each row followed by (insats id, deltagar-ID, version) for the info sheet."""
    etiketter = _etiketter()
    attnamn = [Deltagare._meta.get_field(falt).attname for _rubrik, falt in KOLUMNER]
    tabeller = [etiketter.get(falt) for _rubrik, falt in KOLUMNER]
    for rad in deltagare.values_list(*attnamn, "version").iterator(chunk_size=5000):
        ut = [varde if tabell is None else tabell[varde] for tabell, varde in zip(tabeller, rad)]
        if med_nyckel:
            ut.append((rad[0], rad[1], rad[-1]))
        yield ut


def _xlsx(rader: Iterator[list]) -> tuple[bytes, int]:
    import xlsxwriter

    with tempfile.NamedTemporaryFile(suffix=".xlsx") as fil:
        # constant_memory: rows are flushed as they are written, so 100,000 rows stay small.
        bok = xlsxwriter.Workbook(fil.name, {"constant_memory": True})
        blad = bok.add_worksheet(_("Deltagare"))
        info = bok.add_worksheet(EXPORTBLAD)
        info.very_hidden()
        info.write_row(0, 0, ["Deltagaruppföljning", "export", timezone.now().isoformat()])
        datum = bok.add_format({"num_format": "yyyy-mm-dd"})
        fet = bok.add_format({"bold": True})
        blad.freeze_panes(1, 0)
        for kolumn, rubrik in enumerate(RUBRIKER):
            blad.set_column(kolumn, kolumn, max(12, len(rubrik) + 2))
        blad.write_row(0, 0, RUBRIKER, fet)
        skrivare = []
        for _rubrik, falt in KOLUMNER:
            if falt in DATUMFALT:
                skrivare.append(lambda r, k, v: blad.write_datetime(r, k, v, datum))
            elif falt == "fodelsear":
                skrivare.append(blad.write_number)
            else:
                skrivare.append(lambda r, k, v: blad.write_string(r, k, ofarlig(v)))
        antal = 0
        for antal, rad in enumerate(rader, start=1):  # noqa: B007 (the count is the last index)
            insats_id, deltagar_id, version = rad.pop()
            for kolumn, (skriv, varde) in enumerate(zip(skrivare, rad)):
                if varde is not None and varde != "":
                    skriv(antal, kolumn, varde)
            info.write_number(antal, 0, insats_id)
            info.write_string(antal, 1, ofarlig(deltagar_id))
            info.write_number(antal, 2, version)
        bok.close()
        return fil.read(), antal


def _csv(rader: Iterator[list]) -> tuple[bytes, int]:
    # Semicolon and BOM: what Swedish Excel opens directly (and what the import reads).
    text = io.StringIO()
    skrivare = CsvSkrivare(text)
    skrivare.writerow(RUBRIKER)
    antal = 0
    for antal, rad in enumerate(rader, start=1):  # noqa: B007 (the count is the last index)
        skrivare.writerow(
            [v.isoformat() if isinstance(v, datetime.date) else ("" if v is None else v) for v in rad]
        )
    return ("\ufeff" + text.getvalue()).encode("utf-8"), antal


def exportera_deltagare(
    *,
    user,
    format: str = "xlsx",
    insatser: list[Insats] | None = None,
    fran: datetime.date | None = None,
    till: datetime.date | None = None,
) -> Export:
    if format not in FORMAT:
        raise ValueError(_("Okänt format %(format)s; välj xlsx eller csv.") % {"format": format})
    rader = export_rader(urval(user=user, insatser=insatser, fran=fran, till=till), med_nyckel=format == "xlsx")
    innehall, antal = _xlsx(rader) if format == "xlsx" else _csv(rader)
    logga_export(
        user=user,
        vad="deltagare",
        filter={
            "insatser": [insats.kortnamn for insats in insatser] if insatser else _("alla"),
            "fran": fran.isoformat() if fran else None,
            "till": till.isoformat() if till else None,
            "format": format,
        },
        antal=antal,
    )
    filnamn = f"deltagare-{timezone.localdate().isoformat()}.{format}"
    return Export(innehall=innehall, filnamn=filnamn, content_type=FORMAT[format], antal=antal)
