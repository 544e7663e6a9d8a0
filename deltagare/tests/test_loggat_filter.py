"""The filter logged with a participant list is what filtered the page, never the raw query
string (docs/regler.md §5): the insats of the address wins over any parameter, a parameter the
list does not know or a refused value is not written down, and nothing typed fills the log."""

import pytest
from auditlog.models import LogEntry
from django.urls import reverse

from deltagare.services import skapa_uppfoljningar

from .factories import DeltagareFactory

pytestmark = pytest.mark.django_db


def loggade_filter(vad: str) -> list[dict]:
    return [
        e.additional_data["filter"]
        for e in LogEntry.objects.filter(object_repr=f"Export: {vad}").order_by("pk")
    ]


def test_a_query_parameter_cannot_rename_the_insats_logged_with_its_list(client, kansli, insats_b, mgt):
    DeltagareFactory(insats=insats_b, deltagar_id="NOV-1")
    client.force_login(kansli)
    svar = client.get(reverse("deltagare:lista", args=[insats_b.pk]), {"insats": "MGT"})
    assert "NOV-1" in svar.text
    assert loggade_filter("deltagarlista") == [{"insats": "Novum"}]


def test_the_list_logs_the_filters_that_narrowed_it_and_not_unknown_parameters(client, leader_a, insats_a):
    DeltagareFactory(insats=insats_a, deltagar_id="AP-1")
    client.force_login(leader_a)
    client.get(
        reverse("deltagare:lista", args=[insats_a.pk]),
        {"deltagar_id": "AP", "status": "aktiv", "fran": "2025-01-01", "ordning": "-startdatum", "okand": "x" * 60_000},
    )
    assert loggade_filter("deltagarlista") == [
        {
            "deltagar_id": "AP",
            "status": "aktiv",
            "fran": "2025-01-01",
            "ordning": ["-startdatum"],
            "insats": "Aktivitetsplatsen",
        }
    ]


def test_a_refused_list_filter_is_not_logged_as_if_it_had_filtered(client, leader_a, insats_a):
    # A period that ends before it starts is refused and nothing is filtered.
    client.force_login(leader_a)
    svar = client.get(
        reverse("deltagare:lista", args=[insats_a.pk]), {"fran": "2025-06-01", "till": "2025-01-01", "status": "aktiv"}
    )
    assert "Periodens slut får inte vara före dess början." in svar.text
    assert loggade_filter("deltagarlista") == [{"insats": "Aktivitetsplatsen"}]


def test_the_follow_up_list_does_not_log_an_insats_the_user_cannot_read(client, leader_a, mgt, insats_b):
    # A's query string names Novum, which A cannot read: refused, it filters nothing.
    mgt.projektledare.add(leader_a)
    skapa_uppfoljningar(deltagare=DeltagareFactory(insats=mgt, deltagar_id="MGT-1"))
    client.force_login(leader_a)
    svar = client.get(reverse("deltagare:uppfoljningar"), {"insats": insats_b.pk, "planerad": "alla"})
    assert "MGT-1" in svar.text
    client.get(reverse("deltagare:uppfoljningar"), {"insats": mgt.pk, "planerad": "alla", "utan_betydelse": "1"})
    assert loggade_filter("uppföljningar") == [{"planerad": "alla"}, {"insats": "MGT", "planerad": "alla"}]
