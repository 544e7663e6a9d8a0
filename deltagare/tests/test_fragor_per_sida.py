"""Queries per request do not grow with the registry: every page and API list a project leader,
the kansli and an administrator use takes as many queries with thirty participants (and a long
history) as with three. bench/sidor.py measures the time; this asserts the counts."""

import datetime
import re
from html import unescape

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from deltagare.models import Avslutsorsak, Deltagare, Uppfoljning, Uppfoljningsutfall, Utbildning

from .factories import AvslutadDeltagareFactory, DeltagareFactory

pytestmark = pytest.mark.django_db

IDAG = timezone.localdate()
# A period holding every participant's start, so the period filters return rows under MGT's rule too.
HALVAR = f"fran={IDAG - datetime.timedelta(days=500)}&till={IDAG - datetime.timedelta(days=300)}"


def fyll(insats, fran: int, till: int, *, ledare, andra: list) -> None:
    """Participants fran..till-1 with follow-ups (due, coming, done), every other one closed,
    and for the first participant one read per user and day plus one coded change per round."""
    for nr in range(fran, till):
        fabrik = AvslutadDeltagareFactory if nr % 2 else DeltagareFactory
        deltagare = fabrik(
            insats=insats,
            deltagar_id=f"MGT-{nr:03d}",
            startdatum=IDAG - datetime.timedelta(days=400 + nr),
            **({"slutdatum": IDAG - datetime.timedelta(days=nr)} if nr % 2 else {}),
        )
        arbete = Uppfoljningsutfall.objects.get(kod="arbete")
        Uppfoljning.objects.bulk_create(
            [
                Uppfoljning(deltagare=deltagare, manader=3, planerad_datum=IDAG - datetime.timedelta(days=nr)),
                Uppfoljning(deltagare=deltagare, manader=6, planerad_datum=IDAG + datetime.timedelta(days=5)),
                Uppfoljning(
                    deltagare=deltagare,
                    manader=12,
                    planerad_datum=IDAG - datetime.timedelta(days=30 + nr),
                    utford_datum=IDAG - datetime.timedelta(days=nr),
                    utford_av=ledare,
                    utfall=arbete,
                ),
            ]
        )
    forsta = Deltagare.objects.get(deltagar_id="MGT-000")
    typ = ContentType.objects.get_for_model(Deltagare)
    koder = list(Utbildning.objects.values_list("pk", flat=True))
    orsaker = list(Avslutsorsak.objects.values_list("pk", flat=True))
    poster = []
    for nr in range(fran, till):
        for user in [ledare, *andra]:
            poster.append(
                LogEntry(
                    content_type=typ,
                    object_pk=str(forsta.pk),
                    object_id=forsta.pk,
                    object_repr=str(forsta),
                    action=LogEntry.Action.ACCESS,
                    changes={},
                    actor=user,
                    timestamp=timezone.now() - datetime.timedelta(days=nr),
                )
            )
        poster.append(
            LogEntry(
                content_type=typ,
                object_pk=str(forsta.pk),
                object_id=forsta.pk,
                object_repr=str(forsta),
                action=LogEntry.Action.UPDATE,
                changes={
                    "utbildning": [str(koder[nr % len(koder)]), str(koder[(nr + 1) % len(koder)])],
                    "avslutsorsak": ["None", str(orsaker[nr % len(orsaker)])],
                    "kon": ["K", "M"],
                    "lots": ["False", "True"],
                },
                actor=ledare,
                timestamp=timezone.now() - datetime.timedelta(days=nr, hours=1),
            )
        )
    LogEntry.objects.bulk_create(poster)


def antal_fragor(client, url: str) -> int:
    with CaptureQueriesContext(connection) as fragor:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return len(fragor)


def adresser(mgt, forsta: Deltagare, client) -> list[str]:
    lista = f"/insatser/{mgt.pk}/deltagare/"
    api = client.get("/api/deltagare/", {"insats": "MGT", "page_size": 2}).json()
    return [
        "/",
        lista,
        f"{lista}?sida=2",
        f"{lista}?ordning=nasta_uppfoljning",
        f"{lista}?ordning=-slutdatum",
        f"{lista}?deltagar_id=MGT-0",
        f"{lista}?status=aktiv&{HALVAR}",
        f"/deltagare/{forsta.pk}/",
        "/uppfoljningar/",
        "/uppfoljningar/?status=alla&planerad=alla&sida=2",
        f"/uppfoljningar/?insats={mgt.pk}&planerad=forsenade",
        "/api/deltagare/",
        "/api/deltagare/?insats=MGT&page_size=2",
        api["next"].split("testserver", 1)[1],
        f"/api/deltagare/?status=aktiv&{HALVAR}",
    ]


@pytest.mark.parametrize("persona", ["leader_a", "kansli", "administrator"])
def test_every_page_and_list_takes_as_many_queries_for_thirty_participants_as_for_three(
    client, request, persona, leader_a, kansli, administrator, mgt
):
    mgt.projektledare.add(leader_a)
    fyll(mgt, 0, 3, ledare=leader_a, andra=[kansli, administrator])
    client.force_login(request.getfixturevalue(persona))
    forsta = Deltagare.objects.get(deltagar_id="MGT-000")
    urls = adresser(mgt, forsta, client)
    fore = {url: antal_fragor(client, url) for url in urls}
    fyll(mgt, 3, 30, ledare=leader_a, andra=[kansli, administrator])
    efter = {url: antal_fragor(client, url) for url in urls}
    assert efter == fore


def test_the_history_collapses_reads_to_one_line_per_day_and_user(client, leader_a, kansli, administrator, mgt):
    fyll(mgt, 0, 3, ledare=leader_a, andra=[kansli])
    client.force_login(administrator)
    forsta = Deltagare.objects.get(deltagar_id="MGT-000")
    historik = client.get(f"/deltagare/{forsta.pk}/").context["historik"]
    visad = [(rad.tidpunkt.date(), rad.vem, rad.antal) for rad in historik if rad.handling == "Visad"]
    # Three days of one read each by the leader and kansli, plus the administrator's read now.
    assert len(visad) == 7
    assert sorted(rad[1] for rad in visad) == ["administrator", *["kansli"] * 3, *["ledare-a"] * 3]
    ar_andrad = [rad for rad in historik if rad.handling == "Ändrad"]
    assert len(ar_andrad) == 3
    assert ("Kön", "Kvinna", "Man") in ar_andrad[0].andringar
    assert ("Lots", "Nej", "Ja") in ar_andrad[0].andringar


def test_many_reads_by_one_user_in_a_day_are_one_line_with_their_number(client, administrator, insats_a):
    deltagare = DeltagareFactory(insats=insats_a)
    client.force_login(administrator)
    for _ in range(4):
        client.get(f"/deltagare/{deltagare.pk}/")
    response = client.get(f"/deltagare/{deltagare.pk}/")
    visad = [rad for rad in response.context["historik"] if rad.handling == "Visad"]
    assert [(rad.vem, rad.antal) for rad in visad] == [("administrator", 5)]
    assert "5 gånger under dagen, senast" in response.content.decode()


def test_a_coded_change_shows_the_code_names(client, administrator, insats_a):
    deltagare = DeltagareFactory(insats=insats_a)
    typ = ContentType.objects.get_for_model(Deltagare)
    fore, efter = Utbildning.objects.order_by("pk")[:2]
    LogEntry.objects.create(
        content_type=typ,
        object_pk=str(deltagare.pk),
        object_id=deltagare.pk,
        object_repr=str(deltagare),
        action=LogEntry.Action.UPDATE,
        changes={"utbildning": [str(fore.pk), str(efter.pk)], "version": ["1", "2"]},
        actor=administrator,
    )
    client.force_login(administrator)
    andrad = next(rad for rad in client.get(f"/deltagare/{deltagare.pk}/").context["historik"] if rad.handling == "Ändrad")
    assert andrad.andringar == [("Utbildning", fore.namn, efter.namn)]


def test_the_report_page_with_its_charts_takes_no_more_queries_for_more_participants(client, kansli, leader_a, mgt):
    def rapportsidan() -> int:
        with CaptureQueriesContext(connection) as fragor:
            sida = client.get("/rapporter/")
            assert sida.status_code == 200
            for bild in re.findall(r'<img[^>]+src="(/rapporter/[^"]+)"', sida.content.decode()):
                assert client.get(unescape(bild)).status_code == 200
        return len(fragor)

    fyll(mgt, 0, 3, ledare=leader_a, andra=[])
    client.force_login(kansli)
    fore = rapportsidan()
    fyll(mgt, 3, 30, ledare=leader_a, andra=[])
    assert rapportsidan() <= fore
