"""The rules of docs/regler.md §2, each refused with a Swedish message on the right field."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from deltagare.models import Avslutsorsak, Deltagare, Forsorjning, Utbildning
from deltagare.validators import looks_like_personnummer
from insatser.models import Insats

from .factories import AnonymDeltagareFactory, DeltagareFactory

pytestmark = pytest.mark.django_db


def errors_of(deltagare: Deltagare) -> dict[str, list[str]]:
    with pytest.raises(ValidationError) as info:
        deltagare.full_clean()
    return info.value.message_dict


@pytest.mark.parametrize(
    "value",
    [
        "850312-1234", "8503121234", "19850312-1234", "198503121234", "850372+1234", "X-850312-1234",
        # Any separator an ID may hold, also between the date's parts.
        "850101.1234", "850101/1234", "19850101.1234", "850101_1234", "85-01-01-1234", "1985.01.01.1234",
        "1985/01/01-1234",
        # Spaces around the dash, pasted dashes, doubled ones, and spaces inside the number.
        "850101 - 1234", "850101\u20131234", "850101\u20101234", "850101--1234", "85 01 01-12 34",
        # What a search box or filter may get besides (IDs cannot hold these): commas, stars,
        # apostrophes, long runs of spaces and dashes, a zero-width space pasted from a web page.
        "850101,1234", "850101*1234", "850101'1234", "850101  -  1234", "850101 -- 1234", "850101\u200b1234",
        "19850101\ufeff-1234",
        # After two digits that a first reading takes for a year (month 19): still found.
        "12, 19850101-1234",
    ],
)
def test_personnummer_like_ids_are_refused_with_an_explanation(value):
    deltagare = DeltagareFactory.build(deltagar_id=value)
    message = errors_of(deltagare)["deltagar_id"]
    assert any("ser ut som ett personnummer eller samordningsnummer" in m for m in message)
    assert any("pseudonym" in m for m in message)


@pytest.mark.parametrize(
    "value",
    [
        "MGT-2025-017", "AP-00012", "851399-1234", "12345", "2025-0001", "AP/2025/017", "IPS.2024.12.1", "85-13-01-1234",
        # Digits far apart, or with letters between, are no personnummer.
        "850101-AB-1234", "850101       1234",
    ],
)
def test_pseudonymous_ids_are_accepted(value):
    assert not looks_like_personnummer(value)


@pytest.mark.parametrize("value", ["Müller-1", "Ñandu", "Ω1"])
def test_an_id_with_a_letter_outside_the_allowed_ones_is_told_which_letters_are_allowed(value):
    deltagare = DeltagareFactory.build(deltagar_id=value)
    assert errors_of(deltagare)["deltagar_id"] == [
        "Deltagar-ID får bara innehålla bokstäverna a–z, å, ä, ö och é (stora eller små), siffror och tecknen "
        "- _ . / (inga mellanslag) och måste börja med en bokstav eller siffra."
    ]


def test_ids_with_spaces_are_refused():
    deltagare = DeltagareFactory.build(deltagar_id="Anna Svensson")
    assert "inga mellanslag" in errors_of(deltagare)["deltagar_id"][0]


def test_anonymous_participant_carries_no_background_data():
    deltagare = AnonymDeltagareFactory.build(utbildning=Utbildning.objects.get(kod="eftergymnasial"))
    assert errors_of(deltagare)["utbildning"] == ["Uppgiften får inte sparas utan samtycke (anonym deltagare)."]


def test_anonymous_participant_without_background_is_valid():
    AnonymDeltagareFactory.build().full_clean()


def test_database_refuses_background_data_without_consent():
    deltagare = AnonymDeltagareFactory.build(fodelsear=1990)
    with pytest.raises(IntegrityError), transaction.atomic():
        deltagare.save()


@pytest.mark.parametrize("fodelsear", [2010, 1950])
def test_age_outside_16_to_66_at_start_is_refused(fodelsear):
    deltagare = DeltagareFactory.build(fodelsear=fodelsear, startdatum=datetime.date(2025, 1, 10))
    message = errors_of(deltagare)["fodelsear"][0]
    assert message.startswith(f"Åldern vid start blir {2025 - fodelsear} år")
    assert "16–66 år vid start" in message


@pytest.mark.parametrize("fodelsear", [2009, 1959])
def test_age_16_and_66_at_start_are_accepted(fodelsear):
    DeltagareFactory.build(fodelsear=fodelsear, startdatum=datetime.date(2025, 1, 10)).full_clean()


def test_slutdatum_before_startdatum_is_refused():
    deltagare = DeltagareFactory.build(
        slutdatum=datetime.date(2025, 1, 1), avslutsorsak=Avslutsorsak.objects.get(kod="arbete")
    )
    assert errors_of(deltagare)["slutdatum"] == ["Slutdatum får inte vara före startdatum."]


def test_database_refuses_slutdatum_before_startdatum():
    deltagare = DeltagareFactory.build(slutdatum=datetime.date(2025, 1, 1))
    with pytest.raises(IntegrityError), transaction.atomic():
        deltagare.save()


def test_exit_reason_is_required_on_close_where_the_insats_registers_them():
    deltagare = DeltagareFactory.build(slutdatum=datetime.date(2025, 6, 1))
    assert errors_of(deltagare)["avslutsorsak"] == ["Ange avslutsorsak när deltagaren avslutas."]


def test_exit_reason_is_not_required_where_the_insats_registers_none():
    insats = Insats.objects.get(kortnamn="Hälsofrämjande")
    AnonymDeltagareFactory.build(insats=insats, slutdatum=datetime.date(2025, 6, 1)).full_clean()


def test_exit_reason_without_slutdatum_is_refused():
    deltagare = DeltagareFactory.build(avslutsorsak=Avslutsorsak.objects.get(kod="studier"))
    assert errors_of(deltagare)["avslutsorsak"] == [
        "Avslutsorsak anges bara när deltagaren avslutas (med slutdatum)."
    ]


def test_forsorjning_vid_avslut_without_slutdatum_is_refused():
    deltagare = DeltagareFactory.build(forsorjning_slut=Forsorjning.objects.get(kod="lon"))
    assert "forsorjning_slut" in errors_of(deltagare)


def test_insats_without_background_registration_refuses_background_data():
    insats = Insats.objects.get(kortnamn="Hälsofrämjande")
    deltagare = DeltagareFactory.build(insats=insats)
    assert errors_of(deltagare)["fodelsear"] == [
        "Insatsen Hälsofrämjande insatser för nyanlända registrerar inte bakgrundsuppgifter."
    ]


def test_startdatum_in_the_future_is_refused():
    deltagare = DeltagareFactory.build(startdatum=datetime.date.today() + datetime.timedelta(days=2))
    assert errors_of(deltagare)["startdatum"] == ["Datumet får inte vara i framtiden."]


def test_deltagar_id_is_unique_within_the_insats():
    DeltagareFactory(deltagar_id="AP-1")
    duplicate = DeltagareFactory.build(deltagar_id="AP-1")
    assert errors_of(duplicate) == {"deltagar_id": ["Det finns redan en deltagare med detta deltagar-ID i insatsen."]}


def test_same_deltagar_id_is_allowed_in_another_insats(insats_b):
    DeltagareFactory(deltagar_id="X-1")
    DeltagareFactory.build(deltagar_id="X-1", insats=insats_b).full_clean()


def test_juridiskt_kon_defaults_to_kon_for_women_and_men():
    deltagare = DeltagareFactory.build(kon="M", juridiskt_kon="")
    deltagare.full_clean()
    assert deltagare.juridiskt_kon == "M"


def test_juridiskt_kon_is_not_guessed_for_annan_konsidentitet():
    deltagare = DeltagareFactory.build(kon="A", juridiskt_kon="X")
    deltagare.full_clean()
    assert deltagare.juridiskt_kon == "X"


def test_retired_exit_reason_stays_valid_for_historical_rows():
    sjukdom = Avslutsorsak.objects.get(kod="sjukdom")
    assert not sjukdom.aktiv
    DeltagareFactory.build(slutdatum=datetime.date(2023, 6, 1), startdatum=datetime.date(2023, 1, 2), avslutsorsak=sjukdom).full_clean()


def test_a_startdatum_before_2000_is_refused_as_a_typing_mistake():
    deltagare = DeltagareFactory.build(startdatum=datetime.date(25, 3, 1), fodelsear=None)
    assert errors_of(deltagare)["startdatum"] == ["Datumet kan inte vara före 2000-01-01."]


def test_the_error_summary_links_a_radio_group_to_its_first_option(client, leader_a, insats_a):
    client.force_login(leader_a)
    svar = client.post(reverse("deltagare:ny", args=[insats_a.pk]), {"deltagar_id": "AP-900", "startdatum": "2025-03-01"})
    html = svar.content.decode()
    assert '<a href="#id_samtycke_0">Samtycke till bakgrundsuppgifter: Det här fältet är obligatoriskt.</a>' in html
    assert 'id="id_samtycke_0"' in html
    assert 'href="#"' not in html


def test_the_error_summary_links_a_rule_about_a_radio_group_to_its_first_option(client, leader_a, insats_a):
    client.force_login(leader_a)
    data = {"deltagar_id": "AP-900", "samtycke": "True", "startdatum": "2025-03-01"}
    html = client.post(reverse("deltagare:ny", args=[insats_a.pk]), data).content.decode()
    assert '<a href="#id_kon_0">Kön: Ange kön. Bara en anonym deltagare (utan samtycke) får sakna kön.</a>' in html
    assert 'id="id_kon_0"' in html
