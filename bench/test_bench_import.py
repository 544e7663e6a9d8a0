"""Smoke tests of the benchmark scripts: they run end to end on a few rows and print their JSON
line. No timing is asserted (speed is measured by running the scripts, see README)."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
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


@pytest.mark.parametrize(("skript", "golv"), [("import.py", "openpyxl_read_s"), ("export.py", "openpyxl_write_s")])
def test_the_benchmark_runs_and_prints_its_json_line(skript, golv):
    resultat = kor(skript)
    assert resultat["rows"] == 200
    assert resultat["seconds"] > 0 and resultat[golv] > 0 and resultat["ratio"] > 0
    assert resultat["queries"] > 0 and resultat["peak_mb"] > 0
    # Constant number of queries, whatever the number of rows.
    assert resultat["queries"] < 40
