"""Reads for the project leaders' pages. Every function starts from the caller's rows
(`for_user`, docs/regler.md §5), so a page cannot show what its user may not reach."""

import datetime
from dataclasses import dataclass

from auditlog.models import LogEntry
from django.db.models import Count, Min, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from insatser.models import Insats

from .models import Deltagare, Uppfoljning, aktiv_q, avslutade_q, borjade_q

# Follow-ups planned within this many days are shown as coming, so a leader can book them.
KOMMANDE_DAGAR = 30


def halvar(*, dag: datetime.date) -> tuple[datetime.date, datetime.date]:
    """The half-year of the reports (January–June, July–December) that contains dag."""
    if dag.month <= 6:
        return datetime.date(dag.year, 1, 1), datetime.date(dag.year, 6, 30)
    return datetime.date(dag.year, 7, 1), datetime.date(dag.year, 12, 31)


def insatser_med_antal(*, user, fran: datetime.date, till: datetime.date) -> QuerySet[Insats]:
    """The user's insatser with active, started and ended counts in [fran, till], in one query,
    counted exactly as the reports count them (the insats' counting rule included)."""
    p = "deltagare__"
    return Insats.objects.for_user(user).annotate(
        aktiva=Count("deltagare", filter=aktiv_q(fran, till, prefix=p)),
        borjade=Count("deltagare", filter=borjade_q(fran, till, prefix=p)),
        avslutade=Count("deltagare", filter=avslutade_q(fran, till, prefix=p)),
        pagaende=Count("deltagare", filter=Q(deltagare__slutdatum__isnull=True)),
    )


def uppfoljningar_att_gora(*, user, dag: datetime.date, dagar_framat: int = 0) -> QuerySet[Uppfoljning]:
    """Follow-ups not yet done and planned on or before dag + dagar_framat, oldest first."""
    return (
        Uppfoljning.objects.for_user(user)
        .due(dag + datetime.timedelta(days=dagar_framat))
        .select_related("deltagare__insats")
        .order_by("planerad_datum", "deltagare__deltagar_id")
    )


def deltagare_i_insats(*, user, insats: Insats) -> QuerySet[Deltagare]:
    """The insats' participants with their next open follow-up date, for the list page."""
    return (
        Deltagare.objects.for_user(user)
        .filter(insats=insats)
        .select_related("avslutsorsak")
        .annotate(
            nasta_uppfoljning=Min(
                "uppfoljningar__planerad_datum", filter=Q(uppfoljningar__utford_datum__isnull=True)
            )
        )
        # Meta.ordering is dropped in aggregate queries; the list needs a stable order to paginate.
        .order_by("-startdatum", "deltagar_id")
    )


@dataclass(frozen=True)
class Historikrad:
    tidpunkt: datetime.datetime
    vem: str
    handling: str
    andringar: list[tuple[str, str, str]]


HANDLINGAR = {
    LogEntry.Action.CREATE: _("Registrerad"),
    LogEntry.Action.UPDATE: _("Ändrad"),
    LogEntry.Action.DELETE: _("Borttagen"),
    LogEntry.Action.ACCESS: _("Visad"),
}
# Bookkeeping fields that change on every save say nothing to the reader.
_DOLDA_FALT = ("id", "version", "skapad", "andrad")
_VISNING = {"True": _("Ja"), "False": _("Nej"), "None": "–", "": "–"}


def _visa(value) -> str:
    text = str(value)
    return str(_VISNING.get(text, text))


def deltagare_historik(*, deltagare: Deltagare) -> list[Historikrad]:
    """The participant's audit trail (changes and reads), newest first, in readable Swedish."""
    dolda = {str(Deltagare._meta.get_field(name).verbose_name) for name in _DOLDA_FALT}
    entries = LogEntry.objects.get_for_object(deltagare).select_related("actor").order_by("-timestamp")
    rader = []
    for entry in entries:
        andringar = [
            (str(falt).capitalize(), _visa(varden[0]), _visa(varden[-1]))
            for falt, varden in entry.changes_display_dict.items()
            if str(falt) not in dolda
        ]
        rader.append(
            Historikrad(
                tidpunkt=entry.timestamp,
                vem=entry.actor.get_username() if entry.actor else str(_("okänd")),
                handling=str(HANDLINGAR.get(entry.action, entry.get_action_display())),
                andringar=andringar if entry.action == LogEntry.Action.UPDATE else [],
            )
        )
    return rader


def senaste_andring(*, deltagare: Deltagare) -> LogEntry | None:
    """Who saved the row last and when: shown when a save is refused for a newer version."""
    return (
        LogEntry.objects.get_for_object(deltagare)
        .exclude(action=LogEntry.Action.ACCESS)
        .select_related("actor")
        .order_by("-timestamp")
        .first()
    )
