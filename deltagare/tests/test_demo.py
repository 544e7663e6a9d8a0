import json

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from deltagare.models import Deltagare

from .factories import DeltagareFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def utvecklingslage(settings):
    # make run's DJANGO_DEBUG=1 (pytest-django runs the tests with DEBUG off).
    settings.DEBUG = True


def test_demo_dataset_loads_and_prints_working_logins(capsys, client):
    call_command("ladda_demo")
    out = capsys.readouterr().out
    rows = json.loads(open("fixtures/demo.json", encoding="utf-8").read())
    assert Deltagare.objects.count() == len(rows) > 50
    line = next(line for line in out.splitlines() if "demo-admin" in line)
    password = line.split("lösenord:")[1].strip()
    response = client.post("/konto/login/", {"username": "demo-admin", "password": password})
    assert response.status_code == 302
    assert client.get("/admin/deltagare/deltagare/").status_code == 200


def test_demo_can_be_loaded_twice_without_duplicates():
    call_command("ladda_demo")
    first = Deltagare.objects.count()
    call_command("ladda_demo")
    assert Deltagare.objects.count() == first
    leader = get_user_model().objects.get(username="demo-projektledare")
    assert sorted(leader.insatser.values_list("kortnamn", flat=True)) == ["Aktivitetsplatsen", "MGT"]


def test_demo_refuses_a_database_with_participants_that_never_had_the_demo(mgt, django_user_model):
    riktig = DeltagareFactory(insats=mgt, deltagar_id="MGT-RIKTIG")
    with pytest.raises(CommandError) as fel:
        call_command("ladda_demo")
    assert str(fel.value) == (
        "Databasen har deltagare men har aldrig fått demodata, så den ser ut att vara på riktigt; "
        "inget laddades. Ladda demodata i en tom databas, t.ex. DATABASE_URL=sqlite:///demo.sqlite3."
    )
    assert list(Deltagare.objects.all()) == [riktig]
    assert not django_user_model.objects.filter(username__startswith="demo-").exists()
    assert not mgt.projektledare.exists()


def test_demo_refuses_outside_development_mode(settings, django_user_model):
    settings.DEBUG = False
    with pytest.raises(CommandError) as fel:
        call_command("ladda_demo")
    assert str(fel.value) == (
        "Demodata laddas bara i utvecklingsläge (DJANGO_DEBUG=1): kommandot skapar en administratör "
        "med ett lösenord på skärmen och fiktiva deltagare."
    )
    assert not Deltagare.objects.exists()
    assert not django_user_model.objects.exists()


def test_make_runs_demo_again_on_a_demo_database_with_participants_added_since(mgt):
    call_command("ladda_demo")
    DeltagareFactory(insats=mgt, deltagar_id="MGT-TILLAGD")
    antal = Deltagare.objects.count()
    call_command("ladda_demo")
    assert Deltagare.objects.count() == antal
