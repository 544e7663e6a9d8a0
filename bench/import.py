"""Import benchmark: valid rows → .xlsx → the real import path (the command's: the file read by
a child process, checked into the staging table, moved into place), in a fresh database,
against the floor measured in the same run.

    python bench/import.py --rows 100000 [--database-url postgres://postgres@127.0.0.1:5432/dtg_import_bench]
    python bench/import.py --alla [--miljon] [--database-url ...]

--rows N: one measurement. The floor is python-calamine reading the same file plus COPY
(PostgreSQL) or executemany (SQLite) of the same rows into the real table, each in a process
of its own so peak memory is the import's alone. The last line printed is JSON: rows, seconds
(end to end: preview and confirm), floor_s (floor_read_s + floor_write_s), ratio, peak_mb (the
importing process), child_peak_mb (the reading child), queries, phases.

--alla: the three ratios of the issue, each from fresh databases and processes:
  1. 100,000 rows end to end / the floor;
  2. peak memory at 100,000 (and with --miljon at 1,000,000) rows / the peak at 10,000;
  3. 1,000 rows into a database holding 300,000 / 1,000 rows into an empty one (median of 3),
     beside the floor's write of the same rows into each (what the database itself adds).
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
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

SKRIPT = Path(__file__).resolve()


def rader_med(antal: int, prefix: str, seed: int = 2025) -> list[list]:
    """The shared generator's rows with deltagar-IDs of their own (a file's, a fill's)."""
    rader = generera_rader(antal, seed=seed)
    for nummer, rad in enumerate(rader):
        rad[1] = f"{prefix}-{nummer:07d}"
    return rader


def databasrader(rader: list[list]) -> list[tuple]:
    """The generator's rows as Deltagare's columns (labels to ids), for the floor and to fill
    a database: what the floor writes, computed outside its timing."""
    from django.utils import timezone

    from deltagare.choices import JuridisktKon, Kon
    from deltagare.importexport.celler import InsatsKolumn, JaNej, Kodlista, Val
    from deltagare.importexport.kolumner import normalisera
    from deltagare.models import AnmalandePart, Avslutsorsak, Forsorjning, Stadsdel, TidUtanArbete, Utbildning

    tolkare = [
        InsatsKolumn(), None, JaNej(), Val(Kon), Val(JuridisktKon), None, Kodlista(Utbildning), Kodlista(TidUtanArbete),
        Kodlista(Forsorjning), Kodlista(AnmalandePart), Kodlista(Stadsdel), None, None, Kodlista(Avslutsorsak),
        Kodlista(Forsorjning), JaNej(), JaNej(),
    ]
    nu = timezone.now()
    ut = []
    for rad in rader:
        varden = []
        for t, v in zip(tolkare, rad):
            if t is None:
                varden.append(int(v) if isinstance(v, float) and v.is_integer() else (v if v != "" else None))
            else:
                varden.append(t.tabell()[normalisera(v)] if v not in ("", None) else t.tolka(v))
        ut.append((*varden, 1, nu, nu))
    return ut


DATABASKOLUMNER = (
    "insats_id", "deltagar_id", "samtycke", "kon", "juridiskt_kon", "fodelsear", "utbildning_id", "tid_utan_arbete_id",
    "forsorjning_start_id", "anmalande_part_id", "stadsdel_id", "startdatum", "slutdatum", "avslutsorsak_id",
    "forsorjning_slut_id", "lots", "arbetstraning", "version", "skapad", "andrad",
)


def skriv_till_databasen(tupler: list[tuple]) -> float:
    from django.db import transaction

    from deltagare.importexport.skrivning import infoga_rader
    from deltagare.models import Deltagare

    start = time.perf_counter()
    with transaction.atomic():
        infoga_rader(Deltagare, DATABASKOLUMNER, tupler)
    return time.perf_counter() - start


# --- one measurement in this process -------------------------------------------------------------


def mat_import(fil: Path, fyll: int) -> dict:
    """Import fil into a fresh database (holding fyll other participants first)."""
    with FarskDatabas(os.environ.get("BENCH_DATABASE_URL")):
        starta_django()
        from django.db import connection

        from deltagare.importexport.services import importera_deltagare

        if fyll:
            skriv_till_databasen(databasrader(rader_med(fyll, "F", seed=7)))
        anvandare = administrator()
        fragor = Fragerakning()
        with connection.execute_wrapper(fragor):
            start = time.perf_counter()
            resultat = importera_deltagare(user=anvandare, sokvag=str(fil), filnamn=fil.name)
            sekunder = time.perf_counter() - start
        if resultat.antal_fel or not resultat.sparad:
            for fel in resultat.fel[:20]:
                print(fel, file=sys.stderr)
            sys.exit(f"Importen misslyckades: {resultat.antal_fel} fel.")
        return {
            "rows": resultat.nya,
            "seconds": round(sekunder, 3),
            "queries": fragor.antal,
            "peak_mb": toppminne_mb(),
            "child_peak_mb": resultat.lasbarnets_toppminne_mb,
            "database": connection.vendor,
            "phases": {namn: round(sek, 3) for namn, sek in resultat.tider.items()},
        }


def mat_golv(fil: Path, fyll: int = 0) -> dict:
    """The floor: python-calamine reads the file; COPY/executemany writes the same rows (into
    a fresh database holding fyll other participants first)."""
    from python_calamine import CalamineWorkbook

    start = time.perf_counter()
    rader = CalamineWorkbook.from_path(str(fil)).get_sheet_by_index(0).to_python()[1:]
    las_s = time.perf_counter() - start
    with FarskDatabas(os.environ.get("BENCH_DATABASE_URL")):
        starta_django()
        if fyll:
            from django.db import connection

            skriv_till_databasen(databasrader(rader_med(fyll, "F", seed=7)))
            # As the import's process: a connection of its own, its page cache cold.
            connection.close()
        tupler = databasrader([[None if v == "" else v for v in rad] for rad in rader])
        skriv_s = skriv_till_databasen(tupler)
    return {"floor_read_s": round(las_s, 3), "floor_write_s": round(skriv_s, 3), "floor_peak_mb": toppminne_mb()}


# --- orchestration: each measurement in a process of its own ------------------------------------


def i_egen_process(*argument: str, database_url: str | None) -> dict:
    miljo = {**os.environ}
    if database_url:
        miljo["BENCH_DATABASE_URL"] = database_url
    kord = subprocess.run([sys.executable, str(SKRIPT), *argument], capture_output=True, text=True, env=miljo)
    if kord.returncode:
        sys.exit(kord.stderr)
    return json.loads(kord.stdout.strip().splitlines()[-1])


def skriv_fil(katalog: Path, antal: int, prefix: str = "B") -> Path:
    fil = katalog / f"deltagare-{prefix}-{antal}.xlsx"
    if not fil.exists():
        i_egen_process("--skriv", str(fil), "--antal", str(antal), "--prefix", prefix, database_url=None)
    return fil


def en_matning(katalog: Path, antal: int, database_url: str | None) -> dict:
    fil = skriv_fil(katalog, antal)
    resultat = i_egen_process("--importera", str(fil), database_url=database_url)
    golv = i_egen_process("--golv", str(fil), database_url=database_url)
    resultat.update(golv)
    resultat["floor_s"] = round(golv["floor_read_s"] + golv["floor_write_s"], 3)
    resultat["ratio"] = round(resultat["seconds"] / resultat["floor_s"], 2)
    return resultat


def alla(katalog: Path, database_url: str | None, miljon: bool) -> dict:
    ut: dict = {}
    storlekar = [10_000, 100_000] + ([1_000_000] if miljon else [])
    for antal in storlekar:
        ut[antal] = en_matning(katalog, antal, database_url)
        logg(f"{antal} rader: {json.dumps(ut[antal])}")
    tom, full, golv_tom, golv_full = [], [], [], []
    for upprepning in range(3):
        fil = skriv_fil(katalog, 1000, prefix=f"T{upprepning}")
        tom.append(i_egen_process("--importera", str(fil), database_url=database_url)["seconds"])
        full.append(i_egen_process("--importera", str(fil), "--fyll", "300000", database_url=database_url)["seconds"])
        # The same for the floor's write alone: what the database itself adds for a large table.
        golv_tom.append(i_egen_process("--golv", str(fil), database_url=database_url)["floor_write_s"])
        golv_full.append(i_egen_process("--golv", str(fil), "--fyll", "300000", database_url=database_url)["floor_write_s"])
    bas = ut[10_000]
    topp = {antal: m["peak_mb"] + m["child_peak_mb"] for antal, m in ut.items()}
    return {
        "database": bas["database"],
        "ratio_100k_mot_golv": ut[100_000]["ratio"],
        "import_100k_s": ut[100_000]["seconds"],
        "golv_100k_s": ut[100_000]["floor_s"],
        "topp_mb": {str(a): {"import": m["peak_mb"], "lasbarn": m["child_peak_mb"]} for a, m in ut.items()},
        "ratio_minne_100k_mot_10k": round(topp[100_000] / topp[10_000], 2),
        **({"ratio_minne_1m_mot_10k": round(topp[1_000_000] / topp[10_000], 2)} if miljon else {}),
        "import_1000_tom_s": statistics.median(tom),
        "import_1000_full_s": statistics.median(full),
        "ratio_full_mot_tom": round(statistics.median(full) / statistics.median(tom), 2),
        "golv_skriv_1000_tom_s": statistics.median(golv_tom),
        "golv_skriv_1000_full_s": statistics.median(golv_full),
        "fragor": {str(a): m["queries"] for a, m in ut.items()},
        "faser_100k": ut[100_000]["phases"],
    }


def logg(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int)
    parser.add_argument("--alla", action="store_true")
    parser.add_argument("--miljon", action="store_true", help="med --alla: även 1 000 000 rader")
    parser.add_argument("--database-url", default=None, help="PostgreSQL-server; utan den en SQLite-fil")
    # Internal: the measurements the orchestration runs in processes of their own.
    parser.add_argument("--skriv", help=argparse.SUPPRESS)
    parser.add_argument("--antal", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--prefix", default="B", help=argparse.SUPPRESS)
    parser.add_argument("--importera", help=argparse.SUPPRESS)
    parser.add_argument("--fyll", type=int, default=0, help=argparse.SUPPRESS)
    parser.add_argument("--golv", help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.skriv:
        skriv_xlsx(rader_med(args.antal, args.prefix), Path(args.skriv))
        print(json.dumps({"fil": args.skriv}))
    elif args.importera:
        print(json.dumps(mat_import(Path(args.importera), args.fyll)))
    elif args.golv:
        print(json.dumps(mat_golv(Path(args.golv), args.fyll)))
    else:
        with tempfile.TemporaryDirectory(prefix="bench-import-") as katalog:
            if args.alla:
                resultat = alla(Path(katalog), args.database_url, args.miljon)
            elif args.rows:
                resultat = en_matning(Path(katalog), args.rows, args.database_url)
                print(
                    f"Importerade {resultat['rows']} rader på {resultat['seconds']:.2f} s; golvet "
                    f"(calamine läser, {'COPY' if resultat['database'] == 'postgresql' else 'executemany'} skriver) "
                    f"{resultat['floor_s']:.2f} s; kvot {resultat['ratio']}."
                )
            else:
                parser.error("ange --rows N eller --alla")
        print(json.dumps(resultat))


if __name__ == "__main__":
    main()
