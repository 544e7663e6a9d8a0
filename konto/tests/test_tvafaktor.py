"""Administrators pass a second factor before anything else (docs/regler.md §5): the code
step, the first-login enrolment of an authenticator app, backup codes."""

import re

import pytest
from django.urls import reverse
from django.utils import formats, timezone, translation
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework.authtoken.models import Token

from deltagare.tests.factories import DeltagareFactory

pytestmark = pytest.mark.django_db

KODSTEG = "/konto/tvafaktor/"


@pytest.fixture(autouse=True)
def tvafaktor_pa(settings):
    settings.TVAFAKTOR_FOR_ADMINISTRATORER = True


@pytest.fixture
def reservkod(administrator) -> str:
    enhet = StaticDevice.objects.create(user=administrator, name="Reservkoder")
    enhet.token_set.create(token="reserv123")
    return "reserv123"


def logga_in(client, username="administrator", password="hemligt-losen-adm", next_="/"):
    return client.post(f"{reverse('login')}?next={next_}", {"username": username, "password": password, "next": next_})


def appkod(enhet: TOTPDevice) -> str:
    return f"{TOTP(enhet.bin_key, enhet.step, enhet.t0, enhet.digits, enhet.drift).token():0{enhet.digits}d}"


@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/uppfoljningar/",
        "/deltagare/export/?format=csv",
        "/dataskydd/registerutdrag/",
        "/rapporter/ladda-ner.xlsx",
        "/deltagare/import/",
        "/admin/",
        "/admin/deltagare/deltagare/",
    ],
)
def test_an_administrator_with_the_password_alone_is_sent_to_the_code_step(client, administrator, reservkod, url):
    logga_in(client)
    response = client.get(url)
    assert response.status_code == 302
    assert response.url.startswith(f"{KODSTEG}?next=")


def test_an_administrator_with_the_password_alone_cannot_delete_a_participant(client, administrator, reservkod, insats_a):
    deltagare = DeltagareFactory(insats=insats_a)
    logga_in(client)
    response = client.post(reverse("deltagare:ta_bort", args=[deltagare.pk]), {"version": deltagare.version})
    assert response.url.startswith(KODSTEG)
    assert type(deltagare).objects.filter(pk=deltagare.pk).exists()


def test_the_api_refuses_an_administrators_session_without_the_code(client, administrator, reservkod):
    logga_in(client)
    response = client.get("/api/deltagare/")
    assert response.status_code == 403
    assert response.json() == {"detail": "Ange din tvåfaktorskod först (/konto/tvafaktor/)."}


def test_the_api_refuses_an_administrators_token(client, administrator):
    token = Token.objects.create(user=administrator)
    response = client.get("/api/insatser/", HTTP_AUTHORIZATION=f"Token {token.key}")
    assert response.status_code == 401
    assert response.json()["detail"].startswith("Administratörer når inte API:t med token")


def test_a_kansli_token_needs_no_second_factor(client, kansli):
    token = Token.objects.create(user=kansli)
    assert client.get("/api/insatser/", HTTP_AUTHORIZATION=f"Token {token.key}").status_code == 200


def test_the_code_step_is_in_swedish(client, administrator, reservkod):
    logga_in(client)
    html = client.get(KODSTEG).content.decode()
    assert "Ange din tvåfaktorskod" in html
    assert "OTP" not in html


def test_a_wrong_code_is_refused_with_a_message(client, administrator, reservkod):
    logga_in(client)
    response = client.post(KODSTEG, {"kod": "fel-kod", "next": "/"})
    assert response.status_code == 200
    assert "Koden stämmer inte." in response.content.decode()
    assert client.get("/").status_code == 302


def test_a_valid_code_opens_every_page_and_the_admin(client, administrator, reservkod):
    logga_in(client, next_="/admin/")
    response = client.post(KODSTEG, {"kod": reservkod, "next": "/admin/"})
    assert response.url == "/admin/"
    assert client.get("/admin/").status_code == 200
    assert client.get("/").status_code == 200
    assert client.get("/api/deltagare/").status_code == 200


def test_the_code_step_does_not_redirect_to_another_site(client, administrator, reservkod):
    logga_in(client)
    response = client.post(KODSTEG, {"kod": reservkod, "next": "https://example.org/"})
    assert response.url == "/"


def test_an_administrator_without_a_device_is_asked_to_add_one(client, administrator):
    logga_in(client)
    response = client.get("/", follow=True)
    assert response.redirect_chain[-1][0].startswith("/konto/tvafaktor/ny/")
    html = response.content.decode()
    assert "Lägg till en autentiseringsapp" in html
    assert 'src="data:image/svg+xml;base64,' in html


def test_adding_an_app_with_its_code_logs_in_and_shows_backup_codes_once(client, administrator):
    logga_in(client)
    client.get("/konto/tvafaktor/ny/")
    enhet = TOTPDevice.objects.get(user=administrator)
    response = client.post("/konto/tvafaktor/ny/", {"kod": appkod(enhet), "next": "/"}, follow=True)
    koder = re.findall(r"<code>([0-9a-z]+)</code>", response.content.decode())
    assert len(koder) == 10
    enhet.refresh_from_db()
    assert enhet.confirmed
    assert client.get("/").status_code == 200
    assert "<code>" not in client.get("/konto/tvafaktor/reservkoder/").content.decode()


def test_a_backup_code_works_once(client, administrator):
    logga_in(client)
    client.get("/konto/tvafaktor/ny/")
    enhet = TOTPDevice.objects.get(user=administrator)
    response = client.post("/konto/tvafaktor/ny/", {"kod": appkod(enhet), "next": "/"}, follow=True)
    kod = re.findall(r"<code>([0-9a-z]+)</code>", response.content.decode())[0]
    client.logout()
    logga_in(client)
    assert client.post(KODSTEG, {"kod": kod, "next": "/"}).status_code == 302
    client.logout()
    logga_in(client)
    assert "Koden stämmer inte." in client.post(KODSTEG, {"kod": kod, "next": "/"}).content.decode()


def test_a_wrong_code_when_adding_an_app_confirms_nothing(client, administrator):
    logga_in(client)
    client.get("/konto/tvafaktor/ny/")
    response = client.post("/konto/tvafaktor/ny/", {"kod": "000000x", "next": "/"})
    assert "Koden stämmer inte." in response.content.decode()
    assert not TOTPDevice.objects.filter(user=administrator, confirmed=True).exists()


def test_a_password_alone_cannot_add_a_second_app_to_an_account_that_has_one(client, administrator, reservkod):
    logga_in(client)
    response = client.get("/konto/tvafaktor/ny/")
    assert response.url.startswith(KODSTEG)
    assert not TOTPDevice.objects.filter(user=administrator).exists()


def test_project_leaders_and_kansli_need_no_code(client, leader_a, kansli):
    logga_in(client, "ledare-a", "hemligt-losen-a")
    assert client.get("/").status_code == 200
    client.logout()
    logga_in(client, "kansli", "hemligt-losen-k")
    assert client.get("/rapporter/").status_code == 200


def test_kansli_is_refused_the_admin_with_a_swedish_page(client, kansli):
    logga_in(client, "kansli", "hemligt-losen-k")
    response = client.get("/admin/", follow=True)
    assert response.status_code == 403
    assert "Administrationen är till för administratörer." in response.content.decode()


def test_after_repeated_wrong_codes_the_page_says_the_codes_are_throttled_and_until_when(client, administrator, reservkod):
    logga_in(client)
    client.post(KODSTEG, {"kod": "000000", "next": "/"})
    # As after eight wrong codes in a row: a wait of 2 minutes (1, 2, 4 … 128 seconds).
    enhet = StaticDevice.objects.get(user=administrator)
    enhet.throttling_failure_count = 8
    enhet.save()
    _tillaten, data = enhet.verify_is_allowed()
    svar = client.post(KODSTEG, {"kod": reservkod, "next": "/"})
    assert svar.status_code == 200
    with translation.override("sv"):
        tid = formats.time_format(timezone.localtime(data["locked_until"]), "H.i")
    assert svar.context["form"].errors["kod"] == [
        f"För många felaktiga koder i rad. Koder tas emot igen kl. {tid}; en kod som skickas innan dess "
        "prövas inte. Väntetiden fördubblas vid varje nytt fel."
    ]


def test_a_single_wrong_code_is_only_called_wrong(client, administrator, reservkod):
    logga_in(client)
    svar = client.post(KODSTEG, {"kod": "000000", "next": "/"})
    assert svar.context["form"].errors["kod"] == [
        "Koden stämmer inte. Kontrollera att telefonens klocka går rätt och försök igen."
    ]
