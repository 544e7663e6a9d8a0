"""Runs a web import in the background and keeps its ImportKorning row up to date.

A thread per run, no Redis or task queue: the page polls the status row. The work itself is
importera_deltagare(), the same as the command. With settings.IMPORTEXPORT_BAKGRUND = False
(the tests) the run happens inside the request instead.

One pass for preview and confirm: the preview's validated rows stay in this process for a
while (GRANSKAD_SPARAS_S), and confirming writes them directly. If they are gone (another
worker process, a restart, or too long a wait) the file is read and checked again.
"""

import datetime
import logging
import threading
import time

from django.conf import settings
from django.db import InterfaceError, OperationalError, close_old_connections, connection, connections
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import ImportKorning
from .kolumner import Radfel
from .services import DATABASFEL, Importresultat, importera_deltagare, spara_granskad_import

logger = logging.getLogger(__name__)

# A page shows at most this many problems; the command prints them all.
MAX_VISADE_FEL = 500
_tradar: dict[int, threading.Thread] = {}
GRANSKAD_SPARAS_S = 30 * 60
_granskade: dict[int, tuple[float, Importresultat]] = {}
_las = threading.Lock()


def _spara_granskning(korning_id: int, resultat: Importresultat) -> None:
    with _las:
        nu = time.monotonic()
        for gammal in [k for k, (tid, _r) in _granskade.items() if nu - tid > GRANSKAD_SPARAS_S]:
            del _granskade[gammal]
        _granskade[korning_id] = (nu, resultat)


def _hamta_granskning(korning_id: int) -> Importresultat | None:
    with _las:
        tid, resultat = _granskade.pop(korning_id, (0.0, None))
    if resultat is None or time.monotonic() - tid > GRANSKAD_SPARAS_S:
        return None
    return resultat


def glom_granskning(korning_id: int) -> None:
    with _las:
        _granskade.pop(korning_id, None)


def ny_korning(*, user, filnamn: str, innehall: bytes) -> ImportKorning:
    """Store the upload and start its preview. The user's earlier runs, and anyone's older than
    a day, are dropped with the files they hold (an unconfirmed preview keeps its file only
    until then)."""
    ImportKorning.objects.filter(skapad_av=user).exclude(
        status__in=[ImportKorning.Status.GRANSKAS, ImportKorning.Status.IMPORTERAS]
    ).delete()
    ImportKorning.objects.filter(uppdaterad__lt=timezone.now() - datetime.timedelta(days=1)).delete()
    korning = ImportKorning.objects.create(skapad_av=user, filnamn=filnamn[:255], fil=innehall)
    starta(korning, granska=True)
    return korning


def starta(korning: ImportKorning, *, granska: bool) -> None:
    korning.status = ImportKorning.Status.GRANSKAS if granska else ImportKorning.Status.IMPORTERAS
    korning.behandlade = 0
    korning.save(update_fields=["status", "behandlade", "uppdaterad"])
    if getattr(settings, "IMPORTEXPORT_BAKGRUND", True):
        trad = threading.Thread(target=_kor_i_trad, args=(korning.pk, granska), daemon=True)
        _tradar[korning.pk] = trad
        trad.start()
    else:
        kor(korning.pk, granska=granska)


def vanta(korning_id: int, timeout: float = 120) -> None:
    """Wait for a background run to finish (tests and shutdown)."""
    trad = _tradar.get(korning_id)
    if trad is not None:
        trad.join(timeout)


def _kor_i_trad(korning_id: int, granska: bool) -> None:
    close_old_connections()
    try:
        kor(korning_id, granska=granska)
    finally:
        _tradar.pop(korning_id, None)
        connections.close_all()


def _misslyckad(korning: ImportKorning, meddelande: str) -> None:
    korning.fel = [Radfel(meddelande).as_list()]
    korning.status = ImportKorning.Status.FEL
    korning.fil = None
    korning.save()


def kor(korning_id: int, *, granska: bool) -> None:
    korning = ImportKorning.objects.select_related("skapad_av").get(pk=korning_id)

    def framsteg(klara: int, totalt: int) -> None:
        ImportKorning.objects.filter(pk=korning_id).update(
            behandlade=klara, totalt=totalt, uppdaterad=timezone.now()
        )

    try:
        granskat = None if granska else _hamta_granskning(korning_id)
        if granskat is not None:
            resultat = spara_granskad_import(user=korning.skapad_av, resultat=granskat)
        else:
            resultat = importera_deltagare(
                user=korning.skapad_av,
                innehall=bytes(korning.fil or b""),
                filnamn=korning.filnamn,
                granska=granska,
                framsteg=framsteg,
            )
    except (OperationalError, InterfaceError):
        logger.exception("Importkörning %s: databasen svarade inte", korning_id)
        # The transaction rolled back with the lost connection; a fresh one records the outcome,
        # or the page would poll a run that never ends.
        connection.close()
        _misslyckad(korning, DATABASFEL)
        return
    except Exception:
        logger.exception("Importkörning %s misslyckades", korning_id)
        _misslyckad(korning, _("Ett oväntat fel inträffade; inget sparades. Försök igen."))
        return

    korning.totalt = korning.behandlade = resultat.totalt
    korning.nya, korning.andrade, korning.oforandrade = resultat.nya, resultat.andrade, resultat.oforandrade
    fel = [f.as_list() for f in resultat.fel[:MAX_VISADE_FEL]]
    if len(resultat.fel) > MAX_VISADE_FEL:
        fel.append(
            Radfel(
                _("… och %(antal)s fel till. Rätta de visade och ladda upp filen igen.")
                % {"antal": len(resultat.fel) - MAX_VISADE_FEL}
            ).as_list()
        )
    korning.fel = fel
    if resultat.fel:
        korning.status = ImportKorning.Status.FEL
    elif granska:
        korning.status = ImportKorning.Status.GRANSKAD
        _spara_granskning(korning_id, resultat)
    else:
        korning.status = ImportKorning.Status.KLAR
    if korning.status != ImportKorning.Status.GRANSKAD:
        # The file is personal data: kept only while it waits for confirmation.
        korning.fil = None
    korning.save()
