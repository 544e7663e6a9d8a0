"""The API's representation of the registry (docs/regler.md §4). Serializers translate JSON to model
instances and back; the rules of a row live on the model and are applied by deltagare_spara."""

from django.core.exceptions import ObjectDoesNotExist
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.settings import api_settings

from deltagare.choices import DELTAGARFALT, JuridisktKon, Kon
from deltagare.models import (
    Aldersgrupp,
    AnmalandePart,
    Avslutsgrupp,
    Avslutsorsak,
    Deltagare,
    Forsorjning,
    Stadsdel,
    TidUtanArbete,
    Uppfoljning,
    Utbildning,
)
from deltagare.validators import OGILTIGT_FODELSEAR, maskera_personnummer
from finsam.datum import OGILTIGT_DATUM
from finsam.idlista import ar_id
from insatser.models import Insats

# DRF's own Swedish message for a bad date is ungrammatical; this one names the format plainly.
DATUMFEL = {"invalid": OGILTIGT_DATUM}


# The longest text a participant's fields take (an insats by its full name).
LANGSTA_TEXT = Insats._meta.get_field("namn").max_length


def _valfel(val) -> dict:
    # DRF's '"{input}" är inte ett giltigt val.' quotes a list as Python writes it (['K']) and
    # names no valid code: the codes are said instead.
    koder = ", ".join(f"{kod} ({namn})" for kod, namn in val.choices)
    return {"invalid_choice": _("Ogiltigt värde. Ange en av koderna: %(koder)s.") % {"koder": koder}}


def _text_utan_nolltecken(field: serializers.Field, data) -> str:
    # PostgreSQL refuses NUL in text; refuse it here so such input is a 400, never a 500.
    if not isinstance(data, str) or "\x00" in data:
        field.fail("invalid")
    data = data.strip()
    if len(data) > field.max_length:
        # Longer than any name or code: never looked up (SQLite refuses a LIKE pattern this long).
        field.fail("max_length", max_length=field.max_length)
    return data


def _ogiltig_text(varde) -> bool:
    """A text (anywhere in a JSON value) that cannot be stored or shown: a lone surrogate
    ("\\ud800" in JSON) is valid JSON but no UTF-8, so every database and the answer refuse it."""
    # Walked with a stack, not recursion: a body nested as deep as the parser allows must not
    # end in a RecursionError here (a 500).
    kvar = [varde]
    while kvar:
        varde = kvar.pop()
        if isinstance(varde, str):
            try:
                varde.encode("utf-8")
            except UnicodeEncodeError:
                return True
        elif isinstance(varde, dict):
            kvar.extend(varde.values())
        elif isinstance(varde, list):
            kvar.extend(varde)
    return False


@extend_schema_field(OpenApiTypes.STR)
class KodField(serializers.RelatedField):
    """A coded field as its stable code (docs/regler.md §2). Active and retired codes alike are accepted:
    retired codes stay valid for historical rows. Codes are matched case-insensitively, as in
    the import."""

    default_error_messages = {
        "does_not_exist": _("Okänd kod ”{value}”. Giltiga koder: {koder}."),
        "invalid": _("Ange koden som text, t.ex. ”{exempel}”."),
        "max_length": _("Koden är för lång: högst {max_length} tecken."),
    }

    def __init__(self, model, **kwargs):
        self.max_length = kwargs.pop("max_length", model._meta.get_field("kod").max_length)
        kwargs.setdefault("queryset", model.objects.all())
        kwargs.setdefault("required", False)
        kwargs.setdefault("allow_null", True)
        super().__init__(**kwargs)

    def fail(self, key, **kwargs):
        if key == "invalid":
            kwargs.setdefault("exempel", self.get_queryset().values_list("kod", flat=True).first() or "")
        super().fail(key, **kwargs)

    def to_internal_value(self, data):
        kod = _text_utan_nolltecken(self, data)
        try:
            return self.get_queryset().get(kod__iexact=kod)
        except ObjectDoesNotExist:
            koder = ", ".join(self.get_queryset().values_list("kod", flat=True))
            self.fail("does_not_exist", value=kod, koder=koder)

    def to_representation(self, value) -> str:
        return value.kod


@extend_schema_field(
    {
        "type": "string",
        "description": "Insatsens kortnamn. Vid skrivning accepteras även id, namn och tidigare namn.",
    }
)
class InsatsField(serializers.RelatedField):
    default_error_messages = {
        "does_not_exist": _("Okänd insats ”{value}”. Ange kortnamn, namn eller id."),
        "invalid": _("Ange insatsen med kortnamn, namn eller id."),
        "max_length": _("Insatsens namn är för långt: högst {max_length} tecken."),
        # DRF reads "" for a relation as null: "får inte vara null" said nothing to the caller.
        "null": _("Ange insatsen med kortnamn, namn eller id."),
    }

    def __init__(self, **kwargs):
        self.max_length = kwargs.pop("max_length", Insats._meta.get_field("namn").max_length)
        # Every insats the caller may see resolves here (get_queryset); the right to write into it
        # is deltagare_spara's check, so kansli naming an insats gets 403 with the service's message.
        kwargs.setdefault("queryset", Insats.objects.all())
        super().__init__(**kwargs)

    def get_queryset(self):
        # An insats the caller may not see answers exactly as an unknown one: a project leader
        # cannot list the other insatser's names by trying ids. (Without a request, as in the
        # report parameters, every insats; the report's own check answers there.)
        queryset = super().get_queryset()
        request = self.context.get("request")
        return queryset.for_user(request.user) if request is not None else queryset

    def to_internal_value(self, data):
        if isinstance(data, int) and not isinstance(data, bool):
            insats = self.get_queryset().filter(pk=data).first()
        else:
            namn = _text_utan_nolltecken(self, data)
            insats = self.get_queryset().filter(pk=int(namn)).first() if ar_id(namn) else None
            insats = insats or self.get_queryset().by_name(namn).first()
        if insats is None:
            self.fail("does_not_exist", value=data)
        return insats

    def to_representation(self, value) -> str:
        return value.kortnamn


class UppfoljningSerializer(serializers.ModelSerializer):
    class Meta:
        model = Uppfoljning
        fields = ["manader", "planerad_datum", "utford_datum"]


class DeltagareSerializer(serializers.ModelSerializer):
    default_error_messages = {
        # DRF's own ("Förväntade en dictionary, men fick list") names Python's types.
        "invalid": _("Skicka deltagaren som ett JSON-objekt med fält och värden."),
        "ogiltigt_tecken": _("Ogiltigt tecken: texten innehåller ett ensamt surrogattecken (ingen giltig Unicode)."),
        "for_lang_text": _("Texten är för lång: högst {max_length} tecken."),
        "okanda_falt": _(
            "Okända fält: {falt}. Registret tar bara emot deltagarens fält (se API-beskrivningen), aldrig "
            "namn, personnummer eller fritext om en person; inget sparades."
        ),
    }

    insats = InsatsField()
    utbildning = KodField(Utbildning)
    tid_utan_arbete = KodField(TidUtanArbete)
    forsorjning_start = KodField(Forsorjning)
    anmalande_part = KodField(AnmalandePart)
    stadsdel = KodField(Stadsdel)
    avslutsorsak = KodField(Avslutsorsak)
    forsorjning_slut = KodField(Forsorjning)
    version = serializers.IntegerField(
        required=False,
        min_value=1,
        help_text=_(
            "Radens version. Skicka med versionen du läste vid ändring: har någon annan sparat "
            "sedan dess svarar API:t 409 med den aktuella raden och inget skrivs."
        ),
    )
    uppfoljningar = UppfoljningSerializer(many=True, read_only=True)

    class Meta:
        model = Deltagare
        fields = ["id", *DELTAGARFALT, "version", "uppfoljningar", "skapad", "andrad"]
        read_only_fields = ["id", "skapad", "andrad"]
        # Uniqueness within the insats is the model's rule; deltagare_spara checks it.
        validators = []
        extra_kwargs = {
            "startdatum": {"error_messages": DATUMFEL},
            "slutdatum": {"error_messages": DATUMFEL},
            "kon": {"error_messages": _valfel(Kon)},
            "juridiskt_kon": {"error_messages": _valfel(JuridisktKon)},
            "fodelsear": {
                "error_messages": {
                    "invalid": OGILTIGT_FODELSEAR,
                    "min_value": OGILTIGT_FODELSEAR,
                    "max_value": OGILTIGT_FODELSEAR,
                    "max_string_length": OGILTIGT_FODELSEAR,
                }
            },
            # The length is the model's rule: its validator speaks, in the form's and the import's words.
            "deltagar_id": {"max_length": None},
        }

    def run_validation(self, data=serializers.empty):
        if data is None:
            # A body of JSON null; DRF would answer in English ("No data provided").
            raise serializers.ValidationError(
                {api_settings.NON_FIELD_ERRORS_KEY: [self.error_messages["invalid"]]}, code="invalid"
            )
        return super().run_validation(data)

    def to_internal_value(self, data):
        # One check for every text of the body, before any field sees it: a text no database can
        # store is refused at its field, so no field's lookup or message meets it.
        if isinstance(data, dict):
            # A field the register does not have is refused, not dropped: an integrator sending
            # "namn" or "personnummer" must learn that it is not stored (and must not send it).
            okanda = [namn for namn in data if namn not in self.fields]
            if okanda:
                visade = ", ".join(_synligt(namn) for namn in okanda[:10]) + (" …" if len(okanda) > 10 else "")
                raise serializers.ValidationError(
                    {api_settings.NON_FIELD_ERRORS_KEY: [self.error_messages["okanda_falt"].format(falt=visade)]},
                    code="okanda_falt",
                )
            fel = {namn: [self.error_messages["ogiltigt_tecken"]] for namn in self.fields if _ogiltig_text(data.get(namn))}
            # Nor, at a field without a length of its own (a choice such as kön), a text longer
            # than any value of the participant: the choice's message would quote it whole.
            fel |= {
                namn: [self.error_messages["for_lang_text"].format(max_length=LANGSTA_TEXT)]
                for namn, falt in self.fields.items()
                if namn not in fel
                and getattr(falt, "max_length", None) is None
                and isinstance(data.get(namn), str)
                and len(data[namn]) > LANGSTA_TEXT
            }
            if fel:
                raise serializers.ValidationError(fel)
        return super().to_internal_value(data)


def _synligt(namn: str) -> str:
    # A name as the answer may quote it: shortened, and without what JSON cannot carry (a lone
    # surrogate) or a reader cannot see.
    synligt = "".join(tecken if tecken.isprintable() else "?" for tecken in str(namn)[:LANGSTA_TEXT])
    return maskera_personnummer(synligt)


class VersionKonfliktSerializer(serializers.Serializer):
    detail = serializers.CharField()
    aktuell = DeltagareSerializer()


class InsatsSerializer(serializers.ModelSerializer):
    tidigare_namn = serializers.SlugRelatedField(slug_field="namn", many=True, read_only=True)

    class Meta:
        model = Insats
        fields = [
            "id",
            "namn",
            "kortnamn",
            "tidigare_namn",
            "startdatum",
            "slutdatum",
            "esf",
            "registrerar_bakgrund",
            "registrerar_avslutsorsak",
            "raknesatt",
            "forvantad_langd_manader",
            "uppfoljning_manader",
        ]


class KodSerializer(serializers.Serializer):
    kod = serializers.CharField()
    namn = serializers.CharField()
    aktiv = serializers.BooleanField()


class AvslutsorsakKodSerializer(KodSerializer):
    grupp = serializers.CharField(source="grupp.kod", help_text=_("Avslutsgruppens kod."))
    arbete_eller_studier = serializers.BooleanField()


class AldersgruppKodSerializer(KodSerializer):
    min_alder = serializers.IntegerField(allow_null=True)
    max_alder = serializers.IntegerField(allow_null=True)


class KodlistorSerializer(serializers.Serializer):
    """Alla kodlistor i kodlistans ordning. Kodade fält skickas och visas som `kod` (docs/regler.md §2)."""

    utbildning = KodSerializer(many=True)
    tid_utan_arbete = KodSerializer(many=True)
    forsorjning = KodSerializer(many=True)
    anmalande_part = KodSerializer(many=True)
    stadsdel = KodSerializer(many=True)
    avslutsorsak = AvslutsorsakKodSerializer(many=True)
    avslutsgrupp = KodSerializer(many=True)
    aldersgrupp = AldersgruppKodSerializer(many=True)


KODLISTOR = {
    "utbildning": Utbildning,
    "tid_utan_arbete": TidUtanArbete,
    "forsorjning": Forsorjning,
    "anmalande_part": AnmalandePart,
    "stadsdel": Stadsdel,
    "avslutsorsak": Avslutsorsak,
    "avslutsgrupp": Avslutsgrupp,
    "aldersgrupp": Aldersgrupp,
}
