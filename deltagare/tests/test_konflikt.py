"""The conflict screen (issue 13, finding 7): only what the other person changed and what the user
changed are shown, and saving again cannot undo a colleague's change to a field the user never
touched."""

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from deltagare.models import Avslutsorsak, Deltagare
from finsam.datum import datum

from .factories import DeltagareFactory
from .formular import formulardata

pytestmark = pytest.mark.django_db


def redigeringsformular(client, deltagare) -> dict:
    html = client.get(reverse("deltagare:andra", args=[deltagare.pk])).text
    # The page's forms: the header's logout and search, then the edit form.
    for index in range(4):
        data = formulardata(html, index)
        if "deltagar_id" in data:
            return data
    raise AssertionError("inget redigeringsformulär")


@pytest.fixture
def kollega(django_user_model, insats_a):
    user = django_user_model.objects.create_user("kollega")
    insats_a.projektledare.add(user)
    return user


def test_the_conflict_screen_shows_only_the_fields_each_person_changed(client, leader_a, kollega, insats_a):
    deltagare = DeltagareFactory(insats=insats_a, fodelsear=1990, lots=False)
    andra = type(client)()
    andra.force_login(kollega)
    client.force_login(leader_a)
    min_sida = redigeringsformular(client, deltagare)
    kollegans = redigeringsformular(andra, deltagare)

    kollegans["fodelsear"] = "1985"
    assert andra.post(reverse("deltagare:andra", args=[deltagare.pk]), kollegans).status_code == 302

    min_sida["lots"] = "on"
    svar = client.post(reverse("deltagare:andra", args=[deltagare.pk]), min_sida)

    assert svar.status_code == 409
    assert svar.context["konflikt"]["andras"] == [("Födelseår", "1990", "1985")]
    assert svar.context["konflikt"]["dina"] == [("Har fått stöd av lots", "Nej", "Ja")]
    assert svar.context["konflikt"]["andring"].actor == kollega


def test_saving_again_after_a_conflict_keeps_the_colleagues_change(client, leader_a, kollega, insats_a):
    deltagare = DeltagareFactory(insats=insats_a, fodelsear=1990, lots=False)
    andra = type(client)()
    andra.force_login(kollega)
    client.force_login(leader_a)
    min_sida = redigeringsformular(client, deltagare)
    kollegans = redigeringsformular(andra, deltagare)
    kollegans["fodelsear"] = "1985"
    andra.post(reverse("deltagare:andra", args=[deltagare.pk]), kollegans)
    min_sida["lots"] = "on"
    konflikt = client.post(reverse("deltagare:andra", args=[deltagare.pk]), min_sida)

    # "Spara mina uppgifter ändå": the re-shown form, as the browser posts it.
    for index in range(4):
        igen = formulardata(konflikt.text, index)
        if "deltagar_id" in igen:
            break
    assert client.post(reverse("deltagare:andra", args=[deltagare.pk]), igen).status_code == 302

    deltagare = Deltagare.objects.get(pk=deltagare.pk)
    assert (deltagare.fodelsear, deltagare.lots, deltagare.version) == (1985, True, 3)


def test_when_both_changed_the_same_field_the_users_value_is_shown_and_kept(client, leader_a, kollega, insats_a):
    deltagare = DeltagareFactory(insats=insats_a, fodelsear=1990)
    andra = type(client)()
    andra.force_login(kollega)
    client.force_login(leader_a)
    min_sida = redigeringsformular(client, deltagare)
    kollegans = redigeringsformular(andra, deltagare)
    kollegans["fodelsear"] = "1985"
    andra.post(reverse("deltagare:andra", args=[deltagare.pk]), kollegans)
    min_sida["fodelsear"] = "1991"
    svar = client.post(reverse("deltagare:andra", args=[deltagare.pk]), min_sida)
    assert svar.context["konflikt"]["andras"] == [("Födelseår", "1990", "1985")]
    assert svar.context["konflikt"]["dina"] == [("Födelseår", "1990", "1991")]
    assert svar.context["form"]["fodelsear"].value() == "1991"


def test_the_conflict_screen_shows_samtycke_as_ja_or_nej_not_true(client, leader_a, kollega, insats_a):
    deltagare = DeltagareFactory(insats=insats_a, lots=False)
    andra = type(client)()
    andra.force_login(kollega)
    client.force_login(leader_a)
    min_sida = redigeringsformular(client, deltagare)
    kollegans = redigeringsformular(andra, deltagare)

    kollegans["samtycke"] = "False"
    assert andra.post(reverse("deltagare:andra", args=[deltagare.pk]), kollegans).status_code == 302

    min_sida["lots"] = "on"
    svar = client.post(reverse("deltagare:andra", args=[deltagare.pk]), min_sida)

    assert svar.status_code == 409
    assert ("Samtycke till bakgrundsuppgifter", "Ja", "Nej") in svar.context["konflikt"]["andras"]
    assert '<td data-rubrik="Innan">True</td>' not in svar.text


def avslutsformular(client, deltagare) -> dict:
    html = client.get(reverse("deltagare:avsluta", args=[deltagare.pk])).text
    for index in range(4):
        data = formulardata(html, index)
        if "slutdatum" in data:
            return data
    raise AssertionError("inget avslutsformulär")


def test_a_close_conflict_counts_the_suggested_end_date_as_the_users_and_keeps_it(client, leader_a, kollega, insats_a):
    deltagare = DeltagareFactory(insats=insats_a, fodelsear=1990, lots=False)
    andra = type(client)()
    andra.force_login(kollega)
    client.force_login(leader_a)
    min_sida = avslutsformular(client, deltagare)
    kollegans = redigeringsformular(andra, deltagare)
    kollegans["lots"] = "on"
    assert andra.post(reverse("deltagare:andra", args=[deltagare.pk]), kollegans).status_code == 302

    # The page suggests today's date; the user keeps it and picks a reason.
    min_sida["avslutsorsak"] = str(Avslutsorsak.objects.get(kod="arbete").pk)
    svar = client.post(reverse("deltagare:avsluta", args=[deltagare.pk]), min_sida)

    assert svar.status_code == 409
    assert svar.context["konflikt"]["andras"] == []
    with translation.override("sv"):
        idag = datum(timezone.localdate())
    assert svar.context["konflikt"]["dina"][0] == ("Slutdatum", "–", idag)
    assert svar.context["form"]["slutdatum"].value() == timezone.localdate().isoformat()


def test_the_close_page_suggests_today_but_starts_from_the_stored_empty_end_date(client, leader_a, insats_a):
    deltagare = DeltagareFactory(insats=insats_a)
    client.force_login(leader_a)
    data = avslutsformular(client, deltagare)
    assert data["slutdatum"] == timezone.localdate().isoformat()
    assert data["initial-slutdatum"] == ""
