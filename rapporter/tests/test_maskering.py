"""Small numbers for publication: masked counts, secondary suppression, shares on small bases."""

import datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rapporter import berakna, berakna_alla
from rapporter.tabeller.maskering import bestamda, maskera, undertryck
from rapporter.tabeller.tabell import Extrarad, Kolumn, Rad, Tabell

from .avslojande import avslojbara, maskerade
from .halvar2025 import FRAN, TILL, Byggare, bygg_halvar_2025

D = datetime.date


@pytest.fixture(autouse=True)
def troskel(settings):
    settings.PUBLICERING_MASKERA_UNDER = 5
    settings.PUBLICERING_MINSTA_BAS_FOR_ANDEL = 10


def rutnat(varden: list[list[int]], extrarader=()) -> Tabell:
    """A count table with a Totalt column and total row, built like the reports' tables."""
    bredd = len(varden[0])
    tabell = Tabell(
        rapport="test",
        titel="Test",
        fran=D(2025, 1, 1),
        till=D(2025, 6, 30),
        kolumner=[Kolumn(f"K{j}") for j in range(bredd)] + [Kolumn("Totalt")],
        rader=[Rad(f"R{i}", list(rad) + [None]) for i, rad in enumerate(varden)],
        radsummor=[(bredd, list(range(bredd)))],
        extrarader=[Extrarad(f"E{k}", [None] * (bredd + 1), av_rader=list(r)) for k, r in enumerate(extrarader)],
    )
    tabell.summera()
    return tabell


def test_a_cell_that_the_relations_pin_down_is_found():
    # x + 7 = 10 in one relation: x is determined; x + y = 10 alone is not.
    assert bestamda({"x"}, [{"x": 1, "a": 1, "t": -1}]) == {"x"}
    assert bestamda({"x", "y"}, [{"x": 1, "y": 1, "t": -1}]) == set()


def test_a_lone_small_count_gets_company_in_its_row_and_column():
    tabell = rutnat([[2, 30], [40, 50]])
    maskera(tabell, grans=5)
    assert tabell.rader[0].varden[0] is None
    assert tabell.rader[0].varden[1] is None and tabell.rader[1].varden[0] is None
    assert tabell.rader[1].varden[1] is None
    assert tabell.summa == [42, 80, 122]
    assert avslojbara(tabell.som_dict()) == set()


def test_zero_is_not_a_small_number():
    tabell = rutnat([[0, 30], [40, 50]])
    maskera(tabell, grans=5)
    assert tabell.maskerad is False
    assert tabell.rader[0].varden == [0, 30, 30]


def test_a_total_below_the_threshold_is_masked_too():
    assert undertryck({"a": 3, "b": 0, "t": 3}, [{"a": 1, "b": 1, "t": -1}], grans=5) >= {"a", "t"}


@settings(max_examples=60, deadline=None)
@given(
    st.integers(1, 5).flatmap(
        lambda bredd: st.lists(st.lists(st.integers(0, 12), min_size=bredd, max_size=bredd), min_size=1, max_size=6)
    ),
    st.data(),
)
def test_masking_never_reveals_a_masked_count_through_a_total(varden, data):
    rader = len(varden)
    extrarader = data.draw(st.lists(st.sets(st.integers(0, rader - 1), min_size=1), max_size=2))
    tabell = rutnat(varden, extrarader=[sorted(r) for r in extrarader])
    original = tabell.celler()
    maskera(tabell, grans=5)
    publicerad = tabell.som_dict()
    assert avslojbara(publicerad) == set()
    for cell, antal in original.items():
        visat = tabell.celler().get(cell)
        assert visat in (None, antal)
        if 0 < antal < 5:
            assert visat is None


@pytest.mark.django_db
def test_published_2025_tables_hide_small_counts_and_reveal_none():
    bygg_halvar_2025()
    omaskerade = berakna_alla(fran=FRAN, till=TILL)
    for data, original in zip(berakna_alla(fran=FRAN, till=TILL, publicering=True), omaskerade):
        assert avslojbara(data, original) == set(), data["rapport"]
        for rad in [*data["rader"], data["summa"], *data["extrarader"]]:
            for varde, typ in zip(rad["varden"], data["kolumntyper"]):
                if typ == "antal" and varde is not None:
                    assert varde == 0 or varde >= 5, (data["rapport"], rad["etikett"])


@pytest.mark.django_db
def test_published_table_says_it_is_masked_and_how():
    bygg_halvar_2025()
    data = berakna("aktiva", fran=FRAN, till=TILL, publicering=True)
    assert data["maskerad"] is True and data["publicering"] is True
    assert data["maskering"] == {"maskera_under": 5, "minsta_bas_for_andel": 10}
    mgt = data["rader"][0]["varden"]
    assert mgt[2] is None  # one participant of Annan könsidentitet
    assert data["summa"]["varden"] == [191, 185, 5, 381]
    assert maskerade(data)
    assert any("För publicering" in n for n in data["noter"])


@pytest.mark.django_db
def test_unpublished_tables_show_every_count():
    bygg_halvar_2025()
    data = berakna("aktiva", fran=FRAN, till=TILL)
    assert data["maskerad"] is False and data["rader"][0]["varden"] == [30, 14, 1, 45]


@pytest.mark.django_db
def test_shares_are_not_computed_on_small_bases_for_publication():
    byggare = Byggare()
    for _ in range(8):
        byggare.lagg_till("Novum", kon="M", start=D(2025, 1, 13), slut=D(2025, 4, 1), orsak="studier")
    for _ in range(12):
        byggare.lagg_till("Novum", kon="K", start=D(2025, 1, 13), slut=D(2025, 4, 1), orsak="studier")
    byggare.spara()
    data = berakna("avslutsorsak-kon", fran=FRAN, till=TILL, publicering=True)
    studier = next(r for r in data["rader"] if r["etikett"] == "Studier")
    andel = dict(zip(data["kolumner"], studier["varden"]))
    assert andel["Kvinnor (%)"] == 100.0
    assert andel["Män"] == 8 and andel["Män (%)"] is None
    assert berakna("avslutsorsak-kon", fran=FRAN, till=TILL)["rader"][1]["varden"][5] == 100.0
