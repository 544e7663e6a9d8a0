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
    svar = client.get(reverse("deltagare:sok"), {"q": "NOV-DEMO-005"}, REMOTE_ADDR="198.51.100.7")
    assert (svar.status_code, svar.url) == (302, reverse("deltagare:visa", args=[deltagare.pk]))
    assert sokningar() == [
        (kansli, "198.51.100.7", {"export": "sökning på deltagar-ID", "filter": {"q": "NOV-DEMO-005"}, "antal": 1})
    ]
