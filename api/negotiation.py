from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework.exceptions import ValidationError
from rest_framework.negotiation import DefaultContentNegotiation


class Formatval(DefaultContentNegotiation):
    """An unknown ?format= is the caller's mistake: 400 naming the formats, not DRF's 404."""

    def select_renderer(self, request, renderers, format_suffix=None):
        try:
            return super().select_renderer(request, renderers, format_suffix)
        except Http404:
            formats = ", ".join(renderer.format for renderer in renderers)
            raise ValidationError(
                {
                    self.settings.URL_FORMAT_OVERRIDE: [
                        _("Okänt format. Välj ett av: %(format)s.") % {"format": formats}
                    ]
                }
            ) from None
