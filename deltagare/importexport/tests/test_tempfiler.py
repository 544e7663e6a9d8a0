"""The uploaded file's copy on disk (read by the reading child process): in a folder of the
application's own, and removed by the cleanup when a killed worker left it behind."""

import datetime
import os
import stat
import time

import pytest
from django.core.management import call_command
from django.utils import timezone

from deltagare.models import ImportFilbit, ImportKorning

from .. import services

pytestmark = pytest.mark.django_db


def korning(user, status, *, livstecken_for_s: int = 0) -> ImportKorning:
    k = ImportKorning.objects.create(
        skapad_av=user, filnamn="deltagare.xlsx", status=status, livstecken=timezone.now() - datetime.timedelta(seconds=livstecken_for_s)
    )
    ImportFilbit.objects.create(korning=k, nummer=0, data=b"innehall")
    return k


# Entered and never left, as by a worker killed mid-preview: kept here, since a context
# manager that is garbage-collected closes and removes its file.
AVBRUTNA = []


def kvarlamnad_kopia(k: ImportKorning) -> str:
    """The copy as a worker killed mid-preview leaves it: written, never removed."""
    AVBRUTNA.append(services.fil_pa_disk(k))
    return AVBRUTNA[-1].__enter__()


@pytest.fixture(autouse=True)
def egen_tempmapp(tmp_path, monkeypatch):
    monkeypatch.setattr(services.tempfile, "tempdir", str(tmp_path))
    yield
    AVBRUTNA.clear()


def test_the_copy_is_in_the_applications_own_folder_that_only_it_may_read(leader_a, tmp_path):
    k = korning(leader_a, ImportKorning.Status.GRANSKAS)
    with services.fil_pa_disk(k) as sokvag:
        katalog = tmp_path / "deltagaruppfoljning-import"
        assert os.path.dirname(sokvag) == str(katalog)
        assert stat.S_IMODE(katalog.stat().st_mode) == 0o700
        assert os.path.basename(sokvag).startswith(services._tempprefix(k.pk)) and sokvag.endswith(".xlsx")
        assert open(sokvag, "rb").read() == b"innehall"
    assert not os.path.exists(sokvag)


def test_the_cleanup_removes_the_copy_of_a_killed_run_and_keeps_a_running_runs(leader_a, leader_b, settings):
    settings.IMPORT_LIVSTECKEN_S = 60
    dodad = korning(leader_a, ImportKorning.Status.GRANSKAS, livstecken_for_s=120)
    pagaende = korning(leader_b, ImportKorning.Status.GRANSKAS)
    dodads_kopia, pagaendes_kopia = kvarlamnad_kopia(dodad), kvarlamnad_kopia(pagaende)

    call_command("rensa_importer")

    assert not os.path.exists(dodads_kopia)
    assert os.path.exists(pagaendes_kopia)
    dodad.refresh_from_db()
    assert dodad.status == ImportKorning.Status.MISSLYCKAD


def test_the_cleanup_before_a_new_upload_removes_a_copy_left_by_a_run_that_has_ended(leader_a):
    k = korning(leader_a, ImportKorning.Status.GRANSKAS)
    kopia = kvarlamnad_kopia(k)
    ImportKorning.objects.filter(pk=k.pk).update(status=ImportKorning.Status.MISSLYCKAD)
    services.rensa_gamla_korningar()
    assert not os.path.exists(kopia)


def test_any_copy_older_than_a_day_is_removed_and_another_databases_newer_copy_is_kept(leader_a, tmp_path):
    pagaende = korning(leader_a, ImportKorning.Status.GRANSKAS)
    gammal = kvarlamnad_kopia(pagaende)
    dygn_sedan = time.time() - 24 * 60 * 60 - 60
    os.utime(gammal, (dygn_sedan, dygn_sedan))
    katalog = tmp_path / "deltagaruppfoljning-import"
    # Another installation (or test run) sharing the temporary folder, whose run 1 may be working.
    annans = katalog / f"import-{'0' * 12}-1-abc.xlsx"
    annans.write_bytes(b"")
    annans_gamla = katalog / f"import-{'0' * 12}-2-abc.xlsx"
    annans_gamla.write_bytes(b"")
    os.utime(annans_gamla, (dygn_sedan, dygn_sedan))

    assert services.rensa_tempfiler() == 2

    assert sorted(p.name for p in katalog.iterdir()) == [annans.name]
