"""The rules of one insats (docs/regler.md §2): a follow-up schedule that can be planned, and
settings that still hold for the participants the insats already has. The model decides; the
admin shows its answer at the field."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from deltagare.models import Forsorjning
from deltagare.services import deltagare_spara
from deltagare.tests.factories import AnonymDeltagareFactory, AvslutadDeltagareFactory, DeltagareFactory
from insatser.models import Insats

pytestmark = pytest.mark.django_db

D = datetime.date


def fel(insats: Insats) -> dict[str, list[str]]:
    with pytest.raises(ValidationError) as svar:
        insats.full_clean()
    return svar.value.message_dict


# --- The follow-up schedule -------------------------------------------------------------------


@pytest.mark.parametrize("schema", ["3,6,12", "1", "60", "12,3", "3, 6", ""])
def test_a_schedule_of_whole_months_one_to_sixty_each_once_is_accepted(insats_a, schema):
    insats_a.uppfoljning_manader = schema
    insats_a.full_clean()


def test_a_follow_up_far_beyond_any_insats_is_refused(insats_a):
    insats_a.uppfoljning_manader = "3,120000"
    assert fel(insats_a) == {
        "uppfoljning_manader": ["Uppföljningar görs 1–60 månader efter start; 120000 månader går inte."]
    }


def test_a_follow_up_at_zero_months_given_twice_is_refused(insats_a):
    insats_a.uppfoljning_manader = "0,0"
    assert fel(insats_a) == {
        "uppfoljning_manader": [
            "Uppföljningar görs 1–60 månader efter start; 0 månader går inte.",
            "Uppföljningar: 0 månader står mer än en gång.",
        ]
    }


def test_a_month_given_twice_is_refused(insats_a):
    insats_a.uppfoljning_manader = "3,6,3"
    assert fel(insats_a) == {"uppfoljning_manader": ["Uppföljningar: 3 månader står mer än en gång."]}


@pytest.mark.parametrize("schema", ["3,-6", "3,6.5", "3;6", "tre"])
def test_a_schedule_that_is_not_months_is_refused_naming_the_part(insats_a, schema):
    insats_a.uppfoljning_manader = schema
    (meddelande,) = fel(insats_a)["uppfoljning_manader"]
    assert meddelande.startswith("Uppföljningar anges som hela månader med komma emellan, t.ex. 3,6,12; ”")


def test_an_empty_place_between_commas_is_refused(insats_a):
    insats_a.uppfoljning_manader = "3,,6"
    assert fel(insats_a) == {
        "uppfoljning_manader": [
            "Uppföljningar anges som hela månader med komma emellan, t.ex. 3,6,12, utan tomma platser."
        ]
    }


def admin_data(insats: Insats, **andrat) -> dict:
    """The insats' change form in admin as it stands, with the changes."""
    data = {
        "namn": insats.namn,
        "kortnamn": insats.kortnamn,
        "sortering": insats.sortering,
        "startdatum": insats.startdatum.isoformat() if insats.startdatum else "",
        "slutdatum": insats.slutdatum.isoformat() if insats.slutdatum else "",
        "raknesatt": insats.raknesatt,
        "forvantad_langd_manader": insats.forvantad_langd_manader or "",
        "uppfoljning_manader": insats.uppfoljning_manader,
        "projektledare": [u.pk for u in insats.projektledare.all()],
        "tidigare_namn-TOTAL_FORMS": "0",
        "tidigare_namn-INITIAL_FORMS": "0",
        "mal-TOTAL_FORMS": "0",
        "mal-INITIAL_FORMS": "0",
    }
    for falt in ("esf", "registrering_utanfor_perioden", "registrerar_bakgrund", "registrerar_avslutsorsak"):
        if getattr(insats, falt):
            data[falt] = "on"
    for falt, varde in andrat.items():
        if varde is False:
            data.pop(falt, None)
        else:
            data[falt] = varde
    return data


def test_the_admin_refuses_the_schedule_at_its_field_and_registrations_keep_working(client, administrator, insats_a):
    client.force_login(administrator)
    svar = client.post(
        reverse("admin:insatser_insats_change", args=[insats_a.pk]), admin_data(insats_a, uppfoljning_manader="3,120000")
    )
    assert svar.status_code == 200
    assert svar.context["adminform"].form.errors == {
        "uppfoljning_manader": ["Uppföljningar görs 1–60 månader efter start; 120000 månader går inte."]
    }
    insats_a.refresh_from_db()
    assert insats_a.uppfoljning_manader == ""
    deltagare_spara(user=administrator, deltagare=DeltagareFactory.build(insats=insats_a))


# --- Settings that must hold for the insats' participants --------------------------------------


def test_an_insats_without_participants_changes_every_setting(insats_a):
    insats_a.registrerar_bakgrund = False
    insats_a.registrerar_avslutsorsak = False
    insats_a.startdatum, insats_a.slutdatum = D(2030, 1, 1), D(2030, 12, 31)
    insats_a.full_clean()


def test_background_registration_is_not_stopped_while_participants_have_background_data(insats_a):
    DeltagareFactory.create_batch(2, insats=insats_a)
    DeltagareFactory(insats=insats_a, fodelsear=None, utbildning=None, forsorjning_start=Forsorjning.objects.first())
    AnonymDeltagareFactory(insats=insats_a)
    insats_a.registrerar_bakgrund = False
    assert fel(insats_a) == {
        "registrerar_bakgrund": [
            "3 deltagare i insatsen har bakgrundsuppgifter. Ta bort dem först, eller låt insatsen "
            "registrera bakgrundsuppgifter."
        ]
    }


def test_background_registration_stops_when_only_anonymous_participants_remain(insats_a):
    AnonymDeltagareFactory(insats=insats_a)
    insats_a.registrerar_bakgrund = False
    insats_a.full_clean()


def test_exit_reasons_are_not_stopped_while_closed_participants_have_one(insats_a):
    AvslutadDeltagareFactory.create_batch(2, insats=insats_a)
    DeltagareFactory(insats=insats_a)
    insats_a.registrerar_avslutsorsak = False
    assert fel(insats_a) == {
        "registrerar_avslutsorsak": [
            "2 avslutade deltagare i insatsen har en avslutsorsak, och de kan inte sparas i en insats "
            "som inte registrerar avslutsorsak. Låt insatsen registrera avslutsorsak."
        ]
    }


def test_the_start_is_not_moved_past_participants_who_started_before_it(insats_a):
    DeltagareFactory(insats=insats_a, startdatum=D(2025, 2, 3))
    DeltagareFactory(insats=insats_a, startdatum=D(2025, 3, 10))
    DeltagareFactory(insats=insats_a, startdatum=D(2025, 6, 1))
    insats_a.startdatum = D(2025, 4, 1)
    assert fel(insats_a) == {
        "startdatum": [
            "2 deltagare i insatsen började före 1 apr 2025, den tidigaste 3 feb 2025. Sätt startdatum till "
            "3 feb 2025 eller tidigare, eller tillåt registrering utanför insatsens period."
        ]
    }


def test_the_end_is_not_moved_before_participants_who_started_after_it(insats_a):
    DeltagareFactory(insats=insats_a, startdatum=D(2025, 2, 3))
    DeltagareFactory(insats=insats_a, startdatum=D(2025, 6, 1))
    insats_a.slutdatum = D(2025, 5, 31)
    assert fel(insats_a) == {
        "slutdatum": [
            "1 deltagare i insatsen började efter 31 maj 2025, den senaste 1 jun 2025. Sätt slutdatum till "
            "1 jun 2025 eller senare, eller tillåt registrering utanför insatsens period."
        ]
    }


def test_the_period_may_leave_out_participants_where_registration_outside_it_is_allowed(insats_a):
    DeltagareFactory(insats=insats_a, startdatum=D(2025, 2, 3))
    insats_a.registrering_utanfor_perioden = True
    insats_a.startdatum, insats_a.slutdatum = D(2025, 4, 1), D(2025, 5, 31)
    insats_a.full_clean()


def test_registration_outside_the_period_is_not_unticked_while_participants_are_outside_it(insats_a):
    insats_a.registrering_utanfor_perioden = True
    insats_a.startdatum = D(2025, 4, 1)
    insats_a.save()
    DeltagareFactory(insats=insats_a, startdatum=D(2025, 2, 3))
    insats_a.registrering_utanfor_perioden = False
    assert list(fel(insats_a)) == ["startdatum"]


def test_the_admin_refuses_to_untick_background_and_the_participant_stays_editable(client, administrator, insats_a):
    deltagare = DeltagareFactory(insats=insats_a)
    client.force_login(administrator)
    svar = client.post(
        reverse("admin:insatser_insats_change", args=[insats_a.pk]), admin_data(insats_a, registrerar_bakgrund=False)
    )
    assert svar.status_code == 200
    assert svar.context["adminform"].form.errors == {
        "registrerar_bakgrund": [
            "1 deltagare i insatsen har bakgrundsuppgifter. Ta bort dem först, eller låt insatsen "
            "registrera bakgrundsuppgifter."
        ]
    }
    insats_a.refresh_from_db()
    assert insats_a.registrerar_bakgrund
    deltagare.lots = True
    deltagare_spara(user=administrator, deltagare=deltagare)


def test_the_admin_saves_an_insats_whose_participants_fit_its_settings(client, administrator, insats_a):
    DeltagareFactory(insats=insats_a, startdatum=D(2025, 2, 3))
    client.force_login(administrator)
    svar = client.post(
        reverse("admin:insatser_insats_change", args=[insats_a.pk]),
        admin_data(insats_a, startdatum="2025-01-01", uppfoljning_manader="3,6"),
    )
    assert svar.status_code == 302
    insats_a.refresh_from_db()
    assert (insats_a.startdatum, insats_a.uppfoljningar) == (D(2025, 1, 1), [3, 6])
