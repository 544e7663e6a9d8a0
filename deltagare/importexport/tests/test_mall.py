"""The template: exact headers, drop-downs of the active labels, date formats."""

import io

import pytest
from openpyxl import load_workbook

from deltagare.models import Avslutsorsak, Utbildning

from ..kolumner import RUBRIKER
from ..mall import importmall
from ..services import importera_deltagare

pytestmark = pytest.mark.django_db


def las(innehall: bytes):
    return load_workbook(io.BytesIO(innehall))


def lista(bok, formel: str) -> list[str]:
    blad, omrade = formel.lstrip("=").split("!")
    return [rad[0].value for rad in bok[blad][omrade.replace("$", "")]]


def validering_for(blad, kolumn: str):
    (validering,) = [v for v in blad.data_validations.dataValidation if str(v.sqref).startswith(f"{kolumn}2:")]
    return validering


def test_the_template_has_exactly_the_contract_headers(insats_a):
    blad = las(importmall(insatser=[insats_a]))["Deltagare"]
    assert [cell.value for cell in blad[1]] == list(RUBRIKER)


def test_coded_columns_offer_the_active_labels_as_a_drop_down(insats_a):
    bok = las(importmall(insatser=[insats_a]))
    blad = bok["Deltagare"]
    utbildning = validering_for(blad, "G")
    assert utbildning.type == "list" and utbildning.showErrorMessage
    assert lista(bok, utbildning.formula1) == list(Utbildning.objects.active().values_list("namn", flat=True))
    avslutsorsak = lista(bok, validering_for(blad, "N").formula1)
    assert "Varaktig sjukersättning" in avslutsorsak and "Sjukdom" not in avslutsorsak
    assert avslutsorsak == list(Avslutsorsak.objects.active().values_list("namn", flat=True))
    assert lista(bok, validering_for(blad, "D").formula1) == ["Kvinna", "Man", "Annan könsidentitet"]
    assert lista(bok, validering_for(blad, "C").formula1) == ["Ja", "Nej"]
    assert bok["Listor"].sheet_state == "hidden"


def test_the_insats_list_holds_only_the_given_insatser(insats_a):
    bok = las(importmall(insatser=[insats_a]))
    assert lista(bok, validering_for(bok["Deltagare"], "A").formula1) == ["Aktivitetsplatsen"]


def test_every_coded_and_date_column_is_validated(insats_a):
    blad = las(importmall(insatser=[insats_a]))["Deltagare"]
    kolumner = sorted(str(v.sqref).split("2:")[0] for v in blad.data_validations.dataValidation)
    assert kolumner == sorted("ABCDEFGHIJKLMNOPQ".replace("B", ""))
    assert validering_for(blad, "L").type == "date"
    assert blad["L2"].number_format == "yyyy-mm-dd"


def test_the_empty_template_imports_as_a_file_without_rows(insats_a):
    resultat = importera_deltagare(user=None, innehall=importmall(insatser=[insats_a]), filnamn="mall.xlsx")
    assert [str(f) for f in resultat.fel] == ["Filen innehåller inga deltagarrader, bara rubrikraden."]
