"""Benchmark of the report module (docs/regler.md §3): the whole half-year report set against one
hand-written SQL query for Tabell 1, on a fresh database with N synthetic participants.

    .venv/bin/python bench/reports.py --rows 1000000 [--database-url postgres://postgres@127.0.0.1:5432/rapport_bench]

Without --database-url a temporary SQLite file is used. A PostgreSQL database is created for the
run and dropped afterwards (also when the run fails), so its name must contain "bench". The
participants are spread over six insatser and 2019–2025 and written with COPY (PostgreSQL) or one
executemany transaction (SQLite), not through the import. Each measurement is the median of
--runs runs (at least 7), everything interleaved in the same run:

- reference: one hand-written query for Tabell 1 (insats × kön × active/started/ended);
- report: every table of the page (the 18 of the contract and the further ones);
- page: what the report page computes for one view: the tables, their published form and their
  figures drawn as SVG (the HTML template itself is not included);
- publicering: the tables for publication, masked together.

Prints one final JSON line: rows, queries, reference_ms, report_ms, ratio (and database, runs,
load_s, page_ms, page_ratio, publicering_ms).
"""

import argparse
import datetime
import json
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROT))

FRAN, TILL = datetime.date(2025, 1, 1), datetime.date(2025, 6, 30)
INSATSER = ("MGT", "Aktivitetsplatsen", "Novum", "IPS-psykos", "IPS-beroende", "Hälsofrämjande")
# Typical months from start to exit per insats (MGT: the 12-month follow-up).
LANGD = {"MGT": (12, 13), "Aktivitetsplatsen": (3, 6), "Hälsofrämjande": (1, 4)}
FORSTA_DAG, SISTA_DAG = datetime.date(2019, 1, 1), datetime.date(2025, 12, 31)
NYA_ORSAKER = [
    "arbete",
    "studier",
    "arbetsformedlingen",
    "rehabiliteringssamverkan",
    "jobbtorg-amf",
    "finsam-insats",
    "sysselsattning-daglig-verksamhet",
    "varaktig-sjukersattning",
    "medicinsk-utredning-vard-rehabilitering",
    "ovriga",
]
GAMLA_ORSAKER = ["arbete", "studier", "arbetssokande", "fortsatt-rehabilitering", "sjukdom", "annat"]

REFERENS_SQL = """
SELECT d.insats_id, d.kon,
       SUM(CASE WHEN (i.raknesatt = 'period' AND d.startdatum <= %(till)s
                      AND (d.slutdatum IS NULL OR d.slutdatum >= %(fran)s))
                  OR (i.raknesatt = 'start' AND d.startdatum BETWEEN %(fran)s AND %(till)s)
                THEN 1 ELSE 0 END) AS aktiva,
       SUM(CASE WHEN d.startdatum BETWEEN %(fran)s AND %(till)s THEN 1 ELSE 0 END) AS borjade,
       SUM(CASE WHEN d.slutdatum BETWEEN %(fran)s AND %(till)s THEN 1 ELSE 0 END) AS avslutade
FROM deltagare_deltagare d
JOIN insatser_insats i ON i.id = d.insats_id
WHERE d.startdatum <= %(till)s AND (d.slutdatum IS NULL OR d.slutdatum >= %(fran)s)
GROUP BY d.insats_id, d.kon
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, required=True, help="antal syntetiska deltagare")
    parser.add_argument("--database-url", help="PostgreSQL-databas (skapas om; namnet ska innehålla bench)")
    parser.add_argument("--runs", type=int, default=7, help="mätningar per fråga, minst 7")
    parser.add_argument("--seed", type=int, default=20250630)
    args = parser.parse_args()
    if args.rows < 1:
        parser.error("--rows måste vara minst 1")
    if args.runs < 7:
        parser.error("--runs måste vara minst 7 (medianen av minst sju körningar)")

    tmp = None
    if args.database_url:
        url = args.database_url
        skapa_postgres(url)
    else:
        tmp = tempfile.TemporaryDirectory(prefix="rapport-bench-")
        url = f"sqlite:///{tmp.name}/bench.sqlite3"
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_DEBUG", "1")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "finsam.settings")
    try:
        import django

        django.setup()
        from django.core.management import call_command

        call_command("migrate", verbosity=0)
        start = time.perf_counter()
        fyll(args.rows, random.Random(args.seed))
        laddning = time.perf_counter() - start
        logg(f"{args.rows} deltagare inlästa på {laddning:.1f} s")
        resultat = mat(args.rows, args.runs)
        resultat["load_s"] = round(laddning, 1)
        print(json.dumps(resultat))
    finally:
        if args.database_url:
            ta_bort_postgres(url)
        if tmp is not None:
            tmp.cleanup()


def logg(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def skapa_postgres(url: str) -> None:
    import psycopg

    delar = urlsplit(url)
    namn = delar.path.lstrip("/")
    if "bench" not in namn:
        sys.exit(f"Databasen {namn!r} skapas om från början; använd ett namn som innehåller 'bench'.")
    admin = urlunsplit(delar._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as anslutning:
        anslutning.execute(f'DROP DATABASE IF EXISTS "{namn}"')
        anslutning.execute(f'CREATE DATABASE "{namn}"')


def ta_bort_postgres(url: str) -> None:
    """The run's database goes when the run ends (open connections too)."""
    import psycopg

    if "django" in sys.modules:
        from django.db import connections

        connections.close_all()
    delar = urlsplit(url)
    admin = urlunsplit(delar._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as anslutning:
        anslutning.execute(f'DROP DATABASE IF EXISTS "{delar.path.lstrip("/")}" WITH (FORCE)')


def fyll(antal: int, slump: random.Random) -> None:
    """N participants (and MGT's follow-ups) written straight into the tables."""
    from django.db import connection, transaction
    from django.utils import timezone

    from bench.deltagardata import deltagarrad, kodlistor
    from deltagare.models import Avslutsorsak, Deltagare, Uppfoljning, Uppfoljningsutfall
    from insatser.models import Insats

    insatser = [Insats.objects.get(kortnamn=k) for k in INSATSER]
    orsak = {o.kod: o.pk for o in Avslutsorsak.objects.all()}
    uppfoljningsutfall = list(Uppfoljningsutfall.objects.values_list("pk", flat=True))
    koder = kodlistor()
    nu = timezone.now()
    dagar = (SISTA_DAG - FORSTA_DAG).days
    kolumner = [f.column for f in Deltagare._meta.concrete_fields]
    ukolumner = [f.column for f in Uppfoljning._meta.concrete_fields]

    def deltagare():
        for nummer in range(1, antal + 1):
            insats = insatser[nummer % len(insatser)]
            start = FORSTA_DAG + datetime.timedelta(days=slump.randrange(dagar + 1))
            kort, lang = LANGD.get(insats.kortnamn, (3, 30))
            slut = start + datetime.timedelta(days=30 * slump.randint(kort, lang) + slump.randrange(30))
            if slut > SISTA_DAG or slump.random() < 0.02:
                slut = None
            rad = deltagarrad(
                slump,
                kolumner=kolumner,
                nummer=nummer,
                deltagar_id=f"B{nummer:07d}",
                insats=insats,
                start=start,
                slut=slut,
                konvikter=(52, 46, 2),
                koder=koder,
                avslutsorsak=lambda slut: orsak[slump.choice(NYA_ORSAKER if slut.year >= 2025 else GAMLA_ORSAKER)],
                nu=nu,
            )
            yield insats, rad

    uppfoljning_id = 0
    with transaction.atomic(), connection.cursor() as cursor:
        skrivare = Skrivare(cursor, connection.vendor)
        for insats, rad in deltagare():
            skrivare.rad(Deltagare._meta.db_table, kolumner, [rad[k] for k in kolumner])
            for manader in insats.uppfoljningar:
                uppfoljning_id += 1
                planerad = rad["startdatum"] + datetime.timedelta(days=30 * manader)
                utford = planerad if slump.random() < 0.9 and planerad < SISTA_DAG else None
                urad = {
                    "id": uppfoljning_id,
                    "deltagare_id": rad["id"],
                    "manader": manader,
                    "planerad_datum": planerad,
                    "utford_datum": utford,
                    "utfall_id": slump.choice(uppfoljningsutfall) if utford else None,
                    "ej_genomford_orsak_id": None,
                    "utford_av_id": None,
                }
                skrivare.rad(Uppfoljning._meta.db_table, ukolumner, [urad[k] for k in ukolumner])
        skrivare.klar()
        if connection.vendor == "postgresql":
            for tabell in (Deltagare._meta.db_table, Uppfoljning._meta.db_table):
                cursor.execute(
                    f"SELECT setval(pg_get_serial_sequence('{tabell}', 'id'), (SELECT MAX(id) FROM {tabell}))"
                )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


class Skrivare:
    """COPY on PostgreSQL, batched executemany elsewhere; rows of several tables interleaved."""

    def __init__(self, cursor, vendor: str) -> None:
        self.cursor, self.vendor = cursor, vendor
        self.buffert: dict[tuple, list] = {}

    def rad(self, tabell: str, kolumner: list[str], varden: list) -> None:
        nyckel = (tabell, tuple(kolumner))
        self.buffert.setdefault(nyckel, []).append(varden)
        if len(self.buffert[nyckel]) >= 50_000:
            self._skriv(nyckel)

    def klar(self) -> None:
        for nyckel in list(self.buffert):
            self._skriv(nyckel)

    def _skriv(self, nyckel: tuple) -> None:
        tabell, kolumner = nyckel
        rader, self.buffert[nyckel] = self.buffert[nyckel], []
        if not rader:
            return
        if self.vendor == "postgresql":
            with self.cursor.cursor.copy(f"COPY {tabell} ({', '.join(kolumner)}) FROM STDIN") as copy:
                for rad in rader:
                    copy.write_row(rad)
        else:
            platser = ", ".join(["%s"] * len(kolumner))
            self.cursor.executemany(f"INSERT INTO {tabell} ({', '.join(kolumner)}) VALUES ({platser})", rader)


def mat(antal: int, korningar: int) -> dict:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from rapporter import berakna_alla
    from rapporter.figurer import data_uri, figur_for
    from rapporter.visning import visa

    def rapport():
        return berakna_alla(fran=FRAN, till=TILL)

    def referens():
        with connection.cursor() as cursor:
            cursor.execute(REFERENS_SQL, {"fran": FRAN, "till": TILL})
            return cursor.fetchall()

    def publicering():
        return berakna_alla(fran=FRAN, till=TILL, publicering=True)

    def sida():
        # What one view of the report page computes: the tables once, their published form and
        # every figure drawn into the page.
        for tabell in berakna_alla(fran=FRAN, till=TILL):
            visa(tabell)
            figur = figur_for(tabell)
            if figur is not None:
                data_uri(figur)

    # Warm caches and check that both agree on the headline number.
    tabeller, rader = rapport(), referens()
    assert tabeller[1]["summa"]["varden"][-1] == sum(r[2] for r in rader), "rapport och referens skiljer sig"
    with CaptureQueriesContext(connection) as fragor:
        rapport()
    tider: dict[str, list[float]] = {"referens": [], "rapport": [], "sida": [], "publicering": []}
    for _ in range(korningar):
        for namn, funktion in (
            ("referens", referens),
            ("rapport", rapport),
            ("sida", sida),
            ("publicering", publicering),
        ):
            start = time.perf_counter()
            funktion()
            tider[namn].append((time.perf_counter() - start) * 1000)
    median = {namn: statistics.median(v) for namn, v in tider.items()}
    for namn, v in tider.items():
        logg(f"{namn}: median {median[namn]:.1f} ms (min {min(v):.1f}, max {max(v):.1f})")
    return {
        "rows": antal,
        "queries": len(fragor.captured_queries),
        "reference_ms": round(median["referens"], 1),
        "report_ms": round(median["rapport"], 1),
        "ratio": round(median["rapport"] / median["referens"], 2),
        "database": connection.vendor,
        "runs": korningar,
        "page_ms": round(median["sida"], 1),
        "page_ratio": round(median["sida"] / median["referens"], 2),
        "publicering_ms": round(median["publicering"], 1),
    }


if __name__ == "__main__":
    main()
