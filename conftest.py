"""Shared test personas (docs/regler.md §5): two project leaders of different insatser, kansli and an
administrator. Every feature's access test reuses these. Also the real task worker (arbetare), which
the import's tests and those of forgetting and database failures run."""

import importlib
import os
import shutil
import signal

import pytest
from django.apps import apps
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.db import connections

from insatser.behorighet import ADMINISTRATOR_GROUP, KANSLI_GROUP
from insatser.models import Insats


@pytest.fixture(autouse=True)
def snabb_losenordshash(settings):
    # The personas are created with passwords; the production hasher's deliberate slowness
    # would otherwise be a large share of the suite's time. Autouse, so it precedes them.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def insats_a(db) -> Insats:
    return Insats.objects.get(kortnamn="Aktivitetsplatsen")


@pytest.fixture
def insats_b(db) -> Insats:
    return Insats.objects.get(kortnamn="Novum")


@pytest.fixture
def mgt(db) -> Insats:
    return Insats.objects.get(kortnamn="MGT")


@pytest.fixture
def leader_a(django_user_model, insats_a):
    user = django_user_model.objects.create_user("ledare-a", password="hemligt-losen-a")
    insats_a.projektledare.add(user)
    return user


@pytest.fixture
def leader_b(django_user_model, insats_b):
    user = django_user_model.objects.create_user("ledare-b", password="hemligt-losen-b")
    insats_b.projektledare.add(user)
    return user


@pytest.fixture
def kansli(django_user_model):
    user = django_user_model.objects.create_user("kansli", password="hemligt-losen-k", is_staff=True)
    user.groups.add(Group.objects.get(name=KANSLI_GROUP))
    return user


@pytest.fixture
def administrator(django_user_model):
    user = django_user_model.objects.create_user(
        "administrator", password="hemligt-losen-adm", is_staff=True, is_superuser=True
    )
    user.groups.add(Group.objects.get(name=ADMINISTRATOR_GROUP))
    return user


# Transactional tests (a live server, a background thread, a cut connection) commit, so the
# database is flushed after each one: that also removes the code lists, insatser and roles the
# data migration loaded. These fixtures put them back. (Django's serialized rollback cannot:
# under Playwright's event loop the ORM gets a fresh connection object without the copy.)
GRUNDDATA = importlib.import_module("deltagare.migrations.0003_grunddata")
MAL = importlib.import_module("insatser.migrations.0003_mal_fran_forvantat_resultat")
UPPFOLJNING = importlib.import_module("deltagare.migrations.0008_uppfoljningsutfall_data")
SYNONYMER = importlib.import_module("deltagare.migrations.0014_kodsynonymer")


def ladda_grunddata() -> None:
    if not Insats.objects.exists():
        steg_i_ordning = (
            GRUNDDATA.ladda_kodlistor,
            GRUNDDATA.ladda_insatser,
            GRUNDDATA.skapa_roller,
            MAL.ladda_mal,
            UPPFOLJNING.ladda_uppfoljningskodlistor,
            SYNONYMER.ladda_synonymer,
        )
        for steg in steg_i_ordning:
            steg(apps, None)


@pytest.fixture
def grunddata(transactional_db):
    ladda_grunddata()


@pytest.fixture(scope="module")
def grunddata_efter_modulen(django_db_blocker):
    """Leaves the database as the next module expects it, and closes the extra connections,
    or PostgreSQL refuses to drop the test database at the end."""
    yield
    with django_db_blocker.unblock():
        ladda_grunddata()
        connections.close_all()


@pytest.fixture
def arbetare(monkeypatch):
    """arbetare(): the real task worker (django-tasks-db's db_worker) runs every queued task
    and stops. In a test that does not commit, the worker's connection recycling between
    tasks would close the test's transaction, so it is left out here, as Django's test
    client leaves it out of requests; everything else is the worker as it runs in production."""
    import django_tasks_db.management.commands.db_worker as db_worker

    monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)

    def kor() -> None:
        signaler = {s: signal.getsignal(s) for s in (signal.SIGINT, signal.SIGTERM, signal.SIGQUIT)}
        try:
            call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", "--interval", "0", verbosity=0)
        finally:
            for s, hanterare in signaler.items():
                signal.signal(s, hanterare)

    return kor


# Two kinds of tests need a program from outside Python: the browser tests drive Debian's
# chromium (tools that download their own browser fail here) and the report book's test opens
# the document in LibreOffice (soffice). `make test` installs chromium when it can; where a
# program is missing the rest of the suite still runs and the summary says which tests did not.
# CI sets WEBBLASARTESTER=krav and LIBREOFFICETESTER=krav: there a missing program is an error,
# never a quiet pass.
CHROMIUM = os.environ.get("CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
WEBBLASARFIXTURER = {"page", "browser", "context", "new_context"}


def har_chromium() -> bool:
    return os.path.isfile(CHROMIUM) and os.access(CHROMIUM, os.X_OK)


SOFFICE = os.environ.get("SOFFICE") or shutil.which("soffice") or "/usr/bin/soffice"


def har_soffice() -> bool:
    return os.path.isfile(SOFFICE) and os.access(SOFFICE, os.X_OK)


@pytest.fixture
def soffice() -> str:
    """LibreOffice's command; a test that asks for it is left out where it is missing."""
    return SOFFICE


# (which tests, the fixtures that mark them, the variable that makes them required, is the
# program there?, what is missing, how to install it)
EXTERNA_PROGRAM = (
    (
        "webbläsartester",
        WEBBLASARFIXTURER,
        "WEBBLASARTESTER",
        har_chromium,
        f"chromium saknas ({CHROMIUM})",
        "Installera Debians chromium (apt-get install chromium)",
    ),
    (
        "LibreOffice-tester",
        {"soffice"},
        "LIBREOFFICETESTER",
        har_soffice,
        f"soffice saknas ({SOFFICE})",
        "Installera LibreOffice (apt-get install libreoffice-writer-nogui)",
    ),
)


def pytest_collection_modifyitems(config, items):
    config._ej_korda = []
    for vad, fixturer, variabel, finns, saknas, installera in EXTERNA_PROGRAM:
        beroende = [item for item in items if fixturer & set(getattr(item, "fixturenames", ()))]
        if not beroende or finns():
            continue
        if os.environ.get(variabel) == "krav":
            raise pytest.UsageError(f"{vad[0].upper() + vad[1:]} krävs ({variabel}=krav) men {saknas}.")
        config._ej_korda.append(f"{len(beroende)} {vad} kördes inte: {saknas}. {installera} för att köra dem.")
        config.hook.pytest_deselected(items=beroende)
        items[:] = [item for item in items if item not in beroende]


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    for text in getattr(config, "_ej_korda", []):
        terminalreporter.write_sep("!", text, yellow=True, bold=True)


def pytest_sessionfinish(session, exitstatus):
    # Only such tests were chosen and none could run: that is the message above, not an error.
    if exitstatus == pytest.ExitCode.NO_TESTS_COLLECTED and getattr(session.config, "_ej_korda", []):
        session.exitstatus = pytest.ExitCode.OK


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "headless": True,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ],
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "sv-SE", "viewport": {"width": 1280, "height": 860}}
