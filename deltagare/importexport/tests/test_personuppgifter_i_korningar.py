"""What an import run keeps of its file must not keep a person (SPEC §5; the round-3 tester's
findings): no personnummer in the stored file name, headers, sheet names or messages quoting a
cell; no deleted participant's ID in the headers or the remembered column choices; and no
copy of the file's first row once the import is saved."""

import pytest

from deltagare.models import Deltagare, ImportKorning, Kolumnval
from deltagare.services import deltagare_ta_bort
from deltagare.validators import maskera_personnummer

from ..services import importera_deltagare
from .conftest import ladda_upp
from .filer import rad, xlsx

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("text", "lagrad"),
    [
        ("lista 850101-1234.xlsx", "lista (personnummer).xlsx"),
        ("19850101–1234", "(personnummer)"),
        ("AP-2025-017.xlsx", "AP-2025-017.xlsx"),
        ("851399-1234", "851399-1234"),
    ],
)
def test_a_personnummer_in_a_text_is_masked_and_nothing_else(text, lagrad):
    assert maskera_personnummer(text) == lagrad


def test_an_uploaded_file_named_with_a_personnummer_is_kept_without_it(client, leader_a):
    client.force_login(leader_a)
    ladda_upp(client, xlsx([rad()]), "lista 850101-1234.xlsx")
    assert ImportKorning.objects.get().filnamn == "lista (personnummer).xlsx"


def test_a_message_quoting_a_cell_with_a_personnummer_keeps_it_masked(client, leader_a, arbetare):
    client.force_login(leader_a)
    ladda_upp(client, xlsx([rad(Födelseår="850101-1234")]))
    arbetare()
    korning = ImportKorning.objects.get()
    assert korning.status == ImportKorning.Status.FEL
    assert [t for _r, _k, t, *_b in korning.fel] == ["Ogiltigt födelseår ”(personnummer)”; ange fyra siffror, t.ex. 1985."]
    assert "1234" not in str(ImportKorning.objects.values_list())


def test_a_saved_import_keeps_its_sheets_names_but_not_their_headers(leader_a):
    resultat = importera_deltagare(user=leader_a, innehall=xlsx([rad()]), filnamn="x.xlsx")
    korning = ImportKorning.objects.get(pk=resultat.korning_id)
    assert korning.status == ImportKorning.Status.KLAR
    assert all(set(blad) <= {"index", "namn", "med"} for blad in korning.blad)


def test_deleting_a_participant_forgets_its_id_in_headers_and_remembered_column_choices(leader_a, insats_a):
    deltagare = Deltagare.objects.create(insats=insats_a, deltagar_id="SPAR-4711", startdatum="2025-03-01", kon="K")
    Kolumnval.objects.create(anvandare=leader_a, rubrik="spar-4711", kolumn="deltagar_id")
    Kolumnval.objects.create(anvandare=leader_a, rubrik="löpnr", kolumn="deltagar_id")
    korning = ImportKorning.objects.create(
        skapad_av=leader_a, filnamn="gammal.xlsx", status=ImportKorning.Status.FEL,
        blad=[{"index": 0, "namn": "Blad1", "rubriker": ["SPAR-4711", "Kvinna"], "med": True}],
    )
    deltagare_ta_bort(user=leader_a, deltagare=deltagare)
    korning.refresh_from_db()
    assert korning.blad[0]["rubriker"] == ["(borttaget)", "Kvinna"]
    assert list(Kolumnval.objects.values_list("rubrik", flat=True)) == ["löpnr"]
