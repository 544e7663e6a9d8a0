"""Search by deltagar-ID across the user's own insatser, from the header (issue 13)."""

import pytest
from auditlog.models import LogEntry
from django.urls import reverse

from .factories import DeltagareFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def deltagare(insats_a, insats_b):
    return {
        "a1": DeltagareFactory(insats=insats_a, deltagar_id="X-100"),
        "a2": DeltagareFactory(insats=insats_a, deltagar_id="X-101"),
        "b1": DeltagareFactory(insats=insats_b, deltagar_id="X-102"),
    }


def test_the_header_has_the_search_field(client, leader_a):
    client.force_login(leader_a)
    text = client.get("/").text
    assert f'action="{reverse("deltagare:sok")}"' in text
    assert "Sök deltagare i dina insatser (ID)" in text


def test_a_leader_finds_only_participants_of_their_own_insatser(client, leader_a, deltagare):
    client.force_login(leader_a)
    svar = client.post(reverse("deltagare:sok"), {"q": "x-10"})
    assert [d.deltagar_id for d in svar.context["traffar"]] == ["X-100", "X-101"]
    assert "X-102" not in svar.text
    assert "2 deltagare med ”x-10” i deltagar-ID" in svar.text


def test_another_insats_leader_finds_nothing_of_insats_a(client, leader_b, deltagare):
    client.force_login(leader_b)
    svar = client.post(reverse("deltagare:sok"), {"q": "X-100"})
    assert svar.status_code == 200
    assert svar.context["traffar"] == []
    assert "Ingen deltagare i dina insatser har ett sådant deltagar-ID." in svar.text


def test_kansli_searches_every_insats(client, kansli, deltagare):
    client.force_login(kansli)
    svar = client.post(reverse("deltagare:sok"), {"q": "X-10"})
    assert [d.deltagar_id for d in svar.context["traffar"]] == ["X-100", "X-101", "X-102"]


def test_one_exact_hit_opens_the_participant(client, leader_a, deltagare):
    client.force_login(leader_a)
    svar = client.post(reverse("deltagare:sok"), {"q": "x-101"})
    assert svar.status_code == 302
    assert svar.url == reverse("deltagare:visa", args=[deltagare["a2"].pk])


def test_a_search_is_logged_with_its_term(client, leader_a, deltagare):
    client.force_login(leader_a)
    client.post(reverse("deltagare:sok"), {"q": "X-10"})
    entry = LogEntry.objects.get(object_pk="export")
    assert entry.actor == leader_a
    assert entry.additional_data == {"export": "sökning på deltagar-ID", "filter": {"q": "X-10"}, "antal": 2}
