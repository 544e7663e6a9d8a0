from collections.abc import Mapping

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import status, viewsets
from rest_framework.exceptions import APIException
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from deltagare.audit import logga_export, logga_lasning
from deltagare.choices import KODFALT
from deltagare.models import Deltagare
from deltagare.services import VersionKonflikt, deltagare_ta_bort
from insatser import behorighet

from ..exceptions import som_faltfel
from ..filters import DeltagareFilter
from ..pagination import Nyckelbladdring
from ..permissions import SkriverDeltagare
from ..serializers import DeltagareSerializer, VersionKonfliktSerializer
from ..services import deltagare_skriv

_KONFLIKT = {
    409: OpenApiResponse(VersionKonfliktSerializer, description=_("Raden har ändrats sedan du läste den.")),
    428: OpenApiResponse(description=_("Versionen (fältet version) saknas.")),
}


class VersionKravs(APIException):
    status_code = 428
    default_detail = _(
        "Ange versionen du ändrade från (fältet version ur läsningen). Utan den kan en senare ändring "
        "av någon annan skrivas över."
    )
    default_code = "version_kravs"


@extend_schema_view(
    list=extend_schema(
        summary=_("Deltagare i dina insatser"),
        description=_(
            "I registreringsordning (id), en sida i taget: följ länken `next` tills den är null. "
            "Sidorna bläddras med nyckel (cursor), så den sista sidan går lika fort som den första; "
            "listan räknar inte alla rader. Filtren gäller på varje sida. Listan loggas som export."
        ),
    ),
    retrieve=extend_schema(summary=_("En deltagare"), description=_("Läsningen loggas.")),
    create=extend_schema(summary=_("Registrera en deltagare")),
    update=extend_schema(summary=_("Ändra en deltagare"), responses={200: DeltagareSerializer, **_KONFLIKT}),
    partial_update=extend_schema(
        summary=_("Ändra delar av en deltagare"), responses={200: DeltagareSerializer, **_KONFLIKT}
    ),
    destroy=extend_schema(summary=_("Ta bort en deltagare")),
)
class DeltagareViewSet(viewsets.ModelViewSet):
    """Deltagare i dina insatser. Samma regler som i formulär och import gäller (docs/regler.md §2)."""

    # Writes go through deltagare_spara (via api.services), the path forms and import share.

    serializer_class = DeltagareSerializer
    filterset_class = DeltagareFilter
    pagination_class = Nyckelbladdring
    permission_classes = [IsAuthenticated, SkriverDeltagare]
    lookup_value_regex = r"[0-9]+"

    def get_queryset(self):
        return (
            behorighet.deltagare_att_lasa(self.request.user)
            .select_related("insats", *KODFALT)
            .prefetch_related("uppfoljningar")
            .order_by("id")
        )

    def list(self, request, *args, **kwargs):
        response = super().list(request, *args, **kwargs)
        logga_export(
            user=request.user,
            vad="API: deltagarlista",
            # What filtered the list, as the web list logs it: never the raw query string, which
            # a caller could fill with anything (keys without end, an insats it did not get).
            filter=self.filterset_class(request.query_params, queryset=Deltagare.objects.none(), request=request).loggat_filter(),
            antal=len(response.data["results"]),
        )
        return response

    def retrieve(self, request, *args, **kwargs):
        deltagare = self.get_object()
        logga_lasning(user=request.user, deltagare=deltagare)
        return Response(self.get_serializer(deltagare).data)

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        deltagare = self._skriv(Deltagare(), serializer.validated_data)
        return Response(self._las_om(deltagare), status=status.HTTP_201_CREATED)

    def update(self, request, *args, **kwargs):
        deltagare = self.get_object()
        # A body that is no JSON object (null, a list, a text) is the serializer's 400 below.
        if isinstance(request.data, Mapping) and request.data.get("version") in (None, ""):
            # Without the version the client edited, a colleague's later save could be silently
            # overwritten: refused, as every other path refuses it.
            raise VersionKravs()
        serializer = self.get_serializer(deltagare, data=request.data, partial=kwargs.get("partial", False))
        serializer.is_valid(raise_exception=True)
        try:
            deltagare = self._skriv(deltagare, serializer.validated_data)
        except VersionKonflikt as konflikt:
            logga_lasning(user=request.user, deltagare=konflikt.aktuell)
            data = {"detail": str(konflikt), "aktuell": self._las_om(konflikt.aktuell)}
            return Response(data, status=status.HTTP_409_CONFLICT)
        return Response(self._las_om(deltagare))

    def destroy(self, request, *args, **kwargs):
        deltagare_ta_bort(user=request.user, deltagare=self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)

    def _skriv(self, deltagare: Deltagare, data: dict) -> Deltagare:
        try:
            return deltagare_skriv(user=self.request.user, deltagare=deltagare, andringar=data)
        except DjangoValidationError as error:
            raise som_faltfel(error) from error

    def _las_om(self, deltagare: Deltagare) -> dict:
        # Read back with the list's joins: the answer shows what was stored, follow-ups included.
        return self.get_serializer(self.get_queryset().get(pk=deltagare.pk)).data
