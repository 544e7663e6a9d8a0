"""Writing participants from the API: the validated JSON is applied to the row, which is then
saved by deltagare.services.deltagare_spara, the path forms and import share."""

from typing import Any

from deltagare.models import Deltagare
from deltagare.services import deltagare_spara, kontrollera_behorighet


def deltagare_skriv(*, user, deltagare: Deltagare, andringar: dict[str, Any]) -> Deltagare:
    """Create or update one participant from validated API input.

    Raises PermissionDenied, django.core.exceptions.ValidationError and VersionKonflikt as
    deltagare_spara does.
    """
    andringar = dict(andringar)
    forvantad_version = andringar.pop("version", None)
    if deltagare.pk is None:
        forvantad_version = None  # a new row has no version to conflict with
    for namn, varde in andringar.items():
        setattr(deltagare, namn, varde)
    # The caller's right to the target insats is checked before the row is judged, so a project
    # leader learns nothing about another insats' rules from a refused write. The consent rule
    # (stored background removed, background sent with samtycke=false refused) is the model's,
    # applied in deltagare_spara as on every path.
    kontrollera_behorighet(user=user, insats=deltagare.insats)
    return deltagare_spara(user=user, deltagare=deltagare, forvantad_version=forvantad_version)
