"""Query parameters and answers of the report endpoints. The numbers themselves come from the
report module (rapporter.berakna / rapporter.finsam_export); nothing is computed here."""

import datetime

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from insatser.models import Insats
from rapporter.alternativ import GRANSER, kontrollera_grans
from rapporter.perioder import SENAST, TIDIGAST

from .deltagare import DATUMFEL, InsatsField


def inom_rimlig_tid(value: datetime.date) -> None:
    if not TIDIGAST <= value <= SENAST:
        raise serializers.ValidationError(
            _("Ange ett datum mellan %(tidigast)s och %(senast)s.") % {"tidigast": TIDIGAST, "senast": SENAST}
        )


class _Period(serializers.Serializer):
    fran = serializers.DateField(
        help_text=_("Periodens första dag, ÅÅÅÅ-MM-DD."),
        error_messages=DATUMFEL,
        validators=[inom_rimlig_tid],
    )
    till = serializers.DateField(
        help_text=_("Periodens sista dag, ÅÅÅÅ-MM-DD."), error_messages=DATUMFEL, validators=[inom_rimlig_tid]
    )
    insats = serializers.ListField(
        child=serializers.CharField(allow_blank=True),
        required=False,
        help_text=_("Insatser (kortnamn, namn eller id); upprepa parametern eller separera med komma."),
    )

    def validate_insats(self, values: list[str]) -> list[Insats]:
        falt = InsatsField()
        insatser: list[Insats] = []
        for value in values:
            for namn in filter(None, (part.strip() for part in value.split(","))):
                insats = falt.run_validation(namn)
                if insats not in insatser:
                    insatser.append(insats)
        return insatser

    def validate(self, attrs):
        if attrs["fran"] > attrs["till"]:
            raise serializers.ValidationError({"till": [_("Till-datumet får inte vara före från-datumet.")]})
        return attrs


class RapportParametrar(_Period):
    publicering = serializers.BooleanField(
        required=False,
        default=False,
        help_text=_("Maskera små tal som i tabeller för publicering (docs/regler.md §3)."),
    )
    # The page's and the command's thresholds, with their limits (rapporter.alternativ.GRANSER).
    troskel = serializers.CharField(
        required=False,
        help_text=_("Med publicering=true: maskera antal under N (%(minst)s–%(mest)s).")
        % {"minst": GRANSER["troskel"][0], "mest": GRANSER["troskel"][1]},
    )
    minsta_bas = serializers.CharField(
        required=False,
        help_text=_("Med publicering=true: andelar bara på baser om minst N (%(minst)s–%(mest)s).")
        % {"minst": GRANSER["minsta_bas"][0], "mest": GRANSER["minsta_bas"][1]},
    )

    def validate_troskel(self, value: str) -> int:
        return _grans("troskel", value)

    def validate_minsta_bas(self, value: str) -> int:
        return _grans("minsta_bas", value)

    def validate(self, attrs):
        attrs = super().validate(attrs)
        if not attrs.get("publicering") and ({"troskel", "minsta_bas"} & set(attrs)):
            raise serializers.ValidationError(
                {"publicering": [_("troskel och minsta_bas gäller bara tillsammans med publicering=true.")]}
            )
        return attrs


def _grans(namn: str, value: str) -> int:
    try:
        return kontrollera_grans(namn, value, namn)
    except ValueError as fel:
        raise serializers.ValidationError(str(fel)) from None


class FinsamParametrar(_Period):
    format = serializers.ChoiceField(
        choices=["json", "csv"], required=False, help_text=_("json (standard) eller csv.")
    )


class RapportRadSerializer(serializers.Serializer):
    etikett = serializers.CharField()
    varden = serializers.ListField(child=serializers.JSONField())


class RapportSerializer(serializers.Serializer):
    """Samma JSON som `manage.py rapport NAMN --format json` (docs/regler.md §4); fler nycklar kan förekomma."""

    rapport = serializers.CharField()
    fran = serializers.DateField()
    till = serializers.DateField()
    kolumner = serializers.ListField(child=serializers.CharField())
    rader = RapportRadSerializer(many=True)
    summa = RapportRadSerializer(allow_null=True)


class FinsamRadSerializer(serializers.Serializer):
    namn = serializers.CharField()
    kortnamn = serializers.CharField()
    kvinnor = serializers.IntegerField()
    män = serializers.IntegerField()
    totalt = serializers.IntegerField()
    utan_juridiskt_kon = serializers.IntegerField()


class FinsamSummaSerializer(serializers.Serializer):
    kvinnor = serializers.IntegerField()
    män = serializers.IntegerField()
    totalt = serializers.IntegerField()
    utan_juridiskt_kon = serializers.IntegerField()


class FinsamSerializer(serializers.Serializer):
    """Uppföljning Finsam (docs/regler.md §4): deltagare per insats efter juridiskt kön."""

    fran = serializers.DateField()
    till = serializers.DateField()
    insatser = FinsamRadSerializer(many=True)
    summa = FinsamSummaSerializer()
