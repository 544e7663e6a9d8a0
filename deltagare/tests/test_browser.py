"""The project leader's day in a real browser (Debian's chromium, headless): register, meet
the personnummer rule, close with an exit reason, see the start page counts move; and a
second leader cannot reach the participant (docs/regler.md §2, §5).

SPARA_SKARMBILDER=1 also saves the README's screenshots under docs/screenshots/.
"""

import datetime
import os
from pathlib import Path

import pytest
from django.conf import settings
from playwright.sync_api import Page, expect

from deltagare.models import Avslutsorsak, Deltagare, Uppfoljning
from deltagare.validators import PSEUDONYM_MESSAGE

from .factories import AnonymDeltagareFactory, AvslutadDeltagareFactory, DeltagareFactory

# Playwright's sync API runs an event loop in this thread; the fixtures' ORM calls are still
# plain synchronous calls made between browser steps.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

# The live server runs in a thread and sees committed data only, so these tests commit and
# the database is flushed after each one (the shared fixtures reload the base data).
pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("grunddata", "grunddata_efter_modulen"),
]

SKARMBILDER = Path(settings.BASE_DIR) / "docs" / "screenshots"


def skarmbild(page: Page, namn: str, *, surfplatta: bool = False, telefon: bool = False) -> None:
    if not os.environ.get("SPARA_SKARMBILDER"):
        return
    SKARMBILDER.mkdir(parents=True, exist_ok=True)
    storlek = page.viewport_size
    if surfplatta:
        page.set_viewport_size({"width": 820, "height": 1180})
    if telefon:
        page.set_viewport_size({"width": 390, "height": 844})
    page.screenshot(path=SKARMBILDER / f"{namn}.png", full_page=True)
    page.set_viewport_size(storlek)


def logga_in(page: Page, live_server, anvandarnamn: str, losenord: str) -> None:
    page.goto(f"{live_server.url}/konto/login/")
    page.get_by_label("Användarnamn").fill(anvandarnamn)
    page.get_by_label("Lösenord").fill(losenord)
    page.get_by_role("button", name="Logga in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mina insatser")


def antal(page: Page, insats: str) -> dict[str, int]:
    rad = page.get_by_role("row").filter(has=page.get_by_role("link", name=insats, exact=True))
    return {
        namn: int(rad.locator(f'[data-antal="{namn}"]').inner_text())
        for namn in ("aktiva", "borjade", "avslutade", "pagaende")
    }


@pytest.fixture
def vardag(insats_a, mgt, leader_a, idag):
    """A few participants so the pages look like a working day."""
    mgt.projektledare.add(leader_a)
    for nr in range(1, 9):
        DeltagareFactory(insats=insats_a, deltagar_id=f"AP-2025-{nr:03d}", startdatum=idag - datetime.timedelta(days=20 * nr))
    AnonymDeltagareFactory(insats=insats_a, deltagar_id="AP-2025-009", startdatum=idag - datetime.timedelta(days=15))
    AvslutadDeltagareFactory(
        insats=insats_a,
        deltagar_id="AP-2024-031",
        startdatum=idag - datetime.timedelta(days=200),
        slutdatum=idag - datetime.timedelta(days=10),
        avslutsorsak=Avslutsorsak.objects.get(kod="studier"),
    )
    for nr in range(1, 4):
        deltagare = DeltagareFactory(insats=mgt, deltagar_id=f"MGT-{nr:03d}", startdatum=idag - datetime.timedelta(days=95 * nr))
        Uppfoljning.objects.create(deltagare=deltagare, manader=3, planerad_datum=idag - datetime.timedelta(days=5 * nr))


def test_leader_registers_meets_the_personnummer_rule_closes_and_sees_the_counts(page: Page, live_server, vardag, idag):
    logga_in(page, live_server, "ledare-a", "hemligt-losen-a")
    fore = antal(page, "Aktivitetsplatsen")
    skarmbild(page, "startsida")
    skarmbild(page, "startsida-telefon", telefon=True)

    page.get_by_role("link", name="Aktivitetsplatsen", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Aktivitetsplatsen")
    skarmbild(page, "deltagarlista")

    page.get_by_role("link", name="Registrera deltagare").click()
    page.get_by_label("Deltagar-ID").fill("19900101-1234")
    page.get_by_role("group", name="Samtycke till bakgrundsuppgifter").get_by_label("Ja").check()
    page.get_by_role("group", name="Kön", exact=True).get_by_label("Kvinna").check()
    page.get_by_label("Födelseår").fill("1990")
    page.get_by_label("Utbildning").select_option(label="Gymnasieutbildning")
    page.get_by_label("Startdatum").fill(idag.isoformat())
    page.get_by_role("button", name="Registrera", exact=True).click()

    sammanfattning = page.get_by_role("alert")
    expect(sammanfattning).to_contain_text(str(PSEUDONYM_MESSAGE))
    expect(page.get_by_label("Deltagar-ID")).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#felsammanfattning")).to_be_focused()
    expect(page.get_by_label("Födelseår")).to_have_value("1990")  # nothing typed is lost
    skarmbild(page, "formular-med-fel")

    page.get_by_label("Deltagar-ID").fill("AP-2025-100")
    page.get_by_role("button", name="Registrera", exact=True).click()
    expect(page.get_by_role("status").filter(has_text="registrerad")).to_have_text("Deltagaren AP-2025-100 är registrerad.")

    page.get_by_role("link", name="Avsluta", exact=True).click()
    expect(page.get_by_label("Slutdatum")).to_have_value(idag.isoformat())
    page.get_by_label("Avslutsorsak").select_option(label="Arbete")
    page.get_by_label("Försörjning vid avslut").select_option(label="Lön")
    skarmbild(page, "avsluta")
    page.get_by_role("button", name="Avsluta deltagandet").click()
    expect(page.get_by_role("status").filter(has_text="avslutad")).to_have_text("AP-2025-100 är avslutad.")
    skarmbild(page, "deltagare-surfplatta", surfplatta=True)

    page.get_by_role("navigation", name="Huvudmeny").get_by_role("link", name="Start").click()
    efter = antal(page, "Aktivitetsplatsen")
    assert efter == {
        "aktiva": fore["aktiva"] + 1,
        "borjade": fore["borjade"] + 1,
        "avslutade": fore["avslutade"] + 1,
        "pagaende": fore["pagaende"],
    }
    stored = Deltagare.objects.get(deltagar_id="AP-2025-100")
    assert (stored.slutdatum, stored.avslutsorsak.kod, stored.forsorjning_slut.kod) == (idag, "arbete", "lon")


def test_background_fields_hide_when_consent_is_no(page: Page, live_server, leader_a, insats_a):
    logga_in(page, live_server, "ledare-a", "hemligt-losen-a")
    page.goto(f"{live_server.url}/insatser/{insats_a.pk}/deltagare/ny/")
    samtycke = page.get_by_role("group", name="Samtycke till bakgrundsuppgifter")
    samtycke.get_by_label("Nej").check()
    expect(page.get_by_role("group", name="Bakgrund vid start")).to_be_hidden()
    samtycke.get_by_label("Ja").check()
    expect(page.get_by_label("Födelseår")).to_be_visible()


def test_second_leader_cannot_reach_the_participant(page: Page, live_server, leader_a, leader_b, insats_a):
    deltagare = DeltagareFactory(insats=insats_a, deltagar_id="AP-2025-200")
    logga_in(page, live_server, "ledare-b", "hemligt-losen-b")
    expect(page.get_by_role("link", name="Aktivitetsplatsen", exact=True)).to_have_count(0)
    for sokvag in (f"/deltagare/{deltagare.pk}/", f"/deltagare/{deltagare.pk}/andra/", f"/insatser/{insats_a.pk}/deltagare/"):
        response = page.goto(f"{live_server.url}{sokvag}")
        assert response.status == 404
        expect(page.get_by_text("AP-2025-200")).to_have_count(0)


def test_withdrawing_consent_warns_that_the_stored_background_goes(page: Page, live_server, leader_a, insats_a):
    deltagare = DeltagareFactory(insats=insats_a, deltagar_id="AP-2025-300", fodelsear=1990)
    logga_in(page, live_server, "ledare-a", "hemligt-losen-a")
    page.goto(f"{live_server.url}/deltagare/{deltagare.pk}/andra/")
    varning = page.locator("#samtycke-varning")
    expect(varning).to_be_hidden()
    page.get_by_role("group", name="Samtycke till bakgrundsuppgifter").get_by_label("Nej").check()
    expect(varning).to_be_visible()
    expect(varning).to_contain_text("Med Samtycke = Nej tas de sparade bakgrundsuppgifterna bort när du sparar (födelseår")
    page.get_by_role("group", name="Samtycke till bakgrundsuppgifter").get_by_label("Ja").check()
    expect(varning).to_be_hidden()
