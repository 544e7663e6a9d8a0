"""The flow (Tabell 1): kvar till nästa period is the reports' difference, deltagare under
perioden − avslutade (2025 Figur 1). For an insats counted at the team meeting it can be
negative, and the table says why."""

import datetime

import pytest

from rapporter import berakna

from .halvar2025 import Byggare

pytestmark = pytest.mark.django_db

D = datetime.date
H2 = {"fran": D(2025, 7, 1), "till": D(2025, 12, 31)}
NEGATIVT = (
    "Kvar till nästa period blir negativt när fler avslutas än som räknas som deltagare i perioden: "
    "Myndighetsgemensamt team räknar deltagarna vid teammötet, så avsluten i perioden kan gälla "
    "deltagare från tidigare perioder."
)


def kvar_till(data: dict) -> int:
    return next(r["varden"][0] for r in data["rader"] if r["etikett"] == "Kvar till nästa period")


def test_an_exit_from_an_earlier_team_meeting_makes_kvar_till_negative_and_the_table_says_why():
    byggare = Byggare()
    byggare.lagg_till("MGT", start=D(2024, 12, 31), slut=D(2025, 12, 31), orsak="arbete")
    byggare.spara()
    data = berakna("flode", **H2)
    assert kvar_till(data) == -1
    assert NEGATIVT in data["noter"]


def test_a_flow_that_stays_at_or_above_zero_has_no_such_note():
    byggare = Byggare()
    byggare.lagg_till("MGT", start=D(2025, 8, 1), slut=D(2025, 12, 31), orsak="arbete")
    byggare.lagg_till("Novum", start=D(2025, 8, 1))
    byggare.spara()
    data = berakna("flode", **H2)
    assert kvar_till(data) == 1
    assert not any(n.startswith("Kvar till nästa period blir negativt") for n in data["noter"])
