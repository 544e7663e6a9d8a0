"""The search by deltagar-ID is logged whatever it leads to (README: "Sökningen loggas"), and a
typed text longer than any ID is refused with a Swedish message before the database sees it."""

import pytest
from auditlog.models import LogEntry
from django.urls import reverse

from .factories import DeltagareFactory

pytestmark = pytest.mark.django_db


def sokningar() -> list[tuple]:
    return [
        (e.actor, e.remote_addr, e.additional_data)
        for e in LogEntry.objects.filter(object_repr="Export: sökning på deltagar-ID").order_by("pk")
    ]


def test_a_search_with_one_hit_is_logged_before_it_opens_the_participant(client, kansli, insats_b):
    deltagare = DeltagareFactory(insats=insats_b, deltagar_id="NOV-DEMO-005")
    client.force_login(kansli)
    svar = client.post(reverse("deltagare:sok"), {"q": "NOV-DEMO-005"}, REMOTE_ADDR="198.51.100.7")
    assert (svar.status_code, svar.url) == (302, reverse("deltagare:visa", args=[deltagare.pk]))
    assert sokningar() == [
        (kansli, "198.51.100.7", {"export": "sökning på deltagar-ID", "filter": {"q": "NOV-DEMO-005"}, "antal": 1})
    ]


LANG = "A" * 60_000
MEDDELANDE = "Skriv högst 100 tecken (du skrev 60000). Ett deltagar-ID är aldrig så långt."


def test_a_search_longer_than_100_characters_is_refused_in_swedish_and_not_logged(client, kansli):
    client.force_login(kansli)
    svar = client.post(reverse("deltagare:sok"), {"q": LANG})
    assert svar.status_code == 400
    assert MEDDELANDE in svar.text
    assert "A" * 101 not in svar.text
    assert sokningar() == []


def test_a_search_of_100_characters_is_searched_and_logged(client, kansli):
    client.force_login(kansli)
    svar = client.post(reverse("deltagare:sok"), {"q": "A" * 100})
    assert svar.status_code == 200 and svar.context["traffar"] == []
    assert sokningar() == [
        (kansli, "127.0.0.1", {"export": "sökning på deltagar-ID", "filter": {"q": "A" * 100}, "antal": 0})
    ]


def test_a_list_filter_on_an_id_longer_than_100_characters_is_refused_at_the_field(client, leader_a, insats_a):
    DeltagareFactory(insats=insats_a, deltagar_id="AP-1")
    client.force_login(leader_a)
    svar = client.get(reverse("deltagare:lista", args=[insats_a.pk]), {"deltagar_id": LANG})
    assert svar.status_code == 200
    assert svar.context["filter"].form.errors == {"deltagar_id": [MEDDELANDE]}
    assert f'<a href="#id_deltagar_id">Deltagar-ID: {MEDDELANDE}</a>' in svar.text
    # Refused, the filter narrowed nothing: the insats' list is shown and logged without it.
    assert "AP-1" in svar.text
    [lista] = LogEntry.objects.filter(object_repr="Export: deltagarlista")
    assert lista.additional_data["filter"] == {"insats": "Aktivitetsplatsen"}
