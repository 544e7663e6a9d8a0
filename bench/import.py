"""Import benchmark: N valid rows → .xlsx → the real import path, in a fresh database.

    python bench/import.py --rows 100000 [--database-url postgres://postgres@127.0.0.1:5432/x]

The last line printed is JSON: rows, seconds (end to end: read, validate, write), rows_per_s,
queries, peak_mb, openpyxl_read_s (openpyxl alone reading the same file in read-only mode,
measured in the same run: the floor of the obvious design) and ratio = seconds / openpyxl_read_s.
"""

import argparse
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


def openpyxl_las(innehall: bytes) -> float:
    import openpyxl

    start = time.perf_counter()
    bok = openpyxl.load_workbook(io.BytesIO(innehall), read_only=True, data_only=True)
    for _rad in bok.worksheets[0].iter_rows(values_only=True):
        pass
    bok.close()
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, required=True)
    parser.add_argument("--database-url", default=None, help="PostgreSQL-server; utan den en SQLite-fil")
    args = parser.parse_args()

    databas = FarskDatabas(args.database_url)
    with databas:
        starta_django()
        from django.db import connection

        from deltagare.importexport.services import importera_deltagare

        fil = Path(databas.katalog.name) / "deltagare.xlsx"
        skriv_xlsx(generera_rader(args.rows), fil)
        innehall = fil.read_bytes()
        anvandare = administrator()

        fragor = Fragerakning()
        with connection.execute_wrapper(fragor):
            start = time.perf_counter()
            resultat = importera_deltagare(user=anvandare, innehall=innehall, filnamn=fil.name)
            sekunder = time.perf_counter() - start
        if resultat.fel or resultat.nya != args.rows:
            for fel in resultat.fel[:20]:
                print(fel, file=sys.stderr)
            sys.exit(f"Importen misslyckades: {len(resultat.fel)} fel, {resultat.nya} nya av {args.rows}.")
        toppminne = toppminne_mb()
        openpyxl_s = openpyxl_las(innehall)
        print(f"Importerade {args.rows} rader på {sekunder:.2f} s; openpyxl läser filen på {openpyxl_s:.2f} s.")
        print(
            json.dumps(
                {
                    "rows": args.rows,
                    "seconds": round(sekunder, 3),
                    "rows_per_s": round(args.rows / sekunder),
                    "queries": fragor.antal,
                    "peak_mb": toppminne,
                    "openpyxl_read_s": round(openpyxl_s, 3),
                    "ratio": round(sekunder / openpyxl_s, 3),
                    "database": connection.vendor,
                    "phases": {namn: round(sek, 3) for namn, sek in resultat.tider.items()},
                }
            )
        )


if __name__ == "__main__":
    main()
