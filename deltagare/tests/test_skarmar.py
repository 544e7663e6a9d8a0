"""Screens made clear (issue 13, finding 7): required fields marked, short names shown."""

import pytest
from django.urls import reverse

from .factories import DeltagareFactory

pytestmark = pytest.mark.django_db


def test_required_fields_are_marked_in_the_registration_form(client, leader_a, insats_a):
    client.force_login(leader_a)
    text = client.get(reverse("deltagare:ny", args=[insats_a.pk])).text
    assert "Fält markerade med * måste fyllas i." in text
    assert '<label for="id_deltagar_id" class="obligatorisk">' in text
    assert '<label for="id_startdatum" class="obligatorisk">' in text
    assert '<label for="id_fodelsear">' in text  # optional: not marked


def test_the_close_form_marks_slutdatum_and_avslutsorsak_as_required(client, leader_a, insats_a):
    deltagare = DeltagareFactory(insats=insats_a)
    client.force_login(leader_a)
    text = client.get(reverse("deltagare:avsluta", args=[deltagare.pk])).text
    assert '<label for="id_slutdatum" class="obligatorisk">' in text
    assert '<label for="id_avslutsorsak" class="obligatorisk">' in text


def test_the_short_name_used_in_excel_is_shown_beside_the_name(client, leader_a, mgt):
    mgt.projektledare.add(leader_a)
    deltagare = DeltagareFactory(insats=mgt, deltagar_id="MGT-1")
    client.force_login(leader_a)
    assert mgt.namn != mgt.kortnamn
    for url in (reverse("deltagare:visa", args=[deltagare.pk]), reverse("deltagare:ny", args=[mgt.pk])):
        assert f'{mgt.namn} <span class="kortnamn">(MGT)</span>' in client.get(url).text


def test_the_start_page_explains_mgts_counting_rule(client, leader_a, mgt):
    mgt.projektledare.add(leader_a)
    client.force_login(leader_a)
    text = client.get("/").text
    assert "MGT räknas som i rapporterna: en deltagare räknas under halvåret då teammötet (startdatum) var" in text
    assert "Aktiva under halvåret kan därför vara färre än Pågående nu" in text


def test_the_start_page_has_no_explanation_without_such_an_insats(client, leader_a):
    client.force_login(leader_a)
    assert "räknas vid teammötet" not in client.get("/").text


def test_kansli_gets_no_administration_button_on_the_start_page(client, kansli, administrator):
    client.force_login(kansli)
    assert "Administration" not in client.get("/").text
    client.force_login(administrator)
    assert "Administration" in client.get("/").text
