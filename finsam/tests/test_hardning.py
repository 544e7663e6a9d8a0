"""The rules that hold for every request (docs/regler.md §5): control characters, the client's
address, the scheme behind a proxy, no caching of participant data, formula-free files,
refused and logged token guesses, Swedish error pages."""

import csv
import io
import sys
import zipfile

import pytest
from auditlog.models import LogEntry
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook
from rest_framework.authtoken.models import Token

from deltagare.models import Utbildning
from deltagare.tests.factories import DeltagareFactory
from finsam.kalkylblad import ofarlig

pytestmark = pytest.mark.django_db

STYRTECKEN = "Begäran innehåller otillåtna styrtecken (till exempel NUL). Ta bort dem och försök igen."


# --- Control characters -----------------------------------------------------------------------


@pytest.mark.parametrize("tecken", ["\x00", "\x07", "\x1b", "\x7f"])
def test_a_control_character_in_the_participant_list_filter_is_a_swedish_400(client, leader_a, insats_a, tecken):
    client.force_login(leader_a)
    svar = client.get(reverse("deltagare:lista", args=[insats_a.pk]), {"deltagar_id": f"A{tecken}B"})
    assert svar.status_code == 400
    assert STYRTECKEN in svar.content.decode()
    assert not LogEntry.objects.filter(object_pk="export").exists()


def test_a_nul_byte_in_the_admin_changelist_is_a_400(client, administrator):
    client.force_login(administrator)
    svar = client.get(reverse("admin:deltagare_deltagare_changelist"), {"q": "a\x00b"})
    assert svar.status_code == 400


def test_a_nul_byte_in_a_parameter_name_is_a_400(client, leader_a):
    client.force_login(leader_a)
    assert client.get("/?a%00b=1").status_code == 400


def test_a_nul_byte_in_a_form_post_is_a_400_and_nothing_is_saved(client, leader_a, insats_a):
    client.force_login(leader_a)
    svar = client.post(reverse("deltagare:ny", args=[insats_a.pk]), {"deltagar_id": "AP\x00X", "kon": "K"})
    assert svar.status_code == 400
    assert not insats_a.deltagare.exists()


def test_line_breaks_in_a_form_post_are_not_control_characters(client, leader_a):
    client.force_login(leader_a)
    svar = client.post(reverse("login"), {"username": "ledare-a\r\n", "password": "x\t"})
    assert svar.status_code == 200


# --- The client's address and the scheme ------------------------------------------------------


def _las_deltagare(client, leader_a, insats_a, **headers):
    client.force_login(leader_a)
    deltagare = DeltagareFactory(insats=insats_a)
    client.get(reverse("deltagare:visa", args=[deltagare.pk]), **headers)
    return LogEntry.objects.filter(object_pk=str(deltagare.pk), action=LogEntry.Action.ACCESS).get()


def test_x_forwarded_for_cannot_forge_the_logged_address_without_a_proxy(client, leader_a, insats_a):
    post = _las_deltagare(client, leader_a, insats_a, HTTP_X_FORWARDED_FOR="203.0.113.9", REMOTE_ADDR="198.51.100.7")
    assert post.remote_addr == "198.51.100.7"


def test_behind_one_proxy_the_address_is_the_one_the_proxy_saw(client, settings, leader_a, insats_a):
    settings.ANTAL_PROXYER = 1
    post = _las_deltagare(
        client, leader_a, insats_a, HTTP_X_FORWARDED_FOR="203.0.113.9, 192.0.2.44", REMOTE_ADDR="10.0.0.2"
    )
    assert post.remote_addr == "192.0.2.44"


def test_behind_two_proxies_a_forged_first_address_is_ignored(client, settings, leader_a, insats_a):
    settings.ANTAL_PROXYER = 2
    post = _las_deltagare(
        client, leader_a, insats_a, HTTP_X_FORWARDED_FOR="6.6.6.6, 192.0.2.44, 10.0.0.3", REMOTE_ADDR="10.0.0.2"
    )
    assert post.remote_addr == "192.0.2.44"


def test_the_login_lockout_counts_the_real_address_not_a_forged_one(client, leader_a, settings):
    for nummer in range(settings.AXES_FAILURE_LIMIT):
        client.post(
            reverse("login"), {"username": "ledare-a", "password": "fel"}, HTTP_X_FORWARDED_FOR=f"203.0.113.{nummer}"
        )
    svar = client.post(reverse("login"), {"username": "ledare-a", "password": "hemligt-losen-a"})
    assert svar.status_code == 429


def test_x_forwarded_proto_is_ignored_without_a_proxy(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    svar = client.get(reverse("login"), HTTP_X_FORWARDED_PROTO="https")
    assert svar.status_code == 301
    assert svar.url.startswith("https://")


def test_settings_trust_x_forwarded_proto_only_behind_a_proxy():
    from finsam.tests.test_installningar import PROD, manage

    utan = manage("shell", "-v", "0", "-c", "from django.conf import settings; print(settings.SECURE_PROXY_SSL_HEADER)", **PROD)
    med = manage(
        "shell", "-v", "0", "-c", "from django.conf import settings; print(settings.SECURE_PROXY_SSL_HEADER)",
        **PROD, DJANGO_ANTAL_PROXYER="1",
    )
    assert (utan.stdout.strip(), med.stdout.strip()) == ("None", "('HTTP_X_FORWARDED_PROTO', 'https')")


# --- No caching -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    ["/", "/deltagare/{pk}/", "/insatser/{insats}/deltagare/", "/deltagare/export/?format=csv", "/api/deltagare/"],
)
def test_answers_with_participant_data_are_never_cached(client, leader_a, insats_a, url):
    deltagare = DeltagareFactory(insats=insats_a)
    client.force_login(leader_a)
    svar = client.get(url.format(pk=deltagare.pk, insats=insats_a.pk))
    assert svar.status_code == 200
    assert "no-store" in svar["Cache-Control"]
    assert "private" in svar["Cache-Control"]


def test_report_downloads_are_never_cached(client, kansli):
    client.force_login(kansli)
    svar = client.get("/rapporter/ladda-ner.xlsx?period=halvar")
    assert "no-store" in svar["Cache-Control"]


# --- Formula injection ------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["=1+1", "+SUM(A1)", "-2+3", "@cmd", "\tx", "\rx"])
def test_a_cell_that_a_spreadsheet_would_evaluate_is_neutralised(text):
    assert ofarlig(text) == "'" + text


@pytest.mark.parametrize("varde", ["Arbete", "2025-01-01", 7, None, -3])
def test_ordinary_cells_are_left_as_they_are(varde):
    assert ofarlig(varde) == varde


@pytest.fixture
def formelkod(db):
    kod = Utbildning.objects.get(kod="gymnasieutbildning")
    kod.namn = '=HYPERLINK("http://angripare.example/","Klicka")'
    kod.save()
    return kod.namn


def _inga_formler(xlsx: bytes) -> list[str]:
    bok = load_workbook(io.BytesIO(xlsx))
    return [
        f"{blad.title}!{cell.coordinate}"
        for blad in bok.worksheets
        for rad in blad.iter_rows()
        for cell in rad
        if cell.data_type == "f" or (isinstance(cell.value, str) and cell.value.startswith("="))
    ]


def test_the_participant_export_carries_no_formula(client, leader_a, insats_a, formelkod):
    DeltagareFactory(insats=insats_a)
    client.force_login(leader_a)
    xlsx = client.get("/deltagare/export/?format=xlsx").content
    assert _inga_formler(xlsx) == []
    text = client.get("/deltagare/export/?format=csv").content.decode("utf-8-sig")
    celler = [c for rad in csv.reader(io.StringIO(text), delimiter=";") for c in rad]
    assert "'" + formelkod in celler and formelkod not in celler


def test_the_report_workbook_carries_no_formula_from_data(client, kansli, insats_a, formelkod):
    DeltagareFactory(insats=insats_a, startdatum="2025-02-03")
    client.force_login(kansli)
    xlsx = client.get("/rapporter/ladda-ner.xlsx?period=egen&fran=2025-01-01&till=2025-06-30").content
    assert _inga_formler(xlsx) == []


def test_the_report_csv_files_carry_no_formula(client, kansli, insats_a, formelkod):
    DeltagareFactory(insats=insats_a, startdatum="2025-02-03")
    client.force_login(kansli)
    arkiv = zipfile.ZipFile(io.BytesIO(client.get("/rapporter/ladda-ner.zip?period=egen&fran=2025-01-01&till=2025-06-30").content))
    celler = [
        c for namn in arkiv.namelist() if namn.endswith(".csv")
        for rad in csv.reader(io.StringIO(arkiv.read(namn).decode("utf-8-sig")), delimiter=";") for c in rad
    ]
    assert celler and not [c for c in celler if c.startswith(("=", "+", "@"))]


def test_the_import_template_carries_no_formula_from_data(client, leader_a, formelkod):
    client.force_login(leader_a)
    bok = load_workbook(io.BytesIO(client.get("/deltagare/import/mall/").content))
    varden = [c.value for blad in bok.worksheets for rad in blad.iter_rows() for c in rad if isinstance(c.value, str)]
    assert "'" + formelkod in varden and formelkod not in varden


def test_the_registerutdrag_workbook_carries_no_formula(client, leader_a, insats_a, formelkod):
    deltagare = DeltagareFactory(insats=insats_a)
    client.force_login(leader_a)
    xlsx = client.get(
        reverse("dataskydd:registerutdrag"), {"insats": insats_a.pk, "deltagar_id": deltagare.deltagar_id, "format": "xlsx"}
    ).content
    assert _inga_formler(xlsx) == []


@pytest.mark.parametrize("deltagar_id", ["-1-1", "-B2", "=A1", "+1", "@x", "_a", ".b", "/c"])
def test_an_id_that_does_not_begin_with_a_letter_or_digit_is_refused(client, leader_a, insats_a, deltagar_id):
    client.force_login(leader_a)
    svar = client.post(
        reverse("deltagare:ny", args=[insats_a.pk]),
        {"deltagar_id": deltagar_id, "samtycke": "False", "kon": "K", "startdatum": "2025-03-01"},
    )
    assert svar.status_code == 200
    assert "måste börja med en bokstav eller siffra" in svar.content.decode()


# --- API tokens -------------------------------------------------------------------------------


def test_a_wrong_token_is_logged_with_the_address(client):
    svar = client.get("/api/insatser/", HTTP_AUTHORIZATION="Token fel", REMOTE_ADDR="198.51.100.7")
    assert svar.status_code == 401
    post = LogEntry.objects.get(object_pk="tokenfel")
    assert (post.object_repr, post.remote_addr) == ("Misslyckad inloggning med API-token", "198.51.100.7")


def test_repeated_wrong_tokens_lock_the_address_out_even_with_a_valid_token(client, kansli, settings):
    settings.API_TOKENFEL_GRANS = 3
    cache.clear()
    giltig = Token.objects.create(user=kansli).key
    for _ in range(3):
        assert client.get("/api/insatser/", HTTP_AUTHORIZATION="Token fel", REMOTE_ADDR="198.51.100.8").status_code == 401
    svar = client.get("/api/insatser/", HTTP_AUTHORIZATION=f"Token {giltig}", REMOTE_ADDR="198.51.100.8")
    assert svar.status_code == 429
    assert svar.json()["detail"].startswith("För många anrop.")
    annan = client.get("/api/insatser/", HTTP_AUTHORIZATION=f"Token {giltig}", REMOTE_ADDR="198.51.100.9")
    assert annan.status_code == 200
    cache.clear()


def test_the_rate_limits_live_in_a_cache_every_worker_shares(settings):
    assert settings.CACHES["default"]["BACKEND"] in (
        "django.core.cache.backends.db.DatabaseCache",
        "django.core.cache.backends.redis.RedisCache",
    )


def test_redis_url_moves_the_cache_to_redis():
    from finsam.tests.test_installningar import PROD, manage

    svar = manage(
        "shell", "-v", "0", "-c", "from django.conf import settings; print(settings.CACHES['default']['BACKEND'])",
        **PROD, REDIS_URL="redis://127.0.0.1:6379/3",
    )
    assert svar.stdout.strip() == "django.core.cache.backends.redis.RedisCache"


def test_a_bad_redis_url_stops_start_up_naming_the_variable():
    from finsam.tests.test_installningar import PROD, manage

    svar = manage("check", **PROD, REDIS_URL="localhost:6379")
    assert "REDIS_URL måste börja med redis://" in svar.stderr


# --- Error pages ------------------------------------------------------------------------------


@pytest.fixture
def produktion(settings):
    settings.DEBUG = False


def test_a_missing_page_is_a_swedish_404_in_the_layout_with_a_way_back(client, leader_a, produktion):
    client.force_login(leader_a)
    svar = client.get("/finns-inte/")
    html = svar.content.decode()
    assert svar.status_code == 404
    assert "Sidan finns inte" in html and 'href="/"' in html and 'class="site-header"' in html
    assert "Not Found" not in html


def test_a_refusal_is_a_swedish_403_with_the_policys_reason(client, kansli, insats_a, produktion):
    client.force_login(kansli)
    svar = client.get(reverse("deltagare:ny", args=[insats_a.pk]))
    html = svar.content.decode()
    assert svar.status_code == 403
    assert "Du kan läsa men inte ändra deltagare i insatsen Aktivitetsplatsen." in html
    assert "403 Forbidden" not in html


def test_a_csrf_failure_is_explained_in_swedish(leader_a, produktion):
    client = Client(enforce_csrf_checks=True)
    client.force_login(leader_a)
    svar = client.post(reverse("logout"))
    assert svar.status_code == 403
    assert "säkerhetskontrollen (CSRF) misslyckades" in svar.content.decode()


def test_a_server_error_on_a_page_is_swedish(client, leader_a, produktion, monkeypatch):
    monkeypatch.setattr(sys.modules["deltagare.views.start"], "uppfoljningar_att_gora", lambda **kw: 1 / 0)
    client.raise_request_exception = False
    client.force_login(leader_a)
    svar = client.get("/")
    assert svar.status_code == 500
    assert "Något gick fel" in svar.content.decode()


def test_a_server_error_in_the_api_is_json(client, kansli, produktion, monkeypatch):
    monkeypatch.setattr("api.views.insatser.InsatsViewSet.get_queryset", lambda self: 1 / 0)
    client.raise_request_exception = False
    client.force_login(kansli)
    svar = client.get("/api/insatser/")
    assert svar.status_code == 500
    assert svar["Content-Type"] == "application/json"
    assert svar.json() == {"detail": "Ett oväntat fel uppstod och ingenting sparades. Försök igen om en stund; kvarstår felet, kontakta en administratör."}


def test_an_unknown_api_address_is_json(client, kansli, produktion):
    client.force_login(kansli)
    svar = client.get("/api/finns-inte/")
    assert (svar.status_code, svar["Content-Type"]) == (404, "application/json")
