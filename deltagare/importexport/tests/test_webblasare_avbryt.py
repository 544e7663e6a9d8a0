"""Cancelling an upload that no task worker takes, in a real browser (Debian's chromium,
headless): the run's page offers Avbryt, and the next upload is taken."""

import os

import pytest
from playwright.sync_api import Page, expect

from deltagare.models import ImportKorning

from .filer import rad, xlsx
from .test_webblasare import logga_in

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("grunddata", "grunddata_efter_modulen"),
]


def test_a_leader_cancels_a_queued_upload_and_uploads_again(page: Page, live_server, leader_a, tmp_path):
    fil = tmp_path / "deltagare.xlsx"
    fil.write_bytes(xlsx([rad()]))
    logga_in(page, live_server)
    page.get_by_label("Fil (.xlsx eller .csv)").set_input_files(fil)
    page.get_by_role("button", name="Granska filen").click()
    expect(page.get_by_role("status")).to_contain_text("I kö för granskning")

    page.get_by_role("button", name="Avbryt", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Importera deltagare")
    expect(page.get_by_role("status")).to_have_text("Importen är avbruten och filen borttagen.")
    assert not ImportKorning.objects.exists()

    page.get_by_label("Fil (.xlsx eller .csv)").set_input_files(fil)
    page.get_by_role("button", name="Granska filen").click()
    expect(page.get_by_role("status")).to_contain_text("I kö för granskning")
    assert ImportKorning.objects.get().status == ImportKorning.Status.I_KO
