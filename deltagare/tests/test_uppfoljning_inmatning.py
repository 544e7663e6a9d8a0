"""A refused follow-up registration keeps what was typed (README: ingen inmatning försvinner):
the inline form on the page it came from (start page, follow-up list, participant page) shows the
date and result again with the error at the field, and the list's form for several keeps its
ticks, date and result. Shown once: the next visit is a fresh form."""

import datetime

import pytest
from django.urls import reverse

from deltagare.models import Uppfoljning, Uppfoljningsutfall

from .factories import DeltagareFactory

pytestmark = pytest.mark.django_db

SAKNAT_RESULTAT = "Välj resultatet: vad deltagaren gjorde, eller varför uppföljningen inte kunde genomföras."


def arbete() -> str:
    return f"utfall-{Uppfoljningsutfall.objects.get(kod='arbete').pk}"


def registrera(client, uppfoljning, sida: str, **data):
    return client.post(
        reverse("deltagare:uppfoljning_utford", args=[uppfoljning.pk]), {"nasta": sida, **data}, follow=True
    )


@pytest.mark.parametrize("sida", ["deltagare:start", "deltagare:uppfoljningar", "deltagare:visa"])
def test_a_date_without_a_result_comes_back_on_the_same_page_with_the_error_at_the_result(
    client, leader_a, uppfoljning, idag, sida
):
    client.force_login(leader_a)
    url = reverse(sida, args=[uppfoljning.deltagare_id]) if sida == "deltagare:visa" else reverse(sida)
    typat = (idag - datetime.timedelta(days=2)).isoformat()
    svar = registrera(client, uppfoljning, url, datum=typat)
    html = svar.content.decode()
    assert svar.redirect_chain == [(url, 302)]
    assert f'<input type="date" name="datum" id="datum-{uppfoljning.pk}" value="{typat}"' in html
    assert (
        f'<ul class="errorlist" id="resultat-{uppfoljning.pk}-fel"><li>{SAKNAT_RESULTAT}</li></ul>' in html
    )
    assert f'id="resultat-{uppfoljning.pk}" required aria-invalid="true" aria-describedby="resultat-{uppfoljning.pk}-fel"' in html
    uppfoljning.refresh_from_db()
    assert uppfoljning.utford_datum is None


def test_a_date_before_the_start_keeps_date_and_result_with_the_error_at_the_date(client, leader_a, uppfoljning):
    client.force_login(leader_a)
    url = reverse("deltagare:visa", args=[uppfoljning.deltagare_id])
    fore = (uppfoljning.deltagare.startdatum - datetime.timedelta(days=1)).isoformat()
    html = registrera(client, uppfoljning, url, datum=fore, resultat=arbete()).content.decode()
    assert f'value="{fore}"' in html
    assert f'<option value="{arbete()}" selected>Arbete</option>' in html
    assert f'<ul class="errorlist" id="datum-{uppfoljning.pk}-fel"><li>Uppföljningen kan inte vara före deltagarens startdatum' in html
    assert f'aria-invalid="true" aria-describedby="datum-{uppfoljning.pk}-fel"' in html


def test_the_kept_input_is_shown_once_and_not_on_another_page(client, leader_a, uppfoljning, idag):
    client.force_login(leader_a)
    typat = (idag - datetime.timedelta(days=2)).isoformat()
    registrera(client, uppfoljning, reverse("deltagare:uppfoljningar"), datum=typat)
    html = client.get(reverse("deltagare:uppfoljningar")).content.decode()
    assert f'value="{typat}"' not in html and SAKNAT_RESULTAT not in html
    assert f'id="datum-{uppfoljning.pk}" value="{idag.isoformat()}"' in html


def test_the_kept_input_is_not_shown_on_a_page_other_than_the_one_it_came_from(client, leader_a, uppfoljning, idag):
    client.force_login(leader_a)
    typat = (idag - datetime.timedelta(days=2)).isoformat()
    client.post(
        reverse("deltagare:uppfoljning_utford", args=[uppfoljning.pk]),
        {"nasta": reverse("deltagare:uppfoljningar"), "datum": typat},
    )
    html = client.get(reverse("deltagare:start")).content.decode()
    assert f'value="{typat}"' not in html and 'class="errorlist"' not in html


@pytest.fixture
def oppna(insats_a, idag):
    rader = []
    for nr in (1, 2, 3):
        d = DeltagareFactory(insats=insats_a, deltagar_id=f"AP-{nr}", startdatum=idag - datetime.timedelta(days=100))
        rader.append(Uppfoljning.objects.create(deltagare=d, manader=3, planerad_datum=idag - datetime.timedelta(days=10)))
    return rader


def test_several_with_a_date_before_a_start_keep_their_ticks_date_and_result(client, leader_a, oppna, idag):
    oppna[1].deltagare.startdatum = idag - datetime.timedelta(days=5)
    oppna[1].deltagare.save()
    client.force_login(leader_a)
    url = reverse("deltagare:uppfoljningar")
    typat = (idag - datetime.timedelta(days=7)).isoformat()
    svar = client.post(
        reverse("deltagare:uppfoljningar_utforda"),
        {"nasta": url, "valda": [oppna[0].pk, oppna[1].pk], "datum": typat, "resultat": arbete()},
        follow=True,
    )
    html = svar.content.decode()
    assert svar.redirect_chain == [(url, 302)]
    for u in oppna[:2]:
        assert f'<input type="checkbox" name="valda" value="{u.pk}" form="flera-utforda" id="valj-{u.pk}" checked>' in html
    assert f'<input type="checkbox" name="valda" value="{oppna[2].pk}" form="flera-utforda" id="valj-{oppna[2].pk}">' in html
    assert f'id="flera-datum" value="{typat}"' in html
    assert html.count(f'<option value="{arbete()}" selected>Arbete</option>') == 1
    assert '<ul class="errorlist" id="flera-fel"><li>AP-2, 3 månader: Uppföljningen kan inte vara före deltagarens startdatum' in html
    assert not Uppfoljning.objects.filter(utford_datum__isnull=False).exists()


def test_several_without_a_result_keep_the_ticks_and_show_the_error_at_the_result(client, leader_a, oppna, idag):
    client.force_login(leader_a)
    url = reverse("deltagare:uppfoljningar")
    html = client.post(
        reverse("deltagare:uppfoljningar_utforda"),
        {"nasta": url, "valda": [oppna[2].pk], "datum": idag.isoformat()},
        follow=True,
    ).content.decode()
    assert f'id="valj-{oppna[2].pk}" checked>' in html
    assert f'<ul class="errorlist" id="flera-resultat-fel"><li>{SAKNAT_RESULTAT}</li></ul>' in html
    assert 'id="flera-resultat" required aria-invalid="true" aria-describedby="flera-resultat-fel"' in html
