"""Rules that hold for every request, in one place each (docs/regler.md §5).

Order in settings.MIDDLEWARE matters and is explained there.
"""

import logging
import re
from urllib.parse import quote

from django.conf import settings
from django.contrib.admin.views.main import ERROR_FLAG
from django.db import DataError, InterfaceError, OperationalError
from django.http import HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import redirect, render
from django.template import loader
from django.template.response import SimpleTemplateResponse
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _

from insatser.behorighet import saknar_tvafaktor

logger = logging.getLogger(__name__)

MEDDELANDE = _(
    "Databasen svarade inte, så ingenting sparades. Dina uppgifter finns kvar i formuläret: "
    "gå tillbaka och försök igen om en stund."
)
# A page that only reads has no form to go back to.
MEDDELANDE_LASNING = _("Databasen svarade inte. Försök igen om en stund.")


def ar_api(request) -> bool:
    return request.path.startswith("/api/")


class KlientadressMiddleware:
    """The client's address, taken only from the configured number of trusted proxies
    (DJANGO_ANTAL_PROXYER). With no proxy, X-Forwarded-For and X-Forwarded-Proto are anyone's
    words and are dropped; behind N proxies the address is the N:th from the right, the one the
    outermost trusted proxy saw. REMOTE_ADDR is rewritten, so the audit log, the login lockout
    (django-axes) and the API's rate limits all read the same, unforgeable address."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        antal = settings.ANTAL_PROXYER
        vidarebefordrad = request.META.pop("HTTP_X_FORWARDED_FOR", "")
        if antal:
            kedja = [adress.strip() for adress in vidarebefordrad.split(",") if adress.strip()]
            if len(kedja) >= antal:
                request.META["REMOTE_ADDR"] = kedja[-antal]
        else:
            request.META.pop("HTTP_X_FORWARDED_PROTO", None)
        return self.get_response(request)


def klientadress(request) -> str | None:
    """For django-axes (AXES_CLIENT_IP_CALLABLE): the address KlientadressMiddleware settled."""
    return request.META.get("REMOTE_ADDR")


class IngenCacheMiddleware:
    """Pages, files and API answers carry participant data: no browser or proxy may keep them.
    Static files are served by WhiteNoise above this middleware and keep their own caching."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        add_never_cache_headers(response)
        return response


# C0 control characters and DEL, except tab, line feed and carriage return, which a text area
# may legitimately send. A NUL cannot even be stored by PostgreSQL.
STYRTECKEN = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
STYRTECKEN_MEDDELANDE = _("Begäran innehåller otillåtna styrtecken (till exempel NUL). Ta bort dem och försök igen.")


class StyrteckenMiddleware:
    """Control characters in a query parameter or a form field are refused with a 400 before
    any view (or the audit log of a search) sees them. Form bodies are inspected after the CSRF
    check has parsed them; a CSRF-exempt view may still choose its own upload handlers, so its
    body is left to its own form validation."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not self._har_styrtecken(request, las_kropp=not getattr(view_func, "csrf_exempt", False)):
            return None
        if ar_api(request):
            return JsonResponse({"detail": str(STYRTECKEN_MEDDELANDE)}, status=400)
        return render(
            request, "fel.html", {"rubrik": _("Felaktig begäran"), "meddelande": STYRTECKEN_MEDDELANDE}, status=400
        )

    @staticmethod
    def _har_styrtecken(request, *, las_kropp: bool) -> bool:
        delar = [request.GET]
        if las_kropp and request.method == "POST" and request.content_type in (
            "application/x-www-form-urlencoded",
            "multipart/form-data",
        ):
            delar.append(request.POST)
        return any(
            STYRTECKEN.search(nyckel) or any(STYRTECKEN.search(varde) for varde in varden)
            for del_ in delar
            for nyckel, varden in del_.lists()
        )


class TvafaktorMiddleware:
    """Administrators pass a second factor before anything else, on every surface: pages,
    admin, file downloads and the API with a session (an administrator's API token is refused
    in api.authentication). Until then they reach only the code step, the login and the logout."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if saknar_tvafaktor(request.user) and not self._fri(request.path):
            if ar_api(request):
                return JsonResponse({"detail": _("Ange din tvåfaktorskod först (/konto/tvafaktor/).")}, status=403)
            return redirect(f"{reverse('konto:tvafaktor')}?next={quote(request.get_full_path())}")
        return self.get_response(request)

    @staticmethod
    def _fri(path: str) -> bool:
        fria = (reverse("login"), reverse("logout"), "/konto/tvafaktor/", settings.STATIC_URL)
        return path.startswith(tuple(f if f.startswith("/") else f"/{f}" for f in fria))


# Only a lost or refused connection: a programming or integrity error is a bug to see, not an
# outage to explain away.
ANSLUTNINGSFEL = (OperationalError, InterfaceError)


def databasfel_svar(request, *, sammanhang: bool = True) -> HttpResponse:
    """The Swedish 503 for a lost database connection, JSON for the API. Without sammanhang the
    page is drawn without the request's context, whose processors would ask the lost database
    again (the user's session): for a connection lost before any view (finsam.views.fel_500)."""
    lasning = request.method in ("GET", "HEAD", "OPTIONS")
    meddelande = MEDDELANDE_LASNING if lasning else MEDDELANDE
    if ar_api(request):
        return JsonResponse({"detail": str(meddelande)}, status=503)
    data = {"meddelande": meddelande, "lasning": lasning}
    if sammanhang:
        return render(request, "databasfel.html", data, status=503)
    try:
        html = loader.render_to_string("databasfel.html", data)
    except Exception:  # the last resort must answer
        logger.exception("Felsidan 503 kunde inte visas")
        html = str(meddelande)
    return HttpResponse(html, status=503)


class DatabasfelMiddleware:
    """A lost database connection mid-request (network, restart, failover) becomes a clear
    Swedish 503 instead of a bare server error. Every write runs in a transaction, so the
    database has already rolled the partial work back; this only tells the user."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        from deltagare.services import VersionKonflikt

        if isinstance(exception, VersionKonflikt):
            # Two saves raced past a form's own version check (the admin's, say): the second
            # is refused, never a silent overwrite.
            if ar_api(request):
                return JsonResponse({"detail": str(exception)}, status=409)
            return render(request, "fel.html", {"rubrik": _("Sparades inte"), "meddelande": str(exception)}, status=409)
        if not isinstance(exception, ANSLUTNINGSFEL):
            return None
        return databasfel_svar(request)


class AdminListfelMiddleware:
    """The admin answers a list's bad filter (?startdatum__gte=abc) with a redirect to ?e=1 and then
    its "Databasfel" page, but a few bad values escape its checks and were server errors: a year
    past what a date holds in the date hierarchy (?startdatum__year=99999999999999999999999:
    OverflowError, where Django catches only ValueError), a number past SQLite's INTEGER in
    ?id__in= (OverflowError when the list is counted) and auditlog's resource filter, which hands
    its value to the query unchecked (?resource_type=abc: ValueError). Those get the admin's own
    answer. So does a regular expression the database cannot read (?deltagar_id__regex=(: the
    admin allows any lookup on a list's own fields): PostgreSQL's DataError, and on SQLite the
    OperationalError of the REGEXP function Django runs in Python, which is no lost connection.
    Only for reading an admin list, after the admin has checked who is asking, and only those
    exceptions: anything else stays an error to see."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        match = getattr(request, "resolver_match", None)
        if (
            not _felaktigt_filter(exception)
            or request.method not in ("GET", "HEAD")
            or match is None
            or "admin" not in match.namespaces
            or not (match.url_name or "").endswith("_changelist")
        ):
            return None
        if ERROR_FLAG in request.GET:
            return SimpleTemplateResponse("admin/invalid_setup.html", {"title": _("Database error")})
        return HttpResponseRedirect(f"{request.path}?{ERROR_FLAG}=1")


def _felaktigt_filter(exception: Exception) -> bool:
    if isinstance(exception, (ValueError, OverflowError, DataError)):
        return True
    return isinstance(exception, OperationalError) and "user-defined function raised exception" in str(exception)
