"""`make test` on a machine without chromium or LibreOffice (issue 13, finding 1): the tests
that need the missing program are reported as not run and the rest passes; where CI requires
them, a missing program fails the run."""

import os
import subprocess
import sys
from pathlib import Path

from django.conf import settings

ROT = Path(settings.BASE_DIR)
# One browser test module and one ordinary test: the first must be left out, the second run.
URVAL = ["deltagare/tests/test_browser.py", "finsam/tests/test_hardning.py::test_line_breaks_in_a_form_post_are_not_control_characters"]
# The report book's LibreOffice test and the same ordinary test.
LIBREOFFICEURVAL = [
    "rapporter/tests/test_rapportbok.py::test_libreoffice_opens_the_book_and_writes_a_pdf",
    "finsam/tests/test_hardning.py::test_line_breaks_in_a_form_post_are_not_control_characters",
]


def kor_pytest(urval=URVAL, **miljo) -> subprocess.CompletedProcess:
    # SQLite in the child: on PostgreSQL it would reuse (and drop) the running suite's test database.
    bort = ("WEBBLASARTESTER", "LIBREOFFICETESTER", "PYTEST_ADDOPTS", "DATABASE_URL")
    env = {k: v for k, v in os.environ.items() if k not in bort}
    env.update(miljo)
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-q", *urval],
        cwd=ROT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_without_chromium_the_suite_passes_and_says_the_browser_tests_did_not_run():
    resultat = kor_pytest(CHROMIUM="/finns/inte/chromium")
    assert resultat.returncode == 0, resultat.stdout + resultat.stderr
    assert "webbläsartester kördes inte: chromium saknas (/finns/inte/chromium)" in resultat.stdout
    assert "1 passed" in resultat.stdout
    assert "deselected" in resultat.stdout


def test_ci_fails_when_the_browser_tests_are_required_and_chromium_is_missing():
    resultat = kor_pytest(CHROMIUM="/finns/inte/chromium", WEBBLASARTESTER="krav")
    assert resultat.returncode != 0
    assert "Webbläsartester krävs (WEBBLASARTESTER=krav) men chromium saknas (/finns/inte/chromium)." in resultat.stderr


def test_without_libreoffice_the_suite_passes_and_says_the_libreoffice_test_did_not_run():
    resultat = kor_pytest(LIBREOFFICEURVAL, SOFFICE="/finns/inte/soffice")
    assert resultat.returncode == 0, resultat.stdout + resultat.stderr
    assert "1 LibreOffice-tester kördes inte: soffice saknas (/finns/inte/soffice)." in resultat.stdout
    assert "1 passed, 1 deselected" in resultat.stdout


def test_ci_fails_when_the_libreoffice_test_is_required_and_soffice_is_missing():
    resultat = kor_pytest(LIBREOFFICEURVAL, SOFFICE="/finns/inte/soffice", LIBREOFFICETESTER="krav")
    assert resultat.returncode != 0
    assert "LibreOffice-tester krävs (LIBREOFFICETESTER=krav) men soffice saknas (/finns/inte/soffice)." in resultat.stderr
