"""A code that the kept counts of removed participants use stays (docs/regler.md §2, §5): once
gallring has removed the participants behind it, no foreign key protects the code, so admin
refuses its deletion itself; otherwise the closed periods' tables would lose its row."""

import datetime

import pytest
from django.urls import reverse

from dataskydd.services import gallra
from deltagare.models import Avslutsorsak, Deltagare, Utbildning
from deltagare.services import deltagare_spara
from deltagare.tests.factories import AvslutadDeltagareFactory
from rapporter import berakna

pytestmark = pytest.mark.django_db

D = datetime.date
IDAG = D(2026, 11, 23)  # gallras: ended 2023 or earlier
AR_2023 = {"fran": D(2023, 1, 1), "till": D(2023, 12, 31)}


def ny_kod(model, kod: str, namn: str, **falt):
    return model.objects.create(kod=kod, namn=namn, sortering=99, **falt)


def gallrad_deltagare(user, insats, **koder) -> None:
    deltagare_spara(
        user=user,
        deltagare=AvslutadDeltagareFactory.build(
            insats=insats, deltagar_id="MGT-2023", startdatum=D(2023, 1, 16), slutdatum=D(2023, 11, 30), **koder
        ),
    )
    gallra(idag=IDAG, dry_run=False)
    assert not Deltagare.objects.exists()


def ta_bort(client, kod):
    return client.post(
        reverse(f"admin:deltagare_{kod._meta.model_name}_delete", args=[kod.pk]), {"post": "yes"}
    )


def test_admin_refuses_to_delete_a_code_that_removed_participants_are_counted_under(client, administrator, mgt):
    kod = ny_kod(Utbildning, "folkhogskola", "Folkhögskola")
    gallrad_deltagare(administrator, mgt, utbildning=kod)
    client.force_login(administrator)

    response = ta_bort(client, kod)

    assert Utbildning.objects.filter(pk=kod.pk).exists()
    assert "Räkningar för gallrade deltagare i MGT 1 jan 2023–30 jun 2023" in response.content.decode()


def test_the_closed_periods_table_keeps_the_codes_row_after_a_refused_deletion(client, administrator, mgt):
    kod = ny_kod(Utbildning, "folkhogskola", "Folkhögskola")
    gallrad_deltagare(administrator, mgt, utbildning=kod)
    client.force_login(administrator)

    ta_bort(client, kod)

    tabell = berakna("utbildning", **AR_2023)
    rader = {rad["etikett"]: dict(zip(tabell["kolumner"], rad["varden"])) for rad in tabell["rader"]}
    assert (rader["Folkhögskola"]["Kvinnor"], rader["Folkhögskola"]["Totalt"]) == (1, 1)


def test_the_bulk_delete_action_refuses_it_too(client, administrator, mgt):
    kod = ny_kod(Utbildning, "folkhogskola", "Folkhögskola")
    gallrad_deltagare(administrator, mgt, utbildning=kod)
    client.force_login(administrator)

    response = client.post(
        reverse("admin:deltagare_utbildning_changelist"),
        {"action": "delete_selected", "_selected_action": [kod.pk], "post": "yes"},
    )

    assert Utbildning.objects.filter(pk=kod.pk).exists()
    assert "Räkningar för gallrade deltagare i MGT 1 jan 2023–30 jun 2023" in response.content.decode()


@pytest.mark.parametrize(
    "falt", ["tid_utan_arbete", "forsorjning_start", "forsorjning_slut", "anmalande_part", "stadsdel", "avslutsorsak"]
)
def test_every_code_list_that_kept_counts_use_is_protected(client, administrator, mgt, falt):
    model = Deltagare._meta.get_field(falt).related_model
    grupp = {"grupp": Avslutsorsak.objects.first().grupp} if model is Avslutsorsak else {}
    kod = ny_kod(model, "ny-kod", "En ny kod", **grupp)
    gallrad_deltagare(administrator, mgt, **{falt: kod})
    client.force_login(administrator)

    ta_bort(client, kod)

    assert model.objects.filter(pk=kod.pk).exists()


def test_a_code_no_count_uses_can_still_be_deleted(client, administrator, mgt):
    gallrad_deltagare(administrator, mgt)
    kod = ny_kod(Utbildning, "folkhogskola", "Folkhögskola")
    client.force_login(administrator)

    ta_bort(client, kod)

    assert not Utbildning.objects.filter(pk=kod.pk).exists()
