"""The warning before the session ends for inactivity in a real browser (Debian's chromium):
shown five minutes before the end with the time left, "Fortsätt vara inloggad" extends the
session and hides it, and after the end it says the user is logged out."""

import os

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from finsam.tests.test_tillganglighet import logga_in

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("grunddata", "grunddata_efter_modulen"),
]


def sedan(page: Page, minuter: int) -> None:
    """As if the user's last request was minuter ago (the time the tabs share)."""
    page.evaluate(f"localStorage.setItem('deltagaruppfoljning.senast', String(Date.now() - {minuter} * 60 * 1000))")


def test_the_warning_shows_before_the_end_and_staying_logged_in_hides_it(page: Page, live_server, leader_a, settings):
    settings.SESSION_COOKIE_AGE = 3600
    logga_in(page, live_server, leader_a)
    page.goto(live_server.url + "/")
    varning = page.locator("#sessionsvarning")
    expect(varning).to_be_hidden()
    sedan(page, 57)
    expect(varning).to_be_visible()
    expect(varning).to_contain_text("Du loggas ut om 3 min eftersom inget har hänt på en stund.")
    expect(page.get_by_role("button", name="Fortsätt vara inloggad")).to_be_focused()
    with page.expect_response(lambda svar: svar.url.endswith(reverse("konto:forlang"))) as svar:
        page.get_by_role("button", name="Fortsätt vara inloggad").click()
    assert svar.value.status == 204
    expect(varning).to_be_hidden()


def test_after_the_end_the_warning_says_the_user_is_logged_out(page: Page, live_server, leader_a, settings):
    settings.SESSION_COOKIE_AGE = 3600
    logga_in(page, live_server, leader_a)
    page.goto(live_server.url + "/")
    sedan(page, 61)
    expect(page.locator("#sessionsvarning")).to_contain_text("Du har loggats ut eftersom inget hände på en stund.")
    expect(page.get_by_role("button", name="Fortsätt vara inloggad")).to_be_hidden()
