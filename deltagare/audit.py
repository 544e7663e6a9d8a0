"""The audit trail (docs/regler.md §5): who created, changed, deleted, exported or read what, and
when. Changes are logged by django-auditlog's registry (see apps.py); reads and exports have no
save to hook into, so callers log them here. Everything lands in auditlog's LogEntry, so the
administrator browses one trail in admin.

The trail also forgets what must be forgotten: after withdrawn consent the removed background
values, after deletion and gallring the values and the deltagar-ID, everywhere they were
written down (change entries, logged filters, Django's admin log, import runs). The entries keep
who, when and which fields.
"""

import json
import re
from collections.abc import Iterable
from typing import Any

from auditlog.models import LogEntry
from django.contrib.admin.models import LogEntry as AdminLogEntry
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q, TextField
from django.db.models.functions import Cast
from django.utils.translation import gettext as _

from .models import Deltagare, ImportKorning, Uppfoljning

BORTTAGET = "[borttaget]"
# Values auditlog writes for "no value": kept, since they reveal nothing.
_TOMMA = {None, "", "None"}
_ID_TECKEN = "0-9A-Za-zÅÄÖåäöÉé_./-"


def _actor(user):
    return user if user is not None and user.is_authenticated else None


def logga_lasning(*, user, deltagare: Deltagare) -> LogEntry:
    return LogEntry.objects.log_create(
        deltagare, force_log=True, action=LogEntry.Action.ACCESS, actor=_actor(user), changes={}
    )


def logga_export(*, user, vad: str, filter: dict[str, Any], antal: int | None = None) -> LogEntry:
    """One entry per export or list: who, when (timestamp), what and with which filter."""
    return LogEntry.objects.create(
        content_type=ContentType.objects.get_for_model(Deltagare),
        object_pk="export",
        object_repr=f"Export: {vad}"[:200],
        action=LogEntry.Action.ACCESS,
        actor=_actor(user),
        changes={},
        additional_data={"export": vad, "filter": filter, "antal": antal},
    )


# --- Forgetting -------------------------------------------------------------------------------


def _utan_varden(changes: dict | None, falt: set[str] | None = None) -> dict | None:
    """auditlog's changes ({field: [before, after]}) with the values of the named fields (all
    fields when None) replaced; the field names stay, so the trail still says what changed."""
    if not changes:
        return changes
    return {
        namn: [v if v in _TOMMA else BORTTAGET for v in varden] if falt is None or namn in falt else varden
        for namn, varden in changes.items()
    }


def glom_bakgrund(*, deltagare_pk: int, falt: Iterable[str]) -> None:
    """Withdrawn consent: no entry of the participant keeps a removed background value."""
    falt = set(falt)
    poster = LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Deltagare), object_pk=str(deltagare_pk)
    ).exclude(action=LogEntry.Action.ACCESS)
    andrade = []
    for post in poster.only("pk", "changes", "changes_text", "serialized_data"):
        if post.changes and falt & set(post.changes):
            post.changes = _utan_varden(post.changes, falt)
            post.changes_text = ""
            post.serialized_data = None
            andrade.append(post)
    LogEntry.objects.bulk_update(andrade, ["changes", "changes_text", "serialized_data"], batch_size=500)


def glom_deltagare(*, deltagare: Iterable[tuple[int, str]], uppfoljningar: Iterable[int]) -> None:
    """Deleted or gallrad participants ((pk, deltagar_id) pairs) and their follow-ups' pks: their
    entries keep who, when and which fields; no value and no deltagar-ID remains anywhere in the
    trail. Call it in the transaction that removes the rows, after the delete (whose own log
    entries are forgotten too)."""
    deltagare = list(deltagare)
    if not deltagare:
        return
    pks = [str(pk) for pk, _id in deltagare]
    ct_deltagare = ContentType.objects.get_for_model(Deltagare)
    ct_uppfoljning = ContentType.objects.get_for_model(Uppfoljning)
    uppfoljningar = [str(pk) for pk in uppfoljningar]
    for ct, objekt in ((ct_deltagare, pks), (ct_uppfoljning, uppfoljningar)):
        for start in range(0, len(objekt), 500):
            poster = LogEntry.objects.filter(content_type=ct, object_pk__in=objekt[start : start + 500])
            poster.filter(action=LogEntry.Action.ACCESS).update(object_repr=_("(borttagen)"))
            andrade = list(
                poster.exclude(action=LogEntry.Action.ACCESS).only("pk", "changes", "changes_text", "serialized_data")
            )
            for post in andrade:
                post.changes = _utan_varden(post.changes)
                post.changes_text = ""
                post.serialized_data = None
                post.object_repr = _("(borttagen)")
                post.additional_data = None
            LogEntry.objects.bulk_update(
                andrade, ["changes", "changes_text", "serialized_data", "object_repr", "additional_data"], batch_size=500
            )
    AdminLogEntry.objects.filter(content_type=ct_deltagare, object_id__in=pks).update(object_repr=_("(borttagen)"))
    _glom_id_i_filter(deltagar_ids={deltagar_id for _pk, deltagar_id in deltagare})


def _id_monster(deltagar_ids: set[str]) -> re.Pattern:
    # A whole ID, not part of a longer one: "MGT-1" is not in "MGT-12" nor in "2025-01-01".
    alternativ = "|".join(re.escape(i) for i in sorted(deltagar_ids, key=len, reverse=True))
    return re.compile(rf"(?<![{_ID_TECKEN}])(?:{alternativ})(?![{_ID_TECKEN}])", re.IGNORECASE)


def _rensa(varde: Any, monster: re.Pattern) -> Any:
    if isinstance(varde, str):
        return _("(borttaget)") if monster.search(varde) else varde
    if isinstance(varde, list):
        return [_rensa(v, monster) for v in varde]
    if isinstance(varde, dict):
        return {k: _rensa(v, monster) for k, v in varde.items()}
    return varde


def _glom_id_i_filter(*, deltagar_ids: set[str]) -> None:
    """Searches and filters logged with lists and exports, and import runs' file names and
    messages, that name a removed participant."""
    ids = sorted(deltagar_ids)
    for start in range(0, len(ids), 100):
        del_ = set(ids[start : start + 100])
        monster = _id_monster(del_)
        # JSON text escapes non-ASCII on some databases: look for both spellings.
        stavningar = {s for i in del_ for s in (i, json.dumps(i)[1:-1])}
        traff = Q()
        for stavning in stavningar:
            traff |= Q(text__icontains=stavning)
        poster = (
            LogEntry.objects.exclude(additional_data=None)
            .annotate(text=Cast("additional_data", TextField()))
            .filter(traff)
            .only("pk", "additional_data")
        )
        andrade = []
        for post in poster:
            rensad = _rensa(post.additional_data, monster)
            if rensad != post.additional_data:
                post.additional_data = rensad
                andrade.append(post)
        LogEntry.objects.bulk_update(andrade, ["additional_data"], batch_size=500)
        _glom_i_importkorningar(monster=monster, deltagar_ids=del_, stavningar=stavningar)


def _glom_i_importkorningar(*, monster: re.Pattern, deltagar_ids: set[str], stavningar: set[str]) -> None:
    traff = Q()
    for stavning in stavningar:
        traff |= Q(filnamn__icontains=stavning) | Q(feltext__icontains=stavning)
    # A file name is a plain text ("MGT-017.xlsx"): the ID goes wherever it stands.
    i_filnamn = re.compile("|".join(re.escape(i) for i in sorted(deltagar_ids, key=len, reverse=True)), re.IGNORECASE)
    for korning in ImportKorning.objects.annotate(feltext=Cast("fel", TextField())).filter(traff):
        korning.filnamn = i_filnamn.sub(_("(borttaget)"), korning.filnamn)
        korning.fel = _rensa(korning.fel, monster)
        korning.save(update_fields=["filnamn", "fel"])
