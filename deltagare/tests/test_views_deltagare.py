"""Participant list and forms: the model's rules with Swedish messages next to the field,
optimistic concurrency, audit of reads, and another insats' participant as 404 (docs/regler.md §2, §5)."""

import datetime

import pytest
from auditlog.models import LogEntry
from django.contrib.auth.models import Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from deltagare.models import Avslutsorsak, Deltagare, Forsorjning, Uppfoljning, Uppfoljningsutfall, Utbildning
from deltagare.validators import PSEUDONYM_MESSAGE
from insatser.models import Insats

from .factories import AnonymDeltagareFactory, AvslutadDeltagareFactory, DeltagareFactory

pytestmark = pytest.mark.django_db


def ny_rad(**andra) -> dict:
    data = {
        "deltagar_id": "AP-2025-001",
        "samtycke": "True",
        "kon": "K",
        "juridiskt_kon": "",
        "fodelsear": "1990",
        "utbildning": str(Utbildning.objects.get(kod="gymnasieutbildning").pk),
        "startdatum": "2025-02-03",
    }
    data.update(andra)
    return {k: v for k, v in data.items() if v is not None}


def redigering(deltagare: Deltagare, **andra) -> dict:
    data = ny_rad(
        deltagar_id=deltagare.deltagar_id,
        samtycke=str(deltagare.samtycke),
        kon=deltagare.kon,
        fodelsear=str(deltagare.fodelsear or ""),
        utbildning=str(deltagare.utbildning_id or ""),
        startdatum=deltagare.startdatum.isoformat(),
        version=str(deltagare.version),
    )
    data.update(andra)
    return data


def faltfel(response, namn: str) -> list[str]:
    return list(response.context["form"].errors.get(namn, []))


# --- Access: another insats' participant is 404 on every page ---------------------------------

SIDOR = ["visa", "andra", "avsluta", "ateroppna", "ta_bort"]


@pytest.mark.parametrize("sida", SIDOR)
def test_another_insats_participant_answers_404(client, leader_a, insats_b, sida):
    annan = AvslutadDeltagareFactory(insats=insats_b, deltagar_id="NO-1")
    client.force_login(leader_a)
    assert client.get(reverse(f"deltagare:{sida}", args=[annan.pk])).status_code == 404
    if sida != "visa":  # the detail page is read-only (405 for a POST, whoever asks)
        assert client.post(reverse(f"deltagare:{sida}", args=[annan.pk]), {"version": "1"}).status_code == 404
    annan.refresh_from_db()
    assert (annan.version, annan.slutdatum) == (1, datetime.date(2025, 5, 30))


@pytest.mark.parametrize("sida", ["lista", "ny"])
def test_another_insats_list_and_registration_answer_404(client, leader_a, insats_b, sida):
    client.force_login(leader_a)
    assert client.get(reverse(f"deltagare:{sida}", args=[insats_b.pk])).status_code == 404
    response = client.post(reverse("deltagare:ny", args=[insats_b.pk]), ny_rad(deltagar_id="NO-9"))
    assert response.status_code == 404
    assert not Deltagare.objects.exists()


@pytest.mark.parametrize("sida", SIDOR)
def test_every_participant_page_requires_login(client, sida):
    deltagare = DeltagareFactory()
    response = client.get(reverse(f"deltagare:{sida}", args=[deltagare.pk]))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


@pytest.mark.parametrize("persona", ["kansli", "administrator"])
def test_kansli_and_administrator_reach_every_insats_participant(client, request, persona, insats_b):
    deltagare = DeltagareFactory(insats=insats_b, deltagar_id="NO-2")
    client.force_login(request.getfixturevalue(persona))
    assert client.get(reverse("deltagare:visa", args=[deltagare.pk])).status_code == 200
    assert client.get(reverse("deltagare:lista", args=[insats_b.pk])).status_code == 200


# --- List ---------------------------------------------------------------------------------------


def test_list_shows_only_the_insats_participants(client, leader_a, insats_a, insats_b):
    DeltagareFactory(insats=insats_a, deltagar_id="AP-1")
    DeltagareFactory(insats=insats_b, deltagar_id="NO-1")
    client.force_login(leader_a)
    response = client.get(reverse("deltagare:lista", args=[insats_a.pk]))
    assert [d.deltagar_id for d in response.context["sida"]] == ["AP-1"]


def test_list_searches_by_participant_id(client, leader_a, insats_a):
    for namn in ("AP-100", "AP-200", "XY-100"):
        DeltagareFactory(insats=insats_a, deltagar_id=namn)
    client.force_login(leader_a)
    response = client.get(reverse("deltagare:lista", args=[insats_a.pk]), {"deltagar_id": "100"})
    assert sorted(d.deltagar_id for d in response.context["sida"]) == ["AP-100", "XY-100"]


def test_list_filters_by_status(client, leader_a, insats_a):
    DeltagareFactory(insats=insats_a, deltagar_id="AP-AKTIV")
    AvslutadDeltagareFactory(insats=insats_a, deltagar_id="AP-SLUT")
    client.force_login(leader_a)
    url = reverse("deltagare:lista", args=[insats_a.pk])
    assert [d.deltagar_id for d in client.get(url, {"status": "aktiv"}).context["sida"]] == ["AP-AKTIV"]
    assert [d.deltagar_id for d in client.get(url, {"status": "avslutad"}).context["sida"]] == ["AP-SLUT"]


def test_list_filters_by_period_as_the_reports_count(client, leader_a, insats_a):
    AvslutadDeltagareFactory(insats=insats_a, deltagar_id="AP-VAR", startdatum=datetime.date(2024, 3, 1), slutdatum=datetime.date(2024, 5, 1))
    DeltagareFactory(insats=insats_a, deltagar_id="AP-2025", startdatum=datetime.date(2025, 2, 1))
    client.force_login(leader_a)
    response = client.get(reverse("deltagare:lista", args=[insats_a.pk]), {"fran": "2025-01-01", "till": "2025-06-30"})
    assert [d.deltagar_id for d in response.context["sida"]] == ["AP-2025"]


def test_list_refuses_a_period_that_ends_before_it_starts(client, leader_a, insats_a):
    client.force_login(leader_a)
    response = client.get(reverse("deltagare:lista", args=[insats_a.pk]), {"fran": "2025-06-30", "till": "2025-01-01"})
    assert response.status_code == 200
    assert response.context["filter"].form.errors["till"] == ["Periodens slut får inte vara före dess början."]


def test_a_refused_list_filter_field_points_to_an_error_that_is_on_the_page(client, leader_a, insats_a):
    client.force_login(leader_a)
    html = client.get(reverse("deltagare:lista", args=[insats_a.pk]), {"fran": "2025-06-30", "till": "2025-01-01"}).text
    assert 'aria-describedby="id_till_error"' in html
    assert '<ul class="errorlist" id="id_till_error"><li>Periodens slut får inte vara före dess början.</li></ul>' in html


def test_list_sorts_by_a_column(client, leader_a, insats_a):
    for namn, dag in (("AP-B", 3), ("AP-A", 1), ("AP-C", 2)):
        DeltagareFactory(insats=insats_a, deltagar_id=namn, startdatum=datetime.date(2025, 1, dag))
    client.force_login(leader_a)
    url = reverse("deltagare:lista", args=[insats_a.pk])
    assert [d.deltagar_id for d in client.get(url, {"ordning": "deltagar_id"}).context["sida"]] == ["AP-A", "AP-B", "AP-C"]
    assert [d.deltagar_id for d in client.get(url, {"ordning": "-startdatum"}).context["sida"]] == ["AP-B", "AP-C", "AP-A"]


def test_list_is_paginated_and_keeps_the_filter_in_page_links(client, leader_a, insats_a):
    DeltagareFactory.create_batch(30, insats=insats_a)
    client.force_login(leader_a)
    url = reverse("deltagare:lista", args=[insats_a.pk])
    forsta = client.get(url, {"status": "aktiv"})
    assert len(forsta.context["sida"]) == 25
    assert "?status=aktiv&amp;sida=2" in forsta.content.decode()
    assert len(client.get(url, {"status": "aktiv", "sida": "2"}).context["sida"]) == 5


def test_list_takes_the_same_number_of_queries_for_many_participants(client, leader_a, insats_a, django_assert_max_num_queries):
    DeltagareFactory.create_batch(3, insats=insats_a)
    client.force_login(leader_a)
    url = reverse("deltagare:lista", args=[insats_a.pk])
    with CaptureQueriesContext(connection) as fa:
        client.get(url)
    DeltagareFactory.create_batch(30, insats=insats_a)
    with django_assert_max_num_queries(len(fa)):
        client.get(url)


# --- Register --------------------------------------------------------------------------------


def test_leader_registers_a_participant(client, leader_a, insats_a):
    client.force_login(leader_a)
    response = client.post(reverse("deltagare:ny", args=[insats_a.pk]), ny_rad())
    deltagare = Deltagare.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("deltagare:visa", args=[deltagare.pk])
    assert (deltagare.insats, deltagare.deltagar_id, deltagare.juridiskt_kon) == (insats_a, "AP-2025-001", "K")
    assert LogEntry.objects.get_for_object(deltagare).get().actor == leader_a


def test_registration_schedules_the_insats_follow_ups(client, leader_a, mgt):
    mgt.projektledare.add(leader_a)
    client.force_login(leader_a)
    client.post(reverse("deltagare:ny", args=[mgt.pk]), ny_rad(deltagar_id="MGT-1", startdatum="2025-01-31"))
    assert list(Deltagare.objects.get().uppfoljningar.values_list("manader", flat=True)) == [3, 6, 12]


def test_a_personnummer_as_id_is_refused_with_the_reason_next_to_the_field(client, leader_a, insats_a):
    client.force_login(leader_a)
    response = client.post(reverse("deltagare:ny", args=[insats_a.pk]), ny_rad(deltagar_id="19900101-1234"))
    assert response.status_code == 200
    assert faltfel(response, "deltagar_id") == [str(PSEUDONYM_MESSAGE)]
    html = response.content.decode()
    assert 'aria-describedby="id_deltagar_id_helptext id_deltagar_id_error"' in html
    assert 'aria-invalid="true"' in html
    assert 'id="felsammanfattning" role="alert"' in html
    assert 'href="#id_deltagar_id"' in html
    assert 'value="19900101-1234"' in html  # the input is kept for correction
    assert not Deltagare.objects.exists()


def test_a_duplicate_id_in_the_insats_is_refused_next_to_the_id(client, leader_a, insats_a):
    DeltagareFactory(insats=insats_a, deltagar_id="AP-2025-001")
    client.force_login(leader_a)
    response = client.post(reverse("deltagare:ny", args=[insats_a.pk]), ny_rad())
    assert faltfel(response, "deltagar_id") == ["Det finns redan en deltagare med detta deltagar-ID i insatsen."]
    assert Deltagare.objects.count() == 1


def test_the_same_id_in_another_insats_is_allowed(client, leader_a, insats_a, insats_b):
    DeltagareFactory(insats=insats_b, deltagar_id="AP-2025-001")
    client.force_login(leader_a)
    assert client.post(reverse("deltagare:ny", args=[insats_a.pk]), ny_rad()).status_code == 302
    assert Deltagare.objects.count() == 2


def test_age_outside_16_to_66_is_refused_next_to_birth_year(client, leader_a, insats_a):
    client.force_login(leader_a)
    response = client.post(reverse("deltagare:ny", args=[insats_a.pk]), ny_rad(fodelsear="2015"))
    assert faltfel(response, "fodelsear") == ["Åldern vid start blir 10 år; deltagare ska vara 16–66 år vid start."]


def test_a_future_start_date_is_refused(client, leader_a, insats_a):
    client.force_login(leader_a)
    response = client.post(reverse("deltagare:ny", args=[insats_a.pk]), ny_rad(startdatum="2999-01-01"))
    assert faltfel(response, "startdatum") == ["Datumet får inte vara i framtiden."]


def test_consent_must_be_answered_for_a_new_participant(client, leader_a, insats_a):
    client.force_login(leader_a)
    page = client.get(reverse("deltagare:ny", args=[insats_a.pk])).content.decode()
    assert "checked" not in page.split('name="samtycke"')[1].split(">")[0]
    response = client.post(reverse("deltagare:ny", args=[insats_a.pk]), ny_rad(samtycke=None))
    assert faltfel(response, "samtycke") == ["Det här fältet är obligatoriskt."]


def test_without_consent_background_is_cleared_and_the_leader_is_told(client, leader_a, insats_a):
    client.force_login(leader_a)
    response = client.post(reverse("deltagare:ny", args=[insats_a.pk]), ny_rad(samtycke="False"), follow=True)
    deltagare = Deltagare.objects.get()
    assert (deltagare.samtycke, deltagare.fodelsear, deltagare.utbildning) == (False, None, None)
    assert "Bakgrundsuppgifterna sparades inte eftersom deltagaren saknar samtycke." in response.content.decode()


def test_withdrawing_consent_of_a_closed_participant_removes_exit_support_too(client, leader_a, insats_a):
    deltagare = AvslutadDeltagareFactory(insats=insats_a, forsorjning_slut=Forsorjning.objects.get(kod="lon"))
    client.force_login(leader_a)
    response = client.post(reverse("deltagare:andra", args=[deltagare.pk]), redigering(deltagare, samtycke="False"))
    assert response.status_code == 302
    deltagare.refresh_from_db()
    assert (deltagare.samtycke, deltagare.forsorjning_slut, deltagare.fodelsear) == (False, None, None)


def test_the_edit_form_of_a_participant_with_stored_background_names_what_no_consent_removes(
    client, leader_a, insats_a
):
    deltagare = DeltagareFactory(insats=insats_a, fodelsear=1990, utbildning=Utbildning.objects.get(kod="gymnasieutbildning"))
    client.force_login(leader_a)
    html = client.get(reverse("deltagare:andra", args=[deltagare.pk])).content.decode()
    assert (
        '<p class="meddelande meddelande--warning" id="samtycke-varning" role="status" data-samtycke-varning hidden>'
        "Med Samtycke = Nej tas de sparade bakgrundsuppgifterna bort när du sparar (födelseår, utbildning), "
        "också ur ändringshistoriken. Det går inte att ångra.</p>"
    ) in html


def test_a_participant_without_stored_background_gets_no_such_warning(client, leader_a, insats_a):
    deltagare = AnonymDeltagareFactory(insats=insats_a)
    client.force_login(leader_a)
    assert 'id="samtycke-varning"' not in client.get(reverse("deltagare:andra", args=[deltagare.pk])).content.decode()


def test_insats_without_background_does_not_offer_background_fields(client, administrator):
    halsa = Insats.objects.get(kortnamn="Hälsofrämjande")
    client.force_login(administrator)
    form = client.get(reverse("deltagare:ny", args=[halsa.pk])).context["form"]
    assert "fodelsear" not in form.fields and "utbildning" not in form.fields
    assert "kon" in form.fields


def test_new_rows_are_offered_active_codes_only(client, leader_a, insats_a):
    gammal = Utbildning.objects.get(kod="uppgift-saknas")
    gammal.aktiv = False
    gammal.save()
    client.force_login(leader_a)
    form = client.get(reverse("deltagare:ny", args=[insats_a.pk])).context["form"]
    assert gammal not in form.fields["utbildning"].queryset
    response = client.post(reverse("deltagare:ny", args=[insats_a.pk]), ny_rad(utbildning=str(gammal.pk)))
    assert faltfel(response, "utbildning") == ["Välj ett giltigt alternativ. Det valet finns inte bland tillgängliga alternativ."]


def test_a_historical_code_on_an_old_row_is_shown_and_kept(client, leader_a, insats_a):
    gammal = Utbildning.objects.get(kod="uppgift-saknas")
    deltagare = DeltagareFactory(insats=insats_a, utbildning=gammal)
    gammal.aktiv = False
    gammal.save()
    client.force_login(leader_a)
    form = client.get(reverse("deltagare:andra", args=[deltagare.pk])).context["form"]
    assert gammal in form.fields["utbildning"].queryset
    client.post(reverse("deltagare:andra", args=[deltagare.pk]), redigering(deltagare, lots="on"))
    deltagare.refresh_from_db()
    assert (deltagare.utbildning, deltagare.lots) == (gammal, True)


# --- Edit, concurrency, audit ------------------------------------------------------------------


def test_viewing_and_opening_a_participant_for_editing_is_logged(client, leader_a, insats_a):
    deltagare = DeltagareFactory(insats=insats_a)
    client.force_login(leader_a)
    client.get(reverse("deltagare:visa", args=[deltagare.pk]))
    client.get(reverse("deltagare:andra", args=[deltagare.pk]))
    lasningar = LogEntry.objects.get_for_object(deltagare).filter(action=LogEntry.Action.ACCESS)
    assert [e.actor for e in lasningar] == [leader_a, leader_a]


def test_edit_saves_through_the_service_with_a_new_version(client, leader_a, insats_a):
    deltagare = DeltagareFactory(insats=insats_a)
    client.force_login(leader_a)
    response = client.post(reverse("deltagare:andra", args=[deltagare.pk]), redigering(deltagare, arbetstraning="on"))
    assert response.status_code == 302
    deltagare.refresh_from_db()
    assert (deltagare.arbetstraning, deltagare.version) == (True, 2)
    change = LogEntry.objects.get_for_object(deltagare).filter(action=LogEntry.Action.UPDATE).get()
    assert change.actor == leader_a and "arbetstraning" in change.changes_dict


def test_second_save_of_the_same_version_is_refused_showing_the_differences(client, leader_a, insats_a, django_user_model):
    deltagare = DeltagareFactory(insats=insats_a, fodelsear=1990)
    kollega = django_user_model.objects.create_user("kollega")
    insats_a.projektledare.add(kollega)
    forsta, andra = client, type(client)()
    forsta.force_login(kollega)
    andra.force_login(leader_a)
    assert forsta.post(reverse("deltagare:andra", args=[deltagare.pk]), redigering(deltagare, fodelsear="1985")).status_code == 302

    response = andra.post(reverse("deltagare:andra", args=[deltagare.pk]), redigering(deltagare, fodelsear="1991", lots="on"))

    assert response.status_code == 409
    # Posted without the page's starting values (as an old page or a script would): every field
    # counts as the user's own; test_konflikt.py covers what a browser posts.
    assert ("Födelseår", "–", "1991") in response.context["konflikt"]["dina"]
    assert response.context["konflikt"]["andras"] == []
    assert response.context["konflikt"]["andring"].actor == kollega
    html = response.content.decode()
    assert "Deltagaren har ändrats av någon annan sedan du öppnade den." in html
    assert 'value="1991"' in html  # the user's input is kept
    assert 'name="version" value="2"' in html  # a deliberate second submit overwrites
    deltagare.refresh_from_db()
    assert (deltagare.fodelsear, deltagare.lots, deltagare.version) == (1985, False, 2)


def test_the_conflict_answer_shows_the_stored_row_and_is_logged_as_a_read(client, leader_a, insats_a):
    deltagare = DeltagareFactory(insats=insats_a, version=3)
    client.force_login(leader_a)
    response = client.post(reverse("deltagare:andra", args=[deltagare.pk]), redigering(deltagare, version="2"))
    assert response.status_code == 409
    assert LogEntry.objects.filter(
        object_pk=str(deltagare.pk), action=LogEntry.Action.ACCESS, actor=leader_a
    ).count() == 1


def test_after_a_conflict_a_deliberate_resubmit_saves(client, leader_a, insats_a):
    deltagare = DeltagareFactory(insats=insats_a, version=2)
    client.force_login(leader_a)
    response = client.post(reverse("deltagare:andra", args=[deltagare.pk]), redigering(deltagare, lots="on"))
    assert response.status_code == 302
    deltagare.refresh_from_db()
    assert (deltagare.lots, deltagare.version) == (True, 3)


def test_a_start_after_the_end_is_explained_at_the_top_of_the_edit_form(client, leader_a, insats_a):
    deltagare = AvslutadDeltagareFactory(insats=insats_a)
    client.force_login(leader_a)
    response = client.post(reverse("deltagare:andra", args=[deltagare.pk]), redigering(deltagare, startdatum="2025-06-15"))
    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == ["Slutdatum: Slutdatum får inte vara före startdatum."]


# --- Close, reopen, delete -----------------------------------------------------------------------


def test_close_needs_an_exit_reason_in_an_insats_that_registers_them(client, leader_a, insats_a):
    deltagare = DeltagareFactory(insats=insats_a)
    client.force_login(leader_a)
    response = client.post(reverse("deltagare:avsluta", args=[deltagare.pk]), {"slutdatum": "2025-05-30", "version": "1"})
    assert faltfel(response, "avslutsorsak") == ["Ange avslutsorsak när deltagaren avslutas."]
    deltagare.refresh_from_db()
    assert deltagare.slutdatum is None


def test_close_needs_an_end_date_not_before_the_start(client, leader_a, insats_a):
    deltagare = DeltagareFactory(insats=insats_a)
    orsak = Avslutsorsak.objects.get(kod="arbete")
    client.force_login(leader_a)
    url = reverse("deltagare:avsluta", args=[deltagare.pk])
    assert faltfel(client.post(url, {"avslutsorsak": orsak.pk, "version": "1"}), "slutdatum") == ["Det här fältet är obligatoriskt."]
    tidigt = client.post(url, {"slutdatum": "2025-01-01", "avslutsorsak": orsak.pk, "version": "1"})
    assert faltfel(tidigt, "slutdatum") == ["Slutdatum får inte vara före startdatum."]


def test_leader_closes_a_participant_with_reason_and_support_at_exit(client, leader_a, insats_a):
    deltagare = DeltagareFactory(insats=insats_a)
    orsak, lon = Avslutsorsak.objects.get(kod="arbete"), Forsorjning.objects.get(kod="lon")
    client.force_login(leader_a)
    response = client.post(
        reverse("deltagare:avsluta", args=[deltagare.pk]),
        {"slutdatum": "2025-05-30", "avslutsorsak": orsak.pk, "forsorjning_slut": lon.pk, "version": "1"},
    )
    assert response.status_code == 302
    deltagare.refresh_from_db()
    assert (deltagare.slutdatum, deltagare.avslutsorsak, deltagare.forsorjning_slut) == (datetime.date(2025, 5, 30), orsak, lon)


def test_close_offers_only_current_exit_reasons(client, leader_a, insats_a):
    deltagare = DeltagareFactory(insats=insats_a)
    client.force_login(leader_a)
    form = client.get(reverse("deltagare:avsluta", args=[deltagare.pk])).context["form"]
    koder = set(form.fields["avslutsorsak"].queryset.values_list("kod", flat=True))
    assert "arbetssokande" not in koder and "arbetsformedlingen" in koder


def test_close_of_an_anonymous_participant_does_not_ask_for_support_at_exit(client, leader_a, insats_a):
    deltagare = AnonymDeltagareFactory(insats=insats_a)
    client.force_login(leader_a)
    form = client.get(reverse("deltagare:avsluta", args=[deltagare.pk])).context["form"]
    assert list(form.fields) == ["slutdatum", "avslutsorsak", "version"]


def test_close_in_an_insats_without_exit_reasons_asks_only_for_the_date(client, administrator):
    halsa = Insats.objects.get(kortnamn="Hälsofrämjande")
    deltagare = AnonymDeltagareFactory(insats=halsa, deltagar_id="H-1")
    client.force_login(administrator)
    response = client.post(reverse("deltagare:avsluta", args=[deltagare.pk]), {"slutdatum": "2025-05-30", "version": "1"})
    assert response.status_code == 302
    deltagare.refresh_from_db()
    assert (deltagare.slutdatum, deltagare.avslutsorsak) == (datetime.date(2025, 5, 30), None)


def test_reopen_clears_the_exit(client, leader_a, insats_a):
    deltagare = AvslutadDeltagareFactory(insats=insats_a, forsorjning_slut=Forsorjning.objects.get(kod="lon"))
    client.force_login(leader_a)
    response = client.post(reverse("deltagare:ateroppna", args=[deltagare.pk]), {"version": "1"})
    assert response.status_code == 302
    deltagare.refresh_from_db()
    assert (deltagare.slutdatum, deltagare.avslutsorsak, deltagare.forsorjning_slut) == (None, None, None)


def test_reopen_from_a_stale_page_is_refused(client, leader_a, insats_a):
    deltagare = AvslutadDeltagareFactory(insats=insats_a, version=3)
    client.force_login(leader_a)
    response = client.post(reverse("deltagare:ateroppna", args=[deltagare.pk]), {"version": "2"}, follow=True)
    assert "Deltagaren har ändrats av någon annan sedan du öppnade sidan." in response.content.decode()
    deltagare.refresh_from_db()
    assert deltagare.slutdatum == datetime.date(2025, 5, 30)


def test_delete_removes_the_participant_and_is_logged(client, leader_a, insats_a):
    deltagare = DeltagareFactory(insats=insats_a)
    pk = deltagare.pk
    client.force_login(leader_a)
    response = client.post(reverse("deltagare:ta_bort", args=[pk]), {"version": deltagare.version})
    assert response.url == reverse("deltagare:lista", args=[insats_a.pk])
    assert not Deltagare.objects.filter(pk=pk).exists()
    entry = LogEntry.objects.filter(object_pk=str(pk), action=LogEntry.Action.DELETE).get()
    assert entry.actor == leader_a



def test_the_delete_page_says_that_the_follow_ups_go_too(client, leader_a, insats_a):
    deltagare = DeltagareFactory(insats=insats_a)
    Uppfoljning.objects.create(
        deltagare=deltagare,
        manader=3,
        planerad_datum=datetime.date(2025, 4, 1),
        utford_datum=datetime.date(2025, 4, 2),
        utfall=Uppfoljningsutfall.objects.get(kod="arbete"),
    )
    Uppfoljning.objects.create(deltagare=deltagare, manader=6, planerad_datum=datetime.date(2025, 7, 1))
    client.force_login(leader_a)
    html = client.get(reverse("deltagare:ta_bort", args=[deltagare.pk])).content.decode()
    assert "Deltagarens 2 uppföljningar tas också bort (1 registrerade)." in html


def test_the_delete_page_of_a_participant_without_follow_ups_says_nothing_of_them(client, leader_a, insats_a):
    deltagare = DeltagareFactory(insats=insats_a)
    client.force_login(leader_a)
    assert "tas också bort" not in client.get(reverse("deltagare:ta_bort", args=[deltagare.pk])).content.decode()


def test_delete_from_a_stale_page_is_refused(client, leader_a, insats_a):
    deltagare = DeltagareFactory(insats=insats_a, version=3)
    client.force_login(leader_a)
    response = client.post(reverse("deltagare:ta_bort", args=[deltagare.pk]), {"version": 2}, follow=True)
    assert "Deltagaren har ändrats av någon annan sedan du öppnade sidan." in response.content.decode()
    assert Deltagare.objects.filter(pk=deltagare.pk).exists()


def test_delete_without_a_version_deletes_nothing(client, leader_a, insats_a):
    deltagare = DeltagareFactory(insats=insats_a)
    client.force_login(leader_a)
    assert client.post(reverse("deltagare:ta_bort", args=[deltagare.pk])).status_code == 200
    assert Deltagare.objects.filter(pk=deltagare.pk).exists()


# --- History and the audit log --------------------------------------------------------------------


def test_participant_page_shows_a_readable_history_to_the_administrator(client, leader_a, administrator, insats_a):
    deltagare = DeltagareFactory(insats=insats_a)
    client.force_login(leader_a)
    client.post(reverse("deltagare:andra", args=[deltagare.pk]), redigering(deltagare, lots="on"))
    client.force_login(administrator)
    historik = client.get(reverse("deltagare:visa", args=[deltagare.pk])).context["historik"]
    andring = next(rad for rad in historik if rad.handling == "Ändrad")
    assert andring.vem == "ledare-a"
    assert ("Lots", "Nej", "Ja") in andring.andringar


@pytest.mark.parametrize("persona", ["kansli", "leader_a"])
def test_history_is_for_administrators_only(client, request, persona, administrator, insats_a):
    deltagare = DeltagareFactory(insats=insats_a)
    client.force_login(request.getfixturevalue(persona))
    assert client.get(reverse("deltagare:visa", args=[deltagare.pk])).context["historik"] is None
    client.force_login(administrator)
    assert client.get(reverse("deltagare:visa", args=[deltagare.pk])).context["historik"] is not None


def test_only_administrators_reach_the_full_audit_log_in_admin(client, kansli, administrator):
    url = reverse("admin:auditlog_logentry_changelist")
    client.force_login(kansli)
    assert client.get(url).status_code != 200
    client.force_login(administrator)
    assert client.get(url).status_code == 200


def test_kansli_given_the_log_permission_still_cannot_browse_the_audit_log(client, kansli):
    kansli.user_permissions.add(Permission.objects.get(codename="view_logentry", content_type__app_label="auditlog"))
    client.force_login(kansli)
    assert client.get(reverse("admin:auditlog_logentry_changelist")).status_code != 200


def test_list_links_to_import_export_and_template_when_they_exist(client, leader_a, insats_a):
    client.force_login(leader_a)
    html = client.get(reverse("deltagare:lista", args=[insats_a.pk])).content.decode()
    for namn in ("importexport:import", "importexport:export", "importexport:mall"):
        assert f'href="{reverse(namn)}"' in html


def test_the_participant_list_is_logged_with_who_and_which_filter(client, leader_a, insats_a):
    DeltagareFactory(insats=insats_a, deltagar_id="AP-LOGG")
    client.force_login(leader_a)
    client.get(reverse("deltagare:lista", args=[insats_a.pk]), {"status": "aktiv"})
    entry = LogEntry.objects.get(object_pk="export")
    assert entry.actor == leader_a
    assert entry.additional_data == {
        "export": "deltagarlista",
        "filter": {"insats": "Aktivitetsplatsen", "status": "aktiv"},
        "antal": 1,
    }


def test_the_history_shows_names_and_labels_not_stored_codes(client, leader_a, administrator, insats_a):
    from deltagare.models import Stadsdel

    deltagare = DeltagareFactory(insats=insats_a)
    client.force_login(leader_a)
    client.post(
        reverse("deltagare:andra", args=[deltagare.pk]),
        redigering(deltagare, kon="M", stadsdel=str(Stadsdel.objects.get(kod="jarva").pk)),
    )
    client.force_login(administrator)
    historik = client.get(reverse("deltagare:visa", args=[deltagare.pk])).context["historik"]
    andring = next(rad for rad in historik if rad.handling == "Ändrad")
    assert ("Kön", "Kvinna", "Man") in andring.andringar
    assert ("Stadsdel", "–", "Järva") in andring.andringar
    assert all(falt not in ("Version", "Ändrad") for falt, _fore, _efter in andring.andringar)


def test_the_close_page_of_a_closed_participant_is_titled_as_its_heading(client, leader_a, insats_a):
    deltagare = AvslutadDeltagareFactory(insats=insats_a, deltagar_id="AP-SLUT")
    client.force_login(leader_a)
    html = client.get(reverse("deltagare:avsluta", args=[deltagare.pk])).text
    assert "<title>Ändra avslut för AP-SLUT – Deltagaruppföljning</title>" in html
    assert "Ändra avslut för AP-SLUT" in html.split("<h1>")[1]
