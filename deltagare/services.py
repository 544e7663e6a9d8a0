"""Writing participants: the one path that forms, import and API share.

Every write validates the whole row with full_clean() (the model's rules, docs/regler.md §2), checks
the caller's right to the insats (docs/regler.md §5) and runs in a transaction under the caller's name
(audit.under_namn), so django-auditlog records who did it and from which address.
"""

import calendar
import datetime
from collections.abc import Iterable

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from finsam.datum import datum
from insatser import behorighet
from insatser.models import Insats

from .audit import glom_bakgrund, glom_deltagare, under_namn
from .importexport.glomska import glom_deltagare_i_importer
from .models import Avslutsorsak, Deltagare, EjGenomfordOrsak, Forsorjning, Uppfoljning, Uppfoljningsutfall


class VersionKonflikt(Exception):
    """Someone else saved the participant after the caller read it (optimistic concurrency)."""

    def __init__(self, aktuell: "Deltagare | Uppfoljning", meddelande: str | None = None):
        super().__init__(meddelande or _("Deltagaren har ändrats av någon annan sedan du öppnade den."))
        self.aktuell = aktuell


class UppfoljningKonflikt(VersionKonflikt):
    """Someone else registered, corrected or undid the follow-up after the caller read it."""

    def __init__(self, aktuell: Uppfoljning):
        super().__init__(aktuell, uppfoljning_konflikt_text(aktuell))


def uppfoljningens_namn(uppfoljning: Uppfoljning) -> str:
    return _("%(manader)s-månadersuppföljningen av %(deltagare)s") % {
        "manader": uppfoljning.manader,
        "deltagare": uppfoljning.deltagare.deltagar_id,
    }


def uppfoljning_konflikt_text(aktuell: Uppfoljning) -> str:
    namn = uppfoljningens_namn(aktuell)
    if aktuell.gjord:
        nu = _("den är nu registrerad %(datum)s: %(resultat)s (av %(av)s)") % {
            "datum": datum(aktuell.utford_datum),
            "resultat": aktuell.resultat,
            "av": aktuell.utford_av.get_username() if aktuell.utford_av else "–",
        }
    else:
        nu = _("registreringen är ångrad")
    return _("%(namn)s har ändrats sedan du öppnade sidan; %(nu)s. Inget sparades.") % {
        "namn": namn,
        "nu": nu,
    }


def add_months(day: datetime.date, months: int) -> datetime.date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def kontrollera_behorighet(*, user, insats: Insats) -> None:
    """Every write asks the policy: administrators and the insats' project leaders write,
    kansli only reads."""
    behorighet.kontrollera_skriva(user, insats)


def deltagare_spara(*, user, deltagare: Deltagare, forvantad_version: int | None = None) -> Deltagare:
    """Create or update one participant.

    forvantad_version is the version the caller edited; if the row has moved on since,
    VersionKonflikt is raised with the current row and nothing is written.
    """
    kontrollera_behorighet(user=user, insats=deltagare.insats)
    ny = deltagare.pk is None
    aktuell = None
    with transaction.atomic(), under_namn(user):
        if not ny:
            aktuell = Deltagare.objects.select_for_update().get(pk=deltagare.pk)
            if aktuell.insats_id != deltagare.insats_id:
                kontrollera_behorighet(user=user, insats=aktuell.insats)
            if forvantad_version is not None and aktuell.version != forvantad_version:
                raise VersionKonflikt(aktuell)
            deltagare.version = aktuell.version + 1
        rensade = deltagare.tillampa_samtycke(lagrad=aktuell)
        deltagare.full_clean()
        if aktuell is not None and not _andrad(deltagare, aktuell):
            # Nothing to write: a new version would only turn colleagues' next saves into
            # conflicts (an empty PATCH, a form saved unchanged), and the trail would log nothing.
            deltagare.version, deltagare.skapad, deltagare.andrad = aktuell.version, aktuell.skapad, aktuell.andrad
            return deltagare
        deltagare.save()
        if rensade:
            # auditlog has just written the removed values into this save's change entry too;
            # earlier imports' undo values and waiting previews hold them as well.
            glom_bakgrund(deltagare_pk=deltagare.pk, falt=rensade)
            glom_deltagare_i_importer(deltagare_pk=[deltagare.pk], bara_bakgrund=True)
        if ny:
            skapa_uppfoljningar(deltagare=deltagare)
        elif aktuell.startdatum != deltagare.startdatum:
            flytta_uppfoljningar(deltagare=deltagare)
    return deltagare


_OFORANDERLIGA = {"version", "skapad", "andrad"}


def _andrad(deltagare: Deltagare, aktuell: Deltagare) -> bool:
    return any(
        getattr(deltagare, f.attname) != getattr(aktuell, f.attname)
        for f in Deltagare._meta.concrete_fields
        if f.attname not in _OFORANDERLIGA
    )


def deltagare_ta_bort(*, user, deltagare: Deltagare, forvantad_version: int | None = None) -> None:
    kontrollera_behorighet(user=user, insats=deltagare.insats)
    with transaction.atomic(), under_namn(user):
        aktuell = Deltagare.objects.select_for_update().get(pk=deltagare.pk)
        if forvantad_version is not None and aktuell.version != forvantad_version:
            raise VersionKonflikt(aktuell)
        nyckel = (aktuell.pk, aktuell.deltagar_id)
        uppfoljningar = list(aktuell.uppfoljningar.values_list("pk", flat=True))
        # Before the delete: the import tables are found by the row's deltagar-ID.
        glom_deltagare_i_importer(deltagare_pk=[aktuell.pk], bara_bakgrund=False)
        aktuell.delete()
        # The delete's own log entries hold the whole row: the trail keeps who and when only.
        glom_deltagare(deltagare=[nyckel], uppfoljningar=uppfoljningar)


def skapa_uppfoljningar(*, deltagare: Deltagare) -> list[Uppfoljning]:
    """The insats' follow-up schedule, dated from startdatum (e.g. 3, 6, 12 months for MGT).

    One insert for the whole schedule (a save is the hot path of the leaders' pages and the
    API); the schedule is derived from the participant's own logged creation, so auditlog's
    per-row signals, which bulk_create skips, would add nothing.
    """
    return Uppfoljning.objects.bulk_create(planerade_uppfoljningar([deltagare]), ignore_conflicts=True)


def uppfoljningsplan(*, startdatum: datetime.date, manader: Iterable[int]) -> list[tuple[int, datetime.date]]:
    """(months after start, planned date) of each follow-up of an insats' schedule: the one
    rule for a single participant and for the import's bulk write alike."""
    return [(m, add_months(startdatum, m)) for m in manader]


def planerade_uppfoljningar(deltagare: Iterable[Deltagare]) -> list[Uppfoljning]:
    """Unsaved follow-ups of the insats' schedule for saved participants."""
    return [
        Uppfoljning(deltagare_id=d.pk, manader=manader, planerad_datum=datum)
        for d in deltagare
        for manader, datum in uppfoljningsplan(startdatum=d.startdatum, manader=d.insats.uppfoljningar)
    ]


def flytta_uppfoljningar(*, deltagare: Deltagare) -> None:
    """A corrected startdatum moves the follow-ups not yet done; done ones keep their history."""
    for uppfoljning in deltagare.uppfoljningar.filter(utford_datum__isnull=True):
        uppfoljning.planerad_datum = add_months(deltagare.startdatum, uppfoljning.manader)
        uppfoljning.save(update_fields=["planerad_datum"])


def deltagare_avsluta(
    *,
    user,
    deltagare: Deltagare,
    slutdatum: datetime.date,
    avslutsorsak: Avslutsorsak | None = None,
    forsorjning_slut: Forsorjning | None = None,
    forvantad_version: int | None = None,
) -> Deltagare:
    """Close a participation (or correct its exit); the model decides what an exit needs."""
    deltagare.slutdatum = slutdatum
    deltagare.avslutsorsak = avslutsorsak
    deltagare.forsorjning_slut = forsorjning_slut
    return deltagare_spara(user=user, deltagare=deltagare, forvantad_version=forvantad_version)


def deltagare_ateroppna(*, user, deltagare: Deltagare, forvantad_version: int | None = None) -> Deltagare:
    """Undo a closing: the participant is active again and the exit data goes with the exit."""
    deltagare.slutdatum = None
    deltagare.avslutsorsak = None
    deltagare.forsorjning_slut = None
    return deltagare_spara(user=user, deltagare=deltagare, forvantad_version=forvantad_version)


# --- Follow-up results (docs/regler.md §2) ----------------------------------------------------
# Written by the insats' project leaders and administrators (behorighet.uppfoljningar_att_skriva),
# never by the kansli. The model decides what a result needs; these only set it and log who.


def _kontrollera_uppfoljning(*, user, uppfoljning: Uppfoljning) -> None:
    if behorighet.uppfoljningar_att_skriva(user).filter(pk=uppfoljning.pk).exists():
        return
    behorighet.kontrollera_skriva(user, uppfoljning.deltagare.insats)  # says why, in Swedish
    raise PermissionDenied(_("Du får inte registrera uppföljningar i insatsen %(insats)s.") % {"insats": uppfoljning.deltagare.insats})


def _las_uppfoljning(uppfoljning: Uppfoljning, sedd_registrering: str | None) -> Uppfoljning:
    """The follow-up as stored, locked for the transaction; UppfoljningKonflikt if its
    registration is no longer the one the caller's page showed."""
    # Only the follow-up is locked: deltagare_spara locks the participant before its
    # follow-ups, and the opposite order here could deadlock with it.
    aktuell = Uppfoljning.objects.select_for_update(of=("self",)).select_related("deltagare").get(pk=uppfoljning.pk)
    if sedd_registrering is not None and aktuell.registrering != sedd_registrering:
        raise UppfoljningKonflikt(aktuell)
    return aktuell


def uppfoljning_utford(
    *,
    user,
    uppfoljning: Uppfoljning,
    datum: datetime.date | None = None,
    utfall: Uppfoljningsutfall | None = None,
    ej_genomford_orsak: EjGenomfordOrsak | None = None,
    sedd_registrering: str | None = None,
) -> Uppfoljning:
    """Register a follow-up: its date and what the participant was doing (utfall), or that it
    could not be done and why. Registering again corrects it; the audit trail keeps both.
    sedd_registrering: the registration the caller's page showed (Uppfoljning.registrering);
    if it has changed since, UppfoljningKonflikt and nothing is written."""
    _kontrollera_uppfoljning(user=user, uppfoljning=uppfoljning)
    with transaction.atomic(), under_namn(user):
        aktuell = _las_uppfoljning(uppfoljning, sedd_registrering)
        aktuell.utford_datum = datum or timezone.localdate()
        aktuell.utfall = utfall
        aktuell.ej_genomford_orsak = ej_genomford_orsak
        aktuell.utford_av = user
        aktuell.full_clean()
        aktuell.save()
    return aktuell


def uppfoljning_angra(*, user, uppfoljning: Uppfoljning, sedd_registrering: str | None = None) -> Uppfoljning:
    """Undo a registered follow-up: it is due again as planned. sedd_registrering as for
    uppfoljning_utford: an undo never removes a registration its user has not seen."""
    _kontrollera_uppfoljning(user=user, uppfoljning=uppfoljning)
    with transaction.atomic(), under_namn(user):
        aktuell = _las_uppfoljning(uppfoljning, sedd_registrering)
        aktuell.utford_datum = None
        aktuell.utfall = None
        aktuell.ej_genomford_orsak = None
        aktuell.utford_av = None
        aktuell.full_clean()
        aktuell.save()
    return aktuell
