"""Running in production (README, "Drift"): what gunicorn writes to its log and which proxy
headers it believes (gunicorn.conf.py)."""

import http.client
import os
import runpy
import secrets
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings

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
