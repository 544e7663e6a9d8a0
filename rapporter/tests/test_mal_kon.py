"""Table 14's share of women: of the participants with a known kön (docs/regler.md §3)."""

import datetime

import pytest

from rapporter import berakna

from .halvar2025 import Byggare

pytestmark = pytest.mark.django_db

D = datetime.date


def test_the_share_of_women_is_of_the_participants_with_a_known_kon_with_the_unknown_beside():
    byggare = Byggare()
    for kon in ("K", "M", "M", ""):
        byggare.lagg_till("Aktivitetsplatsen", kon=kon, start=D(2025, 2, 3), samtycke=bool(kon))
    byggare.spara()
    data = berakna("malupfyllelse", fran=D(2025, 1, 1), till=D(2025, 6, 30))
    rad = next(dict(zip(data["kolumner"], r["varden"])) for r in data["rader"] if r["etikett"] == "Aktivitetsplatsen")
    assert (rad["Utfall"], rad["Kvinnor"], rad["Män"], rad["Okänt kön"]) == (4, 1, 2, 1)
    assert rad["Andel kvinnor (%)"] == 33.3


def test_the_share_of_women_is_of_all_participants_when_every_kon_is_known():
    byggare = Byggare()
    for kon in ("K", "M", "M", "A"):
        byggare.lagg_till("Aktivitetsplatsen", kon=kon, start=D(2025, 2, 3))
    byggare.spara()
    data = berakna("malupfyllelse", fran=D(2025, 1, 1), till=D(2025, 6, 30))
    rad = next(dict(zip(data["kolumner"], r["varden"])) for r in data["rader"] if r["etikett"] == "Aktivitetsplatsen")
    assert "Okänt kön" not in rad
    assert rad["Andel kvinnor (%)"] == 25.0
