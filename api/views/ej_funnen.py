from django.http import JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt


@csrf_exempt  # writes nothing; a refused CSRF check would answer in HTML instead
def ej_funnen(request, *args, **kwargs) -> JsonResponse:
    """Unknown addresses under /api/ are answered in JSON, not with the site's HTML 404 page."""
    return JsonResponse({"detail": _("Adressen finns inte i API:t. Se /api/docs/.")}, status=404)
