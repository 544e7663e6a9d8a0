"""Förväntat resultat as goals of their own (docs/regler.md §3): every kind the business plan
uses can be entered, the rules name the field, targets are pro-rated over part of a period."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from deltagare.models import Avslutsgrupp, Avslutsorsak
from insatser.models import Insats, Mal, manader
from insatser.services import mal_spara, mal_ta_bort

pytestmark = pytest.mark.django_db

D = datetime.date


def nytt(insats, **falt) -> Mal:
    return Mal(insats=insats, **falt)


def test_every_kind_of_goal_in_the_business_plan_can_be_entered(kansli, mgt, insats_a):
    mia = Insats.objects.get(kortnamn="MIA")
    projekt = {"period_fran": D(2020, 6, 1), "period_till": D(2022, 9, 30)}
    sparade = [
        mal_spara(user=kansli, mal=nytt(mgt, ar=2023, typ="deltagare", antal=200, andel_kvinnor=50)),
        mal_spara(
            user=kansli,
            mal=nytt(insats_a, ar=2023, typ="utfall", andel=50, beskrivning="Ordinarie insatser hos AF och Jobbtorg"),
            avslutsgrupper=Avslutsgrupp.objects.filter(kod__in=["arbete-studier-arbetssokande", "fortsatt-rehabilitering"]),
        ),
        mal_spara(
            user=kansli,
            mal=nytt(mia, **projekt, typ="utfall", andel=40, beskrivning="Arbetsförmedlingen eller Jobbtorg"),
            avslutsorsaker=Avslutsorsak.objects.filter(kod__in=["arbetsformedlingen", "jobbtorg-amf"]),
        ),
        mal_spara(user=kansli, mal=nytt(mgt, ar=2023, typ="lots", andel=20)),
        mal_spara(user=kansli, mal=nytt(mgt, ar=2024, typ="lots", antal=15)),
        mal_spara(user=kansli, mal=nytt(mia, **projekt, typ="arbetstraning", antal=60)),
        mal_spara(user=kansli, mal=nytt(mia, **projekt, typ="uppfoljning", andel=35, beskrivning="Börjar arbeta")),
        mal_spara(
            user=kansli,
            mal=nytt(mgt, ar=2023, typ="kvalitativt", beskrivning="100 procent ska ha en gemensam plan", bedomning="uppnatt"),
        ),
    ]
    assert {m.typ for m in sparade} == set(Mal.Typ.values)
    assert sorted(sparade[1].avslutsgrupper.values_list("kod", flat=True)) == [
        "arbete-studier-arbetssokande",
        "fortsatt-rehabilitering",
    ]
    assert sorted(sparade[2].avslutsorsaker.values_list("kod", flat=True)) == ["arbetsformedlingen", "jobbtorg-amf"]
    assert Mal.objects.get(pk=sparade[-1].pk).get_bedomning_display() == "Uppnått"


def test_the_business_plan_2022_and_the_half_year_targets_2025_are_loaded():
    planen = Mal.objects.filter(ar=2022) | Mal.objects.filter(period_till__year=2022)
    assert {m.insats.kortnamn for m in planen} == {
        "MGT",
        "Aktivitetsplatsen",
        "Arbetsträning",
        "MIA",
        "RSFM",
        "IPS-psykos",
        "Samordnat stöd",
    }
    assert {m.typ for m in planen} == set(Mal.Typ.values)
    ar_2025 = {m.insats.kortnamn: m.antal for m in Mal.objects.filter(ar=2025, typ="deltagare")}
    assert ar_2025 == {"MGT": 70, "Aktivitetsplatsen": 140, "Novum": 80, "IPS-psykos": 130, "IPS-beroende": 100}
    lots = Mal.objects.get(insats__kortnamn="MGT", ar=2022, typ="lots")
    assert lots.andel == 20
    mia = Mal.objects.get(insats__kortnamn="MIA", typ="deltagare")
    assert (mia.period_fran, mia.period_till, mia.antal, mia.andel_kvinnor) == (D(2020, 6, 1), D(2022, 9, 30), 184, 60)


@pytest.mark.parametrize(
    ("falt", "fel"),
    [
        ({"ar": 2023, "typ": "deltagare"}, {"antal": ["Ange förväntat antal deltagare."]}),
        ({"ar": 2023, "typ": "deltagare", "antal": 5, "andel": 10}, {"andel": ["Ett mål om antal deltagare har ingen förväntad andel; ange andel kvinnor i stället."]}),
        ({"ar": 2023, "typ": "utfall", "antal": 5}, {"andel": ["Ange förväntad andel i procent."], "antal": ["Målet anges som en andel i procent, inte som ett antal."]}),
        ({"ar": 2023, "typ": "lots"}, {"antal": ["Ange antingen förväntat antal deltagare eller förväntad andel i procent."]}),
        ({"ar": 2023, "typ": "lots", "antal": 3, "andel": 20}, {"antal": ["Ange antingen förväntat antal deltagare eller förväntad andel i procent."]}),
        ({"ar": 2023, "typ": "kvalitativt"}, {"beskrivning": ["Ett kvalitativt mål behöver en beskrivning."]}),
        ({"ar": 2023, "typ": "lots", "andel": 20, "andel_kvinnor": 50}, {"andel_kvinnor": ["Förväntad andel kvinnor anges bara för mål om antal deltagare."]}),
        ({"typ": "deltagare", "antal": 5}, {"ar": ["Ange året eller projektperioden som målet gäller."]}),
        ({"typ": "deltagare", "antal": 5, "period_fran": D(2022, 1, 1)}, {"period_till": ["Ange projektperiodens sista dag."]}),
        ({"typ": "deltagare", "antal": 5, "period_fran": D(2022, 1, 1), "period_till": D(2021, 1, 1)}, {"period_till": ["Projektperioden får inte sluta före den börjar."]}),
        ({"typ": "deltagare", "antal": 5, "ar": 2022, "period_fran": D(2022, 1, 1), "period_till": D(2022, 6, 30)}, {"ar": ["Ange antingen ett år eller en projektperiod, inte båda."]}),
    ],
)
def test_a_goal_that_does_not_fit_its_kind_is_refused_at_the_field(kansli, mgt, falt, fel):
    with pytest.raises(ValidationError) as info:
        mal_spara(user=kansli, mal=nytt(mgt, **falt))
    assert info.value.message_dict == fel
    assert not Mal.objects.filter(insats=mgt, ar=2023).exists()


def test_an_outcome_goal_needs_its_reasons_or_groups_and_others_have_none(kansli, mgt):
    with pytest.raises(ValidationError) as info:
        mal_spara(user=kansli, mal=nytt(mgt, ar=2023, typ="utfall", andel=40))
    assert info.value.message_dict == {
        "avslutsorsaker": ["Välj minst en avslutsorsak eller avslutsgrupp som räknas som utfallet."]
    }
    with pytest.raises(ValidationError) as info:
        mal_spara(user=kansli, mal=nytt(mgt, ar=2023, typ="lots", andel=20), avslutsgrupper=Avslutsgrupp.objects.all()[:1])
    assert info.value.message_dict == {
        "avslutsorsaker": ["Avslutsorsaker och avslutsgrupper anges bara för mål om andel avslutade till ett utfall."]
    }
    assert not Mal.objects.filter(insats=mgt, ar=2023).exists()


def test_an_insats_has_one_participant_count_goal_per_year(kansli, mgt):
    with pytest.raises(ValidationError) as info:
        mal_spara(user=kansli, mal=nytt(mgt, ar=2025, typ="deltagare", antal=71))
    assert info.value.messages == ["Insatsen har redan ett mål för antal deltagare det året."]


def test_project_leaders_may_not_enter_goals(leader_a, insats_a):
    with pytest.raises(PermissionDenied, match="Förväntade resultat anges av kansliet och administratörer."):
        mal_spara(user=leader_a, mal=nytt(insats_a, ar=2023, typ="deltagare", antal=10))
    mal = Mal.objects.filter(insats=insats_a).first()
    with pytest.raises(PermissionDenied):
        mal_ta_bort(user=leader_a, mal=mal)
    assert Mal.objects.filter(pk=mal.pk).exists()


def test_a_half_year_is_half_of_a_year_whatever_the_number_of_days():
    assert manader(D(2025, 1, 1), D(2025, 6, 30)) == 6
    assert manader(D(2025, 7, 1), D(2025, 12, 31)) == 6
    assert manader(D(2024, 1, 1), D(2024, 12, 31)) == 12
    assert manader(D(2025, 2, 15), D(2025, 2, 28)) == pytest.approx(0.5)


def test_a_count_target_is_pro_rated_over_the_part_of_its_period_that_a_report_covers(mgt):
    ar = Mal(insats=mgt, ar=2025, typ="deltagare", antal=70)
    assert ar.forvantat_antal(D(2025, 1, 1), D(2025, 6, 30)) == 35
    assert ar.forvantat_antal(D(2025, 1, 1), D(2025, 12, 31)) == 70
    assert ar.forvantat_antal(D(2024, 7, 1), D(2025, 3, 31)) == 17.5
    projekt = Mal(insats=mgt, period_fran=D(2020, 6, 1), period_till=D(2022, 9, 30), typ="deltagare", antal=184)
    assert projekt.forvantat_antal(D(2020, 1, 1), D(2022, 12, 31)) == 184
    assert projekt.forvantat_antal(D(2021, 1, 1), D(2021, 12, 31)) == round(184 * 12 / 28, 1)
    andel = Mal(insats=mgt, ar=2025, typ="lots", andel=20)
    assert andel.forvantat_antal(D(2025, 1, 1), D(2025, 6, 30)) is None
