import datetime

import pytest
from auditlog.models import LogEntry
from django.db import connection
from django.test.utils import CaptureQueriesContext

from deltagare.models import Deltagare, Utbildning
from deltagare.tests.factories import AnonymDeltagareFactory, AvslutadDeltagareFactory, DeltagareFactory
from deltagare.validators import PSEUDONYM_MESSAGE

pytestmark = pytest.mark.django_db

URL = "/api/deltagare/"


def ny(**andringar) -> dict:
    data = {
        "insats": "Aktivitetsplatsen",
        "deltagar_id": "AP-API-1",
        "samtycke": True,
        "kon": "K",
        "fodelsear": 1990,
        "utbildning": "gymnasieutbildning",
        "startdatum": "2025-02-03",
    }
    data.update(andringar)
    return data


def test_leader_registers_a_participant_with_codes_and_gets_the_stored_row(klient_a, leader_a):
    response = klient_a.post(URL, ny(stadsdel="jarva", forsorjning_start="forsorjningsstod"), format="json")
    assert response.status_code == 201, response.data
    stored = Deltagare.objects.get(deltagar_id="AP-API-1")
    assert (stored.stadsdel.kod, stored.forsorjning_start.kod, stored.juridiskt_kon) == (
        "jarva",
        "forsorjningsstod",
        "K",
    )
    assert response.data["id"] == stored.pk
    assert response.data["insats"] == "Aktivitetsplatsen"
    assert response.data["utbildning"] == "gymnasieutbildning"
    assert response.data["version"] == 1
    assert LogEntry.objects.get_for_object(stored).get().actor == leader_a


def test_codes_are_matched_without_regard_to_case(klient_a):
    response = klient_a.post(URL, ny(utbildning="Gymnasieutbildning"), format="json")
    assert response.status_code == 201
    assert response.data["utbildning"] == "gymnasieutbildning"


def test_a_retired_code_is_still_accepted(klient_a):
    Utbildning.objects.filter(kod="gymnasieutbildning").update(aktiv=False)
    response = klient_a.post(URL, ny(), format="json")
    assert response.status_code == 201
    assert Deltagare.objects.get().utbildning.kod == "gymnasieutbildning"


def test_an_unknown_code_is_a_field_error_listing_the_codes(klient_a):
    response = klient_a.post(URL, ny(utbildning="doktor"), format="json")
    assert response.status_code == 400
    assert response.data["utbildning"] == [
        "Okänd kod ”doktor”. Giltiga koder: ej-fullfoljd-grundskola, gymnasieutbildning, eftergymnasial, "
        "uppgift-saknas."
    ]
    assert not Deltagare.objects.exists()


def test_a_code_that_is_not_text_is_a_field_error(klient_a):
    response = klient_a.post(URL, ny(utbildning=["gymnasieutbildning"]), format="json")
    assert response.status_code == 400
    assert response.data["utbildning"] == ["Ange koden som text, t.ex. ”ej-fullfoljd-grundskola”."]


def test_the_insats_may_be_given_by_a_former_name(klient_admin):
    response = klient_admin.post(URL, ny(insats="FINSAM-team", deltagar_id="MGT-1"), format="json")
    assert response.status_code == 201
    assert response.data["insats"] == "MGT"
    assert [u["manader"] for u in response.data["uppfoljningar"]] == [3, 6, 12]


def test_an_unknown_insats_is_a_field_error(klient_admin):
    response = klient_admin.post(URL, ny(insats="Okänd"), format="json")
    assert response.status_code == 400
    assert response.data["insats"] == ["Okänd insats ”Okänd”. Ange kortnamn, namn eller id."]


def test_an_anonymous_participant_with_background_data_is_refused(klient_a):
    response = klient_a.post(
        URL, ny(samtycke=False, utbildning="gymnasieutbildning", fodelsear=None), format="json"
    )
    assert response.status_code == 400
    assert response.data == {"utbildning": ["Uppgiften får inte sparas utan samtycke (anonym deltagare)."]}
    assert not Deltagare.objects.exists()


def test_an_anonymous_participant_without_background_data_is_registered(klient_a):
    response = klient_a.post(URL, ny(samtycke=False, utbildning=None, fodelsear=None), format="json")
    assert response.status_code == 201
    assert Deltagare.objects.get().anonym


def test_withdrawing_consent_removes_the_stored_background_data(klient_a):
    deltagare = DeltagareFactory()
    response = klient_a.patch(f"{URL}{deltagare.pk}/", {"samtycke": False, "version": 1}, format="json")
    assert response.status_code == 200
    deltagare.refresh_from_db()
    assert (deltagare.samtycke, deltagare.fodelsear, deltagare.utbildning) == (False, None, None)


def test_a_personnummer_as_participant_id_is_refused(klient_a):
    response = klient_a.post(URL, ny(deltagar_id="19900101-1234"), format="json")
    assert response.status_code == 400
    assert response.data["deltagar_id"] == [str(PSEUDONYM_MESSAGE)]


def test_a_second_participant_with_the_same_id_in_the_insats_is_refused(klient_a):
    DeltagareFactory(deltagar_id="AP-API-1")
    response = klient_a.post(URL, ny(), format="json")
    assert response.status_code == 400
    # At the field, as the form and the import say it.
    assert response.data == {"deltagar_id": ["Det finns redan en deltagare med detta deltagar-ID i insatsen."]}


def test_the_age_rule_of_the_model_applies(klient_a):
    response = klient_a.post(URL, ny(fodelsear=2015), format="json")
    assert response.status_code == 400
    assert response.data == {
        "fodelsear": ["Åldern vid start blir 10 år; deltagare ska vara 16–66 år vid start."]
    }


def test_an_end_date_without_exit_reason_is_refused(klient_a):
    response = klient_a.post(URL, ny(slutdatum="2025-05-30"), format="json")
    assert response.status_code == 400
    assert response.data == {"avslutsorsak": ["Ange avslutsorsak när deltagaren avslutas."]}


def test_a_malformed_date_is_a_swedish_field_error(klient_a):
    response = klient_a.post(URL, ny(startdatum="3 februari"), format="json")
    assert response.status_code == 400
    assert response.data["startdatum"] == ["Ogiltigt datum; ange ÅÅÅÅ-MM-DD, t.ex. 2025-03-01."]


def test_missing_required_fields_are_named(klient_a):
    response = klient_a.post(URL, {}, format="json")
    assert response.status_code == 400
    # Kön may be blank for an anonymous participant (samtycke defaults to false), the model's rule.
    assert set(response.data) == {"insats", "deltagar_id", "startdatum"}
    assert response.data["deltagar_id"] == ["Det här fältet är obligatoriskt."]


def test_a_participant_with_consent_needs_kon(klient_a):
    data = ny()
    data.pop("kon")
    response = klient_a.post(URL, data, format="json")
    assert response.status_code == 400
    assert response.data["kon"] == ["Ange kön. Bara en anonym deltagare (utan samtycke) får sakna kön."]


def test_a_leader_cannot_register_into_another_insats(klient_a):
    # An insats the leader may not see is answered as an unknown one (test_insatsnamn.py).
    response = klient_a.post(URL, ny(insats="Novum"), format="json")
    assert response.status_code == 400
    assert response.data == {"insats": ["Okänd insats ”Novum”. Ange kortnamn, namn eller id."]}
    assert not Deltagare.objects.exists()


def test_a_leader_cannot_move_a_participant_into_another_insats(klient_a):
    deltagare = DeltagareFactory()
    response = klient_a.patch(f"{URL}{deltagare.pk}/", {"insats": "Novum", "version": 1}, format="json")
    assert response.status_code == 400
    deltagare.refresh_from_db()
    assert deltagare.insats.kortnamn == "Aktivitetsplatsen"


@pytest.mark.parametrize("metod", ["put", "patch"])
def test_an_update_without_the_version_is_refused_with_428(klient_a, metod):
    deltagare = DeltagareFactory(lots=False)
    response = getattr(klient_a, metod)(f"{URL}{deltagare.pk}/", {"lots": True}, format="json")
    assert response.status_code == 428
    assert response.json()["detail"].startswith("Ange versionen du ändrade från")
    deltagare.refresh_from_db()
    assert deltagare.lots is False


def test_a_stale_version_is_answered_409_and_the_read_is_logged(klient_a, leader_a):
    from auditlog.models import LogEntry

    deltagare = DeltagareFactory(version=2)
    response = klient_a.patch(f"{URL}{deltagare.pk}/", {"lots": True, "version": 1}, format="json")
    assert response.status_code == 409
    assert LogEntry.objects.filter(
        object_pk=str(deltagare.pk), action=LogEntry.Action.ACCESS, actor=leader_a
    ).exists()


def test_another_insats_participant_is_not_found_for_a_leader(klient_b):
    deltagare = DeltagareFactory()
    for response in (
        klient_b.get(f"{URL}{deltagare.pk}/"),
        klient_b.patch(f"{URL}{deltagare.pk}/", {"lots": True}, format="json"),
        klient_b.delete(f"{URL}{deltagare.pk}/"),
    ):
        assert response.status_code == 404
    assert Deltagare.objects.get(pk=deltagare.pk).lots is False


def test_a_leader_lists_only_their_insats_participants(klient_b, insats_b):
    DeltagareFactory()
    egen = DeltagareFactory(insats=insats_b, deltagar_id="N-1")
    response = klient_b.get(URL)
    assert [rad["id"] for rad in response.data["results"]] == [egen.pk]


def test_an_update_from_a_stale_version_answers_409_with_the_current_row(klient_a):
    deltagare = DeltagareFactory(version=2, lots=True)
    response = klient_a.patch(f"{URL}{deltagare.pk}/", {"arbetstraning": True, "version": 1}, format="json")
    assert response.status_code == 409
    assert response.data["detail"] == "Deltagaren har ändrats av någon annan sedan du öppnade den."
    assert (response.data["aktuell"]["version"], response.data["aktuell"]["lots"]) == (2, True)
    assert Deltagare.objects.get(pk=deltagare.pk).arbetstraning is False


def test_an_update_from_the_current_version_is_saved_and_bumps_the_version(klient_a):
    deltagare = DeltagareFactory()
    response = klient_a.patch(f"{URL}{deltagare.pk}/", {"lots": True, "version": 1}, format="json")
    assert response.status_code == 200
    assert (response.data["lots"], response.data["version"]) == (True, 2)


def test_a_full_update_replaces_the_row(klient_a):
    deltagare = DeltagareFactory(deltagar_id="AP-API-1")
    data = ny(slutdatum="2025-05-30", avslutsorsak="arbete", forsorjning_slut="lon", version=1)
    response = klient_a.put(f"{URL}{deltagare.pk}/", data, format="json")
    assert response.status_code == 200, response.data
    deltagare.refresh_from_db()
    assert (deltagare.slutdatum, deltagare.avslutsorsak.kod, deltagare.forsorjning_slut.kod) == (
        datetime.date(2025, 5, 30),
        "arbete",
        "lon",
    )


def test_deleting_a_participant_is_audited(klient_a, leader_a):
    deltagare = DeltagareFactory()
    response = klient_a.delete(f"{URL}{deltagare.pk}/")
    assert response.status_code == 204
    assert not Deltagare.objects.exists()
    entry = LogEntry.objects.filter(action=LogEntry.Action.DELETE).get()
    assert (entry.object_pk, entry.actor) == (str(deltagare.pk), leader_a)


def test_reading_one_participant_is_logged(klient_a, leader_a):
    deltagare = DeltagareFactory()
    klient_a.get(f"{URL}{deltagare.pk}/")
    entry = LogEntry.objects.get_for_object(deltagare).filter(action=LogEntry.Action.ACCESS).get()
    assert entry.actor == leader_a


def test_a_list_is_logged_as_an_export_with_its_filter_and_count(klient_a, leader_a):
    DeltagareFactory.create_batch(2)
    klient_a.get(URL, {"status": "aktiv"})
    entry = LogEntry.objects.get(object_pk="export")
    assert entry.actor == leader_a
    assert entry.additional_data == {
        "export": "API: deltagarlista",
        "filter": {"status": "aktiv"},
        "antal": 2,
    }


def test_a_list_logs_the_filter_it_applied_and_not_the_rest_of_the_query_string(klient_a, leader_a):
    DeltagareFactory.create_batch(2)
    klient_a.get(URL, {"insats": ["Novum", "Aktivitetsplatsen"], "evil": "1", **{f"x{n}": "y" * 200 for n in range(50)}})
    entry = LogEntry.objects.get(object_pk="export")
    assert entry.additional_data == {
        "export": "API: deltagarlista",
        "filter": {"insats": "Aktivitetsplatsen"},
        "antal": 2,
    }


def test_a_participant_id_that_is_not_a_number_is_not_found(klient_a):
    assert klient_a.get(f"{URL}abc/").status_code == 404
    assert klient_a.get(f"{URL}{10**30}/").status_code == 404


def test_a_body_that_is_not_json_is_refused_in_swedish(klient_a):
    response = klient_a.post(
        URL, "insats=Aktivitetsplatsen", content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 415
    assert response.data == {"detail": 'Medietypen "application/x-www-form-urlencoded" stöds inte.'}


def test_a_body_that_is_not_valid_json_is_a_swedish_error(klient_a):
    response = klient_a.post(URL, "{inte json", content_type="application/json")
    assert response.status_code == 400
    assert response.json() == {"detail": "Innehållet är inte giltig JSON."}


@pytest.mark.parametrize("innehall", ["[" * 1000 + "]" * 1000, '{"version": 1, "kon": ' + "[" * 1000 + "]" * 1000 + "}"])
def test_a_body_nested_too_deep_for_the_parser_is_bad_json_not_a_server_error(klient_a, innehall):
    response = klient_a.post(URL, innehall, content_type="application/json")
    assert response.status_code == 400
    assert response.json() == {"detail": "Innehållet är inte giltig JSON: det är nästlat för djupt."}


def test_a_body_nested_as_deep_as_the_parser_allows_is_a_400_at_the_field_not_a_server_error(klient_a):
    response = klient_a.post(URL, '{"kon": ' + "[" * 600 + "]" * 600 + "}", content_type="application/json")
    assert response.status_code == 400
    assert "kon" in response.json()


def test_values_of_the_wrong_type_are_swedish_field_errors(klient_a):
    response = klient_a.post(URL, ny(deltagar_id=["AP-1"], samtycke="kanske"), format="json")
    assert response.status_code == 400
    assert response.json() == {"deltagar_id": ["Ange en text."], "samtycke": ["Ange true eller false."]}


@pytest.mark.parametrize(
    ("filter", "vantade"),
    [
        ({"insats": "Novum"}, {"N-1"}),
        ({"insats": "novum (esf)"}, {"N-1"}),
        ({"status": "aktiv"}, {"AP-1", "N-1", "MGT-1"}),
        ({"status": "avslutad"}, {"AP-2"}),
        ({"startdatum_fran": "2025-01-01"}, {"AP-1", "AP-2", "N-1"}),
        ({"slutdatum_till": "2025-06-30"}, {"AP-2"}),
        # MGT counts a participant in the period of the team meeting only (docs/regler.md §2).
        ({"fran": "2025-01-01", "till": "2025-06-30"}, {"AP-1", "AP-2", "N-1"}),
        ({"fran": "2024-01-01", "till": "2024-12-31"}, {"MGT-1"}),
        ({"fran": "2025-06-01"}, {"AP-1", "N-1"}),
        ({"deltagar_id": "AP-2"}, {"AP-2"}),
    ],
)
def test_filters_select_participants(klient_kansli, insats_b, mgt, filter, vantade):
    DeltagareFactory(deltagar_id="AP-1")
    AvslutadDeltagareFactory(deltagar_id="AP-2")
    AnonymDeltagareFactory(insats=insats_b, deltagar_id="N-1")
    DeltagareFactory(insats=mgt, deltagar_id="MGT-1", startdatum=datetime.date(2024, 11, 5))
    response = klient_kansli.get(URL, filter)
    assert response.status_code == 200
    assert {rad["deltagar_id"] for rad in response.data["results"]} == vantade


@pytest.mark.parametrize("insats", ["Novum", "Finns inte"])
def test_another_projects_insats_in_the_filter_answers_as_an_unknown_one(klient_a, insats, insats_b):
    response = klient_a.get(URL, {"insats": insats})
    assert response.status_code == 400
    assert response.json() == {"insats": [f"Okänd insats ”{insats}”."]}


def test_the_insats_filter_accepts_an_id(klient_kansli, insats_b):
    AnonymDeltagareFactory(insats=insats_b, deltagar_id="N-1")
    DeltagareFactory()
    response = klient_kansli.get(URL, {"insats": insats_b.pk})
    assert [rad["deltagar_id"] for rad in response.data["results"]] == ["N-1"]


@pytest.mark.parametrize(
    ("filter", "fel"),
    [
        ({"insats": "Okänd"}, {"insats": ["Okänd insats ”Okänd”."]}),
        (
            {"status": "klar"},
            {"status": ["Välj ett giltigt alternativ. klar finns inte bland tillgängliga alternativ."]},
        ),
        ({"fran": "2025-13-01"}, {"fran": ["Fyll i ett giltigt datum."]}),
        (
            {"fran": "2025-07-01", "till": "2025-01-01"},
            {"till": ["Till-datumet får inte vara före från-datumet."]},
        ),
    ],
)
def test_bad_filters_are_swedish_field_errors(klient_kansli, filter, fel):
    response = klient_kansli.get(URL, filter)
    assert response.status_code == 400
    assert response.json() == fel


def test_a_nul_byte_in_a_filter_is_a_swedish_400_in_json(klient_kansli):
    response = klient_kansli.get(URL, {"insats": "a\x00b"})
    assert response.status_code == 400
    assert response.json() == {
        "detail": "Begäran innehåller otillåtna styrtecken (till exempel NUL). Ta bort dem och försök igen."
    }


def test_the_list_is_paged_by_key_in_registration_order(klient_kansli):
    rader = DeltagareFactory.create_batch(5)
    response = klient_kansli.get(URL, {"page_size": 2})
    assert set(response.data) == {"next", "previous", "results"}
    sidor = [[r["id"] for r in response.data["results"]]]
    while response.data["next"]:
        response = klient_kansli.get(response.data["next"])
        sidor.append([r["id"] for r in response.data["results"]])
    assert sidor == [[rader[0].pk, rader[1].pk], [rader[2].pk, rader[3].pk], [rader[4].pk]]
    assert response.data["previous"] is not None


def test_filters_hold_on_every_page(klient_kansli, insats_a, insats_b):
    egna = [DeltagareFactory(insats=insats_a, deltagar_id=f"AP-{nr}").pk for nr in range(3)]
    DeltagareFactory.create_batch(3, insats=insats_b)
    response = klient_kansli.get(URL, {"insats": insats_a.kortnamn, "page_size": 2})
    sista = klient_kansli.get(response.data["next"])
    assert [r["id"] for r in response.data["results"] + sista.data["results"]] == egna
    assert sista.data["next"] is None


def test_a_page_number_is_refused_with_a_swedish_message(klient_kansli):
    response = klient_kansli.get(URL, {"page": 2})
    assert response.status_code == 400
    assert response.json() == {"page": ["Listan bläddras med cursor, inte sidnummer: följ länken next i svaret."]}


def test_a_forged_cursor_is_refused_with_a_swedish_message(klient_kansli):
    response = klient_kansli.get(URL, {"cursor": "inte-en-cursor"})
    assert response.status_code == 404
    assert response.json() == {"detail": "Ogiltig cursor: följ länkarna next och previous i svaret."}


def test_listing_never_counts_the_table(klient_kansli):
    DeltagareFactory.create_batch(3)
    with CaptureQueriesContext(connection) as fragor:
        assert klient_kansli.get(URL).status_code == 200
    assert not [f for f in fragor if "COUNT(" in f["sql"].upper() and "deltagare_deltagare" in f["sql"]]


def _antal_fragor(client, url) -> int:
    with CaptureQueriesContext(connection) as fragor:
        assert client.get(url).status_code == 200
    return len(fragor)


def test_listing_uses_the_same_number_of_queries_for_one_row_as_for_forty(klient_kansli, mgt):
    DeltagareFactory(insats=mgt, deltagar_id="MGT-0")
    en = _antal_fragor(klient_kansli, URL)
    DeltagareFactory.create_batch(39, insats=mgt)
    assert _antal_fragor(klient_kansli, URL) == en


def test_another_insats_participant_answers_a_swedish_404(klient_for, insats_b):
    annan = DeltagareFactory(insats=insats_b)
    svar = klient_for("leader_a").get(f"/api/deltagare/{annan.pk}/")
    assert (svar.status_code, svar.json()) == (404, {"detail": "Hittades inte."})


def test_an_update_that_changes_nothing_keeps_the_version_so_colleagues_get_no_conflict(klient_a):
    deltagare = DeltagareFactory(deltagar_id="AP-TOM")
    version = Deltagare.objects.get(pk=deltagare.pk).version
    svar = klient_a.patch(f"{URL}{deltagare.pk}/", {"version": version, "kon": deltagare.kon}, format="json")
    assert svar.status_code == 200
    assert svar.json()["version"] == version == Deltagare.objects.get(pk=deltagare.pk).version
    assert not LogEntry.objects.filter(action=LogEntry.Action.UPDATE, object_pk=str(deltagare.pk)).exists()
    # A colleague holding that version still saves.
    assert klient_a.patch(f"{URL}{deltagare.pk}/", {"version": version, "fodelsear": 1991}, format="json").status_code == 200


def test_an_update_empties_an_optional_field_sent_as_null_and_keeps_one_left_out(klient_a):
    deltagare = DeltagareFactory(deltagar_id="AP-NULL", fodelsear=1990)
    rad = klient_a.get(f"{URL}{deltagare.pk}/").json()
    assert rad["utbildning"] is not None
    svar = klient_a.patch(f"{URL}{deltagare.pk}/", {"version": rad["version"], "utbildning": None}, format="json")
    assert svar.status_code == 200, svar.json()
    lagrad = Deltagare.objects.get(pk=deltagare.pk)
    assert (lagrad.utbildning, lagrad.fodelsear) == (None, 1990)
