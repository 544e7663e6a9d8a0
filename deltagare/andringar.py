"""The audit trail's changes as a person reads them: field labels, code-list names, Ja/Nej and
Swedish dates instead of auditlog's raw "kon: None → K; utbildning: None → 2" (issue 13).

Used by the audit log in admin and by the registerutdrag. Code-list names are looked up once per
list and value, so a long history costs one query per code list, not one per entry.
"""

import datetime
from dataclasses import dataclass

from auditlog.models import LogEntry
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from finsam.datum import datum, tidpunkt

from .audit import BORTTAGET

TOM = "–"
# Bookkeeping that auditlog records beside the real changes: the row's own id and version, its
# timestamps, and reverse relations (follow-ups are rows of their own, with their own entries).
INTERNA_FALT = {"id", "version", "skapad", "andrad"}
_TOMMA = {None, "", "None"}

# auditlog ships no Swedish names for its actions.
HANDELSER = {
    LogEntry.Action.CREATE: gettext_lazy("skapad"),
    LogEntry.Action.UPDATE: gettext_lazy("ändrad"),
    LogEntry.Action.DELETE: gettext_lazy("borttagen"),
    LogEntry.Action.ACCESS: gettext_lazy("läst"),
}


def handelse(entry: LogEntry) -> str:
    if entry.action == LogEntry.Action.ACCESS and entry.object_pk == "export":
        return str(_("läst (lista eller export)"))
    return str(HANDELSER.get(entry.action, entry.get_action_display()))


@dataclass(frozen=True)
class Andring:
    falt: str
    fran: str
    till: str


class Oversattare:
    """Turns one model's stored change values into what the pages show."""

    def __init__(self) -> None:
        self._namn: dict[tuple[type, str], str] = {}

    def etikett(self, model: type[models.Model] | None, falt: str) -> str:
        try:
            field = model._meta.get_field(falt) if model else None
        except FieldDoesNotExist:
            field = None
        namn = getattr(field, "verbose_name", None)
        if namn is None and field is not None and field.is_relation:
            namn = field.related_model._meta.verbose_name_plural  # a reverse relation
        return str(capfirst(namn)) if namn else falt

    def varde(self, model: type[models.Model] | None, falt: str, varde) -> str:
        if varde in _TOMMA:
            return TOM
        if varde == BORTTAGET:
            return _("[borttaget]")
        try:
            field = model._meta.get_field(falt) if model else None
        except FieldDoesNotExist:
            field = None
        if field is None or not hasattr(field, "verbose_name"):
            return str(varde)
        if isinstance(field, models.BooleanField):
            return _("Ja") if str(varde) in ("True", "1", "true") else _("Nej")
        if field.choices:
            return str(dict(field.flatchoices).get(str(varde), varde))
        if isinstance(field, models.ForeignKey):
            return self._relaterad(field.related_model, str(varde))
        if isinstance(field, models.DateTimeField):
            try:
                return tidpunkt(datetime.datetime.fromisoformat(str(varde)))
            except ValueError:
                return str(varde)
        if isinstance(field, models.DateField):
            try:
                return datum(datetime.date.fromisoformat(str(varde)[:10]))
            except ValueError:
                return str(varde)
        return str(varde)

    def forhamta(self, model: type[models.Model], changes: list[dict | None]) -> None:
        """Name every coded value of these entries with one query per code list, so a page of
        history costs the same whatever its length."""
        behovs: dict[type[models.Model], set[str]] = {}
        for andringar in changes:
            for falt, varden in (andringar or {}).items():
                try:
                    field = model._meta.get_field(falt)
                except FieldDoesNotExist:
                    continue
                if isinstance(field, models.ForeignKey) and isinstance(varden, (list, tuple)):
                    behovs.setdefault(field.related_model, set()).update(str(v) for v in varden if str(v).isdigit())
        for relaterad, pks in behovs.items():
            hittade = relaterad._default_manager.in_bulk([int(pk) for pk in pks])
            for pk in pks:
                objekt = hittade.get(int(pk))
                self._namn[(relaterad, pk)] = str(objekt) if objekt is not None else pk

    def _relaterad(self, model: type[models.Model], pk: str) -> str:
        nyckel = (model, pk)
        if nyckel not in self._namn:
            objekt = model._default_manager.filter(pk=pk).first() if pk.isdigit() else None
            self._namn[nyckel] = str(objekt) if objekt is not None else pk
        return self._namn[nyckel]

    def synliga_falt(self, model: type[models.Model] | None, changes: dict | None) -> list[str]:
        falt = []
        for namn in changes or {}:
            if namn in INTERNA_FALT:
                continue
            try:
                field = model._meta.get_field(namn) if model else None
            except FieldDoesNotExist:
                field = None
            if field is not None and field.auto_created and not field.concrete:
                continue
            falt.append(namn)
        # In the model's field order: PostgreSQL's jsonb keeps keys in its own order.
        ordning = {f.name: i for i, f in enumerate(model._meta.get_fields())} if model else {}
        return sorted(falt, key=lambda namn: ordning.get(namn, len(ordning)))

    def andringar(self, entry: LogEntry) -> list[Andring]:
        model = entry.content_type.model_class() if entry.content_type_id else None
        return self.andringar_for(model, entry.changes_dict)

    def andringar_for(self, model: type[models.Model] | None, changes: dict | None) -> list[Andring]:
        rader = []
        for falt in self.synliga_falt(model, changes):
            varden = changes[falt]
            if not isinstance(varden, (list, tuple)) or len(varden) != 2:
                continue
            rader.append(
                Andring(self.etikett(model, falt), self.varde(model, falt, varden[0]), self.varde(model, falt, varden[1]))
            )
        return rader

    def falt(self, entry: LogEntry) -> list[str]:
        model = entry.content_type.model_class() if entry.content_type_id else None
        return [self.etikett(model, falt) for falt in self.synliga_falt(model, entry.changes_dict)]
