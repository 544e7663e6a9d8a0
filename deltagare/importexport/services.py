"""Import of participants: the one path for the command and the web (docs/regler.md §4).

importera_deltagare() reads the file, checks the header row, runs the DeltagareResource over
every row (one pass: validation and, if every row passed and it is not a preview, the write)
and returns counts and every problem as Radfel. Nothing is written unless all rows pass.

Audit: bulk writes bypass auditlog's signals, so the import writes its entries itself, under
the importing user and sharing one correlation id (cid): one summary entry per import (who,
file, counts) and one entry per changed participant with what changed (auditlog's format,
field → [before, after]). New rows are covered by the summary and their own skapad time; an
entry per new row would cost as much as the whole import of a 100,000-row file.
"""

import gc
import logging
import time
import uuid
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass, field
from itertools import chain

from auditlog.context import set_actor
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from insatser import behorighet

from ..models import Deltagare, Uppfoljning
from ..services import planerade_uppfoljningar
from . import skrivning
from .formats import las_fil
from .kolumner import KOLUMN_FOR_FALT, KOLUMNER, OBLIGATORISKA, RUBRIKER, Filfel, Radfel, kolumnbokstav, normalisera
from .resources import DeltagareResource, bild

logger = logging.getLogger(__name__)

BATCH = 2000
KOLUMNORDNING = {rubrik: index for index, rubrik in enumerate(RUBRIKER)}
_RUBRIK_FOR_NORMALISERAD = {normalisera(rubrik): rubrik for rubrik in RUBRIKER}


# A lost or refused database connection: the import's transaction rolled back with it.
DATABASFEL = gettext_lazy("Databasen svarade inte, så ingenting importerades. Försök igen om en stund.")

@contextmanager
def _utan_skrapsamling():
    """The cyclic garbage collector off while a file becomes 100,000 model instances: each full
    collection walks every live instance, about a fifth of the validation time (measured). The
    import makes no reference cycles that matter; collection resumes right after."""
    pa = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if pa:
            gc.enable()


@dataclass
class Importresultat:
    filnamn: str
    totalt: int = 0
    nya: int = 0
    andrade: int = 0
    oforandrade: int = 0
    fel: list[Radfel] = field(default_factory=list)
    sparad: bool = False
    # Seconds per phase (read, validate, write), for the benchmark and the log.
    tider: dict[str, float] = field(default_factory=dict)
    # After a preview without errors: the validated rows, so confirming writes them without
    # reading and checking the file a second time (spara_granskad_import).
    plan: DeltagareResource | None = field(default=None, repr=False, compare=False)

    @property
    def ok(self) -> bool:
        return not self.fel


# The policy decides; these names are kept for the import's own modules.
importerbara_insatser = behorighet.importerbara_insatser


def far_importera(user) -> bool:
    return user is None or behorighet.far_importera(user)


def kontrollera_rubriker(dataset) -> list[Radfel]:
    """Row 1 must hold the contract's headers (case and spaces don't matter). Headers are set
    to their exact spelling so the resource finds them."""
    fel: list[Radfel] = []
    rubriker = list(dataset.headers)
    sedda: set[str] = set()
    for index, rubrik in enumerate(rubriker):
        text = rubrik.strip() if isinstance(rubrik, str) else ""
        if not text:
            if any(rad[index] not in (None, "") for rad in dataset):
                fel.append(Radfel(_("Kolumnen har värden men ingen rubrik."), rad=1, kolumn=kolumnbokstav(index)))
            # Ignored by the resource, which reads only its own columns.
            rubriker[index] = f"_tom_{index}"
            continue
        kanonisk = _RUBRIK_FOR_NORMALISERAD.get(normalisera(text))
        if kanonisk is None:
            fel.append(
                Radfel(
                    _("Okänd kolumn. Mallen har kolumnerna: %(kolumner)s.") % {"kolumner": ", ".join(RUBRIKER)},
                    rad=1,
                    kolumn=text,
                )
            )
        elif kanonisk in sedda:
            fel.append(Radfel(_("Kolumnen finns mer än en gång."), rad=1, kolumn=kanonisk))
        else:
            sedda.add(kanonisk)
            rubriker[index] = kanonisk
    for rubrik in OBLIGATORISKA:
        if rubrik not in sedda:
            fel.append(Radfel(_("Kolumnen saknas i filen."), rad=1, kolumn=rubrik))
    dataset.headers = rubriker
    return fel


def _cellfel(excel_rad: int, falt: str, error: ValidationError) -> list[Radfel]:
    kolumn = KOLUMN_FOR_FALT.get(falt)
    fel = []
    for enskilt in error.error_list if hasattr(error, "error_list") else [error]:
        if enskilt.code in ("null", "blank"):
            text = _("Cellen får inte vara tom.")
        else:
            text = " ".join(enskilt.messages)
        fel.append(Radfel(text, rad=excel_rad, kolumn=kolumn if falt != NON_FIELD_ERRORS else None))
    return fel


def _samla_fel(result) -> list[Radfel]:
    fel: list[Radfel] = []
    for rad in result.invalid_rows:
        error = rad.error
        falt_fel = error.error_dict if hasattr(error, "error_dict") else {NON_FIELD_ERRORS: error.error_list}
        for falt, lista in falt_fel.items():
            for enskilt in lista:
                fel.extend(_cellfel(rad.number + 1, falt, enskilt))
    for rad in result.error_rows:
        for error in rad.errors:
            if not fel:
                # The same fault usually hits every row: log its traceback once.
                logger.error("Oväntat fel vid import, rad %s", rad.number + 1, exc_info=error.error)
            fel.append(Radfel(_("Oväntat fel: %(fel)s") % {"fel": error.error}, rad=rad.number + 1))
    for error in result.base_errors:
        logger.error("Oväntat fel vid import", exc_info=error.error)
        fel.append(Radfel(_("Importen kunde inte genomföras: %(fel)s") % {"fel": error.error}))
    fel.sort(key=lambda f: (f.rad or 0, KOLUMNORDNING.get(f.kolumn, -1)))
    return fel


@_utan_skrapsamling()
def importera_deltagare(
    *,
    user,
    innehall: bytes,
    filnamn: str,
    granska: bool = False,
    framsteg: Callable[[int, int], None] | None = None,
) -> Importresultat:
    """Validate every row of the file and, unless granska (preview) or any row failed, write
    them all in one transaction. Key: insats + deltagar-ID; an unchanged row is left alone."""
    resultat = Importresultat(filnamn=filnamn)
    start = time.perf_counter()
    try:
        dataset = las_fil(innehall, filnamn)
    except Filfel as error:
        resultat.fel = error.fel
        return resultat
    resultat.tider["las"] = time.perf_counter() - start
    resultat.fel = kontrollera_rubriker(dataset)
    if resultat.fel:
        return resultat
    if not len(dataset):
        resultat.fel = [Radfel(_("Filen innehåller inga deltagarrader, bara rubrikraden."))]
        return resultat

    start = time.perf_counter()
    resource = DeltagareResource(insatser=importerbara_insatser(user))
    totalt = len(dataset)
    result = resource.import_data(
        dataset,
        dry_run=False,
        use_transactions=False,
        framsteg=(lambda n: framsteg(n, totalt)) if framsteg else None,
    )
    resultat.totalt = totalt - resource.tomma_rader
    resultat.nya = result.totals["new"]
    resultat.andrade = result.totals["update"]
    resultat.oforandrade = result.totals["skip"] - resource.tomma_rader
    resultat.fel = _samla_fel(result)
    resultat.tider["kontrollera"] = time.perf_counter() - start
    if resultat.fel:
        return resultat
    resource.sedda = {}
    resultat.plan = resource
    if granska:
        return resultat
    return spara_granskad_import(user=user, resultat=resultat)


@_utan_skrapsamling()
def spara_granskad_import(*, user, resultat: Importresultat) -> Importresultat:
    """Write the rows of a preview without errors (one pass: the file is not read again).

    What may have changed since the preview is checked here: the user's right to every insats
    of the file, and, by the database, rows saved or created by others meanwhile (optimistic
    version check and the unique key): then nothing is written."""
    resource = resultat.plan
    start = time.perf_counter()
    tillatna = importerbara_insatser(user)
    if tillatna is not None:
        tillatna_ids = {insats.pk for insats in tillatna}
        for deltagare in chain(resource.create_instances, resource.update_instances):
            if deltagare.insats_id not in tillatna_ids:
                resultat.fel = [
                    Radfel(
                        _("Du har inte behörighet till insatsen %(insats)s.") % {"insats": deltagare.insats}
                    )
                ]
                return resultat
    try:
        _skriv(resource=resource, user=user, filnamn=resultat.filnamn, resultat=resultat)
    except (_Samtidig, IntegrityError):
        resultat.fel = [
            Radfel(
                _(
                    "Någon annan sparade deltagare i filens insatser medan importen pågick. "
                    "Inget sparades; importera filen igen."
                )
            )
        ]
        return resultat
    finally:
        resultat.plan = None
    resultat.tider["skriv"] = time.perf_counter() - start
    resultat.sparad = True
    return resultat


class _Samtidig(Exception):
    """A participant changed between reading the file's rows and writing them."""


def _satt_id(deltagare: list[Deltagare]) -> None:
    """Ids of inserted rows, in one query (executemany returns none)."""
    insats_ids = {d.insats_id for d in deltagare}
    id_for = {
        (insats_id, deltagar_id): pk
        for pk, insats_id, deltagar_id in Deltagare.objects.filter(insats_id__in=insats_ids)
        .order_by()
        .values_list("pk", "insats_id", "deltagar_id")
    }
    for d in deltagare:
        d.pk = id_for[(d.insats_id, d.deltagar_id)]


def _skriv(*, resource: DeltagareResource, user, filnamn: str, resultat: Importresultat) -> None:
    skapa, uppdatera = resource.forbered_skrivning()
    aktor = user if user is not None and user.is_authenticated else None
    med_uppfoljning = [d for d in skapa if d.insats.uppfoljningar]
    with transaction.atomic(), set_actor(aktor):
        skrivning.infoga(Deltagare, skapa)
        uppdaterade = skrivning.uppdatera(
            Deltagare,
            uppdatera,
            resource.uppdaterade_falt(),
            villkor_falt="version",
            villkor_varden=[d.version - 1 for d in uppdatera],
        )
        if uppdaterade != len(uppdatera):
            # Someone saved one of the file's participants after it was read: rolled back.
            raise _Samtidig
        if med_uppfoljning:
            _satt_id(med_uppfoljning)
            skrivning.infoga(Uppfoljning, planerade_uppfoljningar(med_uppfoljning))
        _logga(resource=resource, aktor=aktor, filnamn=filnamn, uppdatera=uppdatera, resultat=resultat)


def _varde(value) -> str:
    return "None" if value is None else str(value)


def _logga(*, resource, aktor, filnamn, uppdatera, resultat) -> None:
    """One summary entry per import, and one entry per changed participant with what changed
    (as auditlog writes it). New rows are covered by the summary and their own skapad time:
    an entry per new row would cost as much as the import itself on a 100,000-row file."""
    content_type = ContentType.objects.get_for_model(Deltagare)
    cid = f"import-{uuid.uuid4()}"
    nu = timezone.now()
    namn = [falt for _rubrik, falt in KOLUMNER]
    poster = []
    for d in uppdatera:
        fore = resource.ursprung[d.pk]
        changes = {n: [_varde(a), _varde(b)] for n, a, b in zip(namn, fore, bild(d)) if a != b}
        changes["version"] = [str(d.version - 1), str(d.version)]
        poster.append(
            LogEntry(
                content_type=content_type,
                object_pk=str(d.pk),
                object_id=d.pk,
                object_repr=str(d),
                action=LogEntry.Action.UPDATE,
                changes=changes,
                actor=aktor,
                cid=cid,
                timestamp=nu,
            )
        )
    poster.append(
        LogEntry(
            content_type=content_type,
            object_pk="import",
            object_repr=f"Import: {filnamn}"[:200],
            action=LogEntry.Action.CREATE,
            changes={},
            actor=aktor,
            cid=cid,
            timestamp=nu,
            additional_data={
                "import": filnamn,
                "nya": resultat.nya,
                "andrade": resultat.andrade,
                "oforandrade": resultat.oforandrade,
            },
        )
    )
    LogEntry.objects.bulk_create(poster, batch_size=BATCH)
