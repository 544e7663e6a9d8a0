"""The audit trail (docs/regler.md §5): who created, changed, deleted, exported or read what, and
when. Changes are logged by django-auditlog's registry (see apps.py); reads and exports have no
save to hook into, so callers log them here. Everything lands in auditlog's LogEntry, so the
administrator browses one trail in admin.

The trail also forgets what must be forgotten: after withdrawn consent the removed background
values, after deletion and gallring the values and the deltagar-ID, everywhere they were
written down (change entries, logged filters, Django's admin log, import runs). The entries keep
who, when and which fields.
"""

import contextlib
import json
import re
from collections.abc import Iterable, Iterator
from typing import Any

from auditlog.context import auditlog_value, set_actor
from auditlog.models import LogEntry
from django.contrib.admin.models import LogEntry as AdminLogEntry
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q, TextField
from django.db.models.functions import Cast
from django.utils.translation import gettext as _

from .models import Deltagare, ImportKorning, Kolumnval, Uppfoljning
from .validators import looks_like_personnummer

BORTTAGET = "[borttaget]"
# Values auditlog writes for "no value": kept, since they reveal nothing.
_TOMMA = {None, "", "None"}
# Participants per statement: within SQLite's default limit of 32,766 parameters, and few
# enough statements for a gallring or an undone import of a hundred thousand.
BIT = 2000


def _actor(user):
    return user if user is not None and user.is_authenticated else None


# A write is logged under the caller's name with auditlog's set_actor. In django-auditlog 3.4.1
# set_actor replaces the request's context (the actor and the client's address, which
# AuditlogMiddleware set) with one of its own whose address is None, and never puts the request's
# back: every change in the request lost its address, and so did every read logged after it.
_FRAN_BEGARAN = object()


def begarans_adress() -> str | None:
    """The client's address of the request being answered (AuditlogMiddleware's context), for
    work done later on its behalf."""
    return (auditlog_value.get(None) or {}).get("remote_addr")


@contextlib.contextmanager
def under_namn(user, *, adress: Any = _FRAN_BEGARAN) -> Iterator[None]:
    """Writes inside are logged under user's name with the client's address: by default the one
    the request's context holds (AuditlogMiddleware, from the address KlientadressMiddleware
    settled), or adress where the caller knows better (background work: None when the run
    stored none). Afterwards the request's context is in force again, so later entries of the
    request keep the address too."""
    begaran = auditlog_value.get(None) or {}
    if adress is _FRAN_BEGARAN:
        adress, port = begaran.get("remote_addr"), begaran.get("remote_port")
    else:
        port = None
    # set_actor sets the context variable without a token to reset it with; a set of our own,
    # of the value already there, gives one, and its reset returns exactly to that value (or to
    # no value, outside a request).
    tillbaka = auditlog_value.set(begaran or None)
    try:
        with set_actor(_actor(user), remote_addr=adress, remote_port=port):
            yield
    finally:
        auditlog_value.reset(tillbaka)


def logga_lasning(*, user, deltagare: Deltagare) -> LogEntry:
    return LogEntry.objects.log_create(
        deltagare, force_log=True, action=LogEntry.Action.ACCESS, actor=_actor(user), changes={}
    )


# A logged filter holds what someone typed (search fields, list filters, admin and API
# parameters). A personnummer typed there must never be stored (docs/regler.md §5), whichever
# surface it came through, so every filter is made safe here, where they are all written; and
# no typed text may fill the log without end.
PERSONNUMMER_EJ_SPARAT = "(personnummer, ej sparat)"
LANGST_FILTERVARDE = 100


def sakert_filter(varde: Any) -> Any:
    """The filter as it may be logged: a text that looks like a personnummer (anywhere in it)
    replaced whole, every text cut to LANGST_FILTERVARDE characters; keys too, as a query
    string's names are typed as well."""
    if isinstance(varde, str):
        if looks_like_personnummer(varde):
            return PERSONNUMMER_EJ_SPARAT
        return varde if len(varde) <= LANGST_FILTERVARDE else varde[: LANGST_FILTERVARDE - 1] + "…"
    if isinstance(varde, dict):
        return {sakert_filter(str(k)): sakert_filter(v) for k, v in varde.items()}
    if isinstance(varde, list | tuple):
        return [sakert_filter(v) for v in varde]
    return varde


def logga_export(*, user, vad: str, filter: dict[str, Any], antal: int | None = None) -> LogEntry:
    """One entry per export or list: who, when (timestamp), what and with which filter."""
    return LogEntry.objects.create(
        content_type=ContentType.objects.get_for_model(Deltagare),
        object_pk="export",
        object_repr=f"Export: {vad}"[:200],
        action=LogEntry.Action.ACCESS,
        actor=_actor(user),
        changes={},
        additional_data={"export": vad, "filter": sakert_filter(filter), "antal": antal},
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
        for start in range(0, len(objekt), BIT):
            poster = LogEntry.objects.filter(content_type=ct, object_pk__in=objekt[start : start + BIT])
            poster.update(object_repr=_("(borttagen)"))
            andringar = poster.exclude(action=LogEntry.Action.ACCESS)
            andringar.update(changes_text="", serialized_data=None, additional_data=None)
            # Only the changes need a value per entry. bulk_update builds a CASE per row and
            # field in Python (1–2 ms a row): undoing an import of 10,000 spent 15 s there on
            # entries that had nothing to forget.
            andrade = []
            for post in andringar.only("pk", "changes"):
                utan = _utan_varden(post.changes)
                if utan != post.changes:
                    post.changes = utan
                    andrade.append(post)
            LogEntry.objects.bulk_update(andrade, ["changes"], batch_size=500)
    AdminLogEntry.objects.filter(content_type=ct_deltagare, object_id__in=pks).update(object_repr=_("(borttagen)"))
    _glom_id_i_filter(deltagar_ids={deltagar_id for _pk, deltagar_id in deltagare})


# A deltagar-ID is made of these characters only (Deltagare.deltagar_id's validator), so an ID
# named in a text is a whole run of them: "MGT-1" is not in "MGT-12" nor in "2025-01-01".
_ID_ORD = re.compile(r"[0-9A-Za-zÅÄÖåäöÉé_./-]+")
# Up to this many IDs the database finds the entries that may name them (one LIKE each); more
# (a gallring, an undone import) and every entry with data is read once: a query per hundred IDs
# cost more than the reading.
_SOK_I_DATABASEN = 100


def _namnger(text: str, ids: set[str]) -> bool:
    # An ID may end in . / _ -, and a typed text may add one ("MGT-17."): both spellings count.
    return any(ord.lower() in ids or ord.lower().rstrip("./_-") in ids for ord in _ID_ORD.findall(text))


def _rensa(varde: Any, ids: set[str]) -> Any:
    if isinstance(varde, str):
        return _("(borttaget)") if _namnger(varde, ids) else varde
    if isinstance(varde, list):
        return [_rensa(v, ids) for v in varde]
    if isinstance(varde, dict):
        return {k: _rensa(v, ids) for k, v in varde.items()}
    return varde


def _glom_id_i_filter(*, deltagar_ids: set[str]) -> None:
    """Searches and filters logged with lists and exports, and import runs' file names and
    messages, that name a removed participant."""
    ids = {i.lower() for i in deltagar_ids if i}
    if not ids:
        return
    poster = LogEntry.objects.exclude(additional_data=None)
    if len(ids) <= _SOK_I_DATABASEN:
        # JSON text escapes non-ASCII on some databases: look for both spellings.
        traff = Q()
        for stavning in {s for i in ids for s in (i, json.dumps(i)[1:-1])}:
            traff |= Q(text__icontains=stavning)
        poster = poster.annotate(text=Cast("additional_data", TextField())).filter(traff)
    andrade = []
    for post in poster.only("pk", "additional_data").iterator(chunk_size=2000):
        rensad = _rensa(post.additional_data, ids)
        if rensad != post.additional_data:
            post.additional_data = rensad
            andrade.append(post)
    LogEntry.objects.bulk_update(andrade, ["additional_data"], batch_size=500)
    _glom_i_importkorningar(ids=ids)


def _glom_i_importkorningar(*, ids: set[str]) -> None:
    """Runs are few (kept 30 days at most): each is read. A file name is a plain text
    ("MGT-017.xlsx"): the ID goes wherever it stands, found as a substring of the name. The
    sheets' headers (blad) and the users' remembered column choices (Kolumnval) hold header
    texts, and a file without a header row makes its first row of data the headers."""
    Kolumnval.objects.filter(
        pk__in=[pk for pk, rubrik in Kolumnval.objects.values_list("pk", "rubrik").iterator() if _namnger(rubrik, ids)]
    ).delete()
    langder = sorted({len(i) for i in ids}, reverse=True)
    for korning in ImportKorning.objects.only("pk", "filnamn", "fel", "blad").iterator():
        fel = _rensa(korning.fel, ids)
        blad = _rensa(korning.blad, ids)
        # Lowered a character at a time, so positions match the name ("İ".lower() is two).
        lagre = "".join(c.lower() if len(c.lower()) == 1 else c for c in korning.filnamn)
        delar, i = [], 0
        while i < len(lagre):
            # The leftmost ID first, the longest where several start there (as a regex would).
            n = next((n for n in langder if lagre[i : i + n] in ids), 0)
            delar.append(_("(borttaget)") if n else korning.filnamn[i])
            i += n or 1
        namn = "".join(delar)
        if namn != korning.filnamn or fel != korning.fel or blad != korning.blad:
            korning.filnamn, korning.fel, korning.blad = namn, fel, blad
            korning.save(update_fields=["filnamn", "fel", "blad"])
