"""Where administrators need a second factor, the API holds them to it too (docs/regler.md §5)."""

import pytest
from django_otp.plugins.otp_static.models import StaticDevice
from rest_framework.authtoken.models import Token

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def tvafaktor_pa(settings):
    settings.TVAFAKTOR_FOR_ADMINISTRATORER = True


def test_an_administrators_token_is_refused(client, administrator):
    token = Token.objects.create(user=administrator)
    svar = client.get("/api/insatser/", HTTP_AUTHORIZATION=f"Token {token.key}")
    assert svar.status_code == 401
    assert svar.json()["detail"].startswith("Administratörer når inte API:t med token")


def test_a_kansli_token_still_works(client, kansli):
    token = Token.objects.create(user=kansli)
    assert client.get("/api/insatser/", HTTP_AUTHORIZATION=f"Token {token.key}").status_code == 200


def test_an_administrators_unverified_session_is_refused(client, administrator):
    client.force_login(administrator)
    svar = client.get("/api/insatser/")
    assert svar.status_code == 401
    assert svar.json()["detail"] == "Logga in i administrationen med tvåfaktorskod innan du använder API:t."


def test_an_administrators_verified_session_reaches_the_api(client, administrator):
    device = StaticDevice.objects.create(user=administrator, name="Reservkoder")
    device.token_set.create(token="reserv123")
    client.post(
        "/admin/login/?next=/admin/",
        {"username": "administrator", "password": "hemligt-losen-adm", "otp_token": "reserv123"},
    )
    assert client.get("/api/insatser/").status_code == 200
