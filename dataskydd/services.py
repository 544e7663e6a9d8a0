"""Data-protection operations (docs/regler.md §5): gallring and registerutdrag."""

import datetime
from dataclasses import dataclass, field

from auditlog.context import disable_auditlog
from auditlog.models import LogEntry
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Count, Max, Min
from django.utils import timezone
from django.utils.translation import gettext as _

from deltagare.audit import glom_deltagare, logga_export
from deltagare.choices import DELTAGARFALT
from deltagare.importexport.glomska import glom_deltagare_i_importer
from deltagare.models import Deltagare, Uppfoljning
from insatser import behorighet
from insatser.models import Insats

from .frysning import frys_gallrade
from .selectors import gallringsgrans


@dataclass
class Gallringsresultat:
    grans: datetime.date
    antal: int
    per_insats: dict[str, int] = field(default_factory=dict)
    perioder: list[tuple[datetime.date, datetime.date]] = field(default_factory=list)
    frysta_tabeller: int = 0
    dry_run: bool = True


def standardperioder(forsta: datetime.date, sista: datetime.date) -> list[tuple[datetime.date, datetime.date]]:
    """Half-years and years from the year of `forsta` to the year of `sista`: the periods the
    association reports on, so the ones whose tables must survive gallring."""
    perioder = []
    for ar in range(forsta.year, sista.year + 1):
        perioder += [
            (datetime.date(ar, 1, 1), datetime.date(ar, 6, 30)),
            (datetime.date(ar, 7, 1), datetime.date(ar, 12, 31)),
            (datetime.date(ar, 1, 1), datetime.date(ar, 12, 31)),
        ]
    return perioder


def gallra(*, user=None, idag: datetime.date | None = None, dry_run: bool = True) -> Gallringsresultat:
    """Remove participant rows past the retention time, after freezing the statistics of the
    closed periods they belong to. With dry_run nothing is written."""
    idag = idag or timezone.localdate()
    grans = gallringsgrans(idag=idag, ar_efter=settings.GALLRING_AR_EFTER_SLUTAR)
    rader = Deltagare.objects.filter(slutdatum__lte=grans)
    per_insats = dict(
        rader.order_by().values_list("insats__kortnamn").annotate(n=Count("id")).values_list("insats__kortnamn", "n")
    )
    resultat = Gallringsresultat(grans=grans, antal=sum(per_insats.values()), per_insats=per_insats, dry_run=dry_run)
    if not resultat.antal:
        return resultat
    span = rader.aggregate(forsta=Min("startdatum"), sista=Max("slutdatum"))
    resultat.perioder = standardperioder(span["forsta"], span["sista"])
    if dry_run:
        return resultat

    with transaction.atomic():
        resultat.frysta_tabeller = frys_gallrade(rader=rader, grans=grans)
        nycklar = list(rader.values_list("pk", "deltagar_id"))
        ids = [pk for pk, _id in nycklar]
        # Subqueries, not lists of ids: a gallring can remove more rows than SQLite allows
        # parameters in one statement.
        uppfoljningar = list(Uppfoljning.objects.filter(deltagare__in=rader).values_list("pk", flat=True))
        # Imports' undo values, waiting previews and file names: found by the rows' IDs, so first.
        glom_deltagare_i_importer(deltagare_pk=ids, bara_bakgrund=False)
        # The audit trail keeps one summary entry instead of a copy of every removed row:
        # a per-row delete entry would keep the very data that gallring must remove.
        with disable_auditlog():
            Uppfoljning.objects.filter(deltagare__in=rader).delete()
            rader.delete()
        glom_deltagare(deltagare=nycklar, uppfoljningar=uppfoljningar)
        LogEntry.objects.create(
            content_type=ContentType.objects.get_for_model(Deltagare),
            object_pk="gallring",
            object_repr=_("Gallring: %(antal)s deltagare med slutdatum till och med %(grans)s")
            % {"antal": resultat.antal, "grans": grans},
            action=LogEntry.Action.DELETE,
            actor=user if user is not None and user.is_authenticated else None,
            changes={},
            additional_data={
                "gallring": {
                    "grans": grans.isoformat(),
                    "antal": resultat.antal,
                    "per_insats": per_insats,
                    "frysta_tabeller": resultat.frysta_tabeller,
                }
            },
        )
    return resultat


def _visning(deltagare: Deltagare, namn: str) -> str:
    falt = Deltagare._meta.get_field(namn)
    varde = getattr(deltagare, namn)
    if varde is None or varde == "":
        return ""
    if isinstance(varde, bool):
        return _("Ja") if varde else _("Nej")
    if falt.choices:
        return str(getattr(deltagare, f"get_{namn}_display")())
    if isinstance(varde, datetime.datetime):
        return timezone.localtime(varde).isoformat(timespec="seconds")
    if isinstance(varde, datetime.date):
        return varde.isoformat()
    return str(varde)


# auditlog ships no Swedish translation of its actions.
HANDELSER = {
    LogEntry.Action.CREATE: "skapad",
    LogEntry.Action.UPDATE: "ändrad",
    LogEntry.Action.DELETE: "borttagen",
    LogEntry.Action.ACCESS: "läst",
}

UTDRAGSFALT = (*DELTAGARFALT, "skapad", "andrad")


def registerutdrag(*, user, insats: Insats, deltagar_id: str) -> dict:
    """Everything held about one participant, with its audit history (GDPR art. 15).

    Raises Deltagare.DoesNotExist where the user may not see the participant, so a
    project leader cannot learn whether another insats has such an ID. user=None is the
    server operator at the command line, who reaches every row.
    """
    if user is not None and not behorighet.far_ta_registerutdrag(user, insats):
        raise Deltagare.DoesNotExist
    deltagare = Deltagare.objects.select_related("insats").get(insats=insats, deltagar_id=deltagar_id.strip())
    uppgifter = [
        {"falt": str(Deltagare._meta.get_field(namn).verbose_name).capitalize(), "varde": _visning(deltagare, namn)}
        for namn in UTDRAGSFALT
    ]
    uppfoljningar = [
        {
            "manader": u.manader,
            "planerad": u.planerad_datum.isoformat(),
            "utford": u.utford_datum.isoformat() if u.utford_datum else "",
            "utford_av": u.utford_av.get_username() if u.utford_av else "",
            "resultat": _resultat(u),
        }
        for u in deltagare.uppfoljningar.select_related("utford_av", "utfall", "ej_genomford_orsak")
    ]
    # The audit history names who read and changed what: administrators only (and the server's
    # operator at the command line).
    visa_historik = user is None or behorighet.far_se_historik(user)
    historik = [
        {
            "tid": timezone.localtime(e.timestamp).isoformat(timespec="seconds"),
            "handelse": HANDELSER.get(e.action, str(e.get_action_display())),
            "av": e.actor.get_username() if e.actor else "",
            "andringar": e.changes_dict,
        }
        for e in LogEntry.objects.get_for_object(deltagare).select_related("actor").order_by("timestamp")
    ] if visa_historik else None
    logga_export(
        user=user,
        vad="registerutdrag",
        filter={"insats": insats.kortnamn, "deltagar_id": deltagare.deltagar_id},
        antal=1,
    )
    return {
        "insats": insats.namn,
        "deltagar_id": deltagare.deltagar_id,
        "skapat": timezone.localtime().isoformat(timespec="seconds"),
        "skapat_av": user.get_username() if user is not None else "",
        "uppgifter": uppgifter,
        "uppfoljningar": uppfoljningar,
        "historik": historik,
    }


def _resultat(uppfoljning: Uppfoljning) -> str:
    if uppfoljning.ej_genomford_orsak_id:
        return _("Kunde inte genomföras: %(orsak)s") % {"orsak": uppfoljning.ej_genomford_orsak}
    return str(uppfoljning.utfall or "")
