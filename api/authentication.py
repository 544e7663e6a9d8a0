"""Token and session login for the API (docs/regler.md §5).

An administrator's second factor: a session counts only once the code step is passed
(finsam.middleware.TvafaktorMiddleware, as for every page); a token, which no second factor can
stand behind, is refused where two-factor login is required.

Wrong tokens are guessing: each failure is counted per client address in the shared cache and
logged, and past API_TOKENFEL_GRANS failures in ten minutes the address is refused (429) before
any token is even looked up.
"""

import logging

from auditlog.models import LogEntry
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.utils.translation import gettext_lazy as _
from drf_spectacular.authentication import SessionScheme
from rest_framework import authentication, exceptions
from rest_framework.authtoken.models import Token

from insatser.behorighet import kraver_tvafaktor

logger = logging.getLogger("finsam.sakerhet")

FONSTER_SEKUNDER = 600


def _nyckel(request) -> str:
    return f"api-tokenfel:{request.META.get('REMOTE_ADDR', '')}"


class TokenInloggning(authentication.TokenAuthentication):
    def authenticate(self, request):
        delar = authentication.get_authorization_header(request).split()
        if not delar or delar[0].lower() != self.keyword.lower().encode():
            return None
        if cache.get(_nyckel(request), 0) >= settings.API_TOKENFEL_GRANS:
            logger.warning("API-token spärrad för %s efter upprepade fel", request.META.get("REMOTE_ADDR"))
            raise exceptions.Throttled(wait=FONSTER_SEKUNDER)
        try:
            return super().authenticate(request)
        except exceptions.AuthenticationFailed as fel:
            if getattr(fel, "tvafaktor", False):
                raise
            self._rakna_fel(request)
            raise

    def authenticate_credentials(self, key):
        user, token = super().authenticate_credentials(key)
        if kraver_tvafaktor(user):
            fel = exceptions.AuthenticationFailed(
                _("Administratörer når inte API:t med token när tvåfaktorsinloggning krävs. Använd ett kansli- eller tjänstekonto.")
            )
            fel.tvafaktor = True
            raise fel
        return user, token

    @staticmethod
    def _rakna_fel(request) -> None:
        nyckel = _nyckel(request)
        # add() then incr(): the first failure starts the window, later ones count within it.
        if not cache.add(nyckel, 1, FONSTER_SEKUNDER):
            try:
                cache.incr(nyckel)
            except ValueError:
                cache.set(nyckel, 1, FONSTER_SEKUNDER)
        adress = request.META.get("REMOTE_ADDR")
        logger.warning("Misslyckad inloggning med API-token från %s", adress)
        LogEntry.objects.create(
            content_type=ContentType.objects.get_for_model(Token),
            object_pk="tokenfel",
            object_repr=_("Misslyckad inloggning med API-token"),
            action=LogEntry.Action.ACCESS,
            changes={},
            remote_addr=adress,
        )


class SessionInloggning(authentication.SessionAuthentication):
    pass


class SessionInloggningSchema(SessionScheme):
    # drf-spectacular recognises subclasses of TokenAuthentication, not of SessionAuthentication.
    target_class = "api.authentication.SessionInloggning"
