import json

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from deltagare.models import Deltagare

pytestmark = pytest.mark.django_db


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
