from django.utils.translation import gettext_lazy as _
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.pagination import CursorPagination, PageNumberPagination

from finsam.idlista import ar_id

MAX_SIDSTORLEK = 500


class _Sidstorlek:
    page_size_query_param = "page_size"
    max_page_size = MAX_SIDSTORLEK
    page_size_query_description = _("Antal rader per sida (högst 500).")

    def get_page_size(self, request):
        # DRF silently falls back to the default on a bad value; say so instead.
        value = request.query_params.get(self.page_size_query_param, "")
        if value and not (value.isascii() and value.isdigit() and int(value) > 0):
            raise ValidationError(
                {self.page_size_query_param: [_("Ange antal rader per sida som ett positivt heltal.")]}
            )
        return super().get_page_size(request)


class Sidnumrering(_Sidstorlek, PageNumberPagination):
    """?page=N&page_size=M for the small lists (insatser); the default size is
    REST_FRAMEWORK["PAGE_SIZE"]."""

    page_query_description = _("Sidnummer, från 1.")


class Nyckelbladdring(_Sidstorlek, CursorPagination):
    """Keyset pagination for the participant list: each page continues after the last id of the
    one before (the primary key's index), so the last page costs what the first does and no
    page counts the whole table. A client follows `next` until it is null; rows registered
    meanwhile come at the end, none is skipped or repeated."""

    ordering = ("id",)
    cursor_query_description = _("Var listan fortsätter: värdet ur länken next eller previous i förra svaret.")
    invalid_cursor_message = _("Ogiltig cursor: följ länkarna next och previous i svaret.")

    def paginate_queryset(self, queryset, request, view=None):
        if "page" in request.query_params:
            # A client of the former page numbers would get the first page for every page=N.
            raise ValidationError(
                {"page": [_("Listan bläddras med cursor, inte sidnummer: följ länken next i svaret.")]}
            )
        return super().paginate_queryset(queryset, request, view)

    def decode_cursor(self, request):
        # DRF checks the offset and the direction but not the position, which would reach the
        # query as it came (p=abc: ValueError). The position is an id, the last row's.
        cursor = super().decode_cursor(request)
        if cursor is not None and cursor.position is not None and not ar_id(cursor.position):
            raise NotFound(self.invalid_cursor_message)
        # Nor a cursor that says nothing ("!!!" decodes to no fields at all), which DRF reads as
        # the first page: no link of ours looks like that, so it is not one of ours.
        if (
            request.query_params.get(self.cursor_query_param)
            and cursor is not None
            and cursor.position is None
            and not cursor.offset
            and not cursor.reverse
        ):
            raise NotFound(self.invalid_cursor_message)
        # DRF's own links leave the position out only with an offset of one page (a last page
        # whose rows share one position); r=1&o=999… gave an empty page whose `next` led back
        # to the first.
        if cursor is not None and cursor.position is None and cursor.offset not in (0, self.page_size):
            raise NotFound(self.invalid_cursor_message)
        return cursor
