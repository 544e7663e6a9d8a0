"""A personnummer typed into a search field or a list filter is never stored (docs/regler.md §5):
not searched for, the user told why, and the audit log's filter holds a mask in its place. The
log table is read with SQL, as a database dump would show it."""

import pytest
from auditlog.models import LogEntry
from django.db import connection
from django.urls import reverse

from deltagare.audit import LANGST_FILTERVARDE, PERSONNUMMER_EJ_SPARAT, logga_export
from deltagare.tests.factories import DeltagareFactory

pytestmark = pytest.mark.django_db

VARNING = (
    "Sök inte på personnummer: registret får inte innehålla personnummer, så ingen sökning gjordes och det du "
    "skrev sparades inte. Sök på deltagarens pseudonyma deltagar-ID (t.ex. MGT-2025-017)."
)
# A personnummer in its usual spellings, a samordningsnummer (day + 60), and one inside other text.
PERSONNUMMER = [
    "19850101-1234", "198501011234", "850101-1234", "850161+1234", "AP 19850101-1234",
    # Separators a testare typed that were searched for and logged before.
    "850101,1234", "850101  -  1234", "850101*1234", "850101'1234", "850101\u200b1234",
    "12, 19850101-1234",
]


def loggtabellen() -> str:
    tabell = connection.ops.quote_name(LogEntry._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT object_repr, CAST(changes AS TEXT), CAST(additional_data AS TEXT) FROM {tabell}")
        return repr(cursor.fetchall())


def siffrorna(personnummer: str) -> str:
    return "".join(c for c in personnummer if c.isdigit())


@pytest.mark.parametrize("personnummer", PERSONNUMMER)
def test_a_personnummer_in_the_header_search_is_not_searched_and_only_its_mask_is_logged(
    client, leader_a, insats_a, personnummer
):
    DeltagareFactory(insats=insats_a, deltagar_id="AP-1234")
    client.force_login(leader_a)
    svar = client.post(reverse("deltagare:sok"), {"q": personnummer})
    assert svar.status_code == 200
    assert VARNING in svar.text
    assert svar.context.get("traffar") is None and "AP-1234" not in svar.text
    # Nor echoed back into the search fields.
    assert personnummer not in svar.text
    logg = loggtabellen()
    assert personnummer not in logg and siffrorna(personnummer)[-10:] not in logg
    assert LogEntry.objects.get(object_pk="export").additional_data == {
        "export": "sökning på deltagar-ID", "filter": {"q": PERSONNUMMER_EJ_SPARAT}, "antal": 0
    }


@pytest.mark.parametrize("personnummer", PERSONNUMMER)
def test_a_personnummer_in_the_list_filter_is_dropped_from_the_address_and_not_logged(
    client, leader_a, insats_a, personnummer
):
    DeltagareFactory(insats=insats_a, deltagar_id="AP-1")
    client.force_login(leader_a)
    lista = reverse("deltagare:lista", args=[insats_a.pk])
    svar = client.get(lista, {"deltagar_id": personnummer, "status": "aktiv"}, follow=True)
    # At once to the same list without it: out of the address bar and the browser's history.
    assert svar.redirect_chain == [(f"{lista}?status=aktiv", 302)]
    assert [str(m) for m in svar.context["messages"]] == [VARNING]
    logg = loggtabellen()
    assert personnummer not in logg and siffrorna(personnummer)[-10:] not in logg
    # The list that is shown is logged with what filtered it; the refused value is not there.
    entry = LogEntry.objects.get(object_pk="export")
    assert entry.additional_data["filter"] == {"status": "aktiv", "insats": "Aktivitetsplatsen"}


@pytest.mark.parametrize("personnummer", PERSONNUMMER)
def test_a_personnummer_in_the_list_filter_is_not_shown_again_on_the_page(client, leader_a, insats_a, personnummer):
    client.force_login(leader_a)
    svar = client.get(reverse("deltagare:lista", args=[insats_a.pk]), {"deltagar_id": personnummer}, follow=True)
    assert VARNING in svar.text
    assert siffrorna(personnummer)[-10:] not in siffrorna(svar.text)


def test_an_ordinary_search_is_still_logged_with_its_term(client, leader_a, insats_a):
    DeltagareFactory(insats=insats_a, deltagar_id="AP-2025-0101")
    client.force_login(leader_a)
    client.get(reverse("deltagare:lista", args=[insats_a.pk]), {"deltagar_id": "2025-0101"})
    assert LogEntry.objects.get(object_pk="export").additional_data["filter"]["deltagar_id"] == "2025-0101"


def test_a_very_long_filter_value_is_logged_cut_to_100_characters(leader_a):
    # The search and the list refuse a term this long (deltagare/tests/test_sok_loggning.py);
    # other surfaces log what they were given, and the log keeps no more than this of it.
    logga_export(user=leader_a, vad="sökning på deltagar-ID", filter={"q": "A" * 5000})
    loggad = LogEntry.objects.get(object_pk="export").additional_data["filter"]["q"]
    assert LANGST_FILTERVARDE == 100
    assert loggad == "A" * 99 + "…"
    assert "A" * 101 not in loggtabellen()


def test_a_personnummer_as_the_name_of_a_parameter_is_not_logged_either(client, leader_a, insats_a):
    client.force_login(leader_a)
    client.get(reverse("deltagare:lista", args=[insats_a.pk]) + "?19850101-1234=x")
    assert "19850101-1234" not in loggtabellen()
    # A parameter the list does not know filters nothing and is not logged.
    assert LogEntry.objects.get(object_pk="export").additional_data["filter"] == {"insats": "Aktivitetsplatsen"}


def test_another_insats_leader_gets_404_on_the_list_with_a_personnummer_filter_and_nothing_is_logged(
    client, leader_b, insats_a
):
    client.force_login(leader_b)
    svar = client.get(reverse("deltagare:lista", args=[insats_a.pk]), {"deltagar_id": "19850101-1234"})
    assert svar.status_code == 404
    assert "19850101-1234" not in loggtabellen()
