"""Export: the import's columns, real date cells, only the user's rows, always audited."""

import csv
import datetime
import io

import pytest
from auditlog.models import LogEntry
from openpyxl import load_workbook

from deltagare.models import Deltagare
from deltagare.tests.factories import AnonymDeltagareFactory, AvslutadDeltagareFactory, DeltagareFactory

from ..export import exportera_deltagare
from ..kolumner import RUBRIKER
from ..services import importera_deltagare

pytestmark = pytest.mark.django_db


def rader_xlsx(innehall: bytes) -> list[tuple]:
    return list(load_workbook(io.BytesIO(innehall)).active.iter_rows(values_only=True))


def test_export_has_the_import_columns_and_real_date_cells(leader_a, insats_a):
    AvslutadDeltagareFactory(insats=insats_a, deltagar_id="AP-1", lots=True)
    export = exportera_deltagare(user=leader_a, format="xlsx")
    bok = load_workbook(io.BytesIO(export.innehall))
    rubriker, rad = list(bok.active.iter_rows(values_only=True))
    assert rubriker == RUBRIKER
    assert rad == (
        "Aktivitetsplatsen", "AP-1", "Ja", "Kvinna", "Kvinna", 1990, "Gymnasieutbildning", None, None, None, None,
        datetime.datetime(2025, 2, 3), datetime.datetime(2025, 5, 30), "Arbete", None, "Ja", "Nej",
    )
    startcell = bok.active["L2"]
    assert startcell.is_date and startcell.number_format == "yyyy-mm-dd"
    assert export.antal == 1 and export.filnamn.endswith(".xlsx")


def test_export_holds_only_the_users_insatser(leader_a, insats_a, insats_b):
    DeltagareFactory(insats=insats_a, deltagar_id="AP-1")
    DeltagareFactory(insats=insats_b, deltagar_id="NO-1")
    rader = rader_xlsx(exportera_deltagare(user=leader_a).innehall)
    assert [rad[1] for rad in rader[1:]] == ["AP-1"]


def test_asking_for_another_insats_gives_nothing(leader_a, insats_b):
    DeltagareFactory(insats=insats_b, deltagar_id="NO-1")
    assert exportera_deltagare(user=leader_a, insatser=[insats_b]).antal == 0


def test_export_filters_by_insats_and_period(kansli, insats_a, insats_b):
    DeltagareFactory(insats=insats_a, deltagar_id="AP-gammal", startdatum=datetime.date(2023, 1, 1))
    AvslutadDeltagareFactory(
        insats=insats_a, deltagar_id="AP-slutad", startdatum=datetime.date(2023, 1, 1), slutdatum=datetime.date(2024, 3, 1)
    )
    DeltagareFactory(insats=insats_a, deltagar_id="AP-ny", startdatum=datetime.date(2025, 2, 1))
    DeltagareFactory(insats=insats_b, deltagar_id="NO-ny", startdatum=datetime.date(2025, 2, 1))
    export = exportera_deltagare(
        user=kansli, insatser=[insats_a], fran=datetime.date(2024, 1, 1), till=datetime.date(2024, 6, 30)
    )
    assert sorted(rad[1] for rad in rader_xlsx(export.innehall)[1:]) == ["AP-gammal", "AP-slutad"]


def test_every_export_is_audited_with_who_and_what_filter(leader_a, insats_a):
    DeltagareFactory(insats=insats_a)
    exportera_deltagare(user=leader_a, format="csv", insatser=[insats_a], fran=datetime.date(2025, 1, 1))
    entry = LogEntry.objects.get(object_pk="export")
    assert entry.actor == leader_a
    assert entry.additional_data == {
        "export": "deltagare",
        "filter": {"insatser": ["Aktivitetsplatsen"], "fran": "2025-01-01", "till": None, "format": "csv"},
        "antal": 1,
    }


def test_csv_export_is_semicolon_separated_utf8_with_iso_dates(leader_a, insats_a):
    AnonymDeltagareFactory(insats=insats_a, deltagar_id="AP-Å", kon="A", juridiskt_kon="")
    innehall = exportera_deltagare(user=leader_a, format="csv").innehall
    assert innehall.startswith("\ufeff".encode())
    rubriker, rad = list(csv.reader(io.StringIO(innehall.decode("utf-8-sig")), delimiter=";"))
    assert rubriker == list(RUBRIKER)
    assert rad == [
        "Aktivitetsplatsen", "AP-Å", "Nej", "Annan könsidentitet", "", "", "", "", "", "", "", "2025-02-03", "", "",
        "", "Nej", "Nej",
    ]


@pytest.mark.parametrize("format", ["xlsx", "csv"])
def test_an_exported_file_reimports_unchanged(administrator, insats_a, mgt, format):
    AvslutadDeltagareFactory(insats=insats_a, deltagar_id="AP-1")
    AnonymDeltagareFactory(insats=mgt, deltagar_id="MGT-1")
    fore = list(Deltagare.objects.order_by("pk").values())
    export = exportera_deltagare(user=administrator, format=format)
    resultat = importera_deltagare(user=administrator, innehall=export.innehall, filnamn=export.filnamn)
    assert (resultat.fel, resultat.nya, resultat.andrade, resultat.oforandrade) == ([], 0, 0, 2)
    assert list(Deltagare.objects.order_by("pk").values()) == fore


def test_an_unknown_format_is_refused(leader_a):
    with pytest.raises(ValueError, match="Okänt format pdf"):
        exportera_deltagare(user=leader_a, format="pdf")
