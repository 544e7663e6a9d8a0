"""A follow-up's result (docs/regler.md §2): the date and an outcome from the code list, or
that it could not be done and why; corrected and undone by the insats' project leaders and
administrators, never by the kansli or another insats' leader."""

import datetime

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from deltagare.models import EjGenomfordOrsak, Uppfoljning, Uppfoljningsutfall
from deltagare.services import uppfoljning_angra, uppfoljning_utford
from finsam.datum import datum

from .factories import DeltagareFactory

pytestmark = pytest.mark.django_db


def kod(model, kod_):
    return model.objects.get(kod=kod_)


def test_the_code_lists_hold_the_outcomes_and_the_reasons():
    assert list(Uppfoljningsutfall.objects.values_list("namn", flat=True)) == [
        "Arbete",
        "Studier",
        "Annan aktivitet",
        "Ingen aktivitet",
        "Okänt",
    ]
    assert set(Uppfoljningsutfall.objects.filter(arbete_eller_studier=True).values_list("kod", flat=True)) == {
        "arbete",
        "studier",
    }
    assert EjGenomfordOrsak.objects.filter(aktiv=True).count() == 3


def test_a_follow_up_is_registered_with_date_outcome_and_who(leader_a, uppfoljning, idag):
    uppfoljning_utford(user=leader_a, uppfoljning=uppfoljning, datum=idag, utfall=kod(Uppfoljningsutfall, "studier"))
    uppfoljning.refresh_from_db()
    assert (uppfoljning.utford_datum, uppfoljning.utfall.namn, uppfoljning.utford_av) == (idag, "Studier", leader_a)
    assert uppfoljning.genomford


def test_a_follow_up_that_could_not_be_done_keeps_its_reason(leader_a, uppfoljning, idag):
    ej_nadd = kod(EjGenomfordOrsak, "ej-nadd")
    uppfoljning_utford(user=leader_a, uppfoljning=uppfoljning, datum=idag, ej_genomford_orsak=ej_nadd)
    uppfoljning.refresh_from_db()
    assert (uppfoljning.utfall, uppfoljning.ej_genomford_orsak) == (None, ej_nadd)
    assert uppfoljning.gjord and not uppfoljning.genomford


@pytest.mark.parametrize(
    ("falt", "fel"),
    [
        ({}, {"utfall": ["Ange utfallet av uppföljningen, eller att den inte kunde genomföras och varför."]}),
        (
            {"utfall": "arbete", "ej_genomford_orsak": "ej-nadd"},
            {"utfall": ["Ange antingen ett utfall eller att uppföljningen inte kunde genomföras, inte båda."]},
        ),
    ],
)
def test_a_follow_up_has_either_an_outcome_or_a_reason(leader_a, uppfoljning, idag, falt, fel):
    varden = {}
    if "utfall" in falt:
        varden["utfall"] = kod(Uppfoljningsutfall, falt["utfall"])
    if "ej_genomford_orsak" in falt:
        varden["ej_genomford_orsak"] = kod(EjGenomfordOrsak, falt["ej_genomford_orsak"])
    with pytest.raises(ValidationError) as info:
        uppfoljning_utford(user=leader_a, uppfoljning=uppfoljning, datum=idag, **varden)
    assert info.value.message_dict == fel
    uppfoljning.refresh_from_db()
    assert uppfoljning.utford_datum is None


def test_a_follow_up_cannot_be_before_the_participant_started(leader_a, uppfoljning):
    fore = uppfoljning.deltagare.startdatum - datetime.timedelta(days=1)
    with pytest.raises(ValidationError) as info:
        uppfoljning_utford(user=leader_a, uppfoljning=uppfoljning, datum=fore, utfall=kod(Uppfoljningsutfall, "okant"))
    assert info.value.message_dict == {
        "utford_datum": [
            f"Uppföljningen kan inte vara före deltagarens startdatum ({datum(uppfoljning.deltagare.startdatum)})."
        ]
    }


def test_undo_makes_the_follow_up_due_again_and_the_trail_keeps_both(leader_a, uppfoljning, idag):
    uppfoljning_utford(user=leader_a, uppfoljning=uppfoljning, datum=idag, utfall=kod(Uppfoljningsutfall, "arbete"))
    uppfoljning_angra(user=leader_a, uppfoljning=uppfoljning)
    uppfoljning.refresh_from_db()
    assert (uppfoljning.utford_datum, uppfoljning.utfall, uppfoljning.utford_av) == (None, None, None)
    assert Uppfoljning.objects.due(idag).filter(pk=uppfoljning.pk).exists()
    andringar = LogEntry.objects.get_for_object(uppfoljning).filter(action=LogEntry.Action.UPDATE)
    assert andringar.count() == 2
    assert {e.actor for e in andringar} == {leader_a}


@pytest.mark.parametrize("vem", ["kansli", "leader_b"])
def test_kansli_and_other_insatsers_leaders_may_not_register(request, vem, uppfoljning, idag):
    user = request.getfixturevalue(vem)
    with pytest.raises(PermissionDenied):
        uppfoljning_utford(user=user, uppfoljning=uppfoljning, datum=idag, utfall=kod(Uppfoljningsutfall, "arbete"))
    with pytest.raises(PermissionDenied):
        uppfoljning_angra(user=user, uppfoljning=uppfoljning)


def test_an_administrator_may_register(administrator, uppfoljning, idag):
    uppfoljning_utford(user=administrator, uppfoljning=uppfoljning, datum=idag, utfall=kod(Uppfoljningsutfall, "okant"))
    assert Uppfoljning.objects.get(pk=uppfoljning.pk).utford_av == administrator


# --- pages ------------------------------------------------------------------------------------


def test_the_inline_form_offers_outcomes_and_reasons_in_groups(client, leader_a, uppfoljning):
    client.force_login(leader_a)
    text = client.get(reverse("deltagare:uppfoljningar")).content.decode()
    assert '<optgroup label="Genomförd: deltagaren hade">' in text
    assert f'<option value="utfall-{kod(Uppfoljningsutfall, "arbete").pk}">Arbete</option>' in text
    assert '<optgroup label="Kunde inte genomföras">' in text
    assert f'<option value="ej-{kod(EjGenomfordOrsak, "avbojde").pk}">Deltagaren avböjde</option>' in text


def test_marking_done_without_a_result_says_what_is_missing(client, leader_a, uppfoljning, idag):
    client.force_login(leader_a)
    response = client.post(
        reverse("deltagare:uppfoljning_utford", args=[uppfoljning.pk]), {"datum": idag.isoformat()}, follow=True
    )
    assert "3-månadersuppföljningen av AP-U1 sparades inte: Välj resultatet: vad deltagaren gjorde, eller varför uppföljningen inte kunde genomföras." in response.content.decode()
    uppfoljning.refresh_from_db()
    assert uppfoljning.utford_datum is None


def test_the_participant_page_shows_the_result_and_a_link_to_correct_it(client, leader_a, uppfoljning, idag):
    uppfoljning_utford(user=leader_a, uppfoljning=uppfoljning, datum=idag, ej_genomford_orsak=kod(EjGenomfordOrsak, "ej-nadd"))
    client.force_login(leader_a)
    text = client.get(reverse("deltagare:visa", args=[uppfoljning.deltagare_id])).content.decode()
    assert f"{datum(idag)}: kunde inte genomföras (Deltagaren gick inte att nå)" in text
    assert reverse("deltagare:uppfoljning_andra", args=[uppfoljning.pk]) in text


def test_a_project_leader_corrects_a_registered_follow_up(client, leader_a, uppfoljning, idag):
    uppfoljning_utford(user=leader_a, uppfoljning=uppfoljning, datum=idag, utfall=kod(Uppfoljningsutfall, "okant"))
    client.force_login(leader_a)
    sida = client.get(reverse("deltagare:uppfoljning_andra", args=[uppfoljning.pk]))
    assert sida.context["form"].initial["resultat"] == f"utfall-{kod(Uppfoljningsutfall, 'okant').pk}"
    igar = idag - datetime.timedelta(days=1)
    response = client.post(
        reverse("deltagare:uppfoljning_andra", args=[uppfoljning.pk]),
        {"datum": igar.isoformat(), "resultat": f"utfall-{kod(Uppfoljningsutfall, 'arbete').pk}"},
        follow=True,
    )
    assert f"3-månadersuppföljningen av AP-U1 är registrerad {datum(igar)}: Arbete." in response.content.decode()
    uppfoljning.refresh_from_db()
    assert (uppfoljning.utford_datum, uppfoljning.utfall.kod) == (igar, "arbete")


def ratta_till_imorgon(client, leader, uppfoljning, idag):
    """A registered follow-up corrected to tomorrow's date on its own page (refused)."""
    uppfoljning_utford(user=leader, uppfoljning=uppfoljning, datum=idag, utfall=kod(Uppfoljningsutfall, "okant"))
    client.force_login(leader)
    return client.post(
        reverse("deltagare:uppfoljning_andra", args=[uppfoljning.pk]),
        {"datum": (idag + datetime.timedelta(days=1)).isoformat(), "resultat": f"utfall-{kod(Uppfoljningsutfall, 'arbete').pk}"},
    )


def test_the_correction_page_summarises_its_errors_and_marks_its_required_fields(client, leader_a, uppfoljning, idag):
    html = ratta_till_imorgon(client, leader_a, uppfoljning, idag).content.decode()
    assert '<a href="#id_datum">Uppföljd den: Datumet får inte vara i framtiden.</a>' in html
    assert '<label for="id_datum" class="obligatorisk">' in html and "Fält markerade med * måste fyllas i." in html


def test_a_correction_in_the_future_is_refused_at_the_date(client, leader_a, uppfoljning, idag):
    response = ratta_till_imorgon(client, leader_a, uppfoljning, idag)
    assert response.status_code == 400
    assert response.context["form"].errors == {"datum": ["Datumet får inte vara i framtiden."]}
    uppfoljning.refresh_from_db()
    assert (uppfoljning.utford_datum, uppfoljning.utfall.kod) == (idag, "okant")


def test_a_project_leader_undoes_a_registered_follow_up(client, leader_a, uppfoljning, idag):
    uppfoljning_utford(user=leader_a, uppfoljning=uppfoljning, datum=idag, utfall=kod(Uppfoljningsutfall, "okant"))
    client.force_login(leader_a)
    response = client.post(reverse("deltagare:uppfoljning_angra", args=[uppfoljning.pk]), follow=True)
    assert "3-månadersuppföljningen av AP-U1 är inte längre registrerad och räknas som planerad igen." in response.content.decode()
    uppfoljning.refresh_from_db()
    assert uppfoljning.utford_datum is None


@pytest.mark.parametrize("namn", ["uppfoljning_utford", "uppfoljning_andra", "uppfoljning_angra"])
def test_another_insatsers_leader_gets_404_on_every_follow_up_page(client, leader_b, uppfoljning, idag, namn):
    client.force_login(leader_b)
    data = {"datum": idag.isoformat(), "resultat": f"utfall-{kod(Uppfoljningsutfall, 'arbete').pk}"}
    assert client.post(reverse(f"deltagare:{namn}", args=[uppfoljning.pk]), data).status_code == 404
    if namn == "uppfoljning_andra":
        assert client.get(reverse(f"deltagare:{namn}", args=[uppfoljning.pk])).status_code == 404
    uppfoljning.refresh_from_db()
    assert uppfoljning.utford_datum is None


@pytest.mark.parametrize("namn", ["uppfoljning_utford", "uppfoljning_andra", "uppfoljning_angra"])
def test_kansli_reads_but_may_not_write_follow_ups(client, kansli, uppfoljning, idag, namn):
    client.force_login(kansli)
    data = {"datum": idag.isoformat(), "resultat": f"utfall-{kod(Uppfoljningsutfall, 'arbete').pk}"}
    assert client.post(reverse(f"deltagare:{namn}", args=[uppfoljning.pk]), data).status_code == 403
    uppfoljning.refresh_from_db()
    assert uppfoljning.utford_datum is None


def test_the_date_before_start_error_uses_the_human_date_format(leader_a, insats_a):
    deltagare = DeltagareFactory(insats=insats_a, deltagar_id="AP-D1", startdatum=datetime.date(2024, 9, 28))
    uppfoljning = Uppfoljning.objects.create(deltagare=deltagare, manader=3, planerad_datum=datetime.date(2024, 12, 28))
    with pytest.raises(ValidationError) as info:
        uppfoljning_utford(
            user=leader_a, uppfoljning=uppfoljning, datum=datetime.date(2024, 9, 27), utfall=kod(Uppfoljningsutfall, "okant")
        )
    assert info.value.message_dict["utford_datum"] == [
        "Uppföljningen kan inte vara före deltagarens startdatum (28 sep 2024)."
    ]


def test_the_correction_page_shows_planned_and_registered_dates_in_the_human_format(client, leader_a, insats_a):
    deltagare = DeltagareFactory(insats=insats_a, deltagar_id="AP-D2", startdatum=datetime.date(2024, 9, 28))
    uppfoljning = Uppfoljning.objects.create(deltagare=deltagare, manader=3, planerad_datum=datetime.date(2024, 12, 28))
    uppfoljning_utford(
        user=leader_a, uppfoljning=uppfoljning, datum=datetime.date(2025, 1, 7), utfall=kod(Uppfoljningsutfall, "arbete")
    )
    client.force_login(leader_a)
    text = client.get(reverse("deltagare:uppfoljning_andra", args=[uppfoljning.pk])).content.decode()
    assert "Planerad 28 dec 2024." in text
    assert "Registrerad 7 jan 2025: Arbete (av ledare-a)." in text
    assert "Planerad 2024-12-28" not in text and "Registrerad 2025-01-07" not in text


# --- Two people at once: a registration is never replaced unseen ---------------------------------


def test_registering_a_follow_up_someone_else_registered_since_is_refused_and_keeps_theirs(
    client, leader_a, administrator, uppfoljning, idag
):
    client.force_login(leader_a)
    sidan = client.get(reverse("deltagare:start")).content.decode()
    assert f'name="sett" value="{uppfoljning.registrering}"' in sidan
    uppfoljning_utford(user=administrator, uppfoljning=uppfoljning, datum=idag, utfall=kod(Uppfoljningsutfall, "arbete"))
    svar = client.post(
        reverse("deltagare:uppfoljning_utford", args=[uppfoljning.pk]),
        {"datum": idag.isoformat(), "resultat": f"utfall-{kod(Uppfoljningsutfall, 'okant').pk}", "sett": "-"},
        follow=True,
    )
    assert (
        f"3-månadersuppföljningen av AP-U1 har ändrats sedan du öppnade sidan; den är nu registrerad "
        f"{datum(idag)}: Arbete (av administrator). Inget sparades."
    ) in svar.content.decode()
    uppfoljning.refresh_from_db()
    assert (uppfoljning.utfall.kod, uppfoljning.utford_av) == ("arbete", administrator)


def test_a_correction_of_a_registration_changed_since_shows_it_and_a_second_save_replaces_it_knowingly(
    client, leader_a, administrator, uppfoljning, idag
):
    uppfoljning_utford(user=leader_a, uppfoljning=uppfoljning, datum=idag, utfall=kod(Uppfoljningsutfall, "okant"))
    client.force_login(leader_a)
    sett = client.get(reverse("deltagare:uppfoljning_andra", args=[uppfoljning.pk])).context["form"]["sett"].value()
    uppfoljning_utford(user=administrator, uppfoljning=uppfoljning, datum=idag, utfall=kod(Uppfoljningsutfall, "arbete"))
    data = {"datum": idag.isoformat(), "resultat": f"utfall-{kod(Uppfoljningsutfall, 'studier').pk}", "sett": sett}
    svar = client.post(reverse("deltagare:uppfoljning_andra", args=[uppfoljning.pk]), data)
    assert svar.status_code == 409
    assert "har ändrats sedan du öppnade sidan; den är nu registrerad" in svar.content.decode()
    # The page shows the participant's registration as it is now: logged as a read.
    assert LogEntry.objects.filter(
        action=LogEntry.Action.ACCESS, object_pk=str(uppfoljning.deltagare_id), actor=leader_a
    ).count() == 2
    assert svar.context["form"]["resultat"].value() == data["resultat"]
    uppfoljning.refresh_from_db()
    assert uppfoljning.utfall.kod == "arbete"
    igen = client.post(reverse("deltagare:uppfoljning_andra", args=[uppfoljning.pk]), data | {"sett": svar.context["form"]["sett"].value()})
    assert igen.status_code == 302
    uppfoljning.refresh_from_db()
    assert uppfoljning.utfall.kod == "studier"


def test_undoing_a_registration_someone_else_corrected_since_is_refused(client, leader_a, administrator, uppfoljning, idag):
    sett = uppfoljning_utford(user=leader_a, uppfoljning=uppfoljning, datum=idag, utfall=kod(Uppfoljningsutfall, "okant")).registrering
    client.force_login(leader_a)
    sidan = client.get(reverse("deltagare:uppfoljning_andra", args=[uppfoljning.pk])).content.decode()
    assert f'name="sett" value="{sett}"' in sidan
    uppfoljning_utford(user=administrator, uppfoljning=uppfoljning, datum=idag, utfall=kod(Uppfoljningsutfall, "arbete"))
    svar = client.post(reverse("deltagare:uppfoljning_angra", args=[uppfoljning.pk]), {"sett": sett}, follow=True)
    assert "har ändrats sedan du öppnade sidan" in svar.content.decode()
    uppfoljning.refresh_from_db()
    assert uppfoljning.utfall.kod == "arbete"


def test_the_service_refuses_a_registration_seen_as_not_yet_done_once_it_is(leader_a, administrator, uppfoljning, idag):
    from deltagare.services import UppfoljningKonflikt

    sett = uppfoljning.registrering
    uppfoljning_utford(user=administrator, uppfoljning=uppfoljning, datum=idag, utfall=kod(Uppfoljningsutfall, "arbete"))
    with pytest.raises(UppfoljningKonflikt):
        uppfoljning_utford(
            user=leader_a, uppfoljning=uppfoljning, datum=idag, utfall=kod(Uppfoljningsutfall, "okant"), sedd_registrering=sett
        )


def test_an_undo_posted_with_an_empty_seen_registration_is_not_checked(client, leader_a, uppfoljning, idag):
    uppfoljning_utford(user=leader_a, uppfoljning=uppfoljning, datum=idag, utfall=kod(Uppfoljningsutfall, "okant"))
    client.force_login(leader_a)
    client.post(reverse("deltagare:uppfoljning_angra", args=[uppfoljning.pk]), {"sett": ""})
    uppfoljning.refresh_from_db()
    assert uppfoljning.utford_datum is None
