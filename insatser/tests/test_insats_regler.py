"""The rules of one insats (docs/regler.md §2): a follow-up schedule that can be planned. The
model decides; the admin shows its answer at the field."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from deltagare.services import deltagare_spara
from deltagare.tests.factories import DeltagareFactory
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
