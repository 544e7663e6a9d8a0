"""A constant number of SQL queries per table, whatever the number of rows and insatser."""

import datetime
import itertools

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from insatser.models import Insats
from rapporter import RAPPORTNAMN, berakna, berakna_alla

from .halvar2025 import Byggare, bygg_halvar_2025

pytestmark = pytest.mark.django_db

D = datetime.date
PERIOD = {"fran": D(2024, 7, 1), "till": D(2025, 6, 30)}


def antal_fragor(funktion) -> int:
    with CaptureQueriesContext(connection) as fragor:
        funktion()
    return len(fragor.captured_queries)


def fler_deltagare() -> None:
    """More rows, in every insats and over several years."""
    byggare = Byggare()
    orsaker = itertools.cycle(["arbete", "studier", "ovriga", "sjukdom", "jobbtorg-amf"])
    for kortnamn in byggare.insatser:
        for manad in range(1, 13):
            slut = D(2025, manad, 20) if manad <= 6 else None
            insats = byggare.insatser[kortnamn]
            orsak = next(orsaker) if slut and insats.registrerar_avslutsorsak else None
            byggare.lagg_till(kortnamn, kon="KMA"[manad % 3], start=D(2024, manad, 2), slut=slut, orsak=orsak)
    byggare.spara()


@pytest.mark.parametrize("namn", RAPPORTNAMN)
def test_each_table_takes_the_same_number_of_queries_at_small_and_larger_data(namn):
    byggare = Byggare()
    byggare.lagg_till("Novum", start=D(2025, 2, 3))
    byggare.spara()
    lite = antal_fragor(lambda: berakna(namn, **PERIOD))
    bygg_halvar_2025()
    fler_deltagare()
    mer = antal_fragor(lambda: berakna(namn, **PERIOD))
    assert mer == lite
    # The insatser, their former names, the two scans, code lists, and what gallring froze (the
    # period begins before this year).
    assert lite <= 7


def test_the_whole_report_set_shares_its_queries():
    bygg_halvar_2025()
    fler_deltagare()
    alla = antal_fragor(lambda: berakna_alla(**PERIOD))
    valda = list(Insats.objects.all())
    assert antal_fragor(lambda: berakna_alla(**PERIOD, insatser=valda)) == alla - 1
    assert alla <= 16


def test_masking_for_publication_adds_no_queries():
    bygg_halvar_2025()
    assert antal_fragor(lambda: berakna_alla(**PERIOD, publicering=True)) == antal_fragor(
        lambda: berakna_alla(**PERIOD)
    )
