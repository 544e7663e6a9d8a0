"""Reminders by e-mail (issue 13): weekly to the project leaders, monthly to the kansli; through
the access policy, with deltagar-IDs and nothing else about a participant, and logged."""

import datetime

import pytest
from auditlog.models import LogEntry
from django.core import mail
from django.core.management import CommandError, call_command

from deltagare.models import Uppfoljning, Uppfoljningsutfall

from .factories import DeltagareFactory

pytestmark = pytest.mark.django_db

IDAG = datetime.date(2025, 9, 1)


@pytest.fixture(autouse=True)
def produktionens_adress(settings):
    settings.WEBBADRESS = "https://deltagare.example.org"


@pytest.fixture
def arbete(insats_a, insats_b, leader_a, leader_b):
    leader_a.email = "a@example.org"
    leader_a.save()
    leader_b.email = "b@example.org"
    leader_b.save()
    insats_a.forvantad_langd_manader = 6
    insats_a.save()
    forsenad = DeltagareFactory(insats=insats_a, deltagar_id="AP-SEN", startdatum=datetime.date(2025, 5, 2), fodelsear=1977)
    Uppfoljning.objects.create(deltagare=forsenad, manader=3, planerad_datum=datetime.date(2025, 8, 2))
    gjord = DeltagareFactory(insats=insats_a, deltagar_id="AP-GJORD", startdatum=datetime.date(2025, 5, 2))
    Uppfoljning.objects.create(
        deltagare=gjord,
        manader=3,
        planerad_datum=datetime.date(2025, 8, 2),
        utford_datum=datetime.date(2025, 8, 3),
        utfall=Uppfoljningsutfall.objects.get(kod="arbete"),
    )
    DeltagareFactory(insats=insats_a, deltagar_id="AP-LANG", startdatum=datetime.date(2025, 1, 7))
    DeltagareFactory(insats=insats_a, deltagar_id="AP-NY", startdatum=datetime.date(2025, 8, 1))
    annan = DeltagareFactory(insats=insats_b, deltagar_id="NO-SEN", startdatum=datetime.date(2025, 4, 2))
    Uppfoljning.objects.create(deltagare=annan, manader=3, planerad_datum=datetime.date(2025, 7, 2))


def brev_till(adress: str):
    return [m for m in mail.outbox if m.to == [adress]]


def test_each_project_leader_gets_their_own_overdue_follow_ups_and_long_participations(arbete):
    call_command("skicka_paminnelser", "--veckovis", "--datum", IDAG.isoformat())
    (brev_a,) = brev_till("a@example.org")
    assert "Försenad uppföljning (1 deltagare):\nAP-SEN" in brev_a.body
    assert "Aktiv längre än insatsens förväntade längd (6 månader) utan avslut (1 deltagare):\nAP-LANG" in brev_a.body
    assert "AP-GJORD" not in brev_a.body and "AP-NY" not in brev_a.body
    assert "NO-SEN" not in brev_a.body
    (brev_b,) = brev_till("b@example.org")
    assert "NO-SEN" in brev_b.body and "AP-SEN" not in brev_b.body


def test_a_reminder_carries_no_participant_data_beyond_the_deltagar_id(arbete):
    call_command("skicka_paminnelser", "--veckovis", "--datum", IDAG.isoformat())
    (brev_a,) = brev_till("a@example.org")
    for uppgift in ("1977", "2025-05-02", "2 maj 2025", "Gymnasieutbildning", "Kvinna"):
        assert uppgift not in brev_a.body


def test_a_leader_with_nothing_to_do_gets_no_e_mail(arbete, insats_b):
    Uppfoljning.objects.filter(deltagare__insats=insats_b).update(
        utford_datum=datetime.date(2025, 8, 1), utfall=Uppfoljningsutfall.objects.get(kod="arbete")
    )
    call_command("skicka_paminnelser", "--veckovis", "--datum", IDAG.isoformat())
    assert brev_till("b@example.org") == []


def test_kansli_gets_no_weekly_participant_list(arbete, kansli):
    kansli.email = "k@example.org"
    kansli.save()
    call_command("skicka_paminnelser", "--veckovis", "--datum", IDAG.isoformat())
    assert brev_till("k@example.org") == []


def test_every_weekly_e_mail_is_logged_as_an_export(arbete):
    call_command("skicka_paminnelser", "--veckovis", "--datum", IDAG.isoformat())
    loggade = LogEntry.objects.filter(object_pk="export", object_repr__startswith="Export: veckopåminnelse")
    assert sorted(e.additional_data["export"] for e in loggade) == [
        "veckopåminnelse till ledare-a",
        "veckopåminnelse till ledare-b",
    ]
    assert {e.additional_data["antal"] for e in loggade} == {2, 1}


def test_the_kansli_gets_data_quality_counts_per_insats_without_any_deltagar_id(arbete, kansli):
    kansli.email = "k@example.org"
    kansli.save()
    call_command("skicka_paminnelser", "--manadsvis", "--datum", IDAG.isoformat())
    (brev,) = brev_till("k@example.org")
    assert brev.subject == "Deltagaruppföljning: datakvalitet per insats"
    assert "1 jul 2025–1 sep 2025" in brev.body
    assert "== Aktivitetsplatsen ==" in brev.body
    assert "- Aktiva längre än förväntad längd utan avslut: 1" in brev.body
    assert "- Aktiva:" not in brev.body
    assert "- Försenade uppföljningar: 1" in brev.body
    for deltagar_id in ("AP-SEN", "AP-LANG", "NO-SEN"):
        assert deltagar_id not in brev.body
    assert brev_till("a@example.org") == []


def test_a_bad_date_is_a_swedish_error():
    with pytest.raises(CommandError, match="Felaktigt datum: '1 sep' \\(skriv ÅÅÅÅ-MM-DD\\)."):
        call_command("skicka_paminnelser", "--veckovis", "--datum", "1 sep")


def test_without_e_mail_configured_the_command_refuses_and_sends_and_logs_nothing(arbete, settings):
    settings.EPOST_KONFIGURERAD = False
    with pytest.raises(CommandError) as fel:
        call_command("skicka_paminnelser", "--veckovis", "--datum", IDAG.isoformat())
    assert str(fel.value) == (
        "E-post är inte inställd (DJANGO_EPOST_HOST saknas), så inga påminnelser skickades. "
        "Sätt DJANGO_EPOST_HOST och kör kommandot igen."
    )
    assert mail.outbox == []
    assert not LogEntry.objects.filter(object_pk="export").exists()


def test_in_production_the_development_link_address_is_refused(arbete, settings):
    settings.DEBUG = False
    settings.WEBBADRESS = "http://127.0.0.1:8000"
    with pytest.raises(CommandError) as fel:
        call_command("skicka_paminnelser", "--veckovis", "--datum", IDAG.isoformat())
    assert str(fel.value) == (
        "DJANGO_WEBBADRESS är inte satt, så länkarna i breven skulle gå till http://127.0.0.1:8000; "
        "inga påminnelser skickades. Sätt DJANGO_WEBBADRESS till appens adress, t.ex. https://deltagare.example.org."
    )
    assert mail.outbox == []
    assert not LogEntry.objects.filter(object_pk="export").exists()


def test_in_development_the_development_link_address_is_fine(arbete, settings):
    settings.DEBUG = True
    settings.WEBBADRESS = "http://127.0.0.1:8000"
    call_command("skicka_paminnelser", "--veckovis", "--datum", IDAG.isoformat())
    assert "http://127.0.0.1:8000/" in brev_till("a@example.org")[0].body
