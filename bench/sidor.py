"""Page benchmark: what a project leader, the kansli and an administrator wait for, measured
through the production server (gunicorn, DEBUG off) over HTTP on 127.0.0.1.

    .venv/bin/python bench/sidor.py --rows 200000 [--database-url postgres://postgres@127.0.0.1:5432/sidor]

A fresh database is made for the run (a temporary SQLite file, or a new PostgreSQL database whose
name contains "bench" on the server of --database-url) and removed afterwards, also when the run
fails. N participants are written with COPY (PostgreSQL) or executemany (SQLite), shaped like
real use: most in a few large insatser, about 1 % Annan könsidentitet, 85 % with consent, exits
with reasons from the list of their year, a few left open without an exit, MGT's follow-ups at
3, 6 and 12 months (nine in ten done once due), and one read per participant in the audit log.

Every page and API endpoint the three roles use is requested --requests times (after a warm-up):
median and p95 of the time to the last byte, queries per request (counted by a middleware that
only this benchmark's settings switch on, bench/installningar.py) and response size. The report
page is measured with all its charts (every <img> it links, fetched in turn, or charts embedded
in the page) and printed beside one computation of all its tables in the same run. Prints the
table, then one final JSON line (naming the database it dropped).
"""

import argparse
import base64
import datetime
import html
import http.client
import json
import os
import random
import re
import secrets
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

ROT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROT))

from bench.deltagardata import FarskDatabas, deltagarrad, kodlistor, starta_django  # noqa: E402  (run as a script)

PYTHON = sys.executable
LOSENORD = secrets.token_urlsafe(16)
# Share of the participants per insats (the rest share the remaining insatser evenly).
ANDELAR = {
    "MGT": 0.30,
    "Aktivitetsplatsen": 0.20,
    "Novum": 0.10,
    "IPS-psykos": 0.10,
    "IPS-beroende": 0.10,
    "Hälsofrämjande": 0.10,
}
# Months from start to exit (MGT: the exit is registered at the 12-month follow-up).
LANGD = {"MGT": (12, 13), "Aktivitetsplatsen": (3, 6), "Hälsofrämjande": (1, 4)}
FORSTA_DAG = datetime.date(2019, 1, 1)


def logg(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


# --- Data ---------------------------------------------------------------------------------------


class Skrivare:
    """COPY on PostgreSQL, batched executemany on SQLite."""

    def __init__(self, cursor, vendor: str) -> None:
        self.cursor, self.vendor = cursor, vendor
        self.buffert: dict[tuple, list] = {}

    def rad(self, tabell: str, kolumner: tuple[str, ...], varden: list) -> None:
        nyckel = (tabell, kolumner)
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


def fyll(antal: int, slump: random.Random, ledare) -> None:
    """N participants, their follow-ups and one logged read each, straight into the tables."""
    from auditlog.models import LogEntry
    from django.contrib.contenttypes.models import ContentType
    from django.db import connection, transaction
    from django.utils import timezone

    from deltagare.models import Avslutsorsak, Deltagare, Uppfoljning, Uppfoljningsutfall
    from deltagare.services import add_months
    from insatser.models import Insats

    idag = timezone.localdate()
    insatser = list(Insats.objects.all())
    ovriga = [i for i in insatser if i.kortnamn not in ANDELAR]
    vikter = [ANDELAR.get(i.kortnamn, (1 - sum(ANDELAR.values())) / len(ovriga)) for i in insatser]
    nya = list(Avslutsorsak.objects.filter(aktiv=True).values_list("pk", flat=True))
    gamla = list(Avslutsorsak.objects.filter(aktiv=False).values_list("pk", flat=True)) or nya
    koder = kodlistor()
    nu = timezone.now()
    kolumner = tuple(f.column for f in Deltagare._meta.concrete_fields)
    ukolumner = tuple(f.column for f in Uppfoljning._meta.concrete_fields)
    utfall = list(Uppfoljningsutfall.objects.values_list("pk", flat=True))
    lkolumner = (
        "content_type_id", "object_pk", "object_id", "object_repr", "action", "changes_text", "changes", "actor_id", "timestamp"
    )
    typ = ContentType.objects.get_for_model(Deltagare).pk
    uppfoljning_id = 0
    with transaction.atomic(), connection.cursor() as cursor:
        skrivare = Skrivare(cursor, connection.vendor)
        for nummer in range(1, antal + 1):
            insats = slump.choices(insatser, weights=vikter)[0]
            sista = min(idag, insats.slutdatum or idag)
            start = FORSTA_DAG + datetime.timedelta(days=slump.randrange((sista - FORSTA_DAG).days + 1))
            kort, lang = LANGD.get(insats.kortnamn, (3, 30))
            slut = add_months(start, slump.randint(kort, lang)) + datetime.timedelta(days=slump.randrange(30))
            if slut > sista or slump.random() < 0.02:
                # Still taking part, or (2 %) left open without an exit: the data-quality case.
                slut = None
            rad = deltagarrad(
                slump,
                kolumner=kolumner,
                nummer=nummer,
                deltagar_id=f"D{nummer:07d}",
                insats=insats,
                start=start,
                slut=slut,
                konvikter=(51.5, 47.5, 1),
                koder=koder,
                avslutsorsak=lambda slut: slump.choice(nya if slut.year >= 2025 else gamla),
                nu=nu,
            )
            skrivare.rad(Deltagare._meta.db_table, kolumner, [rad[k] for k in kolumner])
            for manader in insats.uppfoljningar:
                uppfoljning_id += 1
                planerad = add_months(start, manader)
                utford = None
                if planerad <= idag and slump.random() < 0.9:
                    utford = min(idag, planerad + datetime.timedelta(days=slump.randrange(20)))
                urad = {
                    "id": uppfoljning_id,
                    "deltagare_id": nummer,
                    "manader": manader,
                    "planerad_datum": planerad,
                    "utford_datum": utford,
                    "utford_av_id": ledare.pk if utford else None,
                    "utfall_id": slump.choice(utfall) if utford else None,
                    "ej_genomford_orsak_id": None,
                }
                skrivare.rad(Uppfoljning._meta.db_table, ukolumner, [urad[k] for k in ukolumner])
            las = nu - datetime.timedelta(days=slump.randrange(365), seconds=slump.randrange(86400))
            skrivare.rad(
                LogEntry._meta.db_table,
                lkolumner,
                [typ, str(nummer), nummer, rad["deltagar_id"], LogEntry.Action.ACCESS, "", "{}", ledare.pk, las],
            )
        skrivare.klar()
        if connection.vendor == "postgresql":
            for tabell in (Deltagare._meta.db_table, Uppfoljning._meta.db_table):
                cursor.execute(
                    f"SELECT setval(pg_get_serial_sequence('{tabell}', 'id'), (SELECT MAX(id) FROM {tabell}))"
                )
    with connection.cursor() as cursor:
        # A database in use has been vacuumed by autovacuum: statistics and the visibility map
        # (which lets PostgreSQL answer from an index alone) as it would find them.
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")


def historik(deltagare, anvandare: list) -> None:
    """A participant that has been opened 200 times over 20 days by three people and changed
    five times: the page that grew with its history."""
    from auditlog.models import LogEntry
    from django.contrib.contenttypes.models import ContentType
    from django.utils import timezone

    typ = ContentType.objects.get_for_model(deltagare)
    nu = timezone.now()
    poster = []
    for nummer in range(200):
        poster.append(
            LogEntry(
                content_type=typ,
                object_pk=str(deltagare.pk),
                object_id=deltagare.pk,
                object_repr=str(deltagare),
                action=LogEntry.Action.ACCESS,
                changes={},
                actor=anvandare[nummer % len(anvandare)],
                timestamp=nu - datetime.timedelta(days=nummer % 20, minutes=nummer),
            )
        )
    for nummer in range(5):
        poster.append(
            LogEntry(
                content_type=typ,
                object_pk=str(deltagare.pk),
                object_id=deltagare.pk,
                object_repr=str(deltagare),
                action=LogEntry.Action.UPDATE,
                changes={"lots": ["False", "True"], "version": [str(nummer + 1), str(nummer + 2)]},
                actor=anvandare[0],
                timestamp=nu - datetime.timedelta(days=nummer * 3, hours=1),
            )
        )
    LogEntry.objects.bulk_create(poster)


def anvandare() -> dict:
    """The three roles: MGT's project leader, one of the kansli and an administrator."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    from insatser.behorighet import ADMINISTRATOR_GROUP, KANSLI_GROUP
    from insatser.models import Insats

    User = get_user_model()
    ledare = User.objects.create_user("bench-ledare", password=LOSENORD)
    Insats.objects.get(kortnamn="MGT").projektledare.add(ledare)
    kansli = User.objects.create_user("bench-kansli", password=LOSENORD, is_staff=True)
    kansli.groups.add(Group.objects.get(name=KANSLI_GROUP))
    admin = User.objects.create_superuser("bench-admin", password=LOSENORD)
    admin.groups.add(Group.objects.get(name=ADMINISTRATOR_GROUP))
    return {"projektledare": ledare, "kansli": kansli, "administratör": admin}


# --- HTTP ---------------------------------------------------------------------------------------


class Klient:
    """One signed-in browser: cookies kept by hand (the production cookies are Secure, and this
    is plain HTTP on loopback), one connection per request as gunicorn's sync workers close it."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.kakor: dict[str, str] = {}

    def begar(self, metod: str, sokvag: str, data: dict | None = None) -> tuple[int, dict, bytes, float]:
        headers = {"Host": "127.0.0.1", "Accept": "*/*"}
        if self.kakor:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.kakor.items())
        body = None
        if data is not None:
            body = urlencode(data)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        start = time.perf_counter()
        anslutning = http.client.HTTPConnection("127.0.0.1", self.port, timeout=300)
        try:
            anslutning.request(metod, sokvag, body=body, headers=headers)
            svar = anslutning.getresponse()
            innehall = svar.read()
        finally:
            anslutning.close()
        tid = time.perf_counter() - start
        for varde in svar.headers.get_all("Set-Cookie") or []:
            for namn, kaka in SimpleCookie(varde).items():
                self.kakor[namn] = kaka.value
        return svar.status, dict(svar.headers.items()), innehall, tid

    def logga_in(self, anvandarnamn: str) -> None:
        status, _, sida, _ = self.begar("GET", "/konto/login/")
        token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', sida)
        if status != 200 or token is None:
            raise SystemExit(f"Inloggningssidan svarade {status}")
        data = {"username": anvandarnamn, "password": LOSENORD, "csrfmiddlewaretoken": token.group(1).decode()}
        status, headers, _, _ = self.begar("POST", "/konto/login/", data)
        if status != 302:
            raise SystemExit(f"Inloggningen som {anvandarnamn} misslyckades ({status})")


def ledig_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def percentil(varden: list[float], p: float) -> float:
    ordnade = sorted(varden)
    if len(ordnade) == 1:
        return ordnade[0]
    plats = (len(ordnade) - 1) * p / 100
    under = int(plats)
    over = min(under + 1, len(ordnade) - 1)
    return ordnade[under] + (ordnade[over] - ordnade[under]) * (plats - under)


class Matning:
    def __init__(self, roll: str, vad: str, sokvag: str) -> None:
        self.roll, self.vad, self.sokvag = roll, vad, sokvag
        self.tider: list[float] = []
        self.fragor: list[int] = []
        self.storlek: list[int] = []
        self.delar = 1

    def rad(self) -> dict:
        return {
            "roll": self.roll,
            "vad": self.vad,
            "url": self.sokvag,
            "median_ms": round(statistics.median(self.tider) * 1000, 1),
            "p95_ms": round(percentil(self.tider, 95) * 1000, 1),
            # The usual count: a worker's first request also fills its process caches.
            "fragor": statistics.mode(self.fragor),
            "kb": round(statistics.median(self.storlek) / 1024, 1),
            "anrop": self.delar,
        }


def hamta(klient: Klient, sokvag: str) -> tuple[bytes, float, int]:
    status, headers, innehall, tid = klient.begar("GET", sokvag)
    if status != 200:
        raise SystemExit(f"GET {sokvag} svarade {status}: {innehall[:300]!r}")
    return innehall, tid, int(headers.get("X-Bench-Fragor", "0"))


def rapportsidans_delar(sida: bytes) -> tuple[list[str], int]:
    """The chart images the page links (fetched by the browser) and the charts it embeds."""
    text = sida.decode()
    bilder = [html.unescape(s) for s in re.findall(r'<img[^>]+src="(/rapporter/[^"]+)"', text)]
    inbaddade = len(re.findall(r"<svg[\s>]", text)) + len(re.findall(r'src="data:image/', text))
    return bilder, inbaddade


def nedladdningar(sida: bytes) -> list[str]:
    """The report files the page offers (not the single charts' downloads)."""
    lankar = [html.unescape(s) for s in re.findall(r'href="(/rapporter/[^"#]+)"', sida.decode())]
    return sorted({lank for lank in lankar if "/diagram/" not in lank and lank.split("?")[0] != "/rapporter/"})


def mat(klient: Klient, matning: Matning, antal: int, arbetare: int) -> Matning:
    for _ in range(2 * arbetare):  # warm-up: every worker has loaded its code and caches
        hamta(klient, matning.sokvag)
    for _ in range(antal):
        innehall, tid, fragor = hamta(klient, matning.sokvag)
        matning.tider.append(tid)
        matning.fragor.append(fragor)
        matning.storlek.append(len(innehall))
    return matning


def mat_rapportsidan(klient: Klient, antal: int) -> tuple[Matning, int, int]:
    """The page and then every chart it links, as a browser would fetch them, one after another."""
    matning = Matning("kansli", "rapportsidan med alla diagram", "/rapporter/")
    for varv in range(antal + 1):
        sida, tid, fragor = hamta(klient, "/rapporter/")
        bilder, inbaddade = rapportsidans_delar(sida)
        storlek = len(sida)
        for bild in bilder:
            innehall, bildtid, bildfragor = hamta(klient, bild)
            tid += bildtid
            fragor += bildfragor
            storlek += len(innehall)
        if varv:  # the first round warms up
            matning.tider.append(tid)
            matning.fragor.append(fragor)
            matning.storlek.append(storlek)
    matning.delar = 1 + len(bilder)
    return matning, len(bilder), inbaddade


# --- The run ------------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, required=True, help="antal deltagare")
    parser.add_argument("--database-url", help="PostgreSQL-server (en ny databas med bench i namnet skapas och tas bort)")
    parser.add_argument("--requests", type=int, default=10, help="mätningar per adress (standard 10)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn-arbetare (standard 2)")
    parser.add_argument("--seed", type=int, default=20251231)
    args = parser.parse_args(argv)
    if args.rows < 100:
        parser.error("--rows måste vara minst 100")
    if args.requests < 1:
        parser.error("--requests måste vara minst 1")
    bank = FarskDatabas(args.database_url)
    with bank as url, tempfile.TemporaryDirectory(prefix="bench-static-") as statiska:
        resultat = kor(args, url, statiska)
    # Printed once the database is gone, naming it, so a caller can check that it is.
    resultat["dropped_database"] = bank.pg_namn
    skriv_tabell(resultat)
    print(json.dumps(resultat, ensure_ascii=False))
    return resultat


def kor(args, url: str, statiska: str) -> dict:
    starta_django()
    from django.db import connection
    from django.utils import timezone

    from deltagare.models import Deltagare, Uppfoljning
    from insatser.models import Insats

    roller = anvandare()
    start = time.perf_counter()
    fyll(args.rows, random.Random(args.seed), roller["projektledare"])
    laddning = time.perf_counter() - start
    logg(f"{args.rows} deltagare inlästa på {laddning:.1f} s ({connection.vendor})")

    mgt = Insats.objects.get(kortnamn="MGT")
    idag = timezone.localdate()
    mgts = Deltagare.objects.filter(insats=mgt)
    antal_mgt = mgts.count()
    visad = mgts.filter(slutdatum__isnull=True).order_by("id").first() or mgts.order_by("id").first()
    historik(visad, list(roller.values()))
    halvar = idag.replace(month=1, day=1) if idag.month <= 6 else idag.replace(month=7, day=1)
    sok = visad.deltagar_id[-4:-1]
    api_sida = 50
    berakning = berakna_tabellerna(args.requests)
    connection.close()

    port = ledig_port()
    miljo = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL", "API_"))},
        "DATABASE_URL": url,
        "DJANGO_SETTINGS_MODULE": "bench.installningar",
        "BENCH_STATIC_ROOT": statiska,
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_SECURE_SSL_REDIRECT": "0",
        "DJANGO_TVAFAKTOR_ADMIN": "0",
        "API_BEGRANSNING_INLOGGAD": "1000000/minute",
        "API_SIDSTORLEK": str(api_sida),
    }
    subprocess.run(
        [PYTHON, "manage.py", "collectstatic", "--noinput", "-v", "0"], cwd=ROT, env=miljo, check=True
    )
    gunicorn = subprocess.Popen(
        [PYTHON, "-m", "gunicorn", "finsam.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", str(args.workers),
         "--timeout", "300", "--log-level", "warning"],
        cwd=ROT, env=miljo,
    )
    try:
        vanta_pa(port, gunicorn)
        klienter = {}
        for roll, user in roller.items():
            klienter[roll] = Klient(port)
            klienter[roll].logga_in(user.get_username())

        lista = f"/insatser/{mgt.pk}/deltagare/"
        sista_sidan = max(1, -(-antal_mgt // 25))
        period = urlencode({"fran": halvar.isoformat(), "till": idag.isoformat()})
        halvarets_slut = halvar.replace(month=6, day=30) if halvar.month == 1 else halvar.replace(month=12, day=31)
        finsam = urlencode({"fran": halvar.isoformat(), "till": halvarets_slut.isoformat()})
        matningar = []
        for roll in roller:
            matningar.append(Matning(roll, "startsidan", "/"))
        matningar += [
            Matning("projektledare", "deltagarlista, första sidan", lista),
            Matning("projektledare", "deltagarlista, sista sidan", f"{lista}?sida={sista_sidan}"),
            Matning("projektledare", "deltagarlista, sorterad på nästa uppföljning", f"{lista}?ordning=nasta_uppfoljning"),
            Matning("projektledare", "deltagarlista, sorterad på slutdatum", f"{lista}?ordning=-slutdatum"),
            Matning("projektledare", "deltagarlista, sökning på ID", f"{lista}?deltagar_id={sok}"),
            Matning("projektledare", "deltagarlista, aktiva i halvåret", f"{lista}?status=aktiv&{period}"),
            Matning("kansli", "deltagarlista, första sidan", lista),
            Matning("projektledare", "deltagarsidan", f"/deltagare/{visad.pk}/"),
            Matning("administratör", "deltagarsidan med historik", f"/deltagare/{visad.pk}/"),
            Matning("projektledare", "uppföljningar, första sidan", "/uppfoljningar/"),
            Matning("kansli", "uppföljningar, första sidan", "/uppfoljningar/"),
        ]
        djup = djupaste_uppfoljningssidan(klienter["projektledare"])
        if djup:
            matningar.append(Matning("projektledare", "uppföljningar, sista sidan", djup))
        for roll, insats in (("projektledare", mgt), ("kansli", None)):
            forsta, sista = api_sidor(klienter[roll], insats, api_sida)
            matningar.append(Matning(roll, "API deltagare, första sidan", forsta))
            matningar.append(Matning(roll, "API deltagare, sista sidan", sista))
        matningar += [
            Matning("kansli", "API finsam", f"/api/finsam/?{finsam}"),
            Matning("kansli", "API rapport aktiva", f"/api/rapporter/aktiva/?{finsam}"),
        ]
        resultat = []
        for matning in matningar:
            mat(klienter[matning.roll], matning, args.requests, args.workers)
            resultat.append(matning.rad())
            logg(f"  {matning.roll}: {matning.vad}: {resultat[-1]['median_ms']} ms")
        rapport, bilder, inbaddade = mat_rapportsidan(klienter["kansli"], args.requests)
        rapportrad = rapport.rad()
        resultat.append(rapportrad)
        sida, _, _ = hamta(klienter["kansli"], "/rapporter/")
        for lank in nedladdningar(sida):
            resultat.append(mat(klienter["kansli"], Matning("kansli", f"nedladdning {lank.split('/')[-1].split('?')[0]}", lank), args.requests, args.workers).rad())
    finally:
        gunicorn.terminate()
        gunicorn.wait(timeout=60)

    sammanfattning = {
        "rows": args.rows,
        "database": connection.vendor,
        "requests": args.requests,
        "workers": args.workers,
        "load_s": round(laddning, 1),
        "mgt_rows": antal_mgt,
        "uppfoljningar": Uppfoljning.objects.count(),
        "report_charts_linked": bilder,
        "report_charts_embedded": inbaddade,
        "report_tables_ms": berakning,
        "report_page_ms": rapportrad["median_ms"],
        "pages": resultat,
    }
    sammanfattning["report_ratio"] = round(sammanfattning["report_page_ms"] / berakning, 2)
    return sammanfattning


def berakna_tabellerna(antal: int) -> float:
    """One computation of every table of the report page's default selection, in this process
    against the same database: the floor the page with its charts is compared with."""
    from rapporter import berakna_alla
    from rapporter.forms import RapportForm

    form = RapportForm({"period": "halvar"})
    assert form.is_valid(), form.errors
    berakna_alla(**form.parametrar())
    tider = []
    for _ in range(antal):
        start = time.perf_counter()
        berakna_alla(**form.parametrar())
        tider.append(time.perf_counter() - start)
    return round(statistics.median(tider) * 1000, 1)


def vanta_pa(port: int, gunicorn: subprocess.Popen) -> None:
    slut = time.monotonic() + 60
    while True:
        try:
            if Klient(port).begar("GET", "/konto/login/")[0] == 200:
                return
        except OSError:
            pass
        if time.monotonic() > slut or gunicorn.poll() is not None:
            raise SystemExit("gunicorn startade inte")
        time.sleep(0.2)


def djupaste_uppfoljningssidan(klient: Klient) -> str | None:
    """The follow-up list's last page, from the page's own links."""
    sida, _, _ = hamta(klient, "/uppfoljningar/")
    sidor = [int(n) for n in re.findall(rb'href="\?(?:[^"]*&amp;)?sida=(\d+)', sida)]
    return f"/uppfoljningar/?sida={max(sidor)}" if sidor else None


def api_sidor(klient: Klient, insats, storlek: int) -> tuple[str, str]:
    """The participant API's first page and its last: by page number where the API counts, by
    the cursor a client following `next` ends on where it pages by key."""
    from deltagare.models import Deltagare

    forsta = "/api/deltagare/" + (f"?insats={insats.kortnamn}" if insats else "")
    svar = json.loads(hamta(klient, forsta)[0])
    if "count" in svar:
        sista_sidan = max(1, -(-svar["count"] // storlek))
        return forsta, forsta + ("&" if insats else "?") + f"page={sista_sidan}"
    rader = Deltagare.objects.filter(insats=insats) if insats else Deltagare.objects.all()
    fore = rader.order_by("-id").values_list("id", flat=True)[storlek : storlek + 1]
    position = str(fore[0]) if fore else None
    cursor = base64.b64encode(urlencode({"p": position}).encode()).decode() if position else ""
    return forsta, forsta + ("&" if insats else "?") + urlencode({"cursor": cursor})


def skriv_tabell(s: dict) -> None:
    print(f"\n{s['rows']} deltagare, {s['database']}, {s['workers']} gunicorn-arbetare, {s['requests']} anrop per rad")
    print(f"{'roll':<14} {'vad':<46} {'median':>8} {'p95':>8} {'frågor':>7} {'kB':>9}")
    for rad in s["pages"]:
        vad = rad["vad"] + (f" ({rad['anrop']} anrop)" if rad["anrop"] > 1 else "")
        print(f"{rad['roll']:<14} {vad:<46} {rad['median_ms']:>8.1f} {rad['p95_ms']:>8.1f} {rad['fragor']:>7} {rad['kb']:>9.1f}")
    print(
        f"rapportsidan med {s['report_charts_linked']} länkade och {s['report_charts_embedded']} inbäddade diagram: "
        f"{s['report_page_ms']} ms; en beräkning av alla tabeller: {s['report_tables_ms']} ms "
        f"(kvot {s['report_page_ms'] / s['report_tables_ms']:.2f})\n"
    )


if __name__ == "__main__":
    main()
