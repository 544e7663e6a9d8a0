from django.utils.translation import gettext_lazy as _
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import PageNumberPagination


class Sidnumrering(PageNumberPagination):
    """?page=N&page_size=M; the default size is REST_FRAMEWORK["PAGE_SIZE"]."""

    page_size_query_param = "page_size"
    max_page_size = 500
    page_query_description = _("Sidnummer, från 1.")
    page_size_query_description = _("Antal rader per sida (högst 500).")

    def get_page_size(self, request):
        # DRF silently falls back to the default on a bad value; say so instead.
        value = request.query_params.get(self.page_size_query_param, "")
        if value and not (value.isascii() and value.isdigit() and int(value) > 0):
            raise ValidationError(
                {self.page_size_query_param: [_("Ange antal rader per sida som ett positivt heltal.")]}
            )
        return super().get_page_size(request)
