"""Actions on several rows (issue 13): close several participants with one date and reason, mark
several follow-ups done; all or nothing, through the policy, audited per row."""

import datetime

import pytest
from auditlog.models import LogEntry
from django.urls import reverse

from deltagare.models import Avslutsorsak, Deltagare, Uppfoljning, Uppfoljningsutfall

from .factories import DeltagareFactory
from .formular import formulardata

pytestmark = pytest.mark.django_db

SLUT = "2025-06-10"


@pytest.fixture
def aktiva(insats_a):
    return [DeltagareFactory(insats=insats_a, deltagar_id=f"AP-{n}") for n in (1, 2, 3)]


def avsluta(client, insats, valda, **data):
    return client.post(
        reverse("deltagare:avsluta_flera", args=[insats.pk]),
        {"valda": [d.pk for d in valda], "slutdatum": SLUT, "avslutsorsak": Avslutsorsak.objects.get(kod="arbete").pk, **data},
        follow=True,
    )


def test_several_participants_are_closed_with_the_same_date_and_reason(client, leader_a, insats_a, aktiva):
    client.force_login(leader_a)
    svar = avsluta(client, insats_a, aktiva[:2])
    assert "2 deltagare är avslutade: AP-1, AP-2." in svar.text
    stangda = Deltagare.objects.filter(slutdatum=datetime.date(2025, 6, 10), avslutsorsak__kod="arbete")
    assert sorted(stangda.values_list("deltagar_id", flat=True)) == ["AP-1", "AP-2"]
    assert Deltagare.objects.get(deltagar_id="AP-3").slutdatum is None


def test_every_closed_participant_gets_its_own_audit_entry(client, leader_a, insats_a, aktiva):
    client.force_login(leader_a)
    avsluta(client, insats_a, aktiva[:2])
    andrade = LogEntry.objects.filter(action=LogEntry.Action.UPDATE, actor=leader_a)
    assert sorted(int(e.object_pk) for e in andrade) == sorted(d.pk for d in aktiva[:2])


def test_one_refused_row_leaves_every_row_as_it_was(client, leader_a, insats_a, aktiva):
    # AP-3 started after the chosen slutdatum: the model refuses it, so nobody is closed.
    Deltagare.objects.filter(pk=aktiva[2].pk).update(startdatum=datetime.date(2025, 7, 1))
    client.force_login(leader_a)
    svar = avsluta(client, insats_a, aktiva)
    assert "AP-3: Slutdatum får inte vara före startdatum." in svar.text
    assert not Deltagare.objects.filter(slutdatum__isnull=False).exists()


def test_a_ticked_participant_someone_closed_meanwhile_is_named_and_nobody_is_closed(client, leader_a, insats_a, aktiva):
    Deltagare.objects.filter(pk=aktiva[1].pk).update(slutdatum=datetime.date(2025, 6, 1))
    client.force_login(leader_a)
    svar = avsluta(client, insats_a, aktiva[:2], visade=[d.pk for d in aktiva])
    assert "AP-2 har ändrats sedan sidan öppnades och kan inte väljas längre." in svar.text
    assert "finns inte bland" not in svar.text
    assert Deltagare.objects.get(pk=aktiva[0].pk).slutdatum is None


def test_a_listed_but_unticked_participant_closed_meanwhile_does_not_stop_the_others(client, leader_a, insats_a, aktiva):
    Deltagare.objects.filter(pk=aktiva[2].pk).update(slutdatum=datetime.date(2025, 6, 1))
    client.force_login(leader_a)
    svar = avsluta(client, insats_a, aktiva[:2], visade=[d.pk for d in aktiva])
    assert "2 deltagare är avslutade: AP-1, AP-2." in svar.text


def test_several_refused_rows_are_counted_as_errors_in_the_summary(client, leader_a, insats_a, aktiva):
    Deltagare.objects.filter(pk__in=[d.pk for d in aktiva[1:]]).update(startdatum=datetime.date(2025, 7, 1))
    client.force_login(leader_a)
    svar = avsluta(client, insats_a, aktiva)
    assert "Uppgifterna sparades inte – rätta felen nedan." in svar.text
    assert "AP-2: Slutdatum får inte vara före startdatum." in svar.text
    assert "AP-3: Slutdatum får inte vara före startdatum." in svar.text


def test_the_reason_is_required_where_the_insats_records_it(client, leader_a, insats_a, aktiva):
    client.force_login(leader_a)
    svar = avsluta(client, insats_a, aktiva[:1], avslutsorsak="")
    assert "Avslutsorsak: Det här fältet är obligatoriskt." in svar.text
    assert not Deltagare.objects.filter(slutdatum__isnull=False).exists()


def test_the_confirmation_page_lists_the_chosen_participants(client, leader_a, insats_a, aktiva):
    client.force_login(leader_a)
    svar = client.get(reverse("deltagare:avsluta_flera", args=[insats_a.pk]), {"valda": [aktiva[0].pk, aktiva[1].pk]})
    assert [d.deltagar_id for d in svar.context["form"].fields["valda"].queryset] == ["AP-1", "AP-2"]


def sida_med(client, insats, valda) -> dict:
    """What the confirmation page for valda posts as it is shown."""
    html = client.get(reverse("deltagare:avsluta_flera", args=[insats.pk]), {"valda": [d.pk for d in valda]}).text
    for index in range(4):
        data = formulardata(html, index, lista=True)
        if "slutdatum" in data:
            return data
    raise AssertionError("inget formulär")


def test_unticking_every_row_keeps_the_rows_the_date_and_the_reason(client, leader_a, insats_a, aktiva):
    client.force_login(leader_a)
    data = sida_med(client, insats_a, aktiva[:2])
    orsak = Avslutsorsak.objects.get(kod="arbete")
    data.update(valda=[], slutdatum=[SLUT], avslutsorsak=[str(orsak.pk)])
    svar = client.post(reverse("deltagare:avsluta_flera", args=[insats_a.pk]), data)
    form = svar.context["form"]
    assert form.errors["valda"] == ["Kryssa i minst en deltagare att avsluta."]
    assert [d.deltagar_id for d in form.fields["valda"].queryset] == ["AP-1", "AP-2"]
    assert (form["slutdatum"].value(), form["avslutsorsak"].value()) == (SLUT, str(orsak.pk))
    assert not Deltagare.objects.filter(slutdatum__isnull=False).exists()


def test_a_refused_form_lists_an_unticked_row_again_unticked(client, leader_a, insats_a, aktiva):
    client.force_login(leader_a)
    data = sida_med(client, insats_a, aktiva[:2])
    data.update(valda=[str(aktiva[0].pk)], slutdatum=[SLUT], avslutsorsak=[""])
    svar = client.post(reverse("deltagare:avsluta_flera", args=[insats_a.pk]), data)
    form = svar.context["form"]
    assert [d.deltagar_id for d in form.fields["valda"].queryset] == ["AP-1", "AP-2"]
    assert form["valda"].value() == [str(aktiva[0].pk)]


def test_another_insats_leader_cannot_close_insats_a_participants(client, leader_b, insats_a, aktiva):
    client.force_login(leader_b)
    svar = avsluta(client, insats_a, aktiva)
    assert svar.status_code == 404
    assert not Deltagare.objects.filter(slutdatum__isnull=False).exists()


def test_another_insats_leader_cannot_slip_a_participant_into_their_own_insats_form(client, leader_b, insats_a, insats_b, aktiva):
    client.force_login(leader_b)
    avsluta(client, insats_b, aktiva[:1])
    assert Deltagare.objects.get(pk=aktiva[0].pk).slutdatum is None


def test_kansli_cannot_close_several(client, kansli, insats_a, aktiva):
    client.force_login(kansli)
    assert avsluta(client, insats_a, aktiva).status_code == 403
    assert not Deltagare.objects.filter(slutdatum__isnull=False).exists()


@pytest.fixture
def oppna(aktiva, insats_b):
    rader = [Uppfoljning.objects.create(deltagare=d, manader=3, planerad_datum=datetime.date(2025, 5, 3)) for d in aktiva]
    annan = DeltagareFactory(insats=insats_b, deltagar_id="NO-1")
    rader.append(Uppfoljning.objects.create(deltagare=annan, manader=3, planerad_datum=datetime.date(2025, 5, 3)))
    return rader


def markera(client, rader, datum="2025-06-01"):
    arbete = Uppfoljningsutfall.objects.get(kod="arbete")
    return client.post(
        reverse("deltagare:uppfoljningar_utforda"),
        {"valda": [u.pk for u in rader], "datum": datum, "resultat": f"utfall-{arbete.pk}"},
        follow=True,
    )


def test_several_follow_ups_are_marked_done_through_the_follow_up_service(client, leader_a, oppna):
    client.force_login(leader_a)
    svar = markera(client, oppna[:2])
    assert "2 uppföljningar är markerade som utförda." in svar.text
    klara = Uppfoljning.objects.filter(utford_datum=datetime.date(2025, 6, 1), utford_av=leader_a, utfall__kod="arbete")
    assert sorted(klara.values_list("pk", flat=True)) == sorted(u.pk for u in oppna[:2])
    assert LogEntry.objects.filter(action=LogEntry.Action.UPDATE, content_type__model="uppfoljning").count() == 2


def test_a_follow_up_of_another_insats_stops_the_whole_action(client, leader_a, oppna):
    client.force_login(leader_a)
    svar = markera(client, [oppna[0], oppna[3]])
    assert svar.status_code == 404
    assert not Uppfoljning.objects.filter(utford_datum__isnull=False).exists()


def test_a_future_date_marks_nothing(client, leader_a, oppna):
    client.force_login(leader_a)
    svar = markera(client, oppna[:2], datum="2099-01-01")
    assert "Inget sparades" in svar.text
    assert not Uppfoljning.objects.filter(utford_datum__isnull=False).exists()


def test_kansli_cannot_mark_follow_ups_done(client, kansli, oppna):
    client.force_login(kansli)
    assert markera(client, oppna).status_code == 403
    assert not Uppfoljning.objects.filter(utford_datum__isnull=False).exists()


def test_an_already_done_follow_up_stops_the_whole_action_with_a_message(client, leader_a, oppna):
    Uppfoljning.objects.filter(pk=oppna[1].pk).update(
        utford_datum=datetime.date(2025, 5, 5), utfall=Uppfoljningsutfall.objects.get(kod="arbete")
    )
    client.force_login(leader_a)
    svar = markera(client, oppna[:2])
    assert (
        "Inget sparades: 3-månadersuppföljningen av AP-2 har ändrats sedan sidan öppnades och kan inte väljas längre."
    ) in svar.text
    assert "finns inte bland" not in svar.text
    assert list(Uppfoljning.objects.filter(utford_datum__isnull=False).values_list("pk", flat=True)) == [oppna[1].pk]


def test_the_follow_up_page_offers_to_mark_several_done(client, leader_a, oppna):
    client.force_login(leader_a)
    text = client.get(reverse("deltagare:uppfoljningar")).text
    assert 'id="flera-utforda"' in text
    assert f'name="valda" value="{oppna[0].pk}" form="flera-utforda"' in text
    assert f'value="{oppna[3].pk}"' not in text  # another insats' follow-up is not listed at all


def test_kansli_is_not_offered_to_mark_several_done(client, kansli, oppna):
    client.force_login(kansli)
    text = client.get(reverse("deltagare:uppfoljningar")).text
    assert 'id="flera-utforda"' not in text
    assert 'name="valda"' not in text


def test_the_list_offers_to_close_several_active_participants(client, leader_a, insats_a, aktiva):
    client.force_login(leader_a)
    text = client.get(reverse("deltagare:lista", args=[insats_a.pk])).text
    assert f'action="{reverse("deltagare:avsluta_flera", args=[insats_a.pk])}" id="avsluta-flera"' in text
    assert f'name="valda" value="{aktiva[0].pk}" form="avsluta-flera"' in text


def test_kansli_is_not_offered_to_close_several(client, kansli, insats_a, aktiva):
    client.force_login(kansli)
    text = client.get(reverse("deltagare:lista", args=[insats_a.pk])).text
    assert "avsluta-flera" not in text
