"""Token and session login for the API, with the administrators' second factor (docs/regler.md §5):
where two-factor login is required, an administrator reaches the API only from a session
verified with a code; a token (which no second factor can stand behind) is refused."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.authentication import SessionScheme
from rest_framework import authentication, exceptions

from insatser.behorighet import kraver_tvafaktor, saknar_tvafaktor


class TokenInloggning(authentication.TokenAuthentication):
    def authenticate_credentials(self, key):
        user, token = super().authenticate_credentials(key)
        if kraver_tvafaktor(user):
            raise exceptions.AuthenticationFailed(
                _("Administratörer når inte API:t med token när tvåfaktorsinloggning krävs. Använd ett kansli- eller tjänstekonto.")
            )
        return user, token


class SessionInloggning(authentication.SessionAuthentication):
    def authenticate(self, request):
        result = super().authenticate(request)
        if result is not None and saknar_tvafaktor(result[0]):
            raise exceptions.AuthenticationFailed(
                _("Logga in i administrationen med tvåfaktorskod innan du använder API:t.")
            )
        return result


class SessionInloggningSchema(SessionScheme):
    # drf-spectacular recognises subclasses of TokenAuthentication, not of SessionAuthentication.
    target_class = "api.authentication.SessionInloggning"
