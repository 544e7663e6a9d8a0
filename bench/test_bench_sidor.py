"""Smoke test of bench/sidor.py: a few hundred rows through gunicorn, every page answered, the
JSON line printed and the database gone afterwards. No timing is asserted (README has the numbers)."""

import json
import os
import subprocess
import sys
from pathlib import Path

from django.conf import settings

SKRIPT = Path(__file__).resolve().parent / "sidor.py"


def test_page_benchmark_measures_every_page_and_cleans_up():
    kommando = [sys.executable, str(SKRIPT), "--rows", "300", "--requests", "1"]
    postgres = settings.DATABASES["default"]["ENGINE"].endswith("postgresql")
    if postgres:
        kommando += ["--database-url", os.environ["DATABASE_URL"]]
    kord = subprocess.run(kommando, capture_output=True, text=True, timeout=600, check=False)
    assert kord.returncode == 0, kord.stderr[-3000:]
    data = json.loads(kord.stdout.strip().splitlines()[-1])
    assert data["rows"] == 300
    assert data["database"] == ("postgresql" if postgres else "sqlite")
    sidor = {(rad["roll"], rad["vad"]) for rad in data["pages"]}
    assert {
        ("projektledare", "startsidan"),
        ("kansli", "startsidan"),
        ("administratör", "deltagarsidan med historik"),
        ("projektledare", "uppföljningar, första sidan"),
        ("kansli", "API deltagare, sista sidan"),
        ("kansli", "rapportsidan med alla diagram"),
    } <= sidor
    assert all(rad["fragor"] > 0 and rad["kb"] > 0 for rad in data["pages"])
    assert data["report_tables_ms"] > 0 and data["report_page_ms"] > 0
    if postgres:
        import psycopg

        db = settings.DATABASES["default"]
        assert data["dropped_database"].startswith(f"{db['NAME'].removeprefix('test_')}_bench_")
        with psycopg.connect(host=db["HOST"] or "127.0.0.1", port=db["PORT"] or 5432, user=db["USER"], dbname="postgres") as anslutning:
            kvar = anslutning.execute("SELECT 1 FROM pg_database WHERE datname = %s", [data["dropped_database"]]).fetchall()
        assert kvar == []
    else:
        assert data["dropped_database"] is None
