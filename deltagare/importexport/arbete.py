"""A step of an import run inside a task worker: the preview, the write or the undo.

A worker reports a heartbeat (livstecken) on the run while it works, from a thread of its
own, so a worker that dies (a restart, the machine, the out-of-memory killer) is noticed
within IMPORT_LIVSTECKEN_S by whoever looks next (services.markera_avbrutna) and the run is
marked failed with a message and can be tried again. At most IMPORT_SAMTIDIGA runs are worked
on at once across every worker; another waits in the queue.
"""

import datetime
import logging
import threading

from django.conf import settings
from django.db import DatabaseError, InterfaceError, OperationalError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from insatser import behorighet

from ..models import ImportKorning, ImportRad
from ..validators import maskera_personnummer
from . import services, sparande
from .granskning import Granskare, Granskning
from .kolumner import Radfel

logger = logging.getLogger(__name__)

KO_FOR_STEG = {
    "granska": (ImportKorning.Status.I_KO, ImportKorning.Status.GRANSKAS),
    "spara": (ImportKorning.Status.I_KO_SPARA, ImportKorning.Status.IMPORTERAS),
    "angra": (ImportKorning.Status.I_KO_ANGRA, ImportKorning.Status.ANGRAS),
}
# A full worker pool: the task asks again after this long.
VANTA_S = 5


class Livstecken:
    """Writes the run's heartbeat every quarter of IMPORT_LIVSTECKEN_S from its own thread
    (and database connection), also while the worker waits on a long statement."""

    def __init__(self, korning_id: int):
        self.korning_id = korning_id
        self.stopp = threading.Event()
        self.trad = threading.Thread(target=self._kor, name=f"livstecken-{korning_id}", daemon=True)

    def __enter__(self) -> "Livstecken":
        self.trad.start()
        return self

    def __exit__(self, *exc) -> None:
        self.stopp.set()
        self.trad.join()

    def _kor(self) -> None:
        intervall = settings.IMPORT_LIVSTECKEN_S / 4
        try:
            while not self.stopp.wait(intervall):
                try:
                    ImportKorning.objects.filter(pk=self.korning_id, status__in=ImportKorning.ARBETAR).update(
                        livstecken=timezone.now()
                    )
                except DatabaseError:
                    # Busy (SQLite's write lock during the move): the next beat tries again.
                    pass
        finally:
            connection.close()


def _ta_plats(korning_id: int, steg: str) -> bool | None:
    """Start on the run if a place is free: True; no place yet: False; nothing to do (the
    run was cancelled, or is not waiting for this step any more): None."""
    vantar, arbetar = KO_FOR_STEG[steg]
    grans = timezone.now() - datetime.timedelta(seconds=settings.IMPORT_LIVSTECKEN_S)
    if not ImportKorning.objects.filter(pk=korning_id, status=vantar).exists():
        return None
    upptagna = ImportKorning.objects.filter(status__in=ImportKorning.ARBETAR, livstecken__gte=grans).count()
    if upptagna >= settings.IMPORT_SAMTIDIGA:
        return False
    tagen = ImportKorning.objects.filter(pk=korning_id, status=vantar).update(
        status=arbetar, livstecken=timezone.now(), behandlade=0
    )
    return bool(tagen) or None


def kor(korning_id: int, steg: str) -> None:
    services.markera_avbrutna()
    services.rensa_gamla_korningar()
    plats = _ta_plats(korning_id, steg)
    if plats is None:
        return
    if not plats:
        from .uppgifter import kor_import

        resultat = kor_import.using(run_after=timezone.now() + datetime.timedelta(seconds=VANTA_S)).enqueue(
            korning_id, steg
        )
        ImportKorning.objects.filter(pk=korning_id).update(uppgift=str(resultat.id))
        return
    korning = ImportKorning.objects.select_related("skapad_av").get(pk=korning_id)
    with Livstecken(korning_id):
        try:
            {"granska": _granska, "spara": _spara, "angra": _angra}[steg](korning)
        except (OperationalError, InterfaceError):
            logger.exception("Importkörning %s: databasen svarade inte", korning_id)
            # The transaction rolled back with the lost connection; a fresh one records it.
            connection.close()
            _misslyckad(korning_id, str(services.DATABASFEL))
        except Exception:
            logger.exception("Importkörning %s misslyckades", korning_id)
            _misslyckad(korning_id, str(services.OVANTAT))


def _misslyckad(korning_id: int, meddelande: str) -> None:
    services.stoppade(
        ImportKorning.objects.filter(pk=korning_id),
        meddelande=meddelande,
        vid_angra=str(services.ANGRANDE_MISSLYCKADES),
    )


def _granska(korning: ImportKorning) -> None:
    def framsteg(klara: int, totalt: int) -> None:
        ImportKorning.objects.filter(pk=korning.pk).update(
            behandlade=klara, totalt=totalt, livstecken=timezone.now(), uppdaterad=timezone.now()
        )

    with services.fil_pa_disk(korning) as sokvag:
        granskare = Granskare(korning=korning, sokvag=sokvag, user=korning.skapad_av, framsteg=framsteg)
        granskning = granskare.granska(services.planer(korning), interaktiv=True)
    with transaction.atomic():
        # Locked until the preview is recorded: an abort meanwhile (a late heartbeat, a forgotten
        # participant its file may hold) is never overwritten by "previewed".
        korning = ImportKorning.objects.select_for_update(of=("self",)).select_related("skapad_av").get(pk=korning.pk)
        if korning.status != ImportKorning.Status.GRANSKAS:
            ImportRad.objects.filter(korning=korning).delete()
            return
        _granskad(korning, granskare, granskning)


def _granskad(korning: ImportKorning, granskare: Granskare, granskning: Granskning) -> None:
    if granskning.oversikt is not None:
        korning.blad = services.kolumnforslag(user=korning.skapad_av, oversikt=granskning.oversikt)
        korning.status = ImportKorning.Status.KOLUMNER
        korning.save()
        return
    if not korning.val.get("valda"):
        korning.blad = [{"index": p.index, "namn": maskera_personnummer(p.namn), "med": True} for p in granskare.planer]
    korning.totalt = korning.behandlade = granskning.totalt
    korning.nya, korning.andrade, korning.oforandrade = granskning.nya, granskning.andrade, granskning.oforandrade
    korning.flaggade = granskning.flaggade
    korning.fel = [f.as_list() for f in granskning.fel]
    korning.antal_fel = granskning.antal_fel
    korning.exporterad = services.exporterad_tid(granskning.exporterad)
    korning.granskningsnyckel = ImportKorning._meta.get_field("granskningsnyckel").default()
    if granskning.antal_fel:
        korning.status = ImportKorning.Status.FEL
        # The file is personal data, kept only while it waits for a confirmation.
        korning.filbitar.all().delete()
    else:
        korning.status = ImportKorning.Status.GRANSKAD
    korning.save()


def _spara(korning: ImportKorning) -> None:
    try:
        sparande.spara(korning=korning, user=korning.skapad_av)
    except sparande.Avbrott as avbrott:
        # The preview no longer holds: the file may be previewed again (it is still stored).
        ImportRad.objects.filter(korning=korning).delete()
        korning.status = ImportKorning.Status.FEL
        korning.fel = [Radfel(avbrott.meddelande).as_list()]
        korning.antal_fel = 1
        korning.kan_forsokas_igen = True
        korning.val = {**korning.val, "steg": "granska"}
        korning.save()


def _angra(korning: ImportKorning) -> None:
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.filter(pk=korning.val.get("angras_av")).first()
    try:
        sparande.angra(korning=korning, user=user)
    except sparande.Avbrott as avbrott:
        korning.status = ImportKorning.Status.KLAR
        korning.fel = [Radfel(avbrott.meddelande).as_list()]
        korning.save()


def vantetext(korning: ImportKorning, user=None) -> str | None:
    """What a page says to its user about a run waiting in the queue for long: what they can
    do (cancel a run waiting for its preview, which the page offers), not how to run the
    server; an administrator is also told how workers are started."""
    if not korning.i_ko or timezone.now() - korning.uppdaterad <= datetime.timedelta(seconds=30):
        return None
    if korning.status == ImportKorning.Status.I_KO:
        text = _(
            "Importen väntar på en ledig arbetsprocess. Du kan avbryta den och försöka senare; "
            "kontakta administratören om det inte går över."
        )
    else:
        text = _("Importen väntar på en ledig arbetsprocess. Kontakta administratören om det inte går över.")
    if behorighet.ar_administrator(user):
        text += " " + _(
            "Drift: körs ingen arbetsprocess för uppgiftskön? make serve och make run startar dem, "
            "make worker (manage.py db_worker) startar fler."
        )
    return text
