"""The commands of docs/regler.md §4: import_deltagare FILE and exportera_deltagare."""

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from auditlog.models import LogEntry
from django.core.management import CommandError, call_command
from openpyxl import load_workbook

from deltagare.models import Deltagare
from deltagare.tests.factories import DeltagareFactory

from .filer import ANONYM, csv_fil, rad, xlsx

pytestmark = pytest.mark.django_db
ROT = Path(__file__).resolve().parents[3]


def kor(*args) -> tuple[str, str]:
    ut, fel = io.StringIO(), io.StringIO()
    call_command(*args, stdout=ut, stderr=fel)
    return ut.getvalue(), fel.getvalue()


def test_import_command_prints_a_summary(tmp_path):
    fil = tmp_path / "deltagare.xlsx"
    fil.write_bytes(xlsx([rad(Deltagar_ID="AP-1"), rad(Deltagar_ID="AP-2")]))
    ut, _ = kor("import_deltagare", str(fil))
    assert ut.strip() == "Importerat: 2 nya, 0 ändrade, 0 oförändrade."
    ut, _ = kor("import_deltagare", str(fil))
    assert ut.strip() == "Importerat: 0 nya, 0 ändrade, 2 oförändrade."


def test_import_command_prints_every_problem_and_fails(tmp_path):
    fil = tmp_path / "deltagare.xlsx"
    fil.write_bytes(xlsx([rad(Deltagar_ID="AP-1", Stadsdel="Mars"), rad(Deltagar_ID="AP-1")]))
    fel = io.StringIO()
    with pytest.raises(CommandError, match="Importen avbröts: 2 fel. Inget sparades."):
        call_command("import_deltagare", str(fil), stderr=fel)
    assert fel.getvalue().splitlines() == [
        "rad 2, kolumn Stadsdel: Okänt värde ”Mars”. Tillåtna värden: Järva, Hässelby-Vällingby, Bromma, "
        "Kungsholmen-Norra innerstaden, Södermalm, Östermalm, Hägersten-Älvsjö, Skärholmen, "
        "Enskede-Årsta-Vantör, Farsta, Skarpnäck, Okänd/vill ej uppge, Hemlös.",
        "rad 3, kolumn Deltagar-ID: Deltagar-ID:t finns redan på rad 2 i filen (samma insats).",
    ]
    assert not Deltagare.objects.exists()


def test_import_command_as_a_leader_is_limited_to_their_insatser(tmp_path, leader_a):
    fil = tmp_path / "deltagare.xlsx"
    fil.write_bytes(xlsx([rad(Insats="Novum")]))
    fel = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_deltagare", str(fil), "--anvandare", "ledare-a", stderr=fel)
    assert fel.getvalue().strip() == "rad 2, kolumn Insats: Du har inte behörighet till insatsen Novum."


def test_import_command_preview_writes_nothing(tmp_path):
    fil = tmp_path / "deltagare.csv"
    fil.write_bytes(csv_fil([{**ANONYM, "Insats": "Novum", "Deltagar-ID": "N-1", "Kön": "Man"}]))
    ut, _ = kor("import_deltagare", str(fil), "--granska")
    assert ut.strip() == "Granskning (inget sparat): 1 nya, 0 ändrade, 0 oförändrade."
    assert not Deltagare.objects.exists()


def test_import_command_exits_non_zero_on_a_bad_file(tmp_path):
    fil = tmp_path / "deltagare.pdf"
    fil.write_bytes(b"%PDF")
    miljo = {**os.environ, "DJANGO_DEBUG": "1", "DATABASE_URL": f"sqlite:///{tmp_path / 'tom.sqlite3'}"}
    kord = subprocess.run(
        [sys.executable, str(ROT / "manage.py"), "import_deltagare", str(fil)],
        capture_output=True,
        text=True,
        env=miljo,
        cwd=ROT,
        timeout=120,
    )
    assert kord.returncode == 1
    assert "Filtypen stöds inte (deltagare.pdf). Ladda upp en .xlsx- eller .csv-fil." in kord.stderr
    assert "Importen avbröts: 1 fel. Inget sparades." in kord.stderr


def test_export_command_writes_the_users_rows_and_is_audited(tmp_path, leader_a, insats_a, insats_b):
    DeltagareFactory(insats=insats_a, deltagar_id="AP-1")
    DeltagareFactory(insats=insats_b, deltagar_id="NO-1")
    fil = tmp_path / "ut.xlsx"
    ut, _ = kor("exportera_deltagare", "--anvandare", "ledare-a", "--output", str(fil))
    assert ut.strip() == f"1 deltagare exporterade till {fil}."
    rader = list(load_workbook(fil).active.iter_rows(values_only=True))
    assert [r[1] for r in rader[1:]] == ["AP-1"]
    assert LogEntry.objects.get(object_pk="export").actor == leader_a


def test_export_command_filters_by_insats_short_name(tmp_path, kansli, insats_a, insats_b):
    DeltagareFactory(insats=insats_a, deltagar_id="AP-1")
    DeltagareFactory(insats=insats_b, deltagar_id="NO-1")
    fil = tmp_path / "ut.csv"
    kor("exportera_deltagare", "--anvandare", "kansli", "--insats", "Novum", "--format", "csv", "--output", str(fil))
    assert "NO-1" in fil.read_text(encoding="utf-8-sig") and "AP-1" not in fil.read_text(encoding="utf-8-sig")


def test_export_command_says_it_could_not_write_the_file_and_logs_no_export(tmp_path, leader_a, insats_a):
    DeltagareFactory(insats=insats_a, deltagar_id="AP-1")
    ut = tmp_path / "finns-inte" / "ut.xlsx"
    with pytest.raises(CommandError) as fel:
        call_command("exportera_deltagare", "--anvandare", "ledare-a", "--output", str(ut))
    assert str(fel.value) == f"Kunde inte skriva {ut}: No such file or directory"
    assert not LogEntry.objects.filter(object_pk="export").exists()


def test_export_command_refuses_an_unknown_user():
    with pytest.raises(CommandError, match="Användaren ingen finns inte."):
        call_command("exportera_deltagare", "--anvandare", "ingen")


def test_the_cleanup_command_removes_runs_older_than_a_day(leader_a):
    import datetime

    from django.utils import timezone

    from deltagare.models import ImportFilbit, ImportKorning

    korning = ImportKorning.objects.create(skapad_av=leader_a, filnamn="gammal.xlsx", status=ImportKorning.Status.FEL)
    ImportFilbit.objects.create(korning=korning, nummer=0, data=b"PK")
    ImportKorning.objects.update(uppdaterad=timezone.now() - datetime.timedelta(days=2))
    ut, _ = kor("rensa_importer")
    assert ut.strip() == "0 avbrutna körningar markerade, 2 rader borttagna."
    assert not ImportKorning.objects.exists() and not ImportFilbit.objects.exists()
