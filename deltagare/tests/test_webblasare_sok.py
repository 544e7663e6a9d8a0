"""The header's search in a real browser (Debian's chromium): the term is posted, so neither a
deltagar-ID nor a personnummer typed by mistake becomes part of an address (the browser's
history, access logs, the next page's Referer)."""

import os

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from finsam.tests.test_tillganglighet import logga_in

from .factories import DeltagareFactory

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("grunddata", "grunddata_efter_modulen"),
]


def sok(page: Page, term: str) -> None:
    page.get_by_label("Sök deltagare i dina insatser (ID)").fill(term)
    page.get_by_label("Sök deltagare i dina insatser (ID)").press("Enter")


def test_search_results_have_no_term_in_the_address(page: Page, live_server, leader_a, insats_a):
    DeltagareFactory(insats=insats_a, deltagar_id="AP-2025-001")
    DeltagareFactory(insats=insats_a, deltagar_id="AP-2025-002")
    logga_in(page, live_server, leader_a)
    page.goto(live_server.url + "/")
    sok(page, "AP-2025")
    expect(page.get_by_role("status")).to_have_text("2 deltagare med ”AP-2025” i deltagar-ID")
    assert page.url == live_server.url + reverse("deltagare:sok")


def test_a_personnummer_typed_into_the_search_never_reaches_the_address(page: Page, live_server, leader_a):
    logga_in(page, live_server, leader_a)
    page.goto(live_server.url + "/")
    sok(page, "19850101-1234")
    expect(page.get_by_role("alert")).to_contain_text("Sök inte på personnummer")
    assert "1234" not in page.url
    assert "19850101" not in page.content()
