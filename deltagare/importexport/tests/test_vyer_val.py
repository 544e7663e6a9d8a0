"""The choices for flagged rows on the preview page. The tester's finding: ticking "Spara
raden" or "Hoppa över" and clicking "Bekräfta och spara" lost the ticks (the confirmation was a
form of its own) and refused with "Välj för varje markerad rad …". Now the page's choices are
sent with the confirmation, saved and then confirmed; a row still without a choice (on another
page) stops it with the rows named."""

import pytest
from django.urls import reverse

from deltagare.models import Deltagare, ImportKorning, ImportRad
from deltagare.services import deltagare_spara, deltagare_ta_bort
from deltagare.tests.factories import DeltagareFactory

from .. import forhandsvisning
from ..export import exportera_deltagare
from .conftest import ladda_upp
from .filer import rad, xlsx

pytestmark = pytest.mark.django_db

VALJ = "Välj för varje markerad rad om den ska sparas eller hoppas över."


def gammal_export(user, insats) -> bytes:
    """AP-1, AP-2 and AP-3 exported as xlsx (rows 2–4), then AP-1 deleted and AP-2 and AP-3
    edited (Lots Nej → Ja) in the application: importing the file flags all three."""
    for nr in (1, 2, 3):
        DeltagareFactory(insats=insats, deltagar_id=f"AP-{nr}", lots=False)
    export = exportera_deltagare(user=user, format="xlsx").innehall
    deltagare_ta_bort(user=user, deltagare=Deltagare.objects.get(deltagar_id="AP-1"))
    for nr in (2, 3):
        d = Deltagare.objects.get(deltagar_id=f"AP-{nr}")
        d.lots = True
        deltagare_spara(user=user, deltagare=d, forvantad_version=d.version)
    return export


@pytest.fixture
def flaggad(client, leader_a, insats_a, arbetare) -> ImportKorning:
    client.force_login(leader_a)
    ladda_upp(client, gammal_export(leader_a, insats_a))
    arbetare()
    korning = ImportKorning.objects.get()
    assert (korning.status, korning.flaggade) == (ImportKorning.Status.GRANSKAD, 3)
    return korning


def radval(**val: str) -> dict[str, str]:
    """The page's radio buttons by deltagar-ID: radval(AP_1="nej") → {"val_<pk>": "nej"}."""
    pk = dict(ImportRad.objects.exclude(flagga="").values_list("deltagar_id", "pk"))
    return {f"val_{pk[namn.replace('_', '-')]}": varde for namn, varde in val.items()}


def bekrafta(client, korning, **data):
    return client.post(
        reverse("importexport:bekrafta", args=[korning.pk]), {"granskning": korning.granskningsnyckel, **data}, follow=True
    )


def meddelanden(svar) -> list[str]:
    return [str(m) for m in svar.context["messages"]]


def test_the_choices_ticked_on_the_page_are_saved_and_confirmed_by_bekrafta_och_spara(client, flaggad, arbetare):
    svar = bekrafta(client, flaggad, **radval(AP_1="nej", AP_2="ja", AP_3="nej"))
    assert meddelanden(svar) == []
    arbetare()
    flaggad.refresh_from_db()
    assert (flaggad.status, flaggad.nya, flaggad.andrade, flaggad.hoppade_over) == (ImportKorning.Status.KLAR, 0, 1, 2)
    assert dict(Deltagare.objects.values_list("deltagar_id", "lots")) == {"AP-2": False, "AP-3": True}


def test_a_row_left_without_a_choice_stops_the_confirmation_naming_it(client, flaggad, arbetare):
    svar = bekrafta(client, flaggad, visa="markerade", sida="1", **radval(AP_1="nej", AP_2="ja"))
    assert meddelanden(svar) == [VALJ, "1 markerad rad saknar ditt val: rad 4."]
    assert svar.redirect_chain[-1][0] == reverse("importexport:korning", args=[flaggad.pk]) + "?visa=markerade&sida=1"
    arbetare()
    flaggad.refresh_from_db()
    assert flaggad.status == ImportKorning.Status.GRANSKAD
    assert Deltagare.objects.count() == 2


def test_the_choices_made_are_kept_when_a_row_on_another_page_still_lacks_one(client, flaggad):
    bekrafta(client, flaggad, **radval(AP_1="nej", AP_2="ja"))
    assert dict(ImportRad.objects.exclude(flagga="").values_list("deltagar_id", "val")) == {
        "AP-1": False,
        "AP-2": True,
        "AP-3": None,
    }


def test_confirming_without_any_choice_names_every_flagged_row(client, flaggad):
    svar = bekrafta(client, flaggad)
    assert meddelanden(svar) == [VALJ, "3 markerade rader saknar ditt val: raderna 2, 3 och 4."]


def test_more_rows_without_a_choice_than_the_message_names_are_counted(client, flaggad, monkeypatch):
    monkeypatch.setattr(forhandsvisning, "NAMNGIVNA", 2)
    svar = bekrafta(client, flaggad)
    assert meddelanden(svar)[1] == "3 markerade rader saknar ditt val: raderna 2, 3 med flera."


def test_a_page_showing_an_older_preview_neither_saves_its_choices_nor_confirms(client, flaggad, arbetare):
    val = radval(AP_1="ja", AP_2="ja", AP_3="ja")
    gammal_nyckel = flaggad.granskningsnyckel
    ImportKorning.objects.filter(pk=flaggad.pk).update(granskningsnyckel="en-nyare-granskning")
    svar = client.post(
        reverse("importexport:bekrafta", args=[flaggad.pk]), {"granskning": gammal_nyckel, **val}, follow=True
    )
    assert meddelanden(svar) == [
        "Sidan visade en granskning som inte längre gäller för den här filen. "
        "Titta på den nya granskningen och bekräfta igen."
    ]
    assert not ImportRad.objects.exclude(flagga="").filter(val__isnull=False).exists()
    arbetare()
    assert ImportKorning.objects.get().status == ImportKorning.Status.GRANSKAD


def test_the_preview_sends_its_choices_and_its_confirmation_in_one_form(client, flaggad):
    sida = client.get(reverse("importexport:korning", args=[flaggad.pk])).content.decode()
    formular = sida.split(f'<form method="post" action="{reverse("importexport:bekrafta", args=[flaggad.pk])}" id="granskningen">')[1]
    formular = formular.split("</form>")[0]
    assert formular.count('type="radio"') == 6
    assert f'name="granskning" value="{flaggad.granskningsnyckel}"' in formular
    assert "Bekräfta och spara" in formular
    assert f'formaction="{reverse("importexport:val", args=[flaggad.pk])}"' in formular


def test_another_leaders_confirmation_with_choices_is_not_found_and_changes_nothing(
    client, flaggad, leader_b, arbetare
):
    val = radval(AP_1="ja", AP_2="ja", AP_3="ja")
    client.force_login(leader_b)
    svar = client.post(
        reverse("importexport:bekrafta", args=[flaggad.pk]), {"granskning": flaggad.granskningsnyckel, **val}
    )
    assert svar.status_code == 404
    assert not ImportRad.objects.exclude(flagga="").filter(val__isnull=False).exists()
    arbetare()
    assert ImportKorning.objects.get().status == ImportKorning.Status.GRANSKAD


def test_the_preview_page_shows_no_template_comment(client, flaggad):
    html = client.get(reverse("importexport:korning", args=[flaggad.pk])).content.decode()
    assert "{#" not in html and "#}" not in html


def test_paging_a_preview_with_rows_to_choose_sends_the_pages_choices(client, flaggad, monkeypatch):
    monkeypatch.setattr(forhandsvisning, "PER_SIDA", 2)
    sida = client.get(reverse("importexport:korning", args=[flaggad.pk])).content.decode()
    formular = sida.split(f'<form method="post" action="{reverse("importexport:bekrafta", args=[flaggad.pk])}" id="granskningen">')[1]
    assert (
        f'<button type="submit" formaction="{reverse("importexport:val", args=[flaggad.pk])}" name="till_sida" value="2"'
        in formular.split("</form>")[0]
    )
    assert 'rel="next"' not in sida


def test_the_next_page_button_saves_the_choices_and_shows_the_next_page(client, flaggad, monkeypatch):
    monkeypatch.setattr(forhandsvisning, "PER_SIDA", 2)
    svar = client.post(
        reverse("importexport:val", args=[flaggad.pk]),
        {"visa": "alla", "sida": "1", "till_sida": "2", **radval(AP_1="nej", AP_2="ja")},
    )
    assert svar.url == reverse("importexport:korning", args=[flaggad.pk]) + "?visa=alla&sida=2"
    assert dict(ImportRad.objects.exclude(flagga="").values_list("deltagar_id", "val")) == {
        "AP-1": False,
        "AP-2": True,
        "AP-3": None,
    }


def test_a_preview_without_rows_to_choose_pages_with_plain_links(client, leader_a, insats_a, arbetare, monkeypatch):
    monkeypatch.setattr(forhandsvisning, "PER_SIDA", 2)
    client.force_login(leader_a)
    ladda_upp(client, xlsx([rad(Insats=insats_a.kortnamn, Deltagar_ID=f"AP-{nr}") for nr in (1, 2, 3)]))
    arbetare()
    korning = ImportKorning.objects.get()
    sida = client.get(reverse("importexport:korning", args=[korning.pk])).content.decode()
    assert (korning.nya, korning.flaggade) == (3, 0)
    assert 'href="?sida=2" rel="next"' in sida
    assert 'name="till_sida"' not in sida


def test_a_view_button_saves_the_choices_and_shows_that_view_from_its_first_page(client, flaggad):
    svar = client.post(
        reverse("importexport:val", args=[flaggad.pk]),
        {"visa": "alla", "sida": "2", "till_visa": "nya", **radval(AP_3="nej")},
    )
    assert svar.url == reverse("importexport:korning", args=[flaggad.pk]) + "?visa=nya"
    assert ImportRad.objects.exclude(flagga="").get(deltagar_id="AP-3").val is False


def test_the_views_of_a_preview_with_rows_to_choose_are_buttons_of_its_form(client, flaggad):
    sida = client.get(reverse("importexport:korning", args=[flaggad.pk])).content.decode()
    assert (
        f'<button type="submit" form="granskningen" formaction="{reverse("importexport:val", args=[flaggad.pk])}" '
        'name="till_visa" value="markerade" class="knapp--lank">Kräver val</button>'
    ) in sida
    assert "<strong>Nya och ändrade</strong>" in sida


@pytest.mark.parametrize("nummer", ["²", "99999999999999999999999"])
def test_a_choice_for_a_row_number_that_is_no_id_is_left_out(client, flaggad, nummer):
    svar = client.post(reverse("importexport:val", args=[flaggad.pk]), {f"val_{nummer}": "ja", **radval(AP_1="nej")})
    assert svar.status_code == 302
    assert dict(ImportRad.objects.exclude(flagga="").values_list("deltagar_id", "val")) == {
        "AP-1": False,
        "AP-2": None,
        "AP-3": None,
    }
