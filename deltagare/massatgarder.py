"""Actions on several rows at once (issue 13): close several participants with the same date and
reason, mark several follow-ups done. Services like those in services.py, and built on them: each
row goes through the one-row service, which checks the policy and is audited per row; the whole
action is one transaction, so one refused row leaves every row as it was."""

import datetime
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from insatser import behorighet
from insatser.models import Insats

from .models import Avslutsorsak, Deltagare, EjGenomfordOrsak, Uppfoljning, Uppfoljningsutfall
from .services import UppfoljningKonflikt, deltagare_avsluta, uppfoljning_utford


def deltagare_avsluta_flera(
    *,
    user,
    insats: Insats,
    deltagare_ids: Iterable[int],
    slutdatum: datetime.date,
    avslutsorsak: Avslutsorsak | None,
) -> list[Deltagare]:
    """Close the chosen active participants of one insats with one slutdatum and avslutsorsak.
    Försörjning vid avslut differs per person and is added on each participant's page."""
    behorighet.kontrollera_skriva(user, insats)
    ids = set(deltagare_ids)
    if not ids:
        raise ValidationError(_("Välj minst en deltagare."))
    with transaction.atomic():
        rader = list(
            behorighet.deltagare_att_skriva(user)
            .filter(insats=insats, pk__in=ids)
            .select_related("insats")
            .order_by("deltagar_id")
        )
        if len(rader) != len(ids):
            raise ValidationError(_("Någon av de valda deltagarna finns inte i insatsen %(insats)s.") % {"insats": insats})
        fel = []
        for deltagare in rader:
            if deltagare.slutdatum is not None:
                fel.append(_("%(id)s är redan avslutad.") % {"id": deltagare.deltagar_id})
                continue
            try:
                deltagare_avsluta(
                    user=user,
                    deltagare=deltagare,
                    slutdatum=slutdatum,
                    avslutsorsak=avslutsorsak,
                    forsorjning_slut=None,
                    forvantad_version=deltagare.version,
                )
            except ValidationError as e:
                fel.append(_("%(id)s: %(fel)s") % {"id": deltagare.deltagar_id, "fel": " ".join(e.messages)})
        if fel:
            # Raised inside the transaction: the rows already closed are rolled back too.
            raise ValidationError(fel)
    return rader


def uppfoljningar_utforda(
    *,
    user,
    uppfoljning_ids: Iterable[int],
    datum: datetime.date,
    utfall: Uppfoljningsutfall | None = None,
    ej_genomford_orsak: EjGenomfordOrsak | None = None,
) -> list[Uppfoljning]:
    """Register the chosen open follow-ups with one date and one result, each through the
    one-row service (whose rules require the result)."""
    ids = set(uppfoljning_ids)
    if not ids:
        raise ValidationError(_("Välj minst en uppföljning."))
    with transaction.atomic():
        rader = list(
            behorighet.uppfoljningar_att_skriva(user)
            .filter(pk__in=ids, utford_datum__isnull=True)
            .select_related("deltagare__insats")
            .order_by("planerad_datum", "deltagare__deltagar_id")
        )
        if len(rader) != len(ids):
            raise ValidationError(
                _("Någon av de valda uppföljningarna är redan utförd eller hör till en insats du inte kan ändra.")
            )
        fel = []
        for uppfoljning in rader:
            try:
                uppfoljning_utford(
                    user=user,
                    uppfoljning=uppfoljning,
                    datum=datum,
                    utfall=utfall,
                    ej_genomford_orsak=ej_genomford_orsak,
                    # Chosen as not yet registered: one registered since is not replaced.
                    sedd_registrering="-",
                )
            except UppfoljningKonflikt as konflikt:
                fel.append(str(konflikt))
            except ValidationError as e:
                fel.append(
                    _("%(id)s, %(manader)s månader: %(fel)s")
                    % {"id": uppfoljning.deltagare.deltagar_id, "manader": uppfoljning.manader, "fel": " ".join(e.messages)}
                )
        if fel:
            raise ValidationError(fel)
    return rader
