"""Smoke tests of the benchmark scripts: they run end to end on a few rows and print their JSON
line. No timing is asserted (speed is measured by running the scripts, see README)."""

import json
import os
import subprocess
import sys
from pathlib import Path

from django.conf import settings

BENCH = Path(__file__).resolve().parent


def kor(skript: str, *args: str) -> dict:
    argument = [sys.executable, str(BENCH / skript), "--rows", "200", *args]
    if settings.DATABASES["default"]["ENGINE"].endswith("postgresql"):
        # The script makes (and drops) a fresh database of its own on the same server.
        argument += ["--database-url", os.environ["DATABASE_URL"]]
    kord = subprocess.run(argument, capture_output=True, text=True, timeout=300)
    assert kord.returncode == 0, kord.stderr
    return json.loads(kord.stdout.strip().splitlines()[-1])


def test_the_import_benchmark_runs_and_prints_its_json_line():
    resultat = kor("import.py")
    assert resultat["rows"] == 200
    assert resultat["seconds"] > 0 and resultat["floor_read_s"] > 0 and resultat["floor_write_s"] > 0
    assert resultat["ratio"] == round(resultat["seconds"] / resultat["floor_s"], 2)
    assert resultat["peak_mb"] > 0 and resultat["child_peak_mb"] > 0
    # The import reads and stages in chunks: a query per chunk of rows beside a constant few.
    assert resultat["queries"] < 100


def test_the_export_benchmark_runs_and_prints_its_json_line():
    resultat = kor("export.py")
    assert resultat["rows"] == 200
    assert resultat["seconds"] > 0 and resultat["openpyxl_write_s"] > 0 and resultat["ratio"] > 0
    assert resultat["queries"] > 0 and resultat["peak_mb"] > 0
    # Constant number of queries, whatever the number of rows.
    assert resultat["queries"] < 40
