"""The flagged rows' choices in a real browser (Debian's chromium, headless) with the real task
worker: the page's forms decide what "Bekräfta och spara" sends, so only a browser shows that
the ticked choices go with it."""

import os

import pytest
from playwright.sync_api import Page, expect

from deltagare.models import Deltagare

from .. import forhandsvisning
from .test_vyer_val import gammal_export
from .test_webblasare import logga_in

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("grunddata", "grunddata_efter_modulen"),
]


def granska_gammal_export(page: Page, live_server, leader_a, insats_a, tmp_path, arbetare) -> None:
    """gammal_export uploaded and previewed: three flagged rows to choose for."""
    fil = tmp_path / "export.xlsx"
    fil.write_bytes(gammal_export(leader_a, insats_a))
    logga_in(page, live_server)
    page.get_by_label("Fil (.xlsx eller .csv)").set_input_files(fil)
    page.get_by_role("button", name="Granska filen").click()
    arbetare()
    expect(page.locator('[data-antal="flaggade"]')).to_have_text("3", timeout=10000)


def bekrafta_och_se(page: Page, arbetare, antal: str) -> None:
    """Bekräfta och spara, the worker's run, and the saved run's message with its counts."""
    page.get_by_role("button", name="Bekräfta och spara").click()
    arbetare()
    expect(page.get_by_role("status").filter(has_text="sparad")).to_contain_text(
        f"Importen är sparad och loggad med ditt namn: {antal}", timeout=10000
    )


def test_choices_ticked_on_the_preview_are_saved_by_bekrafta_och_spara(
    page: Page, live_server, leader_a, insats_a, tmp_path, arbetare
):
    granska_gammal_export(page, live_server, leader_a, insats_a, tmp_path, arbetare)

    page.locator('tr[data-rad="2"]').get_by_label("Hoppa över").check()
    page.locator('tr[data-rad="3"]').get_by_label("Spara raden").check()
    page.locator('tr[data-rad="4"]').get_by_label("Hoppa över").check()
    bekrafta_och_se(page, arbetare, "0 nya och 1 ändrade deltagare. 2 markerade rader hoppades över.")
    assert dict(Deltagare.objects.values_list("deltagar_id", "lots")) == {"AP-2": False, "AP-3": True}


def test_a_flagged_row_left_unticked_is_named_and_the_ticked_ones_stay_ticked(
    page: Page, live_server, leader_a, insats_a, tmp_path, arbetare
):
    granska_gammal_export(page, live_server, leader_a, insats_a, tmp_path, arbetare)

    page.locator('tr[data-rad="2"]').get_by_label("Hoppa över").check()
    page.locator('tr[data-rad="3"]').get_by_label("Spara raden").check()
    page.get_by_role("button", name="Bekräfta och spara").click()
    expect(page.locator(".meddelanden")).to_contain_text(
        "Välj för varje markerad rad om den ska sparas eller hoppas över."
    )
    expect(page.locator(".meddelanden")).to_contain_text("1 markerad rad saknar ditt val: rad 4.")
    expect(page.locator('tr[data-rad="2"]').get_by_label("Hoppa över")).to_be_checked()
    expect(page.locator('tr[data-rad="3"]').get_by_label("Spara raden")).to_be_checked()
    assert Deltagare.objects.count() == 2


def test_a_choice_ticked_before_paging_is_still_ticked_on_the_way_back(
    page: Page, live_server, leader_a, insats_a, tmp_path, arbetare, monkeypatch
):
    monkeypatch.setattr(forhandsvisning, "PER_SIDA", 2)
    granska_gammal_export(page, live_server, leader_a, insats_a, tmp_path, arbetare)

    page.locator('tr[data-rad="2"]').get_by_label("Hoppa över").check()
    page.get_by_role("button", name="Nästa ›").click()
    page.locator('tr[data-rad="4"]').get_by_label("Spara raden").check()
    page.get_by_role("button", name="‹ Föregående").click()

    expect(page.locator('tr[data-rad="2"]').get_by_label("Hoppa över")).to_be_checked()
    page.locator('tr[data-rad="3"]').get_by_label("Spara raden").check()
    bekrafta_och_se(page, arbetare, "0 nya och 2 ändrade deltagare. 1 markerad rad hoppades över.")


def test_a_choice_ticked_before_switching_view_is_still_ticked_there(
    page: Page, live_server, leader_a, insats_a, tmp_path, arbetare
):
    granska_gammal_export(page, live_server, leader_a, insats_a, tmp_path, arbetare)

    page.locator('tr[data-rad="2"]').get_by_label("Hoppa över").check()
    page.get_by_role("button", name="Kräver val").click()

    expect(page.locator(".visningar strong")).to_have_text("Kräver val")
    expect(page.locator('tr[data-rad="2"]').get_by_label("Hoppa över")).to_be_checked()
