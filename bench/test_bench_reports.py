"""Smoke test of bench/reports.py: it runs at a few hundred rows and prints its JSON line.
No timing is asserted here; the numbers are measured with the benchmark itself (README)."""

import json
import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

SKRIPT = Path(__file__).resolve().parent / "reports.py"


def test_report_benchmark_prints_its_json_line():
    kommando = [sys.executable, str(SKRIPT), "--rows", "300"]
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith(("postgres://", "postgresql://")):
        # The same database engine as the suite, in a database of its own (it is recreated).
        delar = urlsplit(url)
        kommando += ["--database-url", urlunsplit(delar._replace(path=delar.path + "_bench_rapporter"))]
    resultat = subprocess.run(kommando, capture_output=True, text=True, timeout=300, check=False)
    assert resultat.returncode == 0, resultat.stderr
    data = json.loads(resultat.stdout.strip().splitlines()[-1])
    assert data["rows"] == 300
    assert data["database"] == ("postgresql" if "--database-url" in kommando else "sqlite")
    assert set(data) >= {"rows", "queries", "reference_ms", "report_ms", "ratio"}
    assert 0 < data["queries"] <= 15
    assert data["reference_ms"] > 0 and data["report_ms"] > 0
