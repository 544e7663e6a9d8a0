import datetime
import json

import pytest
from auditlog.models import LogEntry
from django.core.management import CommandError, call_command
from django.urls import reverse
from openpyxl import load_workbook

from dataskydd.services import registerutdrag
from deltagare.models import Deltagare, EjGenomfordOrsak, Uppfoljningsutfall
from deltagare.services import deltagare_spara, uppfoljning_utford
from deltagare.tests.factories import DeltagareFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def deltagare_a(leader_a, insats_a):
    deltagare = deltagare_spara(user=leader_a, deltagare=DeltagareFactory.build(insats=insats_a, deltagar_id="AP-77"))
    deltagare.lots = True
    return deltagare_spara(user=leader_a, deltagare=deltagare)


def test_extract_holds_every_field(leader_a, insats_a, deltagare_a):
    utdrag = registerutdrag(user=leader_a, insats=insats_a, deltagar_id="AP-77")
    uppgifter = {rad["falt"]: rad["varde"] for rad in utdrag["uppgifter"]}
    assert uppgifter["Deltagar-id"] == "AP-77"
    assert uppgifter["Utbildning"] == "Gymnasieutbildning"
    assert uppgifter["Lots"] == "Ja"


def test_the_leaders_extract_leaves_the_audit_history_to_administrators(leader_a, insats_a, deltagare_a):
    assert registerutdrag(user=leader_a, insats=insats_a, deltagar_id="AP-77")["historik"] is None


def test_the_administrators_extract_holds_the_change_history(administrator, insats_a, deltagare_a):
    utdrag = registerutdrag(user=administrator, insats=insats_a, deltagar_id="AP-77")
    assert [h["handelse"] for h in utdrag["historik"]] == ["skapad", "ändrad"]
    assert utdrag["historik"][1]["andringar"]["lots"] == ["False", "True"]
    assert utdrag["historik"][0]["av"] == "ledare-a"


def test_extract_is_logged_as_an_export(leader_a, insats_a, deltagare_a):
    registerutdrag(user=leader_a, insats=insats_a, deltagar_id="AP-77")
    entry = LogEntry.objects.get(object_pk="export")
    assert entry.actor == leader_a
    assert entry.additional_data == {
        "export": "registerutdrag",
        "filter": {"insats": "Aktivitetsplatsen", "deltagar_id": "AP-77"},
        "antal": 1,
    }


def test_another_insats_leader_gets_no_extract(leader_b, insats_a, deltagare_a):
    with pytest.raises(Deltagare.DoesNotExist):
        registerutdrag(user=leader_b, insats=insats_a, deltagar_id="AP-77")


def test_page_shows_the_extract_to_the_insats_leader(client, leader_a, insats_a, deltagare_a):
    client.force_login(leader_a)
    response = client.get(reverse("dataskydd:registerutdrag"), {"insats": insats_a.pk, "deltagar_id": "AP-77"})
    assert response.status_code == 200
    assert "Gymnasieutbildning" in response.content.decode()


def test_page_refuses_another_insats_leader(client, leader_b, insats_a, deltagare_a):
    client.force_login(leader_b)
    response = client.get(reverse("dataskydd:registerutdrag"), {"insats": insats_a.pk, "deltagar_id": "AP-77"})
    assert response.status_code == 200
    assert "Gymnasieutbildning" not in response.content.decode()
    assert "Välj ett giltigt alternativ" in response.content.decode()


def test_a_failed_lookup_says_the_extract_could_not_be_made_not_that_nothing_was_saved(client, leader_a, insats_a):
    client.force_login(leader_a)
    html = client.get(reverse("dataskydd:registerutdrag"), {"insats": insats_a.pk, "deltagar_id": ""}).content.decode()
    assert '<h2 id="felsammanfattning-rubrik">Utdraget kunde inte tas fram – rätta uppgifterna nedan.</h2>' in html
    assert "sparades inte" not in html


def test_the_form_asks_for_an_insats_in_swedish_with_labels_like_the_other_forms(client, leader_a):
    client.force_login(leader_a)
    html = client.get(reverse("dataskydd:registerutdrag")).content.decode()
    assert '<option value="" selected>Välj insats</option>' in html
    assert "Insats:</label>" not in html and "Deltagar-ID:</label>" not in html


def test_page_requires_login(client):
    response = client.get(reverse("dataskydd:registerutdrag"))
    assert response.status_code == 302
    assert "/konto/login/" in response.url


def test_kansli_gets_no_extract(client, kansli, insats_a, deltagare_a):
    client.force_login(kansli)
    response = client.get(reverse("dataskydd:registerutdrag"), {"insats": insats_a.pk, "deltagar_id": "AP-77"})
    assert response.status_code == 403
    assert "Registerutdrag tas fram av en administratör eller insatsens projektledare." in response.content.decode()


def test_page_downloads_xlsx(client, administrator, insats_a, deltagare_a, tmp_path):
    client.force_login(administrator)
    response = client.get(
        reverse("dataskydd:registerutdrag"), {"insats": insats_a.pk, "deltagar_id": "AP-77", "format": "xlsx"}
    )
    path = tmp_path / "utdrag.xlsx"
    path.write_bytes(response.content)
    wb = load_workbook(path)
    assert wb.sheetnames == ["Uppgifter", "Uppföljningar", "Historik"]
    assert ("Deltagar-ID", "AP-77") in [tuple(r) for r in wb["Uppgifter"].iter_rows(values_only=True)]


def test_command_writes_json(deltagare_a, tmp_path):
    out = tmp_path / "utdrag.json"
    call_command("registerutdrag", "--insats", "Aktivitetsplatsen", "--deltagar-id", "AP-77", "--output", str(out))
    assert json.loads(out.read_text(encoding="utf-8"))["deltagar_id"] == "AP-77"


@pytest.mark.parametrize("format_", ["json", "xlsx"])
def test_command_says_it_could_not_write_the_file_and_logs_no_export(deltagare_a, tmp_path, format_):
    ut = tmp_path / "finns-inte" / f"utdrag.{format_}"
    with pytest.raises(CommandError) as fel:
        call_command(
            "registerutdrag", "--insats", "Aktivitetsplatsen", "--deltagar-id", "AP-77", "--format", format_, "--output", str(ut)
        )
    assert str(fel.value) == f"Kunde inte skriva {ut}: No such file or directory"
    assert not LogEntry.objects.filter(object_pk="export").exists()


def test_command_refuses_unknown_participant(deltagare_a):
    with pytest.raises(CommandError, match="Ingen deltagare AP-78 i Aktivitetsplatsen."):
        call_command("registerutdrag", "--insats", "Aktivitetsplatsen", "--deltagar-id", "AP-78")


def test_the_menu_links_to_the_extract(client, leader_a):
    client.force_login(leader_a)
    assert 'href="/dataskydd/registerutdrag/"' in client.get("/").content.decode()


def test_extract_holds_the_results_of_the_follow_ups(leader_a, mgt):
    mgt.projektledare.add(leader_a)
    deltagare = deltagare_spara(
        user=leader_a,
        deltagare=DeltagareFactory.build(insats=mgt, deltagar_id="MGT-77", startdatum=datetime.date(2025, 1, 10)),
    )
    tre, sex, _tolv = deltagare.uppfoljningar.order_by("manader")
    uppfoljning_utford(
        user=leader_a, uppfoljning=tre, datum=datetime.date(2025, 4, 11), utfall=Uppfoljningsutfall.objects.get(kod="studier")
    )
    uppfoljning_utford(
        user=leader_a,
        uppfoljning=sex,
        datum=datetime.date(2025, 7, 11),
        ej_genomford_orsak=EjGenomfordOrsak.objects.get(kod="avbojde"),
    )
    utdrag = registerutdrag(user=leader_a, insats=mgt, deltagar_id="MGT-77")
    assert [(u["manader"], u["utford"], u["resultat"]) for u in utdrag["uppfoljningar"]] == [
        (3, "2025-04-11", "Studier"),
        (6, "2025-07-11", "Kunde inte genomföras: Deltagaren avböjde"),
        (12, "", ""),
    ]
