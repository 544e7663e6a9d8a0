"""Tabell 16 (by juridiskt kön) in a publication. An outside tester read hidden counts off it:
Novum's ended women were hidden in Tabell 4 (12, company for one Annan könsidentitet) but shown
as ended of juridiskt kön woman (12) in Tabell 16, and the Annan one followed as 43 − 12 − 30;
the totals gave the started and ended without juridiskt kön (183 − 181 = 2, 190 − 189 = 1).
Now a count hidden by kön is hidden by juridiskt kön too, and those without juridiskt kön
are counts of the table, masked like any (docs/regler.md §3)."""

import datetime

import pytest

from insatser.models import Insats
from rapporter import Alternativ, berakna
from rapporter.tabeller import berakna_tabeller

from .halvar2025 import FRAN, TILL, Byggare, bygg_halvar_2025

pytestmark = pytest.mark.django_db

D = datetime.date
PUBLICERING = Alternativ(publicering=True)
# The same tables with nothing masked (threshold 1): which cells have a count.
OMASKERAD = Alternativ(publicering=True, troskel=1)


@pytest.fixture
def halvar(db):
    bygg_halvar_2025()


def nycklar(publicerad, original, *, visade: bool) -> set:
    """Keys of the counts of a published table that are shown (visade) or hidden."""
    return {
        tuple(sorted(publicerad.nyckel_for(cell).items(), key=lambda kv: kv[0]))
        for cell in original.celler()
        if publicerad.nyckel_for(cell) is not None and (cell in publicerad.celler()) == visade
    }


def test_a_count_hidden_by_kon_is_hidden_by_juridiskt_kon_too(halvar):
    tabeller = {t.rapport: t for t in berakna_tabeller(fran=FRAN, till=TILL, alternativ=PUBLICERING)}
    originalen = {t.rapport: t for t in berakna_tabeller(fran=FRAN, till=TILL, alternativ=OMASKERAD)}
    visade_i_16 = nycklar(tabeller["finsam"], originalen["finsam"], visade=True)
    dolda_par = 0
    for namn in ("aktiva", "borjade", "avslutade"):
        for nyckel in nycklar(tabeller[namn], originalen[namn], visade=False):
            varden = dict(nyckel)
            if varden.get("kon") not in ("K", "M"):
                continue
            tvilling = dict(varden)
            tvilling["jkon"] = tvilling.pop("kon")
            dolda_par += 1
            assert tuple(sorted(tvilling.items(), key=lambda kv: kv[0])) not in visade_i_16, (namn, nyckel)
    assert dolda_par > 0


def test_novums_ended_women_are_hidden_in_tabell_16_as_in_tabell_4(halvar):
    data = {d["rapport"]: d for d in _publicerade()}
    novum = Insats.objects.get(kortnamn="Novum").kortnamn
    tabell_4 = next(r for r in data["avslutade"]["rader"] if r["etikett"].startswith(novum) or novum in r["etikett"])
    tabell_16 = next(r for r in data["finsam"]["rader"] if r["etikett"] == tabell_4["etikett"])
    kolumner = data["finsam"]["kolumner"]
    assert tabell_4["varden"][0] is None
    assert tabell_16["varden"][kolumner.index("Avslutade kvinnor")] is None


def test_the_ended_without_juridiskt_kon_cannot_be_read_off_the_totals(halvar):
    data = {d["rapport"]: d for d in _publicerade()}
    kolumner = data["finsam"]["kolumner"]
    summa = data["finsam"]["summa"]["varden"]
    ended_total = data["avslutade"]["summa"]["varden"][-1]
    assert ended_total == 190
    # Shown, the total by juridiskt kön (or both of its parts) would give 190 − 189 = 1.
    assert summa[kolumner.index("Avslutade totalt")] is None
    assert None in (summa[kolumner.index("Avslutade kvinnor")], summa[kolumner.index("Avslutade män")])
    assert summa[kolumner.index("Avslutade utan juridiskt kön")] is None


def test_tabell_16_counts_the_started_and_ended_without_juridiskt_kon():
    byggare = Byggare()
    byggare.lagg_till("Novum", kon="A", juridiskt_kon="X", start=D(2025, 2, 1), slut=D(2025, 5, 1), orsak="arbete")
    byggare.lagg_till("Novum", kon="A", juridiskt_kon="K", start=D(2025, 2, 1))
    byggare.lagg_till("Novum", kon="K", start=D(2024, 2, 1), slut=D(2025, 3, 1), orsak="arbete")
    byggare.spara()
    data = berakna("finsam", fran=FRAN, till=TILL)
    rad = dict(zip(data["kolumner"], next(r["varden"] for r in data["rader"] if "Novum" in r["etikett"])))
    assert (rad["Aktiva utan juridiskt kön"], rad["Började utan juridiskt kön"], rad["Avslutade utan juridiskt kön"]) == (1, 1, 1)
    assert (rad["Började kvinnor"], rad["Avslutade kvinnor"], rad["Avslutade totalt"]) == (1, 1, 1)


def _publicerade() -> list[dict]:
    from rapporter import berakna_alla

    return berakna_alla(fran=FRAN, till=TILL, alternativ=PUBLICERING)
