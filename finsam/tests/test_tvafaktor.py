"""Administrators need a second factor in the admin; kansli may go without (docs/regler.md §5)."""

import pytest
from django_otp.plugins.otp_static.models import StaticDevice

pytestmark = pytest.mark.django_db

LOGIN = "/admin/login/?next=/admin/"


@pytest.fixture(autouse=True)
def tvafaktor_pa(settings):
    settings.TVAFAKTOR_FOR_ADMINISTRATORER = True


@pytest.fixture
def engangskod(administrator) -> str:
    device = StaticDevice.objects.create(user=administrator, name="Reservkoder")
    device.token_set.create(token="reserv123")
    return "reserv123"


def test_administrator_without_a_code_is_refused(client, administrator, engangskod):
    response = client.post(LOGIN, {"username": "administrator", "password": "hemligt-losen-adm"})
    assert response.status_code == 200
    assert "Administratörer loggar in med en tvåfaktorskod." in response.content.decode()
    assert client.get("/admin/").status_code == 302


def test_administrator_with_a_wrong_code_is_refused(client, administrator, engangskod):
    response = client.post(
        LOGIN, {"username": "administrator", "password": "hemligt-losen-adm", "otp_token": "fel"}
    )
    assert "Ogiltig tvåfaktorskod" in response.content.decode()
    assert client.get("/admin/").status_code == 302


def test_administrator_with_a_valid_code_reaches_the_admin(client, administrator, engangskod):
    response = client.post(
        LOGIN, {"username": "administrator", "password": "hemligt-losen-adm", "otp_token": engangskod}
    )
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200


def test_administrator_logged_in_without_second_factor_elsewhere_is_not_let_into_admin(client, administrator):
    client.force_login(administrator)
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response.url.startswith("/admin/login/")


def test_kansli_does_not_reach_the_admin(client, kansli):
    client.post(LOGIN, {"username": "kansli", "password": "hemligt-losen-k"})
    assert client.get("/admin/").status_code == 302
