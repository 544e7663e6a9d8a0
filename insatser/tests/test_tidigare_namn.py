"""Former names with a valid-until date: the name an insats had in a period (docs/regler.md §3)."""

import datetime

import pytest

from insatser.models import Insats, TidigareNamn

pytestmark = pytest.mark.django_db

D = datetime.date


@pytest.fixture
def mgt():
    return Insats.objects.get(kortnamn="MGT")


def test_the_fixture_dates_finsam_team_until_the_renaming_to_mgt(mgt):
    assert mgt.tidigare_namn.get(namn="FINSAM-team").giltig_till == D(2024, 12, 31)


def test_a_period_before_the_renaming_shows_the_former_name(mgt):
    assert mgt.namn_i_period(D(2021, 1, 1), D(2021, 6, 30)) == ("FINSAM-team", "FINSAM-team")
    assert mgt.namn_i_period(D(2024, 1, 1), D(2024, 12, 31)) == ("FINSAM-team", "FINSAM-team")


def test_a_period_after_the_renaming_shows_todays_name(mgt):
    assert mgt.namn_i_period(D(2025, 1, 1), D(2025, 6, 30)) == ("Myndighetsgemensamt team", "MGT")


def test_a_period_across_the_renaming_names_both(mgt):
    assert mgt.namn_i_period(D(2024, 7, 1), D(2025, 6, 30)) == (
        "Myndighetsgemensamt team (tidigare FINSAM-team)",
        "MGT",
    )


def test_a_former_name_without_a_date_is_only_an_alias():
    novum = Insats.objects.get(kortnamn="Novum")
    assert novum.tidigare_namn.get(namn="Novum (ESF)").giltig_till is None
    assert novum.namn_i_period(D(2021, 1, 1), D(2021, 6, 30)) == ("Novum", "Novum")


def test_two_dated_names_each_cover_their_own_time(mgt):
    TidigareNamn.objects.create(insats=mgt, namn="Samverkansteam", giltig_till=D(2019, 12, 31))
    assert mgt.namn_i_period(D(2019, 1, 1), D(2019, 12, 31))[0] == "Samverkansteam"
    assert mgt.namn_i_period(D(2020, 1, 1), D(2020, 12, 31))[0] == "FINSAM-team"
    assert mgt.namn_i_period(D(2019, 7, 1), D(2020, 6, 30))[0] == "FINSAM-team (tidigare Samverkansteam)"
