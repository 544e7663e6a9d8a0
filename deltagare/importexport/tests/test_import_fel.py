"""Every refusal: the exact Swedish message, the row as Excel shows it and nothing written."""

import datetime

import pytest

from deltagare.models import Deltagare
from deltagare.tests.factories import DeltagareFactory

from ..services import importera_deltagare
from .filer import ANONYM, csv_fil, rad, xlsx

pytestmark = pytest.mark.django_db


def importera(innehall: bytes, filnamn="deltagare.xlsx", user=None):
    return importera_deltagare(user=user, innehall=innehall, filnamn=filnamn)


def fel(resultat) -> list[str]:
    return [str(f) for f in resultat.fel]


def test_an_unknown_code_is_refused_with_the_allowed_labels():
    resultat = importera(xlsx([rad(Utbildning="Folkhögskola")]))
    assert fel(resultat) == [
        "rad 2, kolumn Utbildning: Okänt värde ”Folkhögskola”. Tillåtna värden: Ej fullföljd "
        "grundskola/enbart grundskola, Gymnasieutbildning, Eftergymnasial utbildning/högskola, Uppgift saknas."
    ]
    assert not Deltagare.objects.exists()


def test_an_unknown_insats_is_refused():
    resultat = importera(xlsx([rad(Insats="Okänd insats")]))
    assert fel(resultat) == ["rad 2, kolumn Insats: Okänd insats ”Okänd insats”."]


def test_a_personnummer_as_deltagar_id_is_refused_without_echoing_it():
    resultat = importera(xlsx([rad(Deltagar_ID="19850101-1234")]))
    assert fel(resultat) == [
        "rad 2, kolumn Deltagar-ID: Deltagar-ID:t ser ut som ett personnummer eller samordningsnummer. "
        "Använd en pseudonym kod (t.ex. MGT-2025-017): registret får inte innehålla uppgifter som direkt "
        "pekar ut en person."
    ]
    assert "19850101" not in str(resultat.fel)


def test_a_personnummer_typed_as_a_number_is_refused():
    resultat = importera(xlsx([rad(Deltagar_ID=198501011234)]))
    assert [(f.rad, f.kolumn) for f in resultat.fel] == [(2, "Deltagar-ID")]


def test_slutdatum_before_startdatum_is_refused():
    resultat = importera(
        xlsx([rad(Startdatum=datetime.date(2025, 3, 1), Slutdatum=datetime.date(2025, 2, 1), Avslutsorsak="Arbete")])
    )
    assert fel(resultat) == ["rad 2, kolumn Slutdatum: Slutdatum får inte vara före startdatum."]


def test_an_exit_without_reason_is_refused():
    resultat = importera(xlsx([rad(Slutdatum=datetime.date(2025, 5, 30))]))
    assert fel(resultat) == ["rad 2, kolumn Avslutsorsak: Ange avslutsorsak när deltagaren avslutas."]


def test_a_reason_without_exit_is_refused():
    resultat = importera(xlsx([rad(Avslutsorsak="Arbete")]))
    assert fel(resultat) == [
        "rad 2, kolumn Avslutsorsak: Avslutsorsak anges bara när deltagaren avslutas (med slutdatum)."
    ]


def test_a_reason_for_an_insats_without_exit_reasons_is_refused():
    resultat = importera(
        xlsx([{**ANONYM, "Insats": "Hälsofrämjande", "Slutdatum": datetime.date(2025, 5, 30), "Avslutsorsak": "Arbete"}])
    )
    assert fel(resultat) == [
        "rad 2, kolumn Avslutsorsak: Insatsen Hälsofrämjande insatser för nyanlända registrerar inte avslutsorsaker."
    ]


def test_an_anonymous_row_with_background_data_is_refused_per_column():
    resultat = importera(xlsx([{**ANONYM, "Födelseår": 1990, "Stadsdel": "Järva"}]))
    assert fel(resultat) == [
        "rad 2, kolumn Födelseår: Uppgiften får inte sparas utan samtycke (anonym deltagare).",
        "rad 2, kolumn Stadsdel: Uppgiften får inte sparas utan samtycke (anonym deltagare).",
    ]


@pytest.mark.parametrize(("fodelsear", "alder"), [(2013, 12), (1958, 67)])
def test_an_age_outside_16_to_66_at_start_is_refused(fodelsear, alder):
    resultat = importera(xlsx([rad(Födelseår=fodelsear)]))
    assert fel(resultat) == [
        f"rad 2, kolumn Födelseår: Åldern vid start blir {alder} år; deltagare ska vara 16–66 år vid start."
    ]


def test_a_missing_required_column_is_refused():
    rubriker = [r for r in rad() if r != "Startdatum"]
    resultat = importera(xlsx([rad()], rubriker=rubriker))
    assert fel(resultat) == ["rad 1, kolumn Startdatum: Kolumnen saknas i filen."]


def test_a_file_without_every_contract_column_is_refused_naming_each_missing_one():
    # docs/regler.md §4: exactly these columns; without Samtycke every new row would turn anonymous.
    resultat = importera(xlsx([ANONYM], rubriker=("Insats", "Deltagar-ID", "Kön", "Startdatum")))
    assert fel(resultat)[:2] == [
        "rad 1, kolumn Samtycke: Kolumnen saknas i filen.",
        "rad 1, kolumn Juridiskt kön: Kolumnen saknas i filen.",
    ]
    assert len(resultat.fel) == 13
    assert not Deltagare.objects.exists()


def test_a_column_left_out_of_an_update_changes_nothing(insats_a):
    befintlig = DeltagareFactory(insats=insats_a, deltagar_id="AP-5", lots=True, arbetstraning=True)
    rubriker = [r for r in rad() if r != "Lots"]
    resultat = importera(xlsx([rad(Deltagar_ID="AP-5", Arbetsträning="Nej")], rubriker=rubriker))
    assert fel(resultat) == ["rad 1, kolumn Lots: Kolumnen saknas i filen."]
    befintlig.refresh_from_db()
    assert (befintlig.lots, befintlig.arbetstraning) == (True, True)


def test_an_unknown_column_is_refused():
    resultat = importera(xlsx([rad(Kommentar="ringer ofta")], rubriker=(*rad().keys(), "Kommentar")))
    assert len(resultat.fel) == 1
    assert str(resultat.fel[0]).startswith("rad 1, kolumn Kommentar: Okänd kolumn. Mallen har kolumnerna: Insats, ")


def test_a_duplicate_key_inside_the_file_is_refused_naming_the_first_row():
    resultat = importera(xlsx([rad(Deltagar_ID="AP-7"), rad(Deltagar_ID="AP-8"), rad(Deltagar_ID="AP-7")]))
    assert fel(resultat) == ["rad 4, kolumn Deltagar-ID: Deltagar-ID:t finns redan på rad 2 i filen (samma insats)."]
    assert not Deltagare.objects.exists()


def test_the_same_id_in_two_insatser_is_not_a_duplicate():
    resultat = importera(xlsx([rad(Deltagar_ID="X-1"), rad(Deltagar_ID="X-1", Insats="Novum")]))
    assert resultat.fel == [] and resultat.nya == 2


def test_a_file_of_the_wrong_type_is_refused():
    resultat = importera(b"%PDF-1.4 ...", filnamn="deltagare.pdf")
    assert fel(resultat) == ["Filtypen stöds inte (deltagare.pdf). Ladda upp en .xlsx- eller .csv-fil."]


def test_a_renamed_file_that_is_not_xlsx_is_refused():
    resultat = importera(b"Insats;Deltagar-ID\n", filnamn="deltagare.xlsx")
    assert fel(resultat) == ["Filen är ingen xlsx-fil (Excel-arbetsbok). Spara den som .xlsx eller .csv."]


@pytest.mark.parametrize("filnamn", ["deltagare.xlsx", "deltagare.csv"])
def test_an_empty_file_is_refused(filnamn):
    assert fel(importera(b"", filnamn=filnamn)) == ["Filen är tom."]


def test_a_file_with_only_the_header_row_is_refused():
    assert fel(importera(xlsx([]))) == ["Filen innehåller inga deltagarrader, bara rubrikraden."]


def test_an_empty_required_cell_is_refused():
    resultat = importera(xlsx([rad(Deltagar_ID="", Startdatum=None)]))
    assert fel(resultat) == [
        "rad 2, kolumn Deltagar-ID: Cellen får inte vara tom.",
        "rad 2, kolumn Startdatum: Cellen får inte vara tom.",
    ]


def test_kon_may_be_empty_only_for_an_anonymous_row():
    resultat = importera(xlsx([rad(Deltagar_ID="AP-1", Kön=""), {**ANONYM, "Deltagar-ID": "AP-2", "Kön": ""}]))
    assert fel(resultat) == ["rad 2, kolumn Kön: Ange kön. Bara en anonym deltagare (utan samtycke) får sakna kön."]


def test_a_startdatum_outside_the_insats_period_is_refused_as_in_the_form(insats_a):
    insats_a.slutdatum = datetime.date(2024, 12, 31)
    insats_a.save()
    resultat = importera(xlsx([rad(Deltagar_ID="AP-SEN", Startdatum=datetime.date(2025, 2, 3))]))
    assert fel(resultat) == [
        "rad 2, kolumn Startdatum: Insatsen Aktivitetsplatsen slutade 31 dec 2024; startdatum kan inte vara "
        "efter det. En administratör kan tillåta registrering utanför insatsens period."
    ]
    assert not Deltagare.objects.exists()


def test_an_insats_that_allows_registration_outside_its_period_takes_the_row(insats_a):
    insats_a.slutdatum = datetime.date(2024, 12, 31)
    insats_a.registrering_utanfor_perioden = True
    insats_a.save()
    assert importera(xlsx([rad(Deltagar_ID="AP-SEN", Startdatum=datetime.date(2025, 2, 3))])).sparad


def test_a_date_in_the_future_is_refused():
    resultat = importera(xlsx([rad(Startdatum=datetime.date.today() + datetime.timedelta(days=2))]))
    assert fel(resultat) == ["rad 2, kolumn Startdatum: Datumet får inte vara i framtiden."]


def test_a_date_that_is_not_iso_is_refused():
    resultat = importera(csv_fil([rad(Startdatum="3/2/2025")]), filnamn="deltagare.csv")
    assert fel(resultat) == ["rad 2, kolumn Startdatum: Ogiltigt datum ”3/2/2025”; ange ÅÅÅÅ-MM-DD."]


def test_a_bad_yes_no_cell_is_refused():
    resultat = importera(xlsx([rad(Lots="kanske")]))
    assert fel(resultat) == ["rad 2, kolumn Lots: Ange Ja eller Nej, inte ”kanske”."]


def test_one_bad_row_writes_nothing_and_every_problem_is_reported_in_row_order():
    resultat = importera(
        xlsx(
            [
                rad(Deltagar_ID="AP-1"),
                rad(Deltagar_ID="AP-2", Kön="Okänt", Stadsdel="Mars"),
                rad(Deltagar_ID="AP-3"),
                rad(Deltagar_ID="AP-4", Födelseår=2015),
            ]
        )
    )
    assert [(f.rad, f.kolumn) for f in resultat.fel] == [(3, "Kön"), (3, "Stadsdel"), (5, "Födelseår")]
    assert not resultat.sparad
    assert not Deltagare.objects.exists()


def test_a_leader_cannot_import_into_an_insats_they_do_not_lead(leader_a):
    resultat = importera(xlsx([rad(Deltagar_ID="AP-1"), rad(Deltagar_ID="NO-1", Insats="Novum")]), user=leader_a)
    assert fel(resultat) == ["rad 3, kolumn Insats: Du har inte behörighet till insatsen Novum."]
    assert not Deltagare.objects.exists()


def test_a_leader_cannot_overwrite_another_insats_rows(leader_a, insats_b):
    befintlig = DeltagareFactory(insats=insats_b, deltagar_id="NO-1", lots=False)
    resultat = importera(xlsx([rad(Deltagar_ID="NO-1", Insats="Novum", Lots="Ja")]), user=leader_a)
    assert [(f.rad, f.kolumn) for f in resultat.fel] == [(2, "Insats")]
    befintlig.refresh_from_db()
    assert befintlig.lots is False and befintlig.version == 1


def test_a_formula_without_a_saved_result_is_refused_at_its_cell_not_read_as_empty():
    # openpyxl writes a formula without its result, as does any program that never ran Excel.
    resultat = importera(xlsx([rad(Födelseår="=1985+1")]))
    assert fel(resultat) == [
        "rad 2, kolumn Födelseår: Cellen har en formel utan sparat värde (filen har inte sparats i Excel). "
        "Öppna filen i Excel och spara den, eller skriv in värdet."
    ]
    assert not Deltagare.objects.exists()
