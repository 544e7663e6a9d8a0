"""The model rules of issue 13, finding 8: they hold for forms, import and API alike because they
live on the model (Deltagare.clean)."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from deltagare.choices import JuridisktKon, Kon
from deltagare.models import Deltagare

from .factories import DeltagareFactory

pytestmark = pytest.mark.django_db


def ogiltig(deltagare: Deltagare) -> dict[str, list[str]]:
    with pytest.raises(ValidationError) as fel:
        deltagare.full_clean()
    return fel.value.message_dict


def test_annan_konsidentitet_without_juridiskt_kon_is_refused():
    deltagare = DeltagareFactory.build(kon=Kon.ANNAN, juridiskt_kon="")
    assert ogiltig(deltagare)["juridiskt_kon"] == [
        "Ange juridiskt kön (Kvinna, Man eller Uppgift saknas) när kön är Annan könsidentitet."
    ]


@pytest.mark.parametrize("juridiskt", [JuridisktKon.KVINNA, JuridisktKon.MAN, JuridisktKon.SAKNAS])
def test_annan_konsidentitet_with_an_explicit_juridiskt_kon_is_saved(juridiskt):
    deltagare = DeltagareFactory.build(kon=Kon.ANNAN, juridiskt_kon=juridiskt)
    deltagare.full_clean()


def test_kvinna_or_man_still_gets_juridiskt_kon_from_kon():
    deltagare = DeltagareFactory.build(kon=Kon.MAN, juridiskt_kon="")
    deltagare.full_clean()
    assert deltagare.juridiskt_kon == "M"


def test_the_form_refuses_annan_konsidentitet_with_samma_som_kon(client, leader_a, insats_a):
    client.force_login(leader_a)
    svar = client.post(
        reverse("deltagare:ny", args=[insats_a.pk]),
        {"deltagar_id": "AP-900", "samtycke": "False", "kon": "A", "juridiskt_kon": "", "startdatum": "2025-03-01"},
    )
    assert svar.status_code == 200
    assert "Ange juridiskt kön (Kvinna, Man eller Uppgift saknas) när kön är Annan könsidentitet." in svar.text
    assert not Deltagare.objects.filter(deltagar_id="AP-900").exists()


def test_uppgift_saknas_is_counted_without_juridiskt_kon_in_uppfoljning_finsam(client, kansli, insats_a):
    DeltagareFactory(kon=Kon.ANNAN, juridiskt_kon=JuridisktKon.SAKNAS, startdatum=datetime.date(2025, 2, 1))
    DeltagareFactory(kon=Kon.KVINNA, startdatum=datetime.date(2025, 2, 1))
    client.force_login(kansli)
    svar = client.get("/api/finsam/", {"fran": "2025-01-01", "till": "2025-06-30", "insats": insats_a.kortnamn})
    rad = next(r for r in svar.json()["insatser"] if r["kortnamn"] == "Aktivitetsplatsen")
    assert (rad["kvinnor"], rad["män"], rad["utan_juridiskt_kon"]) == (1, 0, 1)


def test_registration_before_the_insats_began_is_refused(insats_a):
    insats_a.startdatum = datetime.date(2024, 1, 1)
    insats_a.save()
    deltagare = DeltagareFactory.build(insats=insats_a, startdatum=datetime.date(2023, 12, 31))
    assert ogiltig(deltagare)["startdatum"] == [
        "Insatsen Aktivitetsplatsen började 1 jan 2024; startdatum kan inte vara före det. "
        "En administratör kan tillåta registrering utanför insatsens period."
    ]


def test_registration_after_the_insats_ended_is_refused(insats_a):
    insats_a.slutdatum = datetime.date(2022, 12, 31)
    insats_a.save()
    deltagare = DeltagareFactory.build(insats=insats_a, startdatum=datetime.date(2025, 2, 3))
    assert ogiltig(deltagare)["startdatum"] == [
        "Insatsen Aktivitetsplatsen slutade 31 dec 2022; startdatum kan inte vara efter det. "
        "En administratör kan tillåta registrering utanför insatsens period."
    ]


def test_the_administrator_can_allow_registration_outside_the_period(insats_a):
    insats_a.slutdatum = datetime.date(2022, 12, 31)
    insats_a.registrering_utanfor_perioden = True
    insats_a.save()
    DeltagareFactory.build(insats=insats_a, startdatum=datetime.date(2025, 2, 3)).full_clean()


def test_an_invalid_period_in_the_list_filters_nothing(client, leader_a, insats_a):
    DeltagareFactory(deltagar_id="AP-TIDIG", startdatum=datetime.date(2021, 1, 4), slutdatum=datetime.date(2021, 3, 1),
                     avslutsorsak=None, insats=insats_a)
    DeltagareFactory(deltagar_id="AP-SEN", startdatum=datetime.date(2025, 2, 3))
    client.force_login(leader_a)
    # "till" before "fran": before, the valid half ("fran") still filtered AP-TIDIG away.
    svar = client.get(reverse("deltagare:lista", args=[insats_a.pk]), {"fran": "2025-01-01", "till": "2024-01-01"})
    assert "Periodens slut får inte vara före dess början." in svar.text
    assert "Listan visas utan filter tills felet är rättat." in svar.text
    assert [d.deltagar_id for d in svar.context["sida"].object_list] == ["AP-SEN", "AP-TIDIG"]


def test_the_import_accepts_uppgift_saknas_and_refuses_an_empty_juridiskt_kon_for_annan(insats_a):
    from deltagare.importexport.services import importera_deltagare
    from deltagare.importexport.tests.filer import rad, xlsx

    godkand = importera_deltagare(
        user=None,
        innehall=xlsx([rad(Deltagar_ID="AP-1", Kön="Annan könsidentitet", **{"Juridiskt kön": "Uppgift saknas"})]),
        filnamn="d.xlsx",
    )
    assert godkand.fel == []
    assert Deltagare.objects.get(deltagar_id="AP-1").juridiskt_kon == "X"

    avvisad = importera_deltagare(
        user=None,
        innehall=xlsx([rad(Deltagar_ID="AP-2", Kön="Annan könsidentitet", **{"Juridiskt kön": ""})]),
        filnamn="d.xlsx",
    )
    assert any("Ange juridiskt kön (Kvinna, Man eller Uppgift saknas)" in str(f) for f in avvisad.fel)
    assert not Deltagare.objects.filter(deltagar_id="AP-2").exists()
