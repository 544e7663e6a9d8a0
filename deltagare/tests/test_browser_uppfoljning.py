"""A follow-up's result in a real browser: registered from the start page with an outcome,
shown on the participant page, corrected and undone there (docs/regler.md §2)."""

import datetime
import os

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from deltagare.models import Uppfoljning
from finsam.datum import datum

from .factories import DeltagareFactory

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("grunddata", "grunddata_efter_modulen"),
]


def test_leader_registers_corrects_and_undoes_a_follow_up(page: Page, live_server, mgt, leader_a):
    idag = timezone.localdate()
    mgt.projektledare.add(leader_a)
    deltagare = DeltagareFactory(insats=mgt, deltagar_id="MGT-777", startdatum=idag - datetime.timedelta(days=100))
    uppfoljning = Uppfoljning.objects.create(deltagare=deltagare, manader=3, planerad_datum=idag - datetime.timedelta(days=8))

    page.goto(f"{live_server.url}/konto/login/")
    page.get_by_label("Användarnamn").fill("ledare-a")
    page.get_by_label("Lösenord").fill("hemligt-losen-a")
    page.get_by_role("button", name="Logga in").click()

    page.get_by_label("Resultat av 3-månadersuppföljningen av MGT-777").select_option(label="Studier")
    page.get_by_role("button", name="Registrera").click()
    expect(page.get_by_role("status")).to_have_text(
        f"3-månadersuppföljningen av MGT-777 är registrerad {datum(idag)}: Studier."
    )

    page.goto(f"{live_server.url}/deltagare/{deltagare.pk}/")
    expect(page.get_by_role("cell", name=f"{datum(idag)}: Studier")).to_be_visible()
    page.get_by_role("link", name="Rätta eller ångra 3-månadersuppföljningen").click()
    page.get_by_label("Resultat").select_option(label="Deltagaren gick inte att nå")
    page.get_by_role("button", name="Spara rättelsen").click()
    expect(page.get_by_role("status")).to_contain_text("Deltagaren gick inte att nå")
    uppfoljning.refresh_from_db()
    assert uppfoljning.ej_genomford_orsak.kod == "ej-nadd"

    page.get_by_role("link", name="Rätta eller ångra 3-månadersuppföljningen").click()
    page.get_by_role("button", name="Ångra registreringen").click()
    expect(page.get_by_role("status")).to_have_text(
        "3-månadersuppföljningen av MGT-777 är inte längre registrerad och räknas som planerad igen."
    )
    uppfoljning.refresh_from_db()
    assert uppfoljning.utford_datum is None
