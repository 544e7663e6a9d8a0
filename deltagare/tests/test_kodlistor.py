"""After `migrate` on an empty database every label of docs/regler.md §2 is there."""

import pytest

from deltagare.models import (
    Aldersgrupp,
    AnmalandePart,
    Avslutsgrupp,
    Avslutsorsak,
    Forsorjning,
    Stadsdel,
    TidUtanArbete,
    Utbildning,
)
from insatser.models import Insats

pytestmark = pytest.mark.django_db


def labels(model) -> list[str]:
    return list(model.objects.values_list("namn", flat=True))


def test_utbildning_labels():
    assert labels(Utbildning) == [
        "Ej fullföljd grundskola/enbart grundskola",
        "Gymnasieutbildning",
        "Eftergymnasial utbildning/högskola",
        "Uppgift saknas",
    ]


def test_tid_utan_arbete_labels():
    assert labels(TidUtanArbete) == ["Mindre än 1 år", "1–2 år", "3–4 år", "5 år eller mer", "Uppgift saknas"]


def test_forsorjning_labels():
    assert labels(Forsorjning) == [
        "Försörjningsstöd",
        "Sjukpenning",
        "Aktivitetsersättning",
        "Sjukersättning",
        "Ersättning från Arbetsförmedlingen",
        "Lön",
        "Studiemedel",
        "Ingen ersättning",
        "Annan",
        "Uppgift saknas",
    ]


def test_age_groups():
    assert list(Aldersgrupp.objects.values_list("namn", "min_alder", "max_alder")) == [
        ("Under 30 år", 16, 29),
        ("30–50 år", 30, 50),
        ("Över 50 år", 51, 66),
    ]


def test_current_exit_reasons_in_report_order_with_groups():
    current = Avslutsorsak.objects.active()
    assert [(a.namn, a.grupp.namn, a.arbete_eller_studier) for a in current] == [
        ("Arbete", "Arbete, studier, arbetssökande", True),
        ("Studier", "Arbete, studier, arbetssökande", True),
        ("Arbetsförmedlingen", "Arbete, studier, arbetssökande", False),
        ("Rehabiliteringssamverkan", "Fortsatt rehabilitering", False),
        ("Jobbtorg/AMF insatser", "Fortsatt rehabilitering", False),
        ("FINSAM-insats", "Fortsatt rehabilitering", False),
        ("Sysselsättning/daglig verksamhet", "Fortsatt rehabilitering", False),
        ("Varaktig sjukersättning", "Sjukdom", False),
        ("Medicinsk och/eller psykologisk utredning/vård/rehabilitering", "Sjukdom", False),
        ("Övriga avslutsorsaker", "Annat", False),
    ]


def test_earlier_exit_reasons_are_kept_retired_with_their_groups():
    earlier = Avslutsorsak.objects.filter(generation__in=["2021", "bada"])
    assert {(a.namn, a.grupp.namn) for a in earlier} == {
        ("Arbete", "Arbete, studier, arbetssökande"),
        ("Studier", "Arbete, studier, arbetssökande"),
        ("Arbetssökande", "Arbete, studier, arbetssökande"),
        ("Fortsatt rehabilitering", "Fortsatt rehabilitering"),
        ("Sjukdom", "Sjukdom"),
        ("Annat", "Annat"),
    }
    assert not Avslutsorsak.objects.filter(generation="2021", aktiv=True).exists()


def test_avslutsgrupper():
    assert labels(Avslutsgrupp) == ["Arbete, studier, arbetssökande", "Fortsatt rehabilitering", "Sjukdom", "Annat"]


def test_anmalande_parter_with_sub_units_of_stockholms_stad():
    assert len(labels(AnmalandePart)) == 9
    stad = AnmalandePart.objects.get(namn="Stockholms stad")
    assert sorted(stad.underenheter.values_list("namn", flat=True)) == [
        "Stockholms stad – jobbtorg/arbetsmarknadsförvaltningen",
        "Stockholms stad – socialförvaltningen",
        "Stockholms stad – stadsdelsförvaltning",
    ]
    for namn in ["Region Stockholm (hälso- och sjukvården)", "Försäkringskassan", "Arbetsförmedlingen", "Egen anmälan", "Annan"]:
        assert namn in labels(AnmalandePart)


def test_stadsdelar_with_their_local_area():
    assert dict(Stadsdel.objects.values_list("namn", "lsg_omrade")) == {
        "Järva": "jarva",
        "Hässelby-Vällingby": "vasterort",
        "Bromma": "vasterort",
        "Kungsholmen-Norra innerstaden": "city",
        "Södermalm": "city",
        "Östermalm": "city",
        "Hägersten-Älvsjö": "soderort",
        "Skärholmen": "soderort",
        "Enskede-Årsta-Vantör": "soderort",
        "Farsta": "soderort",
        "Skarpnäck": "soderort",
        "Okänd/vill ej uppge": "",
        "Hemlös": "",
    }


def test_insatser_of_the_seeds():
    assert set(labels(Insats)) == {
        "Myndighetsgemensamt team",
        "Aktivitetsplatsen",
        "Novum",
        "Integrering av IPS i psykosvården",
        "IPS för personer med beroendeproblematik",
        "Hälsofrämjande insatser för nyanlända",
        "MIA Vidare",
        "Rätt stöd för mig!",
        "Samordnat stöd",
        "Arbetslagshälsan",
        "Arbetsträning",
    }


def test_myndighetsgemensamt_team_counts_at_start_and_is_found_by_its_former_name():
    mgt = Insats.objects.by_name("FINSAM-team").get()
    assert mgt.namn == "Myndighetsgemensamt team"
    assert mgt.raknas_vid_start
    assert mgt.uppfoljningar == [3, 6, 12]
    assert Insats.objects.by_name("mgt").get() == mgt


def test_halsofrojande_registers_neither_background_nor_exit_reasons():
    insats = Insats.objects.get(namn="Hälsofrämjande insatser för nyanlända")
    assert not insats.registrerar_bakgrund
    assert not insats.registrerar_avslutsorsak


def test_retired_codes_are_not_offered_but_kept_for_a_row_that_holds_one():
    sjukdom = Avslutsorsak.objects.get(kod="sjukdom")
    assert sjukdom not in Avslutsorsak.objects.offered()
    assert sjukdom in Avslutsorsak.objects.offered(sjukdom.pk)


def test_lookup_accepts_code_and_label_case_insensitively():
    table = Utbildning.objects.lookup()
    assert table["gymnasieutbildning"] == table["GYMNASIEUTBILDNING".lower()]
    assert table["uppgift saknas"].kod == "uppgift-saknas"
