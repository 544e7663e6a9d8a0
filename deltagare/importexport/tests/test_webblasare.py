"""The web import in a real browser (Debian's chromium, headless) with the real task worker:
upload, see every new row in the preview, confirm, undo from the history; a refused file
shows its problems by row and column. SPARA_SKARMBILDER=1 saves the README's screenshots."""

import os
from pathlib import Path

import pytest
from django.conf import settings
from playwright.sync_api import Page, expect

from deltagare.models import Deltagare

from .filer import rad, xlsx

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("grunddata", "grunddata_efter_modulen"),
]
SKARMBILDER = Path(settings.BASE_DIR) / "docs" / "screenshots"


def skarmbild(page: Page, namn: str) -> None:
    if os.environ.get("SPARA_SKARMBILDER"):
        SKARMBILDER.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=SKARMBILDER / f"{namn}.png", full_page=True)


def logga_in(page: Page, live_server) -> None:
    page.goto(f"{live_server.url}/konto/login/?next=/deltagare/import/")
    page.get_by_label("Användarnamn").fill("ledare-a")
    page.get_by_label("Lösenord").fill("hemligt-losen-a")
    page.get_by_role("button", name="Logga in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Importera deltagare")


def test_leader_uploads_previews_confirms_and_undoes_an_import(page: Page, live_server, leader_a, tmp_path, arbetare):
    fil = tmp_path / "aktivitetsplatsen.xlsx"
    fil.write_bytes(xlsx([rad(Deltagar_ID=f"AP-2024-{nr:03d}") for nr in range(1, 13)]))
    logga_in(page, live_server)
    skarmbild(page, "import")
    page.get_by_label("Fil (.xlsx eller .csv)").set_input_files(fil)
    page.get_by_role("button", name="Granska filen").click()
    expect(page.get_by_role("status")).to_contain_text("I kö för granskning")
    arbetare()

    # The page refreshes itself until the worker's preview is there.
    expect(page.locator('[data-antal="nya"]')).to_have_text("12", timeout=10000)
    expect(page.locator("tr[data-rad]")).to_have_count(12)
    expect(page.locator('tr[data-rad="2"]')).to_contain_text("AP-2024-001")
    assert not Deltagare.objects.exists()
    skarmbild(page, "import-granskning")
    page.get_by_role("button", name="Bekräfta och spara").click()
    arbetare()
    expect(page.get_by_role("status").filter(has_text="sparad")).to_contain_text(
        "Importen är sparad och loggad med ditt namn: 12 nya och 0 ändrade deltagare.", timeout=10000
    )
    assert Deltagare.objects.count() == 12

    page.get_by_role("link", name="importhistoriken").click()
    page.get_by_role("link", name="Ångra importen av aktivitetsplatsen.xlsx").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Ångra importen av aktivitetsplatsen.xlsx?")
    expect(page.locator("[data-angrande]")).to_contain_text("12 deltagare som importen skapade tas bort för gott")
    page.get_by_role("button", name="Ångra importen").click()
    arbetare()
    page.reload()
    expect(page.locator("tr[data-import]")).to_contain_text("Ångrad")
    skarmbild(page, "import-historik")
    assert not Deltagare.objects.exists()


def test_a_refused_file_lists_its_problems_in_the_browser(page: Page, live_server, leader_a, tmp_path, arbetare):
    fil = tmp_path / "fel.xlsx"
    fil.write_bytes(xlsx([rad(Deltagar_ID="AP-1"), rad(Deltagar_ID="AP-2", Utbildning="Folkhögskola", Födelseår=2015)]))
    logga_in(page, live_server)
    page.get_by_label("Fil (.xlsx eller .csv)").set_input_files(fil)
    page.get_by_role("button", name="Granska filen").click()
    arbetare()
    fel = page.get_by_role("alert")
    expect(fel).to_contain_text("Okänt värde ”Folkhögskola”", timeout=10000)
    expect(fel.get_by_role("row")).to_have_count(3)  # header + two problems on row 3
    expect(page.get_by_role("button", name="Bekräfta och spara")).to_have_count(0)
    skarmbild(page, "import-fel")
    assert not Deltagare.objects.exists()
