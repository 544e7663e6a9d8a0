"""Imports that pass: values, idempotence, updates, history, follow-ups and the audit trail."""

import datetime

import pytest
from auditlog.models import LogEntry

from deltagare.models import Deltagare, ImportAndring, ImportKorning, Uppfoljning
from deltagare.tests.factories import DeltagareFactory

from .. import sparande
from ..services import importera_deltagare
from .filer import ANONYM, csv_fil, rad, xlsx

pytestmark = pytest.mark.django_db


def importera(innehall: bytes, filnamn="deltagare.xlsx", user=None):
    resultat = importera_deltagare(user=user, innehall=innehall, filnamn=filnamn)
    assert resultat.fel == []
    return resultat


def test_a_row_is_stored_with_every_column(insats_a):
    importera(
        xlsx(
            [
                rad(
                    Deltagar_ID="AP-10",
                    Slutdatum=datetime.date(2025, 5, 30),
                    Avslutsorsak="Arbete",
                    **{"Försörjning vid avslut": "Lön", "Juridiskt kön": "Kvinna"},
                    Lots="Ja",
                )
            ]
        )
    )
    d = Deltagare.objects.select_related(
        "utbildning", "tid_utan_arbete", "forsorjning_start", "anmalande_part", "stadsdel", "avslutsorsak", "forsorjning_slut"
    ).get()
    assert (d.insats, d.deltagar_id, d.samtycke, d.kon, d.juridiskt_kon, d.fodelsear) == (
        insats_a, "AP-10", True, "K", "K", 1990
    )
    assert (d.utbildning.kod, d.tid_utan_arbete.kod, d.forsorjning_start.kod, d.anmalande_part.kod, d.stadsdel.kod) == (
        "gymnasieutbildning", "1-2-ar", "sjukpenning", "forsakringskassan", "jarva"
    )
    assert (d.startdatum, d.slutdatum, d.avslutsorsak.kod, d.forsorjning_slut.kod) == (
        datetime.date(2025, 2, 3), datetime.date(2025, 5, 30), "arbete", "lon"
    )
    assert (d.lots, d.arbetstraning, d.version) == (True, False, 1)


def test_codes_short_names_case_spaces_and_hyphens_are_accepted():
    importera(
        xlsx(
            [
                rad(
                    Insats="  aktivitetsplatsen ",
                    Kön="m",
                    Utbildning="GYMNASIEUTBILDNING",
                    Tid_utan_arbete="1-2 år",
                    Anmälande_part="Stockholms stad - stadsdelsförvaltning",
                    Stadsdel="okand",
                    Samtycke="ja",
                )
            ]
        )
    )
    d = Deltagare.objects.get()
    assert (d.kon, d.juridiskt_kon, d.tid_utan_arbete.kod, d.anmalande_part.kod, d.stadsdel.kod) == (
        "M", "M", "1-2-ar", "stockholms-stad-stadsdelsforvaltning", "okand"
    )


def test_kon_accepts_labels_and_letters():
    importera(
        xlsx(
            [
                rad(Deltagar_ID="K1", Kön="K"),
                rad(Deltagar_ID="K2", Kön="Annan könsidentitet", **{"Juridiskt kön": "Uppgift saknas"}),
                rad(Deltagar_ID="K3", Kön="a", **{"Juridiskt kön": "x"}),
            ]
        )
    )
    assert dict(Deltagare.objects.values_list("deltagar_id", "kon")) == {"K1": "K", "K2": "A", "K3": "A"}
    assert Deltagare.objects.get(deltagar_id="K2").juridiskt_kon == "X"


def test_an_insats_is_found_by_a_former_name(mgt):
    importera(xlsx([rad(Insats="FINSAM-team", Deltagar_ID="FT-1")]))
    assert Deltagare.objects.get().insats == mgt


def test_a_semicolon_csv_from_swedish_excel_imports():
    resultat = importera(csv_fil([rad(Deltagar_ID="C-1"), rad(Deltagar_ID="C-2")]), filnamn="deltagare.csv")
    assert resultat.nya == 2
    assert Deltagare.objects.get(deltagar_id="C-1").startdatum == datetime.date(2025, 2, 3)


def test_a_windows_1252_comma_csv_imports():
    resultat = importera(
        csv_fil([rad(Deltagar_ID="C-1", Stadsdel="Södermalm")], avgransare=",", kodning="cp1252"), filnamn="d.csv"
    )
    assert resultat.nya == 1
    assert Deltagare.objects.get().stadsdel.namn == "Södermalm"


def test_headers_may_differ_in_case_and_spacing():
    rubriker = [r.upper() + "  " for r in rad().keys()]
    data = {r.upper() + "  ": v for r, v in rad().items()}
    assert importera(xlsx([data], rubriker=rubriker)).nya == 1


def test_blank_rows_inside_the_sheet_are_skipped_and_row_numbers_stay_excels():
    resultat = importera_deltagare(
        user=None,
        innehall=xlsx([rad(Deltagar_ID="B-1"), {}, rad(Deltagar_ID="B-2", Kön="X")]),
        filnamn="d.xlsx",
    )
    assert [str(f) for f in resultat.fel] == [
        "rad 4, kolumn Kön: Okänt värde ”X”. Tillåtna värden: Kvinna, Man, Annan könsidentitet."
    ]


def test_reimporting_the_same_file_changes_nothing():
    fil = xlsx([rad(Deltagar_ID="R-1"), rad(Deltagar_ID="R-2", Slutdatum=datetime.date(2025, 4, 1), Avslutsorsak="Studier")])
    importera(fil)
    fore = list(Deltagare.objects.order_by("pk").values())
    loggade = LogEntry.objects.count()
    resultat = importera(fil)
    assert (resultat.nya, resultat.andrade, resultat.oforandrade) == (0, 0, 2)
    assert list(Deltagare.objects.order_by("pk").values()) == fore
    assert LogEntry.objects.count() == loggade + 1  # the import's summary, no row changes


def test_a_changed_row_updates_the_participant_and_bumps_the_version():
    importera(xlsx([rad(Deltagar_ID="U-1"), rad(Deltagar_ID="U-2")]))
    forsta = Deltagare.objects.get(deltagar_id="U-1")
    resultat = importera(
        xlsx([rad(Deltagar_ID="U-1", Slutdatum=datetime.date(2025, 6, 1), Avslutsorsak="Arbete"), rad(Deltagar_ID="U-2")])
    )
    assert (resultat.nya, resultat.andrade, resultat.oforandrade) == (0, 1, 1)
    andrad = Deltagare.objects.get(deltagar_id="U-1")
    assert (andrad.pk, andrad.slutdatum, andrad.avslutsorsak.kod, andrad.version) == (
        forsta.pk, datetime.date(2025, 6, 1), "arbete", 2
    )
    assert andrad.andrad > forsta.andrad
    assert Deltagare.objects.get(deltagar_id="U-2").version == 1


def test_an_import_updates_a_participant_registered_in_the_ui(insats_a):
    befintlig = DeltagareFactory(insats=insats_a, deltagar_id="AP-77", lots=False)
    resultat = importera(xlsx([rad(Deltagar_ID="AP-77", Lots="Ja")]))
    assert resultat.andrade == 1
    befintlig.refresh_from_db()
    assert (befintlig.lots, befintlig.version) == (True, 2)


def test_history_with_the_earlier_exit_reasons_imports_as_it_is():
    rader = [
        rad(Deltagar_ID=f"H-{i}", Startdatum=datetime.date(2022, 3, 1), Slutdatum=datetime.date(2023, 1, 15), Avslutsorsak=orsak)
        for i, orsak in enumerate(["Sjukdom", "Annat", "Arbetssökande", "Fortsatt rehabilitering", "arbete"])
    ]
    importera(xlsx(rader))
    assert sorted(Deltagare.objects.values_list("avslutsorsak__kod", flat=True)) == [
        "annat", "arbete", "arbetssokande", "fortsatt-rehabilitering", "sjukdom"
    ]


def test_new_participants_get_the_insats_follow_up_schedule(mgt):
    importera(xlsx([rad(Insats="MGT", Deltagar_ID="MGT-1", Startdatum=datetime.date(2025, 1, 31))]))
    assert list(Uppfoljning.objects.values_list("manader", "planerad_datum")) == [
        (3, datetime.date(2025, 4, 30)),
        (6, datetime.date(2025, 7, 31)),
        (12, datetime.date(2026, 1, 31)),
    ]


def test_follow_ups_go_to_the_participants_the_import_created_and_no_one_between_them(mgt, monkeypatch):
    # The new rows are read back a range of ids at a time (sparande._uppfoljningar_for_nya): a
    # participant someone else created meanwhile inside that range gets nothing from it.
    monkeypatch.setattr(sparande, "BIT", 2)
    skapade = DeltagareFactory.create_batch(5, insats=mgt, startdatum=datetime.date(2025, 1, 2))
    Uppfoljning.objects.all().delete()
    annans = skapade.pop(1)
    korning = ImportKorning.objects.create(filnamn="d.xlsx", status=ImportKorning.Status.GRANSKAS)
    ImportAndring.objects.bulk_create(
        ImportAndring(korning=korning, deltagare_pk=d.pk, typ=ImportAndring.Typ.SKAPAD, version_efter=1) for d in skapade
    )
    sparande._uppfoljningar_for_nya(korning)
    per_deltagare = {d.pk: sorted(d.uppfoljningar.values_list("manader", flat=True)) for d in [*skapade, annans]}
    assert per_deltagare == {**{d.pk: [3, 6, 12] for d in skapade}, annans.pk: []}


def test_a_preview_writes_nothing_but_counts():
    resultat = importera_deltagare(user=None, innehall=xlsx([rad()]), filnamn="d.xlsx", granska=True)
    assert (resultat.nya, resultat.sparad) == (1, False)
    assert not Deltagare.objects.exists()
    assert not LogEntry.objects.exists()


def test_the_import_is_audited_with_the_importing_user_as_actor(leader_a):
    importera(xlsx([rad(Deltagar_ID="A-1"), rad(Deltagar_ID="A-2")]), user=leader_a, filnamn="ap-2025.xlsx")
    importera(xlsx([rad(Deltagar_ID="A-1", Lots="Ja"), rad(Deltagar_ID="A-2")]), user=leader_a, filnamn="ap-2025.xlsx")
    forsta, andra = LogEntry.objects.filter(object_pk="import").order_by("pk")
    korningar = list(ImportKorning.objects.order_by("pk"))
    # The file name stays out of the audit trail (it may name participants); the run has it.
    assert (forsta.actor, forsta.object_repr, forsta.action) == (leader_a, f"Import {korningar[0].pk}", LogEntry.Action.CREATE)
    assert korningar[0].filnamn == "ap-2025.xlsx"
    assert forsta.additional_data == {"import": korningar[0].pk, "nya": 2, "andrade": 0, "oforandrade": 0, "hoppade_over": 0}
    assert andra.additional_data == {"import": korningar[1].pk, "nya": 0, "andrade": 1, "oforandrade": 1, "hoppade_over": 0}
    andring = LogEntry.objects.get_for_object(Deltagare.objects.get(deltagar_id="A-1")).get()
    assert (andring.actor, andring.action, andring.cid) == (leader_a, LogEntry.Action.UPDATE, andra.cid)
    assert andring.changes == {"lots": ["False", "True"], "version": ["1", "2"]}


def test_an_administrator_imports_into_any_insats(administrator):
    resultat = importera(xlsx([rad(Deltagar_ID="X-1"), rad(Deltagar_ID="X-2", Insats="Novum")]), user=administrator)
    assert resultat.nya == 2


def test_a_participant_saved_by_someone_else_during_the_import_stops_it(monkeypatch, insats_a):
    from django.db.models import F

    befintlig = DeltagareFactory(insats=insats_a, deltagar_id="AP-1")
    spara = sparande.spara

    def samtidig_andring(**kwargs):
        Deltagare.objects.filter(pk=befintlig.pk).update(version=F("version") + 1, lots=True)
        return spara(**kwargs)

    monkeypatch.setattr(sparande, "spara", samtidig_andring)
    resultat = importera_deltagare(
        user=None, innehall=xlsx([rad(Deltagar_ID="AP-1", Arbetsträning="Ja"), rad(Deltagar_ID="AP-2")]), filnamn="d.xlsx"
    )
    assert [str(f) for f in resultat.fel] == [
        "Deltagare i filen har ändrats, skapats eller tagits bort av någon annan sedan granskningen: AP-1. "
        "Inget sparades; granska filen igen."
    ]
    befintlig.refresh_from_db()
    assert (befintlig.lots, befintlig.arbetstraning, befintlig.version) == (True, False, 2)
    assert list(Deltagare.objects.values_list("deltagar_id", flat=True)) == ["AP-1"]


def test_a_participant_created_by_someone_else_during_the_import_stops_it(monkeypatch, insats_a):
    spara = sparande.spara

    def samtidig_registrering(**kwargs):
        DeltagareFactory(insats=insats_a, deltagar_id="AP-2")
        return spara(**kwargs)

    monkeypatch.setattr(sparande, "spara", samtidig_registrering)
    resultat = importera_deltagare(
        user=None, innehall=xlsx([rad(Deltagar_ID="AP-1"), rad(Deltagar_ID="AP-2")]), filnamn="d.xlsx"
    )
    assert [str(f) for f in resultat.fel] == [
        "Deltagare i filen har ändrats, skapats eller tagits bort av någon annan sedan granskningen: AP-2. "
        "Inget sparades; granska filen igen."
    ]
    assert not resultat.sparad
    assert list(Deltagare.objects.values_list("deltagar_id", flat=True)) == ["AP-2"]


def test_withdrawn_consent_in_a_file_clears_the_stored_background(insats_a):
    befintlig = DeltagareFactory(insats=insats_a, deltagar_id="AP-7")
    assert befintlig.utbildning is not None
    importera(xlsx([{**ANONYM, "Deltagar-ID": "AP-7"}]))
    befintlig.refresh_from_db()
    assert befintlig.samtycke is False
    assert (befintlig.fodelsear, befintlig.utbildning) == (None, None)


def test_only_the_stored_participants_whose_keys_are_in_the_file_are_loaded(insats_a):
    # Finding 3: every participant of the file's insatser was loaded, so importing into a
    # full database cost time and memory in proportion to it.
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    fil = xlsx([rad(Deltagar_ID="AP-1"), rad(Deltagar_ID="AP-NY")])
    DeltagareFactory(insats=insats_a, deltagar_id="AP-1")
    with CaptureQueriesContext(connection) as tom:
        importera_deltagare(user=None, innehall=fil, filnamn="d.xlsx", granska=True)
    DeltagareFactory.create_batch(300, insats=insats_a)
    with CaptureQueriesContext(connection) as full:
        resultat = importera_deltagare(user=None, innehall=fil, filnamn="d.xlsx", granska=True)
    assert (resultat.nya, resultat.andrade) == (1, 1)
    assert len(full.captured_queries) == len(tom.captured_queries)
    # One query, given the file's keys and joined on the table's unique index (insats,
    # deltagar-ID): the 300 others are never read.
    laddningar = [q["sql"] for q in full.captured_queries if '"deltagare_deltagare" d ON d.insats_id' in q["sql"]]
    assert len(laddningar) == 1 and "AP-1" in laddningar[0] and "AP-NY" in laddningar[0]
