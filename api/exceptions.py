"""Errors as JSON with Swedish messages per field (docs/regler.md §4, §6)."""

import math

from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import exceptions
from rest_framework.settings import api_settings
from rest_framework.views import exception_handler


def som_faltfel(error: DjangoValidationError) -> exceptions.ValidationError:
    """The model's ValidationError (from full_clean in deltagare_spara) as DRF field errors."""
    if hasattr(error, "error_dict"):
        detail = {
            (api_settings.NON_FIELD_ERRORS_KEY if field == NON_FIELD_ERRORS else field): messages
            for field, messages in error.message_dict.items()
        }
    else:
        detail = {api_settings.NON_FIELD_ERRORS_KEY: error.messages}
    return exceptions.ValidationError(detail)


def hantera_fel(exc, context):
    # Besides the model's errors, a few of DRF's messages are raised in untranslated English
    # (or half-translated); they are given in Swedish here.
    if isinstance(exc, DjangoValidationError):
        exc = som_faltfel(exc)
    elif isinstance(exc, exceptions.ParseError) and str(exc.detail).startswith("JSON parse error"):
        exc.detail = exceptions.ErrorDetail(_("Innehållet är inte giltig JSON."), code=exc.default_code)
    elif isinstance(exc, exceptions.PermissionDenied) and str(exc.detail).startswith("CSRF Failed"):
        # A request from another site carries the token but the wrong Origin: telling it to
        # send the token it sent would mislead.
        meddelande = (
            _("CSRF-kontrollen misslyckades: anropet kommer från en annan webbplats (Origin). Använd en token.")
            if "Origin checking failed" in str(exc.detail)
            else _("CSRF-kontrollen misslyckades. Skicka med huvudet X-CSRFToken, eller använd en token.")
        )
        exc.detail = exceptions.ErrorDetail(meddelande, code=exc.default_code)
    elif isinstance(exc, exceptions.AuthenticationFailed) and str(exc.detail) == _("Invalid token."):
        # DRF's Swedish for it is 'Ogiltig "token".'
        exc.detail = exceptions.ErrorDetail(_("Ogiltig token."), code=exc.default_code)
    elif isinstance(exc, exceptions.Throttled):
        sekunder = math.ceil(exc.wait or 1)
        exc.detail = exceptions.ErrorDetail(
            _("För många anrop. Försök igen om %(sekunder)s sekunder.") % {"sekunder": sekunder},
            code=exc.default_code,
        )
    elif isinstance(exc, Http404):
        # get_object_or_404's message names the model in English; another insats' participant
        # must look exactly like one that does not exist.
        exc = exceptions.NotFound(_("Hittades inte."))
    return exception_handler(exc, context)
