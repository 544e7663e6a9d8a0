"""Figures drawn from hand-made tables: small share bases and values outside the axis."""

import datetime
import re

import pytest

from rapporter import berakna
from rapporter.figurer import Figur, Serie, figur_for, png, svg
from rapporter.figurer.rita import layout

from .halvar2025 import Byggare

pytestmark = pytest.mark.django_db


def test_the_exit_reason_figure_is_left_out_when_its_total_base_is_under_ten():
    byggare = Byggare()
    byggare.lagg_till("Novum", start=datetime.date(2024, 1, 8), slut=datetime.date(2024, 2, 29), orsak="sjukdom")
    byggare.spara()
    dag = datetime.date(2024, 2, 29)
    tabell = berakna("avslutsorsak", fran=dag, till=dag)
    andelar = {r["etikett"]: r["varden"][-1] for r in tabell["rader"] if r["varden"][-2]}
    assert andelar == {"Sjukdom": 100.0}
    assert figur_for(tabell) is None


def test_the_exit_reason_figure_is_drawn_from_a_base_of_ten():
    byggare = Byggare()
    for _ in range(10):
        byggare.lagg_till("Novum", start=datetime.date(2024, 1, 8), slut=datetime.date(2024, 2, 29), orsak="sjukdom")
    byggare.spara()
    dag = datetime.date(2024, 2, 29)
    figur = figur_for(berakna("avslutsorsak", fran=dag, till=dag))
    andelar = dict(zip(figur.kategorier, figur.serier[0].varden))
    assert {k: v for k, v in andelar.items() if v} == {"Sjukdom": 100.0}


def _rutor_och_texter(ritad: str) -> tuple[list[tuple[float, float, float, float]], list[tuple[float, float, str]]]:
    rutor = [
        tuple(float(v) for v in m)
        for m in re.findall(
            r'<rect x="([-\d.]+)" y="([-\d.]+)" width="([-\d.]+)" height="([-\d.]+)" fill="#(?!ffffff)', ritad
        )
    ]
    texter = [
        (float(x), float(y), t)
        for x, y, t in re.findall(r'<text x="([-\d.]+)" y="([-\d.]+)"[^>]*>([^<]*)</text>', ritad)
    ]
    return rutor, texter


def test_a_negative_bar_is_drawn_inside_the_figure_on_an_axis_below_zero():
    figur = Figur(
        "flode",
        "stapel",
        ["Kvar från", "Började", "Avslutade", "Kvar till"],
        [Serie("Antal", [1, 0, 2, -1], [False] * 4)],
    )
    bredd, hojd, _former = layout(figur)
    rutor, texter = _rutor_och_texter(svg(figur))
    assert all(0 <= x and x + b <= bredd and 0 <= y and y + h <= hojd for x, y, b, h in rutor)
    assert all(0 <= x <= bredd and 0 <= y <= hojd for x, y, _t in texter)
    # The axis has a tick at −1 and the bar of −1 goes down from the 0 line to it.
    tick = {t: y for x, y, t in texter if x < 30}
    assert set(tick) == {"-1", "0", "1", "2"}
    kvar_till = rutor[-1]
    assert kvar_till[1] == pytest.approx(tick["0"] - 3, abs=0.1)
    assert kvar_till[1] + kvar_till[3] == pytest.approx(tick["-1"] - 3, abs=0.1)
    assert png(figur)


def test_a_negative_share_is_drawn_at_the_axis_not_left_of_the_figure():
    figur = Figur(
        "avslutsorsak", "liggande", ["Arbete", "Studier"], [Serie("Andel", [-60.0, 50.0], [False] * 2)], andel=True
    )
    bredd, hojd, _former = layout(figur)
    rutor, texter = _rutor_och_texter(svg(figur))
    assert all(0 <= x and x + b <= bredd for x, _y, b, _h in rutor)
    assert all(0 <= x <= bredd and 0 <= y <= hojd for x, y, _t in texter)
