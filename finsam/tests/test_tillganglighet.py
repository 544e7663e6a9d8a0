"""Every application page in a real browser (Debian's chromium) with axe-core: no accessibility
violation of any impact (critical, serious, moderate or minor); and every project leader page
without horizontal scrolling on a phone 320 px wide (WCAG 1.4.10, reflow: 1280 px at 400 % zoom;
the narrowest phones). Issue 13, findings 5 and the axe-core requirement.

axe-core is vendored under finsam/tests/vendor/axe-core (pinned, checked by its SHA-256), so the
test needs no network.
"""

import datetime
import hashlib
import os
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Page

from deltagare.models import Avslutsorsak, ImportKorning, Uppfoljning, Uppfoljningsutfall
from deltagare.tests.factories import AvslutadDeltagareFactory, DeltagareFactory

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("grunddata", "grunddata_efter_modulen"),
]

AXE = Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js"
AXE_SHA256 = "29348999450cdf2849a8e70b7912fc2da85a849da39c0d0d5394f51d4a9ed95c"
TELEFON = {"width": 320, "height": 640}


@pytest.fixture(scope="module")
def axe_js() -> str:
    innehall = AXE.read_bytes()
    assert hashlib.sha256(innehall).hexdigest() == AXE_SHA256, "axe.min.js är inte den fastlåsta versionen"
    return innehall.decode("utf-8")


@pytest.fixture
def vardag(insats_a, mgt, leader_a):
    """A participant of each kind, an overdue follow-up: the pages as on a working day."""
    idag = timezone.localdate()
    mgt.projektledare.add(leader_a)
    aktiv = DeltagareFactory(insats=insats_a, deltagar_id="AP-2025-001", startdatum=idag - datetime.timedelta(days=120))
    for nr in range(2, 6):
        DeltagareFactory(insats=insats_a, deltagar_id=f"AP-2025-00{nr}", startdatum=idag - datetime.timedelta(days=30 * nr))
    avslutad = AvslutadDeltagareFactory(
        insats=insats_a,
        deltagar_id="AP-2024-031",
        startdatum=idag - datetime.timedelta(days=200),
        slutdatum=idag - datetime.timedelta(days=10),
        avslutsorsak=Avslutsorsak.objects.get(kod="studier"),
    )
    Uppfoljning.objects.create(deltagare=aktiv, manader=3, planerad_datum=idag - datetime.timedelta(days=30))
    Uppfoljning.objects.create(deltagare=avslutad, manader=6, planerad_datum=idag + datetime.timedelta(days=10))
    # A registered follow-up: its correction page has the longest heading of the application.
    tolv = Uppfoljning.objects.create(
        deltagare=aktiv,
        manader=12,
        planerad_datum=idag - datetime.timedelta(days=5),
        utford_datum=idag - datetime.timedelta(days=2),
        utfall=Uppfoljningsutfall.objects.first(),
        utford_av=leader_a,
    )
    for nr in range(1, 3):
        mgt_deltagare = DeltagareFactory(insats=mgt, deltagar_id=f"MGT-00{nr}", startdatum=idag - datetime.timedelta(days=95 * nr))
        Uppfoljning.objects.create(deltagare=mgt_deltagare, manader=3, planerad_datum=idag - datetime.timedelta(days=5 * nr))
    # A saved import the leader may still undo: the page that asks before the undo is queued.
    korning = ImportKorning.objects.create(
        skapad_av=leader_a, filnamn="deltagare.xlsx", status=ImportKorning.Status.KLAR, sparad=timezone.now(), nya=5
    )
    return {"aktiv": aktiv, "avslutad": avslutad, "insats": insats_a, "korning": korning, "tolv": tolv}


def leader_pages(v) -> list[str]:
    insats, aktiv, avslutad = v["insats"], v["aktiv"], v["avslutad"]
    return [
        reverse("deltagare:start"),
        reverse("deltagare:lista", args=[insats.pk]),
        reverse("deltagare:lista", args=[insats.pk]) + "?fran=2025-06-01&till=2025-01-01",
        reverse("deltagare:ny", args=[insats.pk]),
        reverse("deltagare:visa", args=[aktiv.pk]),
        reverse("deltagare:visa", args=[avslutad.pk]),
        reverse("deltagare:andra", args=[aktiv.pk]),
        reverse("deltagare:avsluta", args=[aktiv.pk]),
        reverse("deltagare:ateroppna", args=[avslutad.pk]),
        reverse("deltagare:ta_bort", args=[aktiv.pk]),
        reverse("deltagare:avsluta_flera", args=[insats.pk]) + f"?valda={aktiv.pk}",
        reverse("deltagare:uppfoljningar"),
        reverse("deltagare:uppfoljning_andra", args=[v["tolv"].pk]),
        reverse("deltagare:sok"),
        reverse("dataskydd:registerutdrag") + f"?insats={insats.pk}&deltagar_id={aktiv.deltagar_id}",
        reverse("importexport:import"),
        reverse("importexport:export"),
        reverse("importexport:angra", args=[v["korning"].pk]),
        reverse("importexport:historik"),
        reverse("password_change"),
    ]


def kansli_pages(v) -> list[str]:
    return [
        reverse("deltagare:start"),
        reverse("deltagare:lista", args=[v["insats"].pk]),
        reverse("deltagare:visa", args=[v["aktiv"].pk]),
        reverse("deltagare:uppfoljningar"),
        # Every table and figure of a period with data, wide tables included.
        reverse("rapporter:oversikt") + "?period=egen&fran=2024-01-01&till=2026-12-31",
        reverse("rapporter:oversikt") + "?period=egen&fran=2024-01-01&till=2026-12-31&publicering=on",
        reverse("insatser:mal_lista"),
    ]

OPPNA_SIDOR = ("login", "password_reset")


def logga_in(page: Page, live_server, user) -> None:
    """The session of a signed-in test client, handed to the browser (faster than the form)."""
    client = Client()
    client.force_login(user)
    page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": client.cookies[settings.SESSION_COOKIE_NAME].value, "url": live_server.url}]
    )


def axe_brister(page: Page, axe_js: str) -> list[str]:
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        # Evaluated by the browser's debugging protocol: the page's strict CSP (no inline
        # script) stays in force for the page itself.
        page.evaluate(axe_js)
    resultat = page.evaluate(
        "async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
        ".map(v => `${v.impact} ${v.id}: ${v.help} – ${v.nodes.map(n => n.target.join(' ')).slice(0, 3).join(', ')}`)"
    )
    return resultat


def besok(page: Page, url: str) -> None:
    svar = page.goto(url)
    assert svar is not None and svar.status == 200, f"{url}: {svar.status if svar else 'inget svar'}"


def test_every_project_leader_page_has_no_accessibility_violations(page: Page, live_server, vardag, leader_a, axe_js):
    logga_in(page, live_server, leader_a)
    brister = {}
    for sokvag in leader_pages(vardag):
        besok(page, live_server.url + sokvag)
        if fel := axe_brister(page, axe_js):
            brister[sokvag] = fel
    assert brister == {}


def test_every_project_leader_page_fits_a_phone_without_horizontal_scrolling(
    page: Page, live_server, vardag, leader_a, axe_js
):
    logga_in(page, live_server, leader_a)
    page.set_viewport_size(TELEFON)
    for_breda, brister = {}, {}
    for sokvag in leader_pages(vardag):
        besok(page, live_server.url + sokvag)
        # On a phone too: e.g. a table that scrolls inside its box must be reachable by keyboard.
        if fel := axe_brister(page, axe_js):
            brister[sokvag] = fel
        bredd = page.evaluate("() => document.documentElement.scrollWidth")
        if bredd > TELEFON["width"]:
            breda = page.evaluate(
                """(w) => [...document.querySelectorAll('body *')]
                    .filter(e => e.getBoundingClientRect().right > w + 1)
                    .slice(0, 4).map(e => e.tagName + '.' + e.className)""",
                TELEFON["width"],
            )
            for_breda[sokvag] = (bredd, breda)
    assert for_breda == {}
    assert brister == {}


def test_the_kansli_pages_have_no_accessibility_violations(page: Page, live_server, vardag, kansli, axe_js):
    logga_in(page, live_server, kansli)
    brister = {}
    for sokvag in kansli_pages(vardag):
        besok(page, live_server.url + sokvag)
        if fel := axe_brister(page, axe_js):
            brister[sokvag] = fel
    assert brister == {}


def test_the_pages_before_login_have_no_accessibility_violations(page: Page, live_server, axe_js):
    brister = {}
    for namn in OPPNA_SIDOR:
        besok(page, live_server.url + reverse(namn))
        if fel := axe_brister(page, axe_js):
            brister[namn] = fel
    assert brister == {}


def test_the_two_factor_enrolment_has_no_accessibility_violations(page: Page, live_server, administrator, axe_js, settings):
    settings.TVAFAKTOR_FOR_ADMINISTRATORER = True
    logga_in(page, live_server, administrator)
    besok(page, live_server.url + reverse("konto:tvafaktor_ny"))
    assert axe_brister(page, axe_js) == []


def test_the_axe_check_finds_a_serious_violation_when_there_is_one(page: Page, axe_js):
    page.set_content('<html lang="sv"><body><main><img src="bild.png"><button></button></main></body></html>')
    brister = axe_brister(page, axe_js)
    assert any(b.startswith("critical image-alt") for b in brister)
    assert any(b.startswith("critical button-name") for b in brister)


def test_the_axe_check_finds_a_moderate_violation_too(page: Page, axe_js):
    # Two regions of the same name: what the report page had, one per table (landmark-unique).
    page.set_content(
        '<html lang="sv"><body><main><h2 id="r">Tabell</h2><section aria-labelledby="r">'
        '<div role="region" aria-labelledby="r" tabindex="0">x</div></section></main></body></html>'
    )
    assert any(b.startswith("moderate landmark-unique") for b in axe_brister(page, axe_js))



def test_print_shows_the_content_without_menus_buttons_or_forms(page: Page, live_server, vardag, leader_a):
    logga_in(page, live_server, leader_a)
    page.emulate_media(media="print")
    for sokvag in (
        reverse("deltagare:visa", args=[vardag["aktiv"].pk]),
        reverse("deltagare:lista", args=[vardag["insats"].pk]),
        reverse("deltagare:uppfoljningar"),
        reverse("dataskydd:registerutdrag") + f"?insats={vardag['insats'].pk}&deltagar_id=AP-2025-001",
    ):
        besok(page, live_server.url + sokvag)
        synliga = page.evaluate(
            """() => [...document.querySelectorAll('.site-header, .sidfot, .atgarder, .filter, .knapp, button, form')]
                .filter(e => e.checkVisibility()).map(e => e.tagName + '.' + e.className)"""
        )
        assert synliga == [], sokvag
        assert page.get_by_role("heading").first.is_visible()
        # Tables are printed whole: nothing cut off in a scroll box.
        klippta = page.evaluate(
            "() => [...document.querySelectorAll('.tabellram')].filter(e => getComputedStyle(e).overflowX !== 'visible').length"
        )
        assert klippta == 0, sokvag
