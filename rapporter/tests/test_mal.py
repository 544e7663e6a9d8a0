"""Table 14, förväntat resultat and utfall (docs/regler.md §3), and lots and arbetsträning by
kön in the flow (table 1)."""

import datetime

import pytest

from deltagare.models import Avslutsgrupp, Avslutsorsak, EjGenomfordOrsak, Uppfoljning, Uppfoljningsutfall
from insatser.models import Insats, Mal
from rapporter import berakna

from .halvar2025 import Byggare, bygg_halvar_2025

pytestmark = pytest.mark.django_db

D = datetime.date
H1 = {"fran": D(2025, 1, 1), "till": D(2025, 6, 30)}
AR = {"fran": D(2025, 1, 1), "till": D(2025, 12, 31)}


def rader(data: dict) -> dict[str, dict]:
    """Row label → column label → value, with the row's extra keys under "_"."""
    return {
        r["etikett"]: {**dict(zip(data["kolumner"], r["varden"])), "_": r}
        for r in data["rader"]
    }


def test_the_half_year_targets_2025_are_pro_rated_with_the_year_target_beside():
    bygg_halvar_2025()
    data = berakna("malupfyllelse", **H1)
    varden = rader(data)
    forvantat = {namn: varden[namn]["Förväntat antal"] for namn in varden if " – " not in namn}
    assert forvantat == {
        "Myndighetsgemensamt team": 35.0,
        "Aktivitetsplatsen": 70.0,
        "Novum": 40.0,
        "Integrering av IPS i psykosvården": 65.0,
        "IPS för personer med beroendeproblematik": 50.0,
    }
    mgt = varden["Myndighetsgemensamt team"]
    assert mgt["Förväntat antal, helår eller hela projektperioden"] == 70
    assert (mgt["Utfall"], mgt["Kvinnor"], mgt["Män"], mgt["Annan könsidentitet"]) == (45, 30, 14, 1)
    assert mgt["Utfall i förhållande till förväntat antal (%)"] == round(100 * 45 / 35, 1)
    assert mgt["_"]["andel_av_malperioden"] == 0.5
    assert data["rader"][0]["etikett"] == "Myndighetsgemensamt team"


def test_a_whole_year_is_compared_with_the_whole_target():
    bygg_halvar_2025()
    mgt = rader(berakna("malupfyllelse", **AR))["Myndighetsgemensamt team"]
    assert (mgt["Förväntat antal"], mgt["Förväntat antal, helår eller hela projektperioden"]) == (70, 70)


def test_over_several_years_each_year_has_its_rows_and_its_own_goals():
    byggare = Byggare()
    byggare.lagg_till("Novum", start=D(2024, 5, 6), slut=D(2025, 2, 3), orsak="arbete")
    byggare.spara()
    data = berakna("malupfyllelse", fran=D(2024, 1, 1), till=D(2025, 12, 31), insatser=[Insats.objects.get(kortnamn="Novum")])
    varden = rader(data)
    assert list(varden) == ["Novum 2024", "Novum 2025"]
    assert (varden["Novum 2024"]["Utfall"], varden["Novum 2024"]["Förväntat antal"]) == (1, None)
    assert (varden["Novum 2025"]["Utfall"], varden["Novum 2025"]["Förväntat antal"]) == (1, 80)
    assert varden["Novum 2025"]["_"]["ar"] == 2025


def test_every_kind_of_goal_is_reported_against_its_outcome():
    novum = Insats.objects.get(kortnamn="Novum")
    fortsatt = Mal.objects.create(insats=novum, ar=2025, typ="utfall", andel=40, beskrivning="Till fortsatt rehabilitering")
    fortsatt.avslutsgrupper.set(Avslutsgrupp.objects.filter(kod="fortsatt-rehabilitering"))
    Mal.objects.create(insats=novum, ar=2025, typ="lots", andel=20)
    Mal.objects.create(insats=novum, ar=2025, typ="arbetstraning", antal=4)
    Mal.objects.create(insats=novum, ar=2025, typ="uppfoljning", andel=35)
    Mal.objects.create(insats=novum, ar=2025, typ="kvalitativt", beskrivning="En modell för samverkan", bedomning="delvis")
    byggare = Byggare()
    arbete = byggare.lagg_till("Novum", kon="K", start=D(2025, 2, 3), slut=D(2025, 5, 5), orsak="arbete", lots=True)
    byggare.lagg_till("Novum", kon="M", start=D(2025, 2, 3), slut=D(2025, 5, 5), orsak="jobbtorg-amf", arbetstraning=True)
    byggare.lagg_till("Novum", kon="M", start=D(2025, 2, 3), slut=D(2025, 5, 5), orsak="rehabiliteringssamverkan")
    byggare.lagg_till("Novum", kon="K", start=D(2025, 2, 3), slut=D(2025, 5, 5), orsak="ovriga")
    pagar = byggare.lagg_till("Novum", kon="K", start=D(2025, 2, 3), lots=True, arbetstraning=True)
    byggare.spara()
    studier = Uppfoljningsutfall.objects.get(kod="studier")
    Uppfoljning.objects.create(deltagare=pagar, manader=3, planerad_datum=D(2025, 5, 3), utford_datum=D(2025, 5, 5), utfall=studier)
    Uppfoljning.objects.create(
        deltagare=arbete, manader=3, planerad_datum=D(2025, 5, 3), utford_datum=D(2025, 5, 5),
        utfall=Uppfoljningsutfall.objects.get(kod="ingen-aktivitet"),
    )
    Uppfoljning.objects.create(
        deltagare=pagar, manader=6, planerad_datum=D(2025, 8, 3), utford_datum=D(2025, 8, 5),
        ej_genomford_orsak=EjGenomfordOrsak.objects.get(kod="ej-nadd"),
    )
    varden = rader(berakna("malupfyllelse", **AR))

    deltagare = varden["Novum"]
    assert (deltagare["Utfall"], deltagare["Förväntat antal"], deltagare["Andel kvinnor (%)"]) == (5, 80, 60.0)
    till_fortsatt = varden["Novum – Avslutade till Fortsatt rehabilitering"]
    assert (till_fortsatt["Utfall"], till_fortsatt["Män"], till_fortsatt["Bas för andelen"]) == (2, 2, 4)
    assert (till_fortsatt["Förväntad andel (%)"], till_fortsatt["Andel (%)"]) == (40, 50.0)
    lots = varden["Novum – Med lots"]
    assert (lots["Utfall"], lots["Kvinnor"], lots["Bas för andelen"], lots["Andel (%)"]) == (2, 2, 5, 40.0)
    assert lots["Förväntad andel (%)"] == 20
    arbetstraning = varden["Novum – Med arbetsträning"]
    assert (arbetstraning["Utfall"], arbetstraning["Förväntat antal"]) == (2, 4)
    assert arbetstraning["Utfall i förhållande till förväntat antal (%)"] == 50.0
    vid_uppfoljning = varden["Novum – I arbete eller studier vid uppföljning"]
    assert (vid_uppfoljning["Utfall"], vid_uppfoljning["Bas för andelen"], vid_uppfoljning["Andel (%)"]) == (1, 2, 50.0)
    assert varden["Novum – Uppföljning: Studier"]["Utfall"] == 1
    assert varden["Novum – Uppföljning: Ingen aktivitet"]["Utfall"] == 1
    assert varden["Novum – Uppföljning kunde inte genomföras: Deltagaren gick inte att nå"]["Utfall"] == 1
    kvalitativt = varden["Novum – En modell för samverkan"]
    assert kvalitativt["Utfall"] is None
    assert (kvalitativt["_"]["typ"], kvalitativt["_"]["bedomning"]) == ("kvalitativt", "Delvis uppnått")


def test_a_project_period_goal_is_whole_over_its_period_and_pro_rated_over_a_year():
    byggare = Byggare()
    for _ in range(3):
        byggare.lagg_till("MIA", start=D(2021, 3, 1), slut=D(2021, 9, 1), orsak="fortsatt-rehabilitering", arbetstraning=True)
    byggare.spara()
    mia = [Insats.objects.get(kortnamn="MIA")]
    hela = rader(berakna("malupfyllelse", fran=D(2020, 6, 1), till=D(2022, 9, 30), insatser=mia))
    deltagare = hela["MIA Vidare 2020-06-01–2022-09-30"]
    assert (deltagare["Förväntat antal"], deltagare["Utfall"], deltagare["Förväntad andel kvinnor (%)"]) == (184, 3, 60)
    assert hela["MIA Vidare 2020-06-01–2022-09-30 – Med arbetsträning"]["Utfall"] == 3
    assert hela["MIA Vidare 2020-06-01–2022-09-30 – Avslutade till Fortsatt rehabilitering"]["Andel (%)"] == 100.0
    ar_2021 = rader(berakna("malupfyllelse", fran=D(2021, 1, 1), till=D(2021, 12, 31), insatser=mia))
    assert ar_2021["MIA Vidare"]["Förväntat antal"] == round(184 * 12 / 28, 1)
    assert ar_2021["MIA Vidare – Med arbetsträning"]["Förväntat antal"] == round(60 * 12 / 28, 1)


def test_publication_masks_a_small_count_wherever_it_stands():
    byggare = Byggare()
    for _ in range(3):
        byggare.lagg_till("Novum", start=D(2025, 2, 3), lots=True)
    byggare.spara()
    data = berakna("malupfyllelse", **AR, publicering=True)
    varden = rader(data)
    assert varden["Novum"]["Utfall"] is None
    # The same three people are the base of the lots share: masked there too.
    assert varden["Novum – Med lots"]["Bas för andelen"] is None
    assert varden["Novum"]["Förväntat antal"] == 80  # targets are never masked
    assert data["maskerad"] is True


def test_the_flow_counts_lots_and_arbetstraning_by_kon():
    byggare = Byggare()
    byggare.lagg_till("Aktivitetsplatsen", kon="K", start=D(2025, 2, 3), lots=True, arbetstraning=True)
    byggare.lagg_till("Aktivitetsplatsen", kon="M", start=D(2024, 9, 2), lots=True)
    byggare.lagg_till("Aktivitetsplatsen", kon="K", start=D(2024, 9, 2), slut=D(2024, 12, 2), lots=True)  # not in H1
    byggare.spara()
    data = berakna("flode", **H1)
    extra = {r["etikett"]: dict(zip(data["kolumner"], r["varden"])) for r in data["extrarader"]}
    # The contract's three kön columns, Annan könsidentitet at 0 (nobody of the period has it).
    assert extra["Varav med lots"] == {"Antal": 2, "Kvinnor": 1, "Män": 1, "Annan könsidentitet": 0}
    assert extra["Varav med arbetsträning"] == {"Antal": 1, "Kvinnor": 1, "Män": 0, "Annan könsidentitet": 0}
    assert [r["etikett"] for r in data["rader"]] == [
        "Kvar från föregående period",
        "Började",
        "Avslutade",
        "Kvar till nästa period",
    ]


def test_an_outcome_goal_names_its_groups_then_its_reasons_in_the_code_lists_order_on_every_database():
    # Aktivitetsplatsen's goal counts a group and a reason; the names came in the order the
    # database joined them, so the label (part of the JSON contract) differed between databases.
    aktivitetsplatsen = [Insats.objects.get(kortnamn="Aktivitetsplatsen")]
    etiketter = list(rader(berakna("malupfyllelse", fran=D(2022, 1, 1), till=D(2022, 6, 30), insatser=aktivitetsplatsen)))
    assert "Aktivitetsplatsen – Avslutade till Arbete, studier, arbetssökande eller Fortsatt rehabilitering" in etiketter


def test_the_data_quality_table_names_an_ended_insats_whose_participants_were_never_closed():
    byggare = Byggare()
    byggare.lagg_till("MIA", start=D(2021, 3, 1))
    byggare.lagg_till("MIA", start=D(2021, 4, 1), slut=D(2021, 9, 1), orsak="fortsatt-rehabilitering")
    byggare.spara()
    Insats.objects.filter(kortnamn="MIA").update(slutdatum=D(2022, 9, 30))
    noter = berakna("datakvalitet", fran=D(2023, 1, 1), till=D(2023, 6, 30))["noter"]
    assert (
        "Insatser som har slutat men har deltagare utan slutdatum (de räknas som aktiva efter insatsens slut "
        "tills de avslutas): MIA Vidare (1)."
    ) in noter


def test_the_data_quality_table_says_nothing_of_an_ended_insats_whose_participants_were_all_closed():
    byggare = Byggare()
    byggare.lagg_till("MIA", start=D(2021, 4, 1), slut=D(2021, 9, 1), orsak="fortsatt-rehabilitering")
    byggare.spara()
    Insats.objects.filter(kortnamn="MIA").update(slutdatum=D(2022, 9, 30))
    noter = berakna("datakvalitet", fran=D(2021, 1, 1), till=D(2023, 12, 31))["noter"]
    assert not any("Insatser som har slutat" in n for n in noter)


def test_an_outcome_goal_orders_its_names_by_the_code_lists_not_by_id_or_name_and_says_a_shared_name_once():
    # Sjukdom is both a group and a reason; the group is moved first in its list, against the
    # order of ids and of the alphabet.
    byggare = Byggare()
    byggare.lagg_till("Novum", start=D(2025, 2, 3))
    byggare.spara()
    sjukdom = Avslutsgrupp.objects.get(kod="sjukdom")
    Avslutsgrupp.objects.filter(pk=sjukdom.pk).update(sortering=5)
    mal = Mal.objects.create(insats=Insats.objects.get(kortnamn="Novum"), ar=2025, typ=Mal.Typ.UTFALL, andel=10, sortering=99)
    mal.avslutsgrupper.set([sjukdom, Avslutsgrupp.objects.get(kod="fortsatt-rehabilitering")])
    mal.avslutsorsaker.set([Avslutsorsak.objects.get(kod="sjukdom", generation="2021")])
    etiketter = list(rader(berakna("malupfyllelse", **AR)))
    assert "Novum – Avslutade till Sjukdom eller Fortsatt rehabilitering" in etiketter


def test_published_the_data_quality_note_names_the_ended_insats_without_its_small_count():
    byggare = Byggare()
    byggare.lagg_till("MIA", start=D(2021, 3, 1))
    byggare.spara()
    Insats.objects.filter(kortnamn="MIA").update(slutdatum=D(2022, 9, 30))
    noter = berakna("datakvalitet", fran=D(2023, 1, 1), till=D(2023, 6, 30), publicering=True)["noter"]
    assert (
        "Insatser som har slutat men har deltagare utan slutdatum (de räknas som aktiva efter insatsens slut "
        "tills de avslutas): MIA Vidare."
    ) in noter
