"""Lists of ids in requests (finsam/idlista.py): a value that is no id ("abc", or a number larger
than a database key, which SQLite's driver refuses with OverflowError) is an unknown id, never a
server error; and what is logged counts the rows shown, not the ids asked for."""

import datetime

import pytest
from auditlog.models import LogEntry
from django.urls import reverse

from deltagare.models import Deltagare, Uppfoljning, Uppfoljningsutfall
from finsam.idlista import id_lista

from .factories import DeltagareFactory

pytestmark = pytest.mark.django_db

STORT = "99999999999999999999999"


@pytest.fixture
def aktiva(insats_a):
    return [DeltagareFactory(insats=insats_a, deltagar_id=f"AP-{n}") for n in (1, 2)]


def test_only_ascii_digits_within_a_database_key_are_ids():
    assert id_lista(["3", "abc", "", "²", "-1", "0", STORT, str(2**63 - 1), "3", " 4"]) == [3, 2**63 - 1]


def test_closing_several_with_a_value_that_is_no_id_shows_the_form_again_with_a_swedish_error(
    client, leader_a, insats_a, aktiva
):
    client.force_login(leader_a)
    svar = client.post(
        reverse("deltagare:avsluta_flera", args=[insats_a.pk]), {"valda": ["abc"], "slutdatum": "2025-10-01"}
    )
    assert svar.status_code == 200
    assert svar.context["form"].errors["valda"] == ["“abc” är inte ett giltigt värde."]
    assert not Deltagare.objects.filter(slutdatum__isnull=False).exists()


def test_closing_several_with_a_huge_number_is_refused_like_any_value_that_is_no_id(
    client, leader_a, insats_a, aktiva
):
    client.force_login(leader_a)
    svar = client.post(
        reverse("deltagare:avsluta_flera", args=[insats_a.pk]),
        {"valda": [aktiva[0].pk, STORT], "slutdatum": "2025-10-01"},
    )
    assert svar.status_code == 200
    assert svar.context["form"].errors["valda"] == [f"“{STORT}” är inte ett giltigt värde."]
    assert list(svar.context["form"].fields["valda"].queryset) == [aktiva[0]]
    assert not Deltagare.objects.filter(slutdatum__isnull=False).exists()


def test_the_confirmation_page_leaves_out_a_huge_number(client, leader_a, insats_a, aktiva):
    client.force_login(leader_a)
    svar = client.get(reverse("deltagare:avsluta_flera", args=[insats_a.pk]), {"valda": [STORT, aktiva[1].pk]})
    assert svar.status_code == 200
    assert [d.deltagar_id for d in svar.context["form"].fields["valda"].queryset] == ["AP-2"]


def test_the_confirmation_page_logs_the_number_of_participants_shown_not_of_ids_asked_for(
    client, leader_a, insats_a, insats_b, aktiva
):
    annan = DeltagareFactory(insats=insats_b, deltagar_id="NO-1")
    client.force_login(leader_a)
    client.get(reverse("deltagare:avsluta_flera", args=[insats_a.pk]), {"valda": [aktiva[0].pk, annan.pk, STORT]})
    post = LogEntry.objects.get(action=LogEntry.Action.ACCESS, additional_data__export="avsluta flera")
    assert post.additional_data["antal"] == 1


def test_the_confirmation_page_logs_nothing_when_only_other_insatsers_ids_are_asked_for(
    client, leader_a, insats_a, insats_b, aktiva
):
    annan = DeltagareFactory(insats=insats_b, deltagar_id="NO-1")
    client.force_login(leader_a)
    client.get(reverse("deltagare:avsluta_flera", args=[insats_a.pk]), {"valda": [annan.pk]})
    assert not LogEntry.objects.filter(action=LogEntry.Action.ACCESS, additional_data__export="avsluta flera").exists()


def test_marking_follow_ups_done_with_a_huge_number_saves_nothing_and_says_why(client, leader_a, aktiva):
    uppfoljning = Uppfoljning.objects.create(deltagare=aktiva[0], manader=3, planerad_datum=datetime.date(2025, 5, 3))
    arbete = Uppfoljningsutfall.objects.get(kod="arbete")
    client.force_login(leader_a)
    svar = client.post(
        reverse("deltagare:uppfoljningar_utforda"),
        {"valda": [uppfoljning.pk, "9999999999999999999999999"], "datum": "2025-10-01", "resultat": f"utfall-{arbete.pk}"},
        follow=True,
    )
    assert svar.status_code == 200
    assert "Inget sparades: “9999999999999999999999999” är inte ett giltigt värde." in svar.text
    assert not Uppfoljning.objects.filter(utford_datum__isnull=False).exists()


def test_the_export_refuses_a_huge_insats_number_on_its_form(client, leader_a, insats_a):
    client.force_login(leader_a)
    svar = client.get(reverse("importexport:export"), {"format": "csv", "insatser": STORT})
    assert svar.status_code == 200
    assert svar.context["form"].errors["insatser"] == [f"“{STORT}” är inte ett giltigt värde."]
    assert "Content-Disposition" not in svar
