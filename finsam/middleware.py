from django.db import InterfaceError, OperationalError
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

MEDDELANDE = _(
    "Databasen svarade inte, så ingenting sparades. Dina uppgifter finns kvar i formuläret: "
    "gå tillbaka och försök igen om en stund."
)


class DatabasfelMiddleware:
    """A lost database connection mid-request (network, restart, failover) becomes a clear
    Swedish 503 instead of a bare server error. Every write runs in a transaction, so the
    database has already rolled the partial work back; this only tells the user."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        # Only a lost or refused connection: a programming or integrity error is a bug to see,
        # not an outage to explain away.
        if not isinstance(exception, (OperationalError, InterfaceError)):
            return None
        if request.path.startswith("/api/"):
            return JsonResponse({"detail": MEDDELANDE}, status=503)
        return render(request, "databasfel.html", {"meddelande": MEDDELANDE}, status=503)
