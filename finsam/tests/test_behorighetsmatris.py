"""Every route of the URL configuration against every persona (docs/regler.md §5).

The routes are read from the URL configuration itself: a new route without a decision in
BESLUT fails ``test_every_route_has_a_decision``. Admin routes share one decision (the admin is
for administrators, behind the second factor). Two-factor login is on, as in production.

Outcomes: "ok" 2xx, "vidare" another redirect, "login" to the login page, "kod" to the code step
(or the API's 403 asking for it), "adm" to the admin's login (which refuses a signed-in user),
or the status code itself ("401", "403", "404", "405").
"""

import datetime
import re
from dataclasses import dataclass, field

import pytest
from auditlog.models import LogEntry
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from deltagare.models import Deltagare, ImportKorning, Uppfoljning
from deltagare.tests.factories import AvslutadDeltagareFactory, DeltagareFactory
from insatser.models import Mal

pytestmark = pytest.mark.django_db

PERSONER = ("anonym", "ledare_a", "ledare_b", "kansli", "admin", "admin_utan_kod")
PERIOD = {"fran": "2025-01-01", "till": "2025-06-30"}


def rutter() -> list[tuple[str, str]]:
    """(name, pattern) of every route; unnamed routes are named by their pattern."""

    def gå(patterns, prefix="", ns=None):
        for p in patterns:
            if isinstance(p, URLResolver):
                nns = f"{ns}:{p.namespace}" if ns and p.namespace else (p.namespace or ns)
                yield from gå(p.url_patterns, prefix + str(p.pattern), nns)
            elif isinstance(p, URLPattern):
                namn = (f"{ns}:{p.name}" if ns else p.name) if p.name else None
                yield namn or prefix + str(p.pattern), prefix + str(p.pattern)

    return list(gå(get_resolver().url_patterns))


@dataclass
class Beslut:
    """Expected outcome per persona (PERSONER order) for GET; `data`: an allowed GET shows
    participant-level data and must leave a read in the audit log; `skriv`: a POST that writes,
    which kansli and another insats' leader must not get through."""

    utfall: tuple[str, ...]
    data: bool = False
    skriv: bool = False
    parametrar: dict = field(default_factory=dict)


def b(*utfall, **kw) -> Beslut:
    assert len(utfall) == len(PERSONER)
    return Beslut(utfall, **kw)


LASA = b("login", "ok", "404", "ok", "ok", "kod", data=True)
SKRIVA = b("login", "ok", "404", "403", "ok", "kod", data=True, skriv=True)
BARA_POST = b("login", "405", "405", "405", "405", "kod", skriv=True)
INLOGGAD = b("login", "ok", "ok", "ok", "ok", "kod")
KANSLI = b("login", "403", "403", "ok", "ok", "kod")
IMPORT = b("login", "ok", "ok", "403", "ok", "kod")
API_ALLA = b("401", "ok", "ok", "ok", "ok", "kod")
OPPEN = b("ok", "ok", "ok", "ok", "ok", "kod")

BESLUT: dict[str, Beslut] = {
    "login": b("ok", "ok", "ok", "ok", "ok", "ok"),
    "logout": b("405", "405", "405", "405", "405", "405"),
    "konto:tvafaktor": b("login", "vidare", "vidare", "vidare", "ok", "ok"),
    "konto:tvafaktor_ny": b("login", "ok", "ok", "ok", "ok", "kod"),
    "konto:reservkoder": b("login", "kod", "kod", "kod", "ok", "kod"),
    # POST only, and it writes nothing but the session's expiry.
    "konto:forlang": b("login", "405", "405", "405", "405", "kod"),
    "password_change": INLOGGAD,
    "password_change_done": INLOGGAD,
    "password_reset": OPPEN,
    "password_reset_done": OPPEN,
    "password_reset_confirm": OPPEN,
    "password_reset_complete": OPPEN,
    "api:deltagare-list": b("401", "ok", "ok", "ok", "ok", "kod", data=True),
    "api:deltagare-detail": b("401", "ok", "404", "ok", "ok", "kod", data=True),
    "api:insats-list": API_ALLA,
    "api:insats-detail": b("401", "ok", "404", "ok", "ok", "kod"),
    "api:kodlistor": API_ALLA,
    "api:rapporter": API_ALLA,
    "api:rapport": b("401", "ok", "ok", "ok", "ok", "kod", parametrar=PERIOD),
    "api:finsam": b("401", "403", "403", "ok", "ok", "kod", parametrar=PERIOD),
    "api:schema": OPPEN,
    "api:docs": OPPEN,
    "api:ej-funnen": b("404", "404", "404", "404", "404", "kod"),
    "dataskydd:registerutdrag": b("login", "ok", "ok", "403", "ok", "kod", data=True),
    "rapporter:oversikt": KANSLI,
    "rapporter:diagram": KANSLI,
    "rapporter:ladda_ner": KANSLI,
    "importexport:import": IMPORT,
    "importexport:mall": IMPORT,
    "importexport:historik": IMPORT,
    # A run is its importer's; kansli, who imports nothing, is refused every import page.
    "importexport:korning": b("login", "ok", "404", "403", "404", "kod"),
    "importexport:kolumner": b("login", "vidare", "404", "403", "404", "kod"),
    "importexport:bekrafta": BARA_POST,
    "importexport:avbryt": BARA_POST,
    "importexport:val": BARA_POST,
    "importexport:forsok_igen": BARA_POST,
    # A page asking before the undo is queued; the run is its importer's (and administrators').
    "importexport:angra": b("login", "ok", "404", "403", "ok", "kod", skriv=True),
    "importexport:export": b("login", "ok", "ok", "ok", "ok", "kod", data=True),
    # GET is the empty search: the term is posted (deltagare/tests/test_sok.py decides who finds what).
    "deltagare:sok": INLOGGAD,
    "deltagare:start": b("login", "ok", "ok", "ok", "ok", "kod", data=True),
    "deltagare:lista": LASA,
    "deltagare:visa": LASA,
    "deltagare:ny": b("login", "ok", "404", "403", "ok", "kod", skriv=True),
    "deltagare:andra": SKRIVA,
    "deltagare:avsluta_flera": SKRIVA,
    "deltagare:uppfoljningar_utforda": BARA_POST,
    "deltagare:avsluta": SKRIVA,
    "deltagare:ateroppna": SKRIVA,
    "deltagare:ta_bort": SKRIVA,
    "deltagare:uppfoljningar": b("login", "ok", "ok", "ok", "ok", "kod", data=True),
    "deltagare:uppfoljning_utford": BARA_POST,
    "deltagare:uppfoljning_andra": SKRIVA,
    "deltagare:uppfoljning_angra": BARA_POST,
    # Goals (förväntat resultat) are the kansli's to enter; they hold no participant data.
    "insatser:mal_lista": KANSLI,
    "insatser:mal_ny": KANSLI,
    "insatser:mal_andra": KANSLI,
    "insatser:mal_ta_bort": KANSLI,
}
# The admin is the administrators' tool: everyone else is sent to its login, which refuses a
# signed-in user; an administrator without the code meets the code step first.
ADMIN = b("adm", "adm", "adm", "adm", "nadd", "kod")
ADMIN_UNDANTAG = {
    "admin:login": b("login", "403", "403", "403", "vidare", "kod"),
    "admin:logout": b("vidare", "vidare", "vidare", "vidare", "405", "kod"),
}
# Admin pages that show participants (the rest manage code lists, insatser and users).
ADMIN_DATA = ("admin:deltagare_deltagare_", "admin:deltagare_uppfoljning_")


def beslut_for(namn: str) -> Beslut | None:
    if namn in ADMIN_UNDANTAG:
        return ADMIN_UNDANTAG[namn]
    if namn.startswith("admin:") or namn.startswith("admin/"):
        data = namn.startswith(ADMIN_DATA) and namn.endswith(("_change", "_changelist", "_delete", "_history"))
        return Beslut(ADMIN.utfall, data=data, skriv=namn.endswith(("_add", "_change", "_delete")))
    return BESLUT.get(namn)


def test_every_route_has_a_decision():
    utan = [namn for namn, _monster in rutter() if beslut_for(namn) is None]
    assert utan == [], f"Rutter utan beslut i behörighetsmatrisen: {utan}"


def test_the_matrix_has_no_decision_for_a_route_that_is_gone():
    namn = {n for n, _m in rutter()}
    assert set(BESLUT) - namn == set()


# --- The world the matrix runs in -------------------------------------------------------------


@pytest.fixture
def varld(leader_a, leader_b, kansli, administrator, insats_a, settings, django_user_model):
    settings.TVAFAKTOR_FOR_ADMINISTRATORER = True
    deltagare = DeltagareFactory(insats=insats_a, deltagar_id="AP-MATRIS")
    avslutad = AvslutadDeltagareFactory(insats=insats_a, deltagar_id="AP-AVSLUTAD")
    uppfoljning = Uppfoljning.objects.create(deltagare=deltagare, manader=3, planerad_datum=datetime.date(2025, 5, 3))
    # A confirmed import its importer could still undo: nobody else may.
    korning = ImportKorning.objects.create(
        skapad_av=leader_a, filnamn="fil.xlsx", status=ImportKorning.Status.KLAR, sparad=timezone.now()
    )
    enhet = StaticDevice.objects.create(user=administrator, name="Reservkoder")
    enhet.token_set.create(token="matris1")
    utan_kod = django_user_model.objects.create_user("admin-utan-kod", password="x", is_staff=True, is_superuser=True)
    StaticDevice.objects.create(user=utan_kod, name="Reservkoder").token_set.create(token="oanvand")
    TOTPDevice.objects.create(user=utan_kod, name="Autentiseringsapp")
    return {
        "personer": {
            "ledare_a": leader_a, "ledare_b": leader_b, "kansli": kansli, "admin": administrator,
            "admin_utan_kod": utan_kod,
        },
        "deltagare": deltagare,
        "avslutad": avslutad,
        "uppfoljning": uppfoljning,
        "korning": korning,
        "insats": insats_a,
        "mal": Mal.objects.filter(insats=insats_a).first(),
    }


def klient_for(varld, persona: str) -> Client:
    client = Client()
    if persona == "anonym":
        return client
    client.force_login(varld["personer"][persona])
    if persona == "admin":
        client.post("/konto/tvafaktor/", {"kod": "matris1", "next": "/"})
        StaticDevice.objects.get(user=varld["personer"]["admin"]).token_set.create(token="matris1")
    return client


def adress(namn: str, monster: str, varld, beslut: Beslut) -> str:
    d, insats = varld["deltagare"], varld["insats"]
    if namn == "admin:view_on_site":
        return reverse(namn, args=[ContentType.objects.get_for_model(Deltagare).pk, d.pk])
    if namn == "admin:app_list":
        return reverse(namn, kwargs={"app_label": "deltagare"})
    if namn == "admin:auth_user_password_change":
        return reverse(namn, args=[varld["personer"]["ledare_a"].pk])
    if namn.startswith("admin/") or (namn.startswith("admin:") and "<" in monster):
        delar = monster.split("/")
        if delar[1] == "(?P<url>.*)$":
            return "/admin/finns-inte/"
        # The object of the route's own model (admin/<app>/<model>/<id>/...).
        modell = apps.get_model(delar[1], delar[2])
        obj = modell._default_manager.order_by("pk").first()
        return "/" + re.sub(r"<[^>]+>", str(obj.pk if obj is not None else 0), monster)
    kwargs: dict = {}
    if "<int:insats_id>" in monster:
        kwargs["insats_id"] = insats.pk
    if "<str:namn>" in monster:
        kwargs["namn"] = "aktiva"
    if "<str:format>" in monster:
        kwargs["format"] = "svg" if namn == "rapporter:diagram" else "xlsx"
    if "<uidb64>" in monster:
        kwargs.update(uidb64="MQ", token="ogiltig-nyckel")
    if "pk>" in monster:
        kwargs["pk"] = {
            "deltagare:ateroppna": varld["avslutad"].pk,
            "deltagare:uppfoljning_utford": varld["uppfoljning"].pk,
            "deltagare:uppfoljning_andra": varld["uppfoljning"].pk,
            "deltagare:uppfoljning_angra": varld["uppfoljning"].pk,
            "insatser:mal_andra": varld["mal"].pk,
            "insatser:mal_ta_bort": varld["mal"].pk,
            "api:insats-detail": insats.pk,
        }.get(namn, varld["korning"].pk if namn.startswith("importexport:") else d.pk)
    if namn == "api:ej-funnen":
        return "/api/finns-inte/"
    if namn == "admin:autocomplete":
        return reverse(namn) + "?app_label=deltagare&model_name=uppfoljning&field_name=deltagare&term=AP"
    url = reverse(namn, kwargs=kwargs)
    parametrar = dict(beslut.parametrar)
    if namn == "dataskydd:registerutdrag":
        parametrar = {"insats": insats.pk, "deltagar_id": d.deltagar_id}
    if namn == "importexport:export":
        parametrar = {"format": "csv"}
    if namn == "deltagare:lista":
        parametrar = {"deltagar_id": "AP"}
    if namn == "deltagare:avsluta_flera":
        parametrar = {"valda": d.pk}
    return url + ("?" + "&".join(f"{k}={v}" for k, v in parametrar.items()) if parametrar else "")


def utfall(response) -> str:
    if response.status_code in (301, 302):
        mal = response.url
        if mal.startswith("/konto/login/"):
            return "login"
        if mal.startswith("/konto/tvafaktor/?"):
            return "kod"
        if mal.startswith("/admin/login/"):
            return "adm"
        return "vidare"
    if response.status_code == 403 and response.get("Content-Type", "").startswith("application/json"):
        if "tvåfaktorskod" in response.json().get("detail", ""):
            return "kod"
    if 200 <= response.status_code < 300:
        return "ok"
    return str(response.status_code)


@pytest.mark.parametrize(("namn", "monster"), rutter(), ids=[n for n, _m in rutter()])
def test_every_persona_gets_the_decided_answer_on_every_route(varld, namn, monster):
    beslut = beslut_for(namn)
    url = adress(namn, monster, varld, beslut)
    fatt = []
    for persona, vantat in zip(PERSONER, beslut.utfall, strict=True):
        fore = LogEntry.objects.filter(action=LogEntry.Action.ACCESS).count()
        svar = klient_for(varld, persona).get(url)
        resultat = utfall(svar)
        if vantat == "nadd":
            resultat = "nadd" if resultat not in ("login", "kod", "adm") and svar.status_code < 500 else resultat
        fatt.append(resultat)
        if beslut.data and resultat == "ok" and persona in ("ledare_a", "kansli", "admin"):
            assert LogEntry.objects.filter(action=LogEntry.Action.ACCESS).count() > fore, (
                f"{persona} läste {url} utan att läsningen loggades"
            )
    assert tuple(fatt) == beslut.utfall, f"{url}: {fatt}"


SKRIVRUTTER = [(n, m) for n, m in rutter() if beslut_for(n).skriv]


@pytest.mark.parametrize(("namn", "monster"), SKRIVRUTTER, ids=[n for n, _m in SKRIVRUTTER])
@pytest.mark.parametrize("persona", ["kansli", "ledare_b", "admin_utan_kod"])
def test_no_write_gets_through_for_kansli_another_insats_leader_or_an_administrator_without_the_code(
    varld, namn, monster, persona
):
    beslut = beslut_for(namn)
    url = adress(namn, monster, varld, beslut)
    fore = list(Deltagare.objects.order_by("pk").values_list("pk", "version", "slutdatum"))
    uppf_fore = list(Uppfoljning.objects.order_by("pk").values_list("pk", "utford_datum"))
    # Import runs too: queueing an undo, a confirmation or a retry is a write.
    korningar_fore = list(ImportKorning.objects.order_by("pk").values_list("pk", "status", "val", "uppgift"))
    d = varld["deltagare"]
    svar = klient_for(varld, persona).post(
        url,
        {
            "deltagar_id": "NY-1", "kon": "K", "samtycke": "False", "startdatum": "2025-03-01",
            "slutdatum": "2025-06-01", "avslutsorsak": "", "version": d.version, "datum": "2025-06-01",
            "insats": varld["insats"].pk, "sedd_version": d.version, "post": "yes",
            "uppfoljningar-TOTAL_FORMS": "0", "uppfoljningar-INITIAL_FORMS": "0",
            # The rows a bulk action would act on: insats A's follow-up (and, by pk, participant).
            "valda": [varld["uppfoljning"].pk, d.pk],
        },
    )
    assert utfall(svar) in ("403", "404", "405", "adm", "kod", "login"), (url, svar.status_code)
    assert list(Deltagare.objects.order_by("pk").values_list("pk", "version", "slutdatum")) == fore
    assert list(Uppfoljning.objects.order_by("pk").values_list("pk", "utford_datum")) == uppf_fore
    assert list(ImportKorning.objects.order_by("pk").values_list("pk", "status", "val", "uppgift")) == korningar_fore
