"""Cancelling a run that waits, from its page and from the import page. The tester's finding:
with no task worker running an upload sat at "I kö för granskning… 0 %", the page named a
developer's command (make run), nothing offered to cancel it, and a new upload was refused
("Du har redan en import som pågår.")."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from deltagare.models import ImportKorning

from .conftest import ladda_upp
from .filer import rad, xlsx

pytestmark = pytest.mark.django_db

ANVANDARTEXT = (
    "Importen väntar på en ledig arbetsprocess. Du kan avbryta den och försöka senare; "
    "kontakta administratören om det inte går över."
)


def avbrytform(korning) -> str:
    return f'<form method="post" action="{reverse("importexport:avbryt", args=[korning.pk])}">'


def i_ko(client, user, namn="deltagare.xlsx") -> ImportKorning:
    """An upload no worker has taken yet (the test runs none)."""
    client.force_login(user)
    ladda_upp(client, xlsx([rad()]), namn)
    korning = ImportKorning.objects.get(skapad_av=user)
    assert korning.status == ImportKorning.Status.I_KO
    return korning


def meddelanden(svar) -> list[str]:
    return [str(m) for m in svar.context["messages"]]


def test_the_page_of_a_queued_run_offers_avbryt(client, leader_a):
    korning = i_ko(client, leader_a)
    sida = client.get(reverse("importexport:korning", args=[korning.pk])).content.decode()
    assert avbrytform(korning) in sida.split('role="status"')[1]


def test_cancelling_a_queued_run_removes_it_and_says_so(client, leader_a):
    korning = i_ko(client, leader_a)
    svar = client.post(reverse("importexport:avbryt", args=[korning.pk]), follow=True)
    assert svar.redirect_chain == [(reverse("importexport:import"), 302)]
    assert meddelanden(svar) == ["Importen är avbruten och filen borttagen."]
    assert not ImportKorning.objects.exists()


def test_going_back_to_a_cancelled_run_says_it_is_gone_and_how_to_import_again(client, leader_a):
    korning = i_ko(client, leader_a)
    client.post(reverse("importexport:avbryt", args=[korning.pk]))
    svar = client.get(reverse("importexport:korning", args=[korning.pk]))
    assert svar.status_code == 404
    assert (
        "Importen finns inte längre. En avbruten import tas bort med sin fil, och en granskning som inte "
        "bekräftas tas bort efter ett dygn. Ladda upp filen igen under Importera för att importera den."
    ) in svar.content.decode()


def test_after_cancelling_a_queued_run_a_new_upload_is_taken_and_previewed(client, leader_a, arbetare):
    korning = i_ko(client, leader_a)
    client.post(reverse("importexport:avbryt", args=[korning.pk]))
    svar = ladda_upp(client, xlsx([rad(Deltagar_ID="AP-2")]))
    assert svar.status_code == 302
    arbetare()  # the cancelled run's task finds nothing to do
    assert list(ImportKorning.objects.values_list("status", flat=True)) == [ImportKorning.Status.GRANSKAD]


def test_the_import_page_offers_avbryt_for_a_queued_run(client, leader_a):
    korning = i_ko(client, leader_a)
    sida = client.get(reverse("importexport:import")).content.decode()
    assert "Du har en import som pågår:" in sida and "(i kö för granskning)" in sida
    assert avbrytform(korning) in sida
    assert 'aria-label="Avbryt importen av deltagare.xlsx">Avbryt</button>' in sida


def test_a_refused_second_upload_shows_the_queued_run_with_avbryt(client, leader_a):
    korning = i_ko(client, leader_a)
    svar = ladda_upp(client, xlsx([rad(Deltagar_ID="AP-2")]))
    sida = svar.content.decode()
    assert "Du har redan en import som pågår. Vänta tills den är klar, eller avbryt den." in sida
    assert avbrytform(korning) in sida


def test_the_import_page_offers_avbryt_for_a_run_waiting_for_column_choices(client, leader_a):
    korning = ImportKorning.objects.create(skapad_av=leader_a, filnamn="gammal.xlsx", status=ImportKorning.Status.KOLUMNER)
    client.force_login(leader_a)
    sida = client.get(reverse("importexport:import")).content.decode()
    assert "Du har en import som väntar på ditt kolumnval:" in sida
    assert avbrytform(korning) in sida


@pytest.mark.parametrize("status", [ImportKorning.Status.GRANSKAS, ImportKorning.Status.I_KO_SPARA])
def test_a_run_being_worked_on_or_queued_to_be_saved_offers_no_avbryt(client, leader_a, status):
    korning = ImportKorning.objects.create(
        skapad_av=leader_a, filnamn="f.xlsx", status=status, livstecken=timezone.now()
    )
    client.force_login(leader_a)
    assert avbrytform(korning) not in client.get(reverse("importexport:korning", args=[korning.pk])).content.decode()
    assert avbrytform(korning) not in client.get(reverse("importexport:import")).content.decode()


def test_a_refused_cancellation_is_shown_as_a_message(client, leader_a):
    # The page offered Avbryt, then a worker took the run before the click.
    korning = i_ko(client, leader_a)
    ImportKorning.objects.filter(pk=korning.pk).update(status=ImportKorning.Status.GRANSKAS, livstecken=timezone.now())
    svar = client.post(reverse("importexport:avbryt", args=[korning.pk]), follow=True)
    assert svar.status_code == 200
    assert meddelanden(svar) == ["Importen arbetar just nu och kan inte avbrytas; vänta tills den är klar."]
    assert ImportKorning.objects.filter(pk=korning.pk).exists()


def test_a_long_wait_tells_the_leader_what_to_do_and_names_no_command(client, leader_a):
    korning = i_ko(client, leader_a)
    ImportKorning.objects.update(uppdaterad=timezone.now() - datetime.timedelta(minutes=2))
    sida = client.get(reverse("importexport:korning", args=[korning.pk])).content.decode()
    assert f'<p class="hjalp">{ANVANDARTEXT}</p>' in sida
    assert "make " not in sida and "db_worker" not in sida


def test_a_long_wait_also_tells_an_administrator_how_workers_are_started(client, administrator):
    korning = i_ko(client, administrator)
    ImportKorning.objects.update(uppdaterad=timezone.now() - datetime.timedelta(minutes=2))
    sida = client.get(reverse("importexport:korning", args=[korning.pk])).content.decode()
    assert (
        f"{ANVANDARTEXT} Drift: körs ingen arbetsprocess för uppgiftskön? make serve och make run startar dem, "
        "make worker (manage.py db_worker) startar fler." in sida
    )


def test_another_leader_neither_sees_nor_cancels_a_queued_run(client, leader_a, leader_b):
    korning = i_ko(client, leader_a)
    client.force_login(leader_b)
    assert avbrytform(korning) not in client.get(reverse("importexport:import")).content.decode()
    sida = client.get(reverse("importexport:korning", args=[korning.pk]))
    # The same answer as for a run that is gone: nothing says the run exists.
    assert sida.status_code == 404
    assert "Importen finns inte längre." in sida.content.decode()
    assert client.post(reverse("importexport:avbryt", args=[korning.pk])).status_code == 404
    assert ImportKorning.objects.filter(pk=korning.pk, status=ImportKorning.Status.I_KO).exists()


def test_kansli_is_refused_cancelling_a_queued_run(client, leader_a, kansli):
    korning = i_ko(client, leader_a)
    client.force_login(kansli)
    assert client.post(reverse("importexport:avbryt", args=[korning.pk])).status_code == 403
    assert ImportKorning.objects.filter(pk=korning.pk).exists()


def test_the_page_of_a_run_waiting_for_column_choices_offers_avbryt(client, leader_a):
    korning = ImportKorning.objects.create(skapad_av=leader_a, filnamn="gammal.xlsx", status=ImportKorning.Status.KOLUMNER)
    client.force_login(leader_a)
    svar = client.get(reverse("importexport:korning", args=[korning.pk]), follow=True)
    assert svar.redirect_chain == [(reverse("importexport:kolumner", args=[korning.pk]), 302)]
    assert avbrytform(korning) in svar.content.decode()
