"""The benchmarks' fresh database is removed when the run ends, also in a process that never
configured Django (bench/load.py only starts servers) and also when the run fails."""

import os
import subprocess
import sys
from pathlib import Path

from django.conf import settings

ROT = Path(__file__).resolve().parent.parent

SKRIPT = """
import json, os, sys
from bench.deltagardata import FarskDatabas
bank = FarskDatabas(sys.argv[1] or None)
try:
    with bank as url:
        print(json.dumps({"url": url, "pg": bank.pg_namn}), flush=True)
        if sys.argv[2] == "fel":
            raise RuntimeError("avsiktligt fel")
except RuntimeError:
    sys.exit(3)
"""


def _databaser() -> set[str]:
    import psycopg

    db = settings.DATABASES["default"]
    with psycopg.connect(
        host=db["HOST"] or "127.0.0.1", port=db["PORT"] or 5432, user=db["USER"], dbname="postgres"
    ) as anslutning:
        return {rad[0] for rad in anslutning.execute("SELECT datname FROM pg_database")}


def _kor(lage: str) -> subprocess.CompletedProcess:
    url = os.environ.get("DATABASE_URL", "") if settings.DATABASES["default"]["ENGINE"].endswith("postgresql") else ""
    miljo = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    return subprocess.run(
        [sys.executable, "-c", SKRIPT, url, lage], cwd=ROT, env=miljo, capture_output=True, text=True, timeout=60
    )


def _kontrollera_borttagen(kord: subprocess.CompletedProcess) -> None:
    import json

    rad = json.loads(kord.stdout.strip().splitlines()[0])
    if rad["pg"]:
        assert rad["pg"] not in _databaser()
    else:
        assert not Path(rad["url"].removeprefix("sqlite:///")).parent.exists()


def test_a_run_without_django_configured_exits_cleanly_and_removes_its_database():
    kord = _kor("ok")
    assert kord.returncode == 0, kord.stderr
    assert "Traceback" not in kord.stderr
    _kontrollera_borttagen(kord)


def test_a_failed_run_removes_its_database_too():
    kord = _kor("fel")
    assert kord.returncode == 3, kord.stderr
    _kontrollera_borttagen(kord)
