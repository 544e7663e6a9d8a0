"""Import of participants: the entry points of the pages, the task queue and the command
(docs/regler.md §4). The work itself is granskning.py (read → parse → check → staging table)
and sparande.py (the move into place, undo); the queue's side is arbete.py.

A web import is an ImportKorning: the upload is stored in the database in pieces, a task
previews it in a worker, the user looks at every new and changed row, chooses for the rows
that would re-create a deleted participant or overwrite a later change, and confirms; another
task writes it. The command does the same in its own process. Nothing is written unless every
row passes, and what is written is written in one transaction.
"""

import datetime
import hashlib
import logging
import os
import stat
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import connection, transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from insatser import behorighet

from ..audit import begarans_adress
from ..models import ImportAndring, ImportFilbit, ImportKorning, ImportRad, Kolumnval
from ..validators import maskera_personnummer
from . import sparande
from .granskning import Granskare, Granskning, filtyp
from .kolumner import Radfel, foresla_kolumner, normalisera
from .kontroll import Bladplan

logger = logging.getLogger(__name__)

# A lost or refused database connection: the import's transaction rolled back with it.
DATABASFEL = gettext_lazy("Databasen svarade inte, så ingenting importerades. Försök igen om en stund.")
AVBRUTEN = gettext_lazy(
    "Importen avbröts: arbetsprocessen som körde den slutade svara (den startades om eller stängdes av). "
    "Inget sparades. Försök igen."
)
OVANTAT = gettext_lazy("Ett oväntat fel inträffade; inget sparades. Försök igen.")
# An undo is one transaction: one that stops has undone nothing, and the import stays saved.
ANGRANDE_AVBRUTET = gettext_lazy(
    "Ångrandet avbröts: arbetsprocessen som körde det slutade svara. Inget ångrades; importen är sparad som "
    "förut och kan ångras igen."
)
ANGRANDE_MISSLYCKADES = gettext_lazy(
    "Ångrandet misslyckades (databasen svarade inte eller ett oväntat fel inträffade). Inget ångrades; "
    "importen är sparad som förut och kan ångras igen."
)
SPARAS_TIMMAR = 24
HISTORIK_DAGAR = sparande.ANGRA_DAGAR


class Avvisad(Exception):
    """A request the import cannot take (a running import, a bad choice); says why in Swedish."""

    def __init__(self, meddelande: str):
        super().__init__(meddelande)
        self.meddelande = meddelande


def far_importera(user) -> bool:
    return user is None or behorighet.far_importera(user)


def importerbara_insatser(user):
    return behorighet.importerbara_insatser(user)


# --- the stored file -----------------------------------------------------------------------------


def spara_fil(*, korning: ImportKorning, fil) -> None:
    """The upload in pieces of a megabyte, read from Django's temporary file as a stream."""
    storlek = 0
    bitar = []
    for nummer, data in enumerate(fil.chunks(ImportFilbit.STORLEK)):
        storlek += len(data)
        bitar.append(ImportFilbit(korning=korning, nummer=nummer, data=data))
        if len(bitar) >= 8:
            ImportFilbit.objects.bulk_create(bitar)
            bitar = []
    ImportFilbit.objects.bulk_create(bitar)
    korning.filstorlek = storlek


# The copies on disk that the reading child process reads: in a folder of the application's
# own, so that a worker killed mid-preview (kill -9, the out-of-memory killer) leaves its copy
# where the cleanup finds it, and no other user of the machine can read it.
TEMPKATALOG = "deltagaruppfoljning-import"
# Any copy is removed after this long, whatever its run: a preview takes minutes at most.
TEMPFIL_SPARAS_S = SPARAS_TIMMAR * 60 * 60


def tempkatalog() -> Path:
    """The folder (mode 0o700) under the system's temporary folder (TMPDIR)."""
    katalog = Path(tempfile.gettempdir()) / TEMPKATALOG
    try:
        katalog.mkdir(mode=0o700)
    except FileExistsError:
        pass
    info = katalog.lstat()
    # In a temporary folder everyone may write: a folder (or a link) someone else put there
    # first must not receive the files.
    if not stat.S_ISDIR(info.st_mode) or info.st_uid != os.getuid():
        raise ImproperlyConfigured(
            f"{katalog} är ingen mapp som tillhör appens användare. Ta bort den, så skapar appen den igen."
        )
    if info.st_mode & 0o077:
        katalog.chmod(0o700)
    return katalog


def _tempprefix(korning_id: int | None = None) -> str:
    """import-<database>-<run>-: installations and test runs that share the temporary folder
    have runs with the same numbers; each cleans up only its own database's runs' files."""
    databas = hashlib.sha256(f"{connection.vendor}|{connection.settings_dict['NAME']}".encode()).hexdigest()[:12]
    return f"import-{databas}-" if korning_id is None else f"import-{databas}-{korning_id}-"


@contextmanager
def _tempfil(korning: ImportKorning, filnamn: str) -> Iterator:
    andelse = os.path.splitext(filnamn)[1][:10]
    fil = tempfile.NamedTemporaryFile(dir=tempkatalog(), prefix=_tempprefix(korning.pk), suffix=andelse, delete=False)
    try:
        with fil:
            yield fil
    finally:
        # The cleanup in another process may have taken it already (its run looked finished).
        Path(fil.name).unlink(missing_ok=True)


@contextmanager
def fil_pa_disk(korning: ImportKorning) -> Iterator[str]:
    """The stored file in a temporary file for the reading child process, removed after."""
    with _tempfil(korning, korning.filnamn) as fil:
        for pk in korning.filbitar.order_by("nummer").values_list("pk", flat=True):
            fil.write(bytes(ImportFilbit.objects.values_list("data", flat=True).get(pk=pk)))
        fil.flush()
        yield fil.name


def rensa_tempfiler() -> int:
    """Removes the copies that killed workers left behind: those of this database's runs that
    no worker is on any more (markera_avbrutna has marked the dead ones first), and any copy
    older than a day. Returns how many."""
    # The folder is read before the runs: a run is marked as worked on before its copy is
    # written, so a copy seen here whose run is not worked on afterwards is left behind.
    filer = list(tempkatalog().iterdir())
    arbetar = {str(pk) for pk in ImportKorning.objects.filter(status__in=ImportKorning.ARBETAR).values_list("pk", flat=True)}
    egna = _tempprefix()
    grans = time.time() - TEMPFIL_SPARAS_S
    antal = 0
    for fil in filer:
        try:
            gammal = fil.lstat().st_mtime < grans
        except FileNotFoundError:
            continue
        if not gammal and (not fil.name.startswith(egna) or fil.name[len(egna) :].split("-", 1)[0] in arbetar):
            continue
        fil.unlink(missing_ok=True)
        antal += 1
    return antal


# --- web runs ----------------------------------------------------------------------------------


def _kontrollera(user) -> None:
    if not far_importera(user):
        raise Avvisad(_("Import är till för administratörer och projektledare för en insats."))


def _koa(korning: ImportKorning, steg: str, status: str) -> None:
    from .uppgifter import kor_import

    korning.status = status
    korning.behandlade = 0
    korning.livstecken = None
    korning.val = {**korning.val, "steg": steg}
    # Every step is queued by a request; its writes are logged with that client's address.
    korning.adress = begarans_adress()
    resultat = kor_import.enqueue(korning.pk, steg)
    korning.uppgift = str(resultat.id)
    korning.save()


def ny_korning(*, user, fil) -> ImportKorning:
    """Store an upload and queue its preview. One running import per user at a time."""
    _kontrollera(user)
    markera_avbrutna()
    rensa_gamla_korningar()
    with transaction.atomic():
        if ImportKorning.objects.filter(skapad_av=user, status__in=ImportKorning.PAGAENDE).exists():
            raise Avvisad(_("Du har redan en import som pågår. Vänta tills den är klar, eller avbryt den."))
        korning = ImportKorning.objects.create(skapad_av=user, filnamn=lagrat_filnamn(os.path.basename(fil.name)))
        spara_fil(korning=korning, fil=fil)
        _koa(korning, "granska", ImportKorning.Status.I_KO)
    return korning


def lagrat_filnamn(filnamn: str) -> str:
    """A file's name as the history keeps it: without a personnummer (a name such as
    "lista 850101-1234.xlsx" is shown for 30 days)."""
    return maskera_personnummer(filnamn)[:255]


def kolumnminne(user) -> dict[str, str]:
    return dict(Kolumnval.objects.filter(anvandare=user).values_list("rubrik", "kolumn"))


def kolumnforslag(*, user, oversikt: dict) -> list[dict]:
    """Each sheet of the file with its header row and the suggested column for each field."""
    minne = kolumnminne(user)
    blad = []
    for index, b in enumerate(oversikt["blad"]):
        # Kept with the run and shown on the column page: a file without a header row makes
        # its first row of data the headers.
        rubriker = ["" if r is None else maskera_personnummer(str(r)) for r in b["rubriker"]]
        blad.append(
            {
                "index": index,
                "namn": maskera_personnummer(b["namn"]),
                "dolt": b["dolt"],
                "rubriker": rubriker,
                # Shown on the column page: a title or empty rows may stand above the headers.
                "rubrikrad": b.get("rubrikrad", 1),
                "kolumner": foresla_kolumner(rubriker, minne),
                "insats": None,
                # Offered checked: sheets that look like participants (a Deltagar-ID column).
                "med": not b["dolt"] and "deltagar_id" in foresla_kolumner(rubriker, minne),
                # The rows below the header by the sheet's own count (0: not known): the preview
                # names a sheet left out with them.
                "rader": b.get("rader", 0),
            }
        )
    return blad


def valj_kolumner(*, user, korning: ImportKorning, blad: list[dict], samtycke: bool | None) -> None:
    """The user's sheets and columns for a file whose headers are not the contract's; each
    header's choice is remembered for the user's next file. Queues the preview."""
    _kontrollera(user)
    if korning.status != ImportKorning.Status.KOLUMNER:
        raise Avvisad(_("Kolumnerna är redan valda för den här filen."))
    with transaction.atomic():
        for b in blad:
            if not b["med"]:
                continue
            valda = {index: falt for falt, index in b["kolumner"].items()}
            for index, rubrik in enumerate(b["rubriker"]):
                if rubrik.strip():
                    Kolumnval.objects.update_or_create(
                        anvandare=user, rubrik=normalisera(rubrik)[:200], defaults={"kolumn": valda.get(index, "")}
                    )
        korning.blad = blad
        korning.val = {**korning.val, "valda": True, "samtycke": samtycke}
        _koa(korning, "granska", ImportKorning.Status.I_KO)


def planer(korning: ImportKorning) -> list[Bladplan] | None:
    """The sheets to read as the user chose them, or None when the file is the contract."""
    if not korning.val.get("valda"):
        return None
    med = [b for b in korning.blad if b["med"]]
    return [
        Bladplan(
            b["index"],
            b["namn"] if len(med) > 1 else "",
            dict(b["kolumner"]),
            insats=None if "insats" in b["kolumner"] else b.get("insats"),
            samtycke=None if "samtycke" in b["kolumner"] else korning.val.get("samtycke"),
        )
        for b in med
    ]


def satt_val(*, user, korning: ImportKorning, val: dict[int, bool] | None = None, alla: bool | None = None) -> None:
    """The user's choice for flagged rows: write (True) or leave out (False)."""
    _kontrollera(user)
    if korning.status != ImportKorning.Status.GRANSKAD:
        raise Avvisad(_("Granskningen är inte längre aktuell."))
    flaggade = ImportRad.objects.filter(korning=korning).exclude(flagga="")
    if alla is not None:
        flaggade.update(val=alla)
    # A page's choices in two statements, not one per row.
    for varde in (True, False):
        pks = [pk for pk, valt in (val or {}).items() if valt is varde]
        if pks:
            flaggade.filter(pk__in=pks).update(val=varde)


def bekrafta(*, user, korning: ImportKorning, nyckel: str) -> None:
    """Queue the write of the preview the user looked at (nyckel ties the page to it)."""
    _kontrollera(user)
    if korning.status != ImportKorning.Status.GRANSKAD or nyckel != korning.granskningsnyckel:
        raise Avvisad(
            _("Sidan visade en granskning som inte längre gäller för den här filen. Titta på den nya granskningen och bekräfta igen.")
        )
    if ImportRad.objects.filter(korning=korning, val__isnull=True).exclude(flagga="").exists():
        raise Avvisad(_("Välj för varje markerad rad om den ska sparas eller hoppas över."))
    if ImportKorning.objects.filter(skapad_av=user, status__in=ImportKorning.PAGAENDE).exists():
        raise Avvisad(_("Du har redan en import som pågår. Vänta tills den är klar."))
    with transaction.atomic():
        _koa(korning, "spara", ImportKorning.Status.I_KO_SPARA)


def avbryt(*, user, korning: ImportKorning) -> None:
    """Drop a run that is not being worked on, with its file and staging rows."""
    if korning.status in ImportKorning.ARBETAR:
        raise Avvisad(_("Importen arbetar just nu och kan inte avbrytas; vänta tills den är klar."))
    if korning.sparad is not None:
        # Saved, whatever its status (an undo waiting in the queue too): its undo data stay.
        raise Avvisad(_("En sparad import ångras i importhistoriken."))
    korning.delete()


def forsok_igen(*, user, korning: ImportKorning) -> None:
    _kontrollera(user)
    if not korning.kan_forsokas_igen or (korning.val.get("steg") == "granska" and not korning.filbitar.exists()):
        raise Avvisad(_("Importen kan inte köras igen; ladda upp filen på nytt."))
    steg = korning.val.get("steg", "granska")
    status = {
        "granska": ImportKorning.Status.I_KO,
        "spara": ImportKorning.Status.I_KO_SPARA,
        "angra": ImportKorning.Status.I_KO_ANGRA,
    }[steg]
    with transaction.atomic():
        korning.kan_forsokas_igen = False
        korning.fel = []
        korning.antal_fel = 0
        _koa(korning, steg, status)


@dataclass(frozen=True)
class Angrande:
    """What undoing a saved import would do, for the page that asks before it is queued."""

    borttagna: int
    aterstallda: int


def kontrollera_angra(*, user, korning: ImportKorning) -> Angrande:
    """Whether the user may undo the import now (Avvisad says why not), and what it would do:
    the participants it created (removed for good) and those it changed (restored). Counted
    from the import's own history, as the undo itself works from it."""
    if not behorighet.far_angra_import(user, korning):
        raise Avvisad(_("Bara den som importerade eller en administratör kan ångra en import."))
    if not sparande.kan_angras(korning):
        raise Avvisad(_("Bara sparade importer de senaste %(dagar)s dagarna kan ångras.") % {"dagar": sparande.ANGRA_DAGAR})
    andringar = ImportAndring.objects.filter(korning=korning)
    return Angrande(
        borttagna=andringar.filter(typ=ImportAndring.Typ.SKAPAD).count(),
        aterstallda=andringar.filter(typ=ImportAndring.Typ.ANDRAD).count(),
    )


def begar_angra(*, user, korning: ImportKorning) -> None:
    kontrollera_angra(user=user, korning=korning)
    with transaction.atomic():
        korning.val = {**korning.val, "angras_av": user.pk}
        # An earlier undo's message (refused, stopped) no longer holds once it is tried again.
        korning.fel = []
        _koa(korning, "angra", ImportKorning.Status.I_KO_ANGRA)


def markera_avbrutna() -> int:
    """Runs whose worker stopped reporting (it died, or its machine restarted) are marked
    failed with a message, and may be tried again. Conditional updates: a run that finishes
    meanwhile keeps its result."""
    from django_tasks import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    grans = timezone.now() - datetime.timedelta(seconds=settings.IMPORT_LIVSTECKEN_S)
    avbrutna = {"meddelande": str(AVBRUTEN), "vid_angra": str(ANGRANDE_AVBRUTET)}
    tysta = ImportKorning.objects.filter(status__in=ImportKorning.ARBETAR, livstecken__lt=grans)
    uppgifter = list(tysta.values_list("uppgift", flat=True))
    antal = stoppade(tysta, **avbrutna) if uppgifter else 0
    # A worker that died after taking a run from the queue but before starting on it.
    i_ko = ImportKorning.objects.filter(
        status__in=[ImportKorning.Status.I_KO, ImportKorning.Status.I_KO_SPARA, ImportKorning.Status.I_KO_ANGRA]
    ).exclude(uppgift="")
    tagna = DBTaskResult.objects.filter(
        id__in=[k for k in i_ko.values_list("uppgift", flat=True)], status=TaskResultStatus.RUNNING, started_at__lt=grans
    ).values_list("id", flat=True)
    if tagna:
        antal += stoppade(i_ko.filter(uppgift__in=[str(t) for t in tagna]), **avbrutna)
    # The queue's own record of such a task says RUNNING for ever (the library never looks
    # again): ended as failed too, so that its admin says so and prune_db_task_results takes it.
    doda = [u for u in uppgifter if u] + [str(t) for t in tagna]
    if doda:
        DBTaskResult.objects.filter(id__in=doda, status=TaskResultStatus.RUNNING).update(
            status=TaskResultStatus.FAILED,
            finished_at=timezone.now(),
            exception_class_path="deltagare.importexport.services.markera_avbrutna",
            traceback=str(AVBRUTEN),
        )
    return antal


def stoppade(korningar: QuerySet[ImportKorning], *, meddelande: str, vid_angra: str) -> int:
    """Runs whose step stopped (a worker that died, a statement that failed). A stopped
    preview or write has stored nothing: failed with meddelande, and may be tried again. A
    stopped undo has undone nothing (one transaction): its import is saved as before and stays
    in the history, with vid_angra. Conditional updates: a run that finishes meanwhile keeps
    its result."""
    angras = [ImportKorning.Status.ANGRAS, ImportKorning.Status.I_KO_ANGRA]
    nu = timezone.now()
    antal = korningar.exclude(status__in=angras).update(
        status=ImportKorning.Status.MISSLYCKAD,
        fel=[Radfel(meddelande).as_list()],
        antal_fel=1,
        kan_forsokas_igen=True,
        uppdaterad=nu,
    )
    return antal + korningar.filter(status__in=angras).update(
        status=ImportKorning.Status.KLAR,
        fel=[Radfel(vid_angra).as_list()],
        antal_fel=0,
        kan_forsokas_igen=False,
        uppdaterad=nu,
    )


def rensa_gamla_korningar() -> int:
    """Unconfirmed, refused and failed runs go with their files after 24 hours; confirmed
    ones keep their undo data (and their place in the history) for 30 days."""
    nu = timezone.now()
    dag = nu - datetime.timedelta(hours=SPARAS_TIMMAR)
    # A saved run is never "unconfirmed", whatever happened to an undo since.
    ej_sparade = ImportKorning.objects.filter(uppdaterad__lt=dag, sparad__isnull=True).exclude(
        status__in=ImportKorning.ARBETAR
    )
    antal, _per_modell = ej_sparade.delete()
    gamla = ImportKorning.objects.filter(
        Q(sparad__lt=nu - datetime.timedelta(days=HISTORIK_DAGAR)) | Q(angrad__lt=nu - datetime.timedelta(days=HISTORIK_DAGAR)),
    ).exclude(status__in=ImportKorning.ARBETAR)
    antal_gamla, _per_modell = gamla.delete()
    rensa_tempfiler()
    return antal + antal_gamla


# --- the command (and tests): the whole import in this process ----------------------------------


@dataclass
class Importresultat:
    filnamn: str
    totalt: int = 0
    nya: int = 0
    andrade: int = 0
    oforandrade: int = 0
    flaggade: int = 0
    hoppade_over: int = 0
    fel: list[Radfel] = field(default_factory=list)
    antal_fel: int = 0
    sparad: bool = False
    korning_id: int | None = None
    tider: dict[str, float] = field(default_factory=dict)
    lasbarnets_toppminne_mb: float = 0.0

    @property
    def ok(self) -> bool:
        return not self.antal_fel


def importera_deltagare(
    *,
    user,
    filnamn: str,
    innehall: bytes | None = None,
    sokvag: str | None = None,
    granska: bool = False,
    markerade: bool | None = None,
    framsteg: Callable[[int, int], None] | None = None,
    felutskrift: Callable[[Radfel], None] | None = None,
) -> Importresultat:
    """Check a file and, unless granska (preview) or any row failed, write it: the same
    pipeline as the web, in this process (the file is still read by a child process).
    markerade: for rows that need a choice, True writes them, False leaves them out, None
    refuses the file naming them. user None: the server's operator, every insats."""
    resultat = Importresultat(filnamn=filnamn)

    def avvisa(fel: list[Radfel]) -> Importresultat:
        resultat.fel, resultat.antal_fel = fel, len(fel)
        for problem in fel if felutskrift is not None else []:
            felutskrift(problem)
        return resultat

    if filtyp(filnamn) is None:
        return avvisa(
            [Radfel(_("Filtypen stöds inte (%(fil)s). Ladda upp en .xlsx- eller .csv-fil.") % {"fil": filnamn})]
        )
    if user is not None and not far_importera(user):
        return avvisa([Radfel(_("Import är till för administratörer och projektledare för en insats."))])
    korning = ImportKorning.objects.create(skapad_av=user, filnamn=lagrat_filnamn(filnamn), status=ImportKorning.Status.GRANSKAS)
    resultat.korning_id = korning.pk
    behall = False
    try:
        with _som_fil(innehall, sokvag, korning, filnamn) as fil:
            granskning = Granskare(
                korning=korning, sokvag=fil, user=user, framsteg=framsteg, felutskrift=felutskrift
            ).granska(None, interaktiv=False)
        _overfor(granskning, resultat)
        if not resultat.ok or granska:
            return resultat
        if granskning.flaggade:
            if markerade is None:
                return avvisa(_markerade_fel(korning))
            ImportRad.objects.filter(korning=korning).exclude(flagga="").update(val=markerade)
        start = time.perf_counter()
        try:
            sparat = sparande.spara(korning=korning, user=user)
        except sparande.Avbrott as avbrott:
            return avvisa([Radfel(avbrott.meddelande)])
        resultat.nya, resultat.andrade, resultat.hoppade_over = sparat.nya, sparat.andrade, sparat.hoppade_over
        resultat.sparad = behall = True
        resultat.tider["spara"] = time.perf_counter() - start
        return resultat
    finally:
        if not behall:
            korning.delete()


def _markerade_fel(korning: ImportKorning) -> list[Radfel]:
    texter = {
        ImportRad.Flagga.ATERSKAPAR: _(
            "Deltagaren fanns när filen exporterades men har tagits bort sedan; importen skulle återskapa den."
        ),
        ImportRad.Flagga.SENARE_ANDRING: _(
            "Deltagaren har ändrats sedan filen exporterades; importen skulle skriva över ändringen."
        ),
    }
    return [
        Radfel(texter[flagga], rad=radnummer, kolumn="Deltagar-ID")
        for radnummer, flagga in ImportRad.objects.filter(korning=korning)
        .exclude(flagga="")
        .order_by("blad", "radnummer")
        .values_list("radnummer", "flagga")
    ]


def _overfor(granskning: Granskning, resultat: Importresultat) -> None:
    resultat.totalt = granskning.totalt
    resultat.nya, resultat.andrade, resultat.oforandrade = granskning.nya, granskning.andrade, granskning.oforandrade
    resultat.flaggade = granskning.flaggade
    resultat.fel, resultat.antal_fel = granskning.fel, granskning.antal_fel
    resultat.tider.update(granskning.tider)
    resultat.lasbarnets_toppminne_mb = granskning.lasbarnets_toppminne_mb


@contextmanager
def _som_fil(innehall: bytes | None, sokvag: str | None, korning: ImportKorning, filnamn: str) -> Iterator[str]:
    if sokvag is not None:
        yield sokvag
        return
    with _tempfil(korning, filnamn) as fil:
        fil.write(innehall or b"")
        fil.flush()
        yield fil.name


def exporterad_tid(text: str | None) -> datetime.datetime | None:
    return parse_datetime(text) if isinstance(text, str) else None
