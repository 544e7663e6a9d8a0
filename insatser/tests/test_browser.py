"""The kansli's page for förväntat resultat in a real browser: the year's goals with their
outcome, a new goal entered and assessed."""

import datetime
import os

import pytest
from playwright.sync_api import Page, expect

from deltagare.tests.factories import DeltagareFactory
from insatser.models import Mal

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("grunddata", "grunddata_efter_modulen"),
]


def test_kansli_sees_the_outcome_beside_the_goal_and_enters_a_new_goal(page: Page, live_server, kansli, mgt):
    for nr in range(12):
        DeltagareFactory(insats=mgt, deltagar_id=f"MGT-{nr}", startdatum=datetime.date(2025, 3, 10), lots=nr < 3)
    page.goto(f"{live_server.url}/konto/login/")
    page.get_by_label("Användarnamn").fill("kansli")
    page.get_by_label("Lösenord").fill("hemligt-losen-k")
    page.get_by_role("button", name="Logga in").click()

    page.get_by_role("link", name="Förväntat resultat").click()
    page.get_by_label("År").fill("2025")
    page.get_by_role("button", name="Visa").click()
    mgt_rad = page.get_by_role("row").filter(has_text="70 deltagare ska ha erbjudits ett teammöte vid årets slut")
    # Cells after the goal: year, target, outcome.
    expect(mgt_rad.get_by_role("cell").nth(1)).to_have_text("70")
    expect(mgt_rad.get_by_role("cell").nth(2)).to_have_text("12")

    page.get_by_role("link", name="Nytt mål för Myndighetsgemensamt team").click()
    expect(page.get_by_label("År", exact=True)).to_have_value("2025")
    page.get_by_label("Typ av mål").select_option(label="Deltagare med lots")
    page.get_by_label("Beskrivning").fill("20 procent av deltagarna erbjuds en lots")
    page.get_by_label("Förväntad andel (%)", exact=True).fill("20")
    page.get_by_role("button", name="Spara").click()
    expect(page.get_by_role("status")).to_have_text("Målet för Myndighetsgemensamt team är sparat.")
    lots = page.get_by_role("row").filter(has_text="20 procent av deltagarna erbjuds en lots")
    expect(lots.get_by_role("cell").nth(2)).to_contain_text("25,0 % (3 av 12)")
    assert Mal.objects.filter(insats=mgt, ar=2025, typ="lots", andel=20).exists()
