"""Shared by the import and export benchmarks: a fresh database and N valid participant rows.

The rows are built from the fixtures (labels as a project leader would type them), so the file
can be written before Django starts, and follow the model's rules: ages 16–66 at start, no
background data without consent or for an insats that registers none, an exit reason exactly
when there is a slutdatum and the insats registers reasons, retired reasons only before 2025.
"""

import datetime
import json
import os
import random
import secrets
import sys
import tempfile
import uuid
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROT))

RUBRIKER = (
    "Insats",
    "Deltagar-ID",
    "Samtycke",
    "Kön",
    "Juridiskt kön",
    "Födelseår",
    "Utbildning",
    "Tid utan arbete",
    "Försörjning vid start",
    "Anmälande part",
    "Stadsdel",
    "Startdatum",
    "Slutdatum",
    "Avslutsorsak",
    "Försörjning vid avslut",
    "Lots",
    "Arbetsträning",
)


def _etiketter(lista: str, **villkor) -> list[str]:
    data = json.loads((ROT / "fixtures" / "kodlistor.json").read_text(encoding="utf-8"))
    return [
        rad["namn"]
        for rad in data[f"deltagare.{lista}"]
        if all(rad.get(nyckel, standard) == varde for nyckel, (varde, standard) in villkor.items())
    ]


def generera_rader(antal: int, seed: int = 2025) -> list[list]:
    slump = random.Random(seed)
    insatser = json.loads((ROT / "fixtures" / "insatser.json").read_text(encoding="utf-8"))
    utbildning = _etiketter("utbildning")
    tid = _etiketter("tidutanarbete")
    forsorjning = _etiketter("forsorjning")
    part = _etiketter("anmalandepart")
    stadsdel = _etiketter("stadsdel")
    nuvarande = _etiketter("avslutsorsak", aktiv=(True, True))
    tidigare = _etiketter("avslutsorsak", generation=("2021", None)) + ["Arbete", "Studier"]
    idag = datetime.date.today()
    forsta = datetime.date(2021, 1, 1)
    dagar = (idag - forsta).days - 400
    rader = []
    for nummer in range(antal):
        insats = insatser[nummer % len(insatser)]
        bakgrund = insats.get("registrerar_bakgrund", True)
        orsaker = insats.get("registrerar_avslutsorsak", True)
        samtycke = bakgrund and slump.random() < 0.85
        kon = slump.choice(("Kvinna", "Kvinna", "Man", "Man", "Annan könsidentitet"))
        # Registered within the insats' period, as the model requires (docs/regler.md §2).
        sista = insats.get("slutdatum")
        inom = min(dagar, (datetime.date.fromisoformat(sista) - forsta).days) if sista else dagar
        start = forsta + datetime.timedelta(days=slump.randrange(inom))
        slut = start + datetime.timedelta(days=slump.randrange(30, 400)) if slump.random() < 0.6 else None
        orsak = ""
        if slut and orsaker:
            orsak = slump.choice(tidigare if slut.year < 2025 else nuvarande)
        rad = [
            insats["kortnamn"] if nummer % 3 else insats["namn"],
            f"B-{nummer:07d}",
            "Ja" if samtycke else "Nej",
            kon,
            "Uppgift saknas" if kon.startswith("Annan") else kon,
        ]
        if samtycke:
            rad += [
                start.year - slump.randint(18, 64),
                slump.choice(utbildning),
                slump.choice(tid),
                slump.choice(forsorjning),
                slump.choice(part),
                slump.choice(stadsdel),
            ]
        else:
            rad += [None, "", "", "", "", ""]
        rad += [
            start,
            slut,
            orsak,
            slump.choice(forsorjning) if samtycke and slut else "",
            "Ja" if slump.random() < 0.3 else "Nej",
            "Ja" if slump.random() < 0.2 else "Nej",
        ]
        rader.append(rad)
    return rader


def skriv_xlsx(rader: list[list], sokvag: Path) -> None:
    """Real Excel date cells, as a project leader's file has them."""
    import xlsxwriter

    bok = xlsxwriter.Workbook(str(sokvag), {"constant_memory": True})
    blad = bok.add_worksheet("Deltagare")
    datum = bok.add_format({"num_format": "yyyy-mm-dd"})
    blad.write_row(0, 0, RUBRIKER)
    for radnummer, rad in enumerate(rader, start=1):
        for kolumn, varde in enumerate(rad):
            if varde is None or varde == "":
                continue
            if isinstance(varde, datetime.date):
                blad.write_datetime(radnummer, kolumn, datetime.datetime.combine(varde, datetime.time()), datum)
            else:
                blad.write(radnummer, kolumn, varde)
    bok.close()


class FarskDatabas:
    """A database of its own for one run: a temporary SQLite file, or a new PostgreSQL database
    on the server of --database-url (dropped afterwards)."""

    def __init__(self, database_url: str | None):
        self.url = database_url
        self.pg_namn = None
        self.katalog = tempfile.TemporaryDirectory(prefix="bench-")

    def __enter__(self) -> str:
        if self.url and self.url.startswith(("postgres://", "postgresql://")):
            import psycopg

            delar = urlsplit(self.url)
            bas = delar.path.lstrip("/") or "postgres"
            self.pg_namn = f"{bas}_bench_{uuid.uuid4().hex[:8]}"
            self._server = urlunsplit(delar._replace(path="/postgres"))
            with psycopg.connect(self._server, autocommit=True) as anslutning:
                anslutning.execute(f'CREATE DATABASE "{self.pg_namn}"')
            url = urlunsplit(delar._replace(path="/" + self.pg_namn))
        else:
            url = f"sqlite:///{Path(self.katalog.name) / 'bench.sqlite3'}"
        self._tidigare = os.environ.get("DATABASE_URL")
        os.environ["DATABASE_URL"] = url
        return url

    def __exit__(self, *exc) -> None:
        if self.pg_namn:
            from django.conf import settings

            # A benchmark that runs Django in this process holds connections to the database;
            # one that only starts servers (the load test) never configured Django here.
            if settings.configured:
                from django.db import connections

                connections.close_all()
            import psycopg

            with psycopg.connect(self._server, autocommit=True) as anslutning:
                anslutning.execute(f'DROP DATABASE IF EXISTS "{self.pg_namn}" WITH (FORCE)')
        # A run inside another process (the load test's smoke test) leaves its environment as found.
        if self._tidigare is None:
            os.environ.pop("DATABASE_URL", None)
        else:
            os.environ["DATABASE_URL"] = self._tidigare
        self.katalog.cleanup()


def starta_django() -> None:
    """Production-like settings (no DEBUG: no query log in memory), then migrate."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "finsam.settings")
    os.environ["DJANGO_DEBUG"] = "0"
    os.environ.setdefault("DJANGO_SECRET_KEY", secrets.token_urlsafe(50))
    os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "localhost")
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)


class Fragerakning:
    """Counts the queries sent to the database (execute_wrapper: no DEBUG needed)."""

    def __init__(self):
        self.antal = 0

    def __call__(self, execute, sql, params, many, context):
        self.antal += 1
        return execute(sql, params, many, context)


def toppminne_mb() -> float:
    import resource

    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def administrator():
    from django.contrib.auth import get_user_model

    return get_user_model().objects.create_superuser("bench-admin", password=uuid.uuid4().hex)


def kodlistor() -> dict[str, list[int]]:
    """The code lists' ids per background column, for the synthetic participants."""
    from deltagare.models import AnmalandePart, Forsorjning, Stadsdel, TidUtanArbete, Utbildning

    return {
        "utbildning_id": list(Utbildning.objects.values_list("pk", flat=True)),
        "tid_utan_arbete_id": list(TidUtanArbete.objects.values_list("pk", flat=True)),
        "forsorjning_start_id": list(Forsorjning.objects.values_list("pk", flat=True)),
        "anmalande_part_id": list(AnmalandePart.objects.values_list("pk", flat=True)),
        "stadsdel_id": list(Stadsdel.objects.values_list("pk", flat=True)),
    }


def deltagarrad(
    slump: random.Random,
    *,
    kolumner,
    nummer: int,
    deltagar_id: str,
    insats,
    start: datetime.date,
    slut: datetime.date | None,
    konvikter: tuple[float, float, float],
    koder: dict[str, list[int]],
    avslutsorsak,
    nu,
) -> dict:
    """One synthetic participant as Deltagare's columns, shared by the page and report
    benchmarks: kön by konvikter (K, M, A), consent for 85 %, background (5 % of answers
    missing) where consented and registered, avslutsorsak(slutdatum) → a code id for an exit."""
    kon = slump.choices("KMA", weights=konvikter)[0]
    samtycke = slump.random() < 0.85
    rad = dict.fromkeys(kolumner)
    rad.update(
        id=nummer,
        insats_id=insats.pk,
        deltagar_id=deltagar_id,
        samtycke=samtycke,
        kon=kon,
        juridiskt_kon=kon if kon != "A" else slump.choice(["K", "M", ""]),
        startdatum=start,
        slutdatum=slut,
        lots=slump.random() < 0.2,
        arbetstraning=slump.random() < 0.1,
        version=1,
        skapad=nu,
        andrad=nu,
    )
    if samtycke and insats.registrerar_bakgrund:
        rad["fodelsear"] = start.year - slump.randint(18, 64)
        for falt, lista in koder.items():
            rad[falt] = slump.choice(lista) if slump.random() > 0.05 else None
        if slut:
            rad["forsorjning_slut_id"] = slump.choice(koder["forsorjning_start_id"])
    if slut and insats.registrerar_avslutsorsak:
        rad["avslutsorsak_id"] = avslutsorsak(slut)
    return rad
