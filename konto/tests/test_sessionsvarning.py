"""The warning before the session ends for inactivity (WCAG 2.2.1): every page of a logged-in
user carries it, and "Fortsätt vara inloggad" extends the session."""

import datetime

import pytest
from django.contrib.sessions.models import Session
from django.urls import reverse
from django.utils import timezone

pytestmark = pytest.mark.django_db


def test_a_logged_in_page_carries_the_session_length_and_the_warning(client, leader_a, settings):
    settings.SESSION_COOKIE_AGE = 1800
    client.force_login(leader_a)
    html = client.get("/").text
    assert '<body data-session-sekunder="1800">' in html
    assert 'id="sessionsvarning"' in html and f'data-url="{reverse("konto:forlang")}"' in html
    assert "/static/js/session.js" in html


def test_the_login_page_has_no_session_warning(client):
    html = client.get(reverse("login")).text
    assert "sessionsvarning" not in html and "data-session-sekunder" not in html


def test_staying_logged_in_extends_the_session(client, leader_a):
    client.force_login(leader_a)
    # As a minute before the end of the hour.
    sessionen = Session.objects.filter(session_key=client.session.session_key)
    sessionen.update(expire_date=timezone.now() + datetime.timedelta(minutes=1))
    svar = client.post(reverse("konto:forlang"))
    assert svar.status_code == 204
    assert sessionen.get().expire_date > timezone.now() + datetime.timedelta(minutes=59)


def test_an_expired_session_is_not_extended(client, leader_a):
    svar = client.post(reverse("konto:forlang"))
    assert svar.status_code == 302 and svar.url.startswith(reverse("login"))
