import datetime

import pytest
from auditlog.models import LogEntry
from django.core.management import call_command

from dataskydd.models import FrystRapport, GallratHalvar
from dataskydd.selectors import gallringsgrans
from dataskydd.services import gallra
from deltagare.models import Deltagare, Uppfoljning
from deltagare.services import deltagare_spara
from deltagare.tests.factories import AvslutadDeltagareFactory, DeltagareFactory
from rapporter import berakna

pytestmark = pytest.mark.django_db

IDAG = datetime.date(2026, 11, 23)
AR_2023 = {"fran": datetime.date(2023, 1, 1), "till": datetime.date(2023, 12, 31)}


@pytest.fixture
def rader(administrator, mgt):
    gammal = deltagare_spara(
        user=administrator,
        deltagare=AvslutadDeltagareFactory.build(
            insats=mgt,
            deltagar_id="MGT-2023",
            startdatum=datetime.date(2023, 1, 16),
            slutdatum=datetime.date(2023, 11, 30),
        ),
    )
    kvar = AvslutadDeltagareFactory(
        deltagar_id="AP-2024", startdatum=datetime.date(2023, 3, 1), slutdatum=datetime.date(2024, 1, 10)
    )
    pagaende = DeltagareFactory(deltagar_id="AP-PAGAR", startdatum=datetime.date(2023, 2, 1))
    return gammal, kvar, pagaende


def test_rows_are_kept_two_whole_years_after_the_year_of_slutdatum():
    assert gallringsgrans(idag=IDAG, ar_efter=2) == datetime.date(2023, 12, 31)
    assert gallringsgrans(idag=datetime.date(2026, 1, 1), ar_efter=2) == datetime.date(2023, 12, 31)
    assert gallringsgrans(idag=datetime.date(2025, 12, 31), ar_efter=2) == datetime.date(2022, 12, 31)


def test_dry_run_reports_and_changes_nothing(rader):
    resultat = gallra(idag=IDAG, dry_run=True)
    assert (resultat.antal, resultat.per_insats) == (1, {"MGT": 1})
    assert Deltagare.objects.count() == 3
    assert not FrystRapport.objects.exists()
    assert not GallratHalvar.objects.exists()


def test_gallring_removes_only_rows_past_retention_with_their_follow_ups(rader):
    gammal, kvar, pagaende = rader
    gallra(idag=IDAG, dry_run=False)
    assert set(Deltagare.objects.values_list("deltagar_id", flat=True)) == {"AP-2024", "AP-PAGAR"}
    assert not Uppfoljning.objects.filter(deltagare_id=gammal.pk).exists()


def test_reports_of_closed_periods_show_the_same_numbers_after_gallring(rader, mgt):
    fore = {namn: berakna(namn, **AR_2023) for namn in ("aktiva", "avslutade", "flode")}
    fore_mgt = berakna("aktiva", **AR_2023, insatser=[mgt])
    gallra(idag=IDAG, dry_run=False)
    for namn, tabell in fore.items():
        assert berakna(namn, **AR_2023)["summa"] == tabell["summa"], namn
        assert berakna(namn, **AR_2023)["rader"] == tabell["rader"], namn
    assert berakna("aktiva", **AR_2023, insatser=[mgt])["summa"] == fore_mgt["summa"]


def test_a_second_gallring_keeps_the_first_frozen_numbers(rader, mgt):
    gallra(idag=IDAG, dry_run=False)
    first = GallratHalvar.objects.get(insats=mgt, fran=datetime.date(2023, 1, 1)).data
    gallra(idag=datetime.date(2027, 1, 2), dry_run=False)
    assert GallratHalvar.objects.get(insats=mgt, fran=datetime.date(2023, 1, 1)).data == first


def test_audit_trail_gets_a_summary_and_loses_the_removed_values(rader, administrator):
    gammal = rader[0]
    gallra(user=administrator, idag=IDAG, dry_run=False)
    summary = LogEntry.objects.get(object_pk="gallring")
    assert summary.actor == administrator
    assert summary.additional_data["gallring"]["per_insats"] == {"MGT": 1}
    old = LogEntry.objects.filter(object_pk=str(gammal.pk), content_type__model="deltagare")
    assert old.exists()
    assert all(v in ("[borttaget]", "None", "") for entry in old for varden in (entry.changes or {}).values() for v in varden)
    assert not LogEntry.objects.filter(object_repr__contains="MGT-2023").exists()


def test_command_dry_run_prints_what_would_go(rader, capsys, monkeypatch):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda: IDAG)
    call_command("gallra", "--dry-run")
    out = capsys.readouterr().out
    assert "[TORRKÖRNING] 1 deltagare med slutdatum till och med 2023-12-31 skulle gallras:" in out
    assert "  MGT: 1" in out
    assert Deltagare.objects.count() == 3


def test_command_removes_and_says_so(rader, capsys, monkeypatch):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda: IDAG)
    call_command("gallra")
    out = capsys.readouterr().out
    assert "1 deltagare med slutdatum till och med 2023-12-31 gallrades:" in out
    assert "frystes först" in out
    assert Deltagare.objects.count() == 2
