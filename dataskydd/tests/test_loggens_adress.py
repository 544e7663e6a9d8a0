"""Every create, change, delete and read is logged with user, time and the client's address
(docs/regler.md §5). The writes go through the real middleware with the test client and the
entries are read back from auditlog's table: the address of the request, also on what the request
logs after a write, and none (not a stale one) for the import worker, which runs outside any
request and whose run stores no address."""

import pytest
from auditlog.middleware import AuditlogMiddleware
from auditlog.models import LogEntry
from django.core.management import call_command
from django.test import RequestFactory
from django.urls import reverse
from rest_framework.authtoken.models import Token

from deltagare.audit import logga_lasning
from deltagare.importexport.tests.filer import rad, xlsx
from deltagare.models import Avslutsorsak, Deltagare
from deltagare.services import deltagare_spara
from deltagare.tests.factories import DeltagareFactory
from deltagare.tests.test_views_deltagare import ny_rad, redigering

pytestmark = pytest.mark.django_db

ADRESS = "198.51.100.7"


def poster(deltagare_pk: int, action: int) -> list[LogEntry]:
    return list(LogEntry.objects.filter(object_pk=str(deltagare_pk), action=action).order_by("pk"))


def test_a_form_edit_is_logged_with_the_users_name_and_the_clients_address(client, leader_a, insats_a):
    deltagare = DeltagareFactory(insats=insats_a)
    client.force_login(leader_a)
    svar = client.post(
        reverse("deltagare:andra", args=[deltagare.pk]), redigering(deltagare, arbetstraning="on"), REMOTE_ADDR=ADRESS
    )
    assert svar.status_code == 302
    [andring] = poster(deltagare.pk, LogEntry.Action.UPDATE)
    assert (andring.actor, andring.remote_addr) == (leader_a, ADRESS)
    assert "arbetstraning" in andring.changes_dict


def test_a_registration_and_a_deletion_through_the_forms_are_logged_with_the_clients_address(client, leader_a, insats_a):
    client.force_login(leader_a)
    svar = client.post(reverse("deltagare:ny", args=[insats_a.pk]), ny_rad(deltagar_id="AP-ADR-1"), REMOTE_ADDR=ADRESS)
    assert svar.status_code == 302
    deltagare = Deltagare.objects.get(deltagar_id="AP-ADR-1")
    svar = client.post(
        reverse("deltagare:ta_bort", args=[deltagare.pk]), {"version": deltagare.version}, REMOTE_ADDR="192.0.2.44"
    )
    assert svar.status_code == 302
    [skapad] = poster(deltagare.pk, LogEntry.Action.CREATE)
    [borttagen] = poster(deltagare.pk, LogEntry.Action.DELETE)
    assert (skapad.actor, skapad.remote_addr) == (leader_a, ADRESS)
    assert (borttagen.actor, borttagen.remote_addr) == (leader_a, "192.0.2.44")


def test_an_api_write_with_a_token_is_logged_with_the_tokens_user_and_the_clients_address(client, leader_a, insats_a):
    deltagare = DeltagareFactory(insats=insats_a)
    token = Token.objects.create(user=leader_a)
    svar = client.patch(
        f"/api/deltagare/{deltagare.pk}/",
        {"lots": True, "version": deltagare.version},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Token {token.key}",
        REMOTE_ADDR=ADRESS,
    )
    assert svar.status_code == 200
    [andring] = poster(deltagare.pk, LogEntry.Action.UPDATE)
    # The middleware saw no user (the token is read by the API's view): the name is the token's.
    assert (andring.actor, andring.remote_addr) == (leader_a, ADRESS)


def test_closing_several_participants_logs_every_row_with_the_clients_address(client, leader_a, insats_a):
    valda = [DeltagareFactory(insats=insats_a, deltagar_id=f"AP-ADR-{n}") for n in (1, 2, 3)]
    client.force_login(leader_a)
    svar = client.post(
        reverse("deltagare:avsluta_flera", args=[insats_a.pk]),
        {"valda": [d.pk for d in valda], "slutdatum": "2025-06-10", "avslutsorsak": Avslutsorsak.objects.get(kod="arbete").pk},
        REMOTE_ADDR=ADRESS,
    )
    assert svar.status_code == 302
    andringar = LogEntry.objects.filter(action=LogEntry.Action.UPDATE, object_pk__in=[str(d.pk) for d in valda])
    assert sorted((int(e.object_pk), e.actor, e.remote_addr) for e in andringar) == sorted(
        (d.pk, leader_a, ADRESS) for d in valda
    )


def test_the_read_logged_after_a_refused_save_keeps_the_clients_address(client, leader_a, insats_a):
    # The save reaches the service, which finds the row changed since and refuses it; the
    # answer shows the stored row, a read logged after the write's own context has come and gone.
    deltagare = DeltagareFactory(insats=insats_a, version=3)
    client.force_login(leader_a)
    svar = client.post(reverse("deltagare:andra", args=[deltagare.pk]), redigering(deltagare, version="2"), REMOTE_ADDR=ADRESS)
    assert svar.status_code == 409
    [lasning] = poster(deltagare.pk, LogEntry.Action.ACCESS)
    assert (lasning.actor, lasning.remote_addr) == (leader_a, ADRESS)


def test_a_read_logged_after_a_save_in_the_same_request_keeps_the_clients_address(leader_a, insats_a):
    deltagare = DeltagareFactory(insats=insats_a)

    def vy(request):
        deltagare.lots = True
        deltagare_spara(user=request.user, deltagare=deltagare)
        logga_lasning(user=request.user, deltagare=deltagare)
        return "svar"

    request = RequestFactory().post("/", REMOTE_ADDR=ADRESS)
    request.user = leader_a
    assert AuditlogMiddleware(vy)(request) == "svar"
    [andring] = poster(deltagare.pk, LogEntry.Action.UPDATE)
    [lasning] = poster(deltagare.pk, LogEntry.Action.ACCESS)
    assert (andring.actor, andring.remote_addr) == (leader_a, ADRESS)
    assert (lasning.actor, lasning.remote_addr) == (leader_a, ADRESS)


def test_an_import_outside_a_request_is_logged_under_the_user_without_an_address(client, leader_a, insats_a, tmp_path):
    # The command is no request: its entries have no address, not the address of an earlier
    # request in the same thread.
    befintlig = DeltagareFactory(insats=insats_a, deltagar_id="AP-ADR-9", lots=False)
    client.force_login(leader_a)
    client.get(reverse("deltagare:visa", args=[befintlig.pk]), REMOTE_ADDR=ADRESS)
    fil = tmp_path / "import.xlsx"
    fil.write_bytes(xlsx([rad(Deltagar_ID="AP-ADR-9", Lots="Ja"), rad(Deltagar_ID="AP-ADR-10")]))
    call_command("import_deltagare", str(fil), anvandare=leader_a.username)
    [andring] = poster(befintlig.pk, LogEntry.Action.UPDATE)
    [importen] = LogEntry.objects.filter(object_pk="import", action=LogEntry.Action.CREATE)
    assert (andring.actor, andring.remote_addr) == (leader_a, None)
    assert (importen.actor, importen.remote_addr) == (leader_a, None)
    assert importen.additional_data["nya"] == 1 and importen.additional_data["andrade"] == 1


def test_a_web_import_and_its_undo_are_logged_with_the_addresses_that_asked_for_them(
    client, leader_a, insats_a, arbetare
):
    from deltagare.importexport.tests.conftest import ladda_upp
    from deltagare.models import ImportKorning

    befintlig = DeltagareFactory(insats=insats_a, deltagar_id="AP-ADR-9", lots=False)
    client.force_login(leader_a)
    ladda_upp(client, xlsx([rad(Deltagar_ID="AP-ADR-9", Lots="Ja"), rad(Deltagar_ID="AP-ADR-10")]))
    arbetare()
    korning = ImportKorning.objects.get()
    client.post(
        reverse("importexport:bekrafta", args=[korning.pk]), {"granskning": korning.granskningsnyckel}, REMOTE_ADDR=ADRESS
    )
    arbetare()
    client.post(reverse("importexport:angra", args=[korning.pk]), REMOTE_ADDR="192.0.2.44")
    arbetare()
    assert ImportKorning.objects.get().status == ImportKorning.Status.ANGRAD
    importen, tillbaka = poster(befintlig.pk, LogEntry.Action.UPDATE)
    assert (importen.actor, importen.remote_addr, importen.changes_dict["lots"]) == (leader_a, ADRESS, ["False", "True"])
    assert (tillbaka.actor, tillbaka.remote_addr, tillbaka.changes_dict["lots"]) == (leader_a, "192.0.2.44", ["True", "False"])
    borttagna = LogEntry.objects.filter(action=LogEntry.Action.DELETE).exclude(object_pk="import")
    assert {(e.actor, e.remote_addr) for e in borttagna} == {(leader_a, "192.0.2.44")}
    assert {(e.object_repr, e.remote_addr) for e in LogEntry.objects.filter(object_pk="import")} == {
        (f"Import {korning.pk}", ADRESS),
        (f"Ångrad import {korning.pk}", "192.0.2.44"),
    }


def test_a_goal_entered_by_kansli_is_logged_with_the_clients_address(client, kansli, mgt):
    from insatser.models import Mal

    client.force_login(kansli)
    svar = client.post(
        reverse("insatser:mal_ny"),
        {"insats": mgt.pk, "ar": 2026, "typ": "lots", "andel": 20, "beskrivning": "20 procent", "sortering": 0},
        REMOTE_ADDR=ADRESS,
    )
    assert svar.status_code == 302
    mal = Mal.objects.get(insats=mgt, ar=2026)
    [skapad] = LogEntry.objects.filter(object_pk=str(mal.pk), action=LogEntry.Action.CREATE, content_type__model="mal")
    assert (skapad.actor, skapad.remote_addr) == (kansli, ADRESS)
