"""What the import's tables hold about participants, forgotten (docs/regler.md §5).

The undo values (ImportAndring), the staged rows of waiting previews (ImportRad), the stored
files of those previews and of uploads not yet read (ImportFilbit) and the runs' file names
can all hold a participant's values and deltagar-ID. The paths that forget a participant call these: deleting one
(deltagare_ta_bort), gallring (dataskydd.services.gallra), undoing an import that created it,
and withdrawn consent (deltagare_spara and the import's own write), which forgets only the
removed background values. The audit trail's own forgetting is deltagare.audit.

Nothing here imports the rest of the import, so the participants' services can call it.
"""

from collections import defaultdict
from collections.abc import Iterable

from django.db.models import Q
from django.utils.translation import gettext as _

from insatser import behorighet

from ..choices import BAKGRUNDSFALT
from ..models import Deltagare, ImportAndring, ImportKorning, ImportRad
from .kolumner import Radfel

# Participants per statement: gallring may pass a hundred thousand at once, and SQLite is
# built by default to take at most 32,766 parameters in a statement.
BIT = 2000


def _bitar(lista: list, storlek: int = BIT) -> Iterable[list]:
    for start in range(0, len(lista), storlek):
        yield lista[start : start + storlek]


def glom_deltagare_i_importer(
    *, deltagare_pk: Iterable[int], bara_bakgrund: bool, utom_korning: int | None = None
) -> None:
    """Remove what the import tables hold about these participants: for a deleted or gallrad
    participant every trace (undo values, staged rows, the files and file names of runs that
    held them); for withdrawn consent (bara_bakgrund) the background values of the undo
    values, and the waiting previews that hold the participant with their files (a file may
    hold the very values that went). utom_korning: the import that is itself withdrawing the
    consent, whose staged rows go when it is done.

    Call it before the participants' rows are deleted, in the same transaction: their
    deltagar-IDs are read from Deltagare to find the staged rows and file names that name them."""
    deltagare_pk = list(deltagare_pk)
    if not deltagare_pk:
        return
    if bara_bakgrund:
        kolumner = {Deltagare._meta.get_field(falt).attname: None for falt in BAKGRUNDSFALT}
        vantande: set[int] = set()
        for bit in _bitar(deltagare_pk):
            ImportAndring.objects.filter(deltagare_pk__in=bit).update(**kolumner)
            vantande.update(ImportRad.objects.filter(befintlig__in=bit).values_list("korning_id", flat=True).distinct())
        vantande.discard(utom_korning)
        _avbryt(vantande, _("En deltagare i filen återkallade sitt samtycke medan filen väntade; ladda upp filen igen."))
        return
    nycklar: list[tuple[int, int, str]] = []
    for bit in _bitar(deltagare_pk):
        nycklar += Deltagare.objects.filter(pk__in=bit).values_list("pk", "insats_id", "deltagar_id")
    glom_nycklar(nycklar)


def glom_nycklar(nycklar: list[tuple[int, int, str]]) -> None:
    """glom_deltagare_i_importer for participants given as (pk, insats id, deltagar-ID), for
    a caller that reads them before it deletes the rows (undoing an import)."""
    if not nycklar:
        return
    # The staging table is empty but for previews waiting for a choice (a day at most).
    har_rader = ImportRad.objects.exists()
    vantande: set[int] = set()
    for bit in _bitar(nycklar):
        ImportAndring.objects.filter(deltagare_pk__in=[pk for pk, _insats, _id in bit]).delete()
        if not har_rader:
            continue
        per_insats: dict[int, list[str]] = defaultdict(list)
        for _pk, insats_id, deltagar_id in bit:
            per_insats[insats_id].append(deltagar_id)
        staged = Q(befintlig__in=[pk for pk, _insats, _id in bit])
        for insats_id, ids in per_insats.items():
            staged |= Q(insats_id=insats_id, deltagar_id__in=ids)
        vantande.update(ImportRad.objects.filter(staged).values_list("korning_id", flat=True).distinct())
    _avbryt(vantande, _("En deltagare i filen togs bort medan filen väntade; ladda upp filen igen."), filnamn=True)
    _avbryt(
        _olasta({insats_id for _pk, insats_id, _id in nycklar}) - vantande,
        _(
            "En deltagare i en insats som filen kan gälla togs bort medan filen väntade på granskning. "
            "Filen kan innehålla deltagaren och har tagits bort; ladda upp den igen."
        ),
    )
    _glom_filnamn({deltagar_id.casefold() for _pk, _insats, deltagar_id in nycklar if deltagar_id})


def _olasta(insatser: set[int]) -> set[int]:
    """Uploads not yet staged, waiting in the queue, for column choices or being read, by users
    who may import to any of these insatser: their stored file may hold a forgotten participant
    that no staged row shows yet (a preview under way finds its run aborted when it ends, and
    keeps nothing). The command's runs store no file and save as soon as they are read."""
    korningar = ImportKorning.objects.filter(
        status__in=[ImportKorning.Status.I_KO, ImportKorning.Status.KOLUMNER, ImportKorning.Status.GRANSKAS],
        filbitar__isnull=False,
    ).distinct().select_related("skapad_av")
    ut = set()
    for korning in korningar:
        tillatna = behorighet.importerbara_insatser(korning.skapad_av)
        if tillatna is None or insatser & {insats.pk for insats in tillatna}:
            ut.add(korning.pk)
    return ut


def _avbryt(korningar: set[int], meddelande: str, *, filnamn: bool = False) -> None:
    """Previews that hold a forgotten participant lose their staged rows and their file, and
    cannot be confirmed or tried again: the user is told to upload the file anew."""
    for korning in ImportKorning.objects.filter(pk__in=korningar):
        korning.rader.all().delete()
        korning.filbitar.all().delete()
        korning.status = ImportKorning.Status.FEL
        korning.kan_forsokas_igen = False
        korning.fel = [Radfel(meddelande).as_list()]
        korning.antal_fel = 1
        if filnamn:
            korning.filnamn = _("(borttaget filnamn)")
        korning.save()


def _glom_filnamn(ids: set[str]) -> None:
    """Runs whose file name holds one of the IDs lose the name. The runs are few (kept 30 days
    at most), the IDs may be a gallring's hundred thousand: each name's substrings are looked
    up in the set rather than each ID searched for in the database."""
    if not ids:
        return
    langder = {len(i) for i in ids}
    traffar = []
    for pk, filnamn in ImportKorning.objects.values_list("pk", "filnamn").iterator():
        namn = filnamn.casefold()
        if any(namn[start : start + n] in ids for n in langder for start in range(len(namn) - n + 1)):
            traffar.append(pk)
    for bit in _bitar(traffar):
        ImportKorning.objects.filter(pk__in=bit).update(filnamn=_("(borttaget filnamn)"))
