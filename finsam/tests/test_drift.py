"""Running in production (README, "Drift"): what gunicorn writes to its log and which proxy
headers it believes (gunicorn.conf.py), and how `make serve` and `make worker` keep the import
workers running and stop everything they started."""

import http.client
import os
import runpy
import secrets
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

ROT = Path(settings.BASE_DIR)
PERSONNUMMER = "19800101-1234"


def ledig_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def produktionsmiljo(**tillagg: str) -> dict[str, str]:
    """This environment without the application's own settings, then production's."""
    miljo = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL", "IMPORT"))}
    miljo.update(
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        DJANGO_ALLOWED_HOSTS="127.0.0.1",
        DJANGO_TVAFAKTOR_ADMIN="0",
    )
    miljo.update(tillagg)
    return miljo


def vanta_pa(villkor, *, sekunder: float = 30, beskrivning: str = "") -> None:
    slut = time.monotonic() + sekunder
    while not villkor():
        if time.monotonic() > slut:
            raise AssertionError(f"väntade förgäves: {beskrivning}")
        time.sleep(0.1)


def begar(port: int, sokvag: str, **rubriker: str) -> http.client.HTTPResponse:
    anslutning = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    anslutning.request("GET", sokvag, headers=rubriker)
    svar = anslutning.getresponse()
    svar.read()
    anslutning.close()
    return svar


@pytest.fixture
def gunicorn(tmp_path):
    """gunicorn as make serve starts it (its config file, access log to standard out)."""
    port = ledig_port()
    logg = tmp_path / "gunicorn.log"
    with logg.open("w") as ut:
        process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "finsam.wsgi", "--config", "gunicorn.conf.py",
             "--bind", f"127.0.0.1:{port}", "--workers", "1", "--access-logfile", "-"],
            cwd=ROT,
            env=produktionsmiljo(DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}"),
            stdout=ut,
            stderr=subprocess.STDOUT,
        )
    try:
        def svarar() -> bool:
            assert process.poll() is None, logg.read_text()
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                return True
            except OSError:
                return False

        vanta_pa(svarar, beskrivning="gunicorn startar")
        yield port, logg
    finally:
        process.terminate()
        process.wait(timeout=30)


def test_the_access_log_has_the_path_but_not_the_query_string_referer_or_user_agent(gunicorn):
    port, logg = gunicorn
    begar(
        port,
        f"/sok/?q={PERSONNUMMER}",
        Referer=f"https://deltagare.example.org/deltagare/?q={PERSONNUMMER}",
        **{"User-Agent": f"Testwebbläsare/1.0 {PERSONNUMMER}"},
    )
    vanta_pa(lambda: "GET /sok/" in logg.read_text(), sekunder=10, beskrivning="åtkomstloggens rad")
    (rad,) = [r for r in logg.read_text().splitlines() if "GET /sok/" in r]
    assert PERSONNUMMER not in rad
    assert "?" not in rad and "example.org" not in rad and "Testwebb" not in rad


def test_without_trusted_proxies_gunicorn_does_not_take_a_request_as_https_on_its_word(gunicorn):
    port, _logg = gunicorn
    # gunicorn's default believes X-Forwarded-Proto from 127.0.0.1: the request would count as
    # HTTPS and escape the redirect. Here no proxy is configured, so it is redirected.
    svar = begar(port, "/konto/login/", **{"X-Forwarded-Proto": "https"})
    assert svar.status == 301
    assert svar.getheader("Location") == f"https://127.0.0.1:{port}/konto/login/"


def test_gunicorn_keeps_its_own_proxy_setting_when_proxies_are_configured(monkeypatch):
    monkeypatch.setenv("DJANGO_ANTAL_PROXYER", "1")
    assert "forwarded_allow_ips" not in runpy.run_path(str(ROT / "gunicorn.conf.py"))
    monkeypatch.setenv("DJANGO_ANTAL_PROXYER", "0")
    assert runpy.run_path(str(ROT / "gunicorn.conf.py"))["forwarded_allow_ips"] == ""


# --- make serve and make worker -------------------------------------------------------------------

behover_make = pytest.mark.skipif(
    shutil.which("make") is None or not Path("/proc/self/stat").exists(), reason="kräver make och /proc"
)


def gruppens_processer(grupp: int) -> dict[int, str]:
    """The live processes of a process group (zombies are already dead): pid → command name."""
    processer = {}
    for katalog in Path("/proc").iterdir():
        if not katalog.name.isdigit():
            continue
        try:
            stat = (katalog / "stat").read_text()
        except OSError:
            continue
        namn, falt = stat[stat.index("(") + 1 : stat.rindex(")")], stat[stat.rindex(")") + 2 :].split()
        if int(falt[2]) == grupp and falt[0] != "Z":
            processer[int(katalog.name)] = namn
    return processer


def starta_make(mal: str, miljo: dict[str, str], logg: Path) -> subprocess.Popen:
    """make in a process group of its own, as from a terminal (Ctrl-C not ignored); the
    virtual environment counts as installed."""
    with logg.open("w") as ut:
        return subprocess.Popen(
            ["make", "--no-print-directory", "-o", ".venv/bin/.installed", mal],
            cwd=ROT,
            env=miljo,
            stdout=ut,
            stderr=subprocess.STDOUT,
            start_new_session=True,
            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
        )


def stoppa(process: subprocess.Popen) -> None:
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)


@pytest.fixture
def migrerad_databas(tmp_path, django_db_setup, django_db_blocker) -> str:
    """A migrated SQLite database for make: a copy of the test run's when that is SQLite (a
    second instead of a migration), else migrated here."""
    fil = tmp_path / "db.sqlite3"
    with django_db_blocker.unblock():
        if connection.vendor == "sqlite":
            connection.ensure_connection()
            with sqlite3.connect(fil) as kopia:
                connection.connection.backup(kopia)
            kopia.close()
            return f"sqlite:///{fil}"
    miljo = produktionsmiljo(DATABASE_URL=f"sqlite:///{fil}")
    subprocess.run([sys.executable, "manage.py", "migrate", "-v", "0"], cwd=ROT, env=miljo, check=True)
    return f"sqlite:///{fil}"


def arbetsprocesser(grupp: int) -> set[int]:
    return {pid for pid, namn in gruppens_processer(grupp).items() if namn.startswith("python")}


@behover_make
@pytest.mark.parametrize("stoppsignal", ["SIGTERM till make", "Ctrl-C"])
def test_make_worker_starts_a_worker_that_died_again_and_stops_with_make(tmp_path, migrerad_databas, stoppsignal):
    miljo = produktionsmiljo(DATABASE_URL=migrerad_databas, OMSTART_S="1")
    logg = tmp_path / "make.log"
    make = starta_make("worker", miljo, logg)
    try:
        vanta_pa(lambda: "Starting worker" in logg.read_text(), beskrivning="arbetsprocessen startar")
        (forsta,) = arbetsprocesser(make.pid)
        os.kill(forsta, signal.SIGKILL)
        vanta_pa(lambda: logg.read_text().count("Starting worker") == 2, beskrivning="arbetsprocessen startas om")
        assert "Arbetsprocessen slutade (kod 137); startar om om 1 s." in logg.read_text()
        (andra,) = arbetsprocesser(make.pid)
        assert andra != forsta
        if stoppsignal == "Ctrl-C":
            os.killpg(make.pid, signal.SIGINT)
        else:
            make.send_signal(signal.SIGTERM)
        make.wait(timeout=30)
        vanta_pa(lambda: not gruppens_processer(make.pid), sekunder=5, beskrivning="inga processer kvar")
    finally:
        stoppa(make)


@behover_make
def test_make_serve_stops_gunicorn_and_every_worker_when_make_gets_sigterm(tmp_path, migrerad_databas):
    port = ledig_port()
    miljo = produktionsmiljo(
        DATABASE_URL=migrerad_databas,
        DJANGO_STATIC_ROOT=str(tmp_path / "static"),
        BIND=f"127.0.0.1:{port}",
        WORKERS="1",
        IMPORTARBETARE="2",
    )
    logg = tmp_path / "make.log"
    make = starta_make("serve", miljo, logg)
    try:
        vanta_pa(lambda: logg.read_text().count("Starting worker") == 2, sekunder=90, beskrivning="make serve startar")
        vanta_pa(lambda: "Booting worker" in logg.read_text(), beskrivning="gunicorn startar")
        assert begar(port, f"/sok/?q={PERSONNUMMER}").status == 301
        namn = sorted(gruppens_processer(make.pid).values())
        assert namn.count("gunicorn") == 2 and namn.count("python") == 2  # master and worker; two db_worker
        make.send_signal(signal.SIGTERM)
        make.wait(timeout=60)
        vanta_pa(lambda: not gruppens_processer(make.pid), sekunder=5, beskrivning="inga processer kvar")
        assert "GET /sok/ HTTP/1.1" in logg.read_text() and PERSONNUMMER not in logg.read_text()
    finally:
        stoppa(make)


@behover_make
def test_make_serve_refuses_a_number_of_workers_that_is_not_a_number(tmp_path):
    miljo = produktionsmiljo(
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}", IMPORTARBETARE="två", BIND=f"127.0.0.1:{ledig_port()}"
    )
    logg = tmp_path / "make.log"
    make = starta_make("serve", miljo, logg)
    try:
        assert make.wait(timeout=30) != 0
    finally:
        stoppa(make)
    assert "IMPORTARBETARE måste vara ett heltal (0 eller fler), inte 'två'." in logg.read_text()
    assert not (tmp_path / "db.sqlite3").exists()
