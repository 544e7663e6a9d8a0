"""Confirming an import and undoing it (docs/regler.md §4).

Confirming moves the previewed rows from the staging table into place in one transaction,
under the rules deltagare_spara keeps for a single row: the user's right to every insats
(asked again, it may have changed since the preview), the version each stored row had in
the preview (optimistic locking: a row changed or created by someone else since stops the
whole import), the insats' follow-up schedule for new participants and moved follow-ups for
a corrected startdatum, and an audit trail under the importing user. The consent rule and
the row rules were applied to every row when it was checked (kontroll.py).

Undoing removes the participants the import created and gives the ones it changed their
previous values back, unless any of them changed again since: then nothing is undone and
the user is told which.
"""

import datetime
import uuid
from dataclasses import dataclass

from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from insatser import behorighet
from insatser.models import Insats

from ..audit import glom_bakgrund, glom_deltagare, under_namn
from ..choices import BAKGRUNDSFALT
from ..models import Deltagare, ImportAndring, ImportKorning, ImportRad, Uppfoljning
from ..models.importrader import VARDEKOLUMNER
from ..services import add_months, uppfoljningsplan
from . import skrivning
from .glomska import glom_deltagare_i_importer, glom_nycklar
from .kontroll import FALT

BIT = 2000
ANGRA_DAGAR = 30
# A planned follow-up's columns; the others (done, outcome, by whom) start empty.
_UPPFOLJNINGSKOLUMNER = ("deltagare_id", "manader", "planerad_datum")
# A removal's audit entry, written straight to the table when an import is undone.
_BORTTAGNINGSKOLUMNER = (
    "content_type_id",
    "object_pk",
    "object_id",
    "object_repr",
    "action",
    "changes_text",
    "changes",
    "actor_id",
    "cid",
    "timestamp",
    "remote_addr",
)
# Field name for each value column, as auditlog names changes.
_FALTNAMN = {Deltagare._meta.get_field(f).column: f for f in FALT}


class Avbrott(Exception):
    """The import cannot be written or undone as it stands; message says why, in Swedish."""

    def __init__(self, meddelande: str, deltagar_ids: list[str] | None = None):
        super().__init__(meddelande)
        self.meddelande = meddelande
        self.deltagar_ids = deltagar_ids or []


@dataclass
class Sparat:
    nya: int
    andrade: int
    hoppade_over: int


def _aktor(user):
    return user if user is not None and getattr(user, "is_authenticated", False) else None


def _skrivs(korning: ImportKorning):
    return ImportRad.objects.filter(
        korning=korning, atgard__in=[ImportRad.Atgard.NY, ImportRad.Atgard.ANDRAD]
    ).filter(Q(flagga="") | Q(val=True))


def _kontrollera_behorighet(user, insats_ids: set[int]) -> None:
    tillatna = behorighet.importerbara_insatser(user)
    if tillatna is None:
        return
    utanfor = insats_ids - {insats.pk for insats in tillatna}
    if utanfor:
        insats = Insats.objects.filter(pk__in=utanfor).first()
        raise Avbrott(_("Du har inte behörighet till insatsen %(insats)s.") % {"insats": insats})


def spara(*, korning: ImportKorning, user) -> Sparat:
    """Write the previewed rows of korning (the user's choices for flagged rows included)."""
    rader = ImportRad.objects.filter(korning=korning)
    if rader.filter(atgard__in=[ImportRad.Atgard.NY, ImportRad.Atgard.ANDRAD], val__isnull=True).exclude(flagga="").exists():
        raise Avbrott(_("Välj för varje markerad rad om den ska sparas eller hoppas över."))
    skrivs = _skrivs(korning)
    _kontrollera_behorighet(user, set(skrivs.values_list("insats_id", flat=True).distinct()))
    hoppade_over = rader.filter(atgard__in=[ImportRad.Atgard.NY, ImportRad.Atgard.ANDRAD], val=False).count()
    forvantat = skrivs.filter(atgard=ImportRad.Atgard.ANDRAD).count()
    nu = timezone.now()
    aktor = _aktor(user)
    # A task worker (or the import command) runs this, never a request: the entries get the
    # address of the request that queued the write (none from the command), never whatever a
    # context left behind in this thread.
    with transaction.atomic(), under_namn(aktor, adress=korning.adress):
        konflikt = skrivning.konflikter(korning.pk)
        if konflikt:
            raise Avbrott(
                _(
                    "Deltagare i filen har ändrats, skapats eller tagits bort av någon annan sedan granskningen: "
                    "%(ids)s. Inget sparades; granska filen igen."
                )
                % {"ids": ", ".join(konflikt)},
                konflikt,
            )
        skrivning.spara_historik_for_andrade(korning.pk)
        andrade = skrivning.uppdatera(korning.pk, nu)
        if andrade != forvantat:
            # Someone saved one of the rows between the check above and the update.
            raise Avbrott(_("Någon annan sparade deltagare i filens insatser medan importen pågick. Inget sparades; granska filen igen."))
        nya = skrivning.infoga_nya(korning.pk, nu)
        _uppfoljningar_for_nya(korning)
        _flytta_uppfoljningar(
            ImportRad.objects.filter(korning=korning, atgard=ImportRad.Atgard.ANDRAD, andrade_falt__contains="startdatum")
            .filter(Q(flagga="") | Q(val=True))
            .values_list("befintlig", flat=True)
        )
        cid = f"import-{uuid.uuid4()}"
        _logga_andringar(korning, aktor, cid, nu, angrad=False)
        _glom_aterkallad_bakgrund(korning)
        oforandrade = rader.filter(atgard=ImportRad.Atgard.OFORANDRAD).count()
        LogEntry.objects.create(
            content_type=ContentType.objects.get_for_model(Deltagare),
            object_pk="import",
            object_repr=_("Import %(nummer)s") % {"nummer": korning.pk},
            action=LogEntry.Action.CREATE,
            changes={},
            actor=aktor,
            cid=cid,
            timestamp=nu,
            additional_data={
                "import": korning.pk,
                "nya": nya,
                "andrade": andrade,
                "oforandrade": oforandrade,
                "hoppade_over": hoppade_over,
            },
        )
        korning.status = ImportKorning.Status.KLAR
        # The sheets' headers and first rows served the column choice; kept 30 days they would
        # be a copy of the file's first row (of data, where the file had no header row).
        korning.blad = [{k: b[k] for k in ("index", "namn", "med") if k in b} for b in korning.blad]
        korning.nya, korning.andrade, korning.oforandrade = nya, andrade, oforandrade
        korning.hoppade_over = hoppade_over
        korning.sparad = nu
        korning.fel = []
        korning.antal_fel = 0
        korning.save()
    # The staging rows and the file go once the import is in place: outside its transaction,
    # which then holds its locks (on SQLite, the whole database) no longer than it must.
    rader.delete()
    korning.filbitar.all().delete()
    return Sparat(nya=nya, andrade=andrade, hoppade_over=hoppade_over)


def _glom_aterkallad_bakgrund(korning: ImportKorning) -> None:
    """Rows whose consent the file withdrew: the removed background values are kept nowhere,
    not in the audit trail (this import's entries included) nor in the undo values."""
    aterkallade = (
        _skrivs(korning)
        .filter(atgard=ImportRad.Atgard.ANDRAD, samtycke=False)
        .values_list("befintlig", "andrade_falt")
    )
    pks = []
    for pk, andrade in aterkallade.iterator(chunk_size=BIT):
        falt = [f for f in andrade.split(",") if f in BAKGRUNDSFALT]
        if falt:
            glom_bakgrund(deltagare_pk=pk, falt=falt)
            pks.append(pk)
    # This import's undo values, and other imports' undo values and waiting previews.
    glom_deltagare_i_importer(deltagare_pk=pks, bara_bakgrund=True, utom_korning=korning.pk)


def _uppfoljningar_for_nya(korning: ImportKorning) -> None:
    """The insats' follow-up schedule for each new participant, a chunk at a time, from
    (id, insats, startdatum) tuples: model instances cost 0.6–0.8 s per 100,000 rows here.
    Start dates repeat, so each (insats, startdatum) is planned once."""
    scheman = {insats.pk: insats.uppfoljningar for insats in Insats.objects.all() if insats.uppfoljningar}
    if not scheman:
        return
    # The new ids from the history in order, then their rows a chunk at a time by a range of
    # primary keys (new rows' ids are consecutive; one created meanwhile by someone else in
    # the range is skipped). A query joining the two took 67 s on PostgreSQL through a
    # server-side cursor (the planner, knowing nothing yet of the just-filled history, chose a
    # nested loop over it), and IN lists of 2,000 ids cost 1.3 s per 100,000 rows.
    skapade = (
        ImportAndring.objects.filter(korning=korning, typ=ImportAndring.Typ.SKAPAD)
        .order_by("deltagare_pk")
        .values_list("deltagare_pk", flat=True)
    )
    planer: dict = {}

    def skriv(pks: list[int]) -> None:
        rader = []
        mina = set(pks)
        for pk, insats_id, startdatum in Deltagare.objects.filter(
            pk__range=(pks[0], pks[-1]), insats_id__in=list(scheman)
        ).order_by().values_list("pk", "insats_id", "startdatum"):
            if pk not in mina:
                continue
            try:
                plan = planer[insats_id, startdatum]
            except KeyError:
                plan = planer[insats_id, startdatum] = uppfoljningsplan(startdatum=startdatum, manader=scheman[insats_id])
            rader.extend((pk, manader, datum) for manader, datum in plan)
        skrivning.infoga_rader(Uppfoljning, _UPPFOLJNINGSKOLUMNER, rader)

    for pks in skrivning.bitar(skapade.iterator(chunk_size=BIT), BIT):
        skriv(pks)


def _flytta_uppfoljningar(deltagare_pks) -> None:
    """A corrected startdatum moves the follow-ups not yet done (as deltagare_spara does)."""
    uppfoljningar = Uppfoljning.objects.filter(deltagare_id__in=deltagare_pks, utford_datum__isnull=True).select_related(
        "deltagare"
    ).only("pk", "manader", "planerad_datum", "deltagare__startdatum")
    for bit in skrivning.bitar(uppfoljningar.iterator(chunk_size=BIT), BIT):
        for uppfoljning in bit:
            uppfoljning.planerad_datum = add_months(uppfoljning.deltagare.startdatum, uppfoljning.manader)
        Uppfoljning.objects.bulk_update(bit, ["planerad_datum"])


def _varde(value) -> str:
    return "None" if value is None else str(value)


def _logga_andringar(korning: ImportKorning, aktor, cid: str, nu: datetime.datetime, *, angrad: bool) -> None:
    """One audit entry per changed participant with what changed (auditlog's format: field →
    [before, after]), a chunk at a time. Confirming: the stored values are before, the
    file's after; undoing: the other way round."""
    content_type = ContentType.objects.get_for_model(Deltagare)
    historik = ImportAndring.objects.filter(korning=korning, typ=ImportAndring.Typ.ANDRAD).order_by("pk")

    def skriv(bit: list[tuple]) -> None:
        aktuella = {
            rad[0]: rad
            for rad in Deltagare.objects.filter(pk__in=[r[0] for r in bit]).values_list(
                "pk", "deltagar_id", "insats__kortnamn", "version", *VARDEKOLUMNER
            )
        }
        poster = []
        for tidigare in bit:
            aktuell = aktuella.get(tidigare[0])
            if aktuell is None:
                continue
            fore, efter = (aktuell[4:], tidigare[1:]) if angrad else (tidigare[1:], aktuell[4:])
            changes = {
                _FALTNAMN[kolumn]: [_varde(a), _varde(b)] for kolumn, a, b in zip(VARDEKOLUMNER, fore, efter) if a != b
            }
            changes["version"] = [str(aktuell[3] - (0 if angrad else 1)), str(aktuell[3] + (1 if angrad else 0))]
            poster.append(
                LogEntry(
                    content_type=content_type,
                    object_pk=str(aktuell[0]),
                    object_id=aktuell[0],
                    object_repr=f"{aktuell[1]} ({aktuell[2]})",
                    action=LogEntry.Action.UPDATE,
                    changes=changes,
                    actor=aktor,
                    cid=cid,
                    timestamp=nu,
                    # Written past auditlog's signals, which would add the address.
                    remote_addr=korning.adress,
                )
            )
        LogEntry.objects.bulk_create(poster, batch_size=BIT)

    for bit in skrivning.bitar(historik.values_list("deltagare_pk", *VARDEKOLUMNER).iterator(chunk_size=BIT), BIT):
        skriv(bit)


# --- undo ----------------------------------------------------------------------------------------


def inom_angrafristen(korning: ImportKorning) -> bool:
    return korning.sparad is not None and timezone.now() - korning.sparad <= datetime.timedelta(days=ANGRA_DAGAR)


def kan_angras(korning: ImportKorning) -> bool:
    return korning.status == ImportKorning.Status.KLAR and inom_angrafristen(korning)


def angra(*, korning: ImportKorning, user) -> None:
    """Undo a confirmed import: created participants removed, changed ones restored."""
    if not inom_angrafristen(korning) or korning.status not in (ImportKorning.Status.KLAR, ImportKorning.Status.ANGRAS):
        raise Avbrott(_("Importen kan inte ångras: bara sparade importer de senaste %(dagar)s dagarna kan ångras.") % {"dagar": ANGRA_DAGAR})
    historik = ImportAndring.objects.filter(korning=korning)
    _kontrollera_behorighet(
        user,
        set(
            Deltagare.objects.filter(pk__in=historik.values("deltagare_pk")).values_list("insats_id", flat=True).distinct()
        ),
    )
    skapade = historik.filter(typ=ImportAndring.Typ.SKAPAD).values("deltagare_pk")
    nu = timezone.now()
    aktor = _aktor(user)
    # The address of the request that asked for the undo, as in spara().
    with transaction.atomic(), under_namn(aktor, adress=korning.adress):
        andrade = skrivning.andrade_sedan(korning.pk)
        andrade += list(
            Uppfoljning.objects.filter(deltagare_id__in=skapade, utford_datum__isnull=False)
            .values_list("deltagare__deltagar_id", flat=True)
            .distinct()[:50]
        )
        if andrade:
            namn = ", ".join(dict.fromkeys(i or _("(borttagen deltagare)") for i in andrade))
            raise Avbrott(
                _("Importen kan inte ångras: dessa deltagare har ändrats sedan importen: %(ids)s. Inget ändrades.")
                % {"ids": namn},
                andrade,
            )
        cid = f"import-angrad-{uuid.uuid4()}"
        borttagna = _ta_bort_skapade(korning, aktor, cid, nu)
        _logga_andringar(korning, aktor, cid, nu, angrad=True)
        aterstallda = skrivning.aterstall(korning.pk, nu)
        _flytta_uppfoljningar(historik.filter(typ=ImportAndring.Typ.ANDRAD).values("deltagare_pk"))
        LogEntry.objects.create(
            content_type=ContentType.objects.get_for_model(Deltagare),
            object_pk="import",
            object_repr=_("Ångrad import %(nummer)s") % {"nummer": korning.pk},
            action=LogEntry.Action.DELETE,
            changes={},
            actor=aktor,
            cid=cid,
            timestamp=nu,
            additional_data={"angrad_import": korning.pk, "borttagna": borttagna, "aterstallda": aterstallda},
        )
        historik.delete()
        korning.status = ImportKorning.Status.ANGRAD
        korning.angrad = nu
        korning.angrad_av = aktor
        korning.fel = []
        # Only what the undo decides: forgetting the removed participants has rewritten the
        # file name in the database, and a full save would write the loaded one back.
        korning.save(update_fields=["status", "angrad", "angrad_av", "fel", "uppdaterad"])


def _ta_bort_skapade(korning: ImportKorning, aktor, cid: str, nu: datetime.datetime) -> int:
    """Deleted with SQL, not the ORM's collector (which loads every row to delete it). The
    audit trail says a participant was removed, but keeps no value or ID of it."""
    pks = ImportAndring.objects.filter(korning=korning, typ=ImportAndring.Typ.SKAPAD).values_list("deltagare_pk", flat=True)
    # What must be forgotten once they are gone (docs/regler.md §5): read before the delete.
    nycklar = list(Deltagare.objects.filter(pk__in=pks).values_list("pk", "insats_id", "deltagar_id"))
    uppfoljningar = list(Uppfoljning.objects.filter(deltagare_id__in=pks).values_list("pk", flat=True))
    historik = connection.ops.quote_name(ImportAndring._meta.db_table)
    urval = f"SELECT deltagare_pk FROM {historik} WHERE korning_id = %s AND typ = %s"
    with connection.cursor() as cursor:
        cursor.execute(
            f"DELETE FROM {connection.ops.quote_name(Uppfoljning._meta.db_table)} WHERE deltagare_id IN ({urval})",
            [korning.pk, ImportAndring.Typ.SKAPAD],
        )
        cursor.execute(
            f"DELETE FROM {connection.ops.quote_name(Deltagare._meta.db_table)} WHERE id IN ({urval})",
            [korning.pk, ImportAndring.Typ.SKAPAD],
        )
        antal = cursor.rowcount
    # Every earlier entry about them (reads, edits) keeps who and when, no values or IDs, and
    # other imports' tables forget them too.
    glom_deltagare(deltagare=[(pk, deltagar_id) for pk, _insats, deltagar_id in nycklar], uppfoljningar=uppfoljningar)
    glom_nycklar(nycklar)
    # The removals' own entries come last: written before, the forgetting above would rewrite
    # each of them (100,000 entries cost 11 s there), though they hold nothing to forget. Rows
    # to the driver, as the import writes: bulk_create spent 5 s per 100,000 building SQL.
    content_type_id = ContentType.objects.get_for_model(Deltagare).pk
    text, aktor_id = _("(borttagen när en import ångrades)"), aktor.pk if aktor is not None else None
    poster = (
        (content_type_id, str(pk), pk, text, LogEntry.Action.DELETE, "", "{}", aktor_id, cid, nu, korning.adress)
        for pk, _insats, _deltagar_id in nycklar
    )
    for bit in skrivning.bitar(poster, 10 * BIT):
        skrivning.infoga_rader(LogEntry, _BORTTAGNINGSKOLUMNER, bit)
    return antal
