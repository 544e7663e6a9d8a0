"""Figures drawn from hand-made tables: small share bases and values outside the axis."""

import datetime

import pytest

from rapporter import berakna
from rapporter.figurer import figur_for

from .halvar2025 import Byggare

pytestmark = pytest.mark.django_db


def test_the_exit_reason_figure_is_left_out_when_its_total_base_is_under_ten():
    byggare = Byggare()
    byggare.lagg_till(
        "Novum", start=datetime.date(2024, 1, 8), slut=datetime.date(2024, 2, 29), orsak="sjukdom"
    )
    byggare.spara()
    dag = datetime.date(2024, 2, 29)
    tabell = berakna("avslutsorsak", fran=dag, till=dag)
    andelar = {r["etikett"]: r["varden"][-1] for r in tabell["rader"] if r["varden"][-2]}
    assert andelar == {"Sjukdom": 100.0}
    assert figur_for(tabell) is None


def test_the_exit_reason_figure_is_drawn_from_a_base_of_ten():
    byggare = Byggare()
    for _ in range(10):
        byggare.lagg_till(
            "Novum", start=datetime.date(2024, 1, 8), slut=datetime.date(2024, 2, 29), orsak="sjukdom"
        )
    byggare.spara()
    dag = datetime.date(2024, 2, 29)
    figur = figur_for(berakna("avslutsorsak", fran=dag, till=dag))
    andelar = dict(zip(figur.kategorier, figur.serier[0].varden))
    assert {k: v for k, v in andelar.items() if v} == {"Sjukdom": 100.0}
