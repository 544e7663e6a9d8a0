"""Export benchmark: N participants in a fresh database → our xlsx export, against openpyxl's
write-only mode writing the same rows (already in memory) in the same run.

    python bench/export.py --rows 100000 [--database-url postgres://postgres@127.0.0.1:5432/x]

The last line printed is JSON: rows, seconds (query, labels and writing), queries, peak_mb,
openpyxl_write_s and ratio = seconds / openpyxl_write_s.
"""

import argparse
import datetime
import io
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.deltagardata import (  # noqa: E402
    FarskDatabas,
    Fragerakning,
    administrator,
    generera_rader,
    skriv_xlsx,
    starta_django,
    toppminne_mb,
)


def openpyxl_skriv(rubriker, rader: list[list]) -> float:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    start = time.perf_counter()
    bok = Workbook(write_only=True)
    blad = bok.create_sheet("Deltagare")
    blad.append(list(rubriker))
    for rad in rader:
        celler = []
        for varde in rad:
            if isinstance(varde, datetime.date):
                cell = WriteOnlyCell(blad, value=varde)
                cell.number_format = "yyyy-mm-dd"
                celler.append(cell)
            else:
                celler.append(None if varde == "" else varde)
        blad.append(celler)
    bok.save(io.BytesIO())
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, required=True)
    parser.add_argument("--database-url", default=None)
    args = parser.parse_args()

    databas = FarskDatabas(args.database_url)
    with databas:
        starta_django()
        from django.db import connection

        from deltagare.importexport.export import export_rader, exportera_deltagare, urval
        from deltagare.importexport.kolumner import RUBRIKER
        from deltagare.importexport.services import importera_deltagare

        fil = Path(databas.katalog.name) / "deltagare.xlsx"
        skriv_xlsx(generera_rader(args.rows), fil)
        anvandare = administrator()
        resultat = importera_deltagare(user=anvandare, innehall=fil.read_bytes(), filnamn=fil.name)
        if resultat.fel:
            sys.exit(f"Testdata kunde inte importeras: {resultat.fel[:5]}")

        fragor = Fragerakning()
        with connection.execute_wrapper(fragor):
            start = time.perf_counter()
            export = exportera_deltagare(user=anvandare, format="xlsx")
            sekunder = time.perf_counter() - start
        toppminne = toppminne_mb()
        if export.antal != args.rows:
            sys.exit(f"Exporten gav {export.antal} rader, väntade {args.rows}.")
        rader = list(export_rader(urval(user=anvandare)))
        openpyxl_s = openpyxl_skriv(RUBRIKER, rader)
        print(f"Exporterade {args.rows} rader på {sekunder:.2f} s; openpyxl write-only skriver dem på {openpyxl_s:.2f} s.")
        print(
            json.dumps(
                {
                    "rows": args.rows,
                    "seconds": round(sekunder, 3),
                    "rows_per_s": round(args.rows / sekunder),
                    "queries": fragor.antal,
                    "peak_mb": toppminne,
                    "openpyxl_write_s": round(openpyxl_s, 3),
                    "ratio": round(sekunder / openpyxl_s, 3),
                    "database": connection.vendor,
                }
            )
        )


if __name__ == "__main__":
    main()
