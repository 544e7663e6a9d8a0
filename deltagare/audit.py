"""Read and export logging (docs/regler.md §5). Changes are logged by django-auditlog's registry
(see apps.py); reads and exports have no save to hook into, so callers log them here.
Everything lands in auditlog's LogEntry, so the administrator browses one trail in admin.
"""

from typing import Any

from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType

from .models import Deltagare


def _actor(user):
    return user if user is not None and user.is_authenticated else None


def logga_lasning(*, user, deltagare: Deltagare) -> LogEntry:
    return LogEntry.objects.log_create(
        deltagare, force_log=True, action=LogEntry.Action.ACCESS, actor=_actor(user), changes={}
    )


def logga_export(*, user, vad: str, filter: dict[str, Any], antal: int | None = None) -> LogEntry:
    """One entry per export: who, when (timestamp), what and with which filter."""
    return LogEntry.objects.create(
        content_type=ContentType.objects.get_for_model(Deltagare),
        object_pk="export",
        object_repr=f"Export: {vad}"[:200],
        action=LogEntry.Action.ACCESS,
        actor=_actor(user),
        changes={},
        additional_data={"export": vad, "filter": filter, "antal": antal},
    )
