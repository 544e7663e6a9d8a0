"""Properties of the reports on random participant sets (hypothesis)."""

import datetime
import functools

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rapporter import berakna_alla

from .avslojande import avslojbara
from .halvar2025 import Byggare

D = datetime.date
START = D(2023, 1, 1)
INSATSER = ["MGT", "Aktivitetsplatsen", "Novum", "Hälsofrämjande"]
ORSAKER = ["arbete", "studier", "jobbtorg-amf", "ovriga", "sjukdom", "annat", None]

deltagare = st.fixed_dictionaries(
    {
        "insats": st.sampled_from(INSATSER),
        "kon": st.sampled_from(["K", "M", "A"]),
        "samtycke": st.booleans(),
        "start": st.integers(0, 3 * 365),
        "langd": st.one_of(st.none(), st.integers(0, 500)),
        "orsak": st.sampled_from(ORSAKER),
        "fodelsear": st.integers(1960, 2000),
    }
)
perioder = st.tuples(st.integers(0, 3 * 365), st.integers(0, 400))

# Tables whose count columns left of "Totalt" add up to it, and whose share columns of those
# counts add up to 100 down the rows.
MED_TOTALT = [
    "avslutsorsak-insats-kon",
    "avslutsgrupp-kon",
    "utbildning-insats",
    "aldersgrupp-insats",
    "aktiva",
    "borjade",
    "avslutade",
    "avslutsorsak",
    "avslutsorsak-kon",
    "avslutsgrupp",
    "utbildning",
    "aldersgrupp",
    "anmalande-part",
    "stadsdel",
    "tid-utan-arbete",
    "forsorjning",
    "flerar",
    "stegforflyttning",
]
KOLUMNANDELAR = [
    "avslutsorsak",
    "avslutsorsak-kon",
    "utbildning",
    "aldersgrupp",
    "stadsdel",
    "tid-utan-arbete",
    "forsorjning",
    "anmalande-part",
    "flerar",
    "avslutsgrupp-kon",
    "utbildning-insats",
    "aldersgrupp-insats",
]


def skapa(rader: list[dict]) -> None:
    byggare = Byggare()
    for rad in rader:
        start = START + datetime.timedelta(days=rad["start"])
        slut = None if rad["langd"] is None else start + datetime.timedelta(days=rad["langd"])
        insats = byggare.insatser[rad["insats"]]
        orsak = rad["orsak"] if slut and insats.registrerar_avslutsorsak else None
        byggare.lagg_till(
            rad["insats"],
            kon=rad["kon"],
            start=start,
            slut=slut,
            orsak=orsak,
            samtycke=rad["samtycke"],
            **({"fodelsear": rad["fodelsear"]} if rad["samtycke"] and insats.registrerar_bakgrund else {}),
        )
    byggare.spara()


def period(fran_dag: int, langd: int) -> dict:
    fran = START + datetime.timedelta(days=fran_dag)
    return {"fran": fran, "till": fran + datetime.timedelta(days=langd)}


def i_sparpunkt(test):
    """Each example writes in a savepoint that is rolled back: examples never see each other."""

    @functools.wraps(test)
    def kor(*args, **kwargs):
        with transaction.atomic():
            try:
                test(*args, **kwargs)
            finally:
                transaction.set_rollback(True)

    return kor


EXEMPEL = settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@pytest.mark.django_db
@EXEMPEL
@given(st.lists(deltagare, max_size=30), perioder)
@i_sparpunkt
def test_remaining_plus_started_minus_ended_is_what_remains(rader, urval):
    skapa(rader)
    flode = berakna_alla(**period(*urval))[0]
    kvar_fran, borjade, avslutade, kvar_till = (r["varden"] for r in flode["rader"])
    for j in range(len(flode["kolumner"])):
        assert kvar_fran[j] + borjade[j] - avslutade[j] == kvar_till[j]
        assert flode["summa"]["varden"][j] == kvar_fran[j] + borjade[j]


@pytest.mark.django_db
@EXEMPEL
@given(st.lists(deltagare, max_size=30), perioder)
@i_sparpunkt
def test_rows_add_up_to_the_total_row_and_counts_to_the_total_column(rader, urval):
    skapa(rader)
    for data in berakna_alla(**period(*urval)):
        if data["rapport"] == "flode":
            continue
        for j, typ in enumerate(data["kolumntyper"]):
            if typ == "antal" and data["summa"]["varden"][j] is not None:
                # None is "not applicable" (e.g. exits of an insats without exit reasons).
                assert sum(r["varden"][j] or 0 for r in data["rader"]) == data["summa"]["varden"][j], data["rapport"]
        if data["rapport"] in MED_TOTALT:
            total = data["kolumner"].index("Totalt")
            for rad in [*data["rader"], data["summa"]]:
                delar = [v for v, typ in zip(rad["varden"][:total], data["kolumntyper"]) if typ == "antal"]
                assert sum(delar) == rad["varden"][total], (data["rapport"], rad["etikett"])


@pytest.mark.django_db
@EXEMPEL
@given(st.lists(deltagare, max_size=30), perioder)
@i_sparpunkt
def test_shares_add_up_to_100_within_rounding(rader, urval):
    skapa(rader)
    for data in berakna_alla(**period(*urval)):
        andelar = [j for j, typ in enumerate(data["kolumntyper"]) if typ == "andel"]
        if data["rapport"] in KOLUMNANDELAR:
            for j in andelar:
                # Shares of those with a known answer: rows of missing answers have none.
                varden = [r["varden"][j] for r in data["rader"] if not r.get("saknas")]
                if varden and all(v is not None for v in varden):
                    assert abs(sum(varden) - 100) <= 0.05 * len(varden) + 1e-9, data["rapport"]
        if data["rapport"] == "avslutsgrupp":
            for rad in data["rader"]:
                varden = [rad["varden"][j] for j in andelar]
                if all(v is not None for v in varden):
                    assert abs(sum(varden) - 100) <= 0.05 * len(varden) + 1e-9


@pytest.mark.django_db
@EXEMPEL
@given(st.lists(deltagare, max_size=40), perioder)
@i_sparpunkt
def test_publication_never_reveals_a_masked_count_through_a_total(rader, urval):
    skapa(rader)
    omaskerade = berakna_alla(**period(*urval))
    for data, original in zip(berakna_alla(**period(*urval), publicering=True), omaskerade):
        assert avslojbara(data, original) == set(), data["rapport"]
