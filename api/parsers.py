"""The API's JSON parser: DRF's, with a body nested too deep for Python's parser refused as bad
JSON (400) instead of a RecursionError (500). A depth of 1,000 brackets was enough."""

from django.utils.translation import gettext as _
from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser


class JSONTolkare(JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        try:
            return super().parse(stream, media_type, parser_context)
        except RecursionError:
            raise ParseError(_("Innehållet är inte giltig JSON: det är nästlat för djupt.")) from None
