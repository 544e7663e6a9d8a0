"""Start page and follow-ups: counts as the reports count them, own insatser only (docs/regler.md §5)."""

import datetime

import pytest
from auditlog.models import LogEntry
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from deltagare.models import Deltagare, Uppfoljning, Uppfoljningsutfall
from deltagare.selectors import halvar, insatser_med_antal
from deltagare.services import deltagare_spara
from finsam.datum import datum
from insatser.behorighet import ar_kansli

from .factories import AnonymDeltagareFactory, AvslutadDeltagareFactory, DeltagareFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def halvaret(idag):
    return halvar(dag=idag)


def rad(response, insats):
    """The start page's counts for one insats, read from the data-antal cells."""
    html = response.content.decode()
    start = html.index(f'href="{reverse("deltagare:lista", args=[insats.pk])}"')
    slut = html.index("</tr>", start)
    celler = html[start:slut].split('data-antal="')[1:]
    return {cell.split('"')[0]: int(cell.split(">")[1].split("<")[0]) for cell in celler}


def test_anonymous_visitor_is_sent_to_the_login_page(client):
    response = client.get("/")
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_half_year_is_january_to_june_or_july_to_december():
    assert halvar(dag=datetime.date(2025, 6, 30)) == (datetime.date(2025, 1, 1), datetime.date(2025, 6, 30))
    assert halvar(dag=datetime.date(2025, 7, 1)) == (datetime.date(2025, 7, 1), datetime.date(2025, 12, 31))


def test_start_page_counts_active_started_and_ended_this_half_year(client, leader_a, insats_a, halvaret):
    fran, _ = halvaret
    fore = fran - datetime.timedelta(days=40)
    DeltagareFactory(insats=insats_a, startdatum=fore)  # active, started earlier
    DeltagareFactory(insats=insats_a, startdatum=fran)  # active, started now
    AvslutadDeltagareFactory(insats=insats_a, startdatum=fore, slutdatum=fran)  # active, ended now
    AvslutadDeltagareFactory(insats=insats_a, startdatum=fore, slutdatum=fore)  # ended before: not active
    client.force_login(leader_a)
    response = client.get("/")
    assert response.status_code == 200
    assert rad(response, insats_a) == {"aktiva": 3, "borjade": 1, "avslutade": 1, "pagaende": 2}


def test_start_page_counts_mgt_only_in_the_period_of_the_team_meeting(client, leader_a, mgt, halvaret):
    mgt.projektledare.add(leader_a)
    fran, _ = halvaret
    DeltagareFactory(insats=mgt, deltagar_id="MGT-1", startdatum=fran - datetime.timedelta(days=40))
    DeltagareFactory(insats=mgt, deltagar_id="MGT-2", startdatum=fran)
    client.force_login(leader_a)
    assert rad(client.get("/"), mgt) == {"aktiva": 1, "borjade": 1, "avslutade": 0, "pagaende": 2}


def test_insats_counts_take_one_query(django_assert_num_queries, kansli, insats_a, insats_b, halvaret):
    DeltagareFactory(insats=insats_a)
    AnonymDeltagareFactory(insats=insats_b, deltagar_id="NO-1")
    ar_kansli(kansli)  # the role lookup is cached per request; the counts are what is measured
    with django_assert_num_queries(1):
        insatser = list(insatser_med_antal(user=kansli, fran=halvaret[0], till=halvaret[1]))
    assert len(insatser) == 11


def test_leader_sees_only_their_own_insatser_on_the_start_page(client, leader_a, insats_a, insats_b):
    client.force_login(leader_a)
    html = client.get("/").content.decode()
    assert insats_a.namn in html
    assert insats_b.namn not in html
    assert "/rapporter/" not in html
    assert reverse("admin:index") not in html


def test_kansli_sees_every_insats_and_links_to_reports_but_not_to_the_admin(client, kansli):
    client.force_login(kansli)
    response = client.get("/")
    assert len(response.context["insatser"]) == 11
    html = response.content.decode()
    assert 'href="/rapporter/"' in html
    # The admin is the administrators' tool: kansli would only meet "no permission" there.
    assert f'href="{reverse("admin:index")}"' not in html


def test_start_page_lists_due_follow_ups_of_own_insatser_only(client, leader_a, leader_b, mgt, insats_b, idag):
    mgt.projektledare.add(leader_a)
    egen = deltagare_spara(
        user=leader_a,
        deltagare=DeltagareFactory.build(insats=mgt, deltagar_id="MGT-7", startdatum=idag - datetime.timedelta(days=100)),
    )
    annan = DeltagareFactory(insats=insats_b, deltagar_id="NO-7")
    Uppfoljning.objects.create(deltagare=annan, manader=3, planerad_datum=idag - datetime.timedelta(days=5))
    client.force_login(leader_a)
    response = client.get("/")
    assert [u.deltagare.deltagar_id for u in response.context["uppfoljningar"]] == ["MGT-7"]
    assert response.context["uppfoljningar"][0].manader == 3
    assert "NO-7" not in response.content.decode()
    assert egen.uppfoljningar.count() == 3


def _uppfoljningar(deltagare, dag, /, **dagar: int) -> dict[str, Uppfoljning]:
    """Follow-ups of one participant planned the given number of days from today (keyed by name)."""
    return {
        namn: Uppfoljning.objects.create(deltagare=deltagare, manader=nr, planerad_datum=dag + datetime.timedelta(days=d))
        for nr, (namn, d) in enumerate(dagar.items(), start=1)
    }


def _visade(client, **params) -> list[int]:
    response = client.get(reverse("deltagare:uppfoljningar"), params)
    assert response.status_code == 200
    return [u.pk for u in response.context["sida"].object_list]


@pytest.fixture
def mgt_8(leader_a, mgt, idag):
    mgt.projektledare.add(leader_a)
    return DeltagareFactory(insats=mgt, deltagar_id="MGT-8", startdatum=idag - datetime.timedelta(days=400))


def test_follow_up_page_shows_the_due_and_the_coming_30_days_oldest_first(client, leader_a, mgt_8, idag):
    u = _uppfoljningar(mgt_8, idag, forsenad=-2, idag=0, kommande=10, senare=200)
    client.force_login(leader_a)
    assert _visade(client) == [u["forsenad"].pk, u["idag"].pk, u["kommande"].pk]


def test_follow_up_page_filters_due_overdue_and_coming(client, leader_a, mgt_8, idag):
    u = _uppfoljningar(mgt_8, idag, forsenad=-2, idag=0, kommande=10, senare=200)
    client.force_login(leader_a)
    assert _visade(client, planerad="forfallna") == [u["forsenad"].pk, u["idag"].pk]
    assert _visade(client, planerad="forsenade") == [u["forsenad"].pk]
    assert _visade(client, planerad="kommande") == [u["kommande"].pk]
    assert _visade(client, planerad="alla") == [u["forsenad"].pk, u["idag"].pk, u["kommande"].pk, u["senare"].pk]


def test_follow_up_page_shows_done_follow_ups_newest_first_by_status(client, leader_a, mgt_8, idag):
    u = _uppfoljningar(mgt_8, idag, gammal=-100, ny=-10, oppen=-5)
    Uppfoljning.objects.filter(pk__in=[u["gammal"].pk, u["ny"].pk]).update(
        utford_datum=idag, utford_av=leader_a, utfall=Uppfoljningsutfall.objects.get(kod="arbete")
    )
    client.force_login(leader_a)
    assert _visade(client) == [u["oppen"].pk]
    assert _visade(client, status="utforda") == [u["ny"].pk, u["gammal"].pk]
    assert _visade(client, status="alla") == [u["oppen"].pk, u["ny"].pk, u["gammal"].pk]
    html = client.get(reverse("deltagare:uppfoljningar"), {"status": "utforda"}).content.decode()
    assert f"{datum(idag)} <span class=\"hjalp\">ledare-a</span>" in html


def test_follow_up_page_filters_by_insats(client, leader_a, mgt_8, insats_a, idag):
    egen = _uppfoljningar(mgt_8, idag, forsenad=-2)
    annan = _uppfoljningar(DeltagareFactory(insats=insats_a, deltagar_id="AP-1"), idag, forsenad=-3)
    client.force_login(leader_a)
    assert _visade(client) == [annan["forsenad"].pk, egen["forsenad"].pk]
    assert _visade(client, insats=mgt_8.insats_id) == [egen["forsenad"].pk]


def test_follow_up_page_shows_at_most_100_a_page(client, leader_a, mgt_8, idag):
    Uppfoljning.objects.bulk_create(
        Uppfoljning(deltagare=mgt_8, manader=nr, planerad_datum=idag - datetime.timedelta(days=nr)) for nr in range(1, 102)
    )
    client.force_login(leader_a)
    forsta = client.get(reverse("deltagare:uppfoljningar"))
    assert len(forsta.context["sida"].object_list) == 100
    assert "101 uppföljningar · sida 1 av 2" in forsta.content.decode()
    assert len(_visade(client, sida=2)) == 1


def test_marking_a_follow_up_done_records_date_and_who(client, leader_a, mgt, idag):
    mgt.projektledare.add(leader_a)
    deltagare = DeltagareFactory(insats=mgt, deltagar_id="MGT-9", startdatum=idag - datetime.timedelta(days=100))
    uppfoljning = Uppfoljning.objects.create(deltagare=deltagare, manader=3, planerad_datum=idag)
    client.force_login(leader_a)
    dag = idag - datetime.timedelta(days=1)
    arbete = Uppfoljningsutfall.objects.get(kod="arbete")
    response = client.post(
        reverse("deltagare:uppfoljning_utford", args=[uppfoljning.pk]),
        {"datum": dag.isoformat(), "resultat": f"utfall-{arbete.pk}"},
    )
    assert response.status_code == 302
    uppfoljning.refresh_from_db()
    assert (uppfoljning.utford_datum, uppfoljning.utfall, uppfoljning.utford_av) == (dag, arbete, leader_a)
    assert LogEntry.objects.get_for_object(uppfoljning).filter(action=LogEntry.Action.UPDATE).get().actor == leader_a


def test_a_follow_up_cannot_be_marked_done_in_the_future(client, leader_a, mgt, idag):
    mgt.projektledare.add(leader_a)
    deltagare = DeltagareFactory(insats=mgt, deltagar_id="MGT-10", startdatum=idag - datetime.timedelta(days=100))
    uppfoljning = Uppfoljning.objects.create(deltagare=deltagare, manader=3, planerad_datum=idag)
    client.force_login(leader_a)
    morgon = (idag + datetime.timedelta(days=1)).isoformat()
    okant = Uppfoljningsutfall.objects.get(kod="okant")
    response = client.post(
        reverse("deltagare:uppfoljning_utford", args=[uppfoljning.pk]),
        {"datum": morgon, "resultat": f"utfall-{okant.pk}"},
        follow=True,
    )
    assert "3-månadersuppföljningen av MGT-10 sparades inte: Datumet får inte vara i framtiden." in response.content.decode()
    uppfoljning.refresh_from_db()
    assert uppfoljning.utford_datum is None


def test_another_insats_follow_up_answers_404(client, leader_a, insats_b, idag):
    deltagare = DeltagareFactory(insats=insats_b, deltagar_id="NO-9")
    uppfoljning = Uppfoljning.objects.create(deltagare=deltagare, manader=3, planerad_datum=idag)
    client.force_login(leader_a)
    response = client.post(reverse("deltagare:uppfoljning_utford", args=[uppfoljning.pk]), {"datum": idag.isoformat()})
    assert response.status_code == 404
    uppfoljning.refresh_from_db()
    assert uppfoljning.utford_datum is None


def test_follow_up_page_shows_no_other_insats_follow_ups(client, leader_a, leader_b, insats_b, idag):
    deltagare = DeltagareFactory(insats=insats_b, deltagar_id="NO-10")
    u = _uppfoljningar(deltagare, idag, idag=0)
    client.force_login(leader_a)
    assert _visade(client) == []
    assert _visade(client, planerad="alla", status="alla") == []
    assert "NO-10" not in client.get(reverse("deltagare:uppfoljningar")).content.decode()
    client.force_login(leader_b)
    assert _visade(client) == [u["idag"].pk]


def test_another_insats_cannot_be_chosen_in_the_follow_up_filter(client, leader_a, insats_b, idag):
    _uppfoljningar(DeltagareFactory(insats=insats_b, deltagar_id="NO-11"), idag, idag=0)
    client.force_login(leader_a)
    response = client.get(reverse("deltagare:uppfoljningar"), {"insats": insats_b.pk})
    assert "Välj ett giltigt alternativ" in response.content.decode()
    assert "NO-11" not in response.content.decode()


def test_login_page_ties_labels_to_inputs_and_explains_a_failed_login(client, leader_a):
    page = client.get(reverse("login")).content.decode()
    assert '<label for="id_username">' in page and 'id="id_username"' in page
    assert '<label for="id_password">' in page and 'id="id_password"' in page
    response = client.post(reverse("login"), {"username": "ledare-a", "password": "fel"})
    html = response.content.decode()
    assert 'role="alert"' in html
    assert "Ange ett korrekt användarnamn och lösenord" in html


def test_login_takes_the_leader_to_the_start_page(client, leader_a):
    response = client.post(reverse("login"), {"username": "ledare-a", "password": "hemligt-losen-a"})
    assert response.status_code == 302
    assert response.url == "/"


def test_start_page_takes_the_same_number_of_queries_for_many_follow_ups(client, leader_a, mgt, idag, django_assert_max_num_queries):
    mgt.projektledare.add(leader_a)

    def forfallen(nr: int) -> None:
        deltagare = DeltagareFactory(insats=mgt, deltagar_id=f"MGT-{nr}", startdatum=idag - datetime.timedelta(days=100))
        Uppfoljning.objects.create(deltagare=deltagare, manader=3, planerad_datum=idag)

    forfallen(1)
    client.force_login(leader_a)
    with CaptureQueriesContext(connection) as en:
        client.get("/")
    for nr in range(2, 12):
        forfallen(nr)
    with django_assert_max_num_queries(len(en)):
        response = client.get("/")
    assert response.context["antal_uppfoljningar"] == 11


def test_start_page_counts_equal_the_report_rule_at_every_boundary(kansli, insats_a, mgt):
    fran, till = datetime.date(2025, 1, 1), datetime.date(2025, 6, 30)
    dagar = [fran - datetime.timedelta(days=1), fran, datetime.date(2025, 3, 1), till]
    nr = 0
    for insats in (insats_a, mgt):
        for start in dagar:
            for slut in [None, *dagar]:
                if slut is not None and slut < start:
                    continue
                nr += 1
                fabrik = AvslutadDeltagareFactory if slut else DeltagareFactory
                fabrik(insats=insats, deltagar_id=f"G-{nr}", startdatum=start, **({"slutdatum": slut} if slut else {}))
    for insats in insatser_med_antal(user=kansli, fran=fran, till=till).filter(pk__in=[insats_a.pk, mgt.pk]):
        rader = Deltagare.objects.filter(insats=insats)
        assert (insats.aktiva, insats.borjade, insats.avslutade, insats.pagaende) == (
            rader.active_in(fran, till).count(),
            rader.started_in(fran, till).count(),
            rader.ended_in(fran, till).count(),
            rader.pagaende().count(),
        )
        assert insats.aktiva > 0
