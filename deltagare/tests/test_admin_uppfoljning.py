"""Follow-ups and participants in admin: a follow-up registered there records who did it, as on
the web (README: "Datum, resultat och vem sparas"; one service, uppfoljning_utford), and a
participant stays in its insats (the schedule is the insats')."""

import datetime

import pytest
from auditlog.models import LogEntry
from django.forms import CheckboxInput
from django.urls import reverse

from deltagare.models import Deltagare, EjGenomfordOrsak, Uppfoljning, Uppfoljningsutfall
from deltagare.services import add_months, deltagare_spara, uppfoljning_utford

from .factories import DeltagareFactory

pytestmark = pytest.mark.django_db

D = datetime.date


@pytest.fixture
def mgt_deltagare(leader_a, mgt):
    mgt.projektledare.add(leader_a)
    return deltagare_spara(user=leader_a, deltagare=DeltagareFactory.build(insats=mgt, startdatum=D(2025, 2, 3)))


@pytest.fixture
def uppfoljning(mgt_deltagare) -> Uppfoljning:
    return mgt_deltagare.uppfoljningar.get(manader=3)


def arbete() -> Uppfoljningsutfall:
    return Uppfoljningsutfall.objects.get(kod="arbete")


def formulardata(svar) -> dict:
    """The admin change form as the page shows it, inlines included: what a browser would post."""

    def fyll(data: dict, form, prefix: str = "") -> None:
        for namn, falt in form.fields.items():
            varde = form[namn].value()
            nyckel = f"{prefix}{namn}"
            if isinstance(falt.widget, CheckboxInput):
                if varde:
                    data[nyckel] = "on"
            elif varde is not None:
                data[nyckel] = str(varde)

    data: dict = {}
    fyll(data, svar.context["adminform"].form)
    for inline in svar.context["inline_admin_formsets"]:
        formset = inline.formset
        fyll(data, formset.management_form, f"{formset.prefix}-")
        for nummer, form in enumerate(formset.forms):
            fyll(data, form, f"{formset.prefix}-{nummer}-")
    return data


def uppfoljningssida(client, uppfoljning) -> str:
    return reverse("admin:deltagare_uppfoljning_change", args=[uppfoljning.pk])


def test_a_follow_up_registered_on_its_admin_page_records_who_did_it(client, administrator, uppfoljning):
    client.force_login(administrator)
    url = uppfoljningssida(client, uppfoljning)
    data = {**formulardata(client.get(url)), "utford_datum": "2025-05-05", "utfall": arbete().pk}
    assert client.post(url, data).status_code == 302
    uppfoljning.refresh_from_db()
    assert (uppfoljning.utford_datum, uppfoljning.utfall, uppfoljning.utford_av) == (D(2025, 5, 5), arbete(), administrator)
    andring = LogEntry.objects.get_for_object(uppfoljning).filter(action=LogEntry.Action.UPDATE).get()
    assert andring.actor == administrator


def test_a_follow_up_that_could_not_be_done_records_who_too(client, administrator, uppfoljning):
    orsak = EjGenomfordOrsak.objects.first()
    client.force_login(administrator)
    url = uppfoljningssida(client, uppfoljning)
    data = {**formulardata(client.get(url)), "utford_datum": "2025-05-05", "ej_genomford_orsak": orsak.pk}
    assert client.post(url, data).status_code == 302
    uppfoljning.refresh_from_db()
    assert (uppfoljning.ej_genomford_orsak, uppfoljning.utford_av) == (orsak, administrator)


def test_a_correction_in_admin_records_the_corrector(client, administrator, leader_a, uppfoljning):
    uppfoljning_utford(user=leader_a, uppfoljning=uppfoljning, datum=D(2025, 5, 5), utfall=arbete())
    annat = Uppfoljningsutfall.objects.exclude(pk=arbete().pk).first()
    client.force_login(administrator)
    url = uppfoljningssida(client, uppfoljning)
    assert client.post(url, {**formulardata(client.get(url)), "utfall": annat.pk}).status_code == 302
    uppfoljning.refresh_from_db()
    assert (uppfoljning.utford_datum, uppfoljning.utfall, uppfoljning.utford_av) == (D(2025, 5, 5), annat, administrator)


def test_clearing_the_result_in_admin_undoes_the_registration(client, administrator, leader_a, uppfoljning):
    uppfoljning_utford(user=leader_a, uppfoljning=uppfoljning, datum=D(2025, 5, 5), utfall=arbete())
    client.force_login(administrator)
    url = uppfoljningssida(client, uppfoljning)
    assert client.post(url, {**formulardata(client.get(url)), "utford_datum": "", "utfall": ""}).status_code == 302
    uppfoljning.refresh_from_db()
    assert (uppfoljning.utford_datum, uppfoljning.utfall, uppfoljning.utford_av) == (None, None, None)


def test_a_planned_date_and_a_result_changed_together_are_both_saved(client, administrator, uppfoljning):
    client.force_login(administrator)
    url = uppfoljningssida(client, uppfoljning)
    data = {
        **formulardata(client.get(url)),
        "planerad_datum": "2025-05-10",
        "utford_datum": "2025-05-12",
        "utfall": arbete().pk,
    }
    assert client.post(url, data).status_code == 302
    uppfoljning.refresh_from_db()
    assert (uppfoljning.planerad_datum, uppfoljning.utford_datum, uppfoljning.utford_av) == (
        D(2025, 5, 10),
        D(2025, 5, 12),
        administrator,
    )


def test_moving_only_the_planned_date_registers_nothing(client, administrator, uppfoljning):
    client.force_login(administrator)
    url = uppfoljningssida(client, uppfoljning)
    assert client.post(url, {**formulardata(client.get(url)), "planerad_datum": "2025-05-10"}).status_code == 302
    uppfoljning.refresh_from_db()
    assert (uppfoljning.planerad_datum, uppfoljning.utford_datum, uppfoljning.utford_av) == (D(2025, 5, 10), None, None)


def test_a_follow_up_added_in_admin_with_its_result_records_who(client, administrator, mgt_deltagare):
    client.force_login(administrator)
    data = {
        "deltagare": mgt_deltagare.pk,
        "manader": 24,
        "planerad_datum": "2027-02-03",
        "utford_datum": "2025-06-01",
        "utfall": arbete().pk,
    }
    assert client.post(reverse("admin:deltagare_uppfoljning_add"), data).status_code == 302
    ny = mgt_deltagare.uppfoljningar.get(manader=24)
    assert (ny.utford_datum, ny.utfall, ny.utford_av) == (D(2025, 6, 1), arbete(), administrator)


def test_a_follow_up_registered_in_the_participants_inline_records_who(client, administrator, mgt_deltagare, uppfoljning):
    client.force_login(administrator)
    url = reverse("admin:deltagare_deltagare_change", args=[mgt_deltagare.pk])
    data = formulardata(client.get(url))
    nummer = next(n for n in range(3) if data[f"uppfoljningar-{n}-id"] == str(uppfoljning.pk))
    data |= {f"uppfoljningar-{nummer}-utford_datum": "2025-05-05", f"uppfoljningar-{nummer}-utfall": arbete().pk}
    svar = client.post(url, data)
    assert svar.status_code == 302, svar.context["errors"]
    uppfoljning.refresh_from_db()
    assert (uppfoljning.utford_datum, uppfoljning.utfall, uppfoljning.utford_av) == (D(2025, 5, 5), arbete(), administrator)
    assert mgt_deltagare.uppfoljningar.filter(utford_datum__isnull=False).count() == 1


# --- A participant stays in its insats ---------------------------------------------------------


def test_the_insats_of_a_participant_is_read_only_on_the_admin_change_form(client, administrator, mgt_deltagare):
    client.force_login(administrator)
    svar = client.get(reverse("admin:deltagare_deltagare_change", args=[mgt_deltagare.pk]))
    assert "insats" not in svar.context["adminform"].form.fields
    assert "insats" in client.get(reverse("admin:deltagare_deltagare_add")).context["adminform"].form.fields


def test_a_participant_posted_with_another_insats_stays_with_its_schedule(
    client, administrator, mgt_deltagare, insats_a
):
    client.force_login(administrator)
    url = reverse("admin:deltagare_deltagare_change", args=[mgt_deltagare.pk])
    data = {**formulardata(client.get(url)), "insats": insats_a.pk, "lots": "on"}
    assert client.post(url, data).status_code == 302
    deltagare = Deltagare.objects.get(pk=mgt_deltagare.pk)
    assert (deltagare.insats.kortnamn, deltagare.lots) == ("MGT", True)
    assert sorted(deltagare.uppfoljningar.values_list("manader", flat=True)) == [3, 6, 12]


def test_a_new_startdatum_and_a_follow_up_registered_in_the_same_admin_form_keep_the_moved_planned_dates(
    client, administrator, mgt_deltagare, uppfoljning
):
    client.force_login(administrator)
    url = reverse("admin:deltagare_deltagare_change", args=[mgt_deltagare.pk])
    data = formulardata(client.get(url))
    nummer = next(n for n in range(3) if data[f"uppfoljningar-{n}-id"] == str(uppfoljning.pk))
    data |= {
        "startdatum": "2025-03-03",
        f"uppfoljningar-{nummer}-utford_datum": "2025-06-05",
        f"uppfoljningar-{nummer}-utfall": arbete().pk,
    }
    svar = client.post(url, data)
    assert svar.status_code == 302, svar.context["errors"]
    planerade = dict(mgt_deltagare.uppfoljningar.values_list("manader", "planerad_datum"))
    assert planerade == {manader: add_months(D(2025, 3, 3), manader) for manader in planerade}
    assert planerade[3] == D(2025, 6, 3)
