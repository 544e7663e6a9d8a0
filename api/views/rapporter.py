"""Reports as JSON (docs/regler.md §4). The numbers come from the report module; these views check the
parameters and the caller's reach, call it and log the export (docs/regler.md §5)."""

from contextlib import contextmanager

from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, PolymorphicProxySerializer, extend_schema
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import IsAuthenticated
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

import rapporter
from deltagare.audit import logga_export
from insatser import behorighet

from ..permissions import ArKansli
from ..renderers import FinsamCsvRenderer
from ..serializers import FinsamParametrar, FinsamSerializer, RapportParametrar, RapportSerializer


@contextmanager
def _rapportfel_som_400():
    # The report module refuses what it cannot compute with a Swedish ValueError.
    try:
        yield
    except ValueError as fel:
        raise ValidationError({"detail": str(fel)}) from fel


def _exportfilter(params: dict, insatser) -> dict:
    return {
        "fran": params["fran"].isoformat(),
        "till": params["till"].isoformat(),
        "insatser": [insats.kortnamn for insats in insatser] if insatser is not None else "alla",
    }


class RapportlistaView(APIView):
    @extend_schema(
        operation_id="rapporter_list",
        summary=gettext_lazy("Rapporternas namn"),
        responses={
            200: OpenApiResponse(OpenApiTypes.OBJECT, description=gettext_lazy('{"rapporter": [kontraktets 18 namn], "tillagda": [namn, …], "alla": "alla"}'))
        },
    )
    def get(self, request):
        # The contract's 18 names as before; the tables added since, and "alla", beside them.
        return Response({"rapporter": list(rapporter.RAPPORTNAMN), "tillagda": list(rapporter.TILLAGGSNAMN), "alla": rapporter.ALLA})


class RapportView(APIView):
    @extend_schema(
        operation_id="rapport_retrieve",
        summary=gettext_lazy("En rapport för en period"),
        description=gettext_lazy(
            "Samma JSON som `manage.py rapport NAMN --format json` (docs/regler.md §4), för samma namn: "
            "de 18 rapporterna, de tillagda tabellerna och `alla` (en lista med alla tabeller). Kansli: alla insatser. "
            "Projektledare: bara egna insatser (utan insats= avgränsas rapporten till dem; "
            "en annan insats svarar 403). Hämtningen loggas som export."
        ),
        parameters=[
            OpenApiParameter("namn", str, OpenApiParameter.PATH, enum=list(rapporter.BEGARBARA_NAMN)),
            RapportParametrar,
        ],
        # `alla` answers a list of the tables, every other name one table.
        responses=PolymorphicProxySerializer(
            component_name="RapportEllerAlla",
            serializers=[RapportSerializer, RapportSerializer(many=True)],
            resource_type_field_name=None,
            many=False,
        ),
    )
    def get(self, request, namn: str):
        if namn not in rapporter.BEGARBARA_NAMN:
            raise ValidationError(
                {
                    "namn": [
                        _("Okänd rapport ”%(namn)s”. Välj en av: %(namn_lista)s.")
                        % {"namn": namn, "namn_lista": ", ".join(rapporter.BEGARBARA_NAMN)}
                    ]
                }
            )
        params = RapportParametrar(data=request.query_params)
        params.is_valid(raise_exception=True)
        p = params.validated_data
        insatser = behorighet.rapportinsatser(request.user, p.get("insats", []))
        alternativ = rapporter.Alternativ(
            publicering=p["publicering"], troskel=p.get("troskel"), minsta_bas=p.get("minsta_bas")
        )
        kwargs = {"fran": p["fran"], "till": p["till"], "insatser": insatser, "alternativ": alternativ}
        with _rapportfel_som_400():
            # "alla" is the command's list of every table, masked together for publication.
            data = rapporter.berakna_alla(**kwargs) if namn == rapporter.ALLA else rapporter.berakna(namn, **kwargs)
        logga_export(
            user=request.user,
            vad=f"API: rapport {namn}",
            filter={
                **_exportfilter(p, insatser),
                "publicering": p["publicering"],
                # The thresholds of a publication, as the page and the command log them.
                **(
                    {"maskera_under": alternativ.grans, "minsta_bas_for_andel": alternativ.bas}
                    if alternativ.publicering
                    else {}
                ),
            },
        )
        return Response(data)


class FinsamView(APIView):
    permission_classes = [IsAuthenticated, ArKansli]
    renderer_classes = [JSONRenderer, FinsamCsvRenderer]

    @extend_schema(
        summary=gettext_lazy("Uppföljning Finsam"),
        description=gettext_lazy(
            "Deltagare aktiva i perioden per insats efter juridiskt kön, samt de som saknar "
            "juridiskt kön (docs/regler.md §4). Som CSV med format=csv. Endast kansli och administratörer. "
            "Hämtningen loggas som export."
        ),
        parameters=[FinsamParametrar],
        responses={(200, "application/json"): FinsamSerializer, (200, "text/csv"): OpenApiTypes.STR},
    )
    def get(self, request):
        params = FinsamParametrar(data=request.query_params)
        params.is_valid(raise_exception=True)
        p = params.validated_data
        insatser = p.get("insats") or None
        with _rapportfel_som_400():
            data = rapporter.finsam_export(fran=p["fran"], till=p["till"], insatser=insatser)
        logga_export(
            user=request.user,
            vad="API: Uppföljning Finsam",
            filter={**_exportfilter(p, insatser), "format": request.accepted_renderer.format},
            antal=len(data["insatser"]),
        )
        headers = {}
        if request.accepted_renderer.format == "csv":
            filnamn = f"uppfoljning-finsam-{p['fran']:%Y%m%d}-{p['till']:%Y%m%d}.csv"
            headers["Content-Disposition"] = content_disposition_header(True, filnamn)
        return Response(data, headers=headers)

    def handle_exception(self, exc):
        # Errors are JSON whichever format was asked for.
        self.request.accepted_renderer = JSONRenderer()
        self.request.accepted_media_type = JSONRenderer.media_type
        return super().handle_exception(exc)
