"""Login throttling (django-axes, docs/regler.md §5): repeated wrong passwords lock the pair
username + address for a while, even against the right password."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def logga_in(client, losenord: str):
    return client.post(reverse("login"), {"username": "ledare-a", "password": losenord})


def test_right_password_logs_in(client, leader_a):
    response = logga_in(client, "hemligt-losen-a")
    assert response.status_code == 302
    assert client.get(reverse("deltagare:start")).status_code == 200


def test_wrong_password_is_refused_with_a_swedish_message(client, leader_a):
    response = logga_in(client, "fel")
    assert response.status_code == 200
    assert "Ange ett korrekt användarnamn och lösenord." in response.content.decode()


def test_five_failures_lock_the_login_even_with_the_right_password(client, leader_a, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        logga_in(client, "fel")
    response = logga_in(client, "hemligt-losen-a")
    assert response.status_code == 429
    text = response.content.decode()
    assert "Inloggningen är tillfälligt spärrad" in text
    # Only an administrator can lift it (manage.py axes_reset_username), not the kansli.
    assert "kontakta en administratör: bara en administratör kan häva spärren." in text and "kansliet" not in text
    assert client.get(reverse("deltagare:start")).status_code == 302


def test_the_admin_has_no_login_of_its_own_but_sends_visitors_to_the_throttled_one(client):
    response = client.post("/admin/login/?next=/admin/", {"username": "kansli", "password": "fel"})
    assert (response.status_code, response.url) == (302, "/konto/login/?next=/admin/")
