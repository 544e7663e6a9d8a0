"""OpenAPI 3 schema (drf-spectacular): every operation documents its error answers too, so a
client (and the schemathesis run in the tests) knows what a refusal looks like."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.plumbing import ResolvedComponent

BESKRIVNING = """
Deltagaruppföljningens REST-API (docs/regler.md §4). Svar och felmeddelanden är på svenska.

**Inloggning.** Token (`Authorization: Token <nyckel>`; administratören skapar nyckeln i admin
eller med `python manage.py drf_create_token ANVÄNDARE`) eller inloggad session.

**Behörighet (docs/regler.md §5).**
- Projektledare läser och skriver bara deltagare i sina egna insatser; andra insatsers deltagare
  svarar 404, skrivning till en annan insats 403.
- Rapporter (`/api/rapporter/<namn>/`): kansli och administratör för alla insatser. En
  projektledare får rapporter bara för sina egna insatser: utan `insats=` avgränsas rapporten
  till dem, och en `insats=` som projektledaren inte leder svarar 403.
- Uppföljning Finsam (`/api/finsam/`) är kansliets export och kräver kansli eller administratör.

**Kodade fält** (utbildning, försörjning, avslutsorsak …) skickas och visas som kodlistans kod,
se `/api/kodlistor/`. Även inaktiva (historiska) koder accepteras.

**Granskning.** Varje läsning av en enskild deltagare och varje lista och export loggas med
användare och tid.

**Begränsning.** För många anrop per tidsenhet svarar 429.
"""

_FEL = {
    "type": "object",
    "description": "Fel: `detail` med ett meddelande, eller fältnamn med listor av meddelanden.",
    "properties": {"detail": {"type": "string"}},
    "additionalProperties": True,
}
FELSVAR = {
    "400": _("Felaktig indata; meddelanden på svenska per fält."),
    "401": _("Inte inloggad."),
    "403": _("Saknar behörighet."),
    "404": _("Finns inte, eller tillhör en insats du inte når."),
    "429": _("För många anrop; försök igen senare."),
}


class Schema(AutoSchema):
    def get_operation(self, *args, **kwargs):
        operation = super().get_operation(*args, **kwargs)
        for parameter in (operation or {}).get("parameters", []):
            # An empty optional query parameter (?till=) counts as not given, as in HTML forms.
            if parameter["in"] == "query" and not parameter.get("required"):
                parameter["allowEmptyValue"] = True
        return operation

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        if direction != "response":
            return responses
        fel = ResolvedComponent(name="Fel", type=ResolvedComponent.SCHEMA, schema=_FEL, object="Fel")
        self.registry.register_on_missing(fel)
        for code, description in FELSVAR.items():
            responses.setdefault(
                code, {"content": {"application/json": {"schema": fel.ref}}, "description": str(description)}
            )
        return responses
