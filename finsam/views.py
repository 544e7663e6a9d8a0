"""Error answers in Swedish: the application's layout with a way back for pages, JSON for the
API, whatever the error (docs/regler.md §6). Django calls these through handler400–500 in
finsam/urls.py and CSRF_FAILURE_VIEW; they are shown only with DEBUG off."""

import logging
import sys

from django.http import HttpResponseServerError, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.utils.translation import gettext as _
from django.views.decorators.csrf import requires_csrf_token

from .middleware import ANSLUTNINGSFEL, ar_api, databasfel_svar

logger = logging.getLogger(__name__)

MEDDELANDEN = {
    400: (_("Felaktig begäran"), _("Begäran kunde inte tolkas. Kontrollera adressen eller formuläret och försök igen.")),
    403: (_("Ingen behörighet"), _("Du har inte behörighet till det här. Kontakta en administratör om du behöver det.")),
    404: (_("Sidan finns inte"), _("Sidan eller uppgiften du söker finns inte, eller så har du inte behörighet till den.")),
    500: (_("Något gick fel"), _("Ett oväntat fel uppstod och ingenting sparades. Försök igen om en stund; kvarstår felet, kontakta en administratör.")),
}


def _svar(request, status: int, meddelande: str | None = None):
    rubrik, standard = MEDDELANDEN[status]
    text = meddelande or standard
    if ar_api(request):
        return JsonResponse({"detail": str(text)}, status=status)
    return render(request, "fel.html", {"rubrik": rubrik, "meddelande": text}, status=status)


def _undantagstext(exception) -> str | None:
    # A PermissionDenied raised by the access policy, or an Http404 raised by a view, carries
    # a Swedish sentence for the user; other exceptions (a missing URL, get_object_or_404, a
    # suspicious request) carry internals.
    text = str(exception.args[0]) if exception is not None and exception.args else ""
    return text if text and not text.startswith(("No ", "Resolver404", "{")) and "\n" not in text else None


@requires_csrf_token
def fel_400(request, exception=None):
    return _svar(request, 400)


@requires_csrf_token
def fel_403(request, exception=None):
    return _svar(request, 403, _undantagstext(exception))


@requires_csrf_token
def fel_404(request, exception=None):
    return _svar(request, 404, _undantagstext(exception))


@requires_csrf_token
def fel_500(request):
    # A connection lost before any view (a middleware loading the session) never reaches
    # DatabasfelMiddleware, which sees only the views' exceptions; Django hands it here while
    # it is being handled. Only a lost or refused connection, as there: other database errors
    # are bugs.
    if isinstance(sys.exc_info()[1], ANSLUTNINGSFEL):
        return databasfel_svar(request, sammanhang=False)
    if ar_api(request):
        return JsonResponse({"detail": str(MEDDELANDEN[500][1])}, status=500)
    # No request context: whatever broke (the database, a context processor) must not break
    # the error page too.
    try:
        rubrik, meddelande = MEDDELANDEN[500]
        html = loader.get_template("fel.html").render({"rubrik": rubrik, "meddelande": meddelande})
    except Exception:  # the last resort must answer
        logger.exception("Felsidan 500 kunde inte visas")
        html = str(MEDDELANDEN[500][1])
    return HttpResponseServerError(html)


def csrf_fel(request, reason=""):
    return _svar(
        request,
        403,
        _(
            "Formuläret kunde inte skickas eftersom säkerhetskontrollen (CSRF) misslyckades, till "
            "exempel för att sidan var öppen länge eller att kakor är avstängda. Gå tillbaka, ladda om "
            "sidan och försök igen."
        ),
    )
