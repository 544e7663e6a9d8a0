from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import viewsets
from rest_framework.response import Response
from rest_framework.views import APIView

from insatser.models import Insats

from ..serializers import KODLISTOR, InsatsSerializer, KodlistorSerializer


@extend_schema_view(
    list=extend_schema(summary=_("Insatser du når")),
    retrieve=extend_schema(summary=_("En insats")),
)
class InsatsViewSet(viewsets.ReadOnlyModelViewSet):
    """Kansliet ser alla insatser, en projektledare sina egna (docs/regler.md §5)."""

    serializer_class = InsatsSerializer
    pagination_class = None
    lookup_value_regex = r"[0-9]+"

    def get_queryset(self):
        return (
            Insats.objects.for_user(self.request.user)
            .prefetch_related("tidigare_namn")
            .order_by("sortering", "namn")
        )


class KodlistorView(APIView):
    @extend_schema(summary=_("Kodlistor"), responses=KodlistorSerializer)
    def get(self, request):
        data = {namn: model.objects.order_by("sortering", "namn") for namn, model in KODLISTOR.items()}
        data["avslutsorsak"] = data["avslutsorsak"].select_related("grupp")
        return Response(KodlistorSerializer(data).data)
