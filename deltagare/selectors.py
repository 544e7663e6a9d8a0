"""Reads for the project leaders' pages. Every function starts from the access policy's rows
(`insatser.behorighet`, docs/regler.md §5), so a page cannot show what its user may not reach.

The pages must not grow slower as the registry grows: each read here is a fixed number of
queries, and each query walks an index range that grows with the current half-year's activity
or with one page of rows, not with the years of history behind it (bench/sidor.py measures it).
"""

import datetime
from dataclasses import dataclass, field

from auditlog.models import LogEntry
from django.contrib.auth import get_user_model
from django.db.models import Case, Count, IntegerField, Max, OuterRef, Q, QuerySet, Subquery, Value, When
from django.db.models.functions import Coalesce, TruncDate
from django.utils.translation import gettext_lazy as _

from insatser import behorighet
from insatser.models import Insats

from .models import Deltagare, Uppfoljning

# Follow-ups planned within this many days are shown as coming, so a leader can book them.
KOMMANDE_DAGAR = 30


def halvar(*, dag: datetime.date) -> tuple[datetime.date, datetime.date]:
    """The half-year of the reports (January–June, July–December) that contains dag."""
    if dag.month <= 6:
        return datetime.date(dag.year, 1, 1), datetime.date(dag.year, 6, 30)
    return datetime.date(dag.year, 7, 1), datetime.date(dag.year, 12, 31)


def _antal(**villkor) -> Coalesce:
    """The insats' participants matching villkor, counted in a subquery per insats: each is a
    range on the (insats, startdatum) or (insats, slutdatum) index, so the count costs what the
    range holds, never a pass over every participant the insats ever had."""
    rader = (
        Deltagare.objects.filter(insats=OuterRef("pk"), **villkor)
        .order_by()
        .values("insats")
        .annotate(antal=Count("*"))
        .values("antal")
    )
    return Coalesce(Subquery(rader, output_field=IntegerField()), Value(0))


def insatser_med_antal(*, user, fran: datetime.date, till: datetime.date) -> QuerySet[Insats]:
    """The user's insatser with active, started and ended counts in [fran, till] and the number
    taking part now, in one query, counted as the reports count them (docs/regler.md §3).

    Active under the counting rule (`aktiv_q`) is split into disjoint index ranges: for the
    period rule, those still open who started by till plus those who ended on or after fran
    and started by till; for the team-meeting rule, those who started in the period.
    """
    borjade = _antal(startdatum__gte=fran, startdatum__lte=till)
    return (
        behorighet.insatser_att_lasa(user)
        .order_by("sortering", "namn")
        .annotate(
            borjade=borjade,
            avslutade=_antal(slutdatum__gte=fran, slutdatum__lte=till),
            pagaende=_antal(slutdatum__isnull=True),
            aktiva=Case(
                When(raknesatt=Insats.Raknesatt.START, then=borjade),
                default=_antal(slutdatum__isnull=True, startdatum__lte=till)
                + _antal(slutdatum__gte=fran, startdatum__lte=till),
                output_field=IntegerField(),
            ),
        )
    )


def uppfoljningar_att_gora(*, user, dag: datetime.date, dagar_framat: int = 0) -> QuerySet[Uppfoljning]:
    """Follow-ups not yet done and planned on or before dag + dagar_framat, oldest first.
    Ordered as the partial index on open follow-ups is, so the first rows need no sort."""
    return (
        behorighet.uppfoljningar_att_lasa(user)
        .due(dag + datetime.timedelta(days=dagar_framat))
        .select_related("deltagare__insats")
        .order_by("planerad_datum", "pk")
    )


def uppfoljningslista(*, user) -> QuerySet[Uppfoljning]:
    """Every follow-up the user may read, with what the list shows; the filter narrows it."""
    return behorighet.uppfoljningar_att_lasa(user).select_related("deltagare__insats", "utford_av")


def nasta_uppfoljning() -> Subquery:
    """The participant's earliest follow-up not yet done: one probe of the partial index on open
    follow-ups per participant."""
    return Subquery(
        Uppfoljning.objects.filter(deltagare=OuterRef("pk"), utford_datum__isnull=True)
        .order_by("planerad_datum")
        .values("planerad_datum")[:1]
    )


def deltagare_i_insats(*, user, insats: Insats) -> QuerySet[Deltagare]:
    """The insats' participants for the list page, newest start first. "nasta_uppfoljning" is an
    alias to filter and sort on, computed only when asked for; page them with `Sidvis`."""
    return (
        behorighet.deltagare_att_lasa(user)
        .filter(insats=insats)
        .alias(nasta_uppfoljning=nasta_uppfoljning())
        # A stable order to paginate, the order of the list index (deltagare_lista).
        .order_by("-startdatum", "deltagar_id", "pk")
    )


class Sidvis:
    """A participant list for django's Paginator, read a page at a time in two steps: the page's
    ids (from the list index alone, so a deep page skips index entries, not rows) and then just
    those rows, with their exit reason and next follow-up. Two queries per page at any depth."""

    def __init__(self, rader: QuerySet[Deltagare]) -> None:
        self.rader = rader

    def count(self) -> int:
        return self.rader.count()

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, index: slice) -> list[Deltagare]:
        pks = list(self.rader.values_list("pk", flat=True)[index])
        rader = (
            Deltagare.objects.filter(pk__in=pks)
            .select_related("avslutsorsak")
            .annotate(nasta_uppfoljning=nasta_uppfoljning())
            .in_bulk()
        )
        return [rader[pk] for pk in pks]


# --- History ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Historikrad:
    tidpunkt: datetime.datetime
    vem: str
    handling: str
    andringar: list[tuple[str, str, str]] = field(default_factory=list)
    # Reads are collapsed to one line per day and user; this is how many the line stands for.
    antal: int = 1


HANDLINGAR = {
    LogEntry.Action.CREATE: _("Registrerad"),
    LogEntry.Action.UPDATE: _("Ändrad"),
    LogEntry.Action.DELETE: _("Borttagen"),
    LogEntry.Action.ACCESS: _("Visad"),
}
def deltagare_historik(*, deltagare: Deltagare) -> list[Historikrad]:
    """The participant's audit trail, newest first, in readable Swedish: every registration,
    change and deletion, and the reads collapsed to one line per day and user. A fixed number
    of queries whatever the length of the trail (every page view adds a read)."""
    from .andringar import Oversattare

    # Field labels, code-list names and Swedish dates instead of stored codes; each code list
    # value is looked up once, not once per entry.
    oversattare = Oversattare()
    poster = LogEntry.objects.get_for_object(deltagare)
    handelser = list(poster.exclude(action=LogEntry.Action.ACCESS).select_related("actor").order_by("-timestamp"))
    uppdateringar = [p for p in handelser if p.action == LogEntry.Action.UPDATE]
    oversattare.forhamta(Deltagare, [p.changes_dict for p in uppdateringar])
    andringar = {
        p.pk: [(a.falt, a.fran, a.till) for a in oversattare.andringar_for(Deltagare, p.changes_dict)]
        for p in handelser
        if p.action == LogEntry.Action.UPDATE
    }
    anvandarnamn = f"actor__{get_user_model().USERNAME_FIELD}"
    lasningar = (
        poster.filter(action=LogEntry.Action.ACCESS)
        .annotate(dag=TruncDate("timestamp"))
        .order_by()
        .values("dag", "actor", anvandarnamn)
        .annotate(antal=Count("pk"), senast=Max("timestamp"))
    )
    okand = str(_("okänd"))
    rader = [
        Historikrad(
            tidpunkt=post.timestamp,
            vem=post.actor.get_username() if post.actor else okand,
            handling=str(HANDLINGAR.get(post.action, post.get_action_display())),
            andringar=andringar.get(post.pk, []),
        )
        for post in handelser
    ]
    rader += [
        Historikrad(
            tidpunkt=las["senast"],
            vem=las[anvandarnamn] or okand,
            handling=str(HANDLINGAR[LogEntry.Action.ACCESS]),
            antal=las["antal"],
        )
        for las in lasningar
    ]
    return sorted(rader, key=lambda rad: rad.tidpunkt, reverse=True)


def senaste_andring(*, deltagare: Deltagare) -> LogEntry | None:
    """Who saved the row last and when: shown when a save is refused for a newer version."""
    return (
        LogEntry.objects.get_for_object(deltagare)
        .exclude(action=LogEntry.Action.ACCESS)
        .select_related("actor")
        .order_by("-timestamp")
        .first()
    )


def uppfoljningar_att_ta_bort(*, deltagare: Deltagare) -> dict[str, int] | None:
    """The follow-ups that go with a participant who is deleted (registered ones too), counted
    for the question before the deletion; None without any."""
    antal = deltagare.uppfoljningar.aggregate(
        antal=Count("pk"), utforda=Count("pk", filter=Q(utford_datum__isnull=False))
    )
    return antal if antal["antal"] else None
