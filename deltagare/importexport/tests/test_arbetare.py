"""The task queue: a worker that dies is noticed from its missing heartbeat and the run can be
tried again; the worker's heartbeat; the limit on imports worked on at once. Finding 5: the
background run was a thread in the web process, noticed dead only after a 15-minute guess."""

import datetime
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.db import connection
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from bench.deltagardata import generera_rader, skriv_xlsx
from deltagare.models import Deltagare, ImportKorning

from .. import arbete, services
from ..kolumner import Radfel
from .conftest import ladda_upp
from .filer import rad, xlsx

ROT = Path(__file__).resolve().parents[3]


def databasadress() -> str:
    """The test database, for a worker started as a process of its own."""
    d = connection.settings_dict
    if connection.vendor == "postgresql":
        return f"postgres://{d['USER']}@{d['HOST'] or '127.0.0.1'}:{d['PORT'] or 5432}/{d['NAME']}"
    return f"sqlite:///{d['NAME']}"


def vanta_pa(villkor, sekunder: float = 90):
    slut = time.monotonic() + sekunder
    while time.monotonic() < slut:
        svar = villkor()
        if svar:
            return svar
        time.sleep(0.1)
    raise AssertionError("Villkoret uppfylldes aldrig.")


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("grunddata", "grunddata_efter_modulen")
def test_a_worker_killed_mid_run_is_noticed_within_its_heartbeat_and_the_run_can_be_tried_again(
    client, leader_a, insats_a, settings, tmp_path, arbetare
):
    settings.IMPORT_LIVSTECKEN_S = 2
    fil = tmp_path / "stor.xlsx"
    # The leader's insats' rows of the benchmark's generator: enough for several seconds' work.
    rader = [r for r in generera_rader(150_000) if r[0] in (insats_a.namn, insats_a.kortnamn)]
    skriv_xlsx(rader, fil)
    client.force_login(leader_a)
    ladda_upp(client, fil.read_bytes(), "stor.xlsx")
    korning = ImportKorning.objects.get()
    miljo = {
        **os.environ,
        "DJANGO_DEBUG": "1",
        "DATABASE_URL": databasadress(),
        "IMPORT_LIVSTECKEN_S": "2",
        "DJANGO_SECRET_KEY": django_settings.SECRET_KEY,
    }
    process = subprocess.Popen(
        [sys.executable, str(ROT / "manage.py"), "db_worker", "--no-reload", "--no-startup-delay", "--interval", "0.2"],
        env=miljo,
        cwd=ROT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        vanta_pa(lambda: ImportKorning.objects.filter(pk=korning.pk, status="granskas", behandlade__gt=0).exists())
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()
    korning.refresh_from_db()
    assert korning.status == ImportKorning.Status.GRANSKAS  # nobody has noticed yet
    # The killed worker's copy of the file stays until the cleanup; it is in the app's folder.
    (kopia,) = services.tempkatalog().glob(f"{services._tempprefix(korning.pk)}*")
    time.sleep(2.5)
    sida = client.get(reverse("importexport:korning", args=[korning.pk])).content.decode()
    korning.refresh_from_db()
    assert korning.status == ImportKorning.Status.MISSLYCKAD and korning.kan_forsokas_igen
    assert [str(Radfel.from_list(f)) for f in korning.fel] == [str(services.AVBRUTEN)]
    assert "arbetsprocessen som körde den slutade svara" in sida and "Försök igen" in sida
    assert not Deltagare.objects.exists()
    assert DBTaskResult.objects.get(id=korning.uppgift).status == "FAILED"

    client.post(reverse("importexport:forsok_igen", args=[korning.pk]))
    arbetare()
    korning.refresh_from_db()
    assert (korning.status, korning.nya, korning.fel) == (ImportKorning.Status.GRANSKAD, korning.totalt, [])
    assert korning.totalt == len(rader) > 10_000
    assert not kopia.exists()


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("grunddata", "grunddata_efter_modulen")
def test_a_working_run_writes_a_heartbeat_from_its_own_thread(leader_a, settings):
    settings.IMPORT_LIVSTECKEN_S = 2
    korning = ImportKorning.objects.create(skapad_av=leader_a, filnamn="f.xlsx", status=ImportKorning.Status.GRANSKAS)
    with arbete.Livstecken(korning.pk):
        time.sleep(1.3)
    korning.refresh_from_db()
    assert korning.livstecken is not None and timezone.now() - korning.livstecken < datetime.timedelta(seconds=1.5)


@pytest.mark.django_db
def test_a_run_queued_behind_a_full_pool_waits_its_turn(client, leader_a, leader_b, administrator, settings, arbetare):
    settings.IMPORT_SAMTIDIGA = 1
    upptagen = ImportKorning.objects.create(
        skapad_av=administrator, filnamn="f.xlsx", status=ImportKorning.Status.GRANSKAS, livstecken=timezone.now()
    )
    client.force_login(leader_a)
    ladda_upp(client, xlsx([rad()]))
    korning = ImportKorning.objects.get(skapad_av=leader_a)
    arbetare()
    korning.refresh_from_db()
    assert korning.status == ImportKorning.Status.I_KO
    # Asked again a few seconds later, as a new task in the queue.
    vantande = DBTaskResult.objects.get(id=korning.uppgift)
    assert vantande.status == "READY" and vantande.run_after > timezone.now()
    ImportKorning.objects.filter(pk=upptagen.pk).update(status=ImportKorning.Status.KLAR)
    DBTaskResult.objects.filter(id=korning.uppgift).update(run_after=timezone.now())
    arbetare()
    korning.refresh_from_db()
    assert korning.status == ImportKorning.Status.GRANSKAD


@pytest.mark.django_db
def test_a_run_taken_by_a_worker_that_died_before_starting_it_is_marked_failed(leader_a, settings, client):
    client.force_login(leader_a)
    ladda_upp(client, xlsx([rad()]))
    korning = ImportKorning.objects.get()
    DBTaskResult.objects.filter(id=korning.uppgift).update(
        status="RUNNING", started_at=timezone.now() - datetime.timedelta(minutes=5)
    )
    assert services.markera_avbrutna() == 1
    korning.refresh_from_db()
    assert (korning.status, korning.kan_forsokas_igen) == (ImportKorning.Status.MISSLYCKAD, True)


@pytest.mark.django_db
def test_the_queue_records_a_task_whose_worker_died_as_failed(leader_a, client):
    client.force_login(leader_a)
    ladda_upp(client, xlsx([rad()]))
    korning = ImportKorning.objects.get()
    DBTaskResult.objects.filter(id=korning.uppgift).update(status="RUNNING", started_at=timezone.now())
    ImportKorning.objects.filter(pk=korning.pk).update(
        status=ImportKorning.Status.GRANSKAS, livstecken=timezone.now() - datetime.timedelta(minutes=5)
    )
    assert services.markera_avbrutna() == 1
    uppgift = DBTaskResult.objects.get(id=korning.uppgift)
    assert (uppgift.status, uppgift.traceback) == ("FAILED", str(services.AVBRUTEN))
    assert uppgift.finished_at is not None


@pytest.mark.django_db
def test_a_run_that_finished_while_its_silence_was_noticed_keeps_its_result_and_its_task(leader_a, client):
    client.force_login(leader_a)
    ladda_upp(client, xlsx([rad()]))
    korning = ImportKorning.objects.get()
    DBTaskResult.objects.filter(id=korning.uppgift).update(status="SUCCESSFUL")
    ImportKorning.objects.filter(pk=korning.pk).update(
        status=ImportKorning.Status.GRANSKAD, livstecken=timezone.now() - datetime.timedelta(minutes=5)
    )
    assert services.markera_avbrutna() == 0
    assert DBTaskResult.objects.get(id=korning.uppgift).status == "SUCCESSFUL"
    assert ImportKorning.objects.get().status == ImportKorning.Status.GRANSKAD


@pytest.mark.django_db
def test_a_queued_run_says_so_when_no_worker_takes_it(client, leader_a):
    client.force_login(leader_a)
    svar = ladda_upp(client, xlsx([rad()]))
    ImportKorning.objects.update(uppdaterad=timezone.now() - datetime.timedelta(minutes=2))
    assert "Importen väntar på en ledig arbetsprocess." in client.get(svar.url).content.decode()


def test_the_import_path_neither_subclasses_django_import_export_nor_runs_in_a_web_thread():
    # Finding 5: twelve resource hooks, both readers and all seven widgets were overridden,
    # and the run was a thread inside the web process. The pipeline is plain modules now and
    # runs in the task queue; django-import-export declares the code lists' admin resources.
    import deltagare.importexport as paket

    kallor = {p.name: p.read_text(encoding="utf-8") for p in Path(paket.__file__).parent.rglob("*.py") if "tests" not in p.parts}
    assert [namn for namn, text in kallor.items() if "import_export" in text] == []
    assert [namn for namn, text in kallor.items() if "threading.Thread(" in text] == ["arbete.py"]  # the heartbeat only
    assert "class Livstecken" in kallor["arbete.py"]
