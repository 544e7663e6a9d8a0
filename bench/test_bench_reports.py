"""Smoke test of bench/reports.py: it runs at a few hundred rows and prints its JSON line.
No timing is asserted here; the numbers are measured with the benchmark itself (README)."""

import json
import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest

SKRIPT = Path(__file__).resolve().parent / "reports.py"


@pytest.fixture
def bankdatabas():
    """On PostgreSQL the script recreates a database of its own beside the suite's and leaves it
    (a benchmark run is inspected afterwards); the suite drops it, or every run would leave one."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        yield None
        return
    delar = urlsplit(url)
    namn = delar.path.lstrip("/") + "_bench_rapporter"
    yield urlunsplit(delar._replace(path="/" + namn))
    import psycopg

    with psycopg.connect(urlunsplit(delar._replace(path="/postgres")), autocommit=True) as anslutning:
        anslutning.execute(f'DROP DATABASE IF EXISTS "{namn}" WITH (FORCE)')


def test_report_benchmark_prints_its_json_line(bankdatabas):
    kommando = [sys.executable, str(SKRIPT), "--rows", "300"]
    if bankdatabas:
        # The same database engine as the suite, in a database of its own (it is recreated).
        kommando += ["--database-url", bankdatabas]
    resultat = subprocess.run(kommando, capture_output=True, text=True, timeout=300, check=False)
    assert resultat.returncode == 0, resultat.stderr
    data = json.loads(resultat.stdout.strip().splitlines()[-1])
    assert data["rows"] == 300
    assert data["database"] == ("postgresql" if bankdatabas else "sqlite")
    assert set(data) >= {"rows", "queries", "reference_ms", "report_ms", "ratio"}
    # The half-year 2025 begins before this year: one of them looks up what gallring froze.
    assert 0 < data["queries"] <= 16
    # Times are measured, never compared here (a shared machine makes any ratio of 300 rows noise).
    assert data["reference_ms"] > 0 and data["report_ms"] > 0 and data["page_ms"] > 0
    if "--database-url" in kommando:
        assert not _finns(kommando[-1]), "bänkens databas ska vara borttagen efteråt"


def _finns(url: str) -> bool:
    import psycopg

    delar = urlsplit(url)
    with psycopg.connect(urlunsplit(delar._replace(path="/postgres")), autocommit=True) as anslutning:
        rad = anslutning.execute("SELECT 1 FROM pg_database WHERE datname = %s", [delar.path.lstrip("/")]).fetchone()
    return rad is not None
